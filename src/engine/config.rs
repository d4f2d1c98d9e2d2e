//! Connector configuration: the Debezium MySQL connector's `.properties` file, read as is.
//!
//! Owns the property names (Debezium's new and old ones), their defaults and validation,
//! and the translation of Kafka client settings for librdkafka. It must not act on the
//! configuration (open connections, create stores): the engine does, from the typed
//! [`ConnectorConfig`].
//!
//! # How each key is treated
//!
//! | keys | treatment |
//! |---|---|
//! | `topic.prefix` (old `database.server.name`), `database.hostname`, `database.port` (3306), `database.user`, `database.password`, `database.server.id`, `database.ssl.mode` (MySQL connector: preferred; MariaDB connector: its own values, default disable), `database.ssl.truststore`/`database.ssl.keystore` (+ `.password`; PKCS#12 — a JKS file is an error saying how to convert it), `tributary.database.ssl.ca`/`.cert`/`.key` (PEM alternatives), `database.allowPublicKeyRetrieval` (false), `connect.timeout.ms` (30000), `connect.keep.alive` (true), `connect.keep.alive.interval.ms` (60000), `errors.max.retries` (-1), `retriable.restart.connector.wait.ms` (10000) | read into [`ConnectorConfig`] / [`DatabaseSettings`] |
//! | `database.include.list`/`database.exclude.list` (old `database.whitelist`/`database.blacklist`), `table.include.list`/`table.exclude.list` (old `table.whitelist`/`table.blacklist`) | compiled into [`NameFilter`]s (see [`filter`]); include and exclude of one kind together is an error, as in Debezium |
//! | `include.schema.changes` (true), `schema.name.adjustment.mode` / `field.name.adjustment.mode` (none; avro, avro_unicode), `tombstones.on.delete` (true), `provide.transaction.metadata` (false), `snapshot.mode` (initial), `decimal.handling.mode` (precise; double, string), `time.precision.mode` (adaptive_time_microseconds; connect, isostring, microseconds, nanoseconds; `adaptive` refused as Debezium's binlog connectors refuse it), `bigint.unsigned.handling.mode` (long; precise), `binary.handling.mode` (bytes; base64, base64-url-safe, hex), `event.converting.failure.handling.mode` (warn; fail, skip), `inconsistent.schema.handling.mode` (fail; warn, skip, ignore), `enable.time.adjuster` (true), `include.schema.comments` (false), `column.propagate.source.type` / `datatype.propagate.source.type` (regex lists, unset), `max.batch.size` (2048), `max.queue.size` (8192), `poll.interval.ms` (500), `heartbeat.interval.ms` (0 = off), `heartbeat.action.query`, `key.converter.schemas.enable` / `value.converter.schemas.enable` (true) | read, with Debezium's defaults |
//! | `topic.naming.strategy` (`io.debezium.schema.DefaultTopicNamingStrategy`; also `io.debezium.schema.SchemaTopicNamingStrategy`, any other class is an error), `topic.delimiter` (`.`), `topic.transaction` (`transaction`), `topic.heartbeat.prefix` (`__debezium-heartbeat`), `topic.heartbeat.name`, `topic.cache.size` (no effect) | read into [`TopicNaming`]; names outside `[A-Za-z0-9._-]+` are errors, as in Debezium |
//! | `schema.history.internal` (old `database.history`) and `schema.history.internal.*` (old `database.history.*`): `kafka.topic`, `kafka.bootstrap.servers`, `file.filename`, `store.only.captured.tables.ddl`, `store.only.captured.databases.ddl`, `skip.unparseable.ddl`, `producer.*`, `consumer.*` | read into [`SchemaHistorySettings`]; producer/consumer settings are kept raw and translated only when a Kafka client is built |
//! | `offset.storage`, `offset.storage.file.filename`, `offset.storage.topic`, `offset.storage.partitions` (25), `offset.storage.replication.factor` (3), `offset.flush.interval.ms` (60000), `exactly.once.support` (`requested`/`required`: records and offsets in one Kafka transaction; needs `KafkaOffsetBackingStore`), `transaction.boundary` (`poll` only) | read into [`OffsetStorageSettings`]; `tributary.transactional.id` names the transactional producer (default `tributary-<name>-0`; not a `tributary.kafka.*` key, which every producer would get) |
//! | `producer.override.*` | Kafka client settings of the data producer (after the history producer's) |
//! | `tributary.kafka.<librdkafka key>` | passed to librdkafka as is, winning over translated settings |
//! | `tributary.schema.fallback` (`none`) | [`SchemaFallback`]: where a rows event's table schema comes from when no DDL defined it. `none`: as Debezium, a clear error naming the table and position; `table_map`: built from the TABLE_MAP_EVENT (see `schema::table_map_schema`), so any binlog file can be replayed. Other `tributary.*` keys are kept in [`TributarySettings::other`] and warned about |
//! | `connector.class` | must be `io.debezium.connector.mysql.MySqlConnector` or `io.debezium.connector.mariadb.MariaDbConnector` |
//! | `key.converter`, `value.converter` | `org.apache.kafka.connect.json.JsonConverter` (default) or `io.confluent.connect.avro.AvroConverter`; anything else is an error |
//! | AvroConverter settings `<side>.converter.`: `schema.registry.url` (required; `http://…`, comma-separated, or `mock://scope`), `basic.auth.credentials.source` (`URL`, `USER_INFO`), `basic.auth.user.info`, `auto.register.schemas` (true), `<side>.subject.name.strategy` (Topic/Record/TopicRecordNameStrategy), `connect.meta.data` (true), `schemas.cache.config` | read into [`Converters`]; `use.latest.version`, `enhanced.avro.schema.support`, `normalize.schemas`, `scrub.invalid.names` other than false, `schema.registry.ssl.*`, `bearer.auth.*`, `proxy.*`, https URLs and other credential sources are errors |
//! | `name`, `tasks.max`, `offset.flush.timeout.ms`, `errors.*`, `config.action.reload` | Kafka Connect runtime keys: accepted, no effect |
//! | `column.include.list` / `column.exclude.list` (old `column.whitelist` / `column.blacklist`), `message.key.columns`, `column.mask.with.N.chars`, `column.mask.hash.<algorithm>.with.salt.<salt>`, `column.mask.hash.v2.<algorithm>.with.salt.<salt>`, `column.truncate.to.N.chars`, `skipped.operations` (t), `include.query` (false), `extended.headers.enabled` (true: Debezium's four `__debezium.context.*` headers on every Kafka record, see [`crate::engine::context_headers`]) | read into [`ShapingSettings`] (see [`columns`]); unknown hash algorithms and malformed mapper names are errors naming the key |
//! | keys that change what is emitted and Tributary cannot do yet: `transforms`, `predicates`, `converters`, `header.converter` (default `SimpleHeaderConverter`, which Tributary writes headers as), `binlog.metadata.based.schema`, `event.processing.failure.handling.mode`, `snapshot.mode` `custom`/`configuration_based` | an error naming the key, unless the value is Debezium's default |
//! | `snapshot.include.collection.list`, `snapshot.select.statement.overrides` (+ `.<db>.<table>`), `snapshot.fetch.size`, `snapshot.max.threads` (1), `snapshot.locking.mode` (minimal; `custom`/`minimal_percona*` unsupported), `snapshot.lock.timeout.ms` (10000), `snapshot.delay.ms` (0), `snapshot.tables.order.by.row.count` (disabled) | read into [`SnapshotSettings`] |
//! | tuning keys without effect on the output (`min.row.count.to.stream.results`, `connect.keep.alive*`, `signal.*`, `topic.creation.*`, `key.converter.*`/`value.converter.*` others, ...) and any other unknown key | accepted with a [`ConfigWarning`] |
//!
//! Kafka client settings in Java names are translated by [`ConnectorConfig::kafka_producer_settings`]
//! (see [`kafka`]); settings librdkafka cannot honour (AWS MSK IAM, JKS stores, Java
//! callback classes) are errors there, and only there, so a file made for MSK still
//! loads for `replay` or stdout output.

pub mod columns;
pub mod filter;
pub mod kafka;
pub mod properties;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

pub use columns::ShapingSettings;
pub use filter::NameFilter;
pub use kafka::JavaClientSetting;
pub use properties::parse_properties;

use crate::envelope::NameAdjustment;
use crate::envelope::{TopicNaming, TopicNamingStrategy};
use crate::format::avro::{
    AvroConverterConfig, AvroSchemaOptions, HttpSchemaRegistry, RegistryConfig, SubjectNameStrategy,
};
use crate::format::{ConverterSettings, Converters};

/// Errors of the configuration layer; each names the offending key or line.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The configuration file could not be read.
    #[error("reading connector configuration {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The `.properties` text is malformed.
    #[error("{source_name}:{line}: {message}")]
    PropertiesSyntax {
        /// The file (or `<string>`).
        source_name: String,
        /// 1-based line where the logical line starts.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A required key is missing.
    #[error("missing required property {key}: {hint}")]
    Missing {
        /// The key (new name).
        key: String,
        /// What it is for / what to set.
        hint: String,
    },
    /// A value does not parse.
    #[error("property {key}={value:?}: expected {expected}")]
    InvalidValue {
        /// The key.
        key: String,
        /// The value found.
        value: String,
        /// What was expected.
        expected: String,
    },
    /// Two keys contradict each other (old and new names with different values, or an
    /// include list next to an exclude list).
    #[error("properties {first} and {second} conflict: {reason}")]
    Conflict {
        /// One key.
        first: String,
        /// The other key.
        second: String,
        /// Why.
        reason: String,
    },
    /// A key whose meaning Tributary cannot honour yet.
    #[error("property {key}={value:?} is not supported by Tributary yet: {reason}")]
    Unsupported {
        /// The key.
        key: String,
        /// The value found.
        value: String,
        /// Why and what to do instead.
        reason: String,
    },
    /// A Kafka client setting librdkafka cannot honour.
    #[error("Kafka client setting {key}={value:?} cannot be used: {reason}")]
    KafkaSetting {
        /// The full property.
        key: String,
        /// The value found.
        value: String,
        /// Why and what to use instead.
        reason: String,
    },
}

/// A key that was accepted but has no effect, or is unknown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigWarning {
    /// The key.
    pub key: String,
    /// Why it has no effect.
    pub message: String,
}

impl std::fmt::Display for ConfigWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.key, self.message)
    }
}

/// The connector class named in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ConnectorKind {
    /// `io.debezium.connector.mysql.MySqlConnector` (also the default when absent).
    #[default]
    MySql,
    /// `io.debezium.connector.mariadb.MariaDbConnector`.
    MariaDb,
}

/// `snapshot.mode` values Tributary accepts (Debezium's, deprecated aliases mapped).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SnapshotMode {
    /// `initial` (default): snapshot when no offset exists, then stream.
    #[default]
    Initial,
    /// `initial_only`: snapshot, then stop.
    InitialOnly,
    /// `always`: snapshot on every start.
    Always,
    /// `when_needed`: snapshot when offsets are missing or no longer available.
    WhenNeeded,
    /// `no_data` (old `schema_only`): schema only, then stream.
    NoData,
    /// `recovery` (old `schema_only_recovery`): rebuild the schema history.
    Recovery,
    /// `never` (Debezium 1.x–2.x; 3.x no longer accepts it): no snapshot; stream from
    /// the offset, or from the first binlog file with schemas from its DDL only.
    Never,
}

/// `snapshot.locking.mode` (MySQL connector): how long writes are blocked while the
/// snapshot position and schemas are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SnapshotLockingMode {
    /// `minimal` (default): a global read lock only while the position and the schemas
    /// are read (on MariaDB no lock at all: the consistent-snapshot transaction gives
    /// the position, see `engine::snapshot`).
    #[default]
    Minimal,
    /// `extended`: writes are blocked for the whole snapshot.
    Extended,
    /// `none`: no lock (safe only without concurrent schema changes).
    None,
}

/// `snapshot.tables.order.by.row.count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SnapshotTablesOrder {
    /// `disabled` (default): table id order.
    #[default]
    Disabled,
    /// `ascending`: fewest rows first (estimated).
    Ascending,
    /// `descending`: most rows first (estimated).
    Descending,
}

/// The `snapshot.*` settings besides `snapshot.mode`.
#[derive(Debug, Clone, Default)]
pub struct SnapshotSettings {
    /// `snapshot.include.collection.list`: anchored, case-insensitive patterns on
    /// `db.table`; empty = every captured table.
    pub include_collections: Vec<regex::Regex>,
    /// `snapshot.select.statement.overrides` with each
    /// `snapshot.select.statement.overrides.<db>.<table>` statement, by `(db, table)`.
    pub select_overrides: BTreeMap<(String, String), String>,
    /// `snapshot.fetch.size`: rows read per chunk (default: `max.batch.size`).
    pub fetch_size: Option<usize>,
    /// `snapshot.max.threads` (1): tables read in parallel, one connection each.
    pub max_threads: usize,
    /// `snapshot.locking.mode`.
    pub locking_mode: SnapshotLockingMode,
    /// `snapshot.lock.timeout.ms` (10 s): `lock_wait_timeout` of the snapshot session.
    pub lock_timeout: Duration,
    /// `snapshot.delay.ms` (0): wait before the snapshot starts.
    pub delay: Duration,
    /// `snapshot.tables.order.by.row.count`.
    pub order_by_row_count: SnapshotTablesOrder,
}

/// `decimal.handling.mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DecimalHandlingMode {
    /// `precise` (default): `org.apache.kafka.connect.data.Decimal` bytes.
    #[default]
    Precise,
    /// `double`.
    Double,
    /// `string`.
    String,
}

