//! Serializers of envelope records: Kafka Connect's `JsonConverter` (schemas on/off)
//! and Confluent's `AvroConverter` ([`avro`]), chosen per side by [`RecordConverter`].
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

pub mod avro;
mod json;

#[cfg(test)]
mod reference_tests;

pub use json::{write_datum, write_f32, write_f64, write_schema, write_str};

use std::sync::Arc;

use avro::{AvroConverter, AvroConverterConfig, FormatErrorKind, RegistryError};

use crate::binlog::Value;
use crate::envelope::{
    DataChange, Datum, EnvelopeError, HeartbeatEvent, OwnedDatum, SchemaChangeEvent,
    SerializedSchemas, SourceInfo, TableEnvelope, TransactionBlock, TransactionEvent,
    heartbeat_key_schema, heartbeat_value_schema, schema_change_key_schema,
    schema_change_value_schema, transaction_key_schema, transaction_value_schema,
    write_java_double, write_java_float,
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
    /// The Avro converter failed (schema derivation, registry, encoding).
    #[error("{what}: Avro conversion failed: {source}")]
    Avro {
        /// `"db"."table"`, or the schema-change topic.
        what: String,
        /// The converter's complaint.
        #[source]
        source: FormatErrorKind,
    },
    /// The schema registry client could not be set up.
    #[error("{0}")]
    Registry(#[from] RegistryError),
}

/// The converter of one side (`key.converter` or `value.converter`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConverterSettings {
    /// `org.apache.kafka.connect.json.JsonConverter`.
    Json {
        /// `<side>.converter.schemas.enable`.
        schemas_enable: bool,
    },
    /// `io.confluent.connect.avro.AvroConverter`.
    Avro(AvroConverterConfig),
}

impl ConverterSettings {
    /// True when the side's bytes are binary (Avro), not JSON text.
    pub fn is_binary(&self) -> bool {
        matches!(self, ConverterSettings::Avro(_))
    }
}

/// The key and value converters of a connector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Converters {
    /// `key.converter`.
    pub key: ConverterSettings,
    /// `value.converter`.
    pub value: ConverterSettings,
}

impl Converters {
    /// JsonConverter on both sides with the given `schemas.enable` flags.
    pub fn json(key_schemas_enable: bool, value_schemas_enable: bool) -> Self {
        Converters {
            key: ConverterSettings::Json {
                schemas_enable: key_schemas_enable,
            },
            value: ConverterSettings::Json {
                schemas_enable: value_schemas_enable,
            },
        }
    }
}

impl Converters {
    /// `schemas.enable` of the key and value sides for the records only JSON writes
    /// (heartbeats, transaction metadata); an Avro side counts as true.
    pub fn json_schemas_enable(&self) -> (bool, bool) {
        let flag = |s: &ConverterSettings| match s {
            ConverterSettings::Json { schemas_enable } => *schemas_enable,
            ConverterSettings::Avro(_) => true,
        };
        (flag(&self.key), flag(&self.value))
    }
}

impl Default for Converters {
    fn default() -> Self {
        Converters::json(true, true)
    }
}

/// The configured converters of keys and values, as Kafka Connect applies them to
/// each record; the schema-change topic is needed by Avro's subject names.
#[derive(Debug)]
pub struct RecordConverter {
    json: JsonConverter,
    key_avro: Option<AvroConverter>,
    value_avro: Option<AvroConverter>,
    schema_change_topic: Arc<str>,
}

impl RecordConverter {
    /// The converters of `settings`; `schema_change_topic` is `<topic.prefix>`.
    pub fn new(settings: &Converters, schema_change_topic: Arc<str>) -> Self {
        let flag = |s: &ConverterSettings| match s {
            ConverterSettings::Json { schemas_enable } => *schemas_enable,
            ConverterSettings::Avro(_) => false,
        };
        let avro = |s: &ConverterSettings, is_key: bool| match s {
            ConverterSettings::Avro(config) => Some(AvroConverter::new(config.clone(), is_key)),
            ConverterSettings::Json { .. } => None,
        };
        RecordConverter {
            json: JsonConverter::new(flag(&settings.key), flag(&settings.value)),
            key_avro: avro(&settings.key, true),
            value_avro: avro(&settings.value, false),
            schema_change_topic,
        }
    }

