//! Text-protocol column values → the binlog's [`Value`]s, so that a snapshot row goes
//! through exactly the envelope converters a streamed row goes through.
//!
//! Owns the parsing of what a `SELECT` returns in the text protocol (MySQL internals
//! manual, "Text Resultset": every value a string, NULL apart) for each column type of
//! the table model, with the session set up by the snapshot (`time_zone='+00:00'` so
//! TIMESTAMP text is UTC, `character_set_results=NULL` so strings arrive in the
//! column's own charset, as in a row image). DECIMAL text is packed into the binlog's
//! `decimal2bin` layout (MySQL `strings/decimal.c`) and ENUM/SET names are turned back
//! into the index/bitmap a row image holds. It must not convert to Connect values
//! (that is `envelope`) nor do I/O.

use std::ops::Range;

use crate::binlog::{Date, DateTime, PackedDecimal, Time, Value};
use crate::replication::TextRow;
use crate::schema::{DataType, TableSchema};

/// A text value that does not parse as its column's type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("column {column}: cannot read {found:?} as {expected}")]
pub struct TextValueError {
    /// Column name.
    pub column: String,
    /// The type expected.
    pub expected: &'static str,
    /// The text found (cut to 64 bytes).
    pub found: String,
}

/// How one column's text becomes a [`Value`].
#[derive(Debug, Clone)]
enum Kind {
    Int,
    Float,
    Double,
    Decimal { precision: u8, scale: u8 },
    Date,
    Time,
    DateTime,
    Timestamp,
    Year,
    Bit,
    Enum(Vec<String>),
    Set(Vec<String>),
    Geometry,
    Bytes,
}

/// Decodes the rows of one table's snapshot `SELECT`.
#[derive(Debug, Clone)]
pub struct TextRowDecoder {
    /// Per table column: its kind and name.
    columns: Vec<(Kind, String)>,
    /// Per result column: the table column it fills (`None`: not a table column).
    result_to_table: Vec<Option<usize>>,
}

impl TextRowDecoder {
    /// A decoder for `table`, whose result has the columns `result_columns` (names;
    /// matched ignoring case, as Debezium's `ColumnUtils.toArray` does). Table columns
    /// missing from the result are NULL.
    pub fn new(table: &TableSchema, result_columns: &[&str]) -> Self {
        let columns = table
            .columns
            .iter()
            .map(|c| (kind_of(&c.data_type), c.name.clone()))
            .collect::<Vec<_>>();
        let result_to_table = result_columns
            .iter()
            .map(|name| {
                table
                    .columns
                    .iter()
                    .position(|c| c.name.eq_ignore_ascii_case(name))
            })
            .collect();
        TextRowDecoder {
            columns,
            result_to_table,
        }
    }

    /// The row as one [`Value`] per table column. `scratch` holds the packed DECIMALs
    /// the values borrow.
    pub fn decode<'a>(
        &self,
        row: &'a TextRow,
        scratch: &'a mut Vec<u8>,
    ) -> Result<Vec<Value<'a>>, TextValueError> {
        scratch.clear();
        let mut packed: Vec<Option<Range<usize>>> = vec![None; self.columns.len()];
        for (result_index, table_index) in self.result_to_table.iter().enumerate() {
            let Some(table_index) = *table_index else {
                continue;
            };
            let (Some((Kind::Decimal { precision, scale }, name)), Some(Some(text))) =
                (self.columns.get(table_index), row.get(result_index))
            else {
                continue;
            };
            let start = scratch.len();
            pack_decimal(text, *precision, *scale, scratch)
                .ok_or_else(|| error(name, "a DECIMAL", text))?;
            if let Some(slot) = packed.get_mut(table_index) {
                *slot = Some(start..scratch.len());
            }
        }
        let scratch: &'a [u8] = scratch;
        let mut values = vec![Value::Null; self.columns.len()];
        for (result_index, table_index) in self.result_to_table.iter().enumerate() {
            let Some(table_index) = *table_index else {
                continue;
            };
            let (Some((kind, name)), Some(Some(text))) =
                (self.columns.get(table_index), row.get(result_index))
            else {
                continue;
            };
            let value = match kind {
                Kind::Decimal { precision, scale } => {
                    let range = packed.get(table_index).cloned().flatten().unwrap_or(0..0);
                    Value::Decimal(PackedDecimal {
                        bytes: scratch.get(range).unwrap_or_default(),
                        precision: *precision,
                        scale: *scale,
                    })
                }
                kind => parse(kind, text).ok_or_else(|| error(name, expected(kind), text))?,
            };
            if let Some(slot) = values.get_mut(table_index) {
                *slot = value;
            }
        }
        Ok(values)
    }
}

