//! JSON text as Kafka's `JsonConverter` writes it through Jackson: string escaping,
//! Java's number formatting, base64 bytes, Connect schemas, and logical values.
//!
//! Everything appends to a caller's `Vec<u8>` and allocates nothing per value.

use base64::Engine as _;

use crate::envelope::{
    BinaryTextEncoding, Charset, ConnectSchema, Datum, DecimalValue, OwnedDatum,
    render_json_binary, write_iso_date, write_iso_time, write_java_double, write_java_float,
    write_zoned_timestamp,
};

const HEX_UPPER: &[u8; 16] = b"0123456789ABCDEF";
const HEX_LOWER: &[u8; 16] = b"0123456789abcdef";

/// Appends a JSON string of valid UTF-8 `s`, escaped as Jackson's `UTF8JsonGenerator`
/// does: `\"`, `\\`, `\b \t \n \f \r`, other control characters as `\u00XX`, and every
/// character outside the BMP as its two surrogates `\uXXXX\uXXXX` (upper-case hex);
/// all other characters stay raw UTF-8.
pub fn write_str(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    write_str_body(out, s);
    out.push(b'"');
}

fn write_str_body(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    // Most strings (field names, identifiers, short values) need no escaping: one
    // pass without early exits and one copy.
    if !needs_escape(bytes) {
        out.extend_from_slice(bytes);
        return;
    }
    let mut run_start = 0;
    let mut i = 0;
    loop {
        // Skip 8 bytes at a time while none of them needs escaping.
        while let Some(chunk) = bytes.get(i..i + 8) {
            let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
            if chunk_needs_escape(word) {
                break;
            }
            i += 8;
        }
        // Then look at the next bytes one by one.
        let window_end = (i + 8).min(bytes.len());
        if i >= window_end {
            break;
        }
        while i < window_end {
            let Some(&b) = bytes.get(i) else { break };
            if b >= 0x20 && b != b'"' && b != b'\\' && b < 0xF0 {
                i += 1;
                continue;
            }
            out.extend_from_slice(bytes.get(run_start..i).unwrap_or_default());
            if b >= 0xF0 {
                // A 4-byte sequence: a supplementary character.
                let c = s
                    .get(i..)
                    .and_then(|rest| rest.chars().next())
                    .unwrap_or('\u{FFFD}');
                write_escaped_char(out, c);
                i += c.len_utf8();
            } else {
                write_escaped_ascii(out, b);
                i += 1;
            }
            run_start = i;
        }
    }
    out.extend_from_slice(bytes.get(run_start..).unwrap_or_default());
}

/// True when one of the 8 bytes of `word` is a control character, '"', '\\' or the
/// lead byte of a 4-byte UTF-8 sequence (the classic "has a zero byte" bit trick).
/// Bytes the string writer does not copy as they are: controls, `"`, `\\`, and the
/// lead bytes of 4-byte UTF-8 sequences (written as surrogate-pair escapes).
static ESCAPED_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = b < 0x20 || b == b'"' as usize || b == b'\\' as usize || b >= 0xF0;
        b += 1;
    }
    table
};

/// Whether any byte of `bytes` needs escaping: 8 bytes at a time, then the rest.
fn needs_escape(bytes: &[u8]) -> bool {
    let mut chunks = bytes.chunks_exact(8);
    let mut any = false;
    for chunk in &mut chunks {
        any |= chunk_needs_escape(u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8])));
    }
    for &b in chunks.remainder() {
        any |= ESCAPED_BYTES[usize::from(b)];
    }
    any
}

fn chunk_needs_escape(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let has_zero_byte = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS != 0;
    let below_space = word.wrapping_sub(ONES * 0x20) & !word & HIGHS != 0;
    below_space
        || has_zero_byte(word ^ (ONES * u64::from(b'"')))
        || has_zero_byte(word ^ (ONES * u64::from(b'\\')))
        || has_zero_byte((word & (ONES * 0xF0)) ^ (ONES * 0xF0))
}

