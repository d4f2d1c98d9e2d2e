//! MySQL's TRANSACTION_PAYLOAD_EVENT (8.0.20+, `binlog_transaction_compression=ON`):
//! a whole transaction's events, compressed with zstd, inside one event.
//!
//! Owns the payload header (MySQL `Transaction_payload_event`: type/length/value
//! fields, each a packed integer, closed by `OTW_PAYLOAD_HEADER_END_MARK`) and the
//! streaming decompression of the inner events: [`PayloadEvents`] hands out one whole
//! raw inner event at a time, so memory stays bounded by the largest inner event,
//! not by the transaction. The inner events carry no checksum; decode them with
//! [`super::Decoder::decode_in_payload`]. Must not decode the inner events itself.

use std::io::Read;

use super::cursor::Cursor;
use super::error::BinlogError;
use super::reader::{BinlogFileReader, RawEvent};

/// `OTW_PAYLOAD_HEADER_END_MARK`: the compressed payload follows.
const OTW_PAYLOAD_HEADER_END_MARK: u64 = 0;
/// `OTW_PAYLOAD_SIZE_FIELD`: size of the (compressed) payload.
const OTW_PAYLOAD_SIZE_FIELD: u64 = 1;
/// `OTW_PAYLOAD_COMPRESSION_TYPE_FIELD`: the compression algorithm.
const OTW_PAYLOAD_COMPRESSION_TYPE_FIELD: u64 = 2;
/// `OTW_PAYLOAD_UNCOMPRESSED_SIZE_FIELD`: size of the payload once decompressed.
const OTW_PAYLOAD_UNCOMPRESSED_SIZE_FIELD: u64 = 3;

/// Largest inner event [`TransactionPayloadEvent::events`] accepts (the server's
/// `max_allowed_packet` ceiling, as for events in files).
pub const MAX_PAYLOAD_INNER_EVENT_SIZE: u32 = 1 << 30;

/// The payload's compression algorithm (`binary_log::transaction::compression::type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PayloadCompression {
    /// `ZSTD` (0).
    Zstd,
    /// `NONE` (255): the payload is the inner events as they are.
    None,
}

/// TRANSACTION_PAYLOAD_EVENT: the events of one transaction, usually zstd-compressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TransactionPayloadEvent<'a> {
    /// How [`TransactionPayloadEvent::payload`] is compressed.
    pub compression: PayloadCompression,
    /// Size of the inner events once decompressed, when the header gives it.
    pub uncompressed_size: Option<u64>,
    /// The compressed payload (borrowed from the event).
    pub payload: &'a [u8],
}

impl<'a> TransactionPayloadEvent<'a> {
    /// Parses the body (after the common header, without checksum).
    pub(crate) fn parse(body: &'a [u8]) -> Result<TransactionPayloadEvent<'a>, BinlogError> {
        let mut c = Cursor::new(body);
        let mut payload_size = None;
        let mut compression = None;
        let mut uncompressed_size = None;
        loop {
            let field = c.packed("TRANSACTION_PAYLOAD_EVENT field type")?;
            if field == OTW_PAYLOAD_HEADER_END_MARK {
                break;
            }
            let len = c.packed_len("TRANSACTION_PAYLOAD_EVENT field length")?;
            let value = c.take(len, "TRANSACTION_PAYLOAD_EVENT field value")?;
            let value = || Cursor::new(value).packed("TRANSACTION_PAYLOAD_EVENT field value");
            match field {
                OTW_PAYLOAD_SIZE_FIELD => payload_size = Some(value()?),
                OTW_PAYLOAD_COMPRESSION_TYPE_FIELD => {
                    compression = Some(match value()? {
                        0 => PayloadCompression::Zstd,
                        255 => PayloadCompression::None,
                        other => {
                            return Err(BinlogError::Invalid {
                                what: "TRANSACTION_PAYLOAD_EVENT compression type (0 or 255)",
                                found: other,
                            });
                        }
                    })
                }
                OTW_PAYLOAD_UNCOMPRESSED_SIZE_FIELD => uncompressed_size = Some(value()?),
                // Fields of later versions: skipped, as the server does.
                _ => {}
            }
        }
        let payload_size = payload_size.ok_or(BinlogError::Invalid {
            what: "TRANSACTION_PAYLOAD_EVENT header without OTW_PAYLOAD_SIZE_FIELD; field count",
            found: 0,
        })?;
        let compression = compression.ok_or(BinlogError::Invalid {
            what: "TRANSACTION_PAYLOAD_EVENT header without OTW_PAYLOAD_COMPRESSION_TYPE_FIELD; field count",
            found: 0,
        })?;
        let payload = c.rest();
        if payload_size != payload.len() as u64 {
            return Err(BinlogError::Invalid {
                what: "TRANSACTION_PAYLOAD_EVENT payload size (header disagrees with the bytes left)",
                found: payload_size,
            });
        }
        Ok(TransactionPayloadEvent {
            compression,
            uncompressed_size,
            payload,
        })
    }

    /// The inner events, decompressed as they are read. `outer_pos` (the payload
    /// event's position in its file) is named in errors; inner events' positions are
    /// their offsets within the decompressed payload.
    pub fn events(&self, outer_pos: u64) -> Result<PayloadEvents<'a>, BinlogError> {
        self.events_with_limit(outer_pos, MAX_PAYLOAD_INNER_EVENT_SIZE)
    }

