//! Column default values: `defaultValueExpression` → the Connect `default` of the
//! field, as Debezium's `BinlogDefaultValueConverter` (read, not copied) computes it
//! and then runs it through the column's converter.
//!
//! Debezium logs and drops a default it cannot read (`event.converting.failure.handling.mode=warn`),
//! so every failure here is `None`, never an error.

use super::column::{
    ColumnConverter, Conversion, IntConversion, adjust_two_digit_year, date_datum, datetime_datum,
    days_from_civil, time_datum,
};
use super::datum::{
    BinaryTextEncoding, Datum, DecimalValue, OwnedDatum, write_iso_date, write_iso_time,
    write_zoned_timestamp,
};
use super::{BinaryHandling, DecimalHandling};
use crate::schema::ColumnSchema;

/// The Connect default of `col`, or `None` when Debezium sets none.
pub(crate) fn parse(
    conv: &ColumnConverter,
    col: &ColumnSchema,
    expression: &str,
) -> Option<OwnedDatum> {
    let conversion = &conv.conversion;
    let trimmed = if is_trimmed(conversion) {
        expression.trim()
    } else {
        expression
    };
    let value = strip_charset_introducer(trimmed);
    if is_numeric(conversion)
        && (value.eq_ignore_ascii_case("true") || value.eq_ignore_ascii_case("false"))
    {
        let one = value.eq_ignore_ascii_case("true");
        return numeric_default(conversion, if one { "1" } else { "0" });
    }
    match conversion {
        Conversion::Boolean => Some(OwnedDatum::Boolean(java_boolean(value))),
        Conversion::Bit1 => Some(OwnedDatum::Boolean(match value.parse::<i16>() {
            Ok(v) => v != 0,
            Err(_) => value.eq_ignore_ascii_case("true"),
        })),
        Conversion::Bits { len } => bits_default(value, *len),
        Conversion::Date { repr, adjust } => {
            if is_zero_date(value) || is_zero_timestamp(value) || value == "0" {
                return if col.optional {
                    None
                } else {
                    zero_fallback(conversion)
                };
            }
            match parse_date_time(value, *adjust) {
                Some((days, _)) => owned(date_datum(*repr, days)),
                None if col.optional => None,
                None => zero_fallback(conversion),
            }
        }
        Conversion::DateTime { repr, adjust } => {
            if is_zero_timestamp(value) || value == "0" {
                return if col.optional {
                    None
                } else {
                    zero_fallback(conversion)
                };
            }
            match parse_date_time(value, *adjust) {
                Some((days, micros_of_day)) => {
                    owned(datetime_datum(*repr, days * 86_400_000_000 + micros_of_day).ok()?)
                }
                None if col.optional => None,
                None => zero_fallback(conversion),
            }
        }
        Conversion::Timestamp { fsp } => {
            if is_zero_timestamp(value) || value == "0" || value == "1970-01-01 00:00:00" {
                return if col.optional {
                    None
                } else {
                    Some(OwnedDatum::String("1970-01-01T00:00:00Z".to_owned()))
                };
            }
            // Timestamp.valueOf in the JVM's zone; the reference JVM runs in UTC.
            let (days, micros_of_day) = parse_date_time(value, true)?;
            let micros = days * 86_400_000_000 + micros_of_day;
            Some(OwnedDatum::String(zoned_iso(micros, *fsp)))
        }
        Conversion::Time { repr } => {
            let time_part = value.split_once(' ').map_or(value, |(_, t)| t);
            let micros = parse_duration_micros(time_part)?;
            // A default the representation cannot hold is dropped, as Debezium drops a
            // default its converter rejects (event.converting.failure.handling.mode).
            owned(time_datum(*repr, micros).ok()?)
        }
        Conversion::Year => {
            let y: i64 = value.parse().ok()?;
            Some(OwnedDatum::Int(adjust_two_digit_year(y)))
        }
        Conversion::Text { .. }
        | Conversion::Enum
        | Conversion::Set
        | Conversion::Json
        | Conversion::FixedBin(_) => Some(OwnedDatum::String(value.to_owned())),
        Conversion::Binary { mode, .. } => {
            let bytes = value.as_bytes().to_vec();
            Some(match mode {
                BinaryHandling::Bytes => OwnedDatum::Bytes(bytes),
                BinaryHandling::Base64 => OwnedDatum::BinaryText(bytes, BinaryTextEncoding::Base64),
                BinaryHandling::Base64UrlSafe => {
                    OwnedDatum::BinaryText(bytes, BinaryTextEncoding::Base64UrlSafe)
                }
                BinaryHandling::Hex => OwnedDatum::BinaryText(bytes, BinaryTextEncoding::Hex),
            })
        }
        Conversion::Geometry | Conversion::Point | Conversion::Vector => None,
        Conversion::Int(_)
        | Conversion::BigintUnsignedPrecise
        | Conversion::Float32
        | Conversion::Float64
        | Conversion::Decimal { .. } => numeric_default(conversion, value),
    }
}

