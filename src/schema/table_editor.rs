//! Turning DDL trees into Debezium's relational model: the column attributes Debezium
//! 3.6's MySQL connector records (`typeName`, `jdbcType`, `length`, `scale`, charset,
//! `optional`, `autoIncremented`, `generated`, `defaultValueExpression`,
//! `enumValues`) and the table edits of CREATE/ALTER TABLE.
//!
//! Owns the rules of Debezium's `ColumnDefinitionParserListener`,
//! `DefaultValueParserListener`, `DataTypeResolver` registrations in
//! `MySqlAntlrDdlParser`, `TableCommonParserListener`, `AlterTableParserListener` and
//! `TableEditorImpl` (read, not copied: their observable results are what is
//! reproduced, quirks included, and each quirk is named where it is applied). It must
//! not decide which statements produce schema-change records: that is the tracker's.

use crate::ddl::{
    AlterSpec, ColumnAttribute, ColumnDefinition, ColumnPosition, DataTypeSpec, DefaultValue,
    IndexKind, KeyPart, StringLiteral, TableConstraint, TableElement,
};

use super::charset;
use super::table::{ColumnSchema, DataType, IntWidth, LobSize, TableId, TableSchema};

/// `java.sql.Types` codes Debezium assigns.
pub mod jdbc {
    /// `Types.BIT`.
    pub const BIT: i32 = -7;
    /// `Types.SMALLINT`.
    pub const SMALLINT: i32 = 5;
    /// `Types.INTEGER`.
    pub const INTEGER: i32 = 4;
    /// `Types.BIGINT`.
    pub const BIGINT: i32 = -5;
    /// `Types.REAL`.
    pub const REAL: i32 = 7;
    /// `Types.FLOAT`.
    pub const FLOAT: i32 = 6;
    /// `Types.DOUBLE`.
    pub const DOUBLE: i32 = 8;
    /// `Types.DECIMAL`.
    pub const DECIMAL: i32 = 3;
    /// `Types.NUMERIC`.
    pub const NUMERIC: i32 = 2;
    /// `Types.CHAR`.
    pub const CHAR: i32 = 1;
    /// `Types.VARCHAR`.
    pub const VARCHAR: i32 = 12;
    /// `Types.NCHAR`.
    pub const NCHAR: i32 = -15;
    /// `Types.NVARCHAR`.
    pub const NVARCHAR: i32 = -9;
    /// `Types.DATE`.
    pub const DATE: i32 = 91;
    /// `Types.TIME`.
    pub const TIME: i32 = 92;
    /// `Types.TIMESTAMP`.
    pub const TIMESTAMP: i32 = 93;
    /// `Types.TIMESTAMP_WITH_TIMEZONE`.
    pub const TIMESTAMP_WITH_TIMEZONE: i32 = 2014;
    /// `Types.BINARY`.
    pub const BINARY: i32 = -2;
    /// `Types.VARBINARY`.
    pub const VARBINARY: i32 = -3;
    /// `Types.BLOB`.
    pub const BLOB: i32 = 2004;
    /// `Types.BOOLEAN`.
    pub const BOOLEAN: i32 = 16;
    /// `Types.OTHER`.
    pub const OTHER: i32 = 1111;
    /// `Types.LONGVARCHAR`.
    pub const LONGVARCHAR: i32 = -1;
    /// `Types.CLOB`.
    pub const CLOB: i32 = 2005;
    /// `Types.LONGNVARCHAR`.
    pub const LONGNVARCHAR: i32 = -16;
    /// `Types.NCLOB`.
    pub const NCLOB: i32 = 2011;
}

/// Why a column definition cannot be modelled.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ColumnModelError {
    /// A type Debezium's grammar does not know (e.g. MariaDB's `INET6`, `UUID`).
    #[error("column `{column}`: unsupported data type {type_name}")]
    UnsupportedType {
        /// Column name.
        column: String,
        /// The type as written.
        type_name: String,
    },
    /// A dimension that is not a number.
    #[error("column `{column}`: invalid type dimension `{value}`")]
    InvalidDimension {
        /// Column name.
        column: String,
        /// The text found.
        value: String,
    },
}

/// Whether Debezium gives columns of this JDBC type a charset (`Column.typeUsesCharset`).
pub fn type_uses_charset(jdbc_type: i32) -> bool {
    matches!(
        jdbc_type,
        jdbc::CHAR
            | jdbc::VARCHAR
            | jdbc::LONGVARCHAR
            | jdbc::CLOB
            | jdbc::NCHAR
            | jdbc::NVARCHAR
            | jdbc::LONGNVARCHAR
            | jdbc::NCLOB
    )
}

/// What a type name resolves to: JDBC type and Debezium's default length/scale.
struct TypeEntry {
    jdbc: i32,
    default_length: Option<i32>,
    default_scale: Option<i32>,
    numeric_options: bool,
}

