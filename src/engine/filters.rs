//! Which tables are captured, as the processor asks it: the database and table
//! filters of the connector configuration plus Debezium's built-in exclusion of the
//! system databases.
//!
//! Owns only the question "is this captured?"; the list syntax and matching rules
//! belong to `engine::config::NameFilter`.

use crate::engine::config::{ConnectorConfig, NameFilter};
use crate::schema::TableId;

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
    fn table_list_matches_qualified_names() {
        let f = filters(
            "topic.prefix=p\nschema.history.internal.kafka.topic=h\nschema.history.internal.kafka.bootstrap.servers=localhost:9092\ntable.include.list=shop\\\\.ord.*\n",
        );
        assert!(f.captures(&TableId::new("shop", "orders")));
        assert!(!f.captures(&TableId::new("shop", "customers")));
    }
}