/// The converter's value for the epoch: what a zero date default of a NOT NULL
/// column becomes.
fn zero_fallback(conversion: &Conversion) -> Option<OwnedDatum> {
    match conversion {
        Conversion::Date { repr, .. } => owned(date_datum(*repr, 0)),
        Conversion::DateTime { repr, .. } => owned(datetime_datum(*repr, 0).ok()?),
        _ => None,
    }
}

/// A temporal [`Datum`] as an owned default value.
fn owned(datum: Datum<'_>) -> Option<OwnedDatum> {
    let mut text = Vec::new();
    match datum {
        Datum::Int(v) => return Some(OwnedDatum::Int(v)),
        Datum::IsoDate { days } => write_iso_date(&mut text, days),
        Datum::IsoTime { micros_of_day } => write_iso_time(&mut text, micros_of_day),
        Datum::ZonedTimestamp {
            epoch_seconds,
            nanos,
            fraction_digits,
        } => write_zoned_timestamp(&mut text, epoch_seconds, nanos, fraction_digits),
        _ => return None,
    }
    String::from_utf8(text).ok().map(OwnedDatum::String)
}

/// JDBC types whose defaults Debezium trims (numbers, temporal types, BOOLEAN).
fn is_trimmed(conversion: &Conversion) -> bool {
    !matches!(
        conversion,
        Conversion::Text { .. }
            | Conversion::Binary { .. }
            | Conversion::Enum
            | Conversion::Set
            | Conversion::Json
            | Conversion::Geometry
            | Conversion::Point
            | Conversion::Vector
    )
}

/// Debezium's NUMBER_DATA_TYPES (BIT, integers incl. YEAR's INTEGER, floats, decimals).
fn is_numeric(conversion: &Conversion) -> bool {
    matches!(
        conversion,
        Conversion::Bit1
            | Conversion::Bits { .. }
            | Conversion::Int(_)
            | Conversion::BigintUnsignedPrecise
            | Conversion::Float32
            | Conversion::Float64
            | Conversion::Decimal { .. }
            | Conversion::Year
    )
}

/// `_charset'text'` → `text`.
fn strip_charset_introducer(value: &str) -> &str {
    let Some(rest) = value.strip_prefix('_') else {
        return value;
    };
    let Some(quote) = rest.find('\'') else {
        return value;
    };
    let (charset, quoted) = rest.split_at(quote);
    if charset.is_empty() || !charset.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return value;
    }
    match quoted.strip_prefix('\'').and_then(|q| q.strip_suffix('\'')) {
        Some(inner) => inner,
        None => value,
    }
}

fn java_boolean(value: &str) -> bool {
    match value.parse::<i32>() {
        Ok(v) => v != 0,
        Err(_) => value.eq_ignore_ascii_case("true"),
    }
}

/// Java's `Math.round(double)`: floor(x + 0.5), saturating.
fn java_round(x: f64) -> i64 {
    let floor = x.floor();
    let r = if x - floor >= 0.5 { floor + 1.0 } else { floor };
    r as i64
}

