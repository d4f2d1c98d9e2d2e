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
//! | `topic.prefix` (old `database.server.name`), `database.hostname`, `database.port` (3306), `database.user`, `database.password`, `database.server.id`, `database.ssl.mode`, `connect.timeout.ms` (30000) | read into [`ConnectorConfig`] / [`DatabaseSettings`] |
//! | `database.include.list`/`database.exclude.list` (old `database.whitelist`/`database.blacklist`), `table.include.list`/`table.exclude.list` (old `table.whitelist`/`table.blacklist`) | compiled into [`NameFilter`]s (see [`filter`]); include and exclude of one kind together is an error, as in Debezium |
//! | `include.schema.changes` (true), `tombstones.on.delete` (true), `provide.transaction.metadata` (false), `snapshot.mode` (initial), `decimal.handling.mode` (precise), `time.precision.mode` (adaptive_time_microseconds; `structured` unsupported), `bigint.unsigned.handling.mode` (long), `binary.handling.mode` (bytes), `max.batch.size` (2048), `max.queue.size` (8192), `poll.interval.ms` (500), `heartbeat.interval.ms` (0 = off), `key.converter.schemas.enable` / `value.converter.schemas.enable` (true) | read, with Debezium's defaults |
//! | `schema.history.internal` (old `database.history`) and `schema.history.internal.*` (old `database.history.*`): `kafka.topic`, `kafka.bootstrap.servers`, `file.filename`, `store.only.captured.tables.ddl`, `store.only.captured.databases.ddl`, `skip.unparseable.ddl`, `producer.*`, `consumer.*` | read into [`SchemaHistorySettings`]; producer/consumer settings are kept raw and translated only when a Kafka client is built |
//! | `offset.storage`, `offset.storage.file.filename`, `offset.storage.topic`, `offset.storage.partitions` (25), `offset.storage.replication.factor` (3), `offset.flush.interval.ms` (60000), `exactly.once.support` (`requested`/`required`: records and offsets in one Kafka transaction; needs `KafkaOffsetBackingStore`), `transaction.boundary` (`poll` only) | read into [`OffsetStorageSettings`]; `tributary.transactional.id` names the transactional producer (default `tributary-<name>-0`; not a `tributary.kafka.*` key, which every producer would get) |
//! | `producer.override.*` | Kafka client settings of the data producer (after the history producer's) |
//! | `tributary.kafka.<librdkafka key>` | passed to librdkafka as is, winning over translated settings |
//! | `tributary.schema.fallback` (`none`) | [`SchemaFallback`]: where a rows event's table schema comes from when no DDL defined it. `none`: as Debezium, a clear error naming the table and position; `table_map`: built from the TABLE_MAP_EVENT (see `schema::table_map_schema`), so any binlog file can be replayed. Other `tributary.*` keys are kept in [`TributarySettings::other`] and warned about |
//! | `connector.class` | must be `io.debezium.connector.mysql.MySqlConnector` or `io.debezium.connector.mariadb.MariaDbConnector` |
//! | `key.converter`, `value.converter` | must be `org.apache.kafka.connect.json.JsonConverter` |
//! | `name`, `tasks.max`, `header.converter`, `offset.flush.timeout.ms`, `errors.*`, `config.action.reload` | Kafka Connect runtime keys: accepted, no effect |
//! | keys that change what is emitted and Tributary cannot do yet: `transforms`, `predicates`, `column.include.list`, `column.exclude.list`, `column.mask.*`, `column.truncate.to.*`, `column.propagate.source.type`, `datatype.propagate.source.type`, `message.key.columns`, `converters`, `topic.naming.strategy`, `topic.delimiter`, `topic.transaction`, `topic.heartbeat.prefix`, `include.query`, `skipped.operations`, `binlog.metadata.based.schema`, `snapshot.include.collection.list`, `snapshot.select.statement.overrides`, `schema.name.adjustment.mode`, `field.name.adjustment.mode`, `include.schema.comments`, `event.processing.failure.handling.mode`, `inconsistent.schema.handling.mode`, `database.ssl.keystore`, `database.ssl.truststore`, `snapshot.mode` `custom`/`configuration_based` | an error naming the key, unless the value is Debezium's default |
//! | tuning keys without effect on the output (`snapshot.fetch.size`, `snapshot.locking.mode`, `snapshot.delay.ms`, `snapshot.max.threads`, `min.row.count.to.stream.results`, `connect.keep.alive*`, `signal.*`, `topic.creation.*`, `key.converter.*`/`value.converter.*` others, ...) and any other unknown key | accepted with a [`ConfigWarning`] |
//!
//! Kafka client settings in Java names are translated by [`ConnectorConfig::kafka_producer_settings`]
//! (see [`kafka`]); settings librdkafka cannot honour (AWS MSK IAM, JKS stores, Java
//! callback classes) are errors there, and only there, so a file made for MSK still
//! loads for `replay` or stdout output.

