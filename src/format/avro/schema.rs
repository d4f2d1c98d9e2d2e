//! Avro schemas of Connect schemas, as Confluent's `AvroData.fromConnectSchema` (7.0)
//! builds them and Avro 1.11's `Schema.toString()` prints them: the text registered with
//! the schema registry, byte for byte.
//!
//! Rules (checked against `binlog-fixtures/reference/*.avro.jsonl.schemas` and
//! `AvroData` itself):
//! - int8/int16 → `int` with `"connect.type":"int8"|"int16"`; int32 → `int`; int64 →
//!   `long`; float32 → `float`; float64 → `double`; Connect `Decimal` → `bytes` with
//!   `scale`, `precision` (the `connect.decimal.precision` parameter, else 64) and
//!   `"logicalType":"decimal"`; Connect `Date`/`Time`/`Timestamp` → `date`,
//!   `time-millis`, `timestamp-millis`.
//! - A struct is a record named after the Connect name split at its last '.'
//!   (nameless: `io.confluent.connect.avro.ConnectDefault`, then `ConnectDefault2`…);
//!   a record defined earlier in the same schema is referred to by name.
//! - Metadata properties, in this order: `connect.doc`, `connect.version`,
//!   `connect.parameters`, `connect.default`, `connect.name`, then `logicalType`, then
//!   `connect.type`; none of the `connect.*` ones with `connect.meta.data=false`.
//! - An optional schema is the union `["null", T]` with field default null, or
//!   `[T, "null"]` when the Connect schema has a default, which is then the field's.
//! - Names are validated as Avro 1.11 does (`Schema.validateName`): a field or record
//!   name must start with a letter or '_' and go on with letters, digits or '_'
//!   (Unicode letters and digits count); namespaces are not checked.
//!
//! It must not encode values: that is `encode`'s job.

use std::collections::HashSet;

use crate::envelope::{
    BinaryTextEncoding, ConnectSchema, ConnectType, OwnedDatum, write_java_double, write_java_float,
};

use super::AvroError;

const DECIMAL: &str = "org.apache.kafka.connect.data.Decimal";
const DATE: &str = "org.apache.kafka.connect.data.Date";
const TIME: &str = "org.apache.kafka.connect.data.Time";
const TIMESTAMP: &str = "org.apache.kafka.connect.data.Timestamp";
/// `AvroData.DEFAULT_SCHEMA_NAME` / `NAMESPACE`.
const DEFAULT_NAME: &str = "ConnectDefault";
const DEFAULT_NAMESPACE: &str = "io.confluent.connect.avro";
/// `CONNECT_AVRO_DECIMAL_PRECISION_DEFAULT`.
const DEFAULT_DECIMAL_PRECISION: &str = "64";

/// How Connect schemas become Avro schemas (`AvroDataConfig`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AvroSchemaOptions {
    /// `connect.meta.data` (default true): the `connect.*` properties.
    pub connect_meta_data: bool,
}

impl Default for AvroSchemaOptions {
    fn default() -> Self {
        AvroSchemaOptions {
            connect_meta_data: true,
        }
    }
}

/// The Avro schema text of `schema` (`AvroData.fromConnectSchema(schema).toString()`).
pub fn avro_schema_json(
    schema: &ConnectSchema,
    options: AvroSchemaOptions,
) -> Result<String, AvroError> {
    let mut writer = SchemaWriter {
        out: String::with_capacity(1024),
        options,
        defined: HashSet::new(),
        space: None,
        nameless: 0,
    };
    writer.schema(schema)?;
    Ok(writer.out)
}

struct SchemaWriter {
    out: String,
    options: AvroSchemaOptions,
    /// Full names of the records written so far.
    defined: HashSet<String>,
    /// The enclosing namespace (Avro's `Names.space`).
    space: Option<String>,
    /// Nameless structs seen so far.
    nameless: u32,
}

impl SchemaWriter {
    /// A schema, as a union with null when optional.
    fn schema(&mut self, schema: &ConnectSchema) -> Result<(), AvroError> {
        if !schema.optional {
            return self.base(schema);
        }
        if schema.default.is_some() {
            self.out.push('[');
            self.base(schema)?;
            self.out.push_str(",\"null\"]");
        } else {
            self.out.push_str("[\"null\",");
            self.base(schema)?;
            self.out.push(']');
        }
        Ok(())
    }