const fn entry(jdbc: i32) -> TypeEntry {
    TypeEntry {
        jdbc,
        default_length: None,
        default_scale: None,
        numeric_options: false,
    }
}

const fn numeric(jdbc: i32) -> TypeEntry {
    TypeEntry {
        jdbc,
        default_length: None,
        default_scale: None,
        numeric_options: true,
    }
}

const fn decimal(jdbc: i32) -> TypeEntry {
    TypeEntry {
        jdbc,
        default_length: Some(10),
        default_scale: Some(0),
        numeric_options: true,
    }
}

/// Debezium's `DataTypeResolver` registrations (MySqlAntlrDdlParser) by type name.
fn type_entry(name: &str) -> Option<TypeEntry> {
    Some(match name {
        "CHAR" | "CHARACTER" => entry(jdbc::CHAR),
        "CHAR VARYING" | "CHARACTER VARYING" | "VARCHAR" | "VARCHARACTER" | "TINYTEXT" | "TEXT"
        | "MEDIUMTEXT" | "LONGTEXT" | "LONG" | "LONG VARCHAR" | "LONG CHAR VARYING" => {
            entry(jdbc::VARCHAR)
        }
        "NCHAR" | "NATIONAL CHAR" | "NATIONAL CHARACTER" => entry(jdbc::NCHAR),
        "NCHAR VARCHAR"
        | "NCHAR VARYING"
        | "NVARCHAR"
        | "NATIONAL VARCHAR"
        | "NATIONAL CHAR VARYING"
        | "NATIONAL CHARACTER VARYING" => entry(jdbc::NVARCHAR),
        "TINYINT" | "INT1" | "SMALLINT" | "INT2" => numeric(jdbc::SMALLINT),
        "MEDIUMINT" | "MIDDLEINT" | "INT3" | "INT" | "INTEGER" | "INT4" => numeric(jdbc::INTEGER),
        "BIGINT" | "INT8" => numeric(jdbc::BIGINT),
        "REAL" => numeric(jdbc::REAL),
        "DOUBLE" | "DOUBLE PRECISION" | "FLOAT8" => numeric(jdbc::DOUBLE),
        "FLOAT" | "FLOAT4" => numeric(jdbc::FLOAT),
        "DECIMAL" | "DEC" | "FIXED" => decimal(jdbc::DECIMAL),
        "NUMERIC" => decimal(jdbc::NUMERIC),
        "BIT" => TypeEntry {
            jdbc: jdbc::BIT,
            default_length: Some(1),
            default_scale: None,
            numeric_options: false,
        },
        "TIME" => entry(jdbc::TIME),
        "TIMESTAMP" => entry(jdbc::TIMESTAMP_WITH_TIMEZONE),
        "DATETIME" => entry(jdbc::TIMESTAMP),
        "DATE" => entry(jdbc::DATE),
        "YEAR" => entry(jdbc::INTEGER),
        "BINARY" => entry(jdbc::BINARY),
        "VARBINARY" => entry(jdbc::VARBINARY),
        "TINYBLOB" | "BLOB" | "MEDIUMBLOB" | "LONGBLOB" | "LONG VARBINARY" => entry(jdbc::BLOB),
        "BOOL" | "BOOLEAN" => entry(jdbc::BOOLEAN),
        "SERIAL" => entry(jdbc::BIGINT),
        "ENUM" | "SET" => entry(jdbc::CHAR),
        "GEOMETRYCOLLECTION" | "GEOMCOLLECTION" | "LINESTRING" | "MULTILINESTRING"
        | "MULTIPOINT" | "MULTIPOLYGON" | "POINT" | "POLYGON" | "JSON" | "VECTOR" | "GEOMETRY" => {
            entry(jdbc::OTHER)
        }
        // MariaDB's own types, which Debezium's MySQL grammar rejects; its MariaDB
        // connector registers UUID as Types.OTHER (MariaDbAntlrDdlParser).
        "UUID" | "INET4" | "INET6" => entry(jdbc::OTHER),
        _ => return None,
    })
}

/// The column Debezium builds from a definition, plus the key effects of its inline
/// PRIMARY KEY / UNIQUE attributes.
pub struct BuiltColumn {
    /// The column (position 0: the table assigns it).
    pub column: ColumnSchema,
    /// Inline `PRIMARY KEY`.
    pub primary_key: bool,
    /// Inline `UNIQUE`.
    pub unique: bool,
    /// Whether NULL/NOT NULL/PRIMARY KEY fixed `optional` (else it defaults to true).
    pub nullability_written: bool,
}

