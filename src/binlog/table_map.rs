//! TABLE_MAP_EVENT: maps a table id to a table and describes its columns.
//!
//! Owns the table-map body: column types, the per-type metadata bytes (MySQL
//! `sql/field.cc` `Field_*::do_save_field_metadata`, read back as in `log_event.cc`
//! `log_event_print_value`), the null bitmap and the optional metadata TLVs
//! (`Table_map_log_event::init_*_field`, binlog_row_metadata=FULL). The event is
//! owned because callers cache it by table id across many rows events. Must not know
//! about schemas beyond what the event itself carries.

use bytes::Bytes;

use super::cursor::Cursor;
use super::error::BinlogError;

macro_rules! column_types {
    ($($(#[$doc:meta])* $name:ident = $code:expr,)*) => {
        /// Column type codes (`enum_field_types`), named as in the server sources.
        #[allow(non_camel_case_types)]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[repr(u8)]
        #[non_exhaustive]
        pub enum ColumnType {
            $($(#[$doc])* $name = $code,)*
        }

        impl TryFrom<u8> for ColumnType {
            type Error = u8;
            /// The known column type for a code; the code itself when unknown.
            fn try_from(code: u8) -> Result<Self, u8> {
                match code {
                    $($code => Ok(ColumnType::$name),)*
                    other => Err(other),
                }
            }
        }
    };
}

column_types! {
    /// Old DECIMAL (before 5.0.3), unpacked string.
    MYSQL_TYPE_DECIMAL = 0,
    /// TINYINT.
    MYSQL_TYPE_TINY = 1,
    /// SMALLINT.
    MYSQL_TYPE_SHORT = 2,
    /// INT.
    MYSQL_TYPE_LONG = 3,
    /// FLOAT.
    MYSQL_TYPE_FLOAT = 4,
    /// DOUBLE.
    MYSQL_TYPE_DOUBLE = 5,
    /// NULL type.
    MYSQL_TYPE_NULL = 6,
    /// TIMESTAMP (old, 4 bytes).
    MYSQL_TYPE_TIMESTAMP = 7,
    /// BIGINT.
    MYSQL_TYPE_LONGLONG = 8,
    /// MEDIUMINT.
    MYSQL_TYPE_INT24 = 9,
    /// DATE.
    MYSQL_TYPE_DATE = 10,
    /// TIME (old, 3 bytes).
    MYSQL_TYPE_TIME = 11,
    /// DATETIME (old, 8 bytes).
    MYSQL_TYPE_DATETIME = 12,
    /// YEAR.
    MYSQL_TYPE_YEAR = 13,
    /// DATE (internal name).
    MYSQL_TYPE_NEWDATE = 14,
    /// VARCHAR/VARBINARY.
    MYSQL_TYPE_VARCHAR = 15,
    /// BIT.
    MYSQL_TYPE_BIT = 16,
    /// TIMESTAMP with fractional seconds (5.6 format).
    MYSQL_TYPE_TIMESTAMP2 = 17,
    /// DATETIME with fractional seconds (5.6 format).
    MYSQL_TYPE_DATETIME2 = 18,
    /// TIME with fractional seconds (5.6 format).
    MYSQL_TYPE_TIME2 = 19,
    /// MySQL typed array (multi-valued indexes), never in row images.
    MYSQL_TYPE_TYPED_ARRAY = 20,
    /// MariaDB compressed BLOB.
    MYSQL_TYPE_BLOB_COMPRESSED = 140,
    /// MariaDB compressed VARCHAR.
    MYSQL_TYPE_VARCHAR_COMPRESSED = 141,
    /// MySQL 9 VECTOR.
    MYSQL_TYPE_VECTOR = 242,
    /// MySQL binary JSON.
    MYSQL_TYPE_JSON = 245,
    /// DECIMAL/NUMERIC (packed).
    MYSQL_TYPE_NEWDECIMAL = 246,
    /// ENUM.
    MYSQL_TYPE_ENUM = 247,
    /// SET.
    MYSQL_TYPE_SET = 248,
    /// TINYBLOB/TINYTEXT.
    MYSQL_TYPE_TINY_BLOB = 249,
    /// MEDIUMBLOB/MEDIUMTEXT.
    MYSQL_TYPE_MEDIUM_BLOB = 250,
    /// LONGBLOB/LONGTEXT.
    MYSQL_TYPE_LONG_BLOB = 251,
    /// BLOB/TEXT (all sizes in row events; the metadata gives the length width).
    MYSQL_TYPE_BLOB = 252,
    /// VARCHAR in old servers.
    MYSQL_TYPE_VAR_STRING = 253,
    /// CHAR/BINARY, and ENUM/SET (real type in the metadata).
    MYSQL_TYPE_STRING = 254,
    /// GEOMETRY.
    MYSQL_TYPE_GEOMETRY = 255,
}

/// How one column's value is laid out in a row image: chosen once per table map so
/// the row decoder does not look at metadata again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ColumnLayout {
    /// Fixed-width little-endian integer of this many bytes, sign-extended.
    Int(u8),
    Float,
    Double,
    /// Packed decimal: precision, scale, byte size.
    Decimal {
        precision: u8,
        scale: u8,
        size: u8,
    },
    Year,
    Date,
    /// Old 3-byte TIME.
    Time,
    /// TIME2 with this many fractional digits.
    Time2(u8),
    /// Old 8-byte DATETIME.
    DateTime,
    DateTime2(u8),
    /// Old 4-byte TIMESTAMP.
    Timestamp,
    Timestamp2(u8),
    /// BIT of this many bytes.
    Bit(u8),
    /// String with a length prefix of this many bytes (1 or 2).
    VarString(u8),
    /// ENUM stored in this many bytes.
    Enum(u8),
    /// SET stored in this many bytes.
    Set(u8),
    /// BLOB/TEXT with a length prefix of this many bytes (1..=4).
    Blob(u8),
    /// MySQL binary JSON with a length prefix.
    Json(u8),
    /// GEOMETRY with a length prefix.
    Geometry(u8),
    /// A type the row decoder cannot read.
    Unsupported,
}

/// One column as the table map describes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnDesc {
    /// The type code written in the column-type array.
    pub type_code: u8,
    /// The real type: for `MYSQL_TYPE_STRING` the metadata's real type (ENUM, SET or
    /// STRING); otherwise `type_code`.
    pub real_type: u8,
    /// The metadata as one number: 0, the single byte, or the two bytes as written
    /// (little-endian for VARCHAR/BIT/..., `real_type << 8 | len` for STRING).
    pub metadata: u16,
    /// Whether the column may be NULL.
    pub nullable: bool,
    /// For STRING/VARCHAR: the maximum length in bytes; for DECIMAL: precision; for
    /// BLOB-like types: length-prefix bytes; for BIT: bit count; for temporal2:
    /// fractional digits; else 0.
    pub length: u32,
    /// For DECIMAL: scale.
    pub scale: u8,
    pub(crate) layout: ColumnLayout,
}

impl ColumnDesc {
    /// [`ColumnDesc::type_code`] as a known type.
    pub fn column_type(&self) -> Option<ColumnType> {
        ColumnType::try_from(self.type_code).ok()
    }

    /// [`ColumnDesc::real_type`] as a known type (ENUM/SET/STRING for STRING columns).
    pub fn real_column_type(&self) -> Option<ColumnType> {
        ColumnType::try_from(self.real_type).ok()
    }
}

/// Optional metadata of a TABLE_MAP_EVENT (binlog_row_metadata=FULL or MINIMAL).
/// Fields are `None` when the TLV was absent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OptionalMetadata {
    /// `SIGNEDNESS`: one flag per numeric column, in column order, true = UNSIGNED.
    pub signedness: Option<Vec<bool>>,
    /// `DEFAULT_CHARSET`: the default collation and (character-column index,
    /// collation) exceptions.
    pub default_charset: Option<DefaultCharset>,
    /// `COLUMN_CHARSET`: a collation per character column.
    pub column_charsets: Option<Vec<u32>>,
    /// `COLUMN_NAME`: a name per column.
    pub column_names: Option<Vec<Bytes>>,
    /// `SET_STR_VALUE`: member names per SET column.
    pub set_str_values: Option<Vec<Vec<Bytes>>>,
    /// `ENUM_STR_VALUE`: member names per ENUM column.
    pub enum_str_values: Option<Vec<Vec<Bytes>>>,
    /// `GEOMETRY_TYPE`: a geometry type per GEOMETRY column.
    pub geometry_types: Option<Vec<u32>>,
    /// `SIMPLE_PRIMARY_KEY`: column indexes of the primary key.
    pub simple_primary_key: Option<Vec<u32>>,
    /// `PRIMARY_KEY_WITH_PREFIX`: (column index, prefix length; 0 = whole column).
    pub primary_key_with_prefix: Option<Vec<(u32, u32)>>,
    /// `ENUM_AND_SET_DEFAULT_CHARSET`.
    pub enum_and_set_default_charset: Option<DefaultCharset>,
    /// `ENUM_AND_SET_COLUMN_CHARSET`.
    pub enum_and_set_column_charsets: Option<Vec<u32>>,
    /// `COLUMN_VISIBILITY`: one flag per column, true = visible.
    pub column_visibility: Option<Vec<bool>>,
}

/// A default collation with per-column exceptions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefaultCharset {
    /// Collation of columns not listed.
    pub default_collation: u32,
    /// (index among the character columns, collation).
    pub exceptions: Vec<(u32, u32)>,
}

