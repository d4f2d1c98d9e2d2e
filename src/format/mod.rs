//! Serializers of envelope records: Kafka Connect's `JsonConverter` (schemas on/off).
//!
//! Owns the bytes of a record: `{"schema":...,"payload":...}` exactly as Kafka's
//! JsonConverter (through Jackson) writes Debezium's Connect records. The schemas of a
//! table are serialized once and cached in its [`TableEnvelope`]; a record is written
//! straight into the caller's buffer. Must not decide *what* a record contains: that is
//! `envelope`'s job.
//!
//! ```
//! use std::sync::Arc;
//! use tributary::binlog::Value;
//! use tributary::envelope::{DataChange, EnvelopeConfig, Op, SnapshotMarker, SourceInfo, TableEnvelope};
//! use tributary::format::JsonConverter;
//! use tributary::schema::{ColumnSchema, DataType, IntWidth, TableId, TableSchema};
//!
//! let id = ColumnSchema {
//!     name: "id".into(), position: 1,
//!     data_type: DataType::Int { width: IntWidth::Int, unsigned: false, display_width: None },
//!     type_name: "INT".into(), type_expression: "INT".into(), jdbc_type: 4,
//!     charset: None, collation: None, length: None, scale: None, optional: false,
//!     auto_increment: false, generated: false, comment: None,
//!     default_value_expression: None, enum_values: None,
//! };
//! let table = Arc::new(TableSchema {
//!     id: TableId::new("shop", "t"), columns: vec![id], primary_key: vec!["id".into()],
//!     default_charset: None, comment: None,
//! });
//! let cfg = EnvelopeConfig::new("srv");
//! let envelope = TableEnvelope::new(table, &cfg).unwrap(); // once per table version
//! let row = [Value::Int(7)];
//! let change = DataChange {
//!     table: &envelope, op: Op::Create, before: None, after: Some(&row),
//!     source: SourceInfo {
//!         server_name: "srv", ts_ms: 0, snapshot: SnapshotMarker::False, db: "shop",
//!         table: Some("t"), server_id: 1, gtid: None, file: "bin.000001", pos: 4, row: 0,
//!         thread: None, query: None,
//!     },
//!     ts_ns: 0,
//! };
//! let mut json = JsonConverter::new(false, false);
//! let mut key = Vec::new();
//! assert!(json.data_key(&change, &mut key).unwrap());
//! assert_eq!(key, br#"{"id":7}"#);
//! assert_eq!(envelope.topic().as_ref(), "srv.shop.t");
//! ```

mod json;

#[cfg(test)]
mod reference_tests;

pub use json::{write_datum, write_f32, write_f64, write_schema, write_str};

use crate::binlog::Value;
use crate::envelope::{
    DataChange, EnvelopeError, SchemaChangeEvent, SerializedSchemas, SourceInfo, TableEnvelope,
    schema_change_key_schema, schema_change_value_schema,
};
use crate::schema::{ColumnSchema, TableChange, TableSchema};

/// `source.version`.
const DEBEZIUM_VERSION: &str = "3.6.3.Final";

/// Errors of the format layer.
#[derive(Debug, thiserror::Error)]
pub enum FormatError {
    /// A column value could not be converted.
    #[error("table {table}: {source}")]
    Convert {
        /// `"db"."table"`.
        table: String,
        /// The envelope's complaint.
        #[source]
        source: EnvelopeError,
    },
    /// A data change has no row to take the key from.
    #[error("table {table}: a {op} change has neither a before nor an after row")]
    MissingRow {
        /// `"db"."table"`.
        table: String,
        /// The op code.
        op: &'static str,
    },
}

/// Kafka Connect's `JsonConverter` for keys and values.
#[derive(Debug, Clone)]
pub struct JsonConverter {
    key_schemas: bool,
    value_schemas: bool,
    schema_change_key_schema: Box<[u8]>,
    schema_change_value_schema: Box<[u8]>,
}

