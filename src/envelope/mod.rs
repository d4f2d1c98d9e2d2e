//! The Debezium data model: Connect schemas, value converters, source block, change and
//! schema-change records, as Debezium 3.6's MySQL connector builds them.
//!
//! This module owns *what* a record contains: the Connect schema of each table's key and
//! value (`TableSchemaBuilder`), the logical value of each column under the configured
//! handling modes (`MySqlValueConverters` and its parents), column default values
//! (`BinlogDefaultValueConverter`), topic names (`DefaultTopicNamingStrategy`, `SchemaTopicNamingStrategy`), the
//! `source` block (`MySqlSourceInfoStructMaker`), the schema-change event, and the
//! transaction metadata and heartbeat records.
//! It must not serialize anything: turning a record into bytes is `format`'s job, and the
//! values handed to `format` ([`Datum`]) borrow from the row image and the table
//! envelope, so converting a field never allocates (except DECIMALs wider than 38
//! digits).

mod column;
mod column_options;
mod connect;
mod datum;
mod default_value;
mod fixed_bin;
mod json_binary;
mod json_diff;
mod name_adjust;
mod table;
mod transaction;

use std::sync::Arc;

pub use column::ColumnConverter;
pub use column_options::{
    ColumnOptions, ColumnSelection, FieldMapper, HashAlgorithm, MapperKind, MapperRule,
};
pub use connect::{ConnectField, ConnectSchema, ConnectType};
pub use datum::{
    BinaryTextEncoding, Charset, Datum, DecimalValue, OwnedDatum, write_iso_date, write_iso_time,
    write_java_double, write_java_float, write_zoned_timestamp,
};
pub use fixed_bin::FixedBinKind;
pub use json_binary::{JsonBinaryError, render_json_binary};
pub use json_diff::{JsonDiffError, apply_json_diffs};
pub use name_adjust::NameAdjustment;
pub use table::{
    SerializedSchemas, TableEnvelope, TopicNaming, TopicNamingStrategy, sanitize_topic_name,
    schema_change_key_schema, schema_change_value_schema, source_schema, transaction_schema,
};
pub use transaction::{
    HeartbeatEvent, TransactionBlock, TransactionEvent, TransactionStatus, heartbeat_key_schema,
    heartbeat_value_schema, transaction_key_schema, transaction_value_schema,
};

use crate::binlog::Value;
use crate::schema;

/// `decimal.handling.mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DecimalHandling {
    /// `precise` (default): Connect `Decimal` (bytes of the unscaled value).
    #[default]
    Precise,
    /// `double`: a float64.
    Double,
    /// `string`: the plain decimal string.
    String,
}

/// `bigint.unsigned.handling.mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BigintUnsignedHandling {
    /// `long` (default): int64, values above `i64::MAX` wrap.
    #[default]
    Long,
    /// `precise`: Connect `Decimal` with precision 20, scale 0.
    Precise,
}

/// `time.precision.mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TimePrecision {
    /// `adaptive_time_microseconds` (default): DATE → `Date`, TIME → `MicroTime`,
    /// DATETIME(0-3) → `Timestamp`, DATETIME(4-6) → `MicroTimestamp`.
    #[default]
    AdaptiveTimeMicroseconds,
    /// `connect`: Kafka Connect's own logical types (`org.apache.kafka.connect.data.*`):
    /// millisecond precision, TIME only within a day.
    Connect,
    /// `isostring`: ISO-8601 strings (`io.debezium.time.IsoDate`, `IsoTime`,
    /// `IsoTimestamp`); TIME only within a day.
    IsoString,
    /// `microseconds`: TIME → `MicroTime`, DATETIME → `MicroTimestamp` at any precision.
    Microseconds,
    /// `nanoseconds`: TIME → `NanoTime`, DATETIME → `NanoTimestamp`.
    Nanoseconds,
}

/// `event.converting.failure.handling.mode`: what happens when a value cannot be
/// converted to its field (Debezium's `TableSchemaBuilder.createValueGenerator`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ConvertingFailureHandling {
    /// `fail`: the record is an error.
    Fail,
    /// `warn` (default): the field is null, with a warning.
    #[default]
    Warn,
    /// `skip`: the field is null, silently.
    Skip,
}

/// `column.propagate.source.type` / `datatype.propagate.source.type`: which fields get
/// the `__debezium.source.column.*` schema parameters
/// (`PropagateSourceMetadataToSchemaParameter`). Patterns are anchored and
/// case-insensitive, as `config::filter::compile_regex_list` builds them.
#[derive(Debug, Clone, Default)]
pub struct SourceTypePropagation {
    /// Matched against `<db>.<table>.<column>`.
    pub columns: Vec<regex::Regex>,
    /// Matched against `<db>.<table>.<TYPE NAME>`.
    pub datatypes: Vec<regex::Regex>,
}

impl SourceTypePropagation {
    /// True when the column's field gets the parameters.
    pub fn applies(&self, table: &schema::TableId, column: &str, type_name: &str) -> bool {
        let full = |last: &str| format!("{}.{}.{last}", table.database, table.table);
        (!self.columns.is_empty() && self.columns.iter().any(|r| r.is_match(&full(column))))
            || (!self.datatypes.is_empty()
                && self.datatypes.iter().any(|r| r.is_match(&full(type_name))))
    }
}

