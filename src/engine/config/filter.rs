//! Database and table name filters from Debezium's `*.include.list` / `*.exclude.list`.
//!
//! Owns Debezium's list semantics (`io.debezium.util.Strings.setOfRegex` with
//! `Pattern.CASE_INSENSITIVE`, matched by `Predicates.includes/excludes` with
//! `Matcher.matches()`): the list is split at commas not preceded by a backslash, each
//! item is trimmed and `\,` becomes `,`, empty items are dropped, and every item is a
//! regular expression that must match the *whole* name, ignoring case. Table names are
//! matched as `<database>.<table>`. It must not decide which list applies: `config`
//! does, and the engine applies the filter.
//!
//! Java and Rust regular expressions agree on the usual syntax (classes, `.*`,
//! alternation, quantifiers); Java-only constructs (look-around, back-references) are
//! rejected with an error naming the property.

use regex::{Regex, RegexBuilder};

use super::ConfigError;

/// A compiled include or exclude list.
#[derive(Debug, Clone, Default)]
pub enum NameFilter {
    /// No list given: every name passes.
    #[default]
    All,
    /// Only names matching one of the patterns pass.
    Include(Vec<Regex>),
    /// Names matching one of the patterns are dropped.
    Exclude(Vec<Regex>),
}

impl NameFilter {
    /// True if `name` passes the filter.
    pub fn accepts(&self, name: &str) -> bool {
        match self {
            NameFilter::All => true,
            NameFilter::Include(patterns) => patterns.iter().any(|p| p.is_match(name)),
            NameFilter::Exclude(patterns) => !patterns.iter().any(|p| p.is_match(name)),
        }
    }

    /// The patterns as written (after splitting), for logs and diagnostics.
    pub fn patterns(&self) -> Vec<&str> {
        match self {
            NameFilter::All => Vec::new(),
            NameFilter::Include(p) | NameFilter::Exclude(p) => {
                p.iter().map(|r| r.as_str()).collect()
            }
        }
    }
}

/// Compiles a Debezium regex list; `key` names the property in errors.
pub fn compile_regex_list(key: &str, list: &str) -> Result<Vec<Regex>, ConfigError> {
    split_regex_list(key, list)?
        .into_iter()
        .map(|item| {
            // Anchored like Java's Matcher.matches(); (?:...) keeps alternations inside.
            RegexBuilder::new(&format!("^(?:{item})$"))
                .case_insensitive(true)
                .build()
                .map_err(|e| ConfigError::InvalidValue {
                    key: key.to_string(),
                    value: item.clone(),
                    expected: format!("a regular expression ({e})"),
                })
        })
        .collect()
}

/// Splits at unescaped commas, as Debezium's `RegExSplitter` does.
fn split_regex_list(key: &str, list: &str) -> Result<Vec<String>, ConfigError> {
    let mut items = Vec::new();
    let mut current = String::new();
    let mut chars = list.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(next) = chars.next() else {
                    return Err(ConfigError::InvalidValue {
                        key: key.to_string(),
                        value: list.to_string(),
                        expected: "a comma-separated regex list without a trailing lone backslash"
                            .into(),
                    });
                };
                current.push('\\');
                current.push(next);
            }
            ',' => items.push(std::mem::take(&mut current)),
            other => current.push(other),
        }
    }
    items.push(current);
    Ok(items
        .into_iter()
        .filter(|item| !item.is_empty())
        .map(|item| item.trim().replace("\\,", ","))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn include(list: &str) -> NameFilter {
        match compile_regex_list("table.include.list", list) {
            Ok(p) => NameFilter::Include(p),
            Err(e) => panic!("{e}"),
        }
    }

    // Semantics from Debezium's documentation of table.include.list: "the connector
    // matches the full name ... it does not match substrings".
    #[test]
    fn matches_whole_names_only() {
        let f = include("ecommerce\\.orders");
        assert!(f.accepts("ecommerce.orders"));
        assert!(!f.accepts("ecommerce.orders_archive"));
        assert!(!f.accepts("xecommerce.orders"));
    }

    #[test]
    fn ignores_case_and_trims_items() {
        let f = include(" ecommerce\\..* , inventory\\.customers ");
        assert!(f.accepts("ECOMMERCE.Orders"));
        assert!(f.accepts("inventory.customers"));
        assert!(!f.accepts("inventory.products"));
    }

    #[test]
    fn alternation_stays_inside_the_anchor() {
        let f = include("a|b");
        assert!(f.accepts("a"));
        assert!(!f.accepts("ab"));
    }

    #[test]
    fn escaped_comma_is_part_of_the_pattern() {
        let f = include("db\\.t{1\\,2}");
        assert!(f.accepts("db.tt"));
        assert_eq!(f.patterns(), vec!["^(?:db\\.t{1,2})$"]);
    }

    #[test]
    fn exclude_drops_matches() {
        let f = match compile_regex_list("database.exclude.list", "mysql,sys") {
            Ok(p) => NameFilter::Exclude(p),
            Err(e) => panic!("{e}"),
        };
        assert!(!f.accepts("MySQL"));
        assert!(f.accepts("ecommerce"));
    }

    #[test]
    fn java_only_syntax_is_an_error_naming_the_key() {
        let err = compile_regex_list("table.exclude.list", "db\\.(?!keep).*").err();
        let message = err.map(|e| e.to_string()).unwrap_or_default();
        assert!(message.contains("table.exclude.list"), "{message}");
    }
}