fn error(column: &str, expected: &'static str, text: &[u8]) -> TextValueError {
    let cut = text.get(..64).unwrap_or(text);
    TextValueError {
        column: column.to_string(),
        expected,
        found: String::from_utf8_lossy(cut).into_owned(),
    }
}

fn expected(kind: &Kind) -> &'static str {
    match kind {
        Kind::Int => "an integer",
        Kind::Float | Kind::Double => "a floating-point number",
        Kind::Decimal { .. } => "a DECIMAL",
        Kind::Date => "a DATE (YYYY-MM-DD)",
        Kind::Time => "a TIME ([-]H:MM:SS[.ffffff])",
        Kind::DateTime | Kind::Timestamp => "a DATETIME (YYYY-MM-DD HH:MM:SS[.ffffff])",
        Kind::Year => "a YEAR",
        Kind::Enum(_) => "a member of the ENUM",
        Kind::Set(_) => "members of the SET",
        Kind::Bit | Kind::Geometry | Kind::Bytes => "bytes",
    }
}

fn kind_of(data_type: &DataType) -> Kind {
    match data_type {
        DataType::Boolean | DataType::Int { .. } => Kind::Int,
        DataType::Float { .. } => Kind::Float,
        DataType::Double { .. } => Kind::Double,
        DataType::Decimal {
            precision, scale, ..
        } => Kind::Decimal {
            precision: u8::try_from(*precision).unwrap_or(u8::MAX),
            scale: u8::try_from(*scale).unwrap_or(u8::MAX),
        },
        DataType::Date => Kind::Date,
        DataType::Time { .. } => Kind::Time,
        DataType::DateTime { .. } => Kind::DateTime,
        DataType::Timestamp { .. } => Kind::Timestamp,
        DataType::Year => Kind::Year,
        DataType::Bit { .. } => Kind::Bit,
        DataType::Enum(members) => Kind::Enum(members.clone()),
        DataType::Set(members) => Kind::Set(members.clone()),
        DataType::Geometry(_) => Kind::Geometry,
        _ => Kind::Bytes,
    }
}

fn parse<'a>(kind: &Kind, text: &'a [u8]) -> Option<Value<'a>> {
    let s = || std::str::from_utf8(text).ok().map(str::trim);
    Some(match kind {
        // BIGINT UNSIGNED above i64::MAX: the bits a row image holds.
        Kind::Int => {
            let s = s()?;
            Value::Int(
                s.parse::<i64>()
                    .ok()
                    .or_else(|| s.parse::<u64>().ok().map(|u| u as i64))?,
            )
        }
        Kind::Float => Value::Float(s()?.parse().ok()?),
        Kind::Double => Value::Double(s()?.parse().ok()?),
        Kind::Date => Value::Date(parse_date(s()?)?),
        Kind::Time => Value::Time(parse_time(s()?)?),
        Kind::DateTime => Value::DateTime(parse_datetime(s()?)?),
        Kind::Timestamp => {
            let dt = parse_datetime(s()?)?;
            if dt.date.year == 0 || dt.date.month == 0 || dt.date.day == 0 {
                // The zero TIMESTAMP is 0 in a row image.
                return Some(Value::Timestamp {
                    seconds: 0,
                    micros: 0,
                });
            }
            let days = days_from_civil(
                i64::from(dt.date.year),
                u32::from(dt.date.month),
                u32::from(dt.date.day),
            )?;
            let seconds = days * 86_400
                + i64::from(dt.hour) * 3600
                + i64::from(dt.minute) * 60
                + i64::from(dt.second);
            Value::Timestamp {
                seconds: u32::try_from(seconds).ok()?,
                micros: dt.micros,
            }
        }
        Kind::Year => Value::Year(s()?.parse().ok()?),
        Kind::Bit => Value::Bit(text),
        Kind::Enum(members) => {
            if text.is_empty() {
                return Some(Value::Enum(0));
            }
            let name = std::str::from_utf8(text).ok()?;
            let index = members
                .iter()
                .position(|m| m == name)
                .or_else(|| members.iter().position(|m| m.eq_ignore_ascii_case(name)))?;
            Value::Enum(u16::try_from(index + 1).ok()?)
        }
        Kind::Set(members) => {
            let mut bits = 0u64;
            let names = std::str::from_utf8(text).ok()?;
            for name in names.split(',').filter(|n| !n.is_empty()) {
                let index = members
                    .iter()
                    .position(|m| m == name)
                    .or_else(|| members.iter().position(|m| m.eq_ignore_ascii_case(name)))?;
                bits |= 1u64.checked_shl(u32::try_from(index).ok()?)?;
            }
            Value::Set(bits)
        }
        Kind::Geometry => Value::Geometry(text),
        Kind::Bytes => Value::Bytes(text),
        Kind::Decimal { .. } => return None,
    })
}