fn write_escaped_ascii(out: &mut Vec<u8>, b: u8) {
    match b {
        b'"' => out.extend_from_slice(b"\\\""),
        b'\\' => out.extend_from_slice(b"\\\\"),
        0x08 => out.extend_from_slice(b"\\b"),
        0x09 => out.extend_from_slice(b"\\t"),
        0x0A => out.extend_from_slice(b"\\n"),
        0x0C => out.extend_from_slice(b"\\f"),
        0x0D => out.extend_from_slice(b"\\r"),
        _ => write_unicode_escape(out, u16::from(b)),
    }
}

fn write_unicode_escape(out: &mut Vec<u8>, unit: u16) {
    out.extend_from_slice(b"\\u");
    for shift in [12, 8, 4, 0] {
        out.push(HEX_UPPER[usize::from((unit >> shift) & 0xF)]);
    }
}

/// Appends one character with Jackson's escaping.
fn write_escaped_char(out: &mut Vec<u8>, c: char) {
    let code = u32::from(c);
    if code < 0x80 {
        let b = code as u8;
        if b >= 0x20 && b != b'"' && b != b'\\' {
            out.push(b);
        } else {
            write_escaped_ascii(out, b);
        }
    } else if code >= 0x1_0000 {
        let mut units = [0u16; 2];
        for unit in c.encode_utf16(&mut units) {
            write_unicode_escape(out, *unit);
        }
    } else {
        let mut buf = [0u8; 4];
        out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
    }
}

/// Appends a JSON string of `bytes` decoded from `charset` as Java's `new String(bytes,
/// charset)` does (malformed input becomes U+FFFD).
pub fn write_text(out: &mut Vec<u8>, bytes: &[u8], charset: Charset) {
    out.push(b'"');
    match charset {
        Charset::Utf8 => {
            for chunk in bytes.utf8_chunks() {
                write_str_body(out, chunk.valid());
                if !chunk.invalid().is_empty() {
                    write_escaped_char(out, '\u{FFFD}');
                }
            }
        }
        Charset::Latin1Cp1252 => write_single_byte_text(out, bytes, cp1252_char),
        Charset::Ascii => write_single_byte_text(out, bytes, |_| '\u{FFFD}'),
        Charset::Utf16Be | Charset::Utf16Le => {
            let little = charset == Charset::Utf16Le;
            let units = bytes.chunks(2).map(|pair| match pair {
                [a, b] if little => u16::from_le_bytes([*a, *b]),
                [a, b] => u16::from_be_bytes([*a, *b]),
                _ => 0xFFFD,
            });
            for c in char::decode_utf16(units) {
                write_escaped_char(out, c.unwrap_or('\u{FFFD}'));
            }
        }
        Charset::Other(encoding) => {
            let (text, _) = encoding.decode_without_bom_handling(bytes);
            write_str_body(out, &text);
        }
        Charset::Utf32Be => {
            for quad in bytes.chunks(4) {
                let c = <[u8; 4]>::try_from(quad)
                    .ok()
                    .and_then(|q| char::from_u32(u32::from_be_bytes(q)))
                    .unwrap_or('\u{FFFD}');
                write_escaped_char(out, c);
            }
        }
    }
    out.push(b'"');
}

/// Text in a single-byte charset whose bytes below 0x80 are ASCII: ASCII runs go
/// through the fast UTF-8 path, each other byte through `high` (its character).
fn write_single_byte_text(out: &mut Vec<u8>, bytes: &[u8], high: impl Fn(u8) -> char) {
    let mut rest = bytes;
    while !rest.is_empty() {
        let ascii_len = rest.iter().position(|b| *b >= 0x80).unwrap_or(rest.len());
        let (ascii, tail) = rest.split_at(ascii_len);
        // Bytes below 0x80 are always valid UTF-8.
        if let Ok(text) = std::str::from_utf8(ascii) {
            write_str_body(out, text);
        }
        match tail.split_first() {
            Some((&b, after)) => {
                write_escaped_char(out, high(b));
                rest = after;
            }
            None => rest = tail,
        }
    }
}

