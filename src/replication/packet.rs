//! Sans-IO packet framing of the MySQL client/server protocol, and a bounds-checked
//! reader for packet payloads.
//!
//! Owns the 4-byte packet header (3-byte little-endian payload length + sequence id),
//! the reassembly of payloads of 16 MiB - 1 bytes or more that the protocol splits over
//! several packets, and the generic ERR/EOF/OK packet shapes. It must not do I/O: bytes
//! in, `Bytes` payloads out, `Ok(None)` while a frame is incomplete (the anchor is
//! rust-postgres' `Message::parse`). Format: MySQL internals manual,
//! "MySQL Packets" and "Generic Response Packets".

use bytes::{BufMut, Bytes, BytesMut};

use super::error::ServerError;

/// Largest payload one packet carries; a payload of this length continues in the next
/// packet (MySQL `MAX_PACKET_LENGTH`).
pub(crate) const MAX_PAYLOAD_LEN: usize = 0xFF_FFFF;

/// Size of the packet header.
const HEADER_LEN: usize = 4;

/// First byte of an OK packet.
pub(crate) const OK_HEADER: u8 = 0x00;
/// First byte of an EOF packet (and of an AuthSwitchRequest during the handshake).
pub(crate) const EOF_HEADER: u8 = 0xFE;
/// First byte of an ERR packet.
pub(crate) const ERR_HEADER: u8 = 0xFF;

/// Bytes that break the protocol; the caller adds the server address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ProtocolViolation(pub(crate) String);

/// One logical packet: its payload with split packets already joined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Packet {
    /// Sequence id of the first (or only) physical packet.
    pub(crate) first_seq: u8,
    /// Sequence id of the last physical packet.
    pub(crate) last_seq: u8,
    /// The payload, without headers.
    pub(crate) payload: Bytes,
}

/// Takes one complete logical packet off the front of `buf`.
///
/// Returns `Ok(None)` while the packet is incomplete, after reserving room for at
/// least the missing bytes of the current physical packet. A payload that fits in one
/// packet is handed out without copying (`split_to` + `freeze`); a split payload is
/// joined into one buffer. Physical packets of one payload must have consecutive
/// sequence ids.
pub(crate) fn parse_packet(buf: &mut BytesMut) -> Result<Option<Packet>, ProtocolViolation> {
    let mut offset = 0usize;
    let mut fragments = 0usize;
    let mut payload_len = 0usize;
    let mut first_seq = 0u8;
    let mut last_seq = 0u8;
    loop {
        let Some(&[len_0, len_1, len_2, seq]) = buf.get(offset..offset + HEADER_LEN) else {
            buf.reserve(offset + HEADER_LEN - buf.len());
            return Ok(None);
        };
        let len = usize::from(len_0) | usize::from(len_1) << 8 | usize::from(len_2) << 16;
        if fragments == 0 {
            first_seq = seq;
        } else if seq != last_seq.wrapping_add(1) {
            return Err(ProtocolViolation(format!(
                "packet {} of a split payload has sequence id {seq}, expected {}",
                fragments + 1,
                last_seq.wrapping_add(1)
            )));
        }
        last_seq = seq;
        let end = offset + HEADER_LEN + len;
        if buf.len() < end {
            buf.reserve(end - buf.len());
            return Ok(None);
        }
        fragments += 1;
        payload_len += len;
        offset = end;
        if len < MAX_PAYLOAD_LEN {
            break;
        }
    }
    let payload = if fragments == 1 {
        let mut frame = buf.split_to(offset);
        let _header = frame.split_to(HEADER_LEN);
        frame.freeze()
    } else {
        join_fragments(buf.split_to(offset), payload_len)
    };
    Ok(Some(Packet {
        first_seq,
        last_seq,
        payload,
    }))
}

/// Copies the payloads of consecutive, complete physical packets into one buffer.
fn join_fragments(frames: BytesMut, payload_len: usize) -> Bytes {
    let mut joined = BytesMut::with_capacity(payload_len);
    let mut rest = &frames[..];
    while let Some((header, after)) = rest.split_first_chunk::<HEADER_LEN>() {
        let len =
            usize::from(header[0]) | usize::from(header[1]) << 8 | usize::from(header[2]) << 16;
        let take = len.min(after.len());
        joined.extend_from_slice(&after[..take]);
        rest = &after[take..];
    }
    joined.freeze()
}

