//! MySQL's binary JSON (`MYSQL_TYPE_JSON` column values) as the text Debezium emits:
//! what mysql-binlog-connector-java's `JsonBinary.parseAsString` with its
//! `JsonStringFormatter` produces (read, not copied), quirks included.
//!
//! The binary layout is MySQL's (`sql-common/json_binary.h`): a type byte, then for
//! objects/arrays an element count and byte size (2-byte fields in the small form,
//! 4-byte in the large form), key entries, value entries (inline for small scalars,
//! else an offset from the start of the container), keys and values. The text is
//! compact (`{"a":1,"b":[true,null]}`), strings are escaped like JSON, doubles are
//! Java's `Double.toString` unless that has an exponent (then the exact plain
//! expansion), and opaque values (DECIMAL, temporal types, others) have their own
//! forms. Values whose first byte is 0x10..=0x7F are already text (MariaDB).

use base64::Engine as _;

use super::column::unpack_decimal;
use crate::binlog::PackedDecimal;

/// The binary JSON could not be read (Debezium then emits null, or "{}" for a NOT NULL
/// column).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JsonBinaryError {
    /// Byte offset in the value where reading failed.
    pub offset: usize,
}

const SMALL_OBJECT: u8 = 0x00;
const LARGE_OBJECT: u8 = 0x01;
const SMALL_ARRAY: u8 = 0x02;
const LARGE_ARRAY: u8 = 0x03;
const LITERAL: u8 = 0x04;
const INT16: u8 = 0x05;
const UINT16: u8 = 0x06;
const INT32: u8 = 0x07;
const UINT32: u8 = 0x08;
const INT64: u8 = 0x09;
const UINT64: u8 = 0x0A;
const DOUBLE: u8 = 0x0B;
const STRING: u8 = 0x0C;
const OPAQUE: u8 = 0x0F;

/// Appends the Debezium text of a JSON column value to `out` (unescaped: the caller
/// writes it as a JSON string).
pub fn render_json_binary(bytes: &[u8], out: &mut Vec<u8>) -> Result<(), JsonBinaryError> {
    let first = *bytes.first().ok_or(JsonBinaryError { offset: 0 })?;
    if (0x10..0x80).contains(&first) {
        // Text already (MariaDB): `new String(bytes)`.
        append_lossy(out, bytes);
        return Ok(());
    }
    let reader = Reader {
        data: bytes,
        // Rendering never legitimately grows a document by more than a small factor
        // (escapes, doubles printed in full); containers that share children could
        // otherwise multiply the output exponentially.
        out_limit: out
            .len()
            .saturating_add(bytes.len().saturating_mul(16))
            .saturating_add(4096),
    };
    reader.value(first, 1, 0, out)
}

/// Appends the Debezium text of the value of binary-JSON type `kind` stored at `pos`
/// inside the document `doc` (a container's child that is not inlined), exactly as
/// [`render_json_binary`] renders it inside that document. For `json_diff`.
pub(crate) fn render_json_binary_at(
    doc: &[u8],
    kind: u8,
    pos: usize,
    out: &mut Vec<u8>,
) -> Result<(), JsonBinaryError> {
    let reader = Reader {
        data: doc,
        out_limit: out
            .len()
            .saturating_add(doc.len().saturating_mul(16))
            .saturating_add(4096),
    };
    reader.value(kind, pos, 0, out)
}

/// MySQL's `JSON_DOCUMENT_MAX_DEPTH`: deeper documents are not written by the server.
const MAX_DEPTH: usize = 100;

fn append_lossy(out: &mut Vec<u8>, bytes: &[u8]) {
    for chunk in bytes.utf8_chunks() {
        out.extend_from_slice(chunk.valid().as_bytes());
        if !chunk.invalid().is_empty() {
            out.extend_from_slice("\u{FFFD}".as_bytes());
        }
    }
}

/// A resolved inline value of a container entry.
enum Inline {
    Null,
    Bool(bool),
    Int(i64),
    /// A large container's inline UINT32: the Java reader keeps it as a `Long`, which
    /// its formatter does not print.
    Unprinted,
}

enum Entry {
    Inline(Inline),
    At { kind: u8, pos: usize },
}

struct Reader<'a> {
    data: &'a [u8],
    /// The length `out` may reach; beyond it the value is malformed.
    out_limit: usize,
}