    /// The schema without its null union.
    fn base(&mut self, schema: &ConnectSchema) -> Result<(), AvroError> {
        if schema.kind == ConnectType::Struct {
            return self.record(schema);
        }
        let primitive = match schema.kind {
            ConnectType::Boolean => "boolean",
            ConnectType::Int8 | ConnectType::Int16 | ConnectType::Int32 => "int",
            ConnectType::Int64 => "long",
            ConnectType::Float32 => "float",
            ConnectType::Float64 => "double",
            ConnectType::String => "string",
            ConnectType::Bytes => "bytes",
            ConnectType::Array => "array",
            ConnectType::Struct => "record",
        };
        let decimal = schema.kind == ConnectType::Bytes && schema.name.as_deref() == Some(DECIMAL);
        let has_props = schema.kind == ConnectType::Array
            || decimal
            || logical_type(schema).is_some()
            || connect_type(schema).is_some() && self.options.connect_meta_data
            || self.options.connect_meta_data && has_metadata(schema);
        if !has_props {
            push_json_str(&mut self.out, primitive);
            return Ok(());
        }
        self.out.push_str("{\"type\":");
        push_json_str(&mut self.out, primitive);
        if let Some(items) = &schema.items {
            self.out.push_str(",\"items\":");
            self.schema(items)?;
        }
        if decimal {
            let param = |key: &str| {
                schema
                    .parameters
                    .iter()
                    .find(|(k, _)| k == key)
                    .map(|(_, v)| v.as_str())
            };
            let scale = param("scale").unwrap_or("0");
            let precision = param("connect.decimal.precision").unwrap_or(DEFAULT_DECIMAL_PRECISION);
            self.out.push_str(",\"scale\":");
            self.out.push_str(&int_text(scale)?);
            self.out.push_str(",\"precision\":");
            self.out.push_str(&int_text(precision)?);
        }
        self.metadata(schema);
        self.out.push('}');
        Ok(())
    }

    /// Properties after `type` (and `fields`/`items`): `connect.*`, `logicalType`,
    /// `connect.type`.
    fn metadata(&mut self, schema: &ConnectSchema) {
        if self.options.connect_meta_data {
            if let Some(doc) = &schema.doc {
                self.out.push_str(",\"connect.doc\":");
                push_json_str(&mut self.out, doc);
            }
            if let Some(version) = schema.version {
                self.out.push_str(",\"connect.version\":");
                self.out.push_str(&version.to_string());
            }
            if !schema.parameters.is_empty() {
                self.out.push_str(",\"connect.parameters\":{");
                for (i, (k, v)) in schema.parameters.iter().enumerate() {
                    if i > 0 {
                        self.out.push(',');
                    }
                    push_json_str(&mut self.out, k);
                    self.out.push(':');
                    push_json_str(&mut self.out, v);
                }
                self.out.push('}');
            }
            if let Some(default) = &schema.default {
                self.out.push_str(",\"connect.default\":");
                push_default(&mut self.out, default);
            }
            if let Some(name) = &schema.name {
                self.out.push_str(",\"connect.name\":");
                push_json_str(&mut self.out, name);
            }
        }
        if let Some(logical) = logical_type(schema) {
            self.out.push_str(",\"logicalType\":");
            push_json_str(&mut self.out, logical);
        }
        if self.options.connect_meta_data
            && let Some(t) = connect_type(schema)
        {
            self.out.push_str(",\"connect.type\":");
            push_json_str(&mut self.out, t);
        }
    }