/// Java's `Cp1252` decoder: Windows-1252, with its five unassigned bytes as U+FFFD.
pub(super) fn cp1252_char(b: u8) -> char {
    const HIGH: [u16; 32] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
        0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
    ];
    if (0x80..0xA0).contains(&b) {
        let unit = HIGH.get(usize::from(b - 0x80)).copied().unwrap_or(0xFFFD);
        char::from_u32(u32::from(unit)).unwrap_or('\u{FFFD}')
    } else {
        char::from(b)
    }
}

/// Appends a signed integer.
pub fn write_i64(out: &mut Vec<u8>, v: i64) {
    out.extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
}

/// Appends `ts_ms`, `",\"ts_us\":"`, `ts_us`, `",\"ts_ns\":"`, `ts_ns` for a time in
/// nanoseconds (milliseconds and microseconds rounded down, as `div_euclid`) with one
/// integer formatting: the coarser values are the finer digits cut short.
pub fn write_ts_ms_us_ns(out: &mut Vec<u8>, ns: i64) {
    let mut buffer = itoa::Buffer::new();
    let digits = buffer.format(ns).as_bytes();
    if ns < 1_000_000 {
        // Negative or below a millisecond: cutting digits would be wrong.
        write_i64(out, ns.div_euclid(1_000_000));
        out.extend_from_slice(b",\"ts_us\":");
        write_i64(out, ns.div_euclid(1_000));
        out.extend_from_slice(b",\"ts_ns\":");
        out.extend_from_slice(digits);
        return;
    }
    let len = digits.len();
    out.extend_from_slice(digits.get(..len - 6).unwrap_or(b"0"));
    out.extend_from_slice(b",\"ts_us\":");
    out.extend_from_slice(digits.get(..len - 3).unwrap_or(b"0"));
    out.extend_from_slice(b",\"ts_ns\":");
    out.extend_from_slice(digits);
}

/// Appends `v * 10^zeros` (saturating, as `saturating_mul`) for `zeros` of 3 or 6:
/// the digits of `v` and the zeros, without formatting the product.
pub fn write_i64_times_1000s(out: &mut Vec<u8>, v: i64, zeros: u32) {
    let factor = 10i64.pow(zeros);
    if v <= 0 || v > i64::MAX / factor {
        write_i64(out, v.saturating_mul(factor));
        return;
    }
    out.extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
    out.extend_from_slice(b"000000".get(..zeros as usize).unwrap_or(b"000000"));
}

/// Appends a float64 as Jackson writes it: `Double.toString`, non-finite values quoted.
pub fn write_f64(out: &mut Vec<u8>, v: f64) {
    if !v.is_finite() {
        write_non_finite(out, v.is_nan(), v > 0.0);
        return;
    }
    write_java_double(out, v);
}

/// Appends a float32 as Jackson writes it: `Float.toString`, non-finite values quoted.
pub fn write_f32(out: &mut Vec<u8>, v: f32) {
    if !v.is_finite() {
        write_non_finite(out, v.is_nan(), v > 0.0);
        return;
    }
    write_java_float(out, v);
}

fn write_non_finite(out: &mut Vec<u8>, nan: bool, positive: bool) {
    out.extend_from_slice(match (nan, positive) {
        (true, _) => b"\"NaN\"".as_slice(),
        (false, true) => b"\"Infinity\"".as_slice(),
        (false, false) => b"\"-Infinity\"".as_slice(),
    });
}

/// Appends bytes as a JSON string in standard base64 (Jackson's binary node), padded
/// with 0x00 up to `pad_to` bytes.
pub fn write_base64(out: &mut Vec<u8>, bytes: &[u8], pad_to: usize) {
    write_binary_text(out, bytes, pad_to, BinaryTextEncoding::Base64);
}