impl JsonConverter {
    /// A converter; the flags are `key.converter.schemas.enable` and
    /// `value.converter.schemas.enable`.
    pub fn new(key_schemas_enable: bool, value_schemas_enable: bool) -> Self {
        let mut key = Vec::new();
        write_schema(&mut key, &schema_change_key_schema(), None);
        let mut value = Vec::new();
        write_schema(&mut value, &schema_change_value_schema(), None);
        JsonConverter {
            key_schemas: key_schemas_enable,
            value_schemas: value_schemas_enable,
            schema_change_key_schema: key.into_boxed_slice(),
            schema_change_value_schema: value.into_boxed_slice(),
        }
    }

    /// Writes the key JSON into `out` (appending); returns Ok(false) and writes nothing
    /// when the table has no primary key (key is null).
    pub fn data_key(
        &mut self,
        c: &DataChange<'_, '_>,
        out: &mut Vec<u8>,
    ) -> Result<bool, FormatError> {
        let table = c.table;
        if !table.has_key() {
            return Ok(false);
        }
        let row = c
            .after
            .or(c.before)
            .ok_or_else(|| FormatError::MissingRow {
                table: table.schema().id.to_string(),
                op: c.op.code(),
            })?;
        check_width(table, row)?;
        let start = out.len();
        if self.key_schemas {
            out.extend_from_slice(b"{\"schema\":");
            out.extend_from_slice(serialized(table).key.as_deref().unwrap_or(b"null"));
            out.extend_from_slice(b",\"payload\":");
        }
        let result = write_row(out, table, row, table.key_columns().iter().copied());
        if result.is_err() {
            out.truncate(start);
        }
        result?;
        if self.key_schemas {
            out.push(b'}');
        }
        Ok(true)
    }

    /// Writes the value JSON (the Debezium envelope) into `out` (appending).
    pub fn data_value(
        &mut self,
        c: &DataChange<'_, '_>,
        out: &mut Vec<u8>,
    ) -> Result<(), FormatError> {
        let start = out.len();
        let result = self.write_data_value(c, out);
        if result.is_err() {
            out.truncate(start);
        }
        result
    }

    fn write_data_value(
        &mut self,
        c: &DataChange<'_, '_>,
        out: &mut Vec<u8>,
    ) -> Result<(), FormatError> {
        let table = c.table;
        if self.value_schemas {
            out.extend_from_slice(b"{\"schema\":");
            out.extend_from_slice(&serialized(table).value);
            out.extend_from_slice(b",\"payload\":");
        }
        out.extend_from_slice(b"{\"before\":");
        write_optional_row(out, table, c.before)?;
        out.extend_from_slice(b",\"after\":");
        write_optional_row(out, table, c.after)?;
        out.extend_from_slice(b",\"source\":");
        write_source(out, &c.source);
        out.extend_from_slice(b",\"transaction\":null,\"op\":\"");
        out.extend_from_slice(c.op.code().as_bytes());
        out.extend_from_slice(b"\",\"ts_ms\":");
        json::write_ts_ms_us_ns(out, c.ts_ns);
        out.push(b'}');
        if self.value_schemas {
            out.push(b'}');
        }
        Ok(())
    }

    /// Writes the schema-change key `{databaseName}` into `out` (appending).
    pub fn schema_change_key(
        &mut self,
        e: &SchemaChangeEvent<'_>,
        out: &mut Vec<u8>,
    ) -> Result<(), FormatError> {
        if self.key_schemas {
            out.extend_from_slice(b"{\"schema\":");
            out.extend_from_slice(&self.schema_change_key_schema);
            out.extend_from_slice(b",\"payload\":");
        }
        out.extend_from_slice(b"{\"databaseName\":");
        write_str(out, &e.change.database);
        out.push(b'}');
        if self.key_schemas {
            out.push(b'}');
        }
        Ok(())
    }