    fn record(&mut self, schema: &ConnectSchema) -> Result<(), AvroError> {
        let (space, name) = match &schema.name {
            Some(full) => match full.rsplit_once('.') {
                Some((space, name)) => (
                    Some(space.to_owned()).filter(|s| !s.is_empty()),
                    name.to_owned(),
                ),
                None => (None, full.clone()),
            },
            None => {
                self.nameless += 1;
                let name = if self.nameless == 1 {
                    DEFAULT_NAME.to_owned()
                } else {
                    format!("{DEFAULT_NAME}{}", self.nameless)
                };
                (Some(DEFAULT_NAMESPACE.to_owned()), name)
            }
        };
        validate_name(&name, "record")?;
        let full = match &space {
            Some(s) => format!("{s}.{name}"),
            None => name.clone(),
        };
        if self.defined.contains(&full) {
            // Avro's `Name.getQualified(names.space)`.
            let reference = if space.is_none() || space == self.space {
                &name
            } else {
                &full
            };
            push_json_str(&mut self.out, reference);
            return Ok(());
        }
        self.defined.insert(full);
        self.out.push_str("{\"type\":\"record\",\"name\":");
        push_json_str(&mut self.out, &name);
        match &space {
            Some(s) if self.space.as_ref() != Some(s) => {
                self.out.push_str(",\"namespace\":");
                push_json_str(&mut self.out, s);
            }
            None if self.space.is_some() => self.out.push_str(",\"namespace\":\"\""),
            _ => {}
        }
        let saved = std::mem::replace(&mut self.space, space);
        self.out.push_str(",\"fields\":[");
        for (i, field) in schema.fields.iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            validate_name(&field.name, "field")?;
            self.out.push_str("{\"name\":");
            push_json_str(&mut self.out, &field.name);
            self.out.push_str(",\"type\":");
            self.schema(&field.schema)?;
            match &field.schema.default {
                Some(default) => {
                    self.out.push_str(",\"default\":");
                    push_default(&mut self.out, default);
                }
                None if field.schema.optional => self.out.push_str(",\"default\":null"),
                None => {}
            }
            self.out.push('}');
        }
        self.out.push(']');
        self.space = saved;
        self.metadata(schema);
        self.out.push('}');
        Ok(())
    }
}

fn has_metadata(schema: &ConnectSchema) -> bool {
    schema.doc.is_some()
        || schema.version.is_some()
        || !schema.parameters.is_empty()
        || schema.default.is_some()
        || schema.name.is_some()
}

fn logical_type(schema: &ConnectSchema) -> Option<&'static str> {
    match (schema.kind, schema.name.as_deref()?) {
        (ConnectType::Bytes, DECIMAL) => Some("decimal"),
        (ConnectType::Int32, DATE) => Some("date"),
        (ConnectType::Int32, TIME) => Some("time-millis"),
        (ConnectType::Int64, TIMESTAMP) => Some("timestamp-millis"),
        _ => None,
    }
}

fn connect_type(schema: &ConnectSchema) -> Option<&'static str> {
    match schema.kind {
        ConnectType::Int8 => Some("int8"),
        ConnectType::Int16 => Some("int16"),
        _ => None,
    }
}

fn int_text(value: &str) -> Result<String, AvroError> {
    value
        .trim()
        .parse::<i32>()
        .map(|v| v.to_string())
        .map_err(|_| AvroError::Schema(format!("decimal parameter `{value}` is not an integer")))
}

/// Avro 1.11 `Schema.validateName`: `Character.isLetter(first) || first == '_'`, then
/// `Character.isLetterOrDigit(c) || c == '_'`.
pub(crate) fn validate_name(name: &str, what: &str) -> Result<(), AvroError> {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return Err(AvroError::Schema(format!("empty {what} name")));
    };
    if !(first.is_alphabetic() || first == '_') {
        return Err(AvroError::IllegalName {
            name: name.to_owned(),
            reason: "Illegal initial character",
        });
    }
    if chars.any(|c| !(c.is_alphanumeric() || c == '_')) {
        return Err(AvroError::IllegalName {
            name: name.to_owned(),
            reason: "Illegal character in",
        });
    }
    Ok(())
}