/// TABLE_MAP_EVENT, owned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableMapEvent {
    table_id: u64,
    flags: u16,
    database: Bytes,
    table: Bytes,
    columns: Vec<ColumnDesc>,
    optional: OptionalMetadata,
}

impl TableMapEvent {
    /// The table id rows events refer to.
    pub fn table_id(&self) -> u64 {
        self.table_id
    }
    /// `TM_*` flags.
    pub fn flags(&self) -> u16 {
        self.flags
    }
    /// Database name, raw bytes (utf8 in practice).
    pub fn database(&self) -> &[u8] {
        &self.database
    }
    /// Table name, raw bytes.
    pub fn table(&self) -> &[u8] {
        &self.table
    }
    /// Number of columns.
    pub fn column_count(&self) -> usize {
        self.columns.len()
    }
    /// Column descriptions in table order.
    pub fn columns(&self) -> &[ColumnDesc] {
        &self.columns
    }
    /// Optional metadata (empty when the server wrote none).
    pub fn optional_metadata(&self) -> &OptionalMetadata {
        &self.optional
    }

    /// Whether column `index` is UNSIGNED per the SIGNEDNESS metadata; `None` if not
    /// numeric or the metadata is absent.
    pub fn is_unsigned(&self, index: usize) -> Option<bool> {
        let flags = self.optional.signedness.as_ref()?;
        let col = self.columns.get(index)?;
        if !is_numeric_type(col.real_type) {
            return None;
        }
        let nth = self
            .columns
            .iter()
            .take(index)
            .filter(|c| is_numeric_type(c.real_type))
            .count();
        flags.get(nth).copied()
    }