pub mod filter;
pub mod kafka;
pub mod properties;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

pub use filter::NameFilter;
pub use kafka::JavaClientSetting;
pub use properties::parse_properties;

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
    /// `never`: stream from the offset (or the start of the binlog) without snapshot.
    Never,
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
    /// `database.ssl.mode`, default `preferred`.
    pub ssl_mode: DatabaseSslMode,
    /// `connect.timeout.ms`, default 30 s.
    pub connect_timeout: Duration,
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
    /// `key.converter.schemas.enable`, default true.
    pub key_schemas_enable: bool,
    /// `value.converter.schemas.enable`, default true.
    pub value_schemas_enable: bool,
    /// `tombstones.on.delete`, default true.
    pub tombstones_on_delete: bool,
    /// `table.ignore.builtin`, default true: the system databases (`mysql`, `sys`,
    /// `performance_schema`, `information_schema`) are never captured.
    pub table_ignore_builtin: bool,
    /// `provide.transaction.metadata`, default false.
    pub provide_transaction_metadata: bool,
    /// `decimal.handling.mode`.
    pub decimal_handling_mode: DecimalHandlingMode,
    /// `time.precision.mode`.
    pub time_precision_mode: TimePrecisionMode,
    /// `bigint.unsigned.handling.mode`.
    pub bigint_unsigned_handling_mode: BigIntUnsignedHandlingMode,
    /// `binary.handling.mode`.
    pub binary_handling_mode: BinaryHandlingMode,
    /// `max.batch.size`, default 2048.
    pub max_batch_size: usize,
    /// `max.queue.size`, default 8192.
    pub max_queue_size: usize,
    /// `poll.interval.ms`, default 500 ms.
    pub poll_interval: Duration,
    /// `heartbeat.interval.ms`; `None` when 0 (the default: no heartbeats).
    pub heartbeat_interval: Option<Duration>,
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
    ("column.include.list", &[""]),
    ("column.exclude.list", &[""]),
    ("column.whitelist", &[""]),
    ("column.blacklist", &[""]),
    ("column.propagate.source.type", &[""]),
    ("datatype.propagate.source.type", &[""]),
    ("message.key.columns", &[""]),
    ("converters", &[""]),
    (
        "topic.naming.strategy",
        &["io.debezium.schema.DefaultTopicNamingStrategy"],
    ),
    ("topic.delimiter", &["."]),
    ("topic.transaction", &["transaction"]),
    ("topic.heartbeat.prefix", &["__debezium-heartbeat"]),
    ("include.query", &["false"]),
    ("skipped.operations", &["t"]),
    ("binlog.metadata.based.schema", &["false"]),
    ("snapshot.include.collection.list", &[""]),
    ("schema.name.adjustment.mode", &["none"]),
    ("field.name.adjustment.mode", &["none"]),
    ("include.schema.comments", &["false"]),
    ("event.processing.failure.handling.mode", &["fail"]),
    ("inconsistent.schema.handling.mode", &["fail"]),
    ("database.ssl.keystore", &[""]),
    ("database.ssl.truststore", &[""]),
];

/// Prefixes of keys that change what is emitted (any value is unsupported).
const UNSUPPORTED_PREFIXES: &[&str] = &[
    "column.mask.",
    "column.truncate.to.",
    "transforms.",
    "predicates.",
    "snapshot.select.statement.overrides",
];