/// A default value as Avro's `JacksonUtils.toJsonNode` writes it (bytes as a string of
/// ISO-8859-1 characters).
fn push_default(out: &mut String, value: &OwnedDatum) {
    match value {
        OwnedDatum::Boolean(b) => out.push_str(if *b { "true" } else { "false" }),
        OwnedDatum::Int(v) => out.push_str(&v.to_string()),
        OwnedDatum::Float32(v) => push_java_number(out, |buf| write_java_float(buf, *v)),
        OwnedDatum::Float64(v) => push_java_number(out, |buf| write_java_double(buf, *v)),
        OwnedDatum::String(s) => push_json_str(out, s),
        OwnedDatum::Bytes(b) => push_latin1_str(out, b),
        OwnedDatum::BinaryText(b, encoding) => {
            push_json_str(out, &binary_text(b, *encoding));
        }
        OwnedDatum::Decimal(d) => {
            let mut buf = [0u8; 32];
            push_latin1_str(out, d.write_twos_complement(&mut buf));
        }
        OwnedDatum::Geometry { wkb, srid } => {
            out.push_str("{\"wkb\":");
            push_latin1_str(out, wkb);
            out.push_str(",\"srid\":");
            match srid {
                Some(s) => out.push_str(&s.to_string()),
                None => out.push_str("null"),
            }
            out.push('}');
        }
        OwnedDatum::FloatVector(values) => {
            out.push('[');
            for (i, v) in values.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                push_java_number(out, |buf| write_java_float(buf, *v));
            }
            out.push(']');
        }
    }
}

fn push_java_number(out: &mut String, write: impl FnOnce(&mut Vec<u8>)) {
    let mut buf = Vec::new();
    write(&mut buf);
    out.push_str(&String::from_utf8_lossy(&buf));
}

/// The text a binary column's default has under `binary.handling.mode`.
pub(crate) fn binary_text(bytes: &[u8], encoding: BinaryTextEncoding) -> String {
    use base64::Engine as _;
    match encoding {
        BinaryTextEncoding::Base64 => base64::engine::general_purpose::STANDARD.encode(bytes),
        BinaryTextEncoding::Base64UrlSafe => {
            base64::engine::general_purpose::URL_SAFE.encode(bytes)
        }
        BinaryTextEncoding::Hex => bytes.iter().map(|b| format!("{b:02x}")).collect(),
    }
}

fn push_latin1_str(out: &mut String, bytes: &[u8]) {
    let text: String = bytes.iter().map(|&b| char::from(b)).collect();
    push_json_str(out, &text);
}