/// Builds a column from its definition, starting from `base` (CHANGE keeps some
/// attributes of the old column) or from an empty column.
pub fn build_column(
    def: &ColumnDefinition,
    base: Option<&ColumnSchema>,
    include_comments: bool,
) -> Result<BuiltColumn, ColumnModelError> {
    let resolved = resolve_type(&def.name, &def.data_type)?;
    let mut column = match base {
        Some(b) => ColumnSchema {
            // CHANGE: Debezium edits the old column after unsetting default, length
            // and scale; comment, auto-increment and generated flags carry over.
            default_value_expression: None,
            length: None,
            scale: None,
            ..b.clone()
        },
        None => ColumnSchema {
            name: def.name.clone(),
            position: 0,
            data_type: resolved.data_type.clone(),
            type_name: String::new(),
            type_expression: String::new(),
            jdbc_type: 0,
            charset: None,
            collation: None,
            length: None,
            scale: None,
            optional: true,
            auto_increment: false,
            generated: false,
            comment: None,
            default_value_expression: None,
            enum_values: None,
        },
    };
    column.data_type = resolved.data_type;
    column.type_name.clone_from(&resolved.type_name);
    column.type_expression = resolved.type_name;
    column.jdbc_type = resolved.jdbc;
    column.length = resolved.length;
    column.scale = resolved.scale;
    column.charset = resolved.charset;
    column.collation = def.data_type.collation.clone();
    if let Some(values) = resolved.enum_values {
        column.enum_values = Some(values);
    }
    let mut built = BuiltColumn {
        column,
        primary_key: false,
        unique: false,
        nullability_written: false,
    };
    if resolved.serial {
        serial_column(&mut built);
    }
    let mut optional: Option<bool> = resolved.serial.then_some(false);
    for attribute in &def.attributes {
        apply_attribute(&mut built, &mut optional, attribute, include_comments);
    }
    built.nullability_written = optional.is_some();
    built.column.optional = optional.unwrap_or(true);
    Ok(built)
}

/// SERIAL = BIGINT UNSIGNED NOT NULL AUTO_INCREMENT UNIQUE.
fn serial_column(built: &mut BuiltColumn) {
    built.unique = true;
    built.column.auto_increment = true;
    built.column.generated = true;
}

fn apply_attribute(
    built: &mut BuiltColumn,
    optional: &mut Option<bool>,
    attribute: &ColumnAttribute,
    include_comments: bool,
) {
    let column = &mut built.column;
    match attribute {
        ColumnAttribute::Null => *optional = Some(true),
        ColumnAttribute::NotNull => *optional = Some(false),
        ColumnAttribute::PrimaryKey => {
            *optional = Some(false);
            built.primary_key = true;
        }
        ColumnAttribute::Unique => built.unique = true,
        ColumnAttribute::AutoIncrement => {
            column.auto_increment = true;
            column.generated = true;
        }
        // Debezium marks ON UPDATE columns as auto-incremented and generated too.
        ColumnAttribute::OnUpdate(_) => {
            column.auto_increment = true;
            column.generated = true;
        }
        ColumnAttribute::SerialDefaultValue => {
            if optional.is_none() {
                *optional = Some(false);
            }
            serial_column(built);
        }
        ColumnAttribute::Comment(c) if include_comments => column.comment = Some(unquote(&c.raw)),
        ColumnAttribute::Default(v) => {
            if let Some(expression) = default_value_expression(v) {
                column.default_value_expression = expression;
            }
        }
        // A COLLATE attribute names the charset by its prefix when none was given.
        ColumnAttribute::Collate(co) => {
            column.collation = Some(co.clone());
            if column.charset.is_none()
                && let Some((prefix, _)) = co.split_once('_')
            {
                column.charset = Some(prefix.to_owned());
            }
        }
        ColumnAttribute::Charset(cs) => column.charset = Some(cs.clone()),
        _ => {}
    }
}

/// Debezium's `defaultValueExpression` for a DEFAULT clause: `Some(new value)` when
/// the clause sets it, `None` when it leaves it unchanged (DEFAULT NULL).
pub fn default_value_expression(value: &DefaultValue) -> Option<Option<String>> {
    Some(match value {
        DefaultValue::Null => return None,
        // DefaultValueParserListener: CURRENT_TIMESTAMP/NOW() → the epoch.
        DefaultValue::Now(_) => Some("1970-01-01 00:00:00".to_owned()),
        // Computed defaults are "handled as NULL".
        DefaultValue::Expression(_) => None,
        DefaultValue::String { sign, literal } => {
            let sign = sign.map(String::from).unwrap_or_default();
            Some(format!("{sign}{}", unquote(without_introducer(literal))))
        }
        DefaultValue::Number(n) => Some(n.clone()),
        DefaultValue::Boolean(b) => Some(b.clone()),
        // `unquoteBinary`: drops two leading and one trailing character.
        DefaultValue::Bit(t) | DefaultValue::Hex(t) => Some(drop_binary_quotes(t)),
        DefaultValue::Temporal { keyword, literal } => Some(format!("{keyword}{}", literal.raw)),
    })
}