impl Reader<'_> {
    fn err(pos: usize) -> JsonBinaryError {
        JsonBinaryError { offset: pos }
    }

    fn bytes(&self, pos: usize, len: usize) -> Result<&[u8], JsonBinaryError> {
        self.data
            .get(pos..pos.checked_add(len).ok_or(Self::err(pos))?)
            .ok_or(Self::err(pos))
    }

    fn u8_at(&self, pos: usize) -> Result<u8, JsonBinaryError> {
        self.data.get(pos).copied().ok_or(Self::err(pos))
    }

    fn le(&self, pos: usize, len: usize) -> Result<u64, JsonBinaryError> {
        let b = self.bytes(pos, len)?;
        Ok(b.iter()
            .rev()
            .fold(0u64, |acc, &x| (acc << 8) | u64::from(x)))
    }

    /// MySQL's variable-length length: 7 bits per byte, little-endian, at most 5 bytes.
    fn var_len(&self, pos: usize) -> Result<(usize, usize), JsonBinaryError> {
        let mut len: u64 = 0;
        for i in 0..5 {
            let b = self.u8_at(pos + i)?;
            len |= u64::from(b & 0x7F) << (7 * i);
            if b & 0x80 == 0 {
                let len = usize::try_from(len).map_err(|_| Self::err(pos))?;
                return Ok((len, pos + i + 1));
            }
        }
        Err(Self::err(pos))
    }

    fn value(
        &self,
        kind: u8,
        pos: usize,
        depth: usize,
        out: &mut Vec<u8>,
    ) -> Result<(), JsonBinaryError> {
        match kind {
            SMALL_OBJECT | LARGE_OBJECT | SMALL_ARRAY | LARGE_ARRAY if depth >= MAX_DEPTH => {
                Err(Self::err(pos))
            }
            SMALL_OBJECT | LARGE_OBJECT => {
                self.container(pos, kind == SMALL_OBJECT, true, depth + 1, out)
            }
            SMALL_ARRAY | LARGE_ARRAY => {
                self.container(pos, kind == SMALL_ARRAY, false, depth + 1, out)
            }
            LITERAL => {
                write_inline(out, &literal(self.u8_at(pos)?).ok_or(Self::err(pos))?);
                Ok(())
            }
            INT16 => {
                push_int(out, i64::from(self.le(pos, 2)? as u16 as i16));
                Ok(())
            }
            UINT16 => {
                push_int(out, self.le(pos, 2)? as i64);
                Ok(())
            }
            INT32 => {
                push_int(out, i64::from(self.le(pos, 4)? as u32 as i32));
                Ok(())
            }
            UINT32 => {
                push_int(out, self.le(pos, 4)? as i64);
                Ok(())
            }
            INT64 => {
                push_int(out, self.le(pos, 8)? as i64);
                Ok(())
            }
            UINT64 => {
                out.extend_from_slice(self.le(pos, 8)?.to_string().as_bytes());
                Ok(())
            }
            DOUBLE => {
                push_double(out, f64::from_bits(self.le(pos, 8)?));
                Ok(())
            }
            STRING => {
                let (len, start) = self.var_len(pos)?;
                out.push(b'"');
                push_escaped(out, self.bytes(start, len)?);
                out.push(b'"');
                Ok(())
            }
            OPAQUE => self.opaque(pos, out),
            _ => Err(Self::err(pos)),
        }
    }

    fn container(
        &self,
        pos: usize,
        small: bool,
        object: bool,
        depth: usize,
        out: &mut Vec<u8>,
    ) -> Result<(), JsonBinaryError> {
        let width = if small { 2 } else { 4 };
        let count = self.le(pos, width)? as usize;
        let size = self.le(pos + width, width)? as usize;
        let mut cursor = pos + 2 * width;
        let keys_at = cursor;
        if object {
            cursor = cursor
                .checked_add(count.checked_mul(width + 2).ok_or(Self::err(pos))?)
                .ok_or(Self::err(pos))?;
        }
        let values_at = cursor;
        // A child lies after this container's header and entries (MySQL's
        // `json_binary.cc` checks the same): no entry can point back at an ancestor.
        let entries_end = values_at
            .checked_add(count.checked_mul(1 + width).ok_or(Self::err(pos))?)
            .ok_or(Self::err(pos))?;
        out.push(if object { b'{' } else { b'[' });
        for i in 0..count {
            if out.len() > self.out_limit {
                return Err(Self::err(pos));
            }
            if i > 0 {
                out.push(b',');
            }
            if object {
                let key_entry = keys_at + i * (width + 2);
                let key_offset = self.le(key_entry, width)? as usize;
                let key_len = self.le(key_entry + width, 2)? as usize;
                out.push(b'"');
                push_escaped(out, self.bytes(pos + key_offset, key_len)?);
                out.extend_from_slice(b"\":");
            }
            let entry_at = values_at + i * (1 + width);
            match self.entry(entry_at, small, size, pos)? {
                Entry::Inline(v) => write_inline(out, &v),
                Entry::At { pos: value_pos, .. } if value_pos < entries_end => {
                    return Err(Self::err(value_pos));
                }
                Entry::At {
                    kind,
                    pos: value_pos,
                } => self.value(kind, value_pos, depth, out)?,
            }
        }
        out.push(if object { b'}' } else { b']' });
        Ok(())
    }

    fn entry(
        &self,
        at: usize,
        small: bool,
        size: usize,
        container: usize,
    ) -> Result<Entry, JsonBinaryError> {
        let kind = self.u8_at(at)?;
        let body = at + 1;
        let inline = match kind {
            LITERAL => Some(literal(self.u8_at(body)?).ok_or(Self::err(body))?),
            INT16 => Some(Inline::Int(i64::from(self.le(body, 2)? as u16 as i16))),
            UINT16 => Some(Inline::Int(self.le(body, 2)? as i64)),
            INT32 if !small => Some(Inline::Int(i64::from(self.le(body, 4)? as u32 as i32))),
            UINT32 if !small => Some(Inline::Unprinted),
            _ => None,
        };
        if let Some(v) = inline {
            return Ok(Entry::Inline(v));
        }
        let offset = self.le(body, if small { 2 } else { 4 })? as usize;
        if offset >= size {
            return Err(Self::err(body));
        }
        Ok(Entry::At {
            kind,
            pos: container + offset,
        })
    }

    fn opaque(&self, pos: usize, out: &mut Vec<u8>) -> Result<(), JsonBinaryError> {
        let column_type = self.u8_at(pos)?;
        let (len, start) = self.var_len(pos + 1)?;
        match column_type {
            // MYSQL_TYPE_DECIMAL, MYSQL_TYPE_NEWDECIMAL: precision, scale, packed digits.
            0 | 246 => {
                let precision = self.u8_at(start)?;
                let scale = self.u8_at(start + 1)?;
                let packed = self.bytes(start + 2, len.checked_sub(2).ok_or(Self::err(start))?)?;
                let unscaled = unpack_decimal(&PackedDecimal {
                    bytes: packed,
                    precision,
                    scale,
                })
                .ok_or(Self::err(start))?;
                out.extend_from_slice(unscaled.to_plain_string(u32::from(scale)).as_bytes());
            }
            // MYSQL_TYPE_DATE.
            10 => {
                let raw = self.le(start, 8)? as i64;
                let (year, month, day, _, _, _, _) = packed_datetime(raw);
                out.push(b'"');
                push_date(out, year, month, day);
                out.push(b'"');
            }
            // MYSQL_TYPE_TIME, MYSQL_TYPE_TIME2.
            11 | 19 => {
                let raw = self.le(start, 8)? as i64;
                push_packed_time(out, raw);
            }
            // MYSQL_TYPE_TIMESTAMP, MYSQL_TYPE_DATETIME, MYSQL_TYPE_TIMESTAMP2, MYSQL_TYPE_DATETIME2.
            7 | 12 | 17 | 18 => {
                let raw = self.le(start, 8)? as i64;
                let (year, month, day, hour, minute, second, micros) = packed_datetime(raw);
                out.push(b'"');
                push_date(out, year, month, day);
                out.push(b' ');
                push_clock(out, hour, minute, second, micros);
                out.push(b'"');
            }
            _ => {
                out.push(b'"');
                let engine = &base64::engine::general_purpose::STANDARD;
                out.extend_from_slice(engine.encode(self.bytes(start, len)?).as_bytes());
                out.push(b'"');
            }
        }
        Ok(())
    }
}