/// `time.precision.mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TimePrecisionMode {
    /// `adaptive_time_microseconds` (default).
    #[default]
    AdaptiveTimeMicroseconds,
    /// `connect`: Kafka Connect's millisecond logical types.
    Connect,
    /// `isostring`: ISO-8601 strings.
    IsoString,
    /// `microseconds`: `MicroTime` / `MicroTimestamp` whatever the column's precision.
    Microseconds,
    /// `nanoseconds`: `NanoTime` / `NanoTimestamp`.
    Nanoseconds,
}

/// `event.converting.failure.handling.mode` and `inconsistent.schema.handling.mode`
/// (Debezium's `EventConvertingFailureHandlingMode` / `EventProcessingFailureHandlingMode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureHandlingMode {
    /// `fail`: stop with an error.
    Fail,
    /// `warn`: log a warning and go on.
    Warn,
    /// `skip`: go on silently.
    Skip,
}

impl FailureHandlingMode {
    /// `EventConvertingFailureHandlingMode.parse`: fail, warn or skip.
    fn parse_converting(value: &str) -> Option<Self> {
        match value.to_ascii_lowercase().as_str() {
            "fail" => Some(FailureHandlingMode::Fail),
            "warn" => Some(FailureHandlingMode::Warn),
            "skip" => Some(FailureHandlingMode::Skip),
            _ => None,
        }
    }

    /// `EventProcessingFailureHandlingMode.parse`: also `ignore`, which the binlog
    /// connector treats as `skip` (anything but fail and warn skips silently).
    fn parse_processing(value: &str) -> Option<Self> {
        if value.eq_ignore_ascii_case("ignore") {
            return Some(FailureHandlingMode::Skip);
        }
        Self::parse_converting(value)
    }
}

/// `bigint.unsigned.handling.mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BigIntUnsignedHandlingMode {
    /// `long` (default).
    #[default]
    Long,
    /// `precise`: Decimal.
    Precise,
}

/// `binary.handling.mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BinaryHandlingMode {
    /// `bytes` (default).
    #[default]
    Bytes,
    /// `base64`.
    Base64,
    /// `base64-url-safe`.
    Base64UrlSafe,
    /// `hex`.
    Hex,
}

/// `database.ssl.mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DatabaseSslMode {
    /// `disabled`.
    Disabled,
    /// `preferred` (default).
    #[default]
    Preferred,
    /// `required`.
    Required,
    /// `verify_ca`.
    VerifyCa,
    /// `verify_identity`.
    VerifyIdentity,
}

/// How to reach the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatabaseSettings {
    /// `database.hostname` (absent: only file replay is possible).
    pub hostname: Option<String>,
    /// `database.port`, default 3306.
    pub port: u16,
    /// `database.user`.
    pub user: Option<String>,
    /// `database.password`.
    pub password: Option<String>,
    /// `database.server.id`: the replica server id Tributary registers with.
    pub server_id: Option<u32>,
    /// `database.ssl.mode`, default `preferred` (MySQL connector) or `disable`
    /// (MariaDB connector, whose values are `disable`/`trust`/`verify-ca`/`verify-full`).
    pub ssl_mode: DatabaseSslMode,
    /// `connect.timeout.ms`, default 30 s.
    pub connect_timeout: Duration,
    /// TLS material: `database.ssl.truststore`/`keystore` (PKCS#12) and
    /// `tributary.database.ssl.ca`/`cert`/`key` (PEM).
    pub ssl: SslFiles,
    /// `database.allowPublicKeyRetrieval` (a JDBC driver property Debezium passes
    /// through), default false: caching_sha2_password may fetch the server's RSA key.
    pub allow_public_key_retrieval: bool,
    /// `connect.keep.alive`, default true: server heartbeats are asked for at 0.8 ×
    /// `keep_alive_interval` (as Debezium does) and a binlog stream silent for two of
    /// those periods is reconnected.
    pub keep_alive: bool,
    /// `connect.keep.alive.interval.ms`, default 60 s.
    pub keep_alive_interval: Duration,
    /// `errors.max.retries`, default -1: reconnections after a connection error in a
    /// row before failing (`None`: no limit; `Some(0)`: fail at once).
    pub max_retries: Option<u32>,
    /// `retriable.restart.connector.wait.ms`, default 10 s: the longest wait between
    /// reconnection attempts (they back off from 100 ms up to it).
    pub retry_wait: Duration,
}

/// TLS files of [`DatabaseSettings`]; passwords are redacted in `Debug`.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct SslFiles {
    /// `tributary.database.ssl.ca`: PEM CA certificate(s) to trust.
    pub ca: Option<PathBuf>,
    /// `tributary.database.ssl.cert`: PEM client certificate (chain).
    pub cert: Option<PathBuf>,
    /// `tributary.database.ssl.key`: PEM private key of `cert`.
    pub key: Option<PathBuf>,
    /// `database.ssl.truststore` and `database.ssl.truststore.password`.
    pub truststore: Option<(PathBuf, String)>,
    /// `database.ssl.keystore` and `database.ssl.keystore.password`.
    pub keystore: Option<(PathBuf, String)>,
}

impl std::fmt::Debug for SslFiles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SslFiles")
            .field("ca", &self.ca)
            .field("cert", &self.cert)
            .field("key", &self.key)
            .field("truststore", &self.truststore.as_ref().map(|(p, _)| p))
            .field("keystore", &self.keystore.as_ref().map(|(p, _)| p))
            .finish()
    }
}

/// Where the schema history is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemaHistoryStore {
    /// `KafkaSchemaHistory` (default): a single-partition topic.
    Kafka {
        /// `schema.history.internal.kafka.topic`.
        topic: String,
        /// `schema.history.internal.kafka.bootstrap.servers`.
        bootstrap_servers: String,
    },
    /// `FileSchemaHistory`.
    File {
        /// `schema.history.internal.file.filename`.
        path: PathBuf,
    },
    /// `MemorySchemaHistory`: lost on restart.
    Memory,
}

/// `schema.history.internal.*` (old `database.history.*`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaHistorySettings {
    /// The store.
    pub store: SchemaHistoryStore,
    /// `store.only.captured.tables.ddl`, default false.
    pub store_only_captured_tables_ddl: bool,
    /// `store.only.captured.databases.ddl`, default false.
    pub store_only_captured_databases_ddl: bool,
    /// `skip.unparseable.ddl`, default false.
    pub skip_unparseable_ddl: bool,
    /// `producer.*` Java client settings of the history topic.
    pub producer: Vec<JavaClientSetting>,
    /// `consumer.*` Java client settings of the history topic.
    pub consumer: Vec<JavaClientSetting>,
}

/// Where source offsets are kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OffsetStoreKind {
    /// `FileOffsetBackingStore` at `offset.storage.file.filename`.
    File(PathBuf),
    /// `MemoryOffsetBackingStore` (also when nothing is configured).
    Memory,
    /// `KafkaOffsetBackingStore`: Kafka Connect's offsets topic.
    Kafka {
        /// `offset.storage.topic`.
        topic: String,
        /// `offset.storage.partitions` (25), used when the topic is created.
        partitions: i32,
        /// `offset.storage.replication.factor` (3; -1 = the broker's default), used
        /// when the topic is created.
        replication_factor: i32,
    },
}

/// `offset.storage*` and `offset.flush.interval.ms`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OffsetStorageSettings {
    /// The store.
    pub store: OffsetStoreKind,
    /// `offset.flush.interval.ms`, default 60 s.
    pub flush_interval: Duration,
    /// `exactly.once.support` (`requested`/`required`) with offsets in Kafka: each
    /// batch's records and its offset are written in one Kafka transaction.
    pub exactly_once: bool,
    /// The data producer's `transactional.id` when `exactly_once`:
    /// `tributary.transactional.id`, default `tributary-<name>-0`.
    pub transactional_id: Option<String>,
}

/// `tributary.schema.fallback`: where the schema of a table that no DDL in the
/// stream defined comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SchemaFallback {
    /// `none` (the default): a rows event of such a table is an error naming the
    /// table and the position, as Debezium fails.
    #[default]
    None,
    /// `table_map`: the schema is built from the table's TABLE_MAP_EVENT (column
    /// names and details from its optional metadata when the server wrote it,
    /// otherwise columns `_1`, `_2`, … typed from the column types).
    TableMap,
}

impl SchemaFallback {
    /// The value as written in the properties file.
    pub fn as_str(self) -> &'static str {
        match self {
            SchemaFallback::None => "none",
            SchemaFallback::TableMap => "table_map",
        }
    }

    fn parse(value: &str) -> Option<Self> {
        if value.eq_ignore_ascii_case("none") {
            Some(SchemaFallback::None)
        } else if value.eq_ignore_ascii_case("table_map") {
            Some(SchemaFallback::TableMap)
        } else {
            None
        }
    }
}

/// Tributary's own `tributary.*` keys.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TributarySettings {
    /// `tributary.schema.fallback`.
    pub schema_fallback: SchemaFallback,
    /// `tributary.kafka.<key>`: librdkafka settings, prefix removed.
    pub kafka: BTreeMap<String, String>,
    /// Other `tributary.*` keys (full names), for modules that define them.
    pub other: BTreeMap<String, String>,
}

/// The typed connector configuration.
#[derive(Debug, Clone)]
pub struct ConnectorConfig {
    /// `connector.class`.
    pub connector: ConnectorKind,
    /// `name`.
    pub name: Option<String>,
    /// `topic.prefix` (old `database.server.name`).
    pub topic_prefix: String,
    /// Connection settings.
    pub database: DatabaseSettings,
    /// `database.include.list` / `database.exclude.list`.
    pub database_filter: NameFilter,
    /// `table.include.list` / `table.exclude.list`, matched against `db.table`.
    pub table_filter: NameFilter,
    /// `include.schema.changes`, default true.
    pub include_schema_changes: bool,
    /// `snapshot.mode`, default initial.
    pub snapshot_mode: SnapshotMode,
    /// The other `snapshot.*` settings.
    pub snapshot: SnapshotSettings,
    /// `key.converter.schemas.enable`, default true.
    pub key_schemas_enable: bool,
    /// `value.converter.schemas.enable`, default true.
    pub value_schemas_enable: bool,
    /// `key.converter` / `value.converter` (JsonConverter by default, or Confluent's
    /// AvroConverter) with their settings.
    pub converters: Converters,
    /// `schema.name.adjustment.mode` (none).
    pub schema_name_adjustment_mode: NameAdjustment,
    /// `field.name.adjustment.mode` (none).
    pub field_name_adjustment_mode: NameAdjustment,
    /// `tombstones.on.delete`, default true.
    pub tombstones_on_delete: bool,
    /// `table.ignore.builtin`, default true: the system databases (`mysql`, `sys`,
    /// `performance_schema`, `information_schema`) are never captured.
    pub table_ignore_builtin: bool,
    /// `provide.transaction.metadata`, default false.
    pub provide_transaction_metadata: bool,
    /// Column options, `message.key.columns`, `skipped.operations`, `include.query`.
    pub shaping: ShapingSettings,
    /// `decimal.handling.mode`.
    pub decimal_handling_mode: DecimalHandlingMode,
    /// `time.precision.mode`.
    pub time_precision_mode: TimePrecisionMode,
    /// `bigint.unsigned.handling.mode`.
    pub bigint_unsigned_handling_mode: BigIntUnsignedHandlingMode,
    /// `binary.handling.mode`.
    pub binary_handling_mode: BinaryHandlingMode,
    /// `event.converting.failure.handling.mode`, default `warn`: what a value that
    /// cannot be converted to its column's schema becomes (an error, or null).
    pub event_converting_failure_handling_mode: FailureHandlingMode,
    /// `inconsistent.schema.handling.mode`, default `fail`: a rows event of a table whose
    /// schema is unknown is an error (`fail`) or skipped (`warn`, `skip`).
    pub inconsistent_schema_handling_mode: FailureHandlingMode,
    /// `enable.time.adjuster`, default true: two-digit years 00-69/70-99 of DATE,
    /// DATETIME and TIMESTAMP become 2000-2069/1970-1999.
    pub enable_time_adjuster: bool,
    /// `include.schema.comments`, default false: column comments become field `doc`s.
    pub include_schema_comments: bool,
    /// `column.propagate.source.type`: fully-qualified column names (`db.table.column`)
    /// whose field schemas get the `__debezium.source.column.*` parameters.
    pub column_propagate_source_type: Vec<regex::Regex>,
    /// `datatype.propagate.source.type`: `db.table.TYPE` names, same effect.
    pub datatype_propagate_source_type: Vec<regex::Regex>,
    /// `max.batch.size`, default 2048.
    pub max_batch_size: usize,
    /// `max.queue.size`, default 8192.
    pub max_queue_size: usize,
    /// `poll.interval.ms`, default 500 ms.
    pub poll_interval: Duration,
    /// `heartbeat.interval.ms`; `None` when 0 (the default: no heartbeats).
    pub heartbeat_interval: Option<Duration>,
    /// `heartbeat.action.query`: run on the server after each heartbeat (live only).
    pub heartbeat_action_query: Option<String>,
    /// `topic.naming.strategy`, `topic.delimiter`, `topic.transaction`,
    /// `topic.heartbeat.prefix`, `topic.heartbeat.name` (`topic.cache.size` is read
    /// and has no effect).
    pub topic_naming: TopicNaming,
    /// Schema history.
    pub schema_history: SchemaHistorySettings,
    /// Offset storage.
    pub offset_storage: OffsetStorageSettings,
    /// `producer.override.*` Java client settings of the data producer.
    pub producer_override: Vec<JavaClientSetting>,
    /// `tributary.*`.
    pub tributary: TributarySettings,
    /// Accepted keys without effect and unknown keys.
    pub warnings: Vec<ConfigWarning>,
}