    /// Writes the key of a data change into `out` (appending); Ok(false) and nothing
    /// written when the table has no primary key (the key is null).
    pub fn data_key(
        &mut self,
        c: &DataChange<'_, '_>,
        out: &mut Vec<u8>,
    ) -> Result<bool, FormatError> {
        match &mut self.key_avro {
            Some(avro) => avro.data_key(c, out).map_err(|source| FormatError::Avro {
                what: c.table.schema().id.to_string(),
                source,
            }),
            None => self.json.data_key(c, out),
        }
    }

    /// Writes the value of a data change into `out` (appending).
    pub fn data_value(
        &mut self,
        c: &DataChange<'_, '_>,
        out: &mut Vec<u8>,
    ) -> Result<(), FormatError> {
        match &mut self.value_avro {
            Some(avro) => avro.data_value(c, out).map_err(|source| FormatError::Avro {
                what: c.table.schema().id.to_string(),
                source,
            }),
            None => self.json.data_value(c, out),
        }
    }

    /// Writes the value of a data change with its `transaction` block
    /// (`provide.transaction.metadata`) into `out` (appending). The configuration
    /// refuses transaction metadata with the Avro converter, so Avro never gets a block.
    pub fn data_value_in_transaction(
        &mut self,
        c: &DataChange<'_, '_>,
        transaction: Option<&TransactionBlock<'_>>,
        out: &mut Vec<u8>,
    ) -> Result<(), FormatError> {
        match (&mut self.value_avro, transaction) {
            (Some(_), _) | (None, None) => self.data_value(c, out),
            (None, Some(_)) => self.json.data_value_in_transaction(c, transaction, out),
        }
    }

    /// The JSON converter (transaction and heartbeat records, which are JSON only).
    pub fn json(&self) -> &JsonConverter {
        &self.json
    }

    /// Writes the schema-change key into `out` (appending).
    pub fn schema_change_key(
        &mut self,
        e: &SchemaChangeEvent<'_>,
        out: &mut Vec<u8>,
    ) -> Result<(), FormatError> {
        match &mut self.key_avro {
            Some(avro) => avro
                .schema_change_key(&self.schema_change_topic, e, out)
                .map_err(|source| FormatError::Avro {
                    what: format!("schema-change topic {}", self.schema_change_topic),
                    source,
                }),
            None => self.json.schema_change_key(e, out),
        }
    }

    /// Writes the schema-change value into `out` (appending).
    pub fn schema_change_value(
        &mut self,
        e: &SchemaChangeEvent<'_>,
        out: &mut Vec<u8>,
    ) -> Result<(), FormatError> {
        match &mut self.value_avro {
            Some(avro) => avro
                .schema_change_value(&self.schema_change_topic, e, out)
                .map_err(|source| FormatError::Avro {
                    what: format!("schema-change topic {}", self.schema_change_topic),
                    source,
                }),
            None => self.json.schema_change_value(e, out),
        }
    }
}

/// Kafka Connect's `JsonConverter` for keys and values.
#[derive(Debug, Clone)]
pub struct JsonConverter {
    key_schemas: bool,
    value_schemas: bool,
    schema_change_key_schema: Box<[u8]>,
    schema_change_value_schema: Box<[u8]>,
    transaction_key_schema: Box<[u8]>,
    transaction_value_schema: Box<[u8]>,
    heartbeat_key_schema: Box<[u8]>,
    heartbeat_value_schema: Box<[u8]>,
}