fn write_binary_text(out: &mut Vec<u8>, bytes: &[u8], pad_to: usize, encoding: BinaryTextEncoding) {
    out.push(b'"');
    let padding = pad_to.saturating_sub(bytes.len());
    if padding == 0 {
        encode_binary(out, bytes, encoding);
    } else {
        // BINARY(n) is at most 255 bytes.
        let mut padded = [0u8; 256];
        let total = (bytes.len() + padding).min(padded.len());
        if let Some(dst) = padded.get_mut(..bytes.len().min(total)) {
            dst.copy_from_slice(bytes.get(..dst.len()).unwrap_or_default());
        }
        encode_binary(out, padded.get(..total).unwrap_or_default(), encoding);
    }
    out.push(b'"');
}

fn encode_binary(out: &mut Vec<u8>, bytes: &[u8], encoding: BinaryTextEncoding) {
    match encoding {
        BinaryTextEncoding::Base64 => {
            base64_into(out, bytes, &base64::engine::general_purpose::STANDARD)
        }
        BinaryTextEncoding::Base64UrlSafe => {
            base64_into(out, bytes, &base64::engine::general_purpose::URL_SAFE)
        }
        BinaryTextEncoding::Hex => {
            for b in bytes {
                out.push(HEX_LOWER[usize::from(b >> 4)]);
                out.push(HEX_LOWER[usize::from(b & 0xF)]);
            }
        }
    }
}

fn base64_into(out: &mut Vec<u8>, bytes: &[u8], engine: &base64::engine::GeneralPurpose) {
    let start = out.len();
    let encoded_len = bytes.len().div_ceil(3) * 4;
    out.resize(start + encoded_len, 0);
    let written = out
        .get_mut(start..)
        .map_or(0, |dst| engine.encode_slice(bytes, dst).unwrap_or(0));
    out.truncate(start + written);
}

/// Appends one logical value.
pub fn write_datum(out: &mut Vec<u8>, datum: &Datum<'_>) {
    match datum {
        Datum::Null => out.extend_from_slice(b"null"),
        Datum::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Datum::Int(v) => write_i64(out, *v),
        Datum::Float32(v) => write_f32(out, *v),
        Datum::Float64(v) => write_f64(out, *v),
        Datum::Str(s) => write_str(out, s),
        Datum::Text { bytes, charset } => write_text(out, bytes, *charset),
        Datum::Bytes { bytes, pad_to } => write_base64(out, bytes, *pad_to),
        Datum::BinaryText {
            bytes,
            pad_to,
            encoding,
        } => write_binary_text(out, bytes, *pad_to, *encoding),
        Datum::BitsLittleEndian { big_endian, len } => {
            let mut le = [0u8; 8];
            for (dst, src) in le.iter_mut().zip(big_endian.iter().rev()) {
                *dst = *src;
            }
            write_base64(out, le.get(..(*len).min(le.len())).unwrap_or_default(), 0);
        }
        Datum::Decimal(d) => write_decimal_bytes(out, d),
        Datum::DecimalString { unscaled, scale } => {
            write_str(out, &unscaled.to_plain_string(*scale))
        }
        Datum::ZonedTimestamp {
            epoch_seconds,
            nanos,
            fraction_digits,
        } => {
            out.push(b'"');
            write_zoned_timestamp(out, *epoch_seconds, *nanos, *fraction_digits);
            out.push(b'"');
        }
        Datum::IsoDate { days } => {
            out.push(b'"');
            write_iso_date(out, *days);
            out.push(b'"');
        }
        Datum::IsoTime { micros_of_day } => {
            out.push(b'"');
            write_iso_time(out, *micros_of_day);
            out.push(b'"');
        }
        Datum::SetMembers { bits, members } => {
            out.push(b'"');
            let mut first = true;
            for index in 0..64 {
                if bits >> index & 1 == 0 {
                    continue;
                }
                if !first {
                    out.push(b',');
                }
                first = false;
                if let Some(m) = members.get(index) {
                    write_str_body(out, m);
                }
            }
            out.push(b'"');
        }
        Datum::Geometry { wkb, srid } => write_geometry(out, None, wkb, *srid),
        Datum::Point { x, y, wkb, srid } => write_geometry(out, Some((*x, *y)), wkb, *srid),
        Datum::FloatVector(bytes) => {
            out.push(b'[');
            for (i, quad) in bytes.chunks_exact(4).enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                let raw: [u8; 4] = quad.try_into().unwrap_or_default();
                write_f32(out, f32::from_le_bytes(raw));
            }
            out.push(b']');
        }
        Datum::JsonBinary { bytes, optional } => {
            // MySQL binary JSON is rare next to the row's other columns; its text is
            // built in a scratch buffer, then escaped.
            let mut text = Vec::new();
            match render_json_binary(bytes, &mut text) {
                Ok(()) => write_str(out, &String::from_utf8_lossy(&text)),
                // BinlogValueConverters.convertJson under event.converting.failure.handling.mode=warn.
                Err(_) if *optional => out.extend_from_slice(b"null"),
                Err(_) => out.extend_from_slice(b"\"{}\""),
            }
        }
        Datum::FixedBinText { bytes, kind } => {
            out.push(b'"');
            kind.write_text(bytes, out);
            out.push(b'"');
        }
        Datum::Owned(o) => write_owned(out, o),
    }
}

