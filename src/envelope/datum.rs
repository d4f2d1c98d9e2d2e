//! Logical field values: what a Debezium converter delivers for one column, before
//! serialization.
//!
//! A [`Datum`] borrows from the row image and from the table envelope; the serializer
//! in `format` decides how each variant looks on the wire. No allocation happens here
//! except for DECIMALs wider than 38 digits ([`DecimalValue::Big`]).

/// A character set a string column is decoded from, as Debezium maps MySQL charsets to
/// Java charsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Charset {
    /// utf8mb4 / utf8mb3 / utf8 (and unknown charsets, which Debezium reads as UTF-8).
    Utf8,
    /// latin1: MySQL's latin1 is Java's `Cp1252` (Windows-1252).
    Latin1Cp1252,
    /// ascii: Java `US-ASCII`; bytes above 0x7F become U+FFFD.
    Ascii,
    /// ucs2 / utf16: big-endian UTF-16.
    Utf16Be,
    /// utf16le.
    Utf16Le,
    /// utf32: big-endian UTF-32.
    Utf32Be,
    /// Other single- and multi-byte MySQL charsets (cp1251, latin2, gbk, sjis, big5,
    /// euckr, ...), decoded with the WHATWG decoder of the same encoding.
    Other(&'static encoding_rs::Encoding),
}

impl Charset {
    /// The decoder for a MySQL charset name (case-insensitive); unknown names read as
    /// UTF-8, which is what Debezium does for charsets it cannot map.
    pub fn from_mysql_name(name: &str) -> Charset {
        let lower = name.to_ascii_lowercase();
        match lower.as_str() {
            "latin1" | "cp1252" => Charset::Latin1Cp1252,
            "ascii" | "us-ascii" => Charset::Ascii,
            "ucs2" | "utf16" => Charset::Utf16Be,
            "utf16le" => Charset::Utf16Le,
            "utf32" => Charset::Utf32Be,
            "cp1250" => Charset::Other(encoding_rs::WINDOWS_1250),
            "cp1251" => Charset::Other(encoding_rs::WINDOWS_1251),
            "cp1256" => Charset::Other(encoding_rs::WINDOWS_1256),
            "cp1257" => Charset::Other(encoding_rs::WINDOWS_1257),
            "cp866" => Charset::Other(encoding_rs::IBM866),
            "latin2" => Charset::Other(encoding_rs::ISO_8859_2),
            "latin7" => Charset::Other(encoding_rs::ISO_8859_13),
            "greek" => Charset::Other(encoding_rs::ISO_8859_7),
            "hebrew" => Charset::Other(encoding_rs::ISO_8859_8),
            "koi8r" => Charset::Other(encoding_rs::KOI8_R),
            "koi8u" => Charset::Other(encoding_rs::KOI8_U),
            "macroman" => Charset::Other(encoding_rs::MACINTOSH),
            "tis620" => Charset::Other(encoding_rs::WINDOWS_874),
            "gbk" | "gb2312" => Charset::Other(encoding_rs::GBK),
            "gb18030" => Charset::Other(encoding_rs::GB18030),
            "big5" => Charset::Other(encoding_rs::BIG5),
            "sjis" | "cp932" => Charset::Other(encoding_rs::SHIFT_JIS),
            "ujis" | "eucjpms" => Charset::Other(encoding_rs::EUC_JP),
            "euckr" => Charset::Other(encoding_rs::EUC_KR),
            _ => Charset::Utf8,
        }
    }
}

/// The unscaled value of a DECIMAL (the number × 10^scale), signed. Fits 65 digits
/// without allocating.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecimalValue {
    /// Up to 38 digits.
    Small(i128),
    /// More digits (DECIMAL(39..65, s)): sign and magnitude as four little-endian
    /// 64-bit limbs (10^65 < 2^216).
    Wide {
        /// Below zero.
        negative: bool,
        /// |value|, least significant limb first.
        magnitude: [u64; 4],
    },
}

impl DecimalValue {
    /// `magnitude * factor + addend` on the wide form; `None` on overflow of 256 bits.
    pub(crate) fn wide_mul_add(magnitude: [u64; 4], factor: u64, addend: u64) -> Option<[u64; 4]> {
        let mut out = [0u64; 4];
        let mut carry = u128::from(addend);
        for (o, limb) in out.iter_mut().zip(magnitude) {
            let v = u128::from(limb) * u128::from(factor) + carry;
            *o = v as u64;
            carry = v >> 64;
        }
        (carry == 0).then_some(out)
    }

