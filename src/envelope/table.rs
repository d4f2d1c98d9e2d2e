//! The per-table-version part of the envelope: topic name, key and value Connect
//! schemas, and one converter per column (Debezium's `TableSchemaBuilder.create`).
//!
//! Built once per table version and cached by the engine; also carries a slot where
//! `format` keeps the serialized schemas, so they are serialized once, not per record.

use std::sync::{Arc, OnceLock};

use super::column::ColumnConverter;
use super::column_options::{ColumnOptions, FieldMapper};
use super::connect::{ConnectSchema, ConnectType};
use super::datum::OwnedDatum;
use super::{EnvelopeConfig, EnvelopeError};
use crate::schema::TableSchema;

/// Kafka's longest topic name (`TopicNamingStrategy.MAX_NAME_LENGTH`).
const MAX_TOPIC_NAME_LENGTH: usize = 249;

/// Serialized schemas of a table, filled once by a serializer on first use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SerializedSchemas {
    /// The key schema as the serializer writes it (`None`: no primary key).
    pub key: Option<Box<[u8]>>,
    /// The value (envelope) schema.
    pub value: Box<[u8]>,
}

/// A table's Debezium envelope: topic, schemas and column converters.
#[derive(Debug)]
pub struct TableEnvelope {
    schema: Arc<TableSchema>,
    topic: Arc<str>,
    columns: Vec<ColumnConverter>,
    key_columns: Vec<usize>,
    /// Indexes of the columns the value carries (`column.include/exclude.list`).
    value_columns: Vec<usize>,
    /// Per column: the mapper its value field gets (`column.mask.*`, `column.truncate.*`).
    mappers: Vec<Option<FieldMapper>>,
    key_schema: Option<ConnectSchema>,
    envelope_schema: ConnectSchema,
    serialized: OnceLock<SerializedSchemas>,
}

impl TableEnvelope {
    /// Builds the envelope of `schema` under `cfg`.
    pub fn new(schema: Arc<TableSchema>, cfg: &EnvelopeConfig) -> Result<Self, EnvelopeError> {
        Self::with_column_options(schema, cfg, &ColumnOptions::default())
    }

    /// Builds the envelope of `schema` under `cfg` and the connector's column options
    /// (value columns, key columns, mappers).
    pub fn with_column_options(
        schema: Arc<TableSchema>,
        cfg: &EnvelopeConfig,
        options: &ColumnOptions,
    ) -> Result<Self, EnvelopeError> {
        let topic: Arc<str> = Arc::from(cfg.topic_naming.data_topic(
            &cfg.topic_prefix,
            &schema.id.database,
            &schema.id.table,
        ));
        let columns = schema
            .columns
            .iter()
            .map(|col| ColumnConverter::new(&schema, col, cfg))
            .collect::<Result<Vec<_>, _>>()?;
        let custom_key = options.custom_key_columns(&schema.id, &schema.columns);
        let key_columns = match custom_key {
            Some(columns) => columns,
            None => schema
                .primary_key
                .iter()
                .map(|name| {
                    schema
                        .columns
                        .iter()
                        .position(|c| c.name.eq_ignore_ascii_case(name))
                        .ok_or_else(|| EnvelopeError::UnknownKeyColumn {
                            table: schema.id.to_string(),
                            column: name.clone(),
                        })
                })
                .collect::<Result<Vec<_>, _>>()?,
        };
        // `schema.name.adjustment.mode` (Debezium's SchemaNameAdjuster).
        let name = |n: &str| cfg.schema_name_adjustment.schema_name(n).into_owned();
        let key_schema = (!key_columns.is_empty()).then(|| {
            let mut key = ConnectSchema::of(ConnectType::Struct);
            key.name = Some(name(&format!("{topic}.Key")));
            for &i in &key_columns {
                if let Some(c) = columns.get(i) {
                    key = key.field(&c.name, c.schema.clone());
                }
            }
            key
        });
        let mut value = ConnectSchema::of(ConnectType::Struct).optional();
        value.name = Some(name(&format!("{topic}.Value")));
        let mut value_columns = Vec::with_capacity(columns.len());
        let mut mappers = vec![None; columns.len()];
        for (i, (c, col)) in columns.iter().zip(&schema.columns).enumerate() {
            if !options.includes(&schema.id, &col.name) {
                continue;
            }
            value_columns.push(i);
            let (mapper, parameter) = options.field_mapper(&schema.id, col);
            let mut field = c.value_field_schema(&schema, col, cfg);
            if let Some((name, value)) = parameter {
                // `alterFieldSchema` runs after the type's own parameters are set.
                field.parameters.push((name.to_owned(), value));
            }
            if let Some(slot) = mappers.get_mut(i) {
                *slot = mapper;
            }
            value = value.field(&c.name, field);
        }
        let envelope_schema = envelope_schema(&name(&format!("{topic}.Envelope")), value);
        Ok(TableEnvelope {
            schema,
            topic,
            columns,
            key_columns,
            value_columns,
            mappers,
            key_schema,
            envelope_schema,
            serialized: OnceLock::new(),
        })
    }