    /// Collation id of column `index` per the optional metadata (DEFAULT_CHARSET /
    /// COLUMN_CHARSET for character columns, ENUM_AND_SET_* for ENUM and SET);
    /// `None` for other columns or when the metadata is absent.
    pub fn column_collation(&self, index: usize) -> Option<u32> {
        let col = self.columns.get(index)?;
        let m = &self.optional;
        let (default, per_column, same_kind): (_, _, fn(u8) -> bool) =
            if is_enum_or_set_type(col.real_type) {
                (
                    &m.enum_and_set_default_charset,
                    &m.enum_and_set_column_charsets,
                    is_enum_or_set_type,
                )
            } else if is_character_type(col.real_type) {
                (&m.default_charset, &m.column_charsets, is_character_type)
            } else {
                return None;
            };
        let nth = self
            .columns
            .iter()
            .take(index)
            .filter(|c| same_kind(c.real_type))
            .count();
        if let Some(list) = per_column {
            return list.get(nth).copied();
        }
        let default = default.as_ref()?;
        let nth = u32::try_from(nth).ok()?;
        Some(
            default
                .exceptions
                .iter()
                .find(|(i, _)| *i == nth)
                .map_or(default.default_collation, |(_, c)| *c),
        )
    }

    /// Name of column `index` per the COLUMN_NAME metadata.
    pub fn column_name(&self, index: usize) -> Option<&[u8]> {
        self.optional
            .column_names
            .as_ref()?
            .get(index)
            .map(|b| &b[..])
    }

