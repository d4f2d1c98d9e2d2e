//! The table model, the schema tracker that applies DDL in binlog order, and schema history.
//!
//! `table` holds the shared model types, `charset` the collation-id tables,
//! `normalizer` Debezium's rewrite of DDL text before parsing, `table_editor` the rules
//! that turn DDL trees into Debezium's column and table attributes, and `tracker` the
//! [`SchemaTracker`] that applies QUERY_EVENT statements and says which schema-change
//! records Debezium would emit. `history` stores those records with their binlog
//! position (memory, file, Kafka topic) and rebuilds the schema model at a resume offset.
pub mod charset;
pub mod history;
pub mod normalizer;
pub mod table;
pub mod table_editor;
pub mod table_map_schema;
pub mod tracker;
pub use charset::{
    Collation, charset_of_collation_id, charset_of_collation_name, collation_by_id,
    collation_by_name, default_collation,
};
#[cfg(feature = "kafka")]
pub use history::KafkaSchemaHistory;
pub use history::{
    FileSchemaHistory, HistoryError, HistoryRecord, MemorySchemaHistory, Recovery, SchemaHistory,
    compare_positions, recover_schemas,
};
pub use normalizer::normalize_ddl;
pub use table::{
    ColumnSchema, DataType, IntWidth, LobSize, SchemaChange, TableChange, TableChangeKind, TableId,
    TableSchema,
};
pub use table_editor::{ColumnModelError, TableEditor};
pub use table_map_schema::{TableMapSchemaError, table_schema_from_table_map};
pub use tracker::{DatabaseInfo, QueryEffects, SchemaError, SchemaTracker, SessionCharsets};

#[cfg(test)]
mod debezium_cases;
#[cfg(test)]
mod reference_tests;