/// `ALTER COLUMN ... SET DEFAULT v`: Debezium's narrower handling (NULL, hex and bit
/// literals and functions leave the default unchanged).
pub fn set_default_expression(value: &DefaultValue) -> Option<Option<String>> {
    match value {
        DefaultValue::String { sign, literal } => {
            let sign = sign.map(String::from).unwrap_or_default();
            Some(Some(format!("{sign}{}", unquote(&literal.raw))))
        }
        DefaultValue::Number(_) | DefaultValue::Boolean(_) | DefaultValue::Temporal { .. } => {
            default_value_expression(value)
        }
        DefaultValue::Expression(e) if e.starts_with('(') => Some(None),
        _ => None,
    }
}

fn without_introducer(literal: &StringLiteral) -> &str {
    if literal.raw.starts_with('_')
        && let Some(q) = literal.raw.find(['\'', '"'])
    {
        return literal.raw.get(q..).unwrap_or(&literal.raw);
    }
    &literal.raw
}

/// Strips one pair of surrounding single or double quotes (Debezium's `unquote`).
fn unquote(s: &str) -> String {
    let quoted = s.len() >= 2
        && ((s.starts_with('\'') && s.ends_with('\'')) || (s.starts_with('"') && s.ends_with('"')));
    if quoted {
        s.get(1..s.len() - 1).unwrap_or(s).to_owned()
    } else {
        s.to_owned()
    }
}

fn drop_binary_quotes(s: &str) -> String {
    if s.len() > 2 {
        s.get(2..s.len() - 1).unwrap_or(s).to_owned()
    } else {
        s.to_owned()
    }
}

struct ResolvedType {
    type_name: String,
    jdbc: i32,
    length: Option<i32>,
    scale: Option<i32>,
    charset: Option<String>,
    enum_values: Option<Vec<String>>,
    serial: bool,
    data_type: DataType,
}

/// Debezium's `resolveColumnDataType`: name with modifiers, JDBC type, length, scale,
/// explicit charset.
fn resolve_type(column: &str, spec: &DataTypeSpec) -> Result<ResolvedType, ColumnModelError> {
    let unsupported = || ColumnModelError::UnsupportedType {
        column: column.to_owned(),
        type_name: spec.to_string(),
    };
    let entry = type_entry(&spec.name).ok_or_else(unsupported)?;
    let (mut length, mut scale) = dimensions(column, spec)?;
    let is_set = spec.name == "SET";
    let is_enum = spec.name == "ENUM";
    if is_set {
        length = Some(
            i32::try_from(spec.values.len())
                .unwrap_or(i32::MAX)
                .saturating_mul(2)
                .saturating_sub(1)
                .max(0),
        );
    } else if is_enum {
        length = Some(1);
    }
    if length.is_none() {
        length = entry.default_length;
    }
    if scale.is_none() {
        scale = entry.default_scale;
    }
    let mut type_name = spec.name.clone();
    if entry.numeric_options {
        if spec.zerofill {
            type_name.push_str(" UNSIGNED ZEROFILL");
        } else if let Some(unsigned) = spec.unsigned {
            type_name.push_str(if unsigned { " UNSIGNED" } else { " SIGNED" });
        }
    }
    if spec.binary && type_uses_charset(entry.jdbc) && !is_enum && !is_set {
        type_name.push_str(" BINARY");
    }
    let serial = spec.name == "SERIAL";
    if serial {
        type_name = "BIGINT UNSIGNED".to_owned();
    }
    let mut charset = spec.charset.clone();
    if entry.jdbc == jdbc::NCHAR || entry.jdbc == jdbc::NVARCHAR {
        // NCHAR and NVARCHAR always use utf8; NCHAR without length is NCHAR(1).
        charset = Some("utf8".to_owned());
        if entry.jdbc == jdbc::NCHAR && length.is_none() {
            length = Some(1);
        }
    }
    if charset.is_none()
        && let Some(co) = &spec.collation
    {
        charset = co.split_once('_').map(|(prefix, _)| prefix.to_owned());
    }
    let enum_values =
        (is_enum || is_set).then(|| spec.values.iter().map(|v| v.raw.clone()).collect());
    let data_type = data_type(spec, length, scale);
    Ok(ResolvedType {
        type_name,
        jdbc: entry.jdbc,
        length,
        scale,
        charset,
        enum_values,
        serial,
        data_type,
    })
}

/// Length and scale written in parentheses, as Debezium reads them: `(M)` is the
/// length (truncated if written as a decimal, 10 if not positive); `(M,D)` length and
/// scale; temporal `(fsp)` the length as is.
fn dimensions(
    column: &str,
    spec: &DataTypeSpec,
) -> Result<(Option<i32>, Option<i32>), ColumnModelError> {
    let invalid = |value: &str| ColumnModelError::InvalidDimension {
        column: column.to_owned(),
        value: value.to_owned(),
    };
    let temporal = matches!(spec.name.as_str(), "TIME" | "DATETIME" | "TIMESTAMP");
    match spec.dimensions.as_slice() {
        [] => Ok((None, None)),
        [m] if temporal => Ok((Some(m.parse::<i32>().map_err(|_| invalid(m))?), None)),
        [m] => Ok((Some(field_length(m).ok_or_else(|| invalid(m))?), None)),
        [m, d, ..] => {
            let length = field_length(m).ok_or_else(|| invalid(m))?;
            let scale = d.parse::<i32>().map_err(|_| invalid(d))?;
            Ok((Some(length), Some(scale)))
        }
    }
}