    /// Parses a body (after the common header, without checksum).
    pub(crate) fn parse(body: &[u8], post_header_len: usize) -> Result<TableMapEvent, BinlogError> {
        let mut c = Cursor::new(body);
        let table_id = read_table_id(&mut c, post_header_len, "TABLE_MAP_EVENT")?;
        let flags = c.u16("TABLE_MAP_EVENT flags")?;
        c.take(
            post_header_len.saturating_sub(8),
            "TABLE_MAP_EVENT post-header",
        )?;
        let database = c.str_u8("TABLE_MAP_EVENT database name")?;
        c.expect_u8(0, "TABLE_MAP_EVENT database name terminator")?;
        let table = c.str_u8("TABLE_MAP_EVENT table name")?;
        c.expect_u8(0, "TABLE_MAP_EVENT table name terminator")?;
        let column_count = c.packed_len("TABLE_MAP_EVENT column count")?;
        let types = c.take(column_count, "TABLE_MAP_EVENT column types")?;
        let meta_len = c.packed_len("TABLE_MAP_EVENT metadata length")?;
        let mut meta = Cursor::new(c.take(meta_len, "TABLE_MAP_EVENT metadata")?);
        let null_bits = c.take(column_count.div_ceil(8), "TABLE_MAP_EVENT null bitmap")?;
        let mut columns = Vec::with_capacity(column_count);
        for (i, &type_code) in types.iter().enumerate() {
            let nullable = bit_is_set(null_bits, i);
            columns.push(describe_column(type_code, nullable, &mut meta)?);
        }
        meta.expect_end("TABLE_MAP_EVENT column metadata")?;
        let optional = parse_optional_metadata(&mut c, &columns)?;
        Ok(TableMapEvent {
            table_id,
            flags,
            database: Bytes::copy_from_slice(database),
            table: Bytes::copy_from_slice(table),
            columns,
            optional,
        })
    }
}

/// Reads a table id: 6 bytes, or 4 in servers whose post-header is 6 bytes long.
pub(crate) fn read_table_id(
    c: &mut Cursor<'_>,
    post_header_len: usize,
    what: &'static str,
) -> Result<u64, BinlogError> {
    if post_header_len == 6 {
        Ok(u64::from(c.u32(what)?))
    } else {
        c.uint_n(6, what)
    }
}

/// Bit `i` of a little-endian-by-byte bitmap (bit 0 = lowest bit of byte 0).
#[inline]
pub(crate) fn bit_is_set(bitmap: &[u8], i: usize) -> bool {
    bitmap
        .get(i / 8)
        .is_some_and(|byte| byte & (1 << (i % 8)) != 0)
}

/// MySQL `is_numeric_type` (`log_event.cc`): the columns SIGNEDNESS counts.
fn is_numeric_type(t: u8) -> bool {
    use ColumnType::*;
    [
        MYSQL_TYPE_TINY,
        MYSQL_TYPE_SHORT,
        MYSQL_TYPE_INT24,
        MYSQL_TYPE_LONG,
        MYSQL_TYPE_LONGLONG,
        MYSQL_TYPE_NEWDECIMAL,
        MYSQL_TYPE_FLOAT,
        MYSQL_TYPE_DOUBLE,
    ]
    .iter()
    .any(|&n| n as u8 == t)
}