/// Appends `payload` to `out` as one or more packets starting at sequence id `*seq`,
/// and advances `*seq` past them. A payload whose length is a multiple of
/// [`MAX_PAYLOAD_LEN`] ends with an empty packet, as the protocol requires.
pub(crate) fn write_packet(out: &mut BytesMut, seq: &mut u8, payload: &[u8]) {
    let mut rest = payload;
    loop {
        let chunk_len = rest.len().min(MAX_PAYLOAD_LEN);
        let (chunk, after) = rest.split_at(chunk_len);
        out.reserve(HEADER_LEN + chunk_len);
        // chunk_len <= 0xFF_FFFF, so the three low bytes hold it exactly.
        let len_bytes = (chunk_len as u32).to_le_bytes();
        out.put_slice(&len_bytes[..3]);
        out.put_u8(*seq);
        out.put_slice(chunk);
        *seq = seq.wrapping_add(1);
        rest = after;
        if chunk_len < MAX_PAYLOAD_LEN {
            break;
        }
    }
}

/// Whether `payload` is an EOF packet rather than a row or other data starting with
/// 0xFE (an EOF packet is shorter than 9 bytes; a length-encoded 8-byte integer is not).
pub(crate) fn is_eof_packet(payload: &[u8]) -> bool {
    payload.first() == Some(&EOF_HEADER) && payload.len() < 9
}

/// Parses an ERR packet: 0xFF, error code, optional `#` + 5-byte SQLSTATE, message.
///
/// The SQLSTATE is absent in errors sent before the capabilities are agreed on (e.g.
/// "Too many connections" in place of the handshake); then `HY000` is reported.
pub(crate) fn parse_err_packet(payload: &[u8]) -> Result<ServerError, ProtocolViolation> {
    let mut reader = PayloadReader::new(payload, "ERR packet");
    let header = reader.u8()?;
    if header != ERR_HEADER {
        return Err(ProtocolViolation(format!(
            "ERR packet starts with 0x{header:02X}, expected 0xFF"
        )));
    }
    let code = reader.u16()?;
    let state = if reader.peek() == Some(b'#') {
        reader.skip(1)?;
        String::from_utf8_lossy(reader.bytes(5)?).into_owned()
    } else {
        "HY000".to_owned()
    };
    let message = String::from_utf8_lossy(reader.rest()).into_owned();
    Ok(ServerError {
        code,
        state,
        message,
    })
}

/// The status flags of an EOF packet (0xFE, warnings, status flags).
pub(crate) fn eof_status_flags(payload: &[u8]) -> u16 {
    match payload.get(3..5) {
        Some(&[lo, hi]) => u16::from_le_bytes([lo, hi]),
        _ => 0,
    }
}

/// The status flags of an OK packet (0x00, affected rows, last insert id, status, ...).
pub(crate) fn ok_status_flags(payload: &[u8]) -> Result<u16, ProtocolViolation> {
    let mut reader = PayloadReader::new(payload, "OK packet");
    reader.u8()?;
    reader.lenenc_int()?;
    reader.lenenc_int()?;
    reader.u16()
}

/// A bounds-checked cursor over one packet payload; every read returns an error naming
/// the packet, the field offset and the payload length instead of panicking.
pub(crate) struct PayloadReader<'a> {
    payload: &'a [u8],
    pos: usize,
    what: &'static str,
}

impl<'a> PayloadReader<'a> {
    /// A reader at the start of `payload`, a `what` (e.g. "Handshake V10") for errors.
    pub(crate) fn new(payload: &'a [u8], what: &'static str) -> Self {
        PayloadReader {
            payload,
            pos: 0,
            what,
        }
    }

    fn truncated(&self, wanted: usize) -> ProtocolViolation {
        ProtocolViolation(format!(
            "{} truncated: needed {wanted} more bytes at offset {}, payload is {} bytes",
            self.what,
            self.pos,
            self.payload.len()
        ))
    }

    /// The next byte without consuming it.
    pub(crate) fn peek(&self) -> Option<u8> {
        self.payload.get(self.pos).copied()
    }

    /// Whether all bytes were read.
    pub(crate) fn is_empty(&self) -> bool {
        self.pos >= self.payload.len()
    }

    /// Number of bytes not read yet.
    pub(crate) fn remaining(&self) -> usize {
        self.payload.len().saturating_sub(self.pos)
    }