fn parse_date(s: &str) -> Option<Date> {
    let mut parts = s.splitn(3, '-');
    let year = parts.next()?.parse().ok()?;
    let month = parts.next()?.parse().ok()?;
    let day = parts.next()?.parse().ok()?;
    Some(Date { year, month, day })
}

/// Microseconds of a fraction written with up to 6 digits.
fn parse_fraction(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 6 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let value: u32 = s.parse().ok()?;
    Some(value * 10u32.pow(6 - s.len() as u32))
}

fn parse_hms(s: &str) -> Option<(u32, u8, u8, u32)> {
    let (whole, fraction) = match s.split_once('.') {
        Some((whole, fraction)) => (whole, parse_fraction(fraction)?),
        None => (s, 0),
    };
    let mut parts = whole.splitn(3, ':');
    let hours = parts.next()?.parse().ok()?;
    let minutes = parts.next()?.parse().ok()?;
    let seconds = parts.next()?.parse().ok()?;
    Some((hours, minutes, seconds, fraction))
}

fn parse_time(s: &str) -> Option<Time> {
    let (negative, rest) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let (hours, minutes, seconds, micros) = parse_hms(rest)?;
    Some(Time {
        negative,
        hours: u16::try_from(hours).ok()?,
        minutes,
        seconds,
        micros,
    })
}