    /// Writes the schema-change value (source, DDL, `tableChanges`) into `out` (appending).
    pub fn schema_change_value(
        &mut self,
        e: &SchemaChangeEvent<'_>,
        out: &mut Vec<u8>,
    ) -> Result<(), FormatError> {
        if self.value_schemas {
            out.extend_from_slice(b"{\"schema\":");
            out.extend_from_slice(&self.schema_change_value_schema);
            out.extend_from_slice(b",\"payload\":");
        }
        out.extend_from_slice(b"{\"source\":");
        write_source(out, &e.source);
        out.extend_from_slice(b",\"ts_ms\":");
        json::write_i64(out, e.ts_ns.div_euclid(1_000_000));
        out.extend_from_slice(b",\"databaseName\":");
        write_str(out, &e.change.database);
        out.extend_from_slice(b",\"schemaName\":null,\"ddl\":");
        write_str(out, &e.change.ddl);
        out.extend_from_slice(b",\"tableChanges\":[");
        for (i, change) in e.change.table_changes.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            write_table_change(out, change);
        }
        out.extend_from_slice(b"]}");
        if self.value_schemas {
            out.push(b'}');
        }
        Ok(())
    }
}

/// The table's serialized schemas, computed on first use.
fn serialized(table: &TableEnvelope) -> &SerializedSchemas {
    table.serialized_schemas().get_or_init(|| {
        let key = table.key_schema().map(|k| {
            let mut out = Vec::new();
            write_schema(&mut out, k, None);
            out.into_boxed_slice()
        });
        let mut value = Vec::new();
        write_schema(&mut value, table.envelope_schema(), None);
        SerializedSchemas {
            key,
            value: value.into_boxed_slice(),
        }
    })
}

fn check_width(table: &TableEnvelope, row: &[Value<'_>]) -> Result<(), FormatError> {
    let expected = table.columns().len();
    if row.len() != expected {
        return Err(FormatError::Convert {
            table: table.schema().id.to_string(),
            source: EnvelopeError::RowWidth {
                table: table.schema().id.to_string(),
                expected,
                found: row.len(),
            },
        });
    }
    Ok(())
}

fn write_optional_row(
    out: &mut Vec<u8>,
    table: &TableEnvelope,
    row: Option<&[Value<'_>]>,
) -> Result<(), FormatError> {
    match row {
        None => {
            out.extend_from_slice(b"null");
            Ok(())
        }
        Some(row) => {
            check_width(table, row)?;
            write_row(out, table, row, 0..table.columns().len())
        }
    }
}

/// Writes `{"field":value,...}` for the columns at `indexes`.
fn write_row(
    out: &mut Vec<u8>,
    table: &TableEnvelope,
    row: &[Value<'_>],
    indexes: impl Iterator<Item = usize>,
) -> Result<(), FormatError> {
    out.push(b'{');
    for (n, i) in indexes.enumerate() {
        let (Some(column), Some(value)) = (table.columns().get(i), row.get(i)) else {
            continue;
        };
        if n > 0 {
            out.push(b',');
        }
        write_str(out, &column.name);
        out.push(b':');
        let datum = column
            .convert(value)
            .map_err(|source| FormatError::Convert {
                table: table.schema().id.to_string(),
                source,
            })?;
        write_datum(out, &datum);
    }
    out.push(b'}');
    Ok(())
}

fn write_opt_str(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => write_str(out, s),
        None => out.extend_from_slice(b"null"),
    }
}

fn write_opt_i64(out: &mut Vec<u8>, v: Option<i64>) {
    match v {
        Some(v) => json::write_i64(out, v),
        None => out.extend_from_slice(b"null"),
    }
}

/// The `source` struct, fields in `io.debezium.connector.mysql.Source` order.
fn write_source(out: &mut Vec<u8>, s: &SourceInfo<'_>) {
    out.extend_from_slice(b"{\"version\":\"");
    out.extend_from_slice(DEBEZIUM_VERSION.as_bytes());
    out.extend_from_slice(b"\",\"connector\":\"mysql\",\"name\":");
    write_str(out, s.server_name);
    out.extend_from_slice(b",\"ts_ms\":");
    json::write_i64(out, s.ts_ms);
    out.extend_from_slice(b",\"snapshot\":\"");
    out.extend_from_slice(s.snapshot.as_str().as_bytes());
    out.extend_from_slice(b"\",\"db\":");
    write_str(out, s.db);
    out.extend_from_slice(b",\"sequence\":null,\"ts_us\":");
    json::write_i64_times_1000s(out, s.ts_ms, 3);
    out.extend_from_slice(b",\"ts_ns\":");
    json::write_i64_times_1000s(out, s.ts_ms, 6);
    out.extend_from_slice(b",\"table\":");
    write_opt_str(out, s.table);
    out.extend_from_slice(b",\"server_id\":");
    json::write_i64(out, i64::from(s.server_id));
    out.extend_from_slice(b",\"gtid\":");
    write_opt_str(out, s.gtid);
    out.extend_from_slice(b",\"file\":");
    write_str(out, s.file);
    out.extend_from_slice(b",\"pos\":");
    json::write_i64(out, s.pos as i64);
    out.extend_from_slice(b",\"row\":");
    json::write_i64(out, i64::from(s.row));
    out.extend_from_slice(b",\"thread\":");
    write_opt_i64(out, s.thread.map(|t| t as i64));
    out.extend_from_slice(b",\"query\":");
    write_opt_str(out, s.query);
    out.push(b'}');
}

/// One `tableChanges` entry (`ConnectTableChangeSerializer.toStruct`).
fn write_table_change(out: &mut Vec<u8>, change: &TableChange) {
    out.extend_from_slice(b"{\"type\":\"");
    out.extend_from_slice(change.kind.as_str().as_bytes());
    out.extend_from_slice(b"\",\"id\":");
    write_str(out, &change.id.to_string());
    out.extend_from_slice(b",\"table\":");
    match &change.table {
        Some(table) => write_history_table(out, table),
        None => out.extend_from_slice(b"null"),
    }
    out.push(b'}');
}

fn write_history_table(out: &mut Vec<u8>, table: &TableSchema) {
    out.extend_from_slice(b"{\"defaultCharsetName\":");
    write_opt_str(out, table.default_charset.as_deref());
    out.extend_from_slice(b",\"primaryKeyColumnNames\":[");
    for (i, name) in table.primary_key.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write_str(out, name);
    }
    out.extend_from_slice(b"],\"columns\":[");
    for (i, column) in table.columns.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write_history_column(out, column);
    }
    out.extend_from_slice(b"],\"comment\":");
    write_opt_str(out, table.comment.as_deref());
    out.push(b'}');
}