fn field_length(text: &str) -> Option<i32> {
    let value: i64 = match text.parse::<i64>() {
        Ok(v) => v,
        // Debezium truncates decimal lengths (`DECIMAL(19.5)`).
        Err(_) => text.parse::<f64>().ok().filter(|v| v.is_finite())? as i64,
    };
    Some(if value <= 0 {
        10
    } else {
        i32::try_from(value).unwrap_or(i32::MAX)
    })
}

/// The converter-facing type.
fn data_type(spec: &DataTypeSpec, length: Option<i32>, scale: Option<i32>) -> DataType {
    let unsigned = spec.unsigned == Some(true) || spec.zerofill;
    let display_width = spec.dimensions.first().and_then(|d| d.parse::<u32>().ok());
    let len_u32 = |default: u32| {
        length
            .and_then(|l| u32::try_from(l).ok())
            .unwrap_or(default)
    };
    let fsp = || {
        length
            .and_then(|l| u8::try_from(l).ok())
            .unwrap_or(0)
            .min(6)
    };
    let int = |width| DataType::Int {
        width,
        unsigned,
        display_width,
    };
    let members = || spec.values.iter().map(|v| v.value.clone()).collect();
    match spec.name.as_str() {
        "TINYINT" | "INT1" => int(IntWidth::Tiny),
        "SMALLINT" | "INT2" => int(IntWidth::Small),
        "MEDIUMINT" | "MIDDLEINT" | "INT3" => int(IntWidth::Medium),
        "INT" | "INTEGER" | "INT4" => int(IntWidth::Int),
        "BIGINT" | "INT8" => int(IntWidth::Big),
        "SERIAL" => DataType::Int {
            width: IntWidth::Big,
            unsigned: true,
            display_width: None,
        },
        "BOOL" | "BOOLEAN" => DataType::Boolean,
        "FLOAT" | "FLOAT4" if length.is_none_or(|p| p <= 24) || scale.is_some() => {
            DataType::Float { unsigned }
        }
        "FLOAT" | "FLOAT4" | "DOUBLE" | "DOUBLE PRECISION" | "FLOAT8" | "REAL" => {
            DataType::Double { unsigned }
        }
        "DECIMAL" | "DEC" | "FIXED" | "NUMERIC" => DataType::Decimal {
            precision: len_u32(10),
            scale: scale.and_then(|s| u32::try_from(s).ok()).unwrap_or(0),
            unsigned,
        },
        "BIT" => DataType::Bit { length: len_u32(1) },
        "DATE" => DataType::Date,
        "TIME" => DataType::Time { fsp: fsp() },
        "DATETIME" => DataType::DateTime { fsp: fsp() },
        "TIMESTAMP" => DataType::Timestamp { fsp: fsp() },
        "YEAR" => DataType::Year,
        "CHAR" | "CHARACTER" | "NCHAR" | "NATIONAL CHAR" | "NATIONAL CHARACTER" => {
            DataType::Char { length: len_u32(1) }
        }
        "BINARY" => DataType::Binary { length: len_u32(1) },
        "VARBINARY" => DataType::VarBinary { length: len_u32(0) },
        "TINYTEXT" => DataType::Text(LobSize::Tiny),
        "TEXT" => DataType::Text(lob_size_for_length(length)),
        "MEDIUMTEXT" | "LONG" | "LONG VARCHAR" | "LONG CHAR VARYING" => {
            DataType::Text(LobSize::Medium)
        }
        "LONGTEXT" => DataType::Text(LobSize::Long),
        "TINYBLOB" => DataType::Blob(LobSize::Tiny),
        "BLOB" => DataType::Blob(lob_size_for_length(length)),
        "MEDIUMBLOB" | "LONG VARBINARY" => DataType::Blob(LobSize::Medium),
        "LONGBLOB" => DataType::Blob(LobSize::Long),
        "ENUM" => DataType::Enum(members()),
        "SET" => DataType::Set(members()),
        "JSON" => DataType::Json,
        "UUID" => DataType::Uuid,
        "INET4" => DataType::Inet4,
        "INET6" => DataType::Inet6,
        "VECTOR" => DataType::Vector {
            dimensions: len_u32(2048),
        },
        "GEOMETRYCOLLECTION" | "GEOMCOLLECTION" | "LINESTRING" | "MULTILINESTRING"
        | "MULTIPOINT" | "MULTIPOLYGON" | "POINT" | "POLYGON" | "GEOMETRY" => {
            DataType::Geometry(spec.name.clone())
        }
        // VARCHAR, CHAR VARYING, NVARCHAR and the national varying forms.
        _ => DataType::VarChar { length: len_u32(0) },
    }
}