fn write_decimal_bytes(out: &mut Vec<u8>, d: &DecimalValue) {
    let mut buf = [0u8; 32];
    let bytes = d.write_twos_complement(&mut buf);
    write_base64(out, bytes, 0);
}

fn write_geometry(out: &mut Vec<u8>, point: Option<(f64, f64)>, wkb: &[u8], srid: Option<i32>) {
    out.push(b'{');
    if let Some((x, y)) = point {
        out.extend_from_slice(b"\"x\":");
        write_f64(out, x);
        out.extend_from_slice(b",\"y\":");
        write_f64(out, y);
        out.push(b',');
    }
    out.extend_from_slice(b"\"wkb\":");
    write_base64(out, wkb, 0);
    out.extend_from_slice(b",\"srid\":");
    match srid {
        Some(s) => write_i64(out, i64::from(s)),
        None => out.extend_from_slice(b"null"),
    }
    out.push(b'}');
}

/// Appends an owned logical value (defaults, replacements).
pub fn write_owned(out: &mut Vec<u8>, value: &OwnedDatum) {
    match value {
        OwnedDatum::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        OwnedDatum::Int(v) => write_i64(out, *v),
        OwnedDatum::Float32(v) => write_f32(out, *v),
        OwnedDatum::Float64(v) => write_f64(out, *v),
        OwnedDatum::String(s) => write_str(out, s),
        OwnedDatum::Bytes(b) => write_base64(out, b, 0),
        OwnedDatum::BinaryText(b, encoding) => write_binary_text(out, b, 0, *encoding),
        OwnedDatum::Decimal(d) => write_decimal_bytes(out, d),
        OwnedDatum::Geometry { wkb, srid } => write_geometry(out, None, wkb, *srid),
        OwnedDatum::FloatVector(values) => {
            out.push(b'[');
            for (i, v) in values.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_f32(out, *v);
            }
            out.push(b']');
        }
    }
}

/// Appends a Connect schema as `JsonConverter.asJsonSchema` lays it out: `type`,
/// `fields`/`items`, `optional`, `name`, `version`, `doc`, `parameters`, `default`, and
/// for a struct field its `field` name last.
pub fn write_schema(out: &mut Vec<u8>, schema: &ConnectSchema, field: Option<&str>) {
    out.extend_from_slice(b"{\"type\":\"");
    out.extend_from_slice(schema.kind.json_name().as_bytes());
    out.push(b'"');
    if schema.kind == crate::envelope::ConnectType::Struct {
        out.extend_from_slice(b",\"fields\":[");
        for (i, f) in schema.fields.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            write_schema(out, &f.schema, Some(&f.name));
        }
        out.push(b']');
    }
    if let Some(items) = &schema.items {
        out.extend_from_slice(b",\"items\":");
        write_schema(out, items, None);
    }
    out.extend_from_slice(b",\"optional\":");
    out.extend_from_slice(if schema.optional { b"true" } else { b"false" });
    if let Some(name) = &schema.name {
        out.extend_from_slice(b",\"name\":");
        write_str(out, name);
    }
    if let Some(version) = schema.version {
        out.extend_from_slice(b",\"version\":");
        write_i64(out, i64::from(version));
    }
    if let Some(doc) = &schema.doc {
        out.extend_from_slice(b",\"doc\":");
        write_str(out, doc);
    }
    if !schema.parameters.is_empty() {
        out.extend_from_slice(b",\"parameters\":{");
        for (i, (k, v)) in schema.parameters.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            write_str(out, k);
            out.push(b':');
            write_str(out, v);
        }
        out.push(b'}');
    }
    if let Some(default) = &schema.default {
        out.extend_from_slice(b",\"default\":");
        write_owned(out, default);
    }
    if let Some(name) = field {
        out.extend_from_slice(b",\"field\":");
        write_str(out, name);
    }
    out.push(b'}');
}