fn numeric_default(conversion: &Conversion, value: &str) -> Option<OwnedDatum> {
    match conversion {
        Conversion::Int(kind) => {
            let rounded = java_round(value.parse::<f64>().ok()?);
            Some(OwnedDatum::Int(match kind {
                // convertSmallInt → Short, convertInteger → Integer, convertBigInt → Long.
                IntConversion::U8 => i64::from(rounded as i16),
                IntConversion::U16 | IntConversion::U24 => i64::from(rounded as i32),
                IntConversion::U32 | IntConversion::Signed => rounded,
            }))
        }
        Conversion::BigintUnsignedPrecise => Some(OwnedDatum::Decimal(DecimalValue::Small(
            i128::from(value.parse::<u64>().ok()?),
        ))),
        Conversion::Float32 => Some(OwnedDatum::Float32(value.parse::<f64>().ok()? as f32)),
        Conversion::Float64 => Some(OwnedDatum::Float64(value.parse::<f64>().ok()?)),
        Conversion::Decimal { scale, mode } => {
            let unscaled = parse_decimal_half_up(value, *scale)?;
            Some(match mode {
                DecimalHandling::Precise => OwnedDatum::Decimal(unscaled),
                DecimalHandling::String => OwnedDatum::String(unscaled.to_plain_string(*scale)),
                DecimalHandling::Double => {
                    OwnedDatum::Float64(unscaled.to_plain_string(*scale).parse().ok()?)
                }
            })
        }
        Conversion::Year => Some(OwnedDatum::Int(adjust_two_digit_year(value.parse().ok()?))),
        Conversion::Bit1 => Some(OwnedDatum::Boolean(value != "0")),
        Conversion::Bits { len } => bits_default(value, *len),
        _ => None,
    }
}

/// `new BigDecimal(s).setScale(scale, HALF_UP)`'s unscaled value (no exponent form).
fn parse_decimal_half_up(value: &str, scale: u32) -> Option<DecimalValue> {
    let (negative, digits) = match value.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, value.strip_prefix('+').unwrap_or(value)),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    if (int.is_empty() && frac.is_empty())
        || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let scale = scale as usize;
    let mut magnitude = [0u64; 4];
    for b in int
        .bytes()
        .chain(frac.bytes().chain(std::iter::repeat(b'0')).take(scale))
    {
        magnitude = DecimalValue::wide_mul_add(magnitude, 10, u64::from(b - b'0'))?;
    }
    if frac.as_bytes().get(scale).is_some_and(|b| *b >= b'5') {
        magnitude = DecimalValue::wide_mul_add(magnitude, 1, 1)?;
    }
    let small = (magnitude[2] == 0 && magnitude[3] == 0 && magnitude[1] >> 63 == 0)
        .then(|| (i128::from(magnitude[1]) << 64) | i128::from(magnitude[0]));
    Some(match small {
        Some(v) => DecimalValue::Small(if negative { -v } else { v }),
        None => DecimalValue::Wide {
            negative,
            magnitude,
        },
    })
}

/// BIT(M>1) default `1010` (or `b'1010'`) → the little-endian Bits value.
fn bits_default(value: &str, len: usize) -> Option<OwnedDatum> {
    let digits = value
        .strip_prefix("b'")
        .or_else(|| value.strip_prefix("B'"))
        .and_then(|v| v.strip_suffix('\''))
        .unwrap_or(value);
    if digits.is_empty() || !digits.bytes().all(|b| b == b'0' || b == b'1') {
        return None;
    }
    let mut bytes = vec![0u8; len.max(digits.len().div_ceil(8))];
    for (i, bit) in digits.bytes().rev().enumerate() {
        if bit == b'1'
            && let Some(byte) = bytes.get_mut(i / 8)
        {
            *byte |= 1 << (i % 8);
        }
    }
    Some(OwnedDatum::Bytes(bytes))
}

/// `dddd-dd-00`, `dddd-00-dd` or `0000-dd-dd`.
fn is_zero_date(value: &str) -> bool {
    let b = value.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if !(digits(0..4) && digits(5..7) && digits(8..10)) {
        return false;
    }
    &b[8..10] == b"00" || &b[5..7] == b"00" || &b[0..4] == b"0000"
}

/// A zero date followed by ` 00:00:00[.d{1,6}]`.
fn is_zero_timestamp(value: &str) -> bool {
    let Some((date, time)) = value.split_once(' ') else {
        return false;
    };
    if !is_zero_date(date) {
        return false;
    }
    match time.strip_prefix("00:00:00") {
        Some("") => true,
        Some(frac) => frac.strip_prefix('.').is_some_and(|d| {
            (1..=6).contains(&d.len()) && d.bytes().all(|c| c == b'0' || c.is_ascii_digit())
        }),
        None => false,
    }
}