/// TEXT(M)/BLOB(M): the smallest class that holds M bytes (MySQL "String Type
/// Storage Requirements").
fn lob_size_for_length(length: Option<i32>) -> LobSize {
    match length {
        Some(l) if l < 256 => LobSize::Tiny,
        Some(l) if l < 65_536 => LobSize::Normal,
        Some(l) if l < 16_777_216 => LobSize::Medium,
        Some(_) => LobSize::Long,
        None => LobSize::Normal,
    }
}

/// A table being edited, the way Debezium's `TableEditor` keeps it: columns in
/// order, primary key names, default charset, comment.
#[derive(Debug, Clone)]
pub struct TableEditor {
    /// The table's id.
    pub id: TableId,
    columns: Vec<ColumnSchema>,
    primary_key: Vec<String>,
    /// `defaultCharsetName`.
    pub default_charset: Option<String>,
    /// Table comment (only with `include.schema.comments`).
    pub comment: Option<String>,
}

impl TableEditor {
    /// An empty table.
    pub fn new(id: TableId) -> Self {
        TableEditor {
            id,
            columns: Vec::new(),
            primary_key: Vec::new(),
            default_charset: None,
            comment: None,
        }
    }

    /// Editing an existing table.
    pub fn edit(table: &TableSchema) -> Self {
        TableEditor {
            id: table.id.clone(),
            columns: table.columns.clone(),
            primary_key: table.primary_key.clone(),
            default_charset: table.default_charset.clone(),
            comment: table.comment.clone(),
        }
    }