    /// Like [`TransactionPayloadEvent::events`], with no inner event larger than
    /// `max_event_size` bytes (a bound on memory for untrusted input).
    pub fn events_with_limit(
        &self,
        outer_pos: u64,
        max_event_size: u32,
    ) -> Result<PayloadEvents<'a>, BinlogError> {
        let name = format!("TRANSACTION_PAYLOAD_EVENT at {outer_pos}");
        let source = match self.compression {
            PayloadCompression::None => PayloadSource::Plain(self.payload),
            PayloadCompression::Zstd => {
                let decoder =
                    zstd::stream::read::Decoder::with_buffer(self.payload).map_err(|source| {
                        BinlogError::Io {
                            file: name.clone().into(),
                            pos: 0,
                            source,
                        }
                    })?;
                PayloadSource::Zstd(Box::new(decoder))
            }
        };
        // Never more than the header's uncompressed size, when it gives one.
        let limit = self.uncompressed_size.unwrap_or(u64::MAX);
        Ok(PayloadEvents {
            inner: BinlogFileReader::without_magic(source.take(limit), name, 0, max_event_size),
        })
    }
}

/// The decompressing byte source under [`PayloadEvents`].
enum PayloadSource<'a> {
    Plain(&'a [u8]),
    Zstd(Box<zstd::stream::read::Decoder<'a, &'a [u8]>>),
}

impl Read for PayloadSource<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            PayloadSource::Plain(s) => s.read(buf),
            PayloadSource::Zstd(d) => d.read(buf),
        }
    }
}

impl std::fmt::Debug for PayloadSource<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PayloadSource::Plain(s) => write!(f, "Plain({} bytes)", s.len()),
            PayloadSource::Zstd(_) => f.write_str("Zstd"),
        }
    }
}

/// The inner events of a TRANSACTION_PAYLOAD_EVENT, one whole raw event at a time
/// (`RawEvent::pos` is the offset within the decompressed payload). Ends after the
/// first error.
#[derive(Debug)]
pub struct PayloadEvents<'a> {
    inner: BinlogFileReader<std::io::Take<PayloadSource<'a>>>,
}