    /// `<prefix>.<db>.<table>`, sanitized as Debezium does.
    pub fn topic(&self) -> &Arc<str> {
        &self.topic
    }

    /// The table this envelope was built from.
    pub fn schema(&self) -> &Arc<TableSchema> {
        &self.schema
    }

    /// True when the table has a primary key (records have a non-null key).
    pub fn has_key(&self) -> bool {
        self.key_schema.is_some()
    }

    /// Column converters, in column order.
    pub fn columns(&self) -> &[ColumnConverter] {
        &self.columns
    }

    /// Indexes (into [`Self::columns`]) of the key columns, in key order.
    pub fn key_columns(&self) -> &[usize] {
        &self.key_columns
    }

    /// Indexes (into [`Self::columns`]) of the columns the value carries, in order.
    pub fn value_columns(&self) -> &[usize] {
        &self.value_columns
    }

    /// The mapper of column `i`'s value field, if a `column.mask.*` /
    /// `column.truncate.*` rule applies to it.
    pub fn field_mapper(&self, i: usize) -> Option<&FieldMapper> {
        self.mappers.get(i).and_then(Option::as_ref)
    }

    /// The key's Connect schema (`<topic>.Key`), if the table has a key.
    pub fn key_schema(&self) -> Option<&ConnectSchema> {
        self.key_schema.as_ref()
    }

    /// The value's Connect schema (`<topic>.Envelope`, version 2).
    pub fn envelope_schema(&self) -> &ConnectSchema {
        &self.envelope_schema
    }

    /// The serializer's cache of the serialized schemas.
    pub fn serialized_schemas(&self) -> &OnceLock<SerializedSchemas> {
        &self.serialized
    }
}

/// `topic.naming.strategy`: Debezium's built-in strategies for the binlog connectors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TopicNamingStrategy {
    /// `io.debezium.schema.DefaultTopicNamingStrategy` (the binlog connectors'
    /// default): `<prefix>.<db>.<table>` (`TableId.databaseParts()`).
    #[default]
    Default,
    /// `io.debezium.schema.SchemaTopicNamingStrategy`: `<prefix>.<schema>.<table>`
    /// (`TableId.schemaParts()`); a MySQL table id has no schema part, so the topic
    /// is `<prefix>.<table>`.
    Schema,
}

/// The topic names of a connector (`AbstractTopicNamingStrategy` and its two
/// built-in subclasses): `topic.naming.strategy`, `topic.delimiter`,
/// `topic.transaction`, `topic.heartbeat.prefix`, `topic.heartbeat.name`. The
/// schema-change topic is always the bare `topic.prefix`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicNaming {
    /// `topic.naming.strategy`.
    pub strategy: TopicNamingStrategy,
    /// `topic.delimiter` (`.`).
    pub delimiter: String,
    /// `topic.transaction` (`transaction`).
    pub transaction: String,
    /// `topic.heartbeat.prefix` (`__debezium-heartbeat`).
    pub heartbeat_prefix: String,
    /// `topic.heartbeat.name`: the whole heartbeat topic name, when set.
    pub heartbeat_name: Option<String>,
}

impl Default for TopicNaming {
    fn default() -> Self {
        TopicNaming {
            strategy: TopicNamingStrategy::Default,
            delimiter: ".".to_owned(),
            transaction: "transaction".to_owned(),
            heartbeat_prefix: "__debezium-heartbeat".to_owned(),
            heartbeat_name: None,
        }
    }
}

impl TopicNaming {
    /// `dataChangeTopic`: the non-blank parts joined with the delimiter, sanitized.
    pub fn data_topic(&self, prefix: &str, database: &str, table: &str) -> String {
        let parts: &[&str] = match self.strategy {
            TopicNamingStrategy::Default => &[prefix, database, table],
            TopicNamingStrategy::Schema => &[prefix, table],
        };
        sanitize_topic_name(&join_topic_parts(parts, &self.delimiter))
    }