impl ConnectorConfig {
    /// Reads and interprets a `.properties` file.
    pub fn load(path: impl AsRef<Path>) -> Result<ConnectorConfig, ConfigError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let map = parse_properties(&text, &path.display().to_string())?;
        ConnectorConfig::from_properties(&map)
    }

    /// Interprets a key → value map (as `.properties` or Kafka Connect's JSON config give it).
    pub fn from_properties(map: &BTreeMap<String, String>) -> Result<ConnectorConfig, ConfigError> {
        let mut keys = Keys::new(map);
        let config = read_config(&mut keys)?;
        refuse_json_only_records_with_avro(&config)?;
        let warnings = keys.finish()?;
        Ok(ConnectorConfig { warnings, ..config })
    }

    /// True for the system databases Debezium never captures (`mysql`, `sys`, ...).
    pub fn is_built_in_database(database: &str) -> bool {
        BUILT_IN_DATABASES
            .iter()
            .any(|b| b.eq_ignore_ascii_case(database))
    }

    /// True if changes of `database`.`table` are captured: not a built-in database
    /// (`mysql`, `performance_schema`, `sys`, `information_schema`, which Debezium's
    /// default `table.ignore.builtin=true` skips whatever the lists say), accepted by the
    /// database filter, and `database.table` accepted by the table filter — the
    /// conjunction Debezium's `Selectors.TableSelectionPredicateBuilder` builds.
    pub fn is_captured(&self, database: &str, table: &str) -> bool {
        !(self.table_ignore_builtin && Self::is_built_in_database(database))
            && self.database_filter.accepts(database)
            && self.table_filter.accepts(&format!("{database}.{table}"))
    }

    /// The librdkafka settings of the data producer: `bootstrap.servers` (from
    /// `tributary.kafka.bootstrap.servers`, else `producer.override.bootstrap.servers`,
    /// else the history's `kafka.bootstrap.servers`), then the history producer's and
    /// `producer.override.*` settings translated from Java names, then
    /// `tributary.kafka.*` as is. Settings librdkafka cannot honour are errors naming
    /// the key and the alternative.
    pub fn kafka_producer_settings(&self) -> Result<Vec<(String, String)>, ConfigError> {
        let mut java: Vec<JavaClientSetting> =
            self.history_bootstrap_setting().into_iter().collect();
        java.extend(self.schema_history.producer.iter().cloned());
        java.extend(self.producer_override.iter().cloned());
        self.kafka_settings(&java)
    }

    /// The librdkafka settings of a consumer of the schema history topic (history
    /// `kafka.bootstrap.servers`, `consumer.*` translated, then `tributary.kafka.*`).
    pub fn history_consumer_settings(&self) -> Result<Vec<(String, String)>, ConfigError> {
        let mut java: Vec<JavaClientSetting> =
            self.history_bootstrap_setting().into_iter().collect();
        java.extend(self.schema_history.consumer.iter().cloned());
        self.kafka_settings(&java)
    }

    /// The history topic's `kafka.bootstrap.servers`, as a Java client setting.
    fn history_bootstrap_setting(&self) -> Option<JavaClientSetting> {
        let SchemaHistoryStore::Kafka {
            bootstrap_servers, ..
        } = &self.schema_history.store
        else {
            return None;
        };
        Some(JavaClientSetting {
            property: "schema.history.internal.kafka.bootstrap.servers".into(),
            name: "bootstrap.servers".into(),
            value: bootstrap_servers.clone(),
        })
    }

    fn kafka_settings(
        &self,
        java: &[JavaClientSetting],
    ) -> Result<Vec<(String, String)>, ConfigError> {
        let settings = kafka::translate(java, &self.tributary.kafka)?;
        if !settings
            .iter()
            .any(|(k, v)| k == "bootstrap.servers" && !v.trim().is_empty())
        {
            return Err(ConfigError::Missing {
                key: "tributary.kafka.bootstrap.servers".into(),
                hint: "no Kafka bootstrap servers configured (nor schema.history.internal.kafka.bootstrap.servers \
                       or producer.override.bootstrap.servers)"
                    .into(),
            });
        }
        Ok(settings)
    }
}

/// Databases Debezium's binlog connectors never capture (`BinlogConnectorConfig.BUILT_IN_DB_NAMES`).
const BUILT_IN_DATABASES: &[&str] = &["mysql", "performance_schema", "sys", "information_schema"];

/// The map being read, with the keys already consumed.
struct Keys<'a> {
    map: &'a BTreeMap<String, String>,
    used: BTreeSet<&'a str>,
    warnings: Vec<ConfigWarning>,
}

impl<'a> Keys<'a> {
    fn new(map: &'a BTreeMap<String, String>) -> Self {
        Keys {
            map,
            used: BTreeSet::new(),
            warnings: Vec::new(),
        }
    }

    /// The value of `key` or of one of its old names; differing values are a conflict.
    fn get(&mut self, key: &str, old: &[&str]) -> Result<Option<(&'a str, &'a str)>, ConfigError> {
        let mut found: Option<(&'a str, &'a str)> = None;
        for name in std::iter::once(&key).chain(old.iter()) {
            let Some((k, v)) = self.map.get_key_value(*name) else {
                continue;
            };
            self.used.insert(k.as_str());
            match found {
                Some((first, value)) if value != v.as_str() => {
                    return Err(ConfigError::Conflict {
                        first: first.to_string(),
                        second: k.clone(),
                        reason:
                            "both name the same setting (new and old name) with different values"
                                .into(),
                    });
                }
                Some(_) => {}
                None => found = Some((k.as_str(), v.as_str())),
            }
        }
        Ok(found)
    }

    fn string(&mut self, key: &str, old: &[&str]) -> Result<Option<String>, ConfigError> {
        Ok(self.get(key, old)?.map(|(_, v)| v.to_string()))
    }