impl PartialEq for SourceTypePropagation {
    fn eq(&self, other: &Self) -> bool {
        let strs = |v: &[regex::Regex]| v.iter().map(|r| r.as_str().to_owned()).collect::<Vec<_>>();
        strs(&self.columns) == strs(&other.columns)
            && strs(&self.datatypes) == strs(&other.datatypes)
    }
}

impl Eq for SourceTypePropagation {}

/// `binary.handling.mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BinaryHandling {
    /// `bytes` (default): Connect bytes.
    #[default]
    Bytes,
    /// `base64`: a string, standard alphabet.
    Base64,
    /// `base64-url-safe`: a string, URL-safe alphabet.
    Base64UrlSafe,
    /// `hex`: a string of hex digits.
    Hex,
}

/// The connector settings that shape records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvelopeConfig {
    /// `topic.prefix`; also the connector name in `source.name`.
    pub topic_prefix: String,
    /// `decimal.handling.mode`.
    pub decimal_handling: DecimalHandling,
    /// `bigint.unsigned.handling.mode`.
    pub bigint_unsigned_handling: BigintUnsignedHandling,
    /// `time.precision.mode`.
    pub time_precision: TimePrecision,
    /// `binary.handling.mode`.
    pub binary_handling: BinaryHandling,
    /// `event.converting.failure.handling.mode`.
    pub converting_failure: ConvertingFailureHandling,
    /// `enable.time.adjuster` (default true): years 0-69 of dates become 2000-2069 and
    /// 70-99 become 1970-1999 (`BinlogValueConverters.adjustTemporal`).
    pub time_adjuster: bool,
    /// `include.schema.comments` (default false): column comments become field docs.
    pub include_schema_comments: bool,
    /// `column.propagate.source.type` / `datatype.propagate.source.type`.
    pub propagate_source_type: SourceTypePropagation,
    /// `topic.naming.strategy`, `topic.delimiter`, `topic.transaction`,
    /// `topic.heartbeat.*`.
    pub topic_naming: TopicNaming,
    /// `schema.name.adjustment.mode`.
    pub schema_name_adjustment: NameAdjustment,
    /// `field.name.adjustment.mode`.
    pub field_name_adjustment: NameAdjustment,
}

impl EnvelopeConfig {
    /// Debezium's defaults for the given `topic.prefix`.
    pub fn new(topic_prefix: impl Into<String>) -> Self {
        EnvelopeConfig {
            topic_prefix: topic_prefix.into(),
            decimal_handling: DecimalHandling::default(),
            bigint_unsigned_handling: BigintUnsignedHandling::default(),
            time_precision: TimePrecision::default(),
            binary_handling: BinaryHandling::default(),
            converting_failure: ConvertingFailureHandling::default(),
            time_adjuster: true,
            include_schema_comments: false,
            propagate_source_type: SourceTypePropagation::default(),
            topic_naming: TopicNaming::default(),
            schema_name_adjustment: NameAdjustment::default(),
            field_name_adjustment: NameAdjustment::default(),
        }
    }
}

/// `source.snapshot`: Debezium's `SnapshotRecord`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SnapshotMarker {
    /// Streaming (`"false"`).
    False,
    /// Inside a snapshot (`"true"`).
    True,
    /// First record of a snapshot.
    First,
    /// First record of one table in a snapshot.
    FirstInDataCollection,
    /// Last record of one table in a snapshot.
    LastInDataCollection,
    /// Last record of a snapshot.
    Last,
    /// Incremental snapshot.
    Incremental,
}

impl SnapshotMarker {
    /// The string Debezium writes.
    pub fn as_str(self) -> &'static str {
        match self {
            SnapshotMarker::False => "false",
            SnapshotMarker::True => "true",
            SnapshotMarker::First => "first",
            SnapshotMarker::FirstInDataCollection => "first_in_data_collection",
            SnapshotMarker::LastInDataCollection => "last_in_data_collection",
            SnapshotMarker::Last => "last",
            SnapshotMarker::Incremental => "incremental",
        }
    }
}

/// The `source` block of a record (`io.debezium.connector.mysql.Source`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceInfo<'a> {
    /// `name`: the logical server name (`topic.prefix`).
    pub server_name: &'a str,
    /// `ts_ms`: event time (binlog event timestamp × 1000 when streaming);
    /// `ts_us`/`ts_ns` are derived from it.
    pub ts_ms: i64,
    /// `snapshot`.
    pub snapshot: SnapshotMarker,
    /// `db` (empty string when unknown, as Debezium writes it).
    pub db: &'a str,
    /// `table`.
    pub table: Option<&'a str>,
    /// `server_id`.
    pub server_id: u32,
    /// `gtid`.
    pub gtid: Option<&'a str>,
    /// `file`.
    pub file: &'a str,
    /// `pos`.
    pub pos: u64,
    /// `row`.
    pub row: u32,
    /// `thread`.
    pub thread: Option<u64>,
    /// `query` (with `include.query`).
    pub query: Option<&'a str>,
}

