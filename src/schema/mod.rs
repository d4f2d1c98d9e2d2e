//! The table model, the schema tracker that applies DDL in binlog order, and schema history.
pub mod table;
pub use table::{
    ColumnSchema, DataType, IntWidth, LobSize, SchemaChange, TableChange, TableChangeKind, TableId,
    TableSchema,
};
