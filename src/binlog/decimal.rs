//! Reading packed DECIMAL values (`strings/decimal.c`, `bin2decimal`).
//!
//! Owns the conversions of a [`PackedDecimal`] view to exact forms: the unscaled
//! digit string with its sign, the plain decimal string, and the unscaled value as a
//! big-endian two's-complement byte vector (Java `BigInteger.toByteArray()`, what
//! Kafka Connect's `Decimal` logical type carries). Allocates only on request.
//!
//! Layout: the integer digits then the fraction digits, in groups of 9 decimal digits
//! stored as 4 big-endian bytes; a leading (integer) or trailing (fraction) partial
//! group uses `dig2bytes[digits]` bytes. The top bit of the first byte is flipped
//! (set = non-negative) and negative values have every byte inverted.

use std::fmt;

use super::value::PackedDecimal;

const DIG2BYTES: [usize; 10] = [0, 1, 1, 2, 2, 3, 3, 4, 4, 4];
const DIG_PER_DEC: usize = 9;

impl PackedDecimal<'_> {
    /// True when the sign bit says negative.
    pub fn is_negative(&self) -> bool {
        self.bytes.first().is_some_and(|b| b & 0x80 == 0)
    }

    /// The sign and the unscaled digits (integer digits followed by exactly `scale`
    /// fraction digits, leading zeros removed, `"0"` for zero). A negative zero
    /// reports `false`. Missing bytes (a malformed view) read as zeros.
    pub fn to_unscaled_digits(&self) -> (bool, String) {
        let (int_digits, frac_digits) = self.digit_parts();
        let mut digits = String::with_capacity(int_digits.len() + frac_digits.len());
        digits.push_str(int_digits.trim_start_matches('0'));
        digits.push_str(&frac_digits);
        let trimmed = digits.trim_start_matches('0');
        let digits = if trimmed.is_empty() {
            "0".to_string()
        } else {
            trimmed.to_string()
        };
        let negative = self.is_negative() && digits != "0";
        (negative, digits)
    }

    /// The unscaled value as minimal big-endian two's-complement bytes, like Java's
    /// `new BigDecimal(this).unscaledValue().toByteArray()`.
    pub fn to_unscaled_be_bytes(&self) -> Vec<u8> {
        let (negative, digits) = self.to_unscaled_digits();
        twos_complement_be(negative, &digits)
    }

    /// Splits into (integer digits with leading zeros, fraction digits).
    fn digit_parts(&self) -> (String, String) {
        let scale = usize::from(self.scale);
        let intg = usize::from(self.precision).saturating_sub(scale);
        let mask = if self.is_negative() { 0xff } else { 0x00 };
        let mut pos = 0usize;
        let mut read_group = |n: usize| -> u32 {
            let mut v = 0u32;
            for _ in 0..n {
                let mut b = self.bytes.get(pos).copied().unwrap_or(mask) ^ mask;
                if pos == 0 {
                    b ^= 0x80;
                }
                v = (v << 8) | u32::from(b);
                pos += 1;
            }
            v
        };
        let mut int_digits = String::with_capacity(intg);
        let lead = intg % DIG_PER_DEC;
        if lead > 0 {
            push_padded(
                &mut int_digits,
                read_group(DIG2BYTES.get(lead).copied().unwrap_or(4)),
                lead,
            );
        }
        for _ in 0..intg / DIG_PER_DEC {
            push_padded(&mut int_digits, read_group(4), DIG_PER_DEC);
        }
        let mut frac_digits = String::with_capacity(scale);
        for _ in 0..scale / DIG_PER_DEC {
            push_padded(&mut frac_digits, read_group(4), DIG_PER_DEC);
        }
        let trail = scale % DIG_PER_DEC;
        if trail > 0 {
            push_padded(
                &mut frac_digits,
                read_group(DIG2BYTES.get(trail).copied().unwrap_or(4)),
                trail,
            );
        }
        (int_digits, frac_digits)
    }
}

/// Appends `v` zero-padded to `width` digits.
fn push_padded(out: &mut String, v: u32, width: usize) {
    use fmt::Write;
    let _ = write!(out, "{v:0width$}");
}

/// Big-endian magnitude of a decimal digit string, then two's complement, minimal.
fn twos_complement_be(negative: bool, digits: &str) -> Vec<u8> {
    // Magnitude, big-endian, with one leading zero byte to hold the sign bit.
    let mut mag: Vec<u8> = vec![0];
    for d in digits.bytes() {
        let mut carry = u32::from(d.wrapping_sub(b'0') % 10);
        for byte in mag.iter_mut().rev() {
            let v = u32::from(*byte) * 10 + carry;
            *byte = v as u8;
            carry = v >> 8;
        }
        while carry > 0 {
            mag.insert(0, carry as u8);
            carry >>= 8;
        }
        if mag.first().is_some_and(|&b| b != 0) {
            mag.insert(0, 0);
        }
    }
    if negative {
        for b in mag.iter_mut() {
            *b = !*b;
        }
        for b in mag.iter_mut().rev() {
            let (v, overflow) = b.overflowing_add(1);
            *b = v;
            if !overflow {
                break;
            }
        }
    }
    // Drop sign-extension bytes the next byte already implies.
    let sign_byte = if negative { 0xff } else { 0x00 };
    let mut start = 0;
    while let (Some(&b), Some(&next)) = (mag.get(start), mag.get(start + 1)) {
        if b != sign_byte || (next & 0x80 == 0) != (sign_byte == 0) {
            break;
        }
        start += 1;
    }
    mag.split_off(start)
}

