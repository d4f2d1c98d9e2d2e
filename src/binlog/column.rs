//! Column value decoding: one column of a row image, bytes in, [`Value`] out.
//!
//! Owns the storage formats of every column type in row images (MySQL `sql/field.cc`
//! `Field_*::pack`, `log_event.cc` `log_event_print_value`, `sql-common/my_time.cc`
//! for the 5.6 temporal formats). Values borrow from the event; nothing is allocated.

use super::cursor::{Cursor, be_uint, le_uint};
use super::error::BinlogError;
use super::table_map::ColumnLayout;
use super::value::{Date, DateTime, PackedDecimal, Time, Value};

/// `TIMEF_INT_OFS`: the bias of the 3-byte integer part of TIME2.
const TIMEF_INT_OFS: i64 = 0x80_0000;
/// `TIMEF_OFS`: the bias of TIME2 with 5-6 fractional digits read as 6 bytes.
const TIMEF_OFS: i64 = 0x8000_0000_0000;
/// `DATETIMEF_INT_OFS`: the bias of the 5-byte integer part of DATETIME2.
const DATETIMEF_INT_OFS: i64 = 0x80_0000_0000;

/// Decodes one non-NULL value laid out as `layout`.
#[inline]
pub(crate) fn decode_value<'a>(
    layout: ColumnLayout,
    c: &mut Cursor<'a>,
) -> Result<Value<'a>, BinlogError> {
    Ok(match layout {
        ColumnLayout::Int(n) => {
            let raw = c.uint_n(usize::from(n), "integer")?;
            let shift = 64 - u32::from(n) * 8;
            Value::Int(((raw << shift) as i64) >> shift)
        }
        ColumnLayout::Float => Value::Float(f32::from_le_bytes(c.array("FLOAT")?)),
        ColumnLayout::Double => Value::Double(f64::from_le_bytes(c.array("DOUBLE")?)),
        ColumnLayout::Decimal {
            precision,
            scale,
            size,
        } => Value::Decimal(PackedDecimal {
            bytes: c.take(usize::from(size), "DECIMAL")?,
            precision,
            scale,
        }),
        ColumnLayout::Year => {
            let y = c.u8("YEAR")?;
            Value::Year(if y == 0 { 0 } else { 1900 + u16::from(y) })
        }
        ColumnLayout::Date => Value::Date(date_from_packed(c.uint_n(3, "DATE")? as u32)),
        ColumnLayout::Time => Value::Time(old_time(c)?),
        ColumnLayout::Time2(fsp) => Value::Time(time2(c, fsp)?),
        ColumnLayout::DateTime => Value::DateTime(old_datetime(c.u64("DATETIME")?)),
        ColumnLayout::DateTime2(fsp) => Value::DateTime(datetime2(c, fsp)?),
        ColumnLayout::Timestamp => Value::Timestamp {
            seconds: c.u32("TIMESTAMP")?,
            micros: 0,
        },
        ColumnLayout::Timestamp2(fsp) => {
            let seconds = be_uint(c.take(4, "TIMESTAMP2 seconds")?) as u32;
            let micros = fraction_micros(c, fsp)?;
            Value::Timestamp { seconds, micros }
        }
        ColumnLayout::Bit(n) => Value::Bit(c.take(usize::from(n), "BIT")?),
        ColumnLayout::VarString(len_bytes) => {
            let len = c.uint_n(usize::from(len_bytes), "string length")?;
            Value::Bytes(c.take(len as usize, "string")?)
        }
        ColumnLayout::Enum(n) => Value::Enum(c.uint_n(usize::from(n), "ENUM")? as u16),
        ColumnLayout::Set(n) => Value::Set(c.uint_n(usize::from(n), "SET")?),
        ColumnLayout::Blob(len_bytes) => Value::Bytes(length_prefixed(c, len_bytes, "BLOB")?),
        ColumnLayout::Json(len_bytes) => Value::Json(length_prefixed(c, len_bytes, "JSON")?),
        ColumnLayout::Geometry(len_bytes) => {
            Value::Geometry(length_prefixed(c, len_bytes, "GEOMETRY")?)
        }
        ColumnLayout::Unsupported => {
            return Err(BinlogError::Invalid {
                what: "column layout (unsupported type)",
                found: 0,
            });
        }
    })
}

#[inline]
pub(crate) fn length_prefixed<'a>(
    c: &mut Cursor<'a>,
    len_bytes: u8,
    what: &'static str,
) -> Result<&'a [u8], BinlogError> {
    let len = le_uint(c.take(usize::from(len_bytes), what)?);
    c.take(usize::try_from(len).unwrap_or(usize::MAX), what)
}

/// DATE: 3 bytes, `year << 9 | month << 5 | day`.
fn date_from_packed(v: u32) -> Date {
    Date {
        year: (v >> 9) as u16,
        month: ((v >> 5) & 0xf) as u8,
        day: (v & 0x1f) as u8,
    }
}

/// Old TIME: 3-byte signed little-endian `HHMMSS` as a decimal number.
fn old_time(c: &mut Cursor<'_>) -> Result<Time, BinlogError> {
    let raw = c.uint_n(3, "TIME")?;
    let v = ((raw << 40) as i64) >> 40;
    let a = v.unsigned_abs();
    Ok(Time {
        negative: v < 0,
        hours: (a / 10000) as u16,
        minutes: (a / 100 % 100) as u8,
        seconds: (a % 100) as u8,
        micros: 0,
    })
}