/// MySQL `is_character_type` (`log_event.cc`): the columns DEFAULT_CHARSET and
/// COLUMN_CHARSET count (by real type, so ENUM/SET written as STRING are excluded).
fn is_character_type(t: u8) -> bool {
    use ColumnType::*;
    [
        MYSQL_TYPE_STRING,
        MYSQL_TYPE_VAR_STRING,
        MYSQL_TYPE_VARCHAR,
        MYSQL_TYPE_BLOB,
        MYSQL_TYPE_TINY_BLOB,
        MYSQL_TYPE_MEDIUM_BLOB,
        MYSQL_TYPE_LONG_BLOB,
    ]
    .iter()
    .any(|&n| n as u8 == t)
}

/// The columns ENUM_AND_SET_DEFAULT_CHARSET and ENUM_AND_SET_COLUMN_CHARSET count.
fn is_enum_or_set_type(t: u8) -> bool {
    t == ColumnType::MYSQL_TYPE_ENUM as u8 || t == ColumnType::MYSQL_TYPE_SET as u8
}

/// Bytes of a packed decimal with `digits` leftover digits (`dig2bytes` in
/// `strings/decimal.c`).
const DIG2BYTES: [u8; 10] = [0, 1, 1, 2, 2, 3, 3, 4, 4, 4];

/// `decimal_bin_size(precision, scale)`; `None` when scale > precision or the size
/// would not fit a byte.
pub(crate) fn decimal_bin_size(precision: u8, scale: u8) -> Option<u8> {
    let intg = precision.checked_sub(scale)?;
    let size = u32::from(intg / 9) * 4
        + u32::from(DIG2BYTES[usize::from(intg % 9)])
        + u32::from(scale / 9) * 4
        + u32::from(DIG2BYTES[usize::from(scale % 9)]);
    u8::try_from(size).ok()
}