impl Iterator for PayloadEvents<'_> {
    type Item = Result<RawEvent, BinlogError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.inner.next()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An inner event: common header (19 bytes) and `body`, no checksum.
    fn inner_event(type_code: u8, body: &[u8]) -> Vec<u8> {
        let mut e = Vec::new();
        e.extend_from_slice(&0u32.to_le_bytes());
        e.push(type_code);
        e.extend_from_slice(&1u32.to_le_bytes());
        e.extend_from_slice(&((19 + body.len()) as u32).to_le_bytes());
        e.extend_from_slice(&0u32.to_le_bytes());
        e.extend_from_slice(&0u16.to_le_bytes());
        e.extend_from_slice(body);
        e
    }

    /// The header layout of MySQL `Transaction_payload_event::write_data_header`:
    /// (type, length, value) triples of packed integers, then the end mark.
    fn payload_body(compression: u8, payload: &[u8], uncompressed: usize) -> Vec<u8> {
        // Values of 251 and more take 0xfc and two bytes (`net_store_length`).
        let mut b = vec![OTW_PAYLOAD_COMPRESSION_TYPE_FIELD as u8];
        if compression < 251 {
            b.extend_from_slice(&[1, compression]);
        } else {
            b.extend_from_slice(&[3, 0xfc, compression, 0]);
        }
        b.extend_from_slice(&[OTW_PAYLOAD_UNCOMPRESSED_SIZE_FIELD as u8, 3, 0xfc]);
        b.extend_from_slice(&(uncompressed as u16).to_le_bytes());
        b.extend_from_slice(&[OTW_PAYLOAD_SIZE_FIELD as u8, 3, 0xfc]);
        b.extend_from_slice(&(payload.len() as u16).to_le_bytes());
        b.push(OTW_PAYLOAD_HEADER_END_MARK as u8);
        b.extend_from_slice(payload);
        b
    }

    #[test]
    fn zstd_payload_yields_inner_events_in_order() {
        let mut plain = inner_event(16, &7u64.to_le_bytes());
        plain.extend_from_slice(&inner_event(16, &8u64.to_le_bytes()));
        let compressed = zstd::encode_all(&plain[..], 3).unwrap();
        let body = payload_body(0, &compressed, plain.len());
        let ev = TransactionPayloadEvent::parse(&body).unwrap();
        assert_eq!(ev.compression, PayloadCompression::Zstd);
        assert_eq!(ev.uncompressed_size, Some(plain.len() as u64));
        let inner: Vec<_> = ev.events(100).unwrap().map(|r| r.unwrap()).collect();
        assert_eq!(inner.len(), 2);
        assert_eq!((inner[0].pos, inner[1].pos), (0, 27));
        assert_eq!(&inner[1].bytes[19..], &8u64.to_le_bytes());
    }

    #[test]
    fn uncompressed_payload_and_bad_headers() {
        let plain = inner_event(16, &7u64.to_le_bytes());
        let body = payload_body(255, &plain, plain.len());
        let ev = TransactionPayloadEvent::parse(&body).unwrap();
        assert_eq!(ev.events(4).unwrap().count(), 1);
        // Unknown compression, payload size disagreeing with the bytes, no end mark.
        assert!(TransactionPayloadEvent::parse(&payload_body(7, &plain, 27)).is_err());
        assert!(TransactionPayloadEvent::parse(&body[..body.len() - 1]).is_err());
        assert!(TransactionPayloadEvent::parse(&body[..3]).is_err());
    }

    #[test]
    fn corrupt_zstd_and_oversized_inner_events_end_in_errors() {
        let garbage = [0x28, 0xb5, 0x2f, 0xfd, 1, 2, 3, 4, 5];
        let body = payload_body(0, &garbage, 100);
        let ev = TransactionPayloadEvent::parse(&body).unwrap();
        let results: Vec<_> = ev.events(274).into_iter().flatten().collect();
        assert!(results.len() <= 1 && results.iter().all(|r| r.is_err()));

        let plain = inner_event(16, &[0u8; 200]);
        let compressed = zstd::encode_all(&plain[..], 3).unwrap();
        let body = payload_body(0, &compressed, plain.len());
        let ev = TransactionPayloadEvent::parse(&body).unwrap();
        let mut events = ev.events_with_limit(274, 100).unwrap();
        let err = events.next().unwrap().unwrap_err();
        assert!(
            err.to_string().contains("TRANSACTION_PAYLOAD_EVENT at 274"),
            "{err}"
        );
        assert!(events.next().is_none());
    }
}
