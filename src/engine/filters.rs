//! What is captured, as the processor asks it: the database and table filters of the
//! connector configuration plus Debezium's built-in exclusion of the system databases,
//! and the operations `skipped.operations` leaves out.
//!
//! Owns only the questions "is this captured?" and "is this operation emitted?"; the
//! list syntax and matching rules belong to `engine::config::NameFilter`.

use crate::engine::config::{ConnectorConfig, NameFilter};
use crate::envelope::Op;
use crate::schema::TableId;

/// `skipped.operations`: the data operations not emitted. Debezium's default is `t`
/// (truncates skipped); `none` skips nothing. As in Debezium's binlog connectors a
/// skipped `c`, `u` or `d` drops the whole rows event — an UPDATE that changes the key
/// is an update, so `u` drops it too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SkippedOperations {
    creates: bool,
    updates: bool,
    deletes: bool,
    truncates: bool,
}

impl Default for SkippedOperations {
    /// Debezium's default `t`.
    fn default() -> Self {
        SkippedOperations {
            creates: false,
            updates: false,
            deletes: false,
            truncates: true,
        }
    }
}

impl SkippedOperations {
    /// Parses Debezium's comma-separated list of `c`, `u`, `d`, `t` or `none`
    /// (`CommonConnectorConfig.getSkippedOperations`: items trimmed, `none` means
    /// nothing is skipped); `None` names an unknown item.
    pub fn parse(list: &str) -> Result<Self, String> {
        let mut skipped = SkippedOperations {
            creates: false,
            updates: false,
            deletes: false,
            truncates: false,
        };
        for item in list.split(',').map(str::trim) {
            match item {
                "c" => skipped.creates = true,
                "u" => skipped.updates = true,
                "d" => skipped.deletes = true,
                "t" => skipped.truncates = true,
                "none" | "" => {}
                other => return Err(other.to_owned()),
            }
        }
        Ok(skipped)
    }

    /// True when records of `op` are not emitted.
    pub fn skips(&self, op: Op) -> bool {
        match op {
            Op::Create => self.creates,
            Op::Update => self.updates,
            Op::Delete => self.deletes,
            Op::Truncate => self.truncates,
            Op::Read => false,
        }
    }
}

/// The capture filter of a connector.
#[derive(Debug, Clone)]
pub struct Filters {
    database: NameFilter,
    table: NameFilter,
    ignore_builtin: bool,
}

impl Default for Filters {
    /// Everything but the system databases, as Debezium without any list.
    fn default() -> Self {
        Filters {
            database: NameFilter::All,
            table: NameFilter::All,
            ignore_builtin: true,
        }
    }
}

impl Filters {
    /// The filter of a configuration.
    pub fn from_config(config: &ConnectorConfig) -> Self {
        Filters {
            database: config.database_filter.clone(),
            table: config.table_filter.clone(),
            ignore_builtin: config.table_ignore_builtin,
        }
    }

    /// True when rows of tables in this database may be captured.
    pub fn captures_database(&self, database: &str) -> bool {
        !(self.ignore_builtin && ConnectorConfig::is_built_in_database(database))
            && self.database.accepts(database)
    }

    /// True when this table's rows are captured.
    pub fn captures(&self, id: &TableId) -> bool {
        self.captures_database(&id.database)
            && self.table.accepts(&format!("{}.{}", id.database, id.table))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::config::parse_properties;

    fn filters(props: &str) -> Filters {
        let map = parse_properties(props, "test").unwrap();
        Filters::from_config(&ConnectorConfig::from_properties(&map).unwrap())
    }

    #[test]
    fn include_list_selects_databases_and_skips_system_ones() {
        let f = filters(
            "topic.prefix=p\nschema.history.internal.kafka.topic=h\nschema.history.internal.kafka.bootstrap.servers=localhost:9092\ndatabase.include.list=ecommerce,mysql\n",
        );
        assert!(f.captures(&TableId::new("ecommerce", "orders")));
        assert!(!f.captures(&TableId::new("other_db", "ignored")));
        // Listed, but a system database: never captured, as in Debezium.
        assert!(!f.captures(&TableId::new("mysql", "global_priv")));
    }

    #[test]
    fn table_ignore_builtin_false_captures_system_databases() {
        let f = filters(
            "topic.prefix=p\nschema.history.internal.kafka.topic=h\n\
             schema.history.internal.kafka.bootstrap.servers=localhost:9092\n\
             table.ignore.builtin=false\n",
        );
        assert!(f.captures(&TableId::new("mysql", "global_priv")));
    }

    #[test]
    fn skipped_operations_default_to_truncates_and_parse_debezium_lists() {
        let default = SkippedOperations::default();
        assert!(default.skips(Op::Truncate) && !default.skips(Op::Delete));
        let none = SkippedOperations::parse("none").unwrap();
        assert!(!none.skips(Op::Truncate) && !none.skips(Op::Create));
        let cu = SkippedOperations::parse(" c, u").unwrap();
        assert!(cu.skips(Op::Create) && cu.skips(Op::Update));
        assert!(!cu.skips(Op::Delete) && !cu.skips(Op::Truncate));
        assert_eq!(SkippedOperations::parse("c,x"), Err("x".to_owned()));
    }

    #[test]
    fn table_list_matches_qualified_names() {
        let f = filters(
            "topic.prefix=p\nschema.history.internal.kafka.topic=h\nschema.history.internal.kafka.bootstrap.servers=localhost:9092\ntable.include.list=shop\\\\.ord.*\n",
        );
        assert!(f.captures(&TableId::new("shop", "orders")));
        assert!(!f.captures(&TableId::new("shop", "customers")));
    }
}