fn parse_datetime(s: &str) -> Option<DateTime> {
    let (date, time) = s.split_once(' ')?;
    let (hour, minute, second, micros) = parse_hms(time)?;
    Some(DateTime {
        date: parse_date(date)?,
        hour: u8::try_from(hour).ok()?,
        minute,
        second,
        micros,
    })
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`), `None` for a date that does not exist.
fn days_from_civil(year: i64, month: u32, day: u32) -> Option<i64> {
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// Bytes used by a group of `digits` leading/trailing digits (MySQL `dig2bytes`).
const DIG2BYTES: [usize; 10] = [0, 1, 1, 2, 2, 3, 3, 4, 4, 4];

/// Appends `text` (`[-]digits[.digits]`) in the binlog's packed DECIMAL(precision,
/// scale) layout (MySQL `decimal2bin`): the integer part right-aligned in groups of 9
/// digits (4 bytes, big-endian) with a shorter group first, the fraction left-aligned
/// with a shorter group last, every byte complemented for a negative number and the
/// top bit of the first byte inverted. `None` when the text is not a decimal of that
/// size.
fn pack_decimal(text: &[u8], precision: u8, scale: u8, out: &mut Vec<u8>) -> Option<()> {
    let s = std::str::from_utf8(text).ok()?.trim();
    let (negative, digits) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let (int_part, frac_part) = digits.split_once('.').unwrap_or((digits, ""));
    if !int_part.bytes().all(|b| b.is_ascii_digit())
        || !frac_part.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let scale = usize::from(scale);
    let intg = usize::from(precision).checked_sub(scale)?;
    let int_part = int_part.trim_start_matches('0');
    if int_part.len() > intg || frac_part.len() > scale {
        return None;
    }
    // Right-align the integer digits, left-align the fraction digits.
    let mut int_digits = vec![0u8; intg - int_part.len()];
    int_digits.extend(int_part.bytes().map(|b| b - b'0'));
    let mut frac_digits: Vec<u8> = frac_part.bytes().map(|b| b - b'0').collect();
    frac_digits.resize(scale, 0);
    let mask: u8 = if negative { 0xFF } else { 0x00 };
    let start = out.len();
    let mut push_group = |digits: &[u8]| {
        let value = digits.iter().fold(0u32, |acc, d| acc * 10 + u32::from(*d));
        let len = DIG2BYTES[digits.len()];
        let bytes = value.to_be_bytes();
        for b in bytes.get(4 - len..).unwrap_or_default() {
            out.push(b ^ mask);
        }
    };
    let lead = intg % 9;
    let (first, rest) = int_digits.split_at(lead);
    if lead > 0 {
        push_group(first);
    }
    for group in rest.chunks(9) {
        push_group(group);
    }
    for group in frac_digits.chunks(9) {
        push_group(group);
    }
    if let Some(first) = out.get_mut(start) {
        *first ^= 0x80;
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn packed(text: &str, precision: u8, scale: u8) -> Vec<u8> {
        let mut out = Vec::new();
        pack_decimal(text.as_bytes(), precision, scale, &mut out).unwrap();
        out
    }

    #[test]
    fn decimals_pack_as_mysql_decimal2bin() {
        // The example of MySQL's strings/decimal.c (decimal2bin's comment):
        // 1234567890.1234 as DECIMAL(14,4) is 81 0D FB 38 D2 04 D2.
        assert_eq!(
            packed("1234567890.1234", 14, 4),
            [0x81, 0x0D, 0xFB, 0x38, 0xD2, 0x04, 0xD2]
        );
        // and -1234567890.1234 is 7E F2 04 C7 2D FB 2D.
        assert_eq!(
            packed("-1234567890.1234", 14, 4),
            [0x7E, 0xF2, 0x04, 0xC7, 0x2D, 0xFB, 0x2D]
        );
    }

    #[test]
    fn decimal_texts_that_do_not_fit_are_refused() {
        assert_eq!(packed("0.000", 8, 3), [0x80, 0x00, 0x00, 0x00, 0x00]);
        let mut out = Vec::new();
        assert!(pack_decimal(b"123.4", 3, 1, &mut out).is_none());
        assert!(pack_decimal(b"1.234", 5, 2, &mut out).is_none());
        assert!(pack_decimal(b"1e5", 5, 0, &mut out).is_none());
    }

    #[test]
    fn temporal_texts() {
        assert_eq!(
            parse_time("-838:59:59"),
            Some(Time {
                negative: true,
                hours: 838,
                minutes: 59,
                seconds: 59,
                micros: 0
            })
        );
        assert_eq!(parse_time("12:34:56.789").map(|t| t.micros), Some(789_000));
        let dt = parse_datetime("9999-12-31 23:59:59.999999").unwrap();
        assert_eq!((dt.date.year, dt.second, dt.micros), (9999, 59, 999_999));
        assert_eq!(
            parse(&Kind::Timestamp, b"2038-01-19 03:14:07.999999"),
            Some(Value::Timestamp {
                seconds: i32::MAX as u32,
                micros: 999_999
            })
        );
        assert_eq!(
            parse(&Kind::Timestamp, b"0000-00-00 00:00:00"),
            Some(Value::Timestamp {
                seconds: 0,
                micros: 0
            })
        );
        assert!(parse(&Kind::Date, b"2021-08").is_none());
    }

    #[test]
    fn integers_enums_and_sets() {
        assert_eq!(
            parse(&Kind::Int, b"18446744073709551615"),
            Some(Value::Int(-1))
        );
        assert_eq!(parse(&Kind::Int, b"-128"), Some(Value::Int(-128)));
        let members = vec!["a".to_string(), "b".into(), "c".into(), "d".into()];
        assert_eq!(
            parse(&Kind::Set(members.clone()), b"a,c"),
            Some(Value::Set(0b101))
        );
        assert_eq!(
            parse(&Kind::Enum(members.clone()), b"c"),
            Some(Value::Enum(3))
        );
        assert_eq!(parse(&Kind::Enum(members), b""), Some(Value::Enum(0)));
    }
}
