//! Confluent's `AvroConverter` (7.0.16) for Debezium's records: Avro schemas derived
//! from the Connect schemas as `AvroData` derives them ([`schema`]), registered with a
//! schema registry under the subject the subject-name strategy gives ([`registry`]),
//! and each key or value written in Confluent's wire format: magic byte 0, the schema
//! id as 4 big-endian bytes, then the Avro binary encoding ([`encode`]).
//!
//! Owns the bytes of Avro records. Must not decide what a record contains (that is
//! `envelope`'s job) and does no I/O except through its [`SchemaRegistry`]. Schema ids
//! are cached per table version, so the registry is asked once per new schema.

mod encode;
pub mod registry;
mod schema;

use std::collections::HashMap;
use std::sync::{Arc, Weak};

pub use registry::{
    HttpSchemaRegistry, MockSchemaRegistry, RegisteredSchema, RegistryError, SchemaRegistry,
    UnavailableRegistry,
};
pub use schema::{AvroSchemaOptions, avro_schema_json};

use crate::envelope::{
    ConnectSchema, DataChange, EnvelopeError, SchemaChangeEvent, SourceInfo, TableEnvelope,
    schema_change_key_schema, schema_change_value_schema,
};
use crate::schema::{ColumnSchema, TableChange, TableSchema};
use encode::{write_bool, write_field, write_long, write_opt_long, write_opt_string, write_string};

/// Confluent wire format's magic byte.
const MAGIC_BYTE: u8 = 0;

/// Errors of the Avro converter.
#[derive(Debug, thiserror::Error)]
pub enum AvroError {
    /// A name Avro refuses (Avro 1.11 `SchemaParseException`).
    #[error(
        "{reason}: {name} (Avro names must start with a letter or '_' and contain only letters, digits and '_', \
         so Confluent's AvroConverter refuses this record too; field.name.adjustment.mode=avro and \
         schema.name.adjustment.mode=avro adjust such names as Debezium does)"
    )]
    IllegalName {
        /// The name.
        name: String,
        /// Avro's message prefix.
        reason: &'static str,
    },
    /// A schema cannot be expressed in Avro.
    #[error("{0}")]
    Schema(String),
    /// A null value for a required field.
    #[error("invalid null value for required field {field}")]
    NullForRequired {
        /// The field.
        field: String,
    },
    /// The registry failed.
    #[error("registering the schema of subject {subject}: {source}")]
    Registry {
        /// The subject.
        subject: String,
        /// The registry's error.
        #[source]
        source: RegistryError,
    },
}

/// `key.subject.name.strategy` / `value.subject.name.strategy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SubjectNameStrategy {
    /// `TopicNameStrategy` (default): `<topic>-key` / `<topic>-value`.
    #[default]
    Topic,
    /// `RecordNameStrategy`: the record's full name.
    Record,
    /// `TopicRecordNameStrategy`: `<topic>-<record full name>`.
    TopicRecord,
}

/// Where the schemas are registered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegistryConfig {
    /// `mock://<scope>`: the process-wide in-memory registry of that scope.
    Mock {
        /// The scope.
        scope: String,
    },
    /// `http://…` URLs (comma-separated), with optional basic-auth `user:password`.
    Http {
        /// `schema.registry.url`.
        urls: String,
        /// `basic.auth.user.info` (`basic.auth.credentials.source=USER_INFO`); with
        /// `URL` the credentials come from the URL.
        user_info: Option<String>,
    },
}

impl RegistryConfig {
    /// The client: the shared mock of the scope, or a new HTTP client.
    pub fn connect(&self) -> Result<Arc<dyn SchemaRegistry>, RegistryError> {
        match self {
            RegistryConfig::Mock { scope } => Ok(MockSchemaRegistry::for_scope(scope)),
            RegistryConfig::Http { urls, user_info } => Ok(Arc::new(HttpSchemaRegistry::new(
                urls,
                user_info.as_deref(),
            )?)),
        }
    }
}

/// The settings of one `AvroConverter` (key or value side).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AvroConverterConfig {
    /// The registry.
    pub registry: RegistryConfig,
    /// `auto.register.schemas` (default true); false looks the schema up instead.
    pub auto_register_schemas: bool,
    /// The subject-name strategy.
    pub subject_name_strategy: SubjectNameStrategy,
    /// `connect.meta.data` and other schema options.
    pub schema: AvroSchemaOptions,
}