    /// The value as 32 big-endian two's-complement bytes.
    fn to_be_32(&self) -> [u8; 32] {
        match self {
            DecimalValue::Small(v) => {
                let mut out = if *v < 0 { [0xFF; 32] } else { [0; 32] };
                out[16..].copy_from_slice(&v.to_be_bytes());
                out
            }
            DecimalValue::Wide {
                negative,
                magnitude,
            } => {
                let mut out = [0u8; 32];
                for (k, limb) in magnitude.iter().enumerate() {
                    let at = 32 - 8 * (k + 1);
                    out[at..at + 8].copy_from_slice(&limb.to_be_bytes());
                }
                if *negative {
                    // Two's complement: invert, then add one.
                    let mut carry = true;
                    for b in out.iter_mut().rev() {
                        let (v, c) = (!*b).overflowing_add(u8::from(carry));
                        *b = v;
                        carry = c;
                    }
                }
                out
            }
        }
    }

    /// Java's `BigInteger.toByteArray()` of the unscaled value: minimal big-endian
    /// two's complement, written into `buf`; returns the used tail of `buf`.
    pub fn write_twos_complement<'b>(&self, buf: &'b mut [u8; 32]) -> &'b [u8] {
        *buf = self.to_be_32();
        let mut start = 0;
        // Drop leading bytes that only repeat the sign of the next byte.
        while let (Some(&b), Some(&next)) = (buf.get(start), buf.get(start + 1)) {
            let redundant = (b == 0x00 && next & 0x80 == 0) || (b == 0xFF && next & 0x80 != 0);
            if !redundant {
                break;
            }
            start += 1;
        }
        &buf[start..]
    }

    /// True for values below zero.
    pub fn is_negative(&self) -> bool {
        match self {
            DecimalValue::Small(v) => *v < 0,
            DecimalValue::Wide {
                negative,
                magnitude,
            } => *negative && magnitude.iter().any(|l| *l != 0),
        }
    }

    /// The decimal digits of the absolute unscaled value, most significant first.
    pub fn magnitude_digits(&self) -> String {
        match self {
            DecimalValue::Small(v) => v.unsigned_abs().to_string(),
            DecimalValue::Wide { magnitude, .. } => {
                // Repeated division by 10^19, least significant chunk first.
                const CHUNK: u64 = 10_000_000_000_000_000_000;
                let mut rest = *magnitude;
                let mut chunks = Vec::new();
                while rest.iter().any(|l| *l != 0) {
                    let mut rem: u128 = 0;
                    for limb in rest.iter_mut().rev() {
                        let cur = (rem << 64) | u128::from(*limb);
                        *limb = (cur / u128::from(CHUNK)) as u64;
                        rem = cur % u128::from(CHUNK);
                    }
                    chunks.push(rem as u64);
                }
                let mut s = String::new();
                for (i, chunk) in chunks.iter().rev().enumerate() {
                    if i == 0 {
                        s.push_str(&chunk.to_string());
                    } else {
                        s.push_str(&format!("{chunk:019}"));
                    }
                }
                if s.is_empty() {
                    s.push('0');
                }
                s
            }
        }
    }

    /// `BigDecimal.toPlainString()` of unscaled × 10^-scale.
    pub fn to_plain_string(&self, scale: u32) -> String {
        let digits = self.magnitude_digits();
        let scale = scale as usize;
        let mut s = String::with_capacity(digits.len() + scale + 3);
        if self.is_negative() {
            s.push('-');
        }
        if scale == 0 {
            s.push_str(&digits);
        } else if digits.len() > scale {
            let (int, frac) = digits.split_at(digits.len() - scale);
            s.push_str(int);
            s.push('.');
            s.push_str(frac);
        } else {
            s.push_str("0.");
            for _ in digits.len()..scale {
                s.push('0');
            }
            s.push_str(&digits);
        }
        s
    }
}

