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
///
/// A null in an optional field that has a default is written as the default: the
/// converter reads fields with Kafka Connect's `Struct.get`, which returns the schema
/// default for a null value (AvroConverter 7.0.16 probe: a null `int32` field with
/// default 5 was written as branch 0, value 5).
pub fn write_field(
    out: &mut Vec<u8>,
    schema: &ConnectSchema,
    datum: &Datum<'_>,
    field: &str,
) -> Result<(), AvroError> {
    let mut json_text = None;
    let is_null = match datum {
        Datum::Null => true,
        Datum::JsonBinary { bytes, optional } => {
            // BinlogValueConverters.convertJson: an unreadable document is null in a
            // nullable column and "{}" in a NOT NULL one.
            let mut text = Vec::new();
            let rendered = render_json_binary(bytes, &mut text).is_ok();
            if rendered {
                json_text = Some(String::from_utf8_lossy(&text).into_owned());
            } else if !*optional {
                json_text = Some("{}".to_owned());
            }
            json_text.is_none()
        }
        _ => false,
    };
    if is_null {
        return match (&schema.default, schema.optional) {
            (Some(default), _) => {
                if schema.optional {
                    write_branch(out, schema, false);
                }
                write_owned(out, default);
                Ok(())
            }
            (None, true) => {
                write_branch(out, schema, true);
                Ok(())
            }
            (None, false) => Err(AvroError::NullForRequired {
                field: field.to_owned(),
            }),
        };
    }
    if schema.optional {
        write_branch(out, schema, false);
    }
    match json_text {
        Some(text) => {
            write_string(out, &text);
            Ok(())
        }
        None => write_datum(out, datum, field),
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
        Datum::IsoDate { days } => {
            let mut text = Vec::with_capacity(16);
            crate::envelope::write_iso_date(&mut text, *days);
            write_bytes(out, &text);
        }
        Datum::IsoTime { micros_of_day } => {
            let mut text = Vec::with_capacity(24);
            crate::envelope::write_iso_time(&mut text, *micros_of_day);
            write_bytes(out, &text);
        }
        Datum::FixedBinText { bytes, kind } => {
            let mut text = Vec::with_capacity(48);
            kind.write_text(bytes, &mut text);
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
        // A null with a default is the default (branch 0, 5), as Struct.get reads it.
        assert_eq!(out, [0, 2, 2, 0, 10, 0, 2]);
        let required = ConnectSchema::of(ConnectType::Int32);
        assert!(write_field(&mut out, &required, &Datum::Null, "f").is_err());
    }

    /// Datums the oracle scenarios do not reach, written with the schema text of
    /// `avro_schema_json` and read back by the apache-avro crate (an independent
    /// decoder): schema and bytes must agree, field by field.
    #[test]
    fn every_datum_kind_reads_back_with_apache_avro() {
        use crate::envelope::{BinaryTextEncoding, ConnectType as T};
        use apache_avro::types::Value as V;
        let members = vec!["a".to_owned(), "b".to_owned(), "c".to_owned()];
        let mut with_default = ConnectSchema::of(T::Int32).optional();
        with_default.default = Some(OwnedDatum::Int(5));
        let mut dec_default =
            ConnectSchema::logical(T::Bytes, "org.apache.kafka.connect.data.Decimal")
                .param("scale", "2")
                .param("connect.decimal.precision", "6");
        dec_default.default = Some(OwnedDatum::Decimal(DecimalValue::Small(150)));
        let fields: Vec<(&str, ConnectSchema, Datum<'_>, V)> = vec![
            (
                "dec_str",
                ConnectSchema::of(T::String),
                Datum::DecimalString {
                    unscaled: DecimalValue::Small(-1234),
                    scale: 2,
                },
                V::String("-12.34".into()),
            ),
            (
                "hex",
                ConnectSchema::of(T::String),
                Datum::BinaryText {
                    bytes: b"\x01\xab",
                    pad_to: 3,
                    encoding: BinaryTextEncoding::Hex,
                },
                V::String("01ab00".into()),
            ),
            (
                "b64",
                ConnectSchema::of(T::String).optional(),
                Datum::BinaryText {
                    bytes: b"hi",
                    pad_to: 0,
                    encoding: BinaryTextEncoding::Base64,
                },
                V::Union(1, Box::new(V::String("aGk=".into()))),
            ),
            (
                "vector",
                ConnectSchema {
                    items: Some(Box::new(ConnectSchema::of(T::Float32))),
                    ..ConnectSchema::logical(T::Array, "io.debezium.data.FloatVector")
                },
                Datum::FloatVector(&[0, 0, 0x80, 0x3f, 0, 0, 0, 0xc0]),
                V::Array(vec![V::Float(1.0), V::Float(-2.0)]),
            ),
            (
                "empty_vector",
                ConnectSchema {
                    items: Some(Box::new(ConnectSchema::of(T::Float32))),
                    ..ConnectSchema::of(T::Array)
                },
                Datum::FloatVector(&[]),
                V::Array(vec![]),
            ),
            (
                "set",
                ConnectSchema::of(T::String),
                Datum::SetMembers {
                    bits: 0b101,
                    members: &members,
                },
                V::String("a,c".into()),
            ),
            (
                "default_null",
                with_default.clone(),
                Datum::Null,
                V::Union(0, Box::new(V::Int(5))),
            ),
            (
                "default_value",
                with_default,
                Datum::Int(7),
                V::Union(0, Box::new(V::Int(7))),
            ),
            (
                "dec_default",
                dec_default,
                Datum::Owned(&OwnedDatum::Decimal(DecimalValue::Small(150))),
                V::Decimal(apache_avro::Decimal::from(vec![0x00, 0x96])),
            ),
            (
                "padded",
                ConnectSchema::of(T::Bytes),
                Datum::Bytes {
                    bytes: b"ab",
                    pad_to: 4,
                },
                V::Bytes(b"ab\0\0".to_vec()),
            ),
            (
                "bits",
                ConnectSchema::logical(T::Bytes, "io.debezium.data.Bits").param("length", "13"),
                Datum::BitsLittleEndian {
                    big_endian: &[0x12, 0x34],
                    len: 2,
                },
                V::Bytes(vec![0x34, 0x12]),
            ),
            (
                "latin1",
                ConnectSchema::of(T::String),
                Datum::Text {
                    bytes: b"caf\xe9 \x80",
                    charset: Charset::Latin1Cp1252,
                },
                V::String("café €".into()),
            ),
            (
                "tiny",
                ConnectSchema::of(T::Int8),
                Datum::Int(-3),
                V::Int(-3),
            ),
            (
                "big",
                ConnectSchema::of(T::Int64),
                Datum::Int(i64::MIN),
                V::Long(i64::MIN),
            ),
            (
                "float",
                ConnectSchema::of(T::Float32),
                Datum::Float32(3.5),
                V::Float(3.5),
            ),
            (
                "double",
                ConnectSchema::of(T::Float64).optional(),
                Datum::Float64(-0.25),
                V::Union(1, Box::new(V::Double(-0.25))),
            ),
            (
                "flag",
                ConnectSchema::of(T::Boolean),
                Datum::Boolean(true),
                V::Boolean(true),
            ),
            (
                "point",
                crate::envelope::ConnectSchema::logical(
                    T::Struct,
                    "io.debezium.data.geometry.Point",
                )
                .field("x", ConnectSchema::of(T::Float64))
                .field("y", ConnectSchema::of(T::Float64))
                .field("wkb", ConnectSchema::of(T::Bytes).optional())
                .field("srid", ConnectSchema::of(T::Int32).optional()),
                Datum::Point {
                    x: 1.5,
                    y: -2.0,
                    wkb: b"\x01",
                    srid: Some(4326),
                },
                V::Record(vec![
                    ("x".into(), V::Double(1.5)),
                    ("y".into(), V::Double(-2.0)),
                    ("wkb".into(), V::Union(1, Box::new(V::Bytes(vec![1])))),
                    ("srid".into(), V::Union(1, Box::new(V::Int(4326)))),
                ]),
            ),
            (
                "json_bad",
                ConnectSchema::logical(T::String, "io.debezium.data.Json").optional(),
                Datum::JsonBinary {
                    bytes: &[0xff, 0xff],
                    optional: true,
                },
                V::Union(0, Box::new(V::Null)),
            ),
            (
                "json_bad_required",
                ConnectSchema::logical(T::String, "io.debezium.data.Json"),
                Datum::JsonBinary {
                    bytes: &[0xff, 0xff],
                    optional: false,
                },
                V::String("{}".into()),
            ),
        ];
        let mut record = ConnectSchema::of(T::Struct);
        record.name = Some("t.Value".into());
        let mut out = Vec::new();
        let mut expected = Vec::new();
        for (name, schema, datum, value) in fields {
            assert!(
                write_field(&mut out, &schema, &datum, name).is_ok(),
                "{name}"
            );
            record = record.field(name, schema);
            expected.push((name.to_owned(), value));
        }
        let text = super::super::avro_schema_json(&record, Default::default()).unwrap_or_default();
        let schema =
            apache_avro::Schema::parse_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
        let decoded = apache_avro::reader::datum::GenericDatumReader::builder(&schema)
            .build()
            .and_then(|r| r.read_value(&mut out.as_slice()));
        match decoded {
            Ok(V::Record(actual)) => {
                for (a, e) in actual.iter().zip(&expected) {
                    assert_eq!(a, e);
                }
                assert_eq!(actual.len(), expected.len());
            }
            other => panic!("{other:?}"),
        }
    }
}