/// Reads one column's metadata bytes and chooses its layout.
fn describe_column(
    type_code: u8,
    nullable: bool,
    meta: &mut Cursor<'_>,
) -> Result<ColumnDesc, BinlogError> {
    use ColumnType::*;
    let mut desc = ColumnDesc {
        type_code,
        real_type: type_code,
        metadata: 0,
        nullable,
        length: 0,
        scale: 0,
        layout: ColumnLayout::Unsupported,
    };
    let Ok(ty) = ColumnType::try_from(type_code) else {
        // Unknown types have unknown metadata length: the rest cannot be read.
        return Err(BinlogError::Invalid {
            what: "TABLE_MAP_EVENT column type (unknown)",
            found: u64::from(type_code),
        });
    };
    desc.layout = match ty {
        MYSQL_TYPE_TINY => ColumnLayout::Int(1),
        MYSQL_TYPE_SHORT => ColumnLayout::Int(2),
        MYSQL_TYPE_INT24 => ColumnLayout::Int(3),
        MYSQL_TYPE_LONG => ColumnLayout::Int(4),
        MYSQL_TYPE_LONGLONG => ColumnLayout::Int(8),
        MYSQL_TYPE_FLOAT | MYSQL_TYPE_DOUBLE => {
            let size = meta.u8("FLOAT/DOUBLE metadata")?;
            desc.metadata = u16::from(size);
            if ty == MYSQL_TYPE_FLOAT {
                ColumnLayout::Float
            } else {
                ColumnLayout::Double
            }
        }
        MYSQL_TYPE_YEAR => ColumnLayout::Year,
        MYSQL_TYPE_DATE | MYSQL_TYPE_NEWDATE => ColumnLayout::Date,
        MYSQL_TYPE_TIME => ColumnLayout::Time,
        MYSQL_TYPE_DATETIME => ColumnLayout::DateTime,
        MYSQL_TYPE_TIMESTAMP => ColumnLayout::Timestamp,
        MYSQL_TYPE_TIME2 | MYSQL_TYPE_DATETIME2 | MYSQL_TYPE_TIMESTAMP2 => {
            let fsp = meta.u8("TIME2/DATETIME2/TIMESTAMP2 fractional digits")?;
            if fsp > 6 {
                return Err(BinlogError::Invalid {
                    what: "fractional seconds precision (above 6)",
                    found: u64::from(fsp),
                });
            }
            desc.metadata = u16::from(fsp);
            desc.length = u32::from(fsp);
            match ty {
                MYSQL_TYPE_TIME2 => ColumnLayout::Time2(fsp),
                MYSQL_TYPE_DATETIME2 => ColumnLayout::DateTime2(fsp),
                _ => ColumnLayout::Timestamp2(fsp),
            }
        }
        MYSQL_TYPE_VARCHAR | MYSQL_TYPE_VAR_STRING | MYSQL_TYPE_VARCHAR_COMPRESSED => {
            let max_len = meta.u16("VARCHAR metadata")?;
            desc.metadata = max_len;
            desc.length = u32::from(max_len);
            if ty == MYSQL_TYPE_VARCHAR_COMPRESSED {
                ColumnLayout::Unsupported
            } else {
                ColumnLayout::VarString(if max_len < 256 { 1 } else { 2 })
            }
        }
        MYSQL_TYPE_BIT => {
            let bits = meta.u8("BIT metadata bits")?;
            let bytes = meta.u8("BIT metadata bytes")?;
            desc.metadata = u16::from_le_bytes([bits, bytes]);
            desc.length = u32::from(bytes) * 8 + u32::from(bits);
            ColumnLayout::Bit(bytes.saturating_add(u8::from(bits > 0)))
        }
        MYSQL_TYPE_NEWDECIMAL => {
            let precision = meta.u8("DECIMAL metadata precision")?;
            let scale = meta.u8("DECIMAL metadata scale")?;
            desc.metadata = u16::from_le_bytes([precision, scale]);
            desc.length = u32::from(precision);
            desc.scale = scale;
            match decimal_bin_size(precision, scale) {
                Some(size) if precision > 0 && precision <= 65 && scale <= 30 => {
                    ColumnLayout::Decimal {
                        precision,
                        scale,
                        size,
                    }
                }
                _ => {
                    return Err(BinlogError::Invalid {
                        what: "DECIMAL metadata (precision, scale)",
                        found: u64::from(desc.metadata),
                    });
                }
            }
        }
        MYSQL_TYPE_BLOB
        | MYSQL_TYPE_TINY_BLOB
        | MYSQL_TYPE_MEDIUM_BLOB
        | MYSQL_TYPE_LONG_BLOB
        | MYSQL_TYPE_GEOMETRY
        | MYSQL_TYPE_JSON
        | MYSQL_TYPE_BLOB_COMPRESSED
        | MYSQL_TYPE_VECTOR => {
            let len_bytes = meta.u8("BLOB metadata length bytes")?;
            desc.metadata = u16::from(len_bytes);
            desc.length = u32::from(len_bytes);
            if !(1..=4).contains(&len_bytes) {
                ColumnLayout::Unsupported
            } else {
                match ty {
                    MYSQL_TYPE_GEOMETRY => ColumnLayout::Geometry(len_bytes),
                    MYSQL_TYPE_JSON => ColumnLayout::Json(len_bytes),
                    MYSQL_TYPE_BLOB_COMPRESSED => ColumnLayout::Unsupported,
                    _ => ColumnLayout::Blob(len_bytes),
                }
            }
        }
        MYSQL_TYPE_STRING | MYSQL_TYPE_ENUM | MYSQL_TYPE_SET => {
            let b0 = meta.u8("STRING metadata real type")?;
            let b1 = meta.u8("STRING metadata length")?;
            desc.metadata = u16::from_be_bytes([b0, b1]);
            string_layout(&mut desc, b0, b1)
        }
        MYSQL_TYPE_DECIMAL | MYSQL_TYPE_NULL | MYSQL_TYPE_TYPED_ARRAY => ColumnLayout::Unsupported,
    };
    Ok(desc)
}