impl fmt::Display for PackedDecimal<'_> {
    /// The plain decimal form, e.g. `-12345.678`, with exactly `scale` fraction digits.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (int_digits, frac_digits) = self.digit_parts();
        let int_part = int_digits.trim_start_matches('0');
        let is_zero = int_part.is_empty() && frac_digits.bytes().all(|b| b == b'0');
        if self.is_negative() && !is_zero {
            f.write_str("-")?;
        }
        f.write_str(if int_part.is_empty() { "0" } else { int_part })?;
        if !frac_digits.is_empty() {
            f.write_str(".")?;
            f.write_str(&frac_digits)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Packs a decimal string the way `decimal2bin` does; test-only, so the round
    /// trip below checks the reader against an independent writer.
    fn pack(
        negative: bool,
        int_digits: &str,
        frac_digits: &str,
        precision: u8,
        scale: u8,
    ) -> Vec<u8> {
        let intg = usize::from(precision - scale);
        let scale = usize::from(scale);
        let int_padded = format!("{int_digits:0>intg$}");
        let frac_padded = format!("{frac_digits:0<scale$}");
        let mut out = Vec::new();
        let mut put = |digits: &str, nbytes: usize| {
            let v: u32 = if digits.is_empty() {
                0
            } else {
                digits.parse().unwrap()
            };
            out.extend_from_slice(&v.to_be_bytes()[4 - nbytes..]);
        };
        let lead = intg % 9;
        put(&int_padded[..lead], DIG2BYTES[lead]);
        for i in 0..intg / 9 {
            put(&int_padded[lead + i * 9..lead + i * 9 + 9], 4);
        }
        for i in 0..scale / 9 {
            put(&frac_padded[i * 9..i * 9 + 9], 4);
        }
        let trail = scale % 9;
        put(&frac_padded[scale - trail..], DIG2BYTES[trail]);
        out[0] ^= 0x80;
        if negative {
            for b in out.iter_mut() {
                *b = !*b;
            }
        }
        out
    }

    fn dec(bytes: &[u8], precision: u8, scale: u8) -> PackedDecimal<'_> {
        PackedDecimal {
            bytes,
            precision,
            scale,
        }
    }

    /// The example of `strings/decimal.c`'s `decimal2bin` comment: 1234567890.1234
    /// as DECIMAL(14,4) is `81 0D FB 38 D2 04 D2`.
    #[test]
    fn mysql_documented_example() {
        let b = [0x81, 0x0D, 0xFB, 0x38, 0xD2, 0x04, 0xD2];
        assert_eq!(dec(&b, 14, 4).to_string(), "1234567890.1234");
        // ... and its negation `7E F2 04 C7 2D FB 2D`.
        let n = [0x7E, 0xF2, 0x04, 0xC7, 0x2D, 0xFB, 0x2D];
        assert_eq!(dec(&n, 14, 4).to_string(), "-1234567890.1234");
    }

    /// Expected bytes are Debezium's (`binlog-fixtures/reference/types.stream.jsonl`,
    /// c_dec2 = 9999999999 → "AlQL4/8=", -1 → "/w==", c_udec 12345.678 → "ALxhTg==").
    #[test]
    fn unscaled_bytes_match_debezium() {
        let b = pack(false, "9999999999", "", 10, 0);
        assert_eq!(
            dec(&b, 10, 0).to_unscaled_be_bytes(),
            [0x02, 0x54, 0x0B, 0xE3, 0xFF]
        );
        let b = pack(true, "1", "", 10, 0);
        assert_eq!(dec(&b, 10, 0).to_string(), "-1");
        assert_eq!(dec(&b, 10, 0).to_unscaled_be_bytes(), [0xFF]);
        let b = pack(false, "12345", "678", 8, 3);
        assert_eq!(
            dec(&b, 8, 3).to_unscaled_be_bytes(),
            [0x00, 0xBC, 0x61, 0x4E]
        );
    }

    #[test]
    fn twos_complement_edges() {
        assert_eq!(twos_complement_be(false, "0"), [0x00]);
        assert_eq!(twos_complement_be(true, "128"), [0x80]);
        assert_eq!(twos_complement_be(true, "129"), [0xFF, 0x7F]);
        assert_eq!(twos_complement_be(false, "128"), [0x00, 0x80]);
        assert_eq!(twos_complement_be(false, "65536"), [0x01, 0x00, 0x00]);
    }

    proptest::proptest! {
        #[test]
        fn round_trip(precision in 1u8..=65, scale_seed in 0u8..=30, negative: bool,
                      digits in "[0-9]{65}") {
            let scale = scale_seed.min(precision);
            let intg = usize::from(precision - scale);
            let int_digits = &digits[..intg];
            let frac_digits = &digits[intg..intg + usize::from(scale)];
            let b = pack(negative, int_digits, frac_digits, precision, scale);
            let d = dec(&b, precision, scale);
            let int_trim = int_digits.trim_start_matches('0');
            let int_show = if int_trim.is_empty() { "0" } else { int_trim };
            let is_zero = int_trim.is_empty() && frac_digits.bytes().all(|c| c == b'0');
            let mut expected = String::new();
            if negative && !is_zero { expected.push('-'); }
            expected.push_str(int_show);
            if scale > 0 { expected.push('.'); expected.push_str(frac_digits); }
            proptest::prop_assert_eq!(d.to_string(), expected);
            let (neg, unscaled) = d.to_unscaled_digits();
            proptest::prop_assert_eq!(neg, negative && !is_zero);
            let all = format!("{int_digits}{frac_digits}");
            let all_trim = all.trim_start_matches('0');
            proptest::prop_assert_eq!(unscaled, if all_trim.is_empty() { "0".to_string() } else { all_trim.to_string() });
        }
    }
}