/// A schema serialized once, when the converter is built.
fn serialized_schema(schema: &crate::envelope::ConnectSchema) -> Box<[u8]> {
    let mut out = Vec::new();
    write_schema(&mut out, schema, None);
    out.into_boxed_slice()
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
            transaction_key_schema: serialized_schema(&transaction_key_schema()),
            transaction_value_schema: serialized_schema(&transaction_value_schema()),
            heartbeat_key_schema: serialized_schema(&heartbeat_key_schema()),
            heartbeat_value_schema: serialized_schema(&heartbeat_value_schema()),
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
        self.data_value_in_transaction(c, None, out)
    }

    /// Writes the value JSON with its `transaction` block (null when `transaction` is
    /// `None`, as without `provide.transaction.metadata`).
    pub fn data_value_in_transaction(
        &mut self,
        c: &DataChange<'_, '_>,
        transaction: Option<&TransactionBlock<'_>>,
        out: &mut Vec<u8>,
    ) -> Result<(), FormatError> {
        let start = out.len();
        let result = self.write_data_value(c, transaction, out);
        if result.is_err() {
            out.truncate(start);
        }
        result
    }

    fn write_data_value(
        &mut self,
        c: &DataChange<'_, '_>,
        transaction: Option<&TransactionBlock<'_>>,
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
        out.extend_from_slice(b",\"transaction\":");
        match transaction {
            None => out.extend_from_slice(b"null"),
            Some(block) => {
                out.extend_from_slice(b"{\"id\":");
                write_str(out, block.id);
                out.extend_from_slice(b",\"total_order\":");
                json::write_i64(out, block.total_order);
                out.extend_from_slice(b",\"data_collection_order\":");
                json::write_i64(out, block.data_collection_order);
                out.push(b'}');
            }
        }
        out.extend_from_slice(b",\"op\":\"");
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

impl JsonConverter {
    /// `{"schema":…,"payload":` when schemas are on; the caller writes the payload
    /// and then [`Self::close_envelope`].
    fn open_envelope(out: &mut Vec<u8>, schemas: bool, schema: &[u8]) {
        if schemas {
            out.extend_from_slice(b"{\"schema\":");
            out.extend_from_slice(schema);
            out.extend_from_slice(b",\"payload\":");
        }
    }

    fn close_envelope(out: &mut Vec<u8>, schemas: bool) {
        if schemas {
            out.push(b'}');
        }
    }

    /// Writes the transaction metadata key `{id}` into `out` (appending).
    pub fn transaction_key(&self, e: &TransactionEvent<'_>, out: &mut Vec<u8>) {
        Self::open_envelope(out, self.key_schemas, &self.transaction_key_schema);
        out.extend_from_slice(b"{\"id\":");
        write_str(out, e.id);
        out.push(b'}');
        Self::close_envelope(out, self.key_schemas);
    }

    /// Writes the transaction metadata value (`status`, `id`, `event_count`,
    /// `data_collections`, `ts_ms`) into `out` (appending).
    pub fn transaction_value(&self, e: &TransactionEvent<'_>, out: &mut Vec<u8>) {
        Self::open_envelope(out, self.value_schemas, &self.transaction_value_schema);
        out.extend_from_slice(b"{\"status\":\"");
        out.extend_from_slice(e.status.as_str().as_bytes());
        out.extend_from_slice(b"\",\"id\":");
        write_str(out, e.id);
        out.extend_from_slice(b",\"event_count\":");
        write_opt_i64(out, e.event_count);
        out.extend_from_slice(b",\"data_collections\":");
        if e.event_count.is_none() {
            out.extend_from_slice(b"null");
        } else {
            out.push(b'[');
            for (i, (table, count)) in e.data_collections.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                out.extend_from_slice(b"{\"data_collection\":");
                write_str(out, table);
                out.extend_from_slice(b",\"event_count\":");
                json::write_i64(out, *count);
                out.push(b'}');
            }
            out.push(b']');
        }
        out.extend_from_slice(b",\"ts_ms\":");
        json::write_i64(out, e.ts_ms);
        out.push(b'}');
        Self::close_envelope(out, self.value_schemas);
    }

    /// Writes the heartbeat key `{serverName}` into `out` (appending).
    pub fn heartbeat_key(&self, e: &HeartbeatEvent<'_>, out: &mut Vec<u8>) {
        Self::open_envelope(out, self.key_schemas, &self.heartbeat_key_schema);
        out.extend_from_slice(b"{\"serverName\":");
        write_str(out, e.server_name);
        out.push(b'}');
        Self::close_envelope(out, self.key_schemas);
    }

    /// Writes the heartbeat value `{ts_ms}` into `out` (appending).
    pub fn heartbeat_value(&self, e: &HeartbeatEvent<'_>, out: &mut Vec<u8>) {
        Self::open_envelope(out, self.value_schemas, &self.heartbeat_value_schema);
        out.extend_from_slice(b"{\"ts_ms\":");
        json::write_i64(out, e.ts_ms);
        out.push(b'}');
        Self::close_envelope(out, self.value_schemas);
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

/// The Connect datum of one column value, the error naming the table.
fn convert<'x>(
    table: &TableEnvelope,
    column: &'x crate::envelope::ColumnConverter,
    value: &'x Value<'x>,
) -> Result<Datum<'x>, FormatError> {
    column
        .convert(value)
        .map_err(|source| FormatError::Convert {
            table: table.schema().id.to_string(),
            source,
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
            write_value_row(out, table, row)
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
        let datum = convert(table, column, value)?;
        write_field(out, &column.schema, &datum);
    }
    out.push(b'}');
    Ok(())
}

/// Writes a field value; a null in a field whose schema has a default is written as
/// the default, as Kafka's `JsonConverter` does (`replace.null.with.default`, true by
/// default since Kafka 3.4: `convertToJson` substitutes `schema.defaultValue()`).
fn write_field(out: &mut Vec<u8>, schema: &crate::envelope::ConnectSchema, datum: &Datum<'_>) {
    match (datum, &schema.default) {
        (Datum::Null, Some(default)) => write_datum(out, &Datum::Owned(default)),
        _ => write_datum(out, datum),
    }
}

/// Writes the value struct: the value columns, each through its column mapper.
fn write_value_row(
    out: &mut Vec<u8>,
    table: &TableEnvelope,
    row: &[Value<'_>],
) -> Result<(), FormatError> {
    out.push(b'{');
    for (n, &i) in table.value_columns().iter().enumerate() {
        let (Some(column), Some(value)) = (table.columns().get(i), row.get(i)) else {
            continue;
        };
        if n > 0 {
            out.push(b',');
        }
        write_str(out, &column.name);
        out.push(b':');
        let datum = convert(table, column, value)?;
        match table.field_mapper(i) {
            None => write_field(out, &column.schema, &datum),
            Some(mapper) => {
                let mut scratch = String::new();
                write_field(out, &column.schema, &mapper.apply(datum, &mut scratch));
            }
        }
    }
    out.push(b'}');
    Ok(())
}

/// Writes the key of `row` as Kafka Connect's `SimpleHeaderConverter` writes a key
/// struct into a header (`Values.convertToString`): `{"name":value,...}` with strings
/// quoted (only `"` and `\` escaped), numbers and booleans as Java prints them, bytes
/// as base64 — the `__debezium.oldkey`/`__debezium.newkey` header of a key change.
pub fn write_key_header(
    out: &mut Vec<u8>,
    table: &TableEnvelope,
    row: &[Value<'_>],
) -> Result<(), FormatError> {
    use base64::Engine as _;
    out.push(b'{');
    for (n, &i) in table.key_columns().iter().enumerate() {
        let (Some(column), Some(value)) = (table.columns().get(i), row.get(i)) else {
            continue;
        };
        if n > 0 {
            out.push(b',');
        }
        write_header_str(out, &column.name);
        out.push(b':');
        let datum = convert(table, column, value)?;
        match &datum {
            Datum::Null => out.extend_from_slice(b"null"),
            Datum::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
            Datum::Int(v) => json::write_i64(out, *v),
            Datum::Float32(v) => write_java_float(out, *v),
            Datum::Float64(v) => write_java_double(out, *v),
            Datum::Str(s) => write_header_str(out, s),
            Datum::Owned(OwnedDatum::String(s)) => write_header_str(out, s),
            Datum::Bytes { bytes, pad_to } => {
                let mut padded = bytes.to_vec();
                if padded.len() < *pad_to {
                    padded.resize(*pad_to, 0);
                }
                out.push(b'"');
                out.extend_from_slice(
                    base64::engine::general_purpose::STANDARD
                        .encode(&padded)
                        .as_bytes(),
                );
                out.push(b'"');
            }
            Datum::Decimal(d) => {
                let scale = column.schema.parameters.iter().find(|(k, _)| k == "scale");
                let scale = scale.and_then(|(_, v)| v.parse::<u32>().ok()).unwrap_or(0);
                out.extend_from_slice(d.to_plain_string(scale).as_bytes());
            }
            other => {
                // Texts in other charsets, sets, temporal strings: the JSON text of the
                // value is the quoted string Values writes, unless it needs escapes.
                let mut text = Vec::new();
                write_datum(&mut text, other);
                match serde_json::from_slice::<serde_json::Value>(&text) {
                    Ok(serde_json::Value::String(s)) => write_header_str(out, &s),
                    _ => out.extend_from_slice(&text),
                }
            }
        }
    }
    out.push(b'}');
    Ok(())
}

/// A string inside `Values.convertToString` output: quoted, `\` and `"` escaped.
fn write_header_str(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    for c in s.chars() {
        if c == '"' || c == '\\' {
            out.push(b'\\');
        }
        let mut buf = [0u8; 4];
        out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
    }
    out.push(b'"');
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