/// Schema id of one table version, with a weak handle on the table so the address
/// used as cache key cannot be reused by another table while the entry exists.
struct CachedTable {
    table: Weak<TableSchema>,
    id: u32,
}

/// One side (key or value) of Confluent's `AvroConverter`.
pub struct AvroConverter {
    is_key: bool,
    config: AvroConverterConfig,
    registry: Arc<dyn SchemaRegistry>,
    tables: HashMap<usize, CachedTable>,
    /// Schema-change topic → id.
    schema_change: HashMap<Arc<str>, u32>,
    schema_change_text: Option<String>,
}

impl std::fmt::Debug for AvroConverter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AvroConverter")
            .field("is_key", &self.is_key)
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl AvroConverter {
    /// A converter for keys (`is_key`) or values. A registry that cannot be set up
    /// (a URL the configuration reader would have refused) fails every record.
    pub fn new(config: AvroConverterConfig, is_key: bool) -> Self {
        let registry = config
            .registry
            .connect()
            .unwrap_or_else(|e| -> Arc<dyn SchemaRegistry> {
                Arc::new(UnavailableRegistry {
                    reason: e.to_string(),
                })
            });
        Self::with_registry(config, is_key, registry)
    }

    /// A converter using `registry` (the configured one is ignored).
    pub fn with_registry(
        config: AvroConverterConfig,
        is_key: bool,
        registry: Arc<dyn SchemaRegistry>,
    ) -> Self {
        AvroConverter {
            is_key,
            config,
            registry,
            tables: HashMap::new(),
            schema_change: HashMap::new(),
            schema_change_text: None,
        }
    }

    fn subject(&self, topic: &str, schema: &ConnectSchema) -> String {
        let record = schema
            .name
            .as_deref()
            .unwrap_or("io.confluent.connect.avro.ConnectDefault");
        match self.config.subject_name_strategy {
            SubjectNameStrategy::Topic => {
                format!("{topic}-{}", if self.is_key { "key" } else { "value" })
            }
            SubjectNameStrategy::Record => record.to_owned(),
            SubjectNameStrategy::TopicRecord => format!("{topic}-{record}"),
        }
    }

    fn register(&self, topic: &str, schema: &ConnectSchema, text: &str) -> Result<u32, AvroError> {
        let subject = self.subject(topic, schema);
        let result = if self.config.auto_register_schemas {
            self.registry.register(&subject, text)
        } else {
            self.registry.lookup(&subject, text)
        };
        result.map_err(|source| AvroError::Registry { subject, source })
    }

    /// The schema id of this side of `table`'s records.
    fn table_id(
        &mut self,
        table: &TableEnvelope,
        schema: &ConnectSchema,
    ) -> Result<u32, AvroError> {
        let key = Arc::as_ptr(table.schema()) as usize;
        if let Some(cached) = self.tables.get(&key)
            && cached.table.strong_count() > 0
        {
            return Ok(cached.id);
        }
        let text = avro_schema_json(schema, self.config.schema)?;
        let id = self.register(table.topic(), schema, &text)?;
        if self.tables.len() >= 1024 {
            self.tables.retain(|_, c| c.table.strong_count() > 0);
        }
        self.tables.insert(
            key,
            CachedTable {
                table: Arc::downgrade(table.schema()),
                id,
            },
        );
        Ok(id)
    }

    fn schema_change_id(&mut self, topic: &Arc<str>) -> Result<u32, AvroError> {
        if let Some(id) = self.schema_change.get(topic) {
            return Ok(*id);
        }
        let schema = if self.is_key {
            schema_change_key_schema()
        } else {
            schema_change_value_schema()
        };
        let text = match &self.schema_change_text {
            Some(text) => text.clone(),
            None => {
                let text = avro_schema_json(&schema, self.config.schema)?;
                self.schema_change_text = Some(text.clone());
                text
            }
        };
        let id = self.register(topic, &schema, &text)?;
        self.schema_change.insert(topic.clone(), id);
        Ok(id)
    }

    /// Writes the key of a data change into `out` (appending); Ok(false) and nothing
    /// written when the table has no primary key.
    pub fn data_key(
        &mut self,
        c: &DataChange<'_, '_>,
        out: &mut Vec<u8>,
    ) -> Result<bool, FormatErrorKind> {
        let table = c.table;
        let Some(key_schema) = table.key_schema() else {
            return Ok(false);
        };
        let row = c.after.or(c.before).ok_or(FormatErrorKind::MissingRow)?;
        let id = self.table_id(table, key_schema)?;
        let start = out.len();
        write_header(out, id);
        let result = write_columns(out, table, row, table.key_columns().iter().copied());
        if result.is_err() {
            out.truncate(start);
        }
        result?;
        Ok(true)
    }

    /// Writes the value (the Debezium envelope) of a data change into `out` (appending).
    pub fn data_value(
        &mut self,
        c: &DataChange<'_, '_>,
        out: &mut Vec<u8>,
    ) -> Result<(), FormatErrorKind> {
        let table = c.table;
        let id = self.table_id(table, table.envelope_schema())?;
        let start = out.len();
        let result = write_envelope(out, id, c);
        if result.is_err() {
            out.truncate(start);
        }
        result
    }

    /// Writes the schema-change key `{databaseName}` into `out` (appending).
    pub fn schema_change_key(
        &mut self,
        topic: &Arc<str>,
        e: &SchemaChangeEvent<'_>,
        out: &mut Vec<u8>,
    ) -> Result<(), FormatErrorKind> {
        let id = self.schema_change_id(topic)?;
        write_header(out, id);
        write_string(out, &e.change.database);
        Ok(())
    }

    /// Writes the schema-change value into `out` (appending).
    pub fn schema_change_value(
        &mut self,
        topic: &Arc<str>,
        e: &SchemaChangeEvent<'_>,
        out: &mut Vec<u8>,
    ) -> Result<(), FormatErrorKind> {
        let id = self.schema_change_id(topic)?;
        write_header(out, id);
        write_source(out, &e.source);
        write_long(out, e.ts_ns.div_euclid(1_000_000));
        write_opt_string(out, Some(&e.change.database));
        write_opt_string(out, None);
        write_opt_string(out, Some(&e.change.ddl));
        let changes = &e.change.table_changes;
        if !changes.is_empty() {
            write_long(out, changes.len() as i64);
            for change in changes {
                write_table_change(out, change);
            }
        }
        write_long(out, 0);
        Ok(())
    }
}

