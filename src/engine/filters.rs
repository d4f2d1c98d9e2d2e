//! Which tables are captured: Debezium's database/table include and exclude lists.
//!
//! Owns the selection rule only. Each list is comma-separated regular expressions
//! matched against the whole name, case-insensitively (Debezium's
//! `Strings.setOfRegex(..., Pattern.CASE_INSENSITIVE)` with `matcher().matches()`):
//! databases by name, tables by `db.table`. The built-in system databases are never
//! captured, as in Debezium's `Filters`.

use regex::{Regex, RegexBuilder};

use crate::schema::TableId;

/// Databases Debezium's MySQL connector never captures.
const SYSTEM_DATABASES: [&str; 4] = ["mysql", "sys", "performance_schema", "information_schema"];

/// A list of anchored, case-insensitive patterns.
#[derive(Debug, Clone, Default)]
struct PatternList(Vec<Regex>);

impl PatternList {
    fn parse(key: &str, list: Option<&str>) -> Result<Option<Self>, FilterError> {
        let Some(list) = list.map(str::trim).filter(|l| !l.is_empty()) else {
            return Ok(None);
        };
        let mut patterns = Vec::new();
        for pattern in list.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let regex = RegexBuilder::new(&format!("^(?:{pattern})$"))
                .case_insensitive(true)
                .build()
                .map_err(|e| FilterError { key: key.to_string(), pattern: pattern.to_string(), reason: e.to_string() })?;
            patterns.push(regex);
        }
        Ok(Some(PatternList(patterns)))
    }

    fn matches(&self, name: &str) -> bool {
        self.0.iter().any(|r| r.is_match(name))
    }
}

/// An include/exclude pattern that is not a valid regular expression.
#[derive(Debug, thiserror::Error)]
#[error("{key}: `{pattern}` is not a valid regular expression: {reason}")]
pub struct FilterError {
    /// The property.
    pub key: String,
    /// The offending pattern.
    pub pattern: String,
    /// The regex engine's message.
    pub reason: String,
}

/// The capture filter of a connector.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    db_include: Option<PatternList>,
    db_exclude: Option<PatternList>,
    table_include: Option<PatternList>,
    table_exclude: Option<PatternList>,
}

impl Filters {
    /// Builds the filter from the four list properties (each optional).
    pub fn new(
        database_include: Option<&str>,
        database_exclude: Option<&str>,
        table_include: Option<&str>,
        table_exclude: Option<&str>,
    ) -> Result<Self, FilterError> {
        Ok(Filters {
            db_include: PatternList::parse("database.include.list", database_include)?,
            db_exclude: PatternList::parse("database.exclude.list", database_exclude)?,
            table_include: PatternList::parse("table.include.list", table_include)?,
            table_exclude: PatternList::parse("table.exclude.list", table_exclude)?,
        })
    }

    /// True when rows of tables in this database may be captured.
    pub fn captures_database(&self, database: &str) -> bool {
        if SYSTEM_DATABASES.iter().any(|s| s.eq_ignore_ascii_case(database)) {
            return false;
        }
        if let Some(include) = &self.db_include {
            return include.matches(database);
        }
        !self.db_exclude.as_ref().is_some_and(|e| e.matches(database))
    }

    /// True when this table's rows are captured.
    pub fn captures(&self, id: &TableId) -> bool {
        if !self.captures_database(&id.database) {
            return false;
        }
        let qualified = format!("{}.{}", id.database, id.table);
        if let Some(include) = &self.table_include {
            return include.matches(&qualified);
        }
        !self.table_exclude.as_ref().is_some_and(|e| e.matches(&qualified))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(db: &str, t: &str) -> TableId {
        TableId::new(db, t)
    }

    #[test]
    fn include_list_is_anchored_and_case_insensitive() {
        let f = Filters::new(Some("ecommerce"), None, None, None).unwrap();
        assert!(f.captures(&id("ecommerce", "orders")));
        assert!(f.captures(&id("ECOMMERCE", "orders")));
        assert!(!f.captures(&id("ecommerce2", "orders")));
        assert!(!f.captures(&id("other_db", "ignored")));
    }

    #[test]
    fn system_databases_are_never_captured() {
        let f = Filters::default();
        assert!(!f.captures(&id("mysql", "global_priv")));
        assert!(f.captures(&id("shop", "t")));
    }

    #[test]
    fn table_lists_match_qualified_names() {
        let f = Filters::new(None, None, Some(r"shop\.ord.*"), None).unwrap();
        assert!(f.captures(&id("shop", "orders")));
        assert!(!f.captures(&id("shop", "customers")));
        let f = Filters::new(None, Some("tmp"), None, Some(r"shop\.audit")).unwrap();
        assert!(!f.captures(&id("tmp", "x")));
        assert!(!f.captures(&id("shop", "audit")));
        assert!(f.captures(&id("shop", "orders")));
    }

    #[test]
    fn a_bad_pattern_names_the_property() {
        let err = Filters::new(None, None, Some("a(b"), None).unwrap_err();
        assert!(err.to_string().contains("table.include.list"), "{err}");
    }
}
