//! MariaDB's fixed-size binary data types — UUID (10.7), INET4 (10.10), INET6 (10.5) —
//! written as the text the server shows for them.
//!
//! The binlog carries their stored bytes (16, 4 and 16 bytes, big-endian); Debezium's
//! MariaDB connector turns a UUID's bytes into `java.util.UUID.toString()` (lower-case
//! 8-4-4-4-12 hex), and the INET types are written as MariaDB's `CAST(col AS CHAR)`
//! does (the algorithm of MySQL's `INET6_NTOA`: the first longest run of zero groups,
//! even a single one, becomes `::`, IPv4-compatible and IPv4-mapped addresses end in a dotted
//! quad). Owns only those text forms; which columns use them is `column`'s business.

/// Which fixed-size binary type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixedBinKind {
    /// UUID: 16 bytes.
    Uuid,
    /// INET4: 4 bytes.
    Inet4,
    /// INET6: 16 bytes.
    Inet6,
}

impl FixedBinKind {
    /// Bytes of a stored value.
    pub fn byte_len(self) -> usize {
        match self {
            FixedBinKind::Uuid | FixedBinKind::Inet6 => 16,
            FixedBinKind::Inet4 => 4,
        }
    }

    /// Appends the text form of `bytes`: the stored value with its trailing 0x00
    /// bytes possibly cut (the binlog packs these types as `CHAR(n) BINARY`), so it is
    /// padded back to [`Self::byte_len`]; longer input is written as far as it goes,
    /// never panicking.
    pub fn write_text(self, bytes: &[u8], out: &mut Vec<u8>) {
        let mut padded = [0u8; 16];
        let len = self.byte_len();
        let bytes = if bytes.len() < len {
            padded[..bytes.len()].copy_from_slice(bytes);
            &padded[..len]
        } else {
            bytes
        };
        match self {
            FixedBinKind::Uuid => write_uuid(bytes, out),
            FixedBinKind::Inet4 => write_dotted_quad(bytes, out),
            FixedBinKind::Inet6 => write_inet6(bytes, out),
        }
    }

    /// The text form as a `String`.
    pub fn to_text(self, bytes: &[u8]) -> String {
        let mut out = Vec::with_capacity(48);
        self.write_text(bytes, &mut out);
        // Only ASCII hex digits, dots, colons and dashes are written.
        String::from_utf8_lossy(&out).into_owned()
    }
}

const HEX: &[u8; 16] = b"0123456789abcdef";

fn write_uuid(bytes: &[u8], out: &mut Vec<u8>) {
    for (i, b) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push(b'-');
        }
        out.push(HEX[usize::from(b >> 4)]);
        out.push(HEX[usize::from(b & 0x0f)]);
    }
}

fn write_dotted_quad(bytes: &[u8], out: &mut Vec<u8>) {
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 {
            out.push(b'.');
        }
        out.extend_from_slice(b.to_string().as_bytes());
    }
}

fn write_hex_group(group: u16, out: &mut Vec<u8>) {
    let text = format!("{group:x}");
    out.extend_from_slice(text.as_bytes());
}

/// The first longest run of zero groups. Unlike RFC 5952, MariaDB also shortens a
/// single zero group (`2001:db8::1:1:1:1:1`).
fn longest_zero_run(groups: &[u16; 8]) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize)> = None;
    let mut i = 0;
    while i < groups.len() {
        if groups[i] != 0 {
            i += 1;
            continue;
        }
        let start = i;
        while i < groups.len() && groups[i] == 0 {
            i += 1;
        }
        let len = i - start;
        if best.is_none_or(|(_, l)| len > l) {
            best = Some((start, len));
        }
    }
    best
}

fn write_inet6(bytes: &[u8], out: &mut Vec<u8>) {
    let Ok(raw) = <[u8; 16]>::try_from(bytes) else {
        write_uuid(bytes, out);
        return;
    };
    let mut groups = [0u16; 8];
    for (g, pair) in groups.iter_mut().zip(raw.chunks_exact(2)) {
        *g = u16::from_be_bytes([pair[0], pair[1]]);
    }
    let gap = longest_zero_run(&groups);
    // IPv4-compatible (::a.b.c.d) and IPv4-mapped (::ffff:a.b.c.d) addresses.
    match gap {
        Some((0, 6)) => {
            out.extend_from_slice(b"::");
            write_dotted_quad(&raw[12..], out);
            return;
        }
        Some((0, 5)) if groups[5] == 0xffff => {
            out.extend_from_slice(b"::ffff:");
            write_dotted_quad(&raw[12..], out);
            return;
        }
        _ => {}
    }
    let mut i = 0;
    while i < 8 {
        if let Some((start, len)) = gap
            && i == start
        {
            out.extend_from_slice(if i == 0 { b"::" } else { b":" });
            i += len;
            continue;
        }
        write_hex_group(groups[i], out);
        if i < 7 {
            out.push(b':');
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv6Addr;

    fn inet6(text: &str) -> String {
        let addr: Ipv6Addr = text.parse().expect("test address");
        FixedBinKind::Inet6.to_text(&addr.octets())
    }

    /// MySQL 8.4 manual's INET6_NTOA examples plus zero-run edge cases; the same
    /// addresses are checked against a live server in `tests/mariadb_types.rs`.
    #[test]
    fn inet6_text_follows_inet6_ntoa() {
        assert_eq!(
            inet6("fdfe::5a55:caff:fefa:9089"),
            "fdfe::5a55:caff:fefa:9089"
        );
        assert_eq!(inet6("::10.0.5.9"), "::10.0.5.9");
        assert_eq!(inet6("::ffff:10.0.5.9"), "::ffff:10.0.5.9");
        assert_eq!(inet6("::"), "::");
        assert_eq!(inet6("::1"), "::1");
        assert_eq!(inet6("1::"), "1::");
        assert_eq!(inet6("2001:db8:0:0:1:0:0:1"), "2001:db8::1:0:0:1");
        assert_eq!(inet6("2001:db8:0:1:1:1:1:1"), "2001:db8::1:1:1:1:1");
    }

    #[test]
    fn uuid_and_inet4_text() {
        let uuid = [
            0x12, 0x3e, 0x45, 0x67, 0xe8, 0x9b, 0x12, 0xd3, 0xa4, 0x56, 0x42, 0x66, 0x55, 0x44, 0,
            0,
        ];
        assert_eq!(
            FixedBinKind::Uuid.to_text(&uuid),
            "123e4567-e89b-12d3-a456-426655440000"
        );
        assert_eq!(
            FixedBinKind::Inet4.to_text(&[192, 168, 1, 10]),
            "192.168.1.10"
        );
    }

    #[test]
    fn cut_trailing_zero_bytes_are_restored() {
        assert_eq!(
            FixedBinKind::Uuid.to_text(&[0x12, 0x3e]),
            "123e0000-0000-0000-0000-000000000000"
        );
        assert_eq!(FixedBinKind::Inet6.to_text(&[0x20, 0x01]), "2001::");
        assert_eq!(FixedBinKind::Inet4.to_text(&[]), "0.0.0.0");
    }

    #[test]
    fn wrong_lengths_do_not_panic() {
        for kind in [FixedBinKind::Uuid, FixedBinKind::Inet4, FixedBinKind::Inet6] {
            for len in [0, 1, 3, 15, 17] {
                let _ = kind.to_text(&vec![0xab; len]);
            }
        }
    }
}
