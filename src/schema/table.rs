//! The table model: what a captured table looks like at one binlog position.
//!
//! Owns the column and table descriptions that `envelope` turns into Connect schemas
//! and `tableChanges`. It holds the attributes the way Debezium's relational model
//! (`io.debezium.relational.Column`/`Table`) records them, because those values are
//! emitted verbatim in schema-change events (`typeName`, `jdbcType`, `length`, ...),
//! plus a parsed [`DataType`] from which value converters are chosen.

use std::fmt;

/// A table's identity: database (schema) and table name, as written in DDL after
/// unquoting.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TableId {
    /// Database name.
    pub database: String,
    /// Table name.
    pub table: String,
}

impl TableId {
    /// A table id from its two parts.
    pub fn new(database: impl Into<String>, table: impl Into<String>) -> Self {
        TableId {
            database: database.into(),
            table: table.into(),
        }
    }
}

impl fmt::Display for TableId {
    /// Debezium's `TableId.toDoubleQuotedString()` form used in `tableChanges[].id`:
    /// `"db"."table"`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{}\".\"{}\"", self.database, self.table)
    }
}

/// Storage width of an integer column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IntWidth {
    /// TINYINT, 1 byte.
    Tiny,
    /// SMALLINT, 2 bytes.
    Small,
    /// MEDIUMINT, 3 bytes.
    Medium,
    /// INT / INTEGER, 4 bytes.
    Int,
    /// BIGINT, 8 bytes.
    Big,
}

/// Size class of TEXT/BLOB columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LobSize {
    /// TINYTEXT/TINYBLOB (255 bytes).
    Tiny,
    /// TEXT/BLOB (64 KiB).
    Normal,
    /// MEDIUMTEXT/MEDIUMBLOB (16 MiB).
    Medium,
    /// LONGTEXT/LONGBLOB (4 GiB).
    Long,
}

/// The column's SQL type, parsed; enough to choose a value converter.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DataType {
    /// BOOLEAN / BOOL (stored as TINYINT(1)); Debezium maps it to a Connect boolean.
    Boolean,
    /// Integer types. `display_width` is the optional `(M)`.
    Int {
        /// Storage width.
        width: IntWidth,
        /// UNSIGNED (or ZEROFILL, which implies it).
        unsigned: bool,
        /// Display width `(M)`, if written.
        display_width: Option<u32>,
    },
    /// FLOAT / FLOAT(p) with p <= 24 / REAL under REAL_AS_FLOAT.
    Float {
        /// UNSIGNED (deprecated but accepted).
        unsigned: bool,
    },
    /// DOUBLE / DOUBLE PRECISION / REAL / FLOAT(p) with p > 24.
    Double {
        /// UNSIGNED (deprecated but accepted).
        unsigned: bool,
    },
    /// DECIMAL / NUMERIC / DEC / FIXED (M,D); defaults M=10, D=0.
    Decimal {
        /// M.
        precision: u32,
        /// D.
        scale: u32,
        /// UNSIGNED.
        unsigned: bool,
    },
    /// BIT(M), M defaults to 1.
    Bit {
        /// M.
        length: u32,
    },
    /// DATE.
    Date,
    /// TIME(fsp).
    Time {
        /// Fractional second precision 0..=6.
        fsp: u8,
    },
    /// DATETIME(fsp).
    DateTime {
        /// Fractional second precision 0..=6.
        fsp: u8,
    },
    /// TIMESTAMP(fsp).
    Timestamp {
        /// Fractional second precision 0..=6.
        fsp: u8,
    },
    /// YEAR / YEAR(4).
    Year,
    /// CHAR(M) (character string, fixed length).
    Char {
        /// M (defaults to 1).
        length: u32,
    },
    /// VARCHAR(M).
    VarChar {
        /// M.
        length: u32,
    },
    /// BINARY(M).
    Binary {
        /// M (defaults to 1).
        length: u32,
    },
    /// VARBINARY(M).
    VarBinary {
        /// M.
        length: u32,
    },
    /// TINYTEXT/TEXT/MEDIUMTEXT/LONGTEXT (and TEXT(M) mapped to its class).
    Text(LobSize),
    /// TINYBLOB/BLOB/MEDIUMBLOB/LONGBLOB.
    Blob(LobSize),
    /// ENUM('a','b',...): the members, unquoted, in declaration order.
    Enum(Vec<String>),
    /// SET('a','b',...): the members, unquoted, in declaration order.
    Set(Vec<String>),
    /// JSON (MySQL binary JSON; in MariaDB an alias of LONGTEXT with a CHECK).
    Json,
    /// GEOMETRY and its subtypes; the name is the upper-case type name
    /// (`GEOMETRY`, `POINT`, `LINESTRING`, `POLYGON`, `MULTIPOINT`, ...).
    Geometry(String),
    /// VECTOR(n) (MySQL 9).
    Vector {
        /// Dimensions.
        dimensions: u32,
    },
    /// MariaDB 10.7+ UUID: 16 bytes in the binlog, emitted as the text form.
    Uuid,
    /// MariaDB 10.10+ INET4: 4 bytes in the binlog, emitted as dotted quad.
    Inet4,
    /// MariaDB 10.5+ INET6: 16 bytes in the binlog, emitted as the server's text form.
    Inet6,
}

