//! The per-table-version part of the envelope: topic name, key and value Connect
//! schemas, and one converter per column (Debezium's `TableSchemaBuilder.create`).
//!
//! Built once per table version and cached by the engine; also carries a slot where
//! `format` keeps the serialized schemas, so they are serialized once, not per record.

use std::sync::{Arc, OnceLock};

use super::column::ColumnConverter;
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
    key_schema: Option<ConnectSchema>,
    envelope_schema: ConnectSchema,
    serialized: OnceLock<SerializedSchemas>,
}

impl TableEnvelope {
    /// Builds the envelope of `schema` under `cfg`.
    pub fn new(schema: Arc<TableSchema>, cfg: &EnvelopeConfig) -> Result<Self, EnvelopeError> {
        let topic: Arc<str> = Arc::from(sanitize_topic_name(&join_topic_parts(&[
            &cfg.topic_prefix,
            &schema.id.database,
            &schema.id.table,
        ])));
        let columns = schema
            .columns
            .iter()
            .map(|col| ColumnConverter::new(&schema, col, cfg))
            .collect::<Result<Vec<_>, _>>()?;
        let key_columns = schema
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
            .collect::<Result<Vec<_>, _>>()?;
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
        for c in &columns {
            value = value.field(&c.name, c.schema.clone());
        }
        let envelope_schema = envelope_schema(&name(&format!("{topic}.Envelope")), value);
        Ok(TableEnvelope {
            schema,
            topic,
            columns,
            key_columns,
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

/// `mkString`: the non-blank parts joined with '.'.
fn join_topic_parts(parts: &[&str]) -> String {
    let mut out = String::new();
    for part in parts.iter().filter(|p| !p.trim().is_empty()) {
        if !out.is_empty() {
            out.push('.');
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
            sanitize_topic_name(&join_topic_parts(&[
                "ecommerce-server",
                "ecommerce",
                "we!rd `name"
            ])),
            "ecommerce-server.ecommerce.we_rd__name"
        );
        assert_eq!(sanitize_topic_name("a🙂"), "a__");
        assert_eq!(sanitize_topic_name(".."), "__");
    }
}