fn literal(b: u8) -> Option<Inline> {
    match b {
        0x00 => Some(Inline::Null),
        0x01 => Some(Inline::Bool(true)),
        0x02 => Some(Inline::Bool(false)),
        _ => None,
    }
}

fn write_inline(out: &mut Vec<u8>, v: &Inline) {
    match v {
        Inline::Null => out.extend_from_slice(b"null"),
        Inline::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Inline::Int(i) => push_int(out, *i),
        Inline::Unprinted => {}
    }
}

fn push_int(out: &mut Vec<u8>, v: i64) {
    out.extend_from_slice(v.to_string().as_bytes());
}

/// `JsonStringFormatter.appendString`: `\"`, `\\`, `\b \t \f \n \r`, other control
/// characters as `\u00XX`; everything else as is.
pub(crate) fn push_escaped(out: &mut Vec<u8>, bytes: &[u8]) {
    let mut text = Vec::new();
    append_lossy(&mut text, bytes);
    for &b in &text {
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x09 => out.extend_from_slice(b"\\t"),
            0x0C => out.extend_from_slice(b"\\f"),
            0x0A => out.extend_from_slice(b"\\n"),
            0x0D => out.extend_from_slice(b"\\r"),
            0x00..=0x1F => {
                const HEX: &[u8; 16] = b"0123456789ABCDEF";
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(b >> 4)]);
                out.push(HEX[usize::from(b & 0xF)]);
            }
            _ => out.push(b),
        }
    }
}

