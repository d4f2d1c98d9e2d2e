//! MariaDB's compressed events (`log_bin_compress=ON`): QUERY_COMPRESSED_EVENT and
//! WRITE/UPDATE/DELETE_ROWS_COMPRESSED_EVENT(_V1) (MariaDB `sql/log_event.cc`,
//! `binlog_buf_compress` / `binlog_buf_uncompress`).
//!
//! Owns the compressed-body header (one byte `0x80 | algorithm << 4 | length-bytes`,
//! the uncompressed length big-endian in 1 to 4 bytes, then zlib data) and rebuilding
//! the ordinary event: the header and the uncompressed leading part (post-header,
//! status variables and schema; or table id, flags, column count and bitmaps) are
//! kept, the type becomes the uncompressed one and the compressed tail is replaced by
//! its inflated bytes. The result is owned ([`bytes::Bytes`]) and carries no checksum;
//! the caller keeps it and decodes it with [`super::Decoder::decode_decompressed`], so
//! rows still borrow from a buffer the caller owns. Must not decode the event itself.

use std::io::Read;

use bytes::Bytes;

use super::cursor::be_uint;
use super::error::BinlogError;
use super::event::EventType;

/// Largest uncompressed body accepted (the server's `max_allowed_packet` ceiling).
const MAX_UNCOMPRESSED_LEN: u64 = 1 << 30;
/// Offset of the type code in the common header.
const TYPE_OFFSET: usize = 4;
/// Offset of `event_size` in the common header.
const EVENT_SIZE_OFFSET: usize = 9;

/// A MariaDB compressed event, a view over its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CompressedEvent<'a> {
    /// The compressed event's own type (QUERY_COMPRESSED_EVENT, ...).
    pub compressed_type: EventType,
    /// The type of the event it decompresses to (QUERY_EVENT, WRITE_ROWS_EVENT_V1, ...).
    pub uncompressed_type: EventType,
    /// The event from its first byte up to the compressed part.
    head: &'a [u8],
    /// The compressed part: header byte, length, zlib data (no checksum).
    compressed: &'a [u8],
}

/// The uncompressed event type of a MariaDB compressed one.
pub(crate) fn uncompressed_type(ty: EventType) -> Option<EventType> {
    use EventType::*;
    Some(match ty {
        QUERY_COMPRESSED_EVENT => QUERY_EVENT,
        WRITE_ROWS_COMPRESSED_EVENT_V1 => WRITE_ROWS_EVENT_V1,
        UPDATE_ROWS_COMPRESSED_EVENT_V1 => UPDATE_ROWS_EVENT_V1,
        DELETE_ROWS_COMPRESSED_EVENT_V1 => DELETE_ROWS_EVENT_V1,
        WRITE_ROWS_COMPRESSED_EVENT => WRITE_ROWS_EVENT,
        UPDATE_ROWS_COMPRESSED_EVENT => UPDATE_ROWS_EVENT,
        DELETE_ROWS_COMPRESSED_EVENT => DELETE_ROWS_EVENT,
        _ => return None,
    })
}