    fn parsed<T>(
        &mut self,
        key: &str,
        old: &[&str],
        default: T,
        expected: &str,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Result<T, ConfigError> {
        match self.get(key, old)? {
            None => Ok(default),
            Some((k, v)) => parse(v.trim()).ok_or_else(|| ConfigError::InvalidValue {
                key: k.to_string(),
                value: v.to_string(),
                expected: expected.to_string(),
            }),
        }
    }

    fn bool(&mut self, key: &str, old: &[&str], default: bool) -> Result<bool, ConfigError> {
        self.parsed(key, old, default, "true or false", |v| {
            if v.eq_ignore_ascii_case("true") {
                Some(true)
            } else if v.eq_ignore_ascii_case("false") {
                Some(false)
            } else {
                None
            }
        })
    }

    fn millis(&mut self, key: &str, default_ms: u64) -> Result<Duration, ConfigError> {
        let ms = self.parsed(
            key,
            &[],
            default_ms,
            "a non-negative number of milliseconds",
            |v| v.parse::<u64>().ok(),
        )?;
        Ok(Duration::from_millis(ms))
    }

    fn positive(&mut self, key: &str, default: usize) -> Result<usize, ConfigError> {
        self.parsed(key, &[], default, "a positive integer", |v| {
            v.parse::<usize>().ok().filter(|n| *n > 0)
        })
    }

    /// All entries under `prefix` (and its old spelling), as Java client settings.
    fn java_client_settings(&mut self, prefixes: &[&str]) -> Vec<JavaClientSetting> {
        let mut out = Vec::new();
        for prefix in prefixes {
            for (k, v) in self.map.range::<str, _>((
                std::ops::Bound::Included(*prefix),
                std::ops::Bound::Unbounded,
            )) {
                let Some(name) = k.strip_prefix(prefix) else {
                    break;
                };
                self.used.insert(k.as_str());
                out.push(JavaClientSetting {
                    property: k.clone(),
                    name: name.to_string(),
                    value: v.clone(),
                });
            }
        }
        out
    }

    fn warn(&mut self, key: &str, message: &str) {
        self.warnings.push(ConfigWarning {
            key: key.to_string(),
            message: message.to_string(),
        });
    }

    /// Classifies every key not read: runtime keys pass, unsupported ones fail, the rest warn.
    fn finish(mut self) -> Result<Vec<ConfigWarning>, ConfigError> {
        let unread: Vec<(&'a String, &'a String)> = self
            .map
            .iter()
            .filter(|(k, _)| !self.used.contains(k.as_str()))
            .collect();
        for (key, value) in unread {
            match classify_unread(key, value) {
                Unread::Accepted => {}
                Unread::Warn(message) => self.warn(key, &message),
                Unread::Unsupported(reason) => {
                    return Err(ConfigError::Unsupported {
                        key: key.clone(),
                        value: value.clone(),
                        reason,
                    });
                }
            }
        }
        Ok(self.warnings)
    }
}

enum Unread {
    Accepted,
    Warn(String),
    Unsupported(String),
}

/// Keys that change what is emitted, and the value(s) that leave output as Debezium's default.
const DEFAULT_ONLY: &[(&str, &[&str])] = &[
    ("transforms", &[""]),
    ("predicates", &[""]),
    ("converters", &[""]),
    // Record headers (a key change's `__debezium.oldkey`/`newkey`) are written as Kafka
    // Connect's default header converter writes them.
    (
        "header.converter",
        &["org.apache.kafka.connect.storage.SimpleHeaderConverter"],
    ),
    ("binlog.metadata.based.schema", &["false"]),
    ("snapshot.query.mode", &["select_all"]),
    ("event.processing.failure.handling.mode", &["fail"]),
    ("event.deserialization.failure.handling.mode", &["fail"]),
    // GTID source filters: which transactions are streamed.
    ("gtid.source.includes", &[""]),
    ("gtid.source.excludes", &[""]),
    ("gtid.source.filter.dml.events", &["true"]),
    // The old name of topic.heartbeat.prefix.
    ("heartbeat.topics.prefix", &["__debezium-heartbeat"]),
    ("database.initial.statements", &[""]),
    // Signals and incremental snapshots, notifications, post processors, lineage.
    ("signal.data.collection", &[""]),
    ("signal.enabled.channels", &["source"]),
    ("incremental.snapshot.allow.schema.changes", &["false"]),
    ("notification.enabled.channels", &[""]),
    ("post.processors", &[""]),
    ("openlineage.integration.enabled", &["false"]),
    (
        "transaction.metadata.factory",
        &["io.debezium.pipeline.txmetadata.DefaultTransactionMetadataFactory"],
    ),
    (
        "sourceinfo.struct.maker",
        &["io.debezium.connector.mysql.MySqlSourceInfoStructMaker"],
    ),
    ("snapshot.mode.custom.name", &[""]),
    ("snapshot.query.mode.custom.name", &[""]),
    ("guardrail.collections.max", &["0"]),
];

/// Debezium options that tune its JVM implementation (buffers, pools, metrics, JDBC
/// details, memory layout) or only apply with a refused option: accepted, with a
/// warning that they have no effect in Tributary.
const NO_EFFECT: &[(&str, &str)] = &[
    (
        "binlog.buffer.size",
        "Tributary reads the binlog stream without a separate event buffer",
    ),
    (
        "binlog.net.read.timeout",
        "stall detection uses connect.keep.alive.interval.ms",
    ),
    (
        "binlog.net.write.timeout",
        "stall detection uses connect.keep.alive.interval.ms",
    ),
    (
        "connection.validation.timeout.ms",
        "no JDBC connection pool",
    ),
    ("custom.metric.tags", "no JMX metrics"),
    ("custom.sanitize.pattern", "secrets are never logged"),
    (
        "database.jdbc.driver",
        "no JDBC driver: Tributary speaks the MySQL protocol itself",
    ),
    (
        "database.protocol",
        "no JDBC driver: Tributary speaks the MySQL protocol itself",
    ),
    (
        "database.query.timeout.ms",
        "queries run without a JDBC statement timeout",
    ),
    (
        "database.server.id.offset",
        "only used by Debezium for its snapshot connection",
    ),
    ("ddl.parser.type", "Tributary has one DDL parser"),
    ("executor.shutdown.timeout.ms", "no executor threads"),
    (
        "gtid.ignore.on.recovery",
        "no effect without GTID source filters",
    ),
    (
        "guardrail.collections.limit.action",
        "no effect while guardrail.collections.max is 0",
    ),
    (
        "incremental.snapshot.chunk.size",
        "incremental snapshots are not implemented (signal.data.collection is refused)",
    ),
    (
        "incremental.snapshot.watermarking.strategy",
        "incremental snapshots are not implemented (signal.data.collection is refused)",
    ),
    ("internal.advanced.metrics.enable", "no JMX metrics"),
    (
        "internal.log.position.check.enable",
        "internal Debezium switch",
    ),
    (
        "internal.snapshot.scan.all.columns.force",
        "internal Debezium switch",
    ),
    (
        "legacy.snapshot.max.threads",
        "snapshot.max.threads reads tables in parallel",
    ),
    (
        "max.queue.size.in.bytes",
        "memory is bounded by max.queue.size and max.batch.size",
    ),
    ("memory.management.schemas.class", "Java storage class"),
    ("memory.management.tables.class", "Java storage class"),
    (
        "min.row.count.to.stream.results",
        "snapshot rows are always streamed",
    ),
    (
        "notification.sink.topic.name",
        "notifications are not implemented",
    ),
    (
        "openlineage.integration.config.file.path",
        "OpenLineage is not implemented",
    ),
    (
        "openlineage.integration.dataset.kafka.bootstrap.servers",
        "OpenLineage is not implemented",
    ),
    (
        "openlineage.integration.job.description",
        "OpenLineage is not implemented",
    ),
    (
        "openlineage.integration.job.namespace",
        "OpenLineage is not implemented",
    ),
    (
        "openlineage.integration.job.owners",
        "OpenLineage is not implemented",
    ),
    (
        "openlineage.integration.job.tags",
        "OpenLineage is not implemented",
    ),
    ("query.fetch.size", "result sets are streamed"),
    ("signal.poll.interval.ms", "signals are not implemented"),
    ("snapshot.max.threads.multiplier", "one reader per table"),
    (
        "snapshot.mode.configuration.based.snapshot.data",
        "snapshot.mode=configuration_based is refused",
    ),
    (
        "snapshot.mode.configuration.based.snapshot.on.data.error",
        "snapshot.mode=configuration_based is refused",
    ),
    (
        "snapshot.mode.configuration.based.snapshot.on.schema.error",
        "snapshot.mode=configuration_based is refused",
    ),
    (
        "snapshot.mode.configuration.based.snapshot.schema",
        "snapshot.mode=configuration_based is refused",
    ),
    (
        "snapshot.mode.configuration.based.start.stream",
        "snapshot.mode=configuration_based is refused",
    ),
    ("statistics.metrics.enabled", "no JMX metrics"),
    (
        "streaming.delay.ms",
        "streaming starts right after the snapshot",
    ),
    (
        "use.nongraceful.disconnect",
        "connections are closed with COM_QUIT",
    ),
];

/// Prefixes of keys that change what is emitted (any value is unsupported).
const UNSUPPORTED_PREFIXES: &[&str] = &["transforms.", "predicates."];

/// Kafka Connect runtime keys that do not affect Tributary.
const RUNTIME_KEYS: &[&str] = &[
    "name",
    "offset.flush.timeout.ms",
    "config.action.reload",
    "key.converter",
    "value.converter",
];

fn classify_unread(key: &str, value: &str) -> Unread {
    let trimmed = value.trim();
    if let Some((_, defaults)) = DEFAULT_ONLY.iter().find(|(k, _)| *k == key) {
        return if defaults.iter().any(|d| d.eq_ignore_ascii_case(trimmed)) {
            Unread::Accepted
        } else {
            Unread::Unsupported(format!(
                "it changes what the connector emits or does, and only Debezium's default ({}) is implemented",
                defaults
                    .first()
                    .map(|d| if d.is_empty() { "unset" } else { d })
                    .unwrap_or("unset")
            ))
        };
    }
    if UNSUPPORTED_PREFIXES.iter().any(|p| key.starts_with(p)) {
        return Unread::Unsupported("it changes the emitted events and is not implemented".into());
    }
    if RUNTIME_KEYS.contains(&key) || key.starts_with("errors.") {
        return Unread::Accepted;
    }
    if let Some((_, why)) = NO_EFFECT.iter().find(|(k, _)| *k == key) {
        return Unread::Warn(format!("no effect in Tributary: {why}"));
    }
    if key.starts_with("tributary.") {
        return Unread::Warn("not a Tributary setting known to the configuration reader".into());
    }
    if key.starts_with("key.converter.") || key.starts_with("value.converter.") {
        return Unread::Warn(
            "converter setting not interpreted by Tributary's JsonConverter/AvroConverter".into(),
        );
    }
    Unread::Warn("unknown to Tributary; ignored".into())
}

/// Transaction-metadata and heartbeat records have JSON writers only: with an Avro
/// converter they would go out in the wrong format, so the combination is refused.
fn refuse_json_only_records_with_avro(config: &ConnectorConfig) -> Result<(), ConfigError> {
    if !(config.converters.key.is_binary() || config.converters.value.is_binary()) {
        return Ok(());
    }
    let refuse = |key: &str, value: String| ConfigError::Unsupported {
        key: key.into(),
        value,
        reason: "transaction-metadata and heartbeat records are not implemented with \
                 io.confluent.connect.avro.AvroConverter yet; use JsonConverter or turn the \
                 option off"
            .into(),
    };
    if config.provide_transaction_metadata {
        return Err(refuse("provide.transaction.metadata", "true".into()));
    }
    if let Some(interval) = config.heartbeat_interval {
        return Err(refuse(
            "heartbeat.interval.ms",
            interval.as_millis().to_string(),
        ));
    }
    Ok(())
}

fn read_config(keys: &mut Keys<'_>) -> Result<ConnectorConfig, ConfigError> {
    let connector = read_connector_class(keys)?;
    let converters = read_converters(keys)?;
    let tasks = keys.parsed("tasks.max", &[], 1u32, "a positive integer", |v| {
        v.parse::<u32>().ok().filter(|n| *n > 0)
    })?;
    if tasks > 1 {
        keys.warn(
            "tasks.max",
            "the MySQL connector runs one task; Tributary does too",
        );
    }
    let name = keys.string("name", &[])?;
    let topic_prefix = keys
        .string("topic.prefix", &["database.server.name"])?
        .filter(|p| !p.trim().is_empty())
        .ok_or_else(|| ConfigError::Missing {
            key: "topic.prefix".into(),
            hint: "the prefix of every topic name (old name database.server.name)".into(),
        })?;
    let database = read_database(keys, connector)?;
    let database_filter = read_filter(
        keys,
        ("database.include.list", &["database.whitelist"]),
        ("database.exclude.list", &["database.blacklist"]),
    )?;
    let table_filter = read_filter(
        keys,
        ("table.include.list", &["table.whitelist"]),
        ("table.exclude.list", &["table.blacklist"]),
    )?;
    let shaping = columns::read_shaping(keys)?;
    let schema_history = read_schema_history(keys)?;
    let offset_storage = read_offset_storage(keys, name.as_deref())?;
    let producer_override = keys.java_client_settings(&["producer.override."]);
    let tributary = read_tributary(keys)?;
    Ok(ConnectorConfig {
        connector,
        name,
        topic_prefix,
        database,
        database_filter,
        table_filter,
        include_schema_changes: keys.bool("include.schema.changes", &[], true)?,
        snapshot_mode: read_snapshot_mode(keys)?,
        snapshot: read_snapshot_settings(keys)?,
        key_schemas_enable: keys.bool("key.converter.schemas.enable", &[], true)?,
        value_schemas_enable: keys.bool("value.converter.schemas.enable", &[], true)?,
        converters,
        schema_name_adjustment_mode: read_name_adjustment(keys, "schema.name.adjustment.mode")?,
        field_name_adjustment_mode: read_name_adjustment(keys, "field.name.adjustment.mode")?,
        tombstones_on_delete: keys.bool("tombstones.on.delete", &[], true)?,
        table_ignore_builtin: keys.bool("table.ignore.builtin", &[], true)?,
        provide_transaction_metadata: keys.bool("provide.transaction.metadata", &[], false)?,
        shaping,
        decimal_handling_mode: keys.parsed(
            "decimal.handling.mode",
            &[],
            DecimalHandlingMode::Precise,
            "precise, double or string",
            |v| match v.to_ascii_lowercase().as_str() {
                "precise" => Some(DecimalHandlingMode::Precise),
                "double" => Some(DecimalHandlingMode::Double),
                "string" => Some(DecimalHandlingMode::String),
                _ => None,
            },
        )?,
        time_precision_mode: read_time_precision_mode(keys)?,
        bigint_unsigned_handling_mode: keys.parsed(
            "bigint.unsigned.handling.mode",
            &[],
            BigIntUnsignedHandlingMode::Long,
            "long or precise",
            |v| match v.to_ascii_lowercase().as_str() {
                "long" => Some(BigIntUnsignedHandlingMode::Long),
                "precise" => Some(BigIntUnsignedHandlingMode::Precise),
                _ => None,
            },
        )?,
        event_converting_failure_handling_mode: keys.parsed(
            "event.converting.failure.handling.mode",
            &[],
            FailureHandlingMode::Warn,
            "fail, warn or skip",
            FailureHandlingMode::parse_converting,
        )?,
        inconsistent_schema_handling_mode: keys.parsed(
            "inconsistent.schema.handling.mode",
            &[],
            FailureHandlingMode::Fail,
            "fail, warn, skip or ignore",
            FailureHandlingMode::parse_processing,
        )?,
        enable_time_adjuster: keys.bool("enable.time.adjuster", &[], true)?,
        include_schema_comments: keys.bool("include.schema.comments", &[], false)?,
        column_propagate_source_type: read_regex_list(keys, "column.propagate.source.type")?,
        datatype_propagate_source_type: read_regex_list(keys, "datatype.propagate.source.type")?,
        binary_handling_mode: keys.parsed(
            "binary.handling.mode",
            &[],
            BinaryHandlingMode::Bytes,
            "bytes, base64, base64-url-safe or hex",
            |v| match v.to_ascii_lowercase().as_str() {
                "bytes" => Some(BinaryHandlingMode::Bytes),
                "base64" => Some(BinaryHandlingMode::Base64),
                "base64-url-safe" => Some(BinaryHandlingMode::Base64UrlSafe),
                "hex" => Some(BinaryHandlingMode::Hex),
                _ => None,
            },
        )?,
        max_batch_size: keys.positive("max.batch.size", 2048)?,
        max_queue_size: keys.positive("max.queue.size", 8192)?,
        poll_interval: keys.millis("poll.interval.ms", 500)?,
        heartbeat_interval: Some(keys.millis("heartbeat.interval.ms", 0)?).filter(|d| !d.is_zero()),
        heartbeat_action_query: keys
            .string("heartbeat.action.query", &[])?
            .filter(|q| !q.trim().is_empty()),
        topic_naming: read_topic_naming(keys)?,
        schema_history,
        offset_storage,
        producer_override,
        tributary,
        warnings: Vec::new(),
    })
}

/// A Debezium regex list (`Strings.setOfRegex`, whole-name, case-insensitive); empty
/// when the key is absent or blank.
fn read_regex_list(keys: &mut Keys<'_>, key: &str) -> Result<Vec<regex::Regex>, ConfigError> {
    match keys.get(key, &[])? {
        Some((k, v)) if !v.trim().is_empty() => filter::compile_regex_list(k, v),
        _ => Ok(Vec::new()),
    }
}

/// Debezium's `CommonConnectorConfig.TOPIC_NAME_PATTERN`, which `topic.delimiter`,
/// `topic.transaction`, `topic.heartbeat.prefix` and `topic.heartbeat.name` must match.
fn valid_topic_part(v: &str) -> bool {
    !v.is_empty()
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

fn read_topic_naming(keys: &mut Keys<'_>) -> Result<TopicNaming, ConfigError> {
    let defaults = TopicNaming::default();
    let strategy = match keys.get("topic.naming.strategy", &[])? {
        None => TopicNamingStrategy::Default,
        Some((key, value)) => match value.trim() {
            "io.debezium.schema.DefaultTopicNamingStrategy" => TopicNamingStrategy::Default,
            "io.debezium.schema.SchemaTopicNamingStrategy" => TopicNamingStrategy::Schema,
            _ => {
                return Err(ConfigError::Unsupported {
                    key: key.to_string(),
                    value: value.to_string(),
                    reason:
                        "only Debezium's built-in io.debezium.schema.DefaultTopicNamingStrategy \
                             and io.debezium.schema.SchemaTopicNamingStrategy are implemented"
                            .into(),
                });
            }
        },
    };
    let topic_part = "only the underscore, hyphen, dot and alphanumeric characters";
    let delimiter = keys.parsed(
        "topic.delimiter",
        &[],
        defaults.delimiter,
        topic_part,
        |v| valid_topic_part(v).then(|| v.to_owned()),
    )?;
    let transaction = keys.parsed(
        "topic.transaction",
        &[],
        defaults.transaction,
        topic_part,
        |v| valid_topic_part(v).then(|| v.to_owned()),
    )?;
    let heartbeat_prefix = keys.parsed(
        "topic.heartbeat.prefix",
        &[],
        defaults.heartbeat_prefix,
        topic_part,
        |v| valid_topic_part(v).then(|| v.to_owned()),
    )?;
    let heartbeat_name = keys.parsed("topic.heartbeat.name", &[], None, topic_part, |v| {
        if v.is_empty() {
            Some(None)
        } else {
            valid_topic_part(v).then(|| Some(v.to_owned()))
        }
    })?;
    // A cache of topic names in Debezium: no effect on what is emitted.
    keys.parsed("topic.cache.size", &[], 10_000i32, "an integer", |v| {
        v.parse::<i32>().ok()
    })?;
    Ok(TopicNaming {
        strategy,
        delimiter,
        transaction,
        heartbeat_prefix,
        heartbeat_name,
    })
}

fn read_time_precision_mode(keys: &mut Keys<'_>) -> Result<TimePrecisionMode, ConfigError> {
    let Some((key, value)) = keys.get("time.precision.mode", &[])? else {
        return Ok(TimePrecisionMode::AdaptiveTimeMicroseconds);
    };
    match value.trim().to_ascii_lowercase().as_str() {
        "adaptive_time_microseconds" => Ok(TimePrecisionMode::AdaptiveTimeMicroseconds),
        "connect" => Ok(TimePrecisionMode::Connect),
        "isostring" => Ok(TimePrecisionMode::IsoString),
        "microseconds" => Ok(TimePrecisionMode::Microseconds),
        "nanoseconds" => Ok(TimePrecisionMode::Nanoseconds),
        _ => Err(ConfigError::InvalidValue {
            key: key.to_string(),
            value: value.to_string(),
            // `adaptive` is refused too: Debezium's binlog connectors reject it
            // (`BinlogConnectorConfig.validateTimePrecisionMode`).
            expected: "adaptive_time_microseconds, connect, isostring, microseconds or nanoseconds"
                .into(),
        }),
    }
}

fn read_connector_class(keys: &mut Keys<'_>) -> Result<ConnectorKind, ConfigError> {
    keys.parsed(
        "connector.class",
        &[],
        ConnectorKind::MySql,
        "io.debezium.connector.mysql.MySqlConnector or io.debezium.connector.mariadb.MariaDbConnector",
        |v| match v {
            "io.debezium.connector.mysql.MySqlConnector" => Some(ConnectorKind::MySql),
            "io.debezium.connector.mariadb.MariaDbConnector" => Some(ConnectorKind::MariaDb),
            _ => None,
        },
    )
}

/// `schema.name.adjustment.mode` / `field.name.adjustment.mode`: none, avro or
/// avro_unicode.
fn read_name_adjustment(keys: &mut Keys<'_>, key: &str) -> Result<NameAdjustment, ConfigError> {
    keys.parsed(
        key,
        &[],
        NameAdjustment::None,
        "none, avro or avro_unicode",
        |v| match v.to_ascii_lowercase().as_str() {
            "none" => Some(NameAdjustment::None),
            "avro" => Some(NameAdjustment::Avro),
            "avro_unicode" => Some(NameAdjustment::AvroUnicode),
            _ => None,
        },
    )
}

/// `key.converter` / `value.converter`: Kafka's JsonConverter (default) or Confluent's
/// AvroConverter with its `<side>.converter.*` settings.
fn read_converters(keys: &mut Keys<'_>) -> Result<Converters, ConfigError> {
    Ok(Converters {
        key: read_converter(keys, "key")?,
        value: read_converter(keys, "value")?,
    })
}

const JSON_CONVERTER: &str = "org.apache.kafka.connect.json.JsonConverter";
const AVRO_CONVERTER: &str = "io.confluent.connect.avro.AvroConverter";

/// AvroConverter settings that change the output and are implemented only at their
/// default value.
const AVRO_DEFAULT_ONLY: &[(&str, &str, &str)] = &[
    (
        "use.latest.version",
        "false",
        "serializing with the subject's latest registered schema is not implemented",
    ),
    (
        "enhanced.avro.schema.support",
        "false",
        "the enhanced schema translation is not implemented",
    ),
    (
        "normalize.schemas",
        "false",
        "schema normalization is not implemented",
    ),
    (
        "scrub.invalid.names",
        "false",
        "name scrubbing is not implemented",
    ),
];

/// AvroConverter settings (prefixes) that Tributary's registry client cannot honour.
const AVRO_UNSUPPORTED_PREFIXES: &[(&str, &str)] = &[
    (
        "schema.registry.ssl.",
        "TLS to the schema registry is not implemented (only http:// URLs)",
    ),
    (
        "bearer.auth.",
        "bearer authentication is not implemented (basic.auth.* is)",
    ),
    ("proxy.", "HTTP proxies are not implemented"),
];

fn read_converter(keys: &mut Keys<'_>, side: &str) -> Result<ConverterSettings, ConfigError> {
    let class_key = format!("{side}.converter");
    let class = keys
        .get(&class_key, &[])?
        .map(|(_, v)| v.trim())
        .unwrap_or(JSON_CONVERTER);
    let setting = |name: &str| format!("{side}.converter.{name}");
    match class {
        JSON_CONVERTER => Ok(ConverterSettings::Json {
            schemas_enable: keys.bool(&setting("schemas.enable"), &[], true)?,
        }),
        AVRO_CONVERTER => read_avro_converter(keys, side),
        other => Err(ConfigError::Unsupported {
            key: class_key,
            value: other.to_string(),
            reason: format!("only {JSON_CONVERTER} and {AVRO_CONVERTER} are implemented"),
        }),
    }
}

fn read_avro_converter(keys: &mut Keys<'_>, side: &str) -> Result<ConverterSettings, ConfigError> {
    let setting = |name: &str| format!("{side}.converter.{name}");
    for (name, default, reason) in AVRO_DEFAULT_ONLY {
        if let Some((k, v)) = keys.get(&setting(name), &[])?
            && !v.trim().eq_ignore_ascii_case(default)
        {
            return Err(ConfigError::Unsupported {
                key: k.to_string(),
                value: v.to_string(),
                reason: format!("{reason}; only {default} is"),
            });
        }
    }
    let prefix = setting("");
    let unsupported = keys
        .map
        .iter()
        .filter_map(|(k, v)| {
            let name = k.strip_prefix(&prefix)?;
            let (_, reason) = AVRO_UNSUPPORTED_PREFIXES
                .iter()
                .find(|(p, _)| name.starts_with(p))?;
            Some((k.clone(), v.clone(), *reason))
        })
        .next();
    if let Some((key, value, reason)) = unsupported {
        return Err(ConfigError::Unsupported {
            key,
            value,
            reason: reason.to_string(),
        });
    }
    let url_key = setting("schema.registry.url");
    let url = keys
        .string(&url_key, &[])?
        .filter(|u| !u.trim().is_empty())
        .ok_or_else(|| ConfigError::Missing {
            key: url_key.clone(),
            hint: "the AvroConverter's schema registry (http://host:port, or mock://scope for an in-process registry)"
                .into(),
        })?;
    let source_key = setting("basic.auth.credentials.source");
    let source = keys
        .string(&source_key, &[])?
        .unwrap_or_else(|| "URL".into());
    let user_info = keys.string(
        &setting("basic.auth.user.info"),
        &[&setting("schema.registry.basic.auth.user.info")],
    )?;
    let user_info = match source.trim().to_ascii_uppercase().as_str() {
        "URL" => None,
        "USER_INFO" => Some(user_info.ok_or_else(|| ConfigError::Missing {
            key: setting("basic.auth.user.info"),
            hint: "user:password, required by basic.auth.credentials.source=USER_INFO".into(),
        })?),
        _ => {
            return Err(ConfigError::Unsupported {
                key: source_key,
                value: source,
                reason: "only URL and USER_INFO credentials are implemented".into(),
            });
        }
    };
    let trimmed = url.trim();
    let registry = if let Some(scope) = trimmed.strip_prefix("mock://") {
        if trimmed.contains(',') {
            return Err(ConfigError::InvalidValue {
                key: url_key,
                value: url.clone(),
                expected: "a single mock:// URL".into(),
            });
        }
        RegistryConfig::Mock {
            scope: scope.to_string(),
        }
    } else {
        // Validate now (no I/O): a bad URL is a startup error, not a stream error.
        HttpSchemaRegistry::new(trimmed, user_info.as_deref()).map_err(|e| {
            ConfigError::InvalidValue {
                key: url_key.clone(),
                value: url.clone(),
                expected: e.to_string(),
            }
        })?;
        RegistryConfig::Http {
            urls: trimmed.to_string(),
            user_info,
        }
    };
    let strategy_key = setting(&format!("{side}.subject.name.strategy"));
    let subject_name_strategy = keys.parsed(
        &strategy_key,
        &[],
        SubjectNameStrategy::Topic,
        "io.confluent.kafka.serializers.subject.TopicNameStrategy, RecordNameStrategy or TopicRecordNameStrategy",
        |v| match v.rsplit('.').next().unwrap_or(v) {
            "TopicNameStrategy" => Some(SubjectNameStrategy::Topic),
            "RecordNameStrategy" => Some(SubjectNameStrategy::Record),
            "TopicRecordNameStrategy" => Some(SubjectNameStrategy::TopicRecord),
            _ => None,
        },
    )?;
    keys.parsed(
        &setting("schemas.cache.config"),
        &[],
        1000usize,
        "a positive integer",
        |v| v.parse::<usize>().ok().filter(|n| *n > 0),
    )?;
    Ok(ConverterSettings::Avro(AvroConverterConfig {
        registry,
        auto_register_schemas: keys.bool(&setting("auto.register.schemas"), &[], true)?,
        subject_name_strategy,
        schema: AvroSchemaOptions {
            connect_meta_data: keys.bool(&setting("connect.meta.data"), &[], true)?,
        },
    }))
}

/// `database.ssl.mode`: the MySQL connector's values (default `preferred`), or the
/// MariaDB connector's (`MariaDbConnectorConfig.MariaDbSecureConnectionMode`:
/// `disable` — the default —, `trust`, `verify-ca`, `verify-full`, which Debezium
/// maps to the binlog client's disabled, required, verify_ca, verify_identity).
fn read_ssl_mode(
    keys: &mut Keys<'_>,
    connector: ConnectorKind,
) -> Result<DatabaseSslMode, ConfigError> {
    match connector {
        ConnectorKind::MySql => keys.parsed(
            "database.ssl.mode",
            &[],
            DatabaseSslMode::Preferred,
            "disabled, preferred, required, verify_ca or verify_identity",
            |v| match v.to_ascii_lowercase().as_str() {
                "disabled" => Some(DatabaseSslMode::Disabled),
                "preferred" => Some(DatabaseSslMode::Preferred),
                "required" => Some(DatabaseSslMode::Required),
                "verify_ca" => Some(DatabaseSslMode::VerifyCa),
                "verify_identity" => Some(DatabaseSslMode::VerifyIdentity),
                _ => None,
            },
        ),
        ConnectorKind::MariaDb => keys.parsed(
            "database.ssl.mode",
            &[],
            DatabaseSslMode::Disabled,
            "disable, trust, verify-ca or verify-full (the MariaDB connector's values)",
            |v| match v.to_ascii_lowercase().as_str() {
                "disable" => Some(DatabaseSslMode::Disabled),
                "trust" => Some(DatabaseSslMode::Required),
                "verify-ca" => Some(DatabaseSslMode::VerifyCa),
                "verify-full" => Some(DatabaseSslMode::VerifyIdentity),
                _ => None,
            },
        ),
    }
}

fn read_database(
    keys: &mut Keys<'_>,
    connector: ConnectorKind,
) -> Result<DatabaseSettings, ConfigError> {
    Ok(DatabaseSettings {
        hostname: keys.string("database.hostname", &[])?,
        port: keys.parsed("database.port", &[], 3306u16, "a TCP port number", |v| {
            v.parse::<u16>().ok().filter(|p| *p > 0)
        })?,
        user: keys.string("database.user", &[])?,
        password: keys.string("database.password", &[])?,
        server_id: match keys.get("database.server.id", &[])? {
            None => None,
            Some((k, v)) => Some(v.trim().parse::<u32>().ok().filter(|n| *n > 0).ok_or_else(
                || ConfigError::InvalidValue {
                    key: k.to_string(),
                    value: v.to_string(),
                    expected: "a server id from 1 to 4294967295".into(),
                },
            )?),
        },
        ssl_mode: read_ssl_mode(keys, connector)?,
        connect_timeout: keys.millis("connect.timeout.ms", 30_000)?,
        ssl: read_ssl_files(keys)?,
        allow_public_key_retrieval: keys.bool("database.allowPublicKeyRetrieval", &[], false)?,
        keep_alive: keys.bool("connect.keep.alive", &[], true)?,
        keep_alive_interval: keys.parsed(
            "connect.keep.alive.interval.ms",
            &[],
            Duration::from_secs(60),
            "a positive number of milliseconds",
            |v| {
                v.parse::<u64>()
                    .ok()
                    .filter(|ms| *ms > 0)
                    .map(Duration::from_millis)
            },
        )?,
        max_retries: keys.parsed(
            "errors.max.retries",
            &[],
            None,
            "-1 (no limit), 0 (no retries) or a positive number",
            |v| match v.parse::<i64>().ok()? {
                -1 => Some(None),
                n => u32::try_from(n).ok().map(Some),
            },
        )?,
        retry_wait: keys.millis("retriable.restart.connector.wait.ms", 10_000)?,
    })
}

/// The TLS file keys: a store without a file name is unset, as in Debezium.
fn read_ssl_files(keys: &mut Keys<'_>) -> Result<SslFiles, ConfigError> {
    let path = |keys: &mut Keys<'_>, key: &str| -> Result<Option<PathBuf>, ConfigError> {
        Ok(keys
            .string(key, &[])?
            .filter(|v| !v.trim().is_empty())
            .map(|v| PathBuf::from(v.trim())))
    };
    let truststore_password = keys
        .string("database.ssl.truststore.password", &[])?
        .unwrap_or_default();
    let keystore_password = keys
        .string("database.ssl.keystore.password", &[])?
        .unwrap_or_default();
    let files = SslFiles {
        ca: path(keys, "tributary.database.ssl.ca")?,
        cert: path(keys, "tributary.database.ssl.cert")?,
        key: path(keys, "tributary.database.ssl.key")?,
        truststore: path(keys, "database.ssl.truststore")?.map(|p| (p, truststore_password)),
        keystore: path(keys, "database.ssl.keystore")?.map(|p| (p, keystore_password)),
    };
    if files.cert.is_some() != files.key.is_some() {
        let (given, missing) = if files.cert.is_some() {
            ("tributary.database.ssl.cert", "tributary.database.ssl.key")
        } else {
            ("tributary.database.ssl.key", "tributary.database.ssl.cert")
        };
        return Err(ConfigError::Missing {
            key: missing.into(),
            hint: format!(
                "{given} is set: a client certificate needs both its certificate and its key (PEM)"
            ),
        });
    }
    if files.cert.is_some() && files.keystore.is_some() {
        return Err(ConfigError::Conflict {
            first: "database.ssl.keystore".into(),
            second: "tributary.database.ssl.cert".into(),
            reason: "both name the client certificate; give one of them".into(),
        });
    }
    for (key, store) in [
        ("database.ssl.truststore", &files.truststore),
        ("database.ssl.keystore", &files.keystore),
    ] {
        if let Some((path, _)) = store
            && let Ok(head) = std::fs::read(path).map(|b| b.get(..4).map(<[u8]>::to_vec))
            && let Some(kind) =
                crate::replication::java_keystore_kind(head.as_deref().unwrap_or_default())
        {
            return Err(ConfigError::Unsupported {
                key: key.into(),
                value: path.display().to_string(),
                reason: format!(
                    "it is a {kind} Java KeyStore, which Tributary cannot read; convert it to PKCS#12 (keytool -importkeystore -srckeystore {} -destkeystore store.p12 -deststoretype PKCS12) or give PEM files with tributary.database.ssl.ca / tributary.database.ssl.cert / tributary.database.ssl.key",
                    path.display()
                ),
            });
        }
    }
    Ok(files)
}

type KeyNames<'n> = (&'n str, &'n [&'n str]);