/// `Double.toString`, or `new BigDecimal(value).toPlainString()` when that has an exponent.
fn push_double(out: &mut Vec<u8>, v: f64) {
    let mut java = Vec::new();
    super::datum::write_java_double(&mut java, v);
    if !java.contains(&b'E') {
        out.extend_from_slice(&java);
        return;
    }
    out.extend_from_slice(exact_plain(v).as_bytes());
}

/// The exact decimal expansion of a finite double (`BigDecimal(double).toPlainString()`).
fn exact_plain(v: f64) -> String {
    let bits = v.to_bits();
    let negative = bits >> 63 == 1;
    let exp_bits = ((bits >> 52) & 0x7FF) as i64;
    let frac = bits & ((1u64 << 52) - 1);
    let (mut mantissa, mut exp) = if exp_bits == 0 {
        (frac, -1074)
    } else {
        (frac | (1u64 << 52), exp_bits - 1075)
    };
    if mantissa == 0 {
        // BigDecimal has no negative zero.
        return "0".to_owned();
    }
    while mantissa & 1 == 0 {
        mantissa >>= 1;
        exp += 1;
    }
    let sign = if negative { "-" } else { "" };
    let m = num_bigint::BigUint::from(mantissa);
    if exp >= 0 {
        return format!("{sign}{}", m << (exp as usize));
    }
    let scale = (-exp) as usize;
    let digits = (m * num_bigint::BigUint::from(5u8).pow(scale as u32)).to_string();
    if digits.len() > scale {
        let (int, fraction) = digits.split_at(digits.len() - scale);
        format!("{sign}{int}.{fraction}")
    } else {
        format!("{sign}0.{}{digits}", "0".repeat(scale - digits.len()))
    }
}

/// The fields of MySQL's packed temporal longlong, with the Java reader's integer
/// arithmetic (truncating remainders).
fn packed_datetime(raw: i64) -> (i32, i32, i32, i32, i32, i32, i32) {
    let value = raw >> 24;
    let year_month = ((value >> 22) as i32) % (1 << 17);
    let day = ((value >> 17) as i32) % (1 << 5);
    let hour = ((value >> 12) as i32) % (1 << 5);
    let minute = ((value >> 6) as i32) % (1 << 6);
    let second = (value % (1 << 6)) as i32;
    let micros = (raw % (1 << 24)) as i32;
    (
        year_month / 13,
        year_month % 13,
        day,
        hour,
        minute,
        second,
        micros,
    )
}

fn push_packed_time(out: &mut Vec<u8>, raw: i64) {
    let value = raw >> 24;
    let negative = value < 0;
    let mut hour = ((value >> 12) as i32) % (1 << 10);
    let minute = ((value >> 6) as i32) % (1 << 6);
    let second = (value as i32) % (1 << 6);
    if negative {
        hour = -hour;
    }
    let micros = (raw % (1 << 24)) as i32;
    out.push(b'"');
    if hour < 0 {
        out.push(b'-');
        hour = hour.abs();
    }
    push_clock(out, hour, minute, second, micros);
    out.push(b'"');
}

/// `appendTwoDigitUnsignedInt`: "0" then the number when below 10.
fn push_two(out: &mut Vec<u8>, v: i32) {
    if v < 10 {
        out.push(b'0');
    }
    out.extend_from_slice(v.to_string().as_bytes());
}