/// One column as Debezium's relational model records it.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnSchema {
    /// Column name, unquoted.
    pub name: String,
    /// 1-based ordinal position.
    pub position: u32,
    /// The parsed type.
    pub data_type: DataType,
    /// Debezium's `typeName`, e.g. `BIGINT UNSIGNED`, `VARCHAR`, `DECIMAL UNSIGNED`.
    pub type_name: String,
    /// Debezium's `typeExpression` (the same as `typeName` for the MySQL connector).
    pub type_expression: String,
    /// `java.sql.Types` code Debezium assigns (`jdbcType`).
    pub jdbc_type: i32,
    /// Charset of character columns (inherited column → table → database → server);
    /// `None` for non-character types.
    pub charset: Option<String>,
    /// Collation of character columns, when known.
    pub collation: Option<String>,
    /// Debezium's `length` (precision/length/fsp, as its DDL parser sets it).
    pub length: Option<i32>,
    /// Debezium's `scale`.
    pub scale: Option<i32>,
    /// Nullable.
    pub optional: bool,
    /// AUTO_INCREMENT.
    pub auto_increment: bool,
    /// Debezium's `generated` flag.
    pub generated: bool,
    /// COMMENT '...'.
    pub comment: Option<String>,
    /// Debezium's `defaultValueExpression`.
    pub default_value_expression: Option<String>,
    /// Debezium's `enumValues`: ENUM/SET members as written, quotes included (`'a'`).
    pub enum_values: Option<Vec<String>>,
}

/// A table at one point of the binlog.
#[derive(Debug, Clone, PartialEq)]
pub struct TableSchema {
    /// Database and name.
    pub id: TableId,
    /// Columns in ordinal order.
    pub columns: Vec<ColumnSchema>,
    /// Primary key column names, in key order (empty: no primary key).
    pub primary_key: Vec<String>,
    /// The table's default charset (`defaultCharsetName`).
    pub default_charset: Option<String>,
    /// Table COMMENT.
    pub comment: Option<String>,
}

impl TableSchema {
    /// The column with this name (MySQL column names are case-insensitive).
    pub fn column(&self, name: &str) -> Option<&ColumnSchema> {
        self.columns
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(name))
    }
}

/// What a DDL statement did to one table, as Debezium's `tableChanges[].type` says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableChangeKind {
    /// `CREATE`.
    Create,
    /// `ALTER` (also RENAME, which Debezium reports as ALTER of the new id).
    Alter,
    /// `DROP`.
    Drop,
}

impl TableChangeKind {
    /// The upper-case name Debezium writes.
    pub fn as_str(self) -> &'static str {
        match self {
            TableChangeKind::Create => "CREATE",
            TableChangeKind::Alter => "ALTER",
            TableChangeKind::Drop => "DROP",
        }
    }
}

/// One entry of a schema-change event's `tableChanges`.
#[derive(Debug, Clone, PartialEq)]
pub struct TableChange {
    /// CREATE, ALTER or DROP.
    pub kind: TableChangeKind,
    /// The table's id after the change.
    pub id: TableId,
    /// The table after the change; `None` for DROP (Debezium writes `"table": null`).
    pub table: Option<std::sync::Arc<TableSchema>>,
}

/// The schema effect of one DDL statement: what Debezium turns into one record on
/// the schema-change topic (`<topic.prefix>`, key `{databaseName}`).
#[derive(Debug, Clone, PartialEq)]
pub struct SchemaChange {
    /// `databaseName` of the record (the statement's database, or the session's).
    pub database: String,
    /// The DDL text as Debezium reports it.
    pub ddl: String,
    /// Affected tables (empty for database-level statements).
    pub table_changes: Vec<TableChange>,
    /// The `source.table` Debezium reports with the record: the table of a table
    /// statement, `None` for database statements (CREATE/DROP DATABASE), and `""` for
    /// statements its parser saw no effect of (FLUSH TABLES, CREATE INDEX, ...).
    pub source_table: Option<String>,
}