fn read_filter(
    keys: &mut Keys<'_>,
    include: KeyNames<'_>,
    exclude: KeyNames<'_>,
) -> Result<NameFilter, ConfigError> {
    let include_list = keys
        .get(include.0, include.1)?
        .filter(|(_, v)| !v.trim().is_empty());
    let exclude_list = keys
        .get(exclude.0, exclude.1)?
        .filter(|(_, v)| !v.trim().is_empty());
    match (include_list, exclude_list) {
        (Some((ik, _)), Some((ek, _))) => Err(ConfigError::Conflict {
            first: ik.to_string(),
            second: ek.to_string(),
            reason: "an include list and an exclude list of the same kind cannot both be set (Debezium refuses it too)"
                .into(),
        }),
        (Some((k, v)), None) => Ok(NameFilter::Include(filter::compile_regex_list(k, v)?)),
        (None, Some((k, v))) => Ok(NameFilter::Exclude(filter::compile_regex_list(k, v)?)),
        (None, None) => Ok(NameFilter::All),
    }
}

fn read_snapshot_mode(keys: &mut Keys<'_>) -> Result<SnapshotMode, ConfigError> {
    let Some((key, value)) = keys.get("snapshot.mode", &[])? else {
        return Ok(SnapshotMode::Initial);
    };
    match value.trim().to_ascii_lowercase().as_str() {
        "initial" => Ok(SnapshotMode::Initial),
        "initial_only" => Ok(SnapshotMode::InitialOnly),
        "always" => Ok(SnapshotMode::Always),
        "when_needed" => Ok(SnapshotMode::WhenNeeded),
        "no_data" | "schema_only" => Ok(SnapshotMode::NoData),
        "recovery" | "schema_only_recovery" => Ok(SnapshotMode::Recovery),
        "never" => Ok(SnapshotMode::Never),
        "custom" | "configuration_based" => Err(ConfigError::Unsupported {
            key: key.to_string(),
            value: value.to_string(),
            reason: "custom snapshotters are Java plugins; use initial, no_data, when_needed, always or never".into(),
        }),
        _ => Err(ConfigError::InvalidValue {
            key: key.to_string(),
            value: value.to_string(),
            expected: "initial, initial_only, always, when_needed, no_data, recovery or never".into(),
        }),
    }
}