/// `yyyy-MM-dd[ HH:mm[:ss[.ffffff]]]` → (epoch days, after the two-digit-year adjuster
/// when `adjust`, microseconds of the day).
fn parse_date_time(value: &str, adjust: bool) -> Option<(i64, i64)> {
    let (date, time) = match value.split_once(' ') {
        Some((d, t)) => (d, Some(t)),
        None => (value, None),
    };
    let mut parts = date.split('-');
    let year: i64 = parts.next()?.parse().ok()?;
    let month: u32 = parts.next()?.parse().ok()?;
    let day: u32 = parts.next()?.parse().ok()?;
    if parts.next().is_some() {
        return None;
    }
    let year = if adjust {
        adjust_two_digit_year(year)
    } else {
        year
    };
    let days = days_from_civil(year, month, day)?;
    let micros = match time {
        Some(t) => parse_time_of_day_micros(t)?,
        None => 0,
    };
    Some((days, micros))
}

fn parse_time_of_day_micros(t: &str) -> Option<i64> {
    let (hms, frac) = t.split_once('.').unwrap_or((t, ""));
    let mut it = hms.split(':');
    let h: i64 = it.next()?.parse().ok()?;
    let m: i64 = it.next().map_or(Some(0), |s| s.parse().ok())?;
    let s: i64 = it.next().map_or(Some(0), |s| s.parse().ok())?;
    if h > 23 || m > 59 || s > 59 || frac.len() > 9 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let frac_micros: i64 = if frac.is_empty() {
        0
    } else {
        let padded: String = frac.chars().chain(std::iter::repeat('0')).take(6).collect();
        padded.parse().ok()?
    };
    Some(((h * 60 + m) * 60 + s) * 1_000_000 + frac_micros)
}

/// `BinlogValueConverters.stringToDuration`: `[-]h:m[:s[.f]]` → signed microseconds.
fn parse_duration_micros(value: &str) -> Option<i64> {
    let negative = value.starts_with('-');
    let body = value.strip_prefix('-').unwrap_or(value);
    let (hms, frac) = body.split_once('.').unwrap_or((body, ""));
    let mut it = hms.split(':');
    let h: i64 = it.next()?.parse().ok()?;
    let m: i64 = it.next()?.parse().ok()?;
    let s: i64 = it.next().map_or(Some(0), |s| s.parse().ok())?;
    let frac_micros: i64 = if frac.is_empty() {
        0
    } else {
        let padded: String = frac.chars().chain(std::iter::repeat('0')).take(6).collect();
        padded.parse().ok()?
    };
    let micros = ((h * 60 + m) * 60 + s) * 1_000_000 + frac_micros;
    Some(if negative { -micros } else { micros })
}