fn push_date(out: &mut Vec<u8>, year: i32, month: i32, day: i32) {
    let mut year = year;
    if year < 0 {
        out.push(b'-');
        year = year.abs();
    }
    let text = year.to_string();
    for _ in text.len()..4 {
        out.push(b'0');
    }
    out.extend_from_slice(text.as_bytes());
    out.push(b'-');
    push_two(out, month);
    out.push(b'-');
    push_two(out, day);
}

fn push_clock(out: &mut Vec<u8>, hour: i32, minute: i32, second: i32, micros: i32) {
    push_two(out, hour);
    out.push(b':');
    push_two(out, minute);
    out.push(b':');
    push_two(out, second);
    if micros != 0 {
        out.push(b'.');
        // appendSixDigitUnsignedInt(micros, true): zero prefix by magnitude, then up to
        // six trailing zeros divided away.
        let prefix = match micros {
            m if m < 10 => 5,
            m if m < 100 => 4,
            m if m < 1000 => 3,
            m if m < 10_000 => 2,
            m if m < 100_000 => 1,
            _ => 0,
        };
        for _ in 0..prefix {
            out.push(b'0');
        }
        let mut v = micros;
        for _ in 0..6 {
            if v % 10 == 0 {
                v /= 10;
            }
        }
        out.extend_from_slice(v.to_string().as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(bytes: &[u8]) -> String {
        let mut out = Vec::new();
        render_json_binary(bytes, &mut out).expect("renders");
        String::from_utf8(out).unwrap_or_default()
    }

    #[test]
    fn a_container_pointing_at_itself_is_an_error_not_a_stack_overflow() {
        // Found by the json_binary fuzz target: a small array whose only element is
        // a small array at offset 0, i.e. itself.
        let mut out = Vec::new();
        let bytes = [
            0x02, 0x01, 0x00, 0x0a, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00,
        ];
        assert!(render_json_binary(&bytes, &mut out).is_err());
    }

    /// Small arrays nested `depth` deep, each holding the next (the innermost empty).
    fn nested_arrays(depth: usize) -> Vec<u8> {
        let mut body: Vec<u8> = vec![0x00, 0x00, 0x04, 0x00];
        for _ in 0..depth {
            let size = u16::try_from(7 + body.len()).unwrap();
            let mut outer = vec![0x01, 0x00];
            outer.extend_from_slice(&size.to_le_bytes());
            outer.extend_from_slice(&[0x02, 0x07, 0x00]);
            outer.extend_from_slice(&body);
            body = outer;
        }
        let mut doc = vec![0x02];
        doc.extend_from_slice(&body);
        doc
    }

    #[test]
    fn nesting_is_limited_to_mysqls_maximum_depth() {
        let mut out = Vec::new();
        render_json_binary(&nested_arrays(98), &mut out).unwrap();
        assert_eq!(out, [b"[".repeat(99), b"]".repeat(99)].concat());
        assert!(render_json_binary(&nested_arrays(150), &mut Vec::new()).is_err());
    }

    #[test]
    fn containers_sharing_children_cannot_blow_up_the_output() {
        // Each level is an array of 8 entries all pointing at the same next level:
        // 8^depth elements from a few hundred bytes.
        let mut body: Vec<u8> = vec![0x00, 0x00, 0x04, 0x00];
        for _ in 0..20 {
            let header = 4 + 8 * 3;
            let size = u16::try_from(header + body.len()).unwrap();
            let mut outer = vec![0x08, 0x00];
            outer.extend_from_slice(&size.to_le_bytes());
            for _ in 0..8 {
                outer.push(0x02);
                outer.extend_from_slice(&u16::try_from(header).unwrap().to_le_bytes());
            }
            outer.extend_from_slice(&body);
            body = outer;
        }
        let mut doc = vec![0x02];
        doc.extend_from_slice(&body);
        let mut out = Vec::new();
        assert!(render_json_binary(&doc, &mut out).is_err());
        assert!(
            out.len() < 16 * doc.len() + 4096 + 64,
            "{} bytes rendered",
            out.len()
        );
    }

    #[test]
    fn object_from_mysql_binlog_fixture() {
        // binlog-fixtures/mysql/json.binlog.000001 row 1 (decoded-dbz:
        // {"age":24,"data":"xxxxxxxxxx","name":"Joe"}), encoded by hand from MySQL's
        // json_binary layout: small object, 3 keys, inline INT16 24, two strings.
        let mut doc = vec![0x00];
        let keys = ["age", "data", "name"];
        let header = 4 + 3 * 4 + 3 * 3; // count+size, key entries, value entries
        let mut key_offset = header;
        let mut body = Vec::new();
        let mut key_entries = Vec::new();
        for k in keys {
            key_entries.extend((key_offset as u16).to_le_bytes());
            key_entries.extend((k.len() as u16).to_le_bytes());
            key_offset += k.len();
            body.extend(k.as_bytes());
        }
        let data_at = key_offset;
        let name_at = data_at + 11;
        let mut value_entries = vec![0x05, 24, 0];
        value_entries.extend([0x0C]);
        value_entries.extend((data_at as u16).to_le_bytes());
        value_entries.extend([0x0C]);
        value_entries.extend((name_at as u16).to_le_bytes());
        body.push(10);
        body.extend(b"xxxxxxxxxx");
        body.push(3);
        body.extend(b"Joe");
        let size = header + body.len();
        doc.extend(3u16.to_le_bytes());
        doc.extend((size as u16).to_le_bytes());
        doc.extend(key_entries);
        doc.extend(value_entries);
        doc.extend(body);
        assert_eq!(
            render(&doc),
            r#"{"age":24,"data":"xxxxxxxxxx","name":"Joe"}"#
        );
    }

    /// Every JSON value that Debezium's binlog library decoded from the MySQL 8.0.22
    /// fixture (`binlog-fixtures/decoded-dbz/json.binlog.000001.jsonl`) is what this
    /// renderer makes of some length-prefixed blob inside the same rows event.
    #[test]
    fn renders_the_mysql_fixture_like_debeziums_binlog_library() {
        let root = env!("CARGO_MANIFEST_DIR");
        let binlog = std::fs::read(format!("{root}/binlog-fixtures/mysql/json.binlog.000001"))
            .expect("fixture");
        let decoded = std::fs::read_to_string(format!(
            "{root}/binlog-fixtures/decoded-dbz/json.binlog.000001.jsonl"
        ))
        .expect("fixture");
        let mut checked = 0;
        for line in decoded.lines() {
            let event: serde_json::Value = serde_json::from_str(line).expect("json line");
            let Some(rows) = event["rows"].as_array() else {
                continue;
            };
            let (pos, next) = (
                event["pos"].as_u64().unwrap_or(0) as usize,
                event["next"].as_u64().unwrap_or(0) as usize,
            );
            let body = &binlog[pos..next];
            let rendered: Vec<String> = (0..body.len().saturating_sub(4))
                .filter_map(|i| {
                    let len = u32::from_le_bytes(body[i..i + 4].try_into().ok()?) as usize;
                    let blob = body.get(i + 4..i + 4 + len)?;
                    if blob.first() != Some(&0x00) {
                        return None;
                    }
                    let mut out = Vec::new();
                    render_json_binary(blob, &mut out).ok()?;
                    String::from_utf8(out).ok()
                })
                .collect();
            for expected in rows
                .iter()
                .flat_map(|r| r.as_array().into_iter().flatten())
                .filter_map(|v| v.as_str())
            {
                if expected.starts_with('{') {
                    assert!(
                        rendered.iter().any(|r| r == expected),
                        "{expected} not rendered from event at {pos}"
                    );
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 18);
    }

    #[test]
    fn scalars() {
        assert_eq!(render(&[0x04, 0x01]), "true");
        assert_eq!(render(&[0x05, 0xFF, 0xFF]), "-1");
        let mut d = vec![0x0B];
        d.extend(2.5f64.to_le_bytes());
        assert_eq!(render(&d), "2.5");
        let mut d = vec![0x0B];
        d.extend(1.0e7f64.to_le_bytes());
        assert_eq!(render(&d), "10000000");
        assert_eq!(render(&[0x0C, 2, b'a', b'"']), r#""a\"""#);
        // MariaDB text passes through.
        assert_eq!(render(br#"{"k": 2}"#), r#"{"k": 2}"#);
    }

    #[test]
    fn exact_plain_matches_big_decimal() {
        // new BigDecimal(0.1).toPlainString() (Java BigDecimal docs).
        assert_eq!(
            exact_plain(0.1),
            "0.1000000000000000055511151231257827021181583404541015625"
        );
        assert_eq!(exact_plain(1.0e20), "100000000000000000000");
    }
}
