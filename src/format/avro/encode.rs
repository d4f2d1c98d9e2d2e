//! Avro binary encoding (Avro 1.11 specification, "Binary Encoding") of Connect values
//! as Confluent's `AvroData.fromConnectData` hands them to Avro's `GenericDatumWriter`:
//! ints and longs as zig-zag varints, floats and doubles little-endian, strings and
//! bytes length-prefixed, a union as its branch index then the value, an array as one
//! block of `n` items then 0 (an empty array is a single 0).
//!
//! Appends to the caller's buffer; the only allocations are for text that must be
//! decoded from a column charset or rendered (JSON, timestamps) before its length is
//! known. Must not decide schemas: the union branch order follows `schema`.

use crate::envelope::{
    Charset, ConnectSchema, Datum, DecimalValue, OwnedDatum, render_json_binary,
    write_zoned_timestamp,
};

use super::AvroError;
use super::schema::binary_text;

/// A zig-zag varint (`int` and `long` encode the same way).
pub fn write_long(out: &mut Vec<u8>, v: i64) {
    let mut n = ((v << 1) ^ (v >> 63)) as u64;
    while n >= 0x80 {
        out.push((n as u8 & 0x7F) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// Length-prefixed bytes.
pub fn write_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    write_long(out, bytes.len() as i64);
    out.extend_from_slice(bytes);
}

/// A length-prefixed UTF-8 string.
pub fn write_string(out: &mut Vec<u8>, s: &str) {
    write_bytes(out, s.as_bytes());
}

/// A boolean.
pub fn write_bool(out: &mut Vec<u8>, b: bool) {
    out.push(u8::from(b));
}

/// The union branch of an optional value: `["null", T]` without a default, `[T,
/// "null"]` with one (`schema::avro_schema_json`).
pub fn write_branch(out: &mut Vec<u8>, schema: &ConnectSchema, is_null: bool) {
    let null_first = schema.default.is_none();
    write_long(out, i64::from(is_null != null_first));
}

/// An optional string field without default (`["null","string"]`).
pub fn write_opt_string(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        None => write_long(out, 0),
        Some(s) => {
            write_long(out, 1);
            write_string(out, s);
        }
    }
}

/// An optional long field without default (`["null","long"]`).
pub fn write_opt_long(out: &mut Vec<u8>, v: Option<i64>) {
    match v {
        None => write_long(out, 0),
        Some(v) => {
            write_long(out, 1);
            write_long(out, v);
        }
    }
}

/// One field: its union branch when optional, then the value. `field` names it in
/// errors.
pub fn write_field(
    out: &mut Vec<u8>,
    schema: &ConnectSchema,
    datum: &Datum<'_>,
    field: &str,
) -> Result<(), AvroError> {
    let is_null = is_null(datum);
    if schema.optional {
        write_branch(out, schema, is_null);
        if is_null {
            return Ok(());
        }
    } else if is_null {
        return Err(AvroError::NullForRequired {
            field: field.to_owned(),
        });
    }
    write_datum(out, datum, field)
}

fn is_null(datum: &Datum<'_>) -> bool {
    match datum {
        Datum::Null => true,
        Datum::JsonBinary { bytes, optional } => {
            // An unreadable document becomes null in a nullable column (see write_datum).
            *optional && render_json_binary(bytes, &mut Vec::new()).is_err()
        }
        _ => false,
    }
}

fn write_datum(out: &mut Vec<u8>, datum: &Datum<'_>, field: &str) -> Result<(), AvroError> {
    match datum {
        Datum::Null => {
            return Err(AvroError::NullForRequired {
                field: field.to_owned(),
            });
        }
        Datum::Boolean(b) => write_bool(out, *b),
        Datum::Int(v) => write_long(out, *v),
        Datum::Float32(v) => out.extend_from_slice(&v.to_le_bytes()),
        Datum::Float64(v) => out.extend_from_slice(&v.to_le_bytes()),
        Datum::Str(s) => write_string(out, s),
        Datum::Text { bytes, charset } => write_string(out, &decode_text(bytes, *charset)),
        Datum::Bytes { bytes, pad_to } => write_padded(out, bytes, *pad_to),
        Datum::BinaryText {
            bytes,
            pad_to,
            encoding,
        } => {
            let mut padded = bytes.to_vec();
            if padded.len() < *pad_to {
                padded.resize(*pad_to, 0);
            }
            write_string(out, &binary_text(&padded, *encoding));
        }
        Datum::BitsLittleEndian { big_endian, len } => {
            let mut le = [0u8; 8];
            for (dst, src) in le.iter_mut().zip(big_endian.iter().rev()) {
                *dst = *src;
            }
            write_bytes(out, le.get(..(*len).min(le.len())).unwrap_or_default());
        }
        Datum::Decimal(d) => write_decimal(out, d),
        Datum::DecimalString { unscaled, scale } => {
            write_string(out, &unscaled.to_plain_string(*scale))
        }
        Datum::ZonedTimestamp {
            epoch_seconds,
            nanos,
            fraction_digits,
        } => {
            let mut text = Vec::with_capacity(32);
            write_zoned_timestamp(&mut text, *epoch_seconds, *nanos, *fraction_digits);
            write_bytes(out, &text);
        }
        Datum::SetMembers { bits, members } => {
            let mut text = String::new();
            for (index, member) in members.iter().enumerate().take(64) {
                if bits >> index & 1 == 0 {
                    continue;
                }
                if !text.is_empty() {
                    text.push(',');
                }
                text.push_str(member);
            }
            write_string(out, &text);
        }
        Datum::Geometry { wkb, srid } => write_geometry(out, None, wkb, *srid),
        Datum::Point { x, y, wkb, srid } => write_geometry(out, Some((*x, *y)), wkb, *srid),
        Datum::FloatVector(bytes) => {
            let n = bytes.len() / 4;
            if n > 0 {
                write_long(out, n as i64);
                for quad in bytes.chunks_exact(4) {
                    out.extend_from_slice(quad);
                }
            }
            write_long(out, 0);
        }
        Datum::JsonBinary { bytes, .. } => {
            let mut text = Vec::new();
            match render_json_binary(bytes, &mut text) {
                Ok(()) => write_string(out, &String::from_utf8_lossy(&text)),
                // BinlogValueConverters.convertJson: "{}" in a NOT NULL column.
                Err(_) => write_string(out, "{}"),
            }
        }
        Datum::Owned(o) => write_owned(out, o),
    }
    Ok(())
}

fn write_padded(out: &mut Vec<u8>, bytes: &[u8], pad_to: usize) {
    let len = bytes.len().max(pad_to);
    write_long(out, len as i64);
    out.extend_from_slice(bytes);
    out.resize(out.len() + (len - bytes.len()), 0);
}

fn write_decimal(out: &mut Vec<u8>, d: &DecimalValue) {
    let mut buf = [0u8; 32];
    write_bytes(out, d.write_twos_complement(&mut buf));
}

/// `io.debezium.data.geometry.Geometry` (`wkb` bytes, `srid` optional int) or `Point`
/// (`x`, `y` doubles, `wkb` optional bytes, `srid` optional int).
fn write_geometry(out: &mut Vec<u8>, point: Option<(f64, f64)>, wkb: &[u8], srid: Option<i32>) {
    if let Some((x, y)) = point {
        out.extend_from_slice(&x.to_le_bytes());
        out.extend_from_slice(&y.to_le_bytes());
        write_long(out, 1);
    }
    write_bytes(out, wkb);
    match srid {
        Some(s) => {
            write_long(out, 1);
            write_long(out, i64::from(s));
        }
        None => write_long(out, 0),
    }
}

fn write_owned(out: &mut Vec<u8>, value: &OwnedDatum) {
    match value {
        OwnedDatum::Boolean(b) => write_bool(out, *b),
        OwnedDatum::Int(v) => write_long(out, *v),
        OwnedDatum::Float32(v) => out.extend_from_slice(&v.to_le_bytes()),
        OwnedDatum::Float64(v) => out.extend_from_slice(&v.to_le_bytes()),
        OwnedDatum::String(s) => write_string(out, s),
        OwnedDatum::Bytes(b) => write_bytes(out, b),
        OwnedDatum::BinaryText(b, encoding) => write_string(out, &binary_text(b, *encoding)),
        OwnedDatum::Decimal(d) => write_decimal(out, d),
        OwnedDatum::Geometry { wkb, srid } => write_geometry(out, None, wkb, *srid),
        OwnedDatum::FloatVector(values) => {
            if !values.is_empty() {
                write_long(out, values.len() as i64);
                for v in values {
                    out.extend_from_slice(&v.to_le_bytes());
                }
            }
            write_long(out, 0);
        }
    }
}

/// Java's `new String(bytes, charset)` (malformed input becomes U+FFFD).
fn decode_text(bytes: &[u8], charset: Charset) -> std::borrow::Cow<'_, str> {
    match charset {
        Charset::Utf8 => String::from_utf8_lossy(bytes),
        Charset::Latin1Cp1252 => bytes
            .iter()
            .map(|&b| crate::format::json::cp1252_char(b))
            .collect::<String>()
            .into(),
        Charset::Ascii => bytes
            .iter()
            .map(|&b| if b < 0x80 { char::from(b) } else { '\u{FFFD}' })
            .collect::<String>()
            .into(),
        Charset::Utf16Be | Charset::Utf16Le => {
            let little = charset == Charset::Utf16Le;
            let units = bytes.chunks(2).map(|pair| match pair {
                [a, b] if little => u16::from_le_bytes([*a, *b]),
                [a, b] => u16::from_be_bytes([*a, *b]),
                _ => 0xFFFD,
            });
            char::decode_utf16(units)
                .map(|c| c.unwrap_or('\u{FFFD}'))
                .collect::<String>()
                .into()
        }
        Charset::Utf32Be => bytes
            .chunks(4)
            .map(|quad| {
                <[u8; 4]>::try_from(quad)
                    .ok()
                    .and_then(|q| char::from_u32(u32::from_be_bytes(q)))
                    .unwrap_or('\u{FFFD}')
            })
            .collect::<String>()
            .into(),
        Charset::Other(encoding) => encoding.decode_without_bom_handling(bytes).0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn long(v: i64) -> Vec<u8> {
        let mut out = Vec::new();
        write_long(&mut out, v);
        out
    }

    #[test]
    fn longs_are_zigzag_varints() {
        // Avro specification, "Binary Encoding": 0→00, -1→01, 1→02, -2→03, 2→04, -64→7f, 64→80 01.
        assert_eq!(long(0), [0x00]);
        assert_eq!(long(-1), [0x01]);
        assert_eq!(long(1), [0x02]);
        assert_eq!(long(-2), [0x03]);
        assert_eq!(long(2), [0x04]);
        assert_eq!(long(-64), [0x7f]);
        assert_eq!(long(64), [0x80, 0x01]);
        assert_eq!(long(i64::MIN).len(), 10);
    }

    #[test]
    fn optional_fields_follow_the_union_order() {
        use crate::envelope::ConnectType;
        let plain = ConnectSchema::of(ConnectType::Int32).optional();
        let mut with_default = plain.clone();
        with_default.default = Some(OwnedDatum::Int(5));
        let mut out = Vec::new();
        assert!(write_field(&mut out, &plain, &Datum::Null, "f").is_ok());
        assert!(write_field(&mut out, &plain, &Datum::Int(1), "f").is_ok());
        assert!(write_field(&mut out, &with_default, &Datum::Null, "f").is_ok());
        assert!(write_field(&mut out, &with_default, &Datum::Int(1), "f").is_ok());
        assert_eq!(out, [0, 2, 2, 2, 0, 2]);
        let required = ConnectSchema::of(ConnectType::Int32);
        assert!(write_field(&mut out, &required, &Datum::Null, "f").is_err());
    }
}