/// The layout of a STRING-family column from its two metadata bytes. CHAR columns
/// longer than 255 bytes fold the high bits of the length into the type byte
/// (`Field_string::do_save_field_metadata`): when `(b0 & 0x30) != 0x30` the real type
/// is `b0 | 0x30` and the length gains `((b0 & 0x30) ^ 0x30) << 4`.
fn string_layout(desc: &mut ColumnDesc, b0: u8, b1: u8) -> ColumnLayout {
    let (real_type, max_len) = if b0 & 0x30 != 0x30 {
        (
            b0 | 0x30,
            (u32::from((b0 & 0x30) ^ 0x30) << 4) | u32::from(b1),
        )
    } else {
        (b0, u32::from(b1))
    };
    desc.real_type = real_type;
    desc.length = max_len;
    if real_type == ColumnType::MYSQL_TYPE_ENUM as u8 {
        match b1 {
            1 | 2 => ColumnLayout::Enum(b1),
            _ => ColumnLayout::Unsupported,
        }
    } else if real_type == ColumnType::MYSQL_TYPE_SET as u8 {
        match b1 {
            1..=8 => ColumnLayout::Set(b1),
            _ => ColumnLayout::Unsupported,
        }
    } else if real_type == ColumnType::MYSQL_TYPE_STRING as u8 {
        ColumnLayout::VarString(if max_len > 255 { 2 } else { 1 })
    } else {
        ColumnLayout::Unsupported
    }
}

// Optional metadata field types (`Table_map_log_event::Optional_metadata_field_type`).
const SIGNEDNESS: u8 = 1;
const DEFAULT_CHARSET: u8 = 2;
const COLUMN_CHARSET: u8 = 3;
const COLUMN_NAME: u8 = 4;
const SET_STR_VALUE: u8 = 5;
const ENUM_STR_VALUE: u8 = 6;
const GEOMETRY_TYPE: u8 = 7;
const SIMPLE_PRIMARY_KEY: u8 = 8;
const PRIMARY_KEY_WITH_PREFIX: u8 = 9;
const ENUM_AND_SET_DEFAULT_CHARSET: u8 = 10;
const ENUM_AND_SET_COLUMN_CHARSET: u8 = 11;
const COLUMN_VISIBILITY: u8 = 12;

/// Reads the TLVs after the null bitmap; unknown field types are skipped (their
/// length is known).
fn parse_optional_metadata(
    c: &mut Cursor<'_>,
    columns: &[ColumnDesc],
) -> Result<OptionalMetadata, BinlogError> {
    let mut m = OptionalMetadata::default();
    while c.remaining() > 0 {
        let field_type = c.u8("TABLE_MAP_EVENT optional metadata type")?;
        let value = c.str_packed("TABLE_MAP_EVENT optional metadata value")?;
        let mut v = Cursor::new(value);
        match field_type {
            SIGNEDNESS => {
                let numeric = columns
                    .iter()
                    .filter(|c| is_numeric_type(c.real_type))
                    .count();
                m.signedness = Some(bitmap_msb_first(value, numeric));
            }
            DEFAULT_CHARSET => m.default_charset = Some(parse_default_charset(&mut v)?),
            COLUMN_CHARSET => m.column_charsets = Some(parse_packed_list(&mut v)?),
            COLUMN_NAME => {
                let mut names = Vec::with_capacity(columns.len());
                while v.remaining() > 0 {
                    names.push(Bytes::copy_from_slice(v.str_packed("COLUMN_NAME")?));
                }
                m.column_names = Some(names);
            }
            SET_STR_VALUE => m.set_str_values = Some(parse_str_values(&mut v)?),
            ENUM_STR_VALUE => m.enum_str_values = Some(parse_str_values(&mut v)?),
            GEOMETRY_TYPE => m.geometry_types = Some(parse_packed_list(&mut v)?),
            SIMPLE_PRIMARY_KEY => m.simple_primary_key = Some(parse_packed_list(&mut v)?),
            PRIMARY_KEY_WITH_PREFIX => {
                let mut pairs = Vec::new();
                while v.remaining() > 0 {
                    let col = packed_u32(&mut v, "PRIMARY_KEY_WITH_PREFIX column")?;
                    let prefix = packed_u32(&mut v, "PRIMARY_KEY_WITH_PREFIX prefix")?;
                    pairs.push((col, prefix));
                }
                m.primary_key_with_prefix = Some(pairs);
            }
            ENUM_AND_SET_DEFAULT_CHARSET => {
                m.enum_and_set_default_charset = Some(parse_default_charset(&mut v)?)
            }
            ENUM_AND_SET_COLUMN_CHARSET => {
                m.enum_and_set_column_charsets = Some(parse_packed_list(&mut v)?)
            }
            COLUMN_VISIBILITY => m.column_visibility = Some(bitmap_msb_first(value, columns.len())),
            _ => {}
        }
    }
    Ok(m)
}