    /// `transactionTopic`: `<prefix><delimiter><topic.transaction>`, not sanitized.
    pub fn transaction_topic(&self, prefix: &str) -> String {
        format!("{prefix}{}{}", self.delimiter, self.transaction)
    }

    /// `heartbeatTopic`: `topic.heartbeat.name` when set, else
    /// `<topic.heartbeat.prefix><delimiter><prefix>`, not sanitized.
    pub fn heartbeat_topic(&self, prefix: &str) -> String {
        match self.heartbeat_name.as_deref().filter(|n| !n.is_empty()) {
            Some(name) => name.to_owned(),
            None => format!("{}{}{prefix}", self.heartbeat_prefix, self.delimiter),
        }
    }
}

/// `mkString`: the non-blank parts joined with `delimiter`.
fn join_topic_parts(parts: &[&str], delimiter: &str) -> String {
    let mut out = String::new();
    for part in parts.iter().filter(|p| !p.trim().is_empty()) {
        if !out.is_empty() {
            out.push_str(delimiter);
        }
        out.push_str(part);
    }
    out
}

/// `AbstractTopicNamingStrategy.sanitizedTopicName`: every UTF-16 unit outside
/// `[A-Za-z0-9._-]` becomes '_', the name is cut to 249, and "." / ".." are replaced.
pub fn sanitize_topic_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
            out.push(c);
        } else {
            for _ in 0..c.len_utf16() {
                out.push('_');
            }
        }
    }
    out.truncate(MAX_TOPIC_NAME_LENGTH);
    match out.as_str() {
        "." => "_".to_owned(),
        ".." => "__".to_owned(),
        _ => out,
    }
}

fn envelope_schema(name: &str, value: ConnectSchema) -> ConnectSchema {
    use ConnectType as T;
    let mut envelope = ConnectSchema::of(T::Struct)
        .field("before", value.clone())
        .field("after", value)
        .field("source", source_schema())
        .field("transaction", transaction_schema())
        .field("op", ConnectSchema::of(T::String))
        .field("ts_ms", ConnectSchema::of(T::Int64).optional())
        .field("ts_us", ConnectSchema::of(T::Int64).optional())
        .field("ts_ns", ConnectSchema::of(T::Int64).optional());
    envelope.name = Some(name.to_owned());
    envelope.version = Some(2);
    envelope
}

/// `io.debezium.connector.mysql.Source` (`BinlogSourceInfoStructMaker` on top of the
/// common source fields).
pub fn source_schema() -> ConnectSchema {
    use ConnectType as T;
    let req = ConnectSchema::of;
    let opt = |t| ConnectSchema::of(t).optional();
    let mut snapshot = ConnectSchema::logical(T::String, "io.debezium.data.Enum")
        .optional()
        .param(
            "allowed",
            "true,first,first_in_data_collection,last_in_data_collection,last,false,incremental",
        );
    snapshot.default = Some(OwnedDatum::String("false".to_owned()));
    ConnectSchema::logical(T::Struct, "io.debezium.connector.mysql.Source")
        .field("version", req(T::String))
        .field("connector", req(T::String))
        .field("name", req(T::String))
        .field("ts_ms", req(T::Int64))
        .field("snapshot", snapshot)
        .field("db", req(T::String))
        .field("sequence", opt(T::String))
        .field("ts_us", opt(T::Int64))
        .field("ts_ns", opt(T::Int64))
        .field("table", opt(T::String))
        .field("server_id", req(T::Int64))
        .field("gtid", opt(T::String))
        .field("file", req(T::String))
        .field("pos", req(T::Int64))
        .field("row", req(T::Int32))
        .field("thread", opt(T::Int64))
        .field("query", opt(T::String))
}

/// The `transaction` block (`event.block`).
pub fn transaction_schema() -> ConnectSchema {
    use ConnectType as T;
    ConnectSchema::logical(T::Struct, "event.block")
        .optional()
        .field("id", ConnectSchema::of(T::String))
        .field("total_order", ConnectSchema::of(T::Int64))
        .field("data_collection_order", ConnectSchema::of(T::Int64))
}

/// `io.debezium.connector.mysql.SchemaChangeKey`.
pub fn schema_change_key_schema() -> ConnectSchema {
    ConnectSchema::logical(
        ConnectType::Struct,
        "io.debezium.connector.mysql.SchemaChangeKey",
    )
    .field("databaseName", ConnectSchema::of(ConnectType::String))
}