/// One field's logical value, as a Debezium converter delivers it.
#[derive(Debug, Clone, PartialEq)]
pub enum Datum<'x> {
    /// null.
    Null,
    /// boolean.
    Boolean(bool),
    /// int8/int16/int32/int64 (all written the same way).
    Int(i64),
    /// float32.
    Float32(f32),
    /// float64.
    Float64(f64),
    /// A string known to be valid UTF-8.
    Str(&'x str),
    /// A string still in its column charset.
    Text {
        /// Raw bytes.
        bytes: &'x [u8],
        /// How to decode them.
        charset: Charset,
    },
    /// Connect bytes (base64 in JSON); right-padded with 0x00 up to `pad_to`
    /// (BINARY(n), Debezium's DBZ-254).
    Bytes {
        /// The bytes.
        bytes: &'x [u8],
        /// Minimum length.
        pad_to: usize,
    },
    /// A binary column under `binary.handling.mode` base64/base64-url-safe/hex: a string.
    BinaryText {
        /// The bytes.
        bytes: &'x [u8],
        /// Minimum length (0x00 padding).
        pad_to: usize,
        /// The text encoding.
        encoding: BinaryTextEncoding,
    },
    /// `io.debezium.data.Bits`: the stored big-endian bytes, emitted little-endian and
    /// padded to `len` bytes.
    BitsLittleEndian {
        /// The stored (big-endian) bytes.
        big_endian: &'x [u8],
        /// Bytes of the Connect value: ceil(M / 8).
        len: usize,
    },
    /// Connect `Decimal`: bytes of the unscaled value.
    Decimal(DecimalValue),
    /// A DECIMAL in `decimal.handling.mode=string`.
    DecimalString {
        /// The unscaled value.
        unscaled: DecimalValue,
        /// Digits after the point.
        scale: u32,
    },
    /// `io.debezium.time.ZonedTimestamp`: an instant, written as ISO-8601 in UTC.
    ZonedTimestamp {
        /// Seconds since the epoch.
        epoch_seconds: i64,
        /// Nanoseconds within the second.
        nanos: u32,
        /// Fraction digits to write (`None`: as many as needed, none when zero).
        fraction_digits: Option<u8>,
    },
    /// `io.debezium.time.IsoDate` (`time.precision.mode=isostring`): `yyyy-MM-ddZ`.
    IsoDate {
        /// Days since 1970-01-01.
        days: i64,
    },
    /// `io.debezium.time.IsoTime` (`time.precision.mode=isostring`): `HH:mm:ss[.f]Z`.
    IsoTime {
        /// Microseconds since midnight, below 24 h.
        micros_of_day: i64,
    },
    /// `io.debezium.data.EnumSet`: members whose bit is set, joined with ','.
    SetMembers {
        /// Bit i set means member i.
        bits: u64,
        /// The members in declaration order.
        members: &'x [String],
    },
    /// `io.debezium.data.geometry.Geometry`.
    Geometry {
        /// Well-known binary.
        wkb: &'x [u8],
        /// SRID (null when 0).
        srid: Option<i32>,
    },
    /// `io.debezium.data.geometry.Point`.
    Point {
        /// X.
        x: f64,
        /// Y.
        y: f64,
        /// Well-known binary.
        wkb: &'x [u8],
        /// SRID (null when 0).
        srid: Option<i32>,
    },
    /// `io.debezium.data.FloatVector`: little-endian float32s.
    FloatVector(&'x [u8]),
    /// MySQL binary JSON, rendered as Debezium's `JsonBinary.parseAsString` text;
    /// unreadable input becomes null (or "{}" when the column is NOT NULL).
    JsonBinary {
        /// The binary JSON.
        bytes: &'x [u8],
        /// Whether the column is nullable.
        optional: bool,
    },
    /// MariaDB UUID/INET4/INET6 bytes, written as their text form (a string).
    FixedBinText {
        /// The stored bytes.
        bytes: &'x [u8],
        /// Which type.
        kind: super::FixedBinKind,
    },
    /// A value computed when the table envelope was built (defaults, fallbacks).
    Owned(&'x OwnedDatum),
}

/// Text encodings of binary columns (`binary.handling.mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryTextEncoding {
    /// Standard base64.
    Base64,
    /// URL-safe base64.
    Base64UrlSafe,
    /// Lower-case hex.
    Hex,
}

/// An owned logical value: column defaults and replacement values.
#[derive(Debug, Clone, PartialEq)]
pub enum OwnedDatum {
    /// boolean.
    Boolean(bool),
    /// Any integer type.
    Int(i64),
    /// float32.
    Float32(f32),
    /// float64.
    Float64(f64),
    /// string.
    String(String),
    /// bytes (base64 in JSON).
    Bytes(Vec<u8>),
    /// A binary column's text encoding of bytes.
    BinaryText(Vec<u8>, BinaryTextEncoding),
    /// Connect `Decimal`.
    Decimal(DecimalValue),
    /// Geometry struct.
    Geometry {
        /// Well-known binary.
        wkb: Vec<u8>,
        /// SRID.
        srid: Option<i32>,
    },
    /// A float vector.
    FloatVector(Vec<f32>),
}

/// Writes an instant as `ZonedTimestamp.toIsoString` does for a UTC `ZonedDateTime`:
/// `yyyy-MM-ddTHH:mm:ss[.fraction]Z`. With `fraction_digits` the fraction has exactly
/// that many digits (truncated); without, it has as many as needed and none when zero
/// (`ISO_OFFSET_DATE_TIME`).
pub fn write_zoned_timestamp(
    out: &mut Vec<u8>,
    epoch_seconds: i64,
    nanos: u32,
    fraction_digits: Option<u8>,
) {
    let days = epoch_seconds.div_euclid(86_400);
    let secs_of_day = epoch_seconds.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    if (0..=9999).contains(&year) {
        push_padded(out, year as u64, 4);
    } else {
        // java.time prints a sign and at least four digits outside 0000..9999.
        out.push(if year < 0 { b'-' } else { b'+' });
        push_padded(out, year.unsigned_abs(), 4);
    }
    out.push(b'-');
    push_padded(out, u64::from(month), 2);
    out.push(b'-');
    push_padded(out, u64::from(day), 2);
    out.push(b'T');
    push_padded(out, (secs_of_day / 3600) as u64, 2);
    out.push(b':');
    push_padded(out, (secs_of_day / 60 % 60) as u64, 2);
    out.push(b':');
    push_padded(out, (secs_of_day % 60) as u64, 2);
    let nanos = nanos.min(999_999_999);
    match fraction_digits {
        Some(width) if (1..=9).contains(&width) => {
            out.push(b'.');
            let mut digits = [0u8; 9];
            push_nanos(&mut digits, nanos);
            out.extend_from_slice(&digits[..usize::from(width)]);
        }
        _ if nanos != 0 => {
            out.push(b'.');
            let mut digits = [0u8; 9];
            push_nanos(&mut digits, nanos);
            let mut len = 9;
            while len > 1 && digits[len - 1] == b'0' {
                len -= 1;
            }
            out.extend_from_slice(&digits[..len]);
        }
        _ => {}
    }
    out.push(b'Z');
}

/// Writes a date as `IsoDate.toIsoString` does (`ISO_OFFSET_DATE` of a UTC date):
/// `yyyy-MM-ddZ`, with a sign and at least four digits outside 0000..9999.
pub fn write_iso_date(out: &mut Vec<u8>, days: i64) {
    let (year, month, day) = civil_from_days(days);
    push_year(out, year);
    out.push(b'-');
    push_padded(out, u64::from(month), 2);
    out.push(b'-');
    push_padded(out, u64::from(day), 2);
    out.push(b'Z');
}

/// Writes a time of day as `IsoTime.toIsoString` does (`ISO_OFFSET_TIME` in UTC):
/// `HH:mm:ss[.fraction]Z`, the fraction as short as it can be and absent when zero.
pub fn write_iso_time(out: &mut Vec<u8>, micros_of_day: i64) {
    let micros = micros_of_day.rem_euclid(86_400_000_000);
    let secs = micros / 1_000_000;
    push_padded(out, (secs / 3600) as u64, 2);
    out.push(b':');
    push_padded(out, (secs / 60 % 60) as u64, 2);
    out.push(b':');
    push_padded(out, (secs % 60) as u64, 2);
    push_trimmed_fraction(out, (micros % 1_000_000 * 1000) as u32);
    out.push(b'Z');
}

/// `.fraction` with trailing zeros dropped; nothing for zero (`appendFraction(0, 9)`).
fn push_trimmed_fraction(out: &mut Vec<u8>, nanos: u32) {
    if nanos == 0 {
        return;
    }
    out.push(b'.');
    let mut digits = [0u8; 9];
    push_nanos(&mut digits, nanos.min(999_999_999));
    let mut len = 9;
    while len > 1 && digits[len - 1] == b'0' {
        len -= 1;
    }
    out.extend_from_slice(&digits[..len]);
}

/// java.time's year: four digits in 0000..9999, else a sign and at least four digits.
fn push_year(out: &mut Vec<u8>, year: i64) {
    if (0..=9999).contains(&year) {
        push_padded(out, year as u64, 4);
    } else {
        out.push(if year < 0 { b'-' } else { b'+' });
        push_padded(out, year.unsigned_abs(), 4);
    }
}

fn push_nanos(digits: &mut [u8; 9], nanos: u32) {
    let mut n = nanos;
    for d in digits.iter_mut().rev() {
        *d = b'0' + (n % 10) as u8;
        n /= 10;
    }
}

fn push_padded(out: &mut Vec<u8>, value: u64, width: usize) {
    let mut buf = [b'0'; 20];
    let mut n = value;
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let start = i.min(buf.len() - width);
    out.extend_from_slice(&buf[start..]);
}

/// Proleptic Gregorian (year, month, day) of days since 1970-01-01 (Howard Hinnant's
/// `civil_from_days`).
pub(crate) fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// A fixed buffer for `core::fmt` output, so number formatting does not allocate.
struct StackText {
    buf: [u8; 48],
    len: usize,
}

impl std::fmt::Write for StackText {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = self.len + s.len();
        let dst = self.buf.get_mut(self.len..end).ok_or(std::fmt::Error)?;
        dst.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// Appends Java's `Double.toString(v)` (shortest round-trip digits; plain notation for
/// 1e-3 <= |v| < 1e7, else `d.dddE±n`; "NaN", "Infinity", "-Infinity").
pub fn write_java_double(out: &mut Vec<u8>, v: f64) {
    if !v.is_finite() {
        write_java_non_finite(out, v.is_nan(), v > 0.0);
        return;
    }
    let mut text = StackText {
        buf: [0; 48],
        len: 0,
    };
    let _ = std::fmt::write(&mut text, format_args!("{v:e}"));
    write_java_decimal(out, text.buf.get(..text.len).unwrap_or_default());
}

/// Appends Java's `Float.toString(v)`.
pub fn write_java_float(out: &mut Vec<u8>, v: f32) {
    if !v.is_finite() {
        write_java_non_finite(out, v.is_nan(), v > 0.0);
        return;
    }
    let mut text = StackText {
        buf: [0; 48],
        len: 0,
    };
    let _ = std::fmt::write(&mut text, format_args!("{v:e}"));
    write_java_decimal(out, text.buf.get(..text.len).unwrap_or_default());
}

fn write_java_non_finite(out: &mut Vec<u8>, nan: bool, positive: bool) {
    out.extend_from_slice(match (nan, positive) {
        (true, _) => b"NaN".as_slice(),
        (false, true) => b"Infinity".as_slice(),
        (false, false) => b"-Infinity".as_slice(),
    });
}

/// Rewrites Rust's shortest `{:e}` text (`-d.ddde±x`) in Java's `toString` layout.
fn write_java_decimal(out: &mut Vec<u8>, sci: &[u8]) {
    let (negative, sci) = match sci.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, sci),
    };
    let e_pos = sci.iter().position(|&b| b == b'e').unwrap_or(sci.len());
    let (mantissa, exp_text) = sci.split_at(e_pos);
    let exp: i32 = std::str::from_utf8(exp_text.get(1..).unwrap_or_default())
        .ok()
        .and_then(|t| t.parse().ok())
        .unwrap_or(0);
    let mut digits = [0u8; 40];
    let mut n = 0;
    for &b in mantissa.iter().filter(|b| b.is_ascii_digit()) {
        if let Some(slot) = digits.get_mut(n) {
            *slot = b;
            n += 1;
        }
    }
    let digits = digits.get(..n.max(1)).unwrap_or(b"0");
    if negative {
        out.push(b'-');
    }
    let is_zero = digits.iter().all(|&d| d == b'0');
    if is_zero {
        out.extend_from_slice(b"0.0");
    } else if (-3..7).contains(&exp) {
        if exp < 0 {
            out.extend_from_slice(b"0.");
            for _ in 0..(-exp - 1) {
                out.push(b'0');
            }
            out.extend_from_slice(digits);
        } else {
            let int_len = exp as usize + 1;
            for k in 0..int_len {
                out.push(digits.get(k).copied().unwrap_or(b'0'));
            }
            out.push(b'.');
            match digits.get(int_len..) {
                Some(rest) if !rest.is_empty() => out.extend_from_slice(rest),
                _ => out.push(b'0'),
            }
        }
    } else {
        out.push(digits.first().copied().unwrap_or(b'0'));
        out.push(b'.');
        match digits.get(1..) {
            Some(rest) if !rest.is_empty() => out.extend_from_slice(rest),
            _ => out.push(b'0'),
        }
        out.push(b'E');
        out.extend_from_slice(exp.to_string().as_bytes());
    }
}