    /// The column with this name (case-insensitive).
    pub fn column(&self, name: &str) -> Option<&ColumnSchema> {
        self.columns
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(name))
    }

    fn index_of(&self, name: &str) -> Option<usize> {
        self.columns
            .iter()
            .position(|c| c.name.eq_ignore_ascii_case(name))
    }

    /// Whether a primary key is set.
    pub fn has_primary_key(&self) -> bool {
        !self.primary_key.is_empty()
    }

    /// Adds a column, or replaces the one with the same name in place.
    pub fn add_column(&mut self, column: ColumnSchema) {
        match self.index_of(&column.name) {
            Some(i) => {
                if let Some(slot) = self.columns.get_mut(i) {
                    *slot = column;
                }
            }
            None => self.columns.push(column),
        }
        self.update_positions();
    }

    /// Removes a column and its primary key membership.
    pub fn remove_column(&mut self, name: &str) {
        if let Some(i) = self.index_of(name) {
            let removed = self.columns.remove(i);
            self.primary_key.retain(|pk| *pk != removed.name);
            self.update_positions();
        }
    }

    /// Moves a column first (`after == None`) or after another; an unknown `after`
    /// column also moves it first (TableEditorImpl.reorderColumn).
    pub fn reorder_column(&mut self, name: &str, after: Option<&str>) {
        let Some(from) = self.index_of(name) else {
            return;
        };
        let column = self.columns.remove(from);
        let target = after.and_then(|a| self.index_of(a)).map_or(0, |i| i + 1);
        self.columns.insert(target.min(self.columns.len()), column);
        self.update_positions();
    }

    /// Renames a column in place, renaming it in the primary key too.
    pub fn rename_column(&mut self, old: &str, new: &str) {
        let Some(i) = self.index_of(old) else { return };
        let Some(column) = self.columns.get_mut(i) else {
            return;
        };
        let previous = std::mem::replace(&mut column.name, new.to_owned());
        for pk in &mut self.primary_key {
            if *pk == previous {
                *pk = new.to_owned();
            }
        }
    }

    /// Sets the primary key columns.
    pub fn set_primary_key(&mut self, names: Vec<String>) {
        self.primary_key = names;
    }

    /// PRIMARY KEY (cols): the columns become NOT NULL; names take the column's case.
    pub fn set_primary_key_columns(&mut self, parts: &[KeyPart]) {
        let mut names = Vec::new();
        for part in parts {
            let KeyPart::Column(name) = part else {
                continue;
            };
            match self
                .columns
                .iter_mut()
                .find(|c| c.name.eq_ignore_ascii_case(name))
            {
                Some(column) => {
                    column.optional = false;
                    names.push(column.name.clone());
                }
                None => names.push(name.clone()),
            }
        }
        self.primary_key = names;
    }

    /// UNIQUE (cols) without a primary key: becomes the primary key if every part is
    /// an existing NOT NULL column.
    pub fn consider_unique_key(&mut self, parts: &[KeyPart]) {
        if self.has_primary_key() {
            return;
        }
        let mut names = Vec::new();
        for part in parts {
            let KeyPart::Column(name) = part else { return };
            match self.column(name) {
                Some(c) if !c.optional => names.push(c.name.clone()),
                _ => return,
            }
        }
        self.primary_key = names;
    }

    /// A table constraint of CREATE TABLE or ALTER TABLE ADD.
    pub fn apply_constraint(&mut self, constraint: &TableConstraint) {
        match constraint {
            TableConstraint::Index {
                kind: IndexKind::Primary,
                parts,
                ..
            } => self.set_primary_key_columns(parts),
            TableConstraint::Index {
                kind: IndexKind::Unique,
                parts,
                ..
            } => self.consider_unique_key(parts),
            _ => {}
        }
    }

    /// Adds a column definition of CREATE TABLE.
    pub fn add_definition(
        &mut self,
        def: &ColumnDefinition,
        include_comments: bool,
    ) -> Result<(), ColumnModelError> {
        let built = build_column(def, None, include_comments)?;
        let name = built.column.name.clone();
        self.add_column(built.column);
        if built.primary_key || (built.unique && !self.has_primary_key()) {
            self.primary_key = vec![name];
        }
        Ok(())
    }

    /// Gives every character column without charset the table's default
    /// (`ColumnImpl`: `typeUsesCharset()` columns take the table charset).
    pub fn inherit_charsets(&mut self) {
        let default = self.default_charset.clone();
        for column in &mut self.columns {
            let unset = column
                .charset
                .as_deref()
                .is_none_or(|c| c.eq_ignore_ascii_case("DEFAULT"));
            if type_uses_charset(column.jdbc_type) && unset {
                column.charset.clone_from(&default);
            }
            if column.collation.is_none() && type_uses_charset(column.jdbc_type) {
                column.collation = column.charset.as_deref().and_then(|cs| {
                    // `CHAR(n) BINARY` is the charset's binary collation (MySQL 8.4
                    // 13.3.1 "String Data Type Syntax": "BINARY ... shorthand for
                    // the binary (_bin) collation of the column character set").
                    if column.type_name.ends_with(" BINARY") {
                        Some(format!("{}_bin", cs.to_ascii_lowercase()))
                    } else {
                        charset::default_collation(cs).map(str::to_owned)
                    }
                });
            }
        }
    }

    /// A primary key name that matches no column (Debezium's `TableEditor.create()`
    /// refuses such a table).
    pub fn missing_primary_key_column(&self) -> Option<&str> {
        self.primary_key
            .iter()
            .find(|pk| self.column(pk).is_none())
            .map(String::as_str)
    }

    /// The finished table.
    pub fn create(mut self) -> TableSchema {
        self.inherit_charsets();
        TableSchema {
            id: self.id,
            columns: self.columns,
            primary_key: self.primary_key,
            default_charset: self.default_charset,
            comment: self.comment,
        }
    }

    fn update_positions(&mut self) {
        for (i, c) in self.columns.iter_mut().enumerate() {
            c.position = u32::try_from(i + 1).unwrap_or(u32::MAX);
        }
    }

    /// Applies one ALTER TABLE specification; `Ok(Some(id))` when it renamed the table.
    pub fn apply_alter_spec(
        &mut self,
        spec: &AlterSpec,
        include_comments: bool,
    ) -> Result<Option<TableId>, AlterError> {
        match spec {
            AlterSpec::AddColumn {
                column,
                position,
                if_not_exists,
            } => {
                if *if_not_exists && self.column(&column.name).is_some() {
                    return Ok(None);
                }
                let built = build_column(column, None, include_comments)?;
                let name = built.column.name.clone();
                self.add_column(built.column);
                if built.primary_key {
                    self.primary_key = vec![name.clone()];
                }
                self.place(&name, position.as_ref());
            }
            AlterSpec::AddColumns {
                elements,
                if_not_exists,
            } => {
                // Debezium applies the constraints while walking the list and adds the
                // columns when leaving it, so constraints see only existing columns.
                let mut columns = Vec::new();
                for element in elements {
                    match element {
                        TableElement::Column(def)
                            if *if_not_exists && self.column(&def.name).is_some() => {}
                        TableElement::Column(def) => {
                            columns.push(build_column(def, None, include_comments)?.column)
                        }
                        TableElement::Constraint(c) => self.apply_constraint(c),
                        TableElement::Other(_) => {}
                    }
                }
                for column in columns {
                    self.add_column(column);
                }
            }
            AlterSpec::AddConstraint(constraint) => self.apply_constraint(constraint),
            AlterSpec::DropColumn(name) => self.remove_column(name),
            AlterSpec::ModifyColumn {
                column,
                position,
                if_exists,
            } => {
                let Some(existing) = self.column(&column.name) else {
                    return if *if_exists {
                        Ok(None)
                    } else {
                        Err(AlterError::UnknownColumn(column.name.clone()))
                    };
                };
                let position_name = existing.name.clone();
                let built = build_column(column, None, include_comments)?;
                if let Some(i) = self.index_of(&position_name)
                    && let Some(slot) = self.columns.get_mut(i)
                {
                    *slot = built.column;
                }
                self.update_positions();
                if built.primary_key {
                    self.primary_key = vec![column.name.clone()];
                }
                self.place(&column.name, position.as_ref());
            }
            AlterSpec::ChangeColumn {
                old_name,
                column,
                position,
                if_exists,
            } => {
                let Some(existing) = self.column(old_name).cloned() else {
                    return if *if_exists {
                        Ok(None)
                    } else {
                        Err(AlterError::UnknownColumn(old_name.clone()))
                    };
                };
                let mut def = column.clone();
                def.name.clone_from(&existing.name);
                let built = build_column(&def, Some(&existing), include_comments)?;
                self.add_column(built.column);
                if built.primary_key {
                    self.primary_key = vec![existing.name.clone()];
                }
                if existing.name != column.name {
                    self.rename_column(&existing.name, &column.name);
                }
                self.place(&column.name, position.as_ref());
            }
            AlterSpec::AlterColumnDefault { column, default } => {
                if let Some(i) = self.index_of(column) {
                    let change = match default {
                        Some(v) => set_default_expression(v),
                        None => Some(None),
                    };
                    if let (Some(new), Some(c)) = (change, self.columns.get_mut(i)) {
                        c.default_value_expression = new;
                    }
                }
            }
            AlterSpec::RenameColumn { old_name, new_name } => {
                if self.column(old_name).is_none() {
                    return Err(AlterError::UnknownColumn(old_name.clone()));
                }
                self.rename_column(old_name, new_name);
            }
            AlterSpec::RenameTable(name) => {
                let id = TableId::new(
                    name.database
                        .clone()
                        .unwrap_or_else(|| self.id.database.clone()),
                    name.name.clone(),
                );
                self.id = id.clone();
                return Ok(Some(id));
            }
            AlterSpec::DropPrimaryKey => self.primary_key.clear(),
            AlterSpec::ConvertToCharset { charset, collation } => {
                let charset = if charset.eq_ignore_ascii_case("DEFAULT") {
                    collation
                        .as_deref()
                        .and_then(charset::charset_of_collation_name)
                        .map(str::to_owned)
                } else {
                    Some(charset.clone())
                };
                if let Some(cs) = charset {
                    self.default_charset = Some(cs.clone());
                    for c in &mut self.columns {
                        if c.charset.is_some() {
                            c.charset = Some(cs.clone());
                            c.collation = collation
                                .clone()
                                .or_else(|| charset::default_collation(&cs).map(str::to_owned));
                        }
                    }
                }
            }
            // Debezium ignores table options, visibility, index and constraint drops
            // and renames in ALTER TABLE (its listeners only act in CREATE TABLE).
            AlterSpec::Options(_)
            | AlterSpec::AlterColumnVisibility { .. }
            | AlterSpec::RenameIndex { .. }
            | AlterSpec::DropIndex(_)
            | AlterSpec::DropForeignKey(_)
            | AlterSpec::DropConstraint(_)
            | AlterSpec::NoSchemaEffect(_) => {}
        }
        Ok(None)
    }

    fn place(&mut self, name: &str, position: Option<&ColumnPosition>) {
        match position {
            Some(ColumnPosition::First) => self.reorder_column(name, None),
            Some(ColumnPosition::After(after)) => self.reorder_column(name, Some(after)),
            None => {}
        }
    }
}