fn write_history_column(out: &mut Vec<u8>, c: &ColumnSchema) {
    let bool_text = |b: bool| {
        if b {
            b"true".as_slice()
        } else {
            b"false".as_slice()
        }
    };
    out.extend_from_slice(b"{\"name\":");
    write_str(out, &c.name);
    out.extend_from_slice(b",\"jdbcType\":");
    json::write_i64(out, i64::from(c.jdbc_type));
    out.extend_from_slice(b",\"nativeType\":null,\"typeName\":");
    write_str(out, &c.type_name);
    out.extend_from_slice(b",\"typeExpression\":");
    write_str(out, &c.type_expression);
    out.extend_from_slice(b",\"charsetName\":");
    write_opt_str(out, c.charset.as_deref());
    out.extend_from_slice(b",\"length\":");
    write_opt_i64(out, c.length.map(i64::from));
    out.extend_from_slice(b",\"scale\":");
    write_opt_i64(out, c.scale.map(i64::from));
    out.extend_from_slice(b",\"position\":");
    json::write_i64(out, i64::from(c.position));
    out.extend_from_slice(b",\"optional\":");
    out.extend_from_slice(bool_text(c.optional));
    out.extend_from_slice(b",\"autoIncremented\":");
    out.extend_from_slice(bool_text(c.auto_increment));
    out.extend_from_slice(b",\"generated\":");
    out.extend_from_slice(bool_text(c.generated));
    out.extend_from_slice(b",\"comment\":");
    write_opt_str(out, c.comment.as_deref());
    out.extend_from_slice(b",\"defaultValueExpression\":");
    write_opt_str(out, c.default_value_expression.as_deref());
    out.extend_from_slice(b",\"enumValues\":");
    match c.enum_values.as_deref() {
        Some(values) if !values.is_empty() => {
            out.push(b'[');
            for (i, v) in values.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_str(out, v);
            }
            out.push(b']');
        }
        _ => out.extend_from_slice(b"null"),
    }
    out.push(b'}');
}