#[cfg(test)]
#[allow(clippy::approx_constant)] // the literals are the reference's values, not π or e
mod tests {
    use super::*;

    #[test]
    fn timestamps_cut_from_one_formatting_equal_the_divisions() {
        let mut values = vec![
            0,
            1,
            999,
            1_000,
            999_999,
            1_000_000,
            1_000_001,
            1_764_099_000_123_456_789,
            i64::MAX,
            -1,
            -1_000_000,
            -1_764_099_000_123_456_789,
            i64::MIN,
        ];
        let mut v: i64 = 7;
        while let Some(next) = v.checked_mul(13) {
            values.push(next);
            values.push(-next);
            v = next;
        }
        for ns in values {
            let mut out = Vec::new();
            write_ts_ms_us_ns(&mut out, ns);
            let expected = format!(
                "{},\"ts_us\":{},\"ts_ns\":{}",
                ns.div_euclid(1_000_000),
                ns.div_euclid(1_000),
                ns
            );
            assert_eq!(String::from_utf8(out).unwrap(), expected, "{ns}");
            for zeros in [3, 6] {
                let mut out = Vec::new();
                write_i64_times_1000s(&mut out, ns, zeros);
                let expected = ns.saturating_mul(10i64.pow(zeros)).to_string();
                assert_eq!(String::from_utf8(out).unwrap(), expected, "{ns} {zeros}");
            }
        }
    }

    #[test]
    fn every_byte_that_needs_escaping_is_found_at_every_position() {
        for b in 0..=255u8 {
            let expected = b < 0x20 || b == b'"' || b == b'\\' || b >= 0xF0;
            for len in [1, 7, 8, 9, 17] {
                for at in 0..len {
                    let mut bytes = vec![b'a'; len];
                    bytes[at] = b;
                    assert_eq!(
                        needs_escape(&bytes),
                        expected,
                        "byte {b:#x} at {at} of {len}"
                    );
                }
            }
        }
        assert!(!needs_escape(b""));
    }

    fn f64_text(v: f64) -> String {
        let mut out = Vec::new();
        write_f64(&mut out, v);
        String::from_utf8(out).unwrap_or_default()
    }

    fn f32_text(v: f32) -> String {
        let mut out = Vec::new();
        write_f32(&mut out, v);
        String::from_utf8(out).unwrap_or_default()
    }

    #[test]
    fn doubles_follow_java_to_string() {
        // types.stream.jsonl: c_double 2.718281828459045, c_point x 1.5 / y -2.25;
        // ddl.stream.jsonl: rating 4.75, 5.0, 1.0.
        assert_eq!(f64_text(2.718281828459045), "2.718281828459045");
        assert_eq!(f64_text(-2.25), "-2.25");
        assert_eq!(f64_text(5.0), "5.0");
        assert_eq!(f64_text(4.75), "4.75");
        // Java's Double.toString documentation: scientific notation outside [1e-3, 1e7).
        assert_eq!(f64_text(1.0e10), "1.0E10");
        assert_eq!(f64_text(1.0e7), "1.0E7");
        assert_eq!(f64_text(1234567.0), "1234567.0");
        assert_eq!(f64_text(0.001), "0.001");
        assert_eq!(f64_text(0.0001), "1.0E-4");
        assert_eq!(f64_text(-0.0), "-0.0");
        assert_eq!(f64_text(0.0), "0.0");
        assert_eq!(f64_text(1.5e-7), "1.5E-7");
    }