/// Why an ALTER TABLE specification cannot be applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AlterError {
    /// MODIFY/CHANGE/RENAME of a column the table does not have.
    #[error("no column `{0}`")]
    UnknownColumn(String),
    /// A column definition that cannot be modelled.
    #[error(transparent)]
    Column(#[from] ColumnModelError),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ddl::{Statement, parse_statement};

    fn table_from(sql: &str, charset: &str) -> TableSchema {
        let Ok(Statement::CreateTable(create)) = parse_statement(sql) else {
            panic!("not CREATE TABLE: {sql}");
        };
        let mut editor = TableEditor::new(TableId::new("db", create.name.name.clone()));
        for element in &create.elements {
            if let TableElement::Column(def) = element
                && let Err(e) = editor.add_definition(def, false)
            {
                panic!("{e}");
            }
        }
        editor.default_charset = Some(charset.to_owned());
        editor.create()
    }

    /// MySQL 8.4 13.3.1 "String Data Type Syntax": the BINARY attribute is shorthand
    /// for the `_bin` collation of the column's charset; MariaDB 10.11 reports
    /// `latin1_bin` for all three columns (DDL corpus `01_create_types.sql`).
    #[test]
    fn binary_attribute_means_the_bin_collation() {
        let table = table_from(
            "CREATE TABLE char_binary (a CHAR(10) BINARY, b VARCHAR(20) BINARY, c TEXT BINARY, d CHAR(3))",
            "latin1",
        );
        let collations: Vec<Option<&str>> = table
            .columns
            .iter()
            .map(|c| c.collation.as_deref())
            .collect();
        assert_eq!(
            collations,
            [
                Some("latin1_bin"),
                Some("latin1_bin"),
                Some("latin1_bin"),
                Some("latin1_swedish_ci")
            ]
        );
    }
}