/// What went wrong in the Avro converter, before the format layer names the table.
#[derive(Debug, thiserror::Error)]
pub enum FormatErrorKind {
    /// Avro's complaint.
    #[error(transparent)]
    Avro(#[from] AvroError),
    /// The envelope's complaint.
    #[error(transparent)]
    Envelope(#[from] EnvelopeError),
    /// A change without rows.
    #[error("a change has neither a before nor an after row")]
    MissingRow,
}

fn write_header(out: &mut Vec<u8>, id: u32) {
    out.push(MAGIC_BYTE);
    out.extend_from_slice(&id.to_be_bytes());
}

fn check_width(
    table: &TableEnvelope,
    row: &[crate::binlog::Value<'_>],
) -> Result<(), EnvelopeError> {
    let expected = table.columns().len();
    if row.len() != expected {
        return Err(EnvelopeError::RowWidth {
            table: table.schema().id.to_string(),
            expected,
            found: row.len(),
        });
    }
    Ok(())
}

/// The fields of the columns at `indexes`, in that order.
fn write_columns(
    out: &mut Vec<u8>,
    table: &TableEnvelope,
    row: &[crate::binlog::Value<'_>],
    indexes: impl Iterator<Item = usize>,
) -> Result<(), FormatErrorKind> {
    check_width(table, row)?;
    for i in indexes {
        let (Some(column), Some(value)) = (table.columns().get(i), row.get(i)) else {
            continue;
        };
        let datum = column.convert(value)?;
        write_field(out, &column.schema, &datum, &column.name)?;
    }
    Ok(())
}

fn write_optional_row(
    out: &mut Vec<u8>,
    table: &TableEnvelope,
    row: Option<&[crate::binlog::Value<'_>]>,
) -> Result<(), FormatErrorKind> {
    match row {
        // `before`/`after`: ["null", Value].
        None => write_long(out, 0),
        Some(row) => {
            write_long(out, 1);
            write_columns(out, table, row, 0..table.columns().len())?;
        }
    }
    Ok(())
}

fn write_envelope(
    out: &mut Vec<u8>,
    id: u32,
    c: &DataChange<'_, '_>,
) -> Result<(), FormatErrorKind> {
    write_header(out, id);
    write_optional_row(out, c.table, c.before)?;
    write_optional_row(out, c.table, c.after)?;
    write_source(out, &c.source);
    // transaction: ["null", event.block].
    write_long(out, 0);
    write_string(out, c.op.code());
    write_opt_long(out, Some(c.ts_ns.div_euclid(1_000_000)));
    write_opt_long(out, Some(c.ts_ns.div_euclid(1_000)));
    write_opt_long(out, Some(c.ts_ns));
    Ok(())
}

/// `io.debezium.connector.mysql.Source`, fields in `envelope::source_schema` order.
fn write_source(out: &mut Vec<u8>, s: &SourceInfo<'_>) {
    write_string(out, crate::format::DEBEZIUM_VERSION);
    write_string(out, "mysql");
    write_string(out, s.server_name);
    write_long(out, s.ts_ms);
    // snapshot: [Enum, "null"] (it has a default): branch 0.
    write_long(out, 0);
    write_string(out, s.snapshot.as_str());
    write_string(out, s.db);
    write_opt_string(out, None);
    write_opt_long(out, Some(s.ts_ms.saturating_mul(1_000)));
    write_opt_long(out, Some(s.ts_ms.saturating_mul(1_000_000)));
    write_opt_string(out, s.table);
    write_long(out, i64::from(s.server_id));
    write_opt_string(out, s.gtid);
    write_string(out, s.file);
    write_long(out, s.pos as i64);
    write_long(out, i64::from(s.row));
    write_opt_long(out, s.thread.map(|t| t as i64));
    write_opt_string(out, s.query);
}

fn write_opt_int(out: &mut Vec<u8>, v: Option<i64>) {
    write_opt_long(out, v);
}

fn write_opt_bool(out: &mut Vec<u8>, v: bool) {
    write_long(out, 1);
    write_bool(out, v);
}

fn write_string_array(out: &mut Vec<u8>, items: &[String]) {
    if !items.is_empty() {
        write_long(out, items.len() as i64);
        for item in items {
            write_string(out, item);
        }
    }
    write_long(out, 0);
}

/// One `tableChanges` entry (`io.debezium.connector.schema.Change`).
fn write_table_change(out: &mut Vec<u8>, change: &TableChange) {
    write_string(out, change.kind.as_str());
    write_string(out, &change.id.to_string());
    match &change.table {
        None => write_long(out, 0),
        Some(table) => {
            write_long(out, 1);
            write_opt_string(out, table.default_charset.as_deref());
            // primaryKeyColumnNames: ["null", array] — always an array.
            write_long(out, 1);
            write_string_array(out, &table.primary_key);
            if !table.columns.is_empty() {
                write_long(out, table.columns.len() as i64);
                for column in &table.columns {
                    write_history_column(out, column);
                }
            }
            write_long(out, 0);
            write_opt_string(out, table.comment.as_deref());
        }
    }
}

fn write_history_column(out: &mut Vec<u8>, c: &ColumnSchema) {
    write_string(out, &c.name);
    write_long(out, i64::from(c.jdbc_type));
    write_opt_int(out, None);
    write_string(out, &c.type_name);
    write_opt_string(out, Some(&c.type_expression));
    write_opt_string(out, c.charset.as_deref());
    write_opt_int(out, c.length.map(i64::from));
    write_opt_int(out, c.scale.map(i64::from));
    write_long(out, i64::from(c.position));
    write_opt_bool(out, c.optional);
    write_opt_bool(out, c.auto_increment);
    write_opt_bool(out, c.generated);
    write_opt_string(out, c.comment.as_deref());
    write_opt_string(out, c.default_value_expression.as_deref());
    match c.enum_values.as_deref() {
        Some(values) if !values.is_empty() => {
            write_long(out, 1);
            write_string_array(out, values);
        }
        _ => write_long(out, 0),
    }
}