    /// The next `n` bytes.
    pub(crate) fn bytes(&mut self, n: usize) -> Result<&'a [u8], ProtocolViolation> {
        let end = self.pos.checked_add(n).ok_or_else(|| self.truncated(n))?;
        let slice = self
            .payload
            .get(self.pos..end)
            .ok_or_else(|| self.truncated(n))?;
        self.pos = end;
        Ok(slice)
    }

    /// Skips `n` bytes.
    pub(crate) fn skip(&mut self, n: usize) -> Result<(), ProtocolViolation> {
        self.bytes(n).map(|_| ())
    }

    /// Everything not read yet.
    pub(crate) fn rest(&mut self) -> &'a [u8] {
        let rest = self.payload.get(self.pos..).unwrap_or_default();
        self.pos = self.payload.len();
        rest
    }

    pub(crate) fn u8(&mut self) -> Result<u8, ProtocolViolation> {
        Ok(self.fixed::<1>()?[0])
    }

    pub(crate) fn u16(&mut self) -> Result<u16, ProtocolViolation> {
        Ok(u16::from_le_bytes(self.fixed::<2>()?))
    }

    pub(crate) fn u32(&mut self) -> Result<u32, ProtocolViolation> {
        Ok(u32::from_le_bytes(self.fixed::<4>()?))
    }

    fn fixed<const N: usize>(&mut self) -> Result<[u8; N], ProtocolViolation> {
        let slice = self.bytes(N)?;
        <[u8; N]>::try_from(slice).map_err(|_| self.truncated(N))
    }

    /// A string terminated by 0x00 (the terminator is consumed, not returned).
    pub(crate) fn nul_terminated(&mut self) -> Result<&'a [u8], ProtocolViolation> {
        let rest = self.payload.get(self.pos..).unwrap_or_default();
        let Some(nul) = rest.iter().position(|&b| b == 0) else {
            return Err(ProtocolViolation(format!(
                "{}: string at offset {} has no 0x00 terminator",
                self.what, self.pos
            )));
        };
        let text = self.bytes(nul)?;
        self.skip(1)?;
        Ok(text)
    }

    /// A length-encoded integer; `None` for the NULL marker 0xFB.
    pub(crate) fn lenenc_int_or_null(&mut self) -> Result<Option<u64>, ProtocolViolation> {
        let first = self.u8()?;
        let value = match first {
            0xFB => return Ok(None),
            0xFC => u64::from(self.u16()?),
            0xFD => {
                let b = self.fixed::<3>()?;
                u64::from(u32::from_le_bytes([b[0], b[1], b[2], 0]))
            }
            0xFE => u64::from_le_bytes(self.fixed::<8>()?),
            0xFF => {
                return Err(ProtocolViolation(format!(
                    "{}: 0xFF at offset {} is not a length-encoded integer",
                    self.what,
                    self.pos - 1
                )));
            }
            small => u64::from(small),
        };
        Ok(Some(value))
    }

    /// A length-encoded integer (NULL not allowed).
    pub(crate) fn lenenc_int(&mut self) -> Result<u64, ProtocolViolation> {
        let at = self.pos;
        self.lenenc_int_or_null()?.ok_or_else(|| {
            ProtocolViolation(format!(
                "{}: NULL marker 0xFB at offset {at} where a length was expected",
                self.what
            ))
        })
    }

    /// A length-encoded string; `None` for SQL NULL (0xFB).
    pub(crate) fn lenenc_bytes_or_null(&mut self) -> Result<Option<&'a [u8]>, ProtocolViolation> {
        match self.lenenc_int_or_null()? {
            None => Ok(None),
            Some(len) => {
                let len = usize::try_from(len).map_err(|_| self.truncated(usize::MAX))?;
                self.bytes(len).map(Some)
            }
        }
    }

    /// A length-encoded string (NULL not allowed).
    pub(crate) fn lenenc_bytes(&mut self) -> Result<&'a [u8], ProtocolViolation> {
        let len = self.lenenc_int()?;
        let len = usize::try_from(len).map_err(|_| self.truncated(usize::MAX))?;
        self.bytes(len)
    }
}