/// Old DATETIME: 8-byte little-endian `YYYYMMDDhhmmss` as a decimal number.
fn old_datetime(v: u64) -> DateTime {
    let d = v / 1_000_000;
    let t = v % 1_000_000;
    DateTime {
        date: Date {
            year: (d / 10000) as u16,
            month: (d / 100 % 100) as u8,
            day: (d % 100) as u8,
        },
        hour: (t / 10000) as u8,
        minute: (t / 100 % 100) as u8,
        second: (t % 100) as u8,
        micros: 0,
    }
}

/// The fractional part of DATETIME2/TIMESTAMP2: `(fsp + 1) / 2` big-endian bytes
/// holding the fraction in units of 10^-(2·bytes) seconds.
#[inline]
fn fraction_micros(c: &mut Cursor<'_>, fsp: u8) -> Result<u32, BinlogError> {
    Ok(match fsp {
        0 => 0,
        1 | 2 => u32::from(c.u8("fractional seconds")?) * 10_000,
        3 | 4 => be_uint(c.take(2, "fractional seconds")?) as u32 * 100,
        _ => be_uint(c.take(3, "fractional seconds")?) as u32,
    })
}

/// DATETIME2 (`my_datetime_packed_from_binary`): 5 big-endian bytes biased by
/// `DATETIMEF_INT_OFS` holding `((year*13+month) << 5 | day) << 17 | hh << 12 | mm << 6 | ss`,
/// then the fraction.
fn datetime2(c: &mut Cursor<'_>, fsp: u8) -> Result<DateTime, BinlogError> {
    let int_part = be_uint(c.take(5, "DATETIME2")?) as i64 - DATETIMEF_INT_OFS;
    let micros = fraction_micros(c, fsp)?;
    let v = int_part.unsigned_abs();
    let ymd = v >> 17;
    let ym = ymd >> 5;
    let hms = v & 0x1ffff;
    Ok(DateTime {
        date: Date {
            year: (ym / 13) as u16,
            month: (ym % 13) as u8,
            day: (ymd & 0x1f) as u8,
        },
        hour: (hms >> 12) as u8,
        minute: ((hms >> 6) & 0x3f) as u8,
        second: (hms & 0x3f) as u8,
        micros,
    })
}

/// TIME2 (`my_time_packed_from_binary`): a packed `hh << 12 | mm << 6 | ss` shifted by
/// 24 bits with the microseconds below, stored biased and big-endian. Negative values
/// with a fraction borrow one second from the integer part.
fn time2(c: &mut Cursor<'_>, fsp: u8) -> Result<Time, BinlogError> {
    let packed: i64 = match fsp {
        0 => (be_uint(c.take(3, "TIME2")?) as i64 - TIMEF_INT_OFS) << 24,
        1..=4 => {
            let mut int_part = be_uint(c.take(3, "TIME2")?) as i64 - TIMEF_INT_OFS;
            let (frac_bytes, unit) = if fsp <= 2 { (1, 10_000) } else { (2, 100) };
            let mut frac = be_uint(c.take(frac_bytes, "TIME2 fraction")?) as i64;
            if int_part < 0 && frac != 0 {
                int_part += 1;
                frac -= 1 << (8 * frac_bytes);
            }
            (int_part << 24) + frac * unit
        }
        _ => be_uint(c.take(6, "TIME2")?) as i64 - TIMEF_OFS,
    };
    let a = packed.unsigned_abs();
    let hms = a >> 24;
    Ok(Time {
        negative: packed < 0,
        hours: ((hms >> 12) & 0x3ff) as u16,
        minutes: ((hms >> 6) & 0x3f) as u8,
        seconds: (hms & 0x3f) as u8,
        micros: (a & 0xff_ffff) as u32,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(layout: ColumnLayout, bytes: &[u8]) -> Value<'_> {
        let mut c = Cursor::new(bytes);
        let v = decode_value(layout, &mut c).unwrap();
        assert_eq!(c.remaining(), 0);
        v
    }

    #[test]
    fn integers_sign_extend() {
        assert_eq!(one(ColumnLayout::Int(1), &[0x80]), Value::Int(-128));
        assert_eq!(
            one(ColumnLayout::Int(3), &[0x00, 0x00, 0x80]),
            Value::Int(-8388608)
        );
        assert_eq!(
            one(ColumnLayout::Int(3), &[0xff, 0xff, 0xff]),
            Value::Int(-1)
        );
    }

    /// MySQL `my_time.h` documents TIME2 with no fraction as `TIMEF_INT_OFS` +
    /// packed hms: 00:00:00 is 0x800000.
    #[test]
    fn time2_zero_and_negative() {
        let zero = one(ColumnLayout::Time2(0), &[0x80, 0x00, 0x00]);
        assert_eq!(
            zero,
            Value::Time(Time {
                negative: false,
                hours: 0,
                minutes: 0,
                seconds: 0,
                micros: 0
            })
        );
        // -00:00:01.5 with fsp 1, written as `my_time_packed_to_binary` does: the
        // integer part is the floor (-2) and the byte holds the truncated remainder
        // (-50 as a signed byte).
        let packed = (0x80_0000i64 - 2) as u32;
        let b = packed.to_be_bytes();
        let bytes = [b[1], b[2], b[3], (256 - 50) as u8];
        let v = one(ColumnLayout::Time2(1), &bytes);
        assert_eq!(
            v,
            Value::Time(Time {
                negative: true,
                hours: 0,
                minutes: 0,
                seconds: 1,
                micros: 500_000
            })
        );
    }
}