    #[test]
    fn floats_follow_java_float_to_string() {
        // types.stream.jsonl: c_float 3.14159.
        assert_eq!(f32_text(3.14159), "3.14159");
        assert_eq!(f32_text(1.0e10), "1.0E10");
        assert_eq!(f32_text(0.1), "0.1");
    }

    #[test]
    fn strings_escape_like_jackson() {
        // types.stream.jsonl keeps é raw and writes 🙂 as \uD83D\uDE42.
        let mut out = Vec::new();
        write_str(&mut out, "héllo 🙂 \"q\"\n\u{1}");
        assert_eq!(
            String::from_utf8(out).unwrap_or_default(),
            "\"héllo \\uD83D\\uDE42 \\\"q\\\"\\n\\u0001\""
        );
    }

    #[test]
    fn escaping_is_the_same_at_every_offset() {
        // The 8-byte fast path must not skip a special byte anywhere in a word.
        for special in ["\"", "\\", "\n", "\u{1}", "🙂", "é"] {
            for offset in 0..17 {
                let text = format!("{}{special}{}", "a".repeat(offset), "b".repeat(9));
                let mut fast = Vec::new();
                write_str(&mut fast, &text);
                let mut slow = vec![b'"'];
                for c in text.chars() {
                    write_escaped_char(&mut slow, c);
                }
                slow.push(b'"');
                assert_eq!(fast, slow, "{special:?} at {offset}");
            }
        }
    }

    #[test]
    fn latin1_decodes_as_cp1252() {
        // types.stream.jsonl: c_latin 'café' (latin1 0xE9) → "café".
        let mut out = Vec::new();
        write_text(&mut out, b"caf\xE9 \x80", Charset::Latin1Cp1252);
        assert_eq!(String::from_utf8(out).unwrap_or_default(), "\"café €\"");
    }

    #[test]
    fn single_byte_text_escapes_like_jackson_around_high_bytes() {
        // Windows-1252 chart: 0x80 is €, 0x81 unassigned (Java: U+FFFD); JSON escapes
        // for '"', '\\' and control characters stay as in ASCII text.
        let mut out = Vec::new();
        write_text(&mut out, b"a\"b\x80\\\x81\n\xFFz", Charset::Latin1Cp1252);
        assert_eq!(
            String::from_utf8(out).unwrap_or_default(),
            "\"a\\\"b€\\\\\u{FFFD}\\nÿz\""
        );
        // US-ASCII: Java's decoder replaces bytes >= 0x80 with U+FFFD.
        let mut out = Vec::new();
        write_text(&mut out, b"ok\xC3\xA9!", Charset::Ascii);
        assert_eq!(
            String::from_utf8(out).unwrap_or_default(),
            "\"ok\u{FFFD}\u{FFFD}!\""
        );
    }

    #[test]
    fn other_charsets_decode() {
        // cp1251 0xCF 0xF0 0xE8 = "При" (Windows-1251 code chart).
        let mut out = Vec::new();
        write_text(
            &mut out,
            b"\xCF\xF0\xE8",
            Charset::from_mysql_name("cp1251"),
        );
        assert_eq!(String::from_utf8(out).unwrap_or_default(), "\"При\"");
    }

    #[test]
    fn decimals_use_java_biginteger_bytes() {
        // seed.stream.jsonl: 50.00 → "E4g=", 500.00 → "AMNQ"; types: -1 → "/w==".
        for (unscaled, expected) in [
            (5000i128, "\"E4g=\""),
            (50000, "\"AMNQ\""),
            (-1, "\"/w==\""),
            (0, "\"AA==\""),
        ] {
            let mut out = Vec::new();
            write_decimal_bytes(&mut out, &DecimalValue::Small(unscaled));
            assert_eq!(String::from_utf8(out).unwrap_or_default(), expected);
        }
    }
}