/// Kafka Connect runtime keys that do not affect Tributary.
const RUNTIME_KEYS: &[&str] = &[
    "name",
    "header.converter",
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
                "it changes the emitted events and only Debezium's default ({}) is implemented",
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
    if key.starts_with("tributary.") {
        return Unread::Warn("not a Tributary setting known to the configuration reader".into());
    }
    if key.starts_with("key.converter.") || key.starts_with("value.converter.") {
        return Unread::Warn(
            "JsonConverter setting not interpreted; Tributary writes Debezium's default JSON"
                .into(),
        );
    }
    Unread::Warn("unknown to Tributary; ignored".into())
}

fn read_config(keys: &mut Keys<'_>) -> Result<ConnectorConfig, ConfigError> {
    let connector = read_connector_class(keys)?;
    read_converters(keys)?;
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
    let database = read_database(keys)?;
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
        key_schemas_enable: keys.bool("key.converter.schemas.enable", &[], true)?,
        value_schemas_enable: keys.bool("value.converter.schemas.enable", &[], true)?,
        tombstones_on_delete: keys.bool("tombstones.on.delete", &[], true)?,
        table_ignore_builtin: keys.bool("table.ignore.builtin", &[], true)?,
        provide_transaction_metadata: keys.bool("provide.transaction.metadata", &[], false)?,
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
        schema_history,
        offset_storage,
        producer_override,
        tributary,
        warnings: Vec::new(),
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
        "structured" => Err(ConfigError::Unsupported {
            key: key.to_string(),
            value: value.to_string(),
            reason: "the structured temporal representation is not implemented; use \
                     adaptive_time_microseconds, connect or isostring"
                .into(),
        }),
        _ => Err(ConfigError::InvalidValue {
            key: key.to_string(),
            value: value.to_string(),
            // `adaptive` is refused too: Debezium's binlog connectors reject it.
            expected: "adaptive_time_microseconds, connect or isostring".into(),
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

fn read_converters(keys: &mut Keys<'_>) -> Result<(), ConfigError> {
    for key in ["key.converter", "value.converter"] {
        if let Some((k, v)) = keys.get(key, &[])?
            && v.trim() != "org.apache.kafka.connect.json.JsonConverter"
        {
            return Err(ConfigError::Unsupported {
                key: k.to_string(),
                value: v.to_string(),
                reason: "only org.apache.kafka.connect.json.JsonConverter is implemented".into(),
            });
        }
    }
    Ok(())
}

fn read_database(keys: &mut Keys<'_>) -> Result<DatabaseSettings, ConfigError> {
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
        ssl_mode: keys.parsed(
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
        )?,
        connect_timeout: keys.millis("connect.timeout.ms", 30_000)?,
    })
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
    fn output_changing_keys_fail_unless_default() {
        let e = error(&with(&[("transforms", "unwrap")]));
        assert!(e.contains("transforms"), "{e}");
        let e = error(&with(&[("column.mask.with.12.chars", "db.t.c")]));
        assert!(e.contains("column.mask.with.12.chars"), "{e}");
        let c = load(&with(&[
            ("include.query", "false"),
            ("skipped.operations", "t"),
        ]));
        assert!(c.warnings.is_empty() || c.warnings.iter().all(|w| w.key != "include.query"));
    }

    #[test]
    fn unknown_keys_are_warnings() {
        let c = load(&with(&[
            ("snapshot.fetch.size", "100"),
            ("tributary.nonsense", "1"),
        ]));
        let keys: Vec<&str> = c.warnings.iter().map(|w| w.key.as_str()).collect();
        assert!(keys.contains(&"snapshot.fetch.size"), "{keys:?}");
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
            "io.confluent.connect.avro.AvroConverter",
        )]));
        assert!(e.contains("value.converter"), "{e}");
        let e = error(&with(&[(
            "connector.class",
            "io.debezium.connector.postgresql.PostgresConnector",
        )]));
        assert!(e.contains("connector.class"), "{e}");
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