fn read_snapshot_settings(keys: &mut Keys<'_>) -> Result<SnapshotSettings, ConfigError> {
    let include_collections = match keys
        .get("snapshot.include.collection.list", &[])?
        .filter(|(_, v)| !v.trim().is_empty())
    {
        Some((k, v)) => filter::compile_regex_list(k, v)?,
        None => Vec::new(),
    };
    let mut select_overrides = BTreeMap::new();
    let base = "snapshot.select.statement.overrides";
    if let Some((_, list)) = keys.get(base, &[])? {
        // RelationalDatabaseConnectorConfig.getSnapshotSelectOverridesByTable: the list
        // names tables (`db.table`, optionally double-quoted); each one's statement is
        // under `<base>.<table as written>`; a missing statement is warned about.
        for table in list.split(',').map(str::trim).filter(|t| !t.is_empty()) {
            let key = format!("{base}.{table}");
            let Some((_, statement)) = keys.get(&key, &[])? else {
                keys.warn(
                    &key,
                    "listed in snapshot.select.statement.overrides but not defined: the \
                     table is snapshotted with the default SELECT (as Debezium does)",
                );
                continue;
            };
            let Some(id) = parse_table_id(table) else {
                return Err(ConfigError::InvalidValue {
                    key: base.to_string(),
                    value: table.to_string(),
                    expected: "fully-qualified table names <database>.<table>".into(),
                });
            };
            select_overrides.insert(id, statement.trim().to_string());
        }
    }
    // Statements under the prefix whose table the list does not name do nothing in
    // Debezium either; they are read (not reported as unsupported) and warned about.
    let prefix = format!("{base}.");
    let stray: Vec<String> = keys
        .map
        .keys()
        .filter(|k| k.starts_with(&prefix) && !keys.used.contains(k.as_str()))
        .cloned()
        .collect();
    for key in stray {
        let _ = keys.get(&key, &[])?;
        keys.warn(&key, "its table is not listed in snapshot.select.statement.overrides: ignored, as Debezium does");
    }
    let fetch_size = match keys.get("snapshot.fetch.size", &[])? {
        None => None,
        Some((k, v)) => match v.trim().parse::<i64>() {
            Ok(n) if n > 0 => Some(usize::try_from(n).unwrap_or(usize::MAX)),
            // Debezium's default is Integer.MIN_VALUE (stream row by row): any value
            // <= 0 means "no explicit fetch size".
            Ok(_) => None,
            Err(_) => {
                return Err(ConfigError::InvalidValue {
                    key: k.to_string(),
                    value: v.to_string(),
                    expected: "an integer".into(),
                });
            }
        },
    };
    let locking_mode = match keys.get("snapshot.locking.mode", &[])? {
        None => SnapshotLockingMode::Minimal,
        Some((k, v)) => match v.trim().to_ascii_lowercase().as_str() {
            "minimal" => SnapshotLockingMode::Minimal,
            "extended" => SnapshotLockingMode::Extended,
            "none" => SnapshotLockingMode::None,
            "minimal_percona"
            | "minimal_percona_no_table_locks"
            | "minimal_at_least_once"
            | "custom" => {
                return Err(ConfigError::Unsupported {
                    key: k.to_string(),
                    value: v.to_string(),
                    reason: "Percona backup locks and custom lock plugins are not implemented; \
                             use minimal, extended or none"
                        .into(),
                });
            }
            _ => {
                return Err(ConfigError::InvalidValue {
                    key: k.to_string(),
                    value: v.to_string(),
                    expected: "minimal, extended or none".into(),
                });
            }
        },
    };
    Ok(SnapshotSettings {
        include_collections,
        select_overrides,
        fetch_size,
        max_threads: keys.positive("snapshot.max.threads", 1)?,
        locking_mode,
        lock_timeout: keys.millis("snapshot.lock.timeout.ms", 10_000)?,
        delay: keys.millis("snapshot.delay.ms", 0)?,
        order_by_row_count: keys.parsed(
            "snapshot.tables.order.by.row.count",
            &[],
            SnapshotTablesOrder::Disabled,
            "disabled, ascending or descending",
            |v| match v.to_ascii_lowercase().as_str() {
                "disabled" => Some(SnapshotTablesOrder::Disabled),
                "ascending" => Some(SnapshotTablesOrder::Ascending),
                "descending" => Some(SnapshotTablesOrder::Descending),
                _ => None,
            },
        )?,
    })
}

/// `TableId.parse` for `db.table` (each part optionally in double quotes).
fn parse_table_id(text: &str) -> Option<(String, String)> {
    let unquote = |s: &str| s.trim().trim_matches('"').to_string();
    let text = text.trim();
    let (db, table) = if let Some(rest) = text.strip_prefix('"') {
        let end = rest.find('"')?;
        let db = &rest[..end];
        let table = rest[end + 1..].strip_prefix('.')?;
        (db.to_string(), unquote(table))
    } else {
        let (db, table) = text.split_once('.')?;
        (unquote(db), unquote(table))
    };
    (!db.is_empty() && !table.is_empty()).then_some((db, table))
}

const HISTORY: &str = "schema.history.internal";
const OLD_HISTORY: &str = "database.history";

fn read_schema_history(keys: &mut Keys<'_>) -> Result<SchemaHistorySettings, ConfigError> {
    let h = |suffix: &str| format!("{HISTORY}.{suffix}");
    let old = |suffix: &str| format!("{OLD_HISTORY}.{suffix}");
    let class = keys.get(HISTORY, &[OLD_HISTORY])?;
    let topic = keys.string(&h("kafka.topic"), &[&old("kafka.topic")])?;
    let bootstrap = keys.string(
        &h("kafka.bootstrap.servers"),
        &[&old("kafka.bootstrap.servers")],
    )?;
    let file = keys.string(&h("file.filename"), &[&old("file.filename")])?;
    let store = match class.map(|(k, v)| (k, v.trim())) {
        None
        | Some((
            _,
            "io.debezium.storage.kafka.history.KafkaSchemaHistory"
            | "io.debezium.relational.history.KafkaDatabaseHistory",
        )) => SchemaHistoryStore::Kafka {
            topic: topic.ok_or_else(|| ConfigError::Missing {
                key: h("kafka.topic"),
                hint: "the schema history topic (old name database.history.kafka.topic); or choose \
                       schema.history.internal=io.debezium.storage.file.history.FileSchemaHistory"
                    .into(),
            })?,
            bootstrap_servers: bootstrap.ok_or_else(|| ConfigError::Missing {
                key: h("kafka.bootstrap.servers"),
                hint: "the Kafka cluster of the schema history topic (old name database.history.kafka.bootstrap.servers)"
                    .into(),
            })?,
        },
        Some((
            _,
            "io.debezium.storage.file.history.FileSchemaHistory" | "io.debezium.relational.history.FileDatabaseHistory",
        )) => SchemaHistoryStore::File {
            path: file.map(PathBuf::from).ok_or_else(|| ConfigError::Missing {
                key: h("file.filename"),
                hint: "the schema history file of FileSchemaHistory".into(),
            })?,
        },
        Some((
            _,
            "io.debezium.relational.history.MemorySchemaHistory" | "io.debezium.relational.history.MemoryDatabaseHistory",
        )) => SchemaHistoryStore::Memory,
        Some((k, v)) => {
            return Err(ConfigError::Unsupported {
                key: k.to_string(),
                value: v.to_string(),
                reason: "only the Kafka, File and Memory schema history stores are implemented".into(),
            });
        }
    };
    Ok(SchemaHistorySettings {
        store,
        store_only_captured_tables_ddl: keys.bool(
            &h("store.only.captured.tables.ddl"),
            &[
                &old("store.only.captured.tables.ddl"),
                &old("store.only.monitored.tables.ddl"),
            ],
            false,
        )?,
        store_only_captured_databases_ddl: keys.bool(
            &h("store.only.captured.databases.ddl"),
            &[&old("store.only.captured.databases.ddl")],
            false,
        )?,
        skip_unparseable_ddl: keys.bool(
            &h("skip.unparseable.ddl"),
            &[&old("skip.unparseable.ddl")],
            false,
        )?,
        producer: keys.java_client_settings(&[&h("producer."), &old("producer.")]),
        consumer: keys.java_client_settings(&[&h("consumer."), &old("consumer.")]),
    })
}

fn read_offset_storage(
    keys: &mut Keys<'_>,
    name: Option<&str>,
) -> Result<OffsetStorageSettings, ConfigError> {
    let class = keys.get("offset.storage", &[])?;
    let file = keys.string("offset.storage.file.filename", &[])?;
    let store = match (class.map(|(k, v)| (k, v.trim())), file) {
        (Some((_, "org.apache.kafka.connect.storage.KafkaOffsetBackingStore")), _) => {
            if name.is_none_or(|n| n.trim().is_empty()) {
                return Err(ConfigError::Missing {
                    key: "name".into(),
                    hint: "KafkaOffsetBackingStore keys the offsets by the connector name \
                           ([\"<name>\",{\"server\":\"<topic.prefix>\"}])"
                        .into(),
                });
            }
            let topic = keys
                .string("offset.storage.topic", &[])?
                .filter(|t| !t.trim().is_empty())
                .ok_or_else(|| ConfigError::Missing {
                    key: "offset.storage.topic".into(),
                    hint: "the offsets topic of KafkaOffsetBackingStore".into(),
                })?;
            let partitions = keys.parsed(
                "offset.storage.partitions",
                &[],
                25i32,
                "a positive number of partitions",
                |v| v.parse::<i32>().ok().filter(|n| *n > 0),
            )?;
            let replication_factor = keys.parsed(
                "offset.storage.replication.factor",
                &[],
                3i32,
                "a positive replication factor or -1",
                |v| v.parse::<i32>().ok().filter(|n| *n > 0 || *n == -1),
            )?;
            OffsetStoreKind::Kafka {
                topic,
                partitions,
                replication_factor,
            }
        }
        (
            None | Some((_, "org.apache.kafka.connect.storage.FileOffsetBackingStore")),
            Some(path),
        ) => OffsetStoreKind::File(PathBuf::from(path)),
        (Some((_, "org.apache.kafka.connect.storage.FileOffsetBackingStore")), None) => {
            return Err(ConfigError::Missing {
                key: "offset.storage.file.filename".into(),
                hint: "the offsets file of FileOffsetBackingStore".into(),
            });
        }
        (None, None) => {
            keys.warn(
                "offset.storage.file.filename",
                "not set: offsets are kept in memory and a restart begins anew",
            );
            OffsetStoreKind::Memory
        }
        (Some((_, "org.apache.kafka.connect.storage.MemoryOffsetBackingStore")), _) => {
            OffsetStoreKind::Memory
        }
        (Some((k, v)), _) => {
            return Err(ConfigError::Unsupported {
                key: k.to_string(),
                value: v.to_string(),
                reason: "only FileOffsetBackingStore (offset.storage.file.filename), \
                         KafkaOffsetBackingStore (offset.storage.topic) and \
                         MemoryOffsetBackingStore are implemented"
                    .into(),
            });
        }
    };
    let exactly_once = read_exactly_once(keys, &store)?;
    let transactional_id = keys.string("tributary.transactional.id", &[])?;
    let transactional_id = exactly_once.then(|| {
        transactional_id.unwrap_or_else(|| format!("tributary-{}-0", name.unwrap_or_default()))
    });
    Ok(OffsetStorageSettings {
        store,
        flush_interval: keys.millis("offset.flush.interval.ms", 60_000)?,
        exactly_once,
        transactional_id,
    })
}