/// Appends a length-encoded integer.
pub(crate) fn put_lenenc_int(out: &mut Vec<u8>, value: u64) {
    match value {
        0..=0xFA => out.push(value as u8),
        0xFB..=0xFFFF => {
            out.push(0xFC);
            out.extend_from_slice(&(value as u16).to_le_bytes());
        }
        0x1_0000..=0xFF_FFFF => {
            out.push(0xFD);
            out.extend_from_slice(&(value as u32).to_le_bytes()[..3]);
        }
        _ => {
            out.push(0xFE);
            out.extend_from_slice(&value.to_le_bytes());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn framed(len: usize, seq: u8, body: &[u8]) -> Vec<u8> {
        let mut v = (len as u32).to_le_bytes()[..3].to_vec();
        v.push(seq);
        v.extend_from_slice(body);
        v
    }

    #[test]
    fn incomplete_header_and_body_wait_for_more() {
        let mut buf = BytesMut::from(&[0x05u8, 0x00][..]);
        assert_eq!(parse_packet(&mut buf), Ok(None));
        buf.extend_from_slice(&[0x00, 0x07, b'a', b'b']);
        assert_eq!(parse_packet(&mut buf), Ok(None));
        assert!(buf.capacity() >= 9);
        buf.extend_from_slice(b"cde\x01");
        let packet = parse_packet(&mut buf).unwrap().unwrap();
        assert_eq!(packet.first_seq, 7);
        assert_eq!(packet.last_seq, 7);
        assert_eq!(&packet.payload[..], b"abcde");
        assert_eq!(&buf[..], b"\x01", "bytes of the next packet stay");
    }

    #[test]
    fn empty_packet() {
        let mut buf = BytesMut::from(&[0u8, 0, 0, 3][..]);
        let packet = parse_packet(&mut buf).unwrap().unwrap();
        assert!(packet.payload.is_empty());
        assert!(buf.is_empty());
    }

    #[test]
    fn split_payload_is_joined_and_sequence_checked() {
        let first = vec![0xAB; MAX_PAYLOAD_LEN];
        let mut wire = framed(MAX_PAYLOAD_LEN, 1, &first);
        wire.extend(framed(3, 2, b"xyz"));
        wire.extend(framed(1, 0, b"n"));
        // Fed in two halves: the first half is an incomplete logical packet.
        let (a, b) = wire.split_at(MAX_PAYLOAD_LEN / 2);
        let mut buf = BytesMut::from(a);
        assert_eq!(parse_packet(&mut buf), Ok(None));
        buf.extend_from_slice(b);
        let packet = parse_packet(&mut buf).unwrap().unwrap();
        assert_eq!((packet.first_seq, packet.last_seq), (1, 2));
        assert_eq!(packet.payload.len(), MAX_PAYLOAD_LEN + 3);
        assert_eq!(&packet.payload[MAX_PAYLOAD_LEN..], b"xyz");
        assert!(packet.payload[..MAX_PAYLOAD_LEN].iter().all(|&b| b == 0xAB));
        let next = parse_packet(&mut buf).unwrap().unwrap();
        assert_eq!(&next.payload[..], b"n");
    }

    #[test]
    fn split_payload_with_wrong_sequence_is_an_error() {
        let mut wire = framed(MAX_PAYLOAD_LEN, 1, &vec![0; MAX_PAYLOAD_LEN]);
        wire.extend(framed(0, 5, b""));
        let mut buf = BytesMut::from(&wire[..]);
        assert!(parse_packet(&mut buf).is_err());
    }

    #[test]
    fn write_then_parse_round_trips_exact_multiple() {
        // A payload of exactly 16 MiB - 1 bytes must be followed by an empty packet.
        let payload = vec![7u8; MAX_PAYLOAD_LEN];
        let mut out = BytesMut::new();
        let mut seq = 254;
        write_packet(&mut out, &mut seq, &payload);
        assert_eq!(seq, 0, "two packets, sequence wraps");
        assert_eq!(out.len(), MAX_PAYLOAD_LEN + 8);
        assert_eq!(&out[MAX_PAYLOAD_LEN + 4..], &[0, 0, 0, 255]);
        let packet = parse_packet(&mut out).unwrap().unwrap();
        assert_eq!(packet.payload.len(), MAX_PAYLOAD_LEN);
        assert!(out.is_empty());
    }

    #[test]
    fn write_small_packet() {
        let mut out = BytesMut::new();
        let mut seq = 0;
        write_packet(&mut out, &mut seq, b"\x03SELECT 1");
        assert_eq!(&out[..], b"\x09\x00\x00\x00\x03SELECT 1");
        assert_eq!(seq, 1);
    }

    #[test]
    fn err_packet_with_and_without_sqlstate() {
        // Shape from the MySQL internals manual, ERR_Packet example.
        let with_state = b"\xff\x48\x04#HY000No tables used";
        let err = parse_err_packet(with_state).unwrap();
        assert_eq!(err.code, 1096);
        assert_eq!(err.state, "HY000");
        assert_eq!(err.message, "No tables used");
        let without = b"\xff\x10\x04Too many connections";
        let err = parse_err_packet(without).unwrap();
        assert_eq!(err.code, 1040);
        assert_eq!(err.message, "Too many connections");
        assert!(parse_err_packet(b"\xff\x10").is_err());
    }

    #[test]
    fn eof_versus_row_starting_with_fe() {
        assert!(is_eof_packet(b"\xfe\x00\x00\x02\x00"));
        assert!(!is_eof_packet(b"\xfe\x01\x00\x00\x00\x00\x00\x00\x00x"));
        assert_eq!(eof_status_flags(b"\xfe\x00\x00\x0a\x00"), 0x0a);
    }

    #[test]
    fn lenenc_integers() {
        for value in [
            0u64,
            250,
            251,
            0xFFFF,
            0x1_0000,
            0xFF_FFFF,
            0x100_0000,
            u64::MAX,
        ] {
            let mut out = Vec::new();
            put_lenenc_int(&mut out, value);
            let mut reader = PayloadReader::new(&out, "test");
            assert_eq!(reader.lenenc_int().unwrap(), value);
            assert!(reader.is_empty());
        }
        let mut reader = PayloadReader::new(b"\xfb", "test");
        assert_eq!(reader.lenenc_bytes_or_null().unwrap(), None);
        let mut reader = PayloadReader::new(b"\xfc\x05", "test");
        assert!(reader.lenenc_int().is_err());
        let mut reader = PayloadReader::new(b"\x05abc", "test");
        assert!(reader.lenenc_bytes().is_err());
    }

    #[test]
    fn nul_terminated_strings() {
        let mut reader = PayloadReader::new(b"abc\0de", "test");
        assert_eq!(reader.nul_terminated().unwrap(), b"abc");
        assert!(reader.nul_terminated().is_err());
        assert_eq!(reader.rest(), b"de");
    }

    mod properties {
        use super::super::*;
        use crate::replication::handshake::{parse_auth_switch_request, parse_handshake_v10};
        use crate::replication::result_set::{TextRow, parse_column_definition};
        use proptest::prelude::*;

        proptest! {
            /// Packets written back to back and fed in arbitrary chunks come out as
            /// the same payloads with consecutive sequence ids.
            #[test]
            fn framing_round_trip(
                payloads in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..300), 1..8),
                chunk in 1usize..64,
                first_seq in any::<u8>(),
            ) {
                let mut wire = BytesMut::new();
                let mut seq = first_seq;
                for p in &payloads {
                    write_packet(&mut wire, &mut seq, p);
                }
                let mut buf = BytesMut::new();
                let mut out = Vec::new();
                for piece in wire.chunks(chunk) {
                    buf.extend_from_slice(piece);
                    while let Some(packet) = parse_packet(&mut buf).unwrap() {
                        out.push(packet);
                    }
                }
                prop_assert!(buf.is_empty());
                prop_assert_eq!(out.len(), payloads.len());
                for (i, (packet, payload)) in out.iter().zip(&payloads).enumerate() {
                    prop_assert_eq!(&packet.payload[..], &payload[..]);
                    prop_assert_eq!(packet.first_seq, first_seq.wrapping_add(i as u8));
                }
            }

            /// Hostile bytes are errors or values, never panics.
            #[test]
            fn parsers_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..200), columns in 0usize..6) {
                let mut buf = BytesMut::from(&bytes[..]);
                let _ = parse_packet(&mut buf);
                let _ = parse_err_packet(&bytes);
                let _ = ok_status_flags(&bytes);
                let _ = eof_status_flags(&bytes);
                let _ = parse_handshake_v10(&bytes);
                let _ = parse_auth_switch_request(&bytes);
                let _ = parse_column_definition(&bytes);
                let _ = TextRow::parse(Bytes::from(bytes.clone()), columns);
            }
        }
    }
}