impl<'a> CompressedEvent<'a> {
    /// `raw` is the whole event; its first `head_len` bytes are kept, and
    /// `compressed` (the tail of its body, without checksum) is inflated.
    pub(crate) fn new(
        compressed_type: EventType,
        uncompressed_type: EventType,
        raw: &'a [u8],
        head_len: usize,
        compressed: &'a [u8],
    ) -> Result<CompressedEvent<'a>, BinlogError> {
        let head = raw.get(..head_len).ok_or(BinlogError::Truncated {
            what: "compressed event head",
            needed: head_len,
            available: raw.len(),
        })?;
        Ok(CompressedEvent {
            compressed_type,
            uncompressed_type,
            head,
            compressed,
        })
    }

    /// The uncompressed length the compressed header announces.
    pub fn uncompressed_len(&self) -> Result<u64, BinlogError> {
        Ok(self.compressed_header()?.0)
    }

    /// `(uncompressed length, zlib data)` from the compressed header.
    fn compressed_header(&self) -> Result<(u64, &'a [u8]), BinlogError> {
        let (&first, rest) = self
            .compressed
            .split_first()
            .ok_or(BinlogError::Truncated {
                what: "compressed event header byte",
                needed: 1,
                available: 0,
            })?;
        // 0x80 marks compression; bits 4-6 the algorithm (0 = zlib, the only one).
        if first & 0xf0 != 0x80 {
            return Err(BinlogError::Invalid {
                what: "compressed event header byte (expected 0x80 | length bytes: zlib)",
                found: u64::from(first),
            });
        }
        let len_bytes = usize::from(first & 0x07);
        if !(1..=4).contains(&len_bytes) {
            return Err(BinlogError::Invalid {
                what: "compressed event length bytes (1 to 4)",
                found: len_bytes as u64,
            });
        }
        let len = rest.get(..len_bytes).ok_or(BinlogError::Truncated {
            what: "compressed event uncompressed length",
            needed: len_bytes,
            available: rest.len(),
        })?;
        let data = rest.get(len_bytes..).unwrap_or_default();
        Ok((be_uint(len), data))
    }

    /// Inflates the compressed part and rebuilds the ordinary event (common header,
    /// kept leading part, inflated bytes; no checksum).
    pub fn decompress(&self) -> Result<Bytes, BinlogError> {
        let (len, data) = self.compressed_header()?;
        if len == 0 || len > MAX_UNCOMPRESSED_LEN {
            return Err(BinlogError::Invalid {
                what: "compressed event uncompressed length (1 byte to 1 GiB)",
                found: len,
            });
        }
        let total = (self.head.len() as u64).saturating_add(len);
        let total_u32 = u32::try_from(total).map_err(|_| BinlogError::Invalid {
            what: "decompressed event size",
            found: total,
        })?;
        let mut out =
            Vec::with_capacity(self.head.len().saturating_add(data.len().saturating_mul(4)));
        out.extend_from_slice(self.head);
        // Read at most one byte more than announced, to tell "longer" from "equal".
        let inflated = flate2::read::ZlibDecoder::new(data)
            .take(len.saturating_add(1))
            .read_to_end(&mut out)
            .map_err(|_| BinlogError::Invalid {
                what: "compressed event zlib data (does not inflate); compressed bytes",
                found: data.len() as u64,
            })?;
        if inflated as u64 != len {
            return Err(BinlogError::Invalid {
                what: "compressed event inflated length (differs from the announced length); inflated bytes",
                found: inflated as u64,
            });
        }
        if let Some(t) = out.get_mut(TYPE_OFFSET) {
            *t = self.uncompressed_type as u8;
        }
        if let Some(size) = out.get_mut(EVENT_SIZE_OFFSET..EVENT_SIZE_OFFSET + 4) {
            size.copy_from_slice(&total_u32.to_le_bytes());
        }
        Ok(Bytes::from(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// MariaDB `binlog_buf_compress`: `0x80 | lenlen`, the length big-endian, zlib.
    fn compress(data: &[u8]) -> Vec<u8> {
        let mut out = vec![0x82];
        out.extend_from_slice(&(data.len() as u16).to_be_bytes());
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(data).unwrap();
        out.extend_from_slice(&z.finish().unwrap());
        out
    }

    fn event(head_body: &[u8], compressed: &[u8]) -> Vec<u8> {
        let mut raw = vec![0u8; 19];
        raw[4] = EventType::QUERY_COMPRESSED_EVENT as u8;
        raw.extend_from_slice(head_body);
        raw.extend_from_slice(compressed);
        let n = raw.len() as u32;
        raw[9..13].copy_from_slice(&n.to_le_bytes());
        raw
    }

    #[test]
    fn inflates_and_rebuilds_the_event() {
        let query = b"INSERT INTO t VALUES (1), (2), (3), (1), (2), (3)";
        let raw = event(b"HEAD", &compress(query));
        let ev = CompressedEvent::new(
            EventType::QUERY_COMPRESSED_EVENT,
            EventType::QUERY_EVENT,
            &raw,
            23,
            &raw[23..],
        )
        .unwrap();
        assert_eq!(ev.uncompressed_len().unwrap(), query.len() as u64);
        let out = ev.decompress().unwrap();
        assert_eq!(out[4], EventType::QUERY_EVENT as u8);
        assert_eq!(&out[19..23], b"HEAD");
        assert_eq!(&out[23..], query);
        assert_eq!(
            u32::from_le_bytes(out[9..13].try_into().unwrap()) as usize,
            out.len()
        );
    }

    #[test]
    fn corrupt_compressed_parts_are_errors() {
        let query = b"SELECT 1";
        let good = compress(query);
        let check = |compressed: &[u8]| {
            let raw = event(b"", compressed);
            let ev = CompressedEvent::new(
                EventType::QUERY_COMPRESSED_EVENT,
                EventType::QUERY_EVENT,
                &raw,
                19,
                &raw[19..],
            )
            .unwrap();
            ev.decompress().map(|b| b.len())
        };
        assert_eq!(check(&good).unwrap(), 19 + query.len());
        assert!(check(&[]).is_err());
        assert!(check(&good[..good.len() - 2]).is_err());
        let mut wrong_len = good.clone();
        wrong_len[2] += 1;
        assert!(check(&wrong_len).is_err());
        let mut other_alg = good.clone();
        other_alg[0] = 0x92;
        assert!(check(&other_alg).is_err());
        let mut zero_len_bytes = good.clone();
        zero_len_bytes[0] = 0x80;
        assert!(check(&zero_len_bytes).is_err());
    }
}
