//! Column values as decoded from a row image: borrowed views into the event buffer.
//!
//! This module owns the *shape* of a decoded column value. It knows nothing of
//! Debezium or of how a value is rendered; signedness and charsets live in the table
//! schema, so integers are sign-extended from their stored width and strings are raw
//! bytes.

/// A packed DECIMAL as stored in a row image (MySQL `strings/decimal.c`,
/// `decimal2bin`): the raw bytes plus the column's precision and scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PackedDecimal<'a> {
    /// The packed bytes, exactly `decimal_bin_size(precision, scale)` long.
    pub bytes: &'a [u8],
    /// Total digits.
    pub precision: u8,
    /// Digits after the point.
    pub scale: u8,
}

/// A calendar date (DATE, or the date part of DATETIME). Zero parts are allowed
/// (`0000-00-00`), as MySQL stores them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date {
    /// Year, 0..=9999.
    pub year: u16,
    /// Month, 0..=12.
    pub month: u8,
    /// Day, 0..=31.
    pub day: u8,
}

/// A TIME value: a signed duration up to ±838:59:59.999999.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Time {
    /// True for negative durations.
    pub negative: bool,
    /// Hours, 0..=838.
    pub hours: u16,
    /// Minutes.
    pub minutes: u8,
    /// Seconds.
    pub seconds: u8,
    /// Fraction in microseconds.
    pub micros: u32,
}

/// A DATETIME value (no time zone).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateTime {
    /// The date part.
    pub date: Date,
    /// Hour.
    pub hour: u8,
    /// Minute.
    pub minute: u8,
    /// Second.
    pub second: u8,
    /// Fraction in microseconds.
    pub micros: u32,
}

/// One column of one row image.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value<'a> {
    /// SQL NULL (the null bit was set).
    Null,
    /// The column is not part of this row image (binlog_row_image=MINIMAL/NOBLOB):
    /// distinct from NULL.
    Absent,
    /// TINYINT/SMALLINT/MEDIUMINT/INT/BIGINT, sign-extended from the stored width.
    /// The schema says whether the column is unsigned; reinterpret with the width.
    Int(i64),
    /// FLOAT.
    Float(f32),
    /// DOUBLE.
    Double(f64),
    /// DECIMAL/NUMERIC (new packed format).
    Decimal(PackedDecimal<'a>),
    /// YEAR as the full year (1901..=2155), or 0.
    Year(u16),
    /// DATE.
    Date(Date),
    /// TIME / TIME2.
    Time(Time),
    /// DATETIME / DATETIME2.
    DateTime(DateTime),
    /// TIMESTAMP / TIMESTAMP2: seconds since the epoch (UTC) and microseconds.
    Timestamp {
        /// Seconds since 1970-01-01 00:00:00 UTC.
        seconds: u32,
        /// Fraction in microseconds.
        micros: u32,
    },
    /// BIT(n): the stored big-endian bytes, `(n + 7) / 8` long.
    Bit(&'a [u8]),
    /// ENUM: the 1-based index of the value (0 is the empty error value).
    Enum(u16),
    /// SET: bit i set means member i (0-based) is present.
    Set(u64),
    /// CHAR/VARCHAR/BINARY/VARBINARY/TEXT/BLOB bytes, and MariaDB's JSON (text).
    /// The charset comes from the schema.
    Bytes(&'a [u8]),
    /// MySQL's binary JSON (`MYSQL_TYPE_JSON`), not yet rendered as text.
    Json(&'a [u8]),
    /// GEOMETRY: 4-byte little-endian SRID followed by WKB.
    Geometry(&'a [u8]),
    /// A JSON column's after value in a PARTIAL_UPDATE_ROWS_EVENT
    /// (`binlog_row_value_options=PARTIAL_JSON`): the diffs to apply to the before
    /// value, not a whole document.
    JsonDiff(super::json_diff::JsonDiffs<'a>),
}