/// Optional-metadata bitmaps are written most significant bit first.
fn bitmap_msb_first(bytes: &[u8], count: usize) -> Vec<bool> {
    (0..count)
        .map(|i| bytes.get(i / 8).is_some_and(|b| b & (0x80 >> (i % 8)) != 0))
        .collect()
}

fn packed_u32(c: &mut Cursor<'_>, what: &'static str) -> Result<u32, BinlogError> {
    let n = c.packed(what)?;
    u32::try_from(n).map_err(|_| BinlogError::Invalid { what, found: n })
}

fn parse_packed_list(c: &mut Cursor<'_>) -> Result<Vec<u32>, BinlogError> {
    let mut out = Vec::new();
    while c.remaining() > 0 {
        out.push(packed_u32(
            c,
            "TABLE_MAP_EVENT optional metadata list item",
        )?);
    }
    Ok(out)
}

fn parse_default_charset(c: &mut Cursor<'_>) -> Result<DefaultCharset, BinlogError> {
    let default_collation = packed_u32(c, "DEFAULT_CHARSET collation")?;
    let mut exceptions = Vec::new();
    while c.remaining() > 0 {
        let col = packed_u32(c, "DEFAULT_CHARSET column index")?;
        let coll = packed_u32(c, "DEFAULT_CHARSET column collation")?;
        exceptions.push((col, coll));
    }
    Ok(DefaultCharset {
        default_collation,
        exceptions,
    })
}

fn parse_str_values(c: &mut Cursor<'_>) -> Result<Vec<Vec<Bytes>>, BinlogError> {
    let mut out = Vec::new();
    while c.remaining() > 0 {
        let count = c.packed_len("ENUM/SET_STR_VALUE count")?;
        let mut members = Vec::with_capacity(count);
        for _ in 0..count {
            members.push(Bytes::copy_from_slice(
                c.str_packed("ENUM/SET_STR_VALUE member")?,
            ));
        }
        out.push(members);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sizes from the table in MySQL's `strings/decimal.c` comment on `decimal2bin`:
    /// DECIMAL(14,4) takes 4+1 integer bytes... i.e. 10 digits = 4+1 bytes, 4 digits
    /// = 2 bytes; and DECIMAL(65,30) = 35 integer digits (3*4+4... ) computed by hand.
    #[test]
    fn decimal_sizes() {
        assert_eq!(decimal_bin_size(14, 4), Some(7));
        assert_eq!(decimal_bin_size(10, 0), Some(5));
        assert_eq!(decimal_bin_size(8, 3), Some(5));
        // 35 int digits: 3 groups of 9 (12 bytes) + 8 digits (4 bytes); 30 frac
        // digits: 3 groups (12 bytes) + 3 digits (2 bytes).
        assert_eq!(decimal_bin_size(65, 30), Some(30));
    }

    #[test]
    fn long_char_metadata_folds_length() {
        // CHAR(100) in utf8mb4 = 400 bytes: 400 = 0x190, high bits 0x100 folded as
        // (0x30 ^ (0x1 << 4)) into the type byte: 0xfe ^ 0x10 = 0xee.
        let mut d = ColumnDesc {
            type_code: 254,
            real_type: 254,
            metadata: 0,
            nullable: true,
            length: 0,
            scale: 0,
            layout: ColumnLayout::Unsupported,
        };
        assert_eq!(
            string_layout(&mut d, 0xee, 0x90),
            ColumnLayout::VarString(2)
        );
        assert_eq!(d.length, 400);
        assert_eq!(d.real_type, 254);
    }
}