/// A JSON string as Jackson's writer-based generator writes it: `\"`, `\\`, `\b \t
/// \n \f \r`, other characters below 0x20 as `\u00XX` (upper-case hex), everything else
/// raw.
pub(crate) fn push_json_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::envelope::{DecimalValue, schema_change_key_schema};

    fn decimal_bytes(d: &DecimalValue) -> Vec<u8> {
        let mut buf = [0u8; 32];
        d.write_twos_complement(&mut buf).to_vec()
    }

    #[test]
    fn schema_change_key_matches_the_registry_text() {
        // binlog-fixtures/reference/seed.stream.avro.jsonl.schemas, subject ecommerce-server-key.
        let text = avro_schema_json(&schema_change_key_schema(), AvroSchemaOptions::default());
        assert_eq!(
            text.ok().as_deref(),
            Some(
                "{\"type\":\"record\",\"name\":\"SchemaChangeKey\",\"namespace\":\"io.debezium.connector.mysql\",\"fields\":[{\"name\":\"databaseName\",\"type\":\"string\"}],\"connect.version\":1,\"connect.name\":\"io.debezium.connector.mysql.SchemaChangeKey\"}"
            )
        );
    }

    // The expected texts below are what AvroData 7.0.16 printed for the same Connect
    // schemas (a probe run against the oracle's jars).
    #[test]
    fn defaults_put_the_value_first_and_render_like_jackson() {
        let mut st = ConnectSchema::of(ConnectType::String).optional();
        st.default = Some(OwnedDatum::String("a\"b".into()));
        let mut by = ConnectSchema::of(ConnectType::Bytes).optional();
        by.default = Some(OwnedDatum::Bytes(vec![0, 1, 0xff, 0x1f]));
        let mut t16 = ConnectSchema::logical(ConnectType::Int16, "x.Y").param("k", "v");
        t16.doc = Some("d".into());
        t16.default = Some(OwnedDatum::Int(3));
        let mut s = ConnectSchema::of(ConnectType::Struct)
            .field("t16", t16)
            .field("st", st)
            .field("by", by);
        s.name = Some("p.db.t.Value".into());
        let text = avro_schema_json(&s, AvroSchemaOptions::default()).unwrap_or_default();
        assert_eq!(
            text,
            "{\"type\":\"record\",\"name\":\"Value\",\"namespace\":\"p.db.t\",\"fields\":[\
             {\"name\":\"t16\",\"type\":{\"type\":\"int\",\"connect.doc\":\"d\",\"connect.version\":1,\"connect.parameters\":{\"k\":\"v\"},\"connect.default\":3,\"connect.name\":\"x.Y\",\"connect.type\":\"int16\"},\"default\":3},\
             {\"name\":\"st\",\"type\":[{\"type\":\"string\",\"connect.default\":\"a\\\"b\"},\"null\"],\"default\":\"a\\\"b\"},\
             {\"name\":\"by\",\"type\":[{\"type\":\"bytes\",\"connect.default\":\"\\u0000\\u0001ÿ\\u001F\"},\"null\"],\"default\":\"\\u0000\\u0001ÿ\\u001F\"}],\
             \"connect.name\":\"p.db.t.Value\"}"
        );
        let bare = avro_schema_json(
            &s,
            AvroSchemaOptions {
                connect_meta_data: false,
            },
        )
        .unwrap_or_default();
        assert!(bare.starts_with("{\"type\":\"record\",\"name\":\"Value\",\"namespace\":\"p.db.t\",\"fields\":[{\"name\":\"t16\",\"type\":\"int\",\"default\":3},{\"name\":\"st\",\"type\":[\"string\",\"null\"]"), "{bare}");
        assert!(bare.ends_with("]}"), "{bare}");
    }

    #[test]
    fn connect_logical_types_and_nameless_records() {
        let inner = |field: &str| {
            ConnectSchema::of(ConnectType::Struct)
                .optional()
                .field(field, ConnectSchema::of(ConnectType::Int32))
        };
        let mut dec = ConnectSchema::logical(ConnectType::Bytes, DECIMAL).param("scale", "0");
        dec.default = Some(OwnedDatum::Decimal(DecimalValue::Small(-1)));
        let mut s = ConnectSchema::of(ConnectType::Struct)
            .field(
                "date",
                ConnectSchema::logical(ConnectType::Int32, DATE).optional(),
            )
            .field("rdec", dec)
            .field("a", inner("a"))
            .field("b", inner("b"));
        s.name = Some("x.Y".into());
        let text = avro_schema_json(&s, AvroSchemaOptions::default()).unwrap_or_default();
        assert_eq!(
            text,
            "{\"type\":\"record\",\"name\":\"Y\",\"namespace\":\"x\",\"fields\":[\
             {\"name\":\"date\",\"type\":[\"null\",{\"type\":\"int\",\"connect.version\":1,\"connect.name\":\"org.apache.kafka.connect.data.Date\",\"logicalType\":\"date\"}],\"default\":null},\
             {\"name\":\"rdec\",\"type\":{\"type\":\"bytes\",\"scale\":0,\"precision\":64,\"connect.version\":1,\"connect.parameters\":{\"scale\":\"0\"},\"connect.default\":\"ÿ\",\"connect.name\":\"org.apache.kafka.connect.data.Decimal\",\"logicalType\":\"decimal\"},\"default\":\"ÿ\"},\
             {\"name\":\"a\",\"type\":[\"null\",{\"type\":\"record\",\"name\":\"ConnectDefault\",\"namespace\":\"io.confluent.connect.avro\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}],\"default\":null},\
             {\"name\":\"b\",\"type\":[\"null\",{\"type\":\"record\",\"name\":\"ConnectDefault2\",\"namespace\":\"io.confluent.connect.avro\",\"fields\":[{\"name\":\"b\",\"type\":\"int\"}]}],\"default\":null}],\
             \"connect.name\":\"x.Y\"}"
        );
        assert_eq!(decimal_bytes(&DecimalValue::Small(-1)), vec![0xff]);
    }

    #[test]
    fn names_are_validated_like_avro() {
        // AvroData: "Illegal character in: col with space" (ddl scenario), "Illegal
        // initial character: 1Y"; Unicode letters pass.
        assert!(validate_name("é1", "field").is_ok());
        assert!(validate_name("_x", "field").is_ok());
        let e = validate_name("col with space", "field")
            .err()
            .map(|e| e.to_string());
        assert!(
            e.unwrap_or_default()
                .contains("Illegal character in: col with space")
        );
        let e = validate_name("1Y", "record").err().map(|e| e.to_string());
        assert!(
            e.unwrap_or_default()
                .contains("Illegal initial character: 1Y")
        );
    }
}