/// Kafka Connect's `exactly.once.support` (`requested`, `required`; the worker's
/// `exactly.once.source.support=enabled` is implied) with `transaction.boundary=poll`
/// (one transaction per batch): needs the offsets in Kafka, where they are written in
/// the batch's transaction.
fn read_exactly_once(keys: &mut Keys<'_>, store: &OffsetStoreKind) -> Result<bool, ConfigError> {
    if let Some((k, v)) = keys.get("transaction.boundary", &[])?
        && !v.trim().eq_ignore_ascii_case("poll")
    {
        return Err(ConfigError::Unsupported {
            key: k.to_string(),
            value: v.to_string(),
            reason: "only transaction.boundary=poll (a transaction per batch) is implemented"
                .into(),
        });
    }
    let Some((key, value)) = keys.get("exactly.once.support", &[])? else {
        return Ok(false);
    };
    let on = match value.trim().to_ascii_lowercase().as_str() {
        "requested" | "required" => true,
        "" => false,
        _ => {
            return Err(ConfigError::InvalidValue {
                key: key.to_string(),
                value: value.to_string(),
                expected: "requested or required".into(),
            });
        }
    };
    if on && !matches!(store, OffsetStoreKind::Kafka { .. }) {
        return Err(ConfigError::Conflict {
            first: key.to_string(),
            second: "offset.storage".into(),
            reason: "exactly-once delivery writes each batch and its offset in one Kafka \
                     transaction, so offsets must be stored in Kafka \
                     (offset.storage=org.apache.kafka.connect.storage.KafkaOffsetBackingStore)"
                .into(),
        });
    }
    Ok(on)
}