/// `op` of a data change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// Insert, `"c"`.
    Create,
    /// Update, `"u"`.
    Update,
    /// Delete, `"d"`.
    Delete,
    /// Snapshot read, `"r"`.
    Read,
    /// TRUNCATE TABLE, `"t"` (no before, no after, null key).
    Truncate,
}

impl Op {
    /// The code Debezium writes.
    pub fn code(self) -> &'static str {
        match self {
            Op::Create => "c",
            Op::Update => "u",
            Op::Delete => "d",
            Op::Read => "r",
            Op::Truncate => "t",
        }
    }
}

/// One row change of one table, ready to be serialized.
#[derive(Debug, Clone, Copy)]
pub struct DataChange<'r, 'a> {
    /// The table's envelope (schemas and converters).
    pub table: &'r TableEnvelope,
    /// What happened.
    pub op: Op,
    /// Row before (update, delete), one value per column of the table.
    pub before: Option<&'r [Value<'a>]>,
    /// Row after (insert, update, read), one value per column of the table.
    pub after: Option<&'r [Value<'a>]>,
    /// The `source` block.
    pub source: SourceInfo<'r>,
    /// Processing time, nanoseconds since the epoch: the value's `ts_ms`/`ts_us`/`ts_ns`.
    pub ts_ns: i64,
}

/// One record of the schema-change topic.
#[derive(Debug, Clone, Copy)]
pub struct SchemaChangeEvent<'r> {
    /// The `source` block.
    pub source: SourceInfo<'r>,
    /// The effect of the DDL.
    pub change: &'r schema::SchemaChange,
    /// Processing time, nanoseconds since the epoch (the value's `ts_ms`).
    pub ts_ns: i64,
}

/// The schema-change topic: `<topic.prefix>`.
pub fn schema_change_topic(cfg: &EnvelopeConfig) -> Arc<str> {
    Arc::from(cfg.topic_prefix.as_str())
}

impl EnvelopeError {
    /// True for the failures Debezium's `TableSchemaBuilder` hands to
    /// `event.converting.failure.handling.mode` (a converter that throws).
    pub fn is_converting_failure(&self) -> bool {
        matches!(
            self,
            EnvelopeError::ValueMismatch { .. } | EnvelopeError::OutOfRange { .. }
        )
    }
}

/// The transaction metadata topic: `<topic.prefix>.transaction` by default.
pub fn transaction_topic(cfg: &EnvelopeConfig) -> Arc<str> {
    Arc::from(cfg.topic_naming.transaction_topic(&cfg.topic_prefix))
}

/// The heartbeat topic: `__debezium-heartbeat.<topic.prefix>` by default.
pub fn heartbeat_topic(cfg: &EnvelopeConfig) -> Arc<str> {
    Arc::from(cfg.topic_naming.heartbeat_topic(&cfg.topic_prefix))
}

/// Errors of the envelope layer.
#[derive(Debug, thiserror::Error)]
pub enum EnvelopeError {
    /// A column's type has no Debezium mapping here.
    #[error("table {table}, column {column}: type {type_name} is not supported by the envelope")]
    UnsupportedType {
        /// `"db"."table"`.
        table: String,
        /// Column name.
        column: String,
        /// Debezium's type name.
        type_name: String,
    },
    /// A primary-key column is not among the table's columns.
    #[error("table {table}: primary key column {column} is not a column of the table")]
    UnknownKeyColumn {
        /// `"db"."table"`.
        table: String,
        /// The key column name.
        column: String,
    },
    /// A decoded value does not fit the column's type.
    #[error("column {column} ({type_name}): expected {expected}, found {found}")]
    ValueMismatch {
        /// Column name.
        column: String,
        /// Debezium's type name.
        type_name: String,
        /// What the converter expects.
        expected: &'static str,
        /// What the row image held.
        found: String,
    },
    /// A value outside what the column's Connect type can represent under the
    /// configured mode (a negative TIME as Connect `Time`, a year-9999 DATETIME as
    /// `NanoTimestamp`, ...).
    #[error("column {column} ({type_name}): expected {expected}, found {found}")]
    OutOfRange {
        /// Column name.
        column: String,
        /// Debezium's type name.
        type_name: String,
        /// What the representation can hold.
        expected: &'static str,
        /// What the row image held.
        found: String,
    },
    /// A DATE or DATETIME whose day the month does not have (stored under
    /// `ALLOW_INVALID_DATES`): Debezium's row deserializer stops there.
    #[error(
        "column {column}: {found} is not a calendar date (Debezium's row deserializer fails on it \
         under event.processing.failure.handling.mode=fail)"
    )]
    InvalidDate {
        /// Column name.
        column: String,
        /// The stored date, `yyyy-mm-dd`.
        found: String,
    },
    /// A row image has a different column count than the table.
    #[error("table {table}: row image has {found} columns, the table has {expected}")]
    RowWidth {
        /// `"db"."table"`.
        table: String,
        /// Columns of the table.
        expected: usize,
        /// Values in the row image.
        found: usize,
    },
}