/// `io.debezium.connector.mysql.SchemaChangeValue`, with `tableChanges` as
/// `ConnectTableChangeSerializer` describes them.
pub fn schema_change_value_schema() -> ConnectSchema {
    use ConnectType as T;
    let req = ConnectSchema::of;
    let opt = |t| ConnectSchema::of(t).optional();
    let array = |items: ConnectSchema| ConnectSchema {
        items: Some(Box::new(items)),
        ..ConnectSchema::of(T::Array)
    };
    let column = ConnectSchema::logical(T::Struct, "io.debezium.connector.schema.Column")
        .field("name", req(T::String))
        .field("jdbcType", req(T::Int32))
        .field("nativeType", opt(T::Int32))
        .field("typeName", req(T::String))
        .field("typeExpression", opt(T::String))
        .field("charsetName", opt(T::String))
        .field("length", opt(T::Int32))
        .field("scale", opt(T::Int32))
        .field("position", req(T::Int32))
        .field("optional", opt(T::Boolean))
        .field("autoIncremented", opt(T::Boolean))
        .field("generated", opt(T::Boolean))
        .field("comment", opt(T::String))
        .field("defaultValueExpression", opt(T::String))
        .field("enumValues", array(req(T::String)).optional());
    let table = ConnectSchema::logical(T::Struct, "io.debezium.connector.schema.Table")
        .optional()
        .field("defaultCharsetName", opt(T::String))
        .field("primaryKeyColumnNames", array(req(T::String)).optional())
        .field("columns", array(column))
        .field("comment", opt(T::String));
    let change = ConnectSchema::logical(T::Struct, "io.debezium.connector.schema.Change")
        .field("type", req(T::String))
        .field("id", req(T::String))
        .field("table", table);
    ConnectSchema::logical(T::Struct, "io.debezium.connector.mysql.SchemaChangeValue")
        .field("source", source_schema())
        .field("ts_ms", req(T::Int64))
        .field("databaseName", opt(T::String))
        .field("schemaName", opt(T::String))
        .field("ddl", opt(T::String))
        .field("tableChanges", array(change))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topic_names_are_sanitized_like_debezium() {
        // ddl.stream.jsonl: table `we!rd ``name` → topic ecommerce-server.ecommerce.we_rd__name
        assert_eq!(
            TopicNaming::default().data_topic("ecommerce-server", "ecommerce", "we!rd `name"),
            "ecommerce-server.ecommerce.we_rd__name"
        );
        assert_eq!(sanitize_topic_name("a🙂"), "a__");
        assert_eq!(sanitize_topic_name(".."), "__");
    }

    /// The topic names of the oracle run with `topic.delimiter=_`,
    /// `topic.transaction=txn`, `topic.heartbeat.prefix=hb`
    /// (`reference/transactions.naming.stream.jsonl`).
    #[test]
    fn delimiter_and_names_as_debezium_joins_them() {
        let naming = TopicNaming {
            delimiter: "_".into(),
            transaction: "txn".into(),
            heartbeat_prefix: "hb".into(),
            ..TopicNaming::default()
        };
        let prefix = "ecommerce-server";
        assert_eq!(
            naming.data_topic(prefix, "ecommerce", "orders"),
            "ecommerce-server_ecommerce_orders"
        );
        assert_eq!(naming.transaction_topic(prefix), "ecommerce-server_txn");
        assert_eq!(naming.heartbeat_topic(prefix), "hb_ecommerce-server");
        let defaults = TopicNaming::default();
        assert_eq!(
            defaults.transaction_topic(prefix),
            "ecommerce-server.transaction"
        );
        assert_eq!(
            defaults.heartbeat_topic(prefix),
            "__debezium-heartbeat.ecommerce-server"
        );
        // A delimiter outside Kafka's alphabet is sanitized in data topics only
        // (`dataChangeTopic` sanitizes, `transactionTopic` does not).
        let slash = TopicNaming {
            delimiter: "/".into(),
            ..TopicNaming::default()
        };
        assert_eq!(slash.data_topic("p", "d", "t"), "p_d_t");
        let schema = TopicNaming {
            strategy: TopicNamingStrategy::Schema,
            ..TopicNaming::default()
        };
        assert_eq!(
            schema.data_topic(prefix, "ecommerce", "orders"),
            "ecommerce-server.orders"
        );
    }
}
