//! Kafka Connect schemas (`org.apache.kafka.connect.data.Schema`) as Debezium builds
//! them: type, optionality, logical name and version, doc, parameters (in insertion
//! order), default value, and struct fields or array items.
//!
//! Only the model lives here; `format` serializes it.

use super::datum::OwnedDatum;

/// A Connect schema type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConnectType {
    /// `boolean`.
    Boolean,
    /// `int8`.
    Int8,
    /// `int16`.
    Int16,
    /// `int32`.
    Int32,
    /// `int64`.
    Int64,
    /// `float` (float32).
    Float32,
    /// `double` (float64).
    Float64,
    /// `string`.
    String,
    /// `bytes`.
    Bytes,
    /// `struct`.
    Struct,
    /// `array`.
    Array,
}

impl ConnectType {
    /// The name Kafka's JsonConverter writes in `"type"`.
    pub fn json_name(self) -> &'static str {
        match self {
            ConnectType::Boolean => "boolean",
            ConnectType::Int8 => "int8",
            ConnectType::Int16 => "int16",
            ConnectType::Int32 => "int32",
            ConnectType::Int64 => "int64",
            ConnectType::Float32 => "float",
            ConnectType::Float64 => "double",
            ConnectType::String => "string",
            ConnectType::Bytes => "bytes",
            ConnectType::Struct => "struct",
            ConnectType::Array => "array",
        }
    }
}

/// A Connect schema.
#[derive(Debug, Clone, PartialEq)]
pub struct ConnectSchema {
    /// The type.
    pub kind: ConnectType,
    /// `optional`.
    pub optional: bool,
    /// Logical type or record name.
    pub name: Option<String>,
    /// Schema version.
    pub version: Option<i32>,
    /// Documentation (Debezium puts the column COMMENT here).
    pub doc: Option<String>,
    /// Parameters, in insertion order.
    pub parameters: Vec<(String, String)>,
    /// Default value.
    pub default: Option<OwnedDatum>,
    /// Struct fields.
    pub fields: Vec<ConnectField>,
    /// Array items.
    pub items: Option<Box<ConnectSchema>>,
}

/// One named field of a struct schema.
#[derive(Debug, Clone, PartialEq)]
pub struct ConnectField {
    /// Field name.
    pub name: String,
    /// Field schema.
    pub schema: ConnectSchema,
}

impl ConnectSchema {
    /// A required schema of `kind` with nothing else set.
    pub fn of(kind: ConnectType) -> Self {
        ConnectSchema {
            kind,
            optional: false,
            name: None,
            version: None,
            doc: None,
            parameters: Vec::new(),
            default: None,
            fields: Vec::new(),
            items: None,
        }
    }

    /// A logical type: `kind` named `name`, version 1.
    pub fn logical(kind: ConnectType, name: &str) -> Self {
        ConnectSchema {
            name: Some(name.to_owned()),
            version: Some(1),
            ..ConnectSchema::of(kind)
        }
    }

    /// Adds a parameter.
    pub fn param(mut self, key: &str, value: impl Into<String>) -> Self {
        self.parameters.push((key.to_owned(), value.into()));
        self
    }

    /// Marks optional.
    pub fn optional(mut self) -> Self {
        self.optional = true;
        self
    }

    /// Adds a struct field.
    pub fn field(mut self, name: &str, schema: ConnectSchema) -> Self {
        self.fields.push(ConnectField {
            name: name.to_owned(),
            schema,
        });
        self
    }
}