/// ISO-8601 UTC text of epoch microseconds, as `ZonedTimestamp.toIsoString` writes it.
pub(crate) fn zoned_iso(epoch_micros: i64, fsp: u8) -> String {
    let secs = epoch_micros.div_euclid(1_000_000);
    let nanos = (epoch_micros.rem_euclid(1_000_000) * 1000) as u32;
    let mut out = Vec::new();
    super::datum::write_zoned_timestamp(
        &mut out,
        secs,
        nanos,
        if fsp == 0 { None } else { Some(fsp) },
    );
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::envelope::EnvelopeConfig;
    use crate::schema::{ColumnSchema, DataType, IntWidth, TableId, TableSchema};

    /// The field schema JSON of a column with `default` as its defaultValueExpression.
    fn field_schema(type_name: &str, data_type: DataType, optional: bool, default: &str) -> String {
        let col = ColumnSchema {
            name: "c".to_owned(),
            position: 1,
            data_type,
            type_name: type_name.to_owned(),
            type_expression: type_name.to_owned(),
            jdbc_type: 0,
            charset: Some("utf8mb4".to_owned()),
            collation: None,
            length: None,
            scale: None,
            optional,
            auto_increment: false,
            generated: false,
            comment: Some("a comment".to_owned()),
            default_value_expression: Some(default.to_owned()),
            enum_values: None,
        };
        let table = TableSchema {
            id: TableId::new("db", "t"),
            columns: vec![col.clone()],
            primary_key: Vec::new(),
            default_charset: None,
            comment: None,
        };
        // extremes.comments.stream.jsonl: with include.schema.comments a column comment
        // is the field's doc, written before the default.
        let cfg = EnvelopeConfig {
            include_schema_comments: true,
            ..EnvelopeConfig::new("p")
        };
        let conv = ColumnConverter::new(&table, &col, &cfg).expect("converter");
        let mut out = Vec::new();
        crate::format::write_schema(&mut out, &conv.schema, Some("c"));
        String::from_utf8(out).unwrap_or_default()
    }

    #[test]
    fn defaults_follow_binlog_default_value_converter() {
        // seed.stream.jsonl: DATETIME DEFAULT CURRENT_TIMESTAMP, recorded by Debezium as
        // "1970-01-01 00:00:00", is `"default":0`; ddl.stream.jsonl: VARCHAR DEFAULT
        // 'none' is `"default":"none"`.
        let dt = field_schema(
            "DATETIME",
            DataType::DateTime { fsp: 0 },
            true,
            "1970-01-01 00:00:00",
        );
        assert!(dt.contains(r#""default":0,"#), "{dt}");
        let s = field_schema("VARCHAR", DataType::VarChar { length: 10 }, true, "none");
        assert_eq!(
            s,
            r#"{"type":"string","optional":true,"doc":"a comment","default":"none","field":"c"}"#
        );
        // Integers parse as doubles and round (Math.round).
        let int = DataType::Int {
            width: IntWidth::Int,
            unsigned: false,
            display_width: None,
        };
        assert!(field_schema("INT", int, false, "5").contains(r#""default":5,"#));
        // DECIMAL(5,2) DEFAULT 1.5: unscaled 150 = 0x0096 (sign byte kept) → "AJY=".
        let dec = DataType::Decimal {
            precision: 5,
            scale: 2,
            unsigned: false,
        };
        assert!(field_schema("DECIMAL", dec, true, "1.5").contains(r#""default":"AJY=","#));
        // 2021-01-01 00:00:00 UTC is 1609459200000 ms after the epoch.
        let dt = field_schema(
            "DATETIME",
            DataType::DateTime { fsp: 0 },
            true,
            "2021-01-01 00:00:00",
        );
        assert!(dt.contains(r#""default":1609459200000,"#), "{dt}");
        // A zero date in a NOT NULL column is the epoch; in a nullable one, no default.
        assert!(
            field_schema("DATE", DataType::Date, false, "0000-00-00").contains(r#""default":0,"#)
        );
        assert!(!field_schema("DATE", DataType::Date, true, "0000-00-00").contains("default"));
        let ts = field_schema(
            "TIMESTAMP",
            DataType::Timestamp { fsp: 0 },
            false,
            "1970-01-01 00:00:00",
        );
        assert!(ts.contains(r#""default":"1970-01-01T00:00:00Z","#), "{ts}");
        // BIT(3) DEFAULT b'101' → one byte 0x05.
        assert!(
            field_schema("BIT", DataType::Bit { length: 3 }, true, "b'101'")
                .contains(r#""default":"BQ==","#)
        );
        assert!(
            field_schema("BOOLEAN", DataType::Boolean, true, "TRUE").contains(r#""default":true,"#)
        );
        // An unreadable default is dropped, as Debezium's warn mode does.
        assert!(
            !field_schema("DATETIME", DataType::DateTime { fsp: 0 }, true, "garbage")
                .contains("default")
        );
    }

    #[test]
    fn charset_introducer_is_stripped() {
        assert_eq!(strip_charset_introducer("_utf8mb4'abc'"), "abc");
        assert_eq!(strip_charset_introducer("abc"), "abc");
    }

    #[test]
    fn zero_dates_are_recognised() {
        assert!(is_zero_date("0000-00-00"));
        assert!(is_zero_timestamp("0000-00-00 00:00:00"));
        assert!(!is_zero_timestamp("1970-01-01 00:00:00"));
    }

    #[test]
    fn decimal_default_rounds_half_up() {
        assert_eq!(
            parse_decimal_half_up("12.55", 1),
            Some(DecimalValue::Small(126))
        );
        assert_eq!(
            parse_decimal_half_up("-1", 2),
            Some(DecimalValue::Small(-100))
        );
    }

    #[test]
    fn java_round_matches_math_round() {
        assert_eq!(java_round(-2.5), -2);
        assert_eq!(java_round(2.5), 3);
        assert_eq!(java_round(1e30), i64::MAX);
    }
}