fn read_tributary(keys: &mut Keys<'_>) -> Result<TributarySettings, ConfigError> {
    let schema_fallback = keys.parsed(
        "tributary.schema.fallback",
        &[],
        SchemaFallback::None,
        "none or table_map",
        SchemaFallback::parse,
    )?;
    let kafka = keys
        .java_client_settings(&["tributary.kafka."])
        .into_iter()
        .map(|s| (s.name, s.value))
        .collect();
    let other = keys
        .map
        .iter()
        .filter(|(k, _)| k.starts_with("tributary.") && !keys.used.contains(k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    Ok(TributarySettings {
        schema_fallback,
        kafka,
        other,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    const MINIMAL: &[(&str, &str)] = &[
        ("topic.prefix", "p"),
        (
            "schema.history.internal",
            "io.debezium.relational.history.MemorySchemaHistory",
        ),
    ];

    fn with(extra: &[(&str, &str)]) -> BTreeMap<String, String> {
        let mut m = map(MINIMAL);
        m.extend(map(extra));
        m
    }

    fn load(m: &BTreeMap<String, String>) -> ConnectorConfig {
        match ConnectorConfig::from_properties(m) {
            Ok(c) => c,
            Err(e) => panic!("{e}"),
        }
    }

    fn error(m: &BTreeMap<String, String>) -> String {
        ConnectorConfig::from_properties(m)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_else(|| "no error".into())
    }

    #[test]
    fn connection_keys_and_their_defaults() {
        // Defaults: Debezium MySQL connector documentation (connect.keep.alive true,
        // connect.keep.alive.interval.ms 60000, errors.max.retries -1,
        // retriable.restart.connector.wait.ms 10000, database.ssl.mode preferred).
        let c = load(&with(&[]));
        let db = &c.database;
        assert_eq!(db.ssl_mode, DatabaseSslMode::Preferred);
        assert!(db.keep_alive);
        assert_eq!(db.keep_alive_interval, Duration::from_secs(60));
        assert_eq!(db.max_retries, None);
        assert_eq!(db.retry_wait, Duration::from_secs(10));
        assert!(!db.allow_public_key_retrieval);
        assert_eq!(db.ssl, SslFiles::default());

        let c = load(&with(&[
            ("database.ssl.mode", "verify_identity"),
            ("tributary.database.ssl.ca", "/etc/ca.pem"),
            ("tributary.database.ssl.cert", "/etc/client.pem"),
            ("tributary.database.ssl.key", "/etc/client.key"),
            ("database.ssl.truststore", "/etc/trust.p12"),
            ("database.ssl.truststore.password", "changeit"),
            ("database.allowPublicKeyRetrieval", "true"),
            ("connect.keep.alive", "false"),
            ("connect.keep.alive.interval.ms", "1500"),
            ("errors.max.retries", "3"),
            ("retriable.restart.connector.wait.ms", "200"),
        ]));
        let db = &c.database;
        assert_eq!(db.ssl_mode, DatabaseSslMode::VerifyIdentity);
        assert_eq!(db.ssl.ca.as_deref(), Some(Path::new("/etc/ca.pem")));
        assert_eq!(
            db.ssl.truststore,
            Some((PathBuf::from("/etc/trust.p12"), "changeit".to_owned()))
        );
        assert!(!format!("{:?}", db.ssl).contains("changeit"));
        assert!(db.allow_public_key_retrieval);
        assert!(!db.keep_alive);
        assert_eq!(db.keep_alive_interval, Duration::from_millis(1500));
        assert_eq!(db.max_retries, Some(3));
        assert_eq!(db.retry_wait, Duration::from_millis(200));
        assert!(
            c.warnings.iter().all(|w| w.key.starts_with("offset.")),
            "{:?}",
            c.warnings
        );

        assert!(
            error(&with(&[("tributary.database.ssl.cert", "/c.pem")]))
                .contains("tributary.database.ssl.key")
        );
        let mariadb = |extra: &[(&str, &str)]| {
            let mut m = with(extra);
            m.insert(
                "connector.class".into(),
                "io.debezium.connector.mariadb.MariaDbConnector".into(),
            );
            m
        };
        assert_eq!(
            load(&mariadb(&[])).database.ssl_mode,
            DatabaseSslMode::Disabled
        );
        for (value, mode) in [
            ("trust", DatabaseSslMode::Required),
            ("verify-ca", DatabaseSslMode::VerifyCa),
            ("verify-full", DatabaseSslMode::VerifyIdentity),
        ] {
            let c = load(&mariadb(&[("database.ssl.mode", value)]));
            assert_eq!(c.database.ssl_mode, mode, "{value}");
        }
        assert!(
            error(&mariadb(&[("database.ssl.mode", "verify_identity")])).contains("verify-full")
        );
        assert!(error(&with(&[("errors.max.retries", "-2")])).contains("errors.max.retries"));
        assert!(
            error(&with(&[("connect.keep.alive.interval.ms", "0")]))
                .contains("connect.keep.alive.interval.ms")
        );
    }

    // Defaults from Debezium's MySQL connector documentation (3.x, "Connector properties").
    #[test]
    fn debezium_defaults() {
        let c = load(&map(MINIMAL));
        assert_eq!(c.database.port, 3306);
        assert!(c.include_schema_changes);
        assert!(c.tombstones_on_delete);
        assert!(c.key_schemas_enable && c.value_schemas_enable);
        assert_eq!(c.max_batch_size, 2048);
        assert_eq!(c.max_queue_size, 8192);
        assert_eq!(c.poll_interval, Duration::from_millis(500));
        assert_eq!(c.heartbeat_interval, None);
        assert_eq!(c.database.connect_timeout, Duration::from_secs(30));
        assert_eq!(c.snapshot_mode, SnapshotMode::Initial);
        assert_eq!(c.decimal_handling_mode, DecimalHandlingMode::Precise);
        assert_eq!(
            c.time_precision_mode,
            TimePrecisionMode::AdaptiveTimeMicroseconds
        );
        assert_eq!(
            c.bigint_unsigned_handling_mode,
            BigIntUnsignedHandlingMode::Long
        );
        assert_eq!(c.binary_handling_mode, BinaryHandlingMode::Bytes);
    }

    // Debezium 3.6.3: EventConvertingFailureHandlingMode defaults to warn,
    // inconsistent.schema.handling.mode to fail, enable.time.adjuster to true.
    #[test]
    fn handling_modes_default_as_debezium_and_parse_its_values() {
        let c = load(&map(MINIMAL));
        assert_eq!(
            c.event_converting_failure_handling_mode,
            FailureHandlingMode::Warn
        );
        assert_eq!(
            c.inconsistent_schema_handling_mode,
            FailureHandlingMode::Fail
        );
        assert!(c.enable_time_adjuster && !c.include_schema_comments);
        assert!(c.column_propagate_source_type.is_empty());
        let c = load(&with(&[
            ("time.precision.mode", "NANOSECONDS"),
            ("event.converting.failure.handling.mode", "fail"),
            ("inconsistent.schema.handling.mode", "ignore"),
            ("enable.time.adjuster", "false"),
            ("include.schema.comments", "true"),
            ("column.propagate.source.type", "db\\.t\\..*"),
            ("datatype.propagate.source.type", ".+\\.VARCHAR"),
        ]));
        assert_eq!(c.time_precision_mode, TimePrecisionMode::Nanoseconds);
        assert_eq!(
            c.event_converting_failure_handling_mode,
            FailureHandlingMode::Fail
        );
        assert_eq!(
            c.inconsistent_schema_handling_mode,
            FailureHandlingMode::Skip
        );
        assert!(!c.enable_time_adjuster && c.include_schema_comments);
        assert!(c.column_propagate_source_type[0].is_match("DB.T.name"));
        assert!(c.datatype_propagate_source_type[0].is_match("db.t.varchar"));
        for (key, value) in [
            ("time.precision.mode", "adaptive"),
            ("time.precision.mode", "structured"),
            ("event.converting.failure.handling.mode", "ignore"),
        ] {
            let e = error(&with(&[(key, value)]));
            assert!(e.contains(key) && e.contains(value), "{e}");
        }
    }

    #[test]
    fn old_and_new_names_agree_or_conflict() {
        let c = load(&map(&[
            ("database.server.name", "old"),
            (
                "database.history",
                "io.debezium.relational.history.MemoryDatabaseHistory",
            ),
            ("table.whitelist", "db\\.t"),
        ]));
        assert_eq!(c.topic_prefix, "old");
        assert!(c.table_filter.accepts("DB.T"));
        let e = error(&with(&[("database.server.name", "other")]));
        assert!(
            e.contains("database.server.name") && e.contains("topic.prefix"),
            "{e}"
        );
    }

    #[test]
    fn include_and_exclude_together_is_an_error() {
        let e = error(&with(&[
            ("table.include.list", "a\\.b"),
            ("table.exclude.list", "a\\.c"),
        ]));
        assert!(
            e.contains("table.include.list") && e.contains("table.exclude.list"),
            "{e}"
        );
    }

    #[test]
    fn transaction_metadata_and_heartbeats_are_refused_with_avro() {
        for (key, value) in [
            ("provide.transaction.metadata", "true"),
            ("heartbeat.interval.ms", "1000"),
        ] {
            let e = error(&with(&[
                ("value.converter", "io.confluent.connect.avro.AvroConverter"),
                ("value.converter.schema.registry.url", "mock://t"),
                (key, value),
            ]));
            assert!(e.contains(key) && e.contains("AvroConverter"), "{e}");
        }
    }

    #[test]
    fn output_changing_keys_fail_unless_default() {
        let e = error(&with(&[("transforms", "unwrap")]));
        assert!(e.contains("transforms"), "{e}");
        let e = error(&with(&[("converters", "isbn")]));
        assert!(e.contains("converters"), "{e}");
        let c = load(&with(&[
            ("include.query", "false"),
            ("skipped.operations", "t"),
        ]));
        assert!(c.warnings.is_empty() || c.warnings.iter().all(|w| w.key != "include.query"));
    }

    // Debezium 3.6's snapshot properties (ref-mariadb-mysql-adv-connector-cfg-props.adoc).
    #[test]
    fn snapshot_settings() {
        let c = load(&with(&[]));
        assert_eq!(c.snapshot.max_threads, 1);
        assert_eq!(c.snapshot.locking_mode, SnapshotLockingMode::Minimal);
        assert_eq!(c.snapshot.lock_timeout, Duration::from_secs(10));
        assert!(c.snapshot.include_collections.is_empty());
        let c = load(&with(&[
            (
                "snapshot.include.collection.list",
                "shop\\.orders,shop\\.c.*",
            ),
            (
                "snapshot.select.statement.overrides",
                "shop.orders, \"shop\".\"items\"",
            ),
            (
                "snapshot.select.statement.overrides.shop.orders",
                "SELECT * FROM shop.orders WHERE id > 10",
            ),
            ("snapshot.fetch.size", "500"),
            ("snapshot.max.threads", "4"),
            ("snapshot.locking.mode", "extended"),
        ]));
        assert_eq!(c.snapshot.include_collections.len(), 2);
        assert!(c.snapshot.include_collections[1].is_match("SHOP.customers"));
        assert_eq!(
            c.snapshot
                .select_overrides
                .get(&("shop".to_string(), "orders".to_string()))
                .map(String::as_str),
            Some("SELECT * FROM shop.orders WHERE id > 10")
        );
        // Listed without a statement: a warning, the default SELECT.
        assert_eq!(c.snapshot.select_overrides.len(), 1);
        assert!(
            c.warnings
                .iter()
                .any(|w| w.key.contains("\"shop\".\"items\"")),
            "{:?}",
            c.warnings
        );
        assert_eq!(c.snapshot.fetch_size, Some(500));
        assert_eq!(c.snapshot.max_threads, 4);
        assert_eq!(c.snapshot.locking_mode, SnapshotLockingMode::Extended);
        let e = error(&with(&[("snapshot.locking.mode", "minimal_percona")]));
        assert!(e.contains("snapshot.locking.mode"), "{e}");
        let e = error(&with(&[("snapshot.query.mode", "custom")]));
        assert!(e.contains("snapshot.query.mode"), "{e}");
        assert_eq!(
            parse_table_id("\"a.b\".c"),
            Some(("a.b".into(), "c".into()))
        );
    }

    #[test]
    fn unknown_keys_are_warnings() {
        let c = load(&with(&[
            ("min.row.count.to.stream.results", "1000"),
            ("tributary.nonsense", "1"),
        ]));
        let keys: Vec<&str> = c.warnings.iter().map(|w| w.key.as_str()).collect();
        assert!(
            keys.contains(&"min.row.count.to.stream.results"),
            "{keys:?}"
        );
        assert!(keys.contains(&"tributary.nonsense"), "{keys:?}");
        assert_eq!(
            c.tributary
                .other
                .get("tributary.nonsense")
                .map(String::as_str),
            Some("1")
        );
    }

    #[test]
    fn captured_tables_combine_database_and_table_filters() {
        let c = load(&with(&[
            ("database.include.list", "shop,sys"),
            ("table.exclude.list", "shop\\.audit_.*"),
        ]));
        assert!(c.is_captured("shop", "orders"));
        assert!(c.is_captured("SHOP", "orders"));
        assert!(!c.is_captured("shop", "audit_2024"));
        assert!(!c.is_captured("other", "orders"));
        assert!(
            !c.is_captured("sys", "orders"),
            "built-in databases are never captured"
        );
        let all = load(&map(MINIMAL));
        assert!(all.is_captured("anything", "t"));
        assert!(!all.is_captured("mysql", "user"));
    }

    #[test]
    fn bad_values_name_the_key() {
        let e = error(&with(&[("database.port", "33o6")]));
        assert!(e.contains("database.port") && e.contains("33o6"), "{e}");
        let e = error(&with(&[("include.schema.changes", "yes")]));
        assert!(e.contains("include.schema.changes"), "{e}");
        let e = error(&with(&[(
            "value.converter",
            "io.confluent.connect.protobuf.ProtobufConverter",
        )]));
        assert!(e.contains("value.converter"), "{e}");
        let e = error(&with(&[(
            "connector.class",
            "io.debezium.connector.postgresql.PostgresConnector",
        )]));
        assert!(e.contains("connector.class"), "{e}");
    }

    const AVRO: &str = "io.confluent.connect.avro.AvroConverter";

    // Confluent's AbstractKafkaSchemaSerDeConfig / AvroDataConfig names and defaults.
    #[test]
    fn avro_converter_settings_are_read() {
        let c = load(&with(&[
            ("key.converter", AVRO),
            ("key.converter.schema.registry.url", "mock://scope"),
            ("value.converter", AVRO),
            (
                "value.converter.schema.registry.url",
                "http://h1:8081,http://h2:8081",
            ),
            ("value.converter.basic.auth.credentials.source", "USER_INFO"),
            ("value.converter.basic.auth.user.info", "u:p"),
            ("value.converter.auto.register.schemas", "false"),
            ("value.converter.connect.meta.data", "false"),
            (
                "value.converter.value.subject.name.strategy",
                "io.confluent.kafka.serializers.subject.RecordNameStrategy",
            ),
            ("value.converter.schemas.cache.config", "100"),
        ]));
        let ConverterSettings::Avro(key) = &c.converters.key else {
            panic!("key converter {:?}", c.converters.key)
        };
        assert_eq!(
            key.registry,
            RegistryConfig::Mock {
                scope: "scope".into()
            }
        );
        assert!(key.auto_register_schemas && key.schema.connect_meta_data);
        assert_eq!(key.subject_name_strategy, SubjectNameStrategy::Topic);
        let ConverterSettings::Avro(value) = &c.converters.value else {
            panic!("value converter {:?}", c.converters.value)
        };
        assert_eq!(
            value.registry,
            RegistryConfig::Http {
                urls: "http://h1:8081,http://h2:8081".into(),
                user_info: Some("u:p".into()),
            }
        );
        assert!(!value.auto_register_schemas && !value.schema.connect_meta_data);
        assert_eq!(value.subject_name_strategy, SubjectNameStrategy::Record);
        assert!(
            !c.warnings.iter().any(|w| w.key.contains("converter")),
            "{:?}",
            c.warnings
        );
        let json = load(&map(MINIMAL));
        assert_eq!(json.converters, Converters::json(true, true));
    }

    #[test]
    fn name_adjustment_modes_are_read() {
        let c = load(&with(&[
            ("schema.name.adjustment.mode", "avro"),
            ("field.name.adjustment.mode", "AVRO_UNICODE"),
        ]));
        assert_eq!(c.schema_name_adjustment_mode, NameAdjustment::Avro);
        assert_eq!(c.field_name_adjustment_mode, NameAdjustment::AvroUnicode);
        assert_eq!(
            load(&map(MINIMAL)).field_name_adjustment_mode,
            NameAdjustment::None
        );
        let e = error(&with(&[("field.name.adjustment.mode", "upper")]));
        assert!(e.contains("field.name.adjustment.mode"), "{e}");
    }

    #[test]
    fn avro_settings_that_change_output_are_refused_by_name() {
        let avro = |extra: &[(&str, &str)]| {
            let mut m = with(&[
                ("value.converter", AVRO),
                ("value.converter.schema.registry.url", "http://h:8081"),
            ]);
            m.extend(map(extra));
            error(&m)
        };
        for (key, value) in [
            ("value.converter.use.latest.version", "true"),
            ("value.converter.enhanced.avro.schema.support", "true"),
            (
                "value.converter.basic.auth.credentials.source",
                "SASL_INHERIT",
            ),
            (
                "value.converter.schema.registry.ssl.truststore.location",
                "/x",
            ),
            ("value.converter.bearer.auth.token", "t"),
            (
                "value.converter.value.subject.name.strategy",
                "com.acme.Mine",
            ),
        ] {
            let e = avro(&[(key, value)]);
            assert!(e.contains(key), "{key}: {e}");
        }
        let e = error(&with(&[("key.converter", AVRO)]));
        assert!(e.contains("key.converter.schema.registry.url"), "{e}");
        let e = error(&with(&[
            ("key.converter", AVRO),
            ("key.converter.schema.registry.url", "https://h:8081"),
        ]));
        assert!(
            e.contains("key.converter.schema.registry.url") && e.contains("https"),
            "{e}"
        );
        let e = avro(&[("value.converter.basic.auth.credentials.source", "USER_INFO")]);
        assert!(e.contains("value.converter.basic.auth.user.info"), "{e}");
    }

    #[test]
    fn missing_topic_prefix_is_an_error() {
        let e = error(&map(&[(
            "schema.history.internal",
            "io.debezium.relational.history.MemorySchemaHistory",
        )]));
        assert!(e.contains("topic.prefix"), "{e}");
    }

    #[test]
    fn schema_fallback_is_none_by_default_and_table_map_when_asked() {
        assert_eq!(
            load(&map(MINIMAL)).tributary.schema_fallback,
            SchemaFallback::None
        );
        let c = load(&with(&[("tributary.schema.fallback", "table_map")]));
        assert_eq!(c.tributary.schema_fallback, SchemaFallback::TableMap);
        let e = error(&with(&[("tributary.schema.fallback", "ddl")]));
        assert!(
            e.contains("tributary.schema.fallback") && e.contains("table_map"),
            "{e}"
        );
    }

    #[test]
    fn tributary_kafka_settings_pass_through_and_win() {
        let c = load(&with(&[
            ("tributary.kafka.bootstrap.servers", "b:9092"),
            ("producer.override.compression.type", "zstd"),
            ("tributary.kafka.linger.ms", "1"),
        ]));
        let settings = match c.kafka_producer_settings() {
            Ok(s) => s,
            Err(e) => panic!("{e}"),
        };
        assert!(settings.contains(&("bootstrap.servers".into(), "b:9092".into())));
        assert!(settings.contains(&("compression.type".into(), "zstd".into())));
        assert!(settings.contains(&("linger.ms".into(), "1".into())));
    }

    #[test]
    fn no_bootstrap_servers_is_an_error_only_when_kafka_is_used() {
        let c = load(&map(MINIMAL));
        let e = c
            .kafka_producer_settings()
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains("bootstrap"), "{e}");
    }

    #[test]
    fn topic_naming_keys_are_read() {
        let c = load(&with(&[
            (
                "topic.naming.strategy",
                "io.debezium.schema.SchemaTopicNamingStrategy",
            ),
            ("topic.delimiter", "_"),
            ("topic.transaction", "txn"),
            ("topic.heartbeat.prefix", "hb"),
            ("topic.heartbeat.name", "all-heartbeats"),
            ("topic.cache.size", "5"),
            ("heartbeat.interval.ms", "1000"),
            ("heartbeat.action.query", "INSERT INTO hb VALUES (NOW())"),
        ]));
        assert_eq!(c.topic_naming.strategy, TopicNamingStrategy::Schema);
        assert_eq!(c.topic_naming.delimiter, "_");
        assert_eq!(c.topic_naming.transaction, "txn");
        assert_eq!(c.topic_naming.heartbeat_prefix, "hb");
        assert_eq!(c.topic_naming.heartbeat_topic("p"), "all-heartbeats");
        assert_eq!(c.heartbeat_interval, Some(Duration::from_secs(1)));
        assert_eq!(
            c.heartbeat_action_query.as_deref(),
            Some("INSERT INTO hb VALUES (NOW())")
        );
        assert!(
            c.warnings
                .iter()
                .all(|w| !w.key.starts_with("topic.") && !w.key.starts_with("heartbeat.")),
            "{:?}",
            c.warnings
        );
        let defaults = load(&with(&[]));
        assert_eq!(defaults.topic_naming, TopicNaming::default());
    }

    #[test]
    fn other_naming_strategies_and_bad_topic_names_are_errors_naming_the_key() {
        let e = error(&with(&[(
            "topic.naming.strategy",
            "io.debezium.schema.DefaultUnicodeTopicNamingStrategy",
        )]));
        assert!(
            e.contains("topic.naming.strategy") && e.contains("not supported"),
            "{e}"
        );
        for key in [
            "topic.delimiter",
            "topic.transaction",
            "topic.heartbeat.prefix",
            "topic.heartbeat.name",
        ] {
            let e = error(&with(&[(key, "a/b")]));
            assert!(e.contains(key) && e.contains("underscore"), "{e}");
        }
        let e = error(&with(&[("topic.cache.size", "many")]));
        assert!(e.contains("topic.cache.size"), "{e}");
    }
}

#[cfg(test)]
mod offset_storage_tests {
    use super::*;

    fn load(pairs: &[(&str, &str)]) -> Result<ConnectorConfig, ConfigError> {
        let mut map: BTreeMap<String, String> = [
            ("topic.prefix", "shop"),
            (
                "schema.history.internal",
                "io.debezium.relational.history.MemorySchemaHistory",
            ),
        ]
        .iter()
        .chain(pairs)
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        map.entry("name".into())
            .or_insert_with(|| "inventory".into());
        ConnectorConfig::from_properties(&map)
    }

    const KAFKA_STORE: (&str, &str) = (
        "offset.storage",
        "org.apache.kafka.connect.storage.KafkaOffsetBackingStore",
    );

    #[test]
    fn kafka_offset_store_reads_kafka_connects_keys() {
        let config = load(&[
            KAFKA_STORE,
            ("offset.storage.topic", "connect-offsets"),
            ("offset.storage.partitions", "5"),
        ])
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            config.offset_storage.store,
            OffsetStoreKind::Kafka {
                topic: "connect-offsets".into(),
                partitions: 5,
                replication_factor: 3,
            }
        );
        assert!(!config.offset_storage.exactly_once);
        let missing = load(&[KAFKA_STORE])
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(missing.contains("offset.storage.topic"), "{missing}");
    }

    #[test]
    fn exactly_once_needs_kafka_offsets_and_names_the_producer() {
        let config = load(&[
            KAFKA_STORE,
            ("offset.storage.topic", "connect-offsets"),
            ("exactly.once.support", "required"),
        ])
        .unwrap_or_else(|e| panic!("{e}"));
        assert!(config.offset_storage.exactly_once);
        assert_eq!(
            config.offset_storage.transactional_id.as_deref(),
            Some("tributary-inventory-0")
        );
        let named = load(&[
            KAFKA_STORE,
            ("offset.storage.topic", "connect-offsets"),
            ("exactly.once.support", "requested"),
            ("tributary.transactional.id", "cdc-7"),
        ])
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            named.offset_storage.transactional_id.as_deref(),
            Some("cdc-7")
        );
        let file = load(&[
            ("offset.storage.file.filename", "/tmp/o.dat"),
            ("exactly.once.support", "required"),
        ])
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
        assert!(
            file.contains("exactly.once.support") && file.contains("offset.storage"),
            "{file}"
        );
        let boundary = load(&[
            KAFKA_STORE,
            ("offset.storage.topic", "connect-offsets"),
            ("transaction.boundary", "interval"),
        ])
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
        assert!(boundary.contains("transaction.boundary"), "{boundary}");
    }
}
