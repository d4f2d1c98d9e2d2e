//! MySQL's GTID events: GTID_LOG_EVENT, ANONYMOUS_GTID_LOG_EVENT and
//! PREVIOUS_GTIDS_LOG_EVENT (MySQL `libbinlogevents/src/control_events.cpp`,
//! `Gtid_event` and `Previous_gtids_event`).
//!
//! Owns the untagged formats (MySQL 5.6 to 9.x) and the tagged ones of MySQL 8.3+:
//! GTID_TAGGED_LOG_EVENT, written in MySQL's serialization framework
//! (`libs/mysql/serialization/readme.md`: version, size, last non-ignorable field id,
//! then `field_id value` pairs of variable-length integers), and PREVIOUS_GTIDS in the
//! tagged format (the count word carries the format in its first and last byte, each
//! set entry a tag).

use super::cursor::Cursor;
use super::error::BinlogError;

/// `LOGICAL_TIMESTAMP_TYPECODE`: last_committed and sequence_number follow.
const LOGICAL_TIMESTAMP_TYPECODE: u8 = 2;
/// High bit of the 7-byte immediate commit timestamp: an original one follows.
const ENCODED_COMMIT_TIMESTAMP_FLAG: u64 = 1 << 55;

/// `serialization_version_number` of the serialization framework MySQL writes.
const SERIALIZATION_VERSION: u64 = 1;
/// The Gtid_event fields of GTID_TAGGED_LOG_EVENT, in field id order.
const TAGGED_FIELD_FLAGS: u64 = 0;
const TAGGED_FIELD_UUID: u64 = 1;
const TAGGED_FIELD_GNO: u64 = 2;
const TAGGED_FIELD_TAG: u64 = 3;
const TAGGED_FIELD_LAST_COMMITTED: u64 = 4;
const TAGGED_FIELD_SEQUENCE_NUMBER: u64 = 5;
const TAGGED_FIELD_IMMEDIATE_COMMIT_TIMESTAMP: u64 = 6;
const TAGGED_FIELD_ORIGINAL_COMMIT_TIMESTAMP: u64 = 7;
const TAGGED_FIELD_TRANSACTION_LENGTH: u64 = 8;
const TAGGED_FIELD_IMMEDIATE_SERVER_VERSION: u64 = 9;
const TAGGED_FIELD_ORIGINAL_SERVER_VERSION: u64 = 10;
const TAGGED_FIELD_COMMIT_GROUP_TICKET: u64 = 11;
/// Longest GTID tag MySQL allows (`Tag::tag_max_length`).
const TAG_MAX_LENGTH: usize = 32;
/// Gtid format byte of the tagged PREVIOUS_GTIDS_LOG_EVENT (`Gtid_format::tagged`).
const GTID_FORMAT_TAGGED: u8 = 1;

/// GTID_LOG_EVENT / ANONYMOUS_GTID_LOG_EVENT / GTID_TAGGED_LOG_EVENT: starts a
/// transaction with GTID `sid:gno`, or `sid:tag:gno` when tagged (anonymous: all-zero
/// sid, gno 0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MysqlGtidEvent {
    /// `gtid_flags`; bit 0 is `FLAG_MAY_HAVE_SBR`.
    pub flags: u8,
    /// The source server's UUID.
    pub sid: [u8; 16],
    /// The transaction number.
    pub gno: i64,
    /// The GTID tag (MySQL 8.3+ `GTID_TAGGED_LOG_EVENT`); empty when untagged.
    pub tag: String,
    /// (last_committed, sequence_number) of the logical clock (5.7+).
    pub logical_clock: Option<(i64, i64)>,
    /// Microseconds since the epoch when the transaction committed on this server
    /// (8.0.1+).
    pub immediate_commit_timestamp: Option<u64>,
    /// ... and on the original source.
    pub original_commit_timestamp: Option<u64>,
    /// Length of the whole transaction in bytes (8.0.2+).
    pub transaction_length: Option<u64>,
}

impl MysqlGtidEvent {
    pub(crate) fn parse(body: &[u8]) -> Result<MysqlGtidEvent, BinlogError> {
        let mut c = Cursor::new(body);
        let flags = c.u8("GTID_LOG_EVENT flags")?;
        let sid = c.array::<16>("GTID_LOG_EVENT sid")?;
        let gno = c.u64("GTID_LOG_EVENT gno")? as i64;
        let mut ev = MysqlGtidEvent {
            flags,
            sid,
            gno,
            tag: String::new(),
            logical_clock: None,
            immediate_commit_timestamp: None,
            original_commit_timestamp: None,
            transaction_length: None,
        };
        if c.remaining() == 0 {
            return Ok(ev);
        }
        let lt_type = c.u8("GTID_LOG_EVENT logical timestamp type")?;
        if lt_type != LOGICAL_TIMESTAMP_TYPECODE {
            return Err(BinlogError::Invalid {
                what: "GTID_LOG_EVENT logical timestamp type (expected 2)",
                found: u64::from(lt_type),
            });
        }
        let last_committed = c.u64("GTID_LOG_EVENT last_committed")? as i64;
        let sequence_number = c.u64("GTID_LOG_EVENT sequence_number")? as i64;
        ev.logical_clock = Some((last_committed, sequence_number));
        if c.remaining() == 0 {
            return Ok(ev);
        }
        let immediate = c.uint_n(7, "GTID_LOG_EVENT immediate_commit_timestamp")?;
        let original = if immediate & ENCODED_COMMIT_TIMESTAMP_FLAG != 0 {
            c.uint_n(7, "GTID_LOG_EVENT original_commit_timestamp")?
        } else {
            immediate
        };
        let immediate = immediate & !ENCODED_COMMIT_TIMESTAMP_FLAG;
        ev.immediate_commit_timestamp = Some(immediate);
        ev.original_commit_timestamp = Some(original);
        if c.remaining() == 0 {
            return Ok(ev);
        }
        ev.transaction_length = Some(c.packed("GTID_LOG_EVENT transaction_length")?);
        // Server versions and the commit group ticket may follow; not needed.
        Ok(ev)
    }

    /// Parses a GTID_TAGGED_LOG_EVENT body (serialization framework message).
    pub(crate) fn parse_tagged(body: &[u8]) -> Result<MysqlGtidEvent, BinlogError> {
        let mut c = Cursor::new(body);
        let version = c.varlen_u64("GTID_TAGGED_LOG_EVENT serialization_version_number")?;
        if version != SERIALIZATION_VERSION {
            return Err(BinlogError::Invalid {
                what: "GTID_TAGGED_LOG_EVENT serialization_version_number (expected 1)",
                found: version,
            });
        }
        let size = c.varlen_u64("GTID_TAGGED_LOG_EVENT serializable_field_size")?;
        if size != body.len() as u64 {
            return Err(BinlogError::Invalid {
                what: "GTID_TAGGED_LOG_EVENT serializable_field_size (differs from the body length)",
                found: size,
            });
        }
        let last_non_ignorable =
            c.varlen_u64("GTID_TAGGED_LOG_EVENT last_non_ignorable_field_id")?;
        let mut ev = MysqlGtidEvent {
            flags: 0,
            sid: [0; 16],
            gno: 0,
            tag: String::new(),
            logical_clock: None,
            immediate_commit_timestamp: None,
            original_commit_timestamp: None,
            transaction_length: None,
        };
        let (mut last_committed, mut sequence_number) = (0, 0);
        let mut previous_id = None;
        while c.remaining() > 0 {
            let id = c.varlen_u64("GTID_TAGGED_LOG_EVENT field id")?;
            if previous_id.is_some_and(|p| id <= p) {
                return Err(BinlogError::Invalid {
                    what: "GTID_TAGGED_LOG_EVENT field id (not increasing)",
                    found: id,
                });
            }
            previous_id = Some(id);
            match id {
                TAGGED_FIELD_FLAGS => ev.flags = tagged_u8(&mut c, "GTID_TAGGED_LOG_EVENT flags")?,
                TAGGED_FIELD_UUID => {
                    for b in ev.sid.iter_mut() {
                        *b = tagged_u8(&mut c, "GTID_TAGGED_LOG_EVENT uuid")?;
                    }
                }
                TAGGED_FIELD_GNO => ev.gno = c.varlen_i64("GTID_TAGGED_LOG_EVENT gno")?,
                TAGGED_FIELD_TAG => ev.tag = tagged_tag(&mut c, "GTID_TAGGED_LOG_EVENT tag")?,
                TAGGED_FIELD_LAST_COMMITTED => {
                    last_committed = c.varlen_i64("GTID_TAGGED_LOG_EVENT last_committed")?
                }
                TAGGED_FIELD_SEQUENCE_NUMBER => {
                    sequence_number = c.varlen_i64("GTID_TAGGED_LOG_EVENT sequence_number")?
                }
                TAGGED_FIELD_IMMEDIATE_COMMIT_TIMESTAMP => {
                    ev.immediate_commit_timestamp =
                        Some(c.varlen_u64("GTID_TAGGED_LOG_EVENT immediate_commit_timestamp")?)
                }
                TAGGED_FIELD_ORIGINAL_COMMIT_TIMESTAMP => {
                    ev.original_commit_timestamp =
                        Some(c.varlen_u64("GTID_TAGGED_LOG_EVENT original_commit_timestamp")?)
                }
                TAGGED_FIELD_TRANSACTION_LENGTH => {
                    ev.transaction_length =
                        Some(c.varlen_u64("GTID_TAGGED_LOG_EVENT transaction_length")?)
                }
                TAGGED_FIELD_IMMEDIATE_SERVER_VERSION
                | TAGGED_FIELD_ORIGINAL_SERVER_VERSION
                | TAGGED_FIELD_COMMIT_GROUP_TICKET => {
                    c.varlen_u64("GTID_TAGGED_LOG_EVENT server version or ticket")?;
                }
                // A field of a later version: fine if ignorable (the rest is skipped).
                unknown if unknown > last_non_ignorable => break,
                unknown => {
                    return Err(BinlogError::Invalid {
                        what: "GTID_TAGGED_LOG_EVENT non-ignorable field id unknown to this decoder",
                        found: unknown,
                    });
                }
            }
        }
        ev.logical_clock = Some((last_committed, sequence_number));
        // The original commit timestamp is omitted when it equals the immediate one.
        if ev.original_commit_timestamp.is_none() {
            ev.original_commit_timestamp = ev.immediate_commit_timestamp;
        }
        Ok(ev)
    }

    /// The sid as a UUID string `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`.
    pub fn sid_string(&self) -> String {
        uuid_string(&self.sid)
    }

    /// The GTID in MySQL's text form: `uuid:gno`, or `uuid:tag:gno` when tagged.
    pub fn gtid_string(&self) -> String {
        if self.tag.is_empty() {
            format!("{}:{}", self.sid_string(), self.gno)
        } else {
            format!("{}:{}:{}", self.sid_string(), self.tag, self.gno)
        }
    }
}

/// One byte stored as a serialization-framework integer.
fn tagged_u8(c: &mut Cursor<'_>, what: &'static str) -> Result<u8, BinlogError> {
    let v = c.varlen_u64(what)?;
    u8::try_from(v).map_err(|_| BinlogError::Invalid { what, found: v })
}

/// A GTID tag: serialization-framework length, then that many bytes; MySQL allows
/// at most 32 characters of `[a-z0-9_]` (stored lower case).
fn tagged_tag(c: &mut Cursor<'_>, what: &'static str) -> Result<String, BinlogError> {
    let len = c.varlen_u64(what)?;
    let len = usize::try_from(len)
        .ok()
        .filter(|&n| n <= TAG_MAX_LENGTH)
        .ok_or(BinlogError::Invalid { what, found: len })?;
    let bytes = c.take(len, what)?;
    if let Some(&bad) = bytes
        .iter()
        .find(|b| !(b.is_ascii_lowercase() || b.is_ascii_digit() || **b == b'_'))
    {
        return Err(BinlogError::Invalid {
            what,
            found: u64::from(bad),
        });
    }
    Ok(bytes.iter().map(|&b| char::from(b)).collect())
}

/// Formats 16 bytes as a UUID.
pub(crate) fn uuid_string(b: &[u8; 16]) -> String {
    let mut out = String::with_capacity(36);
    for (i, x) in b.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        out.push_str(&format!("{x:02x}"));
    }
    out
}

/// One server's (and tag's) GTID intervals, `[start, end)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MysqlGtidSetEntry {
    /// The source server's UUID.
    pub sid: [u8; 16],
    /// The GTID tag (tagged format only); empty when untagged.
    pub tag: String,
    /// Half-open intervals of transaction numbers.
    pub intervals: Vec<(i64, i64)>,
}

/// PREVIOUS_GTIDS_LOG_EVENT (untagged or tagged format): the GTID set of all previous
/// files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviousGtidsEvent {
    /// Per source server, its intervals.
    pub sids: Vec<MysqlGtidSetEntry>,
}

impl PreviousGtidsEvent {
    /// Parses the body, untagged or tagged. In the tagged format (MySQL 8.3+) the
    /// first and last bytes of the 8-byte count word are the format (1) and the six
    /// between them the count; each entry has a tag after its sid.
    pub(crate) fn parse(body: &[u8]) -> Result<PreviousGtidsEvent, BinlogError> {
        let mut c = Cursor::new(body);
        let word = c.u64("PREVIOUS_GTIDS_LOG_EVENT n_sids")?;
        let (format_first, format_last) = (word as u8, (word >> 56) as u8);
        let tagged = match (format_first, format_last) {
            (_, 0) => false,
            (GTID_FORMAT_TAGGED, GTID_FORMAT_TAGGED) => true,
            _ => {
                return Err(BinlogError::Invalid {
                    what: "PREVIOUS_GTIDS_LOG_EVENT gtid format (0 or 1 in the first and last byte)",
                    found: word,
                });
            }
        };
        let n_sids = if tagged {
            (word >> 8) & 0xffff_ffff_ffff
        } else {
            word
        };
        let n_sids = bounded_count(n_sids, 24, &c, "PREVIOUS_GTIDS_LOG_EVENT n_sids")?;
        let mut sids = Vec::with_capacity(n_sids);
        for _ in 0..n_sids {
            let sid = c.array::<16>("PREVIOUS_GTIDS_LOG_EVENT sid")?;
            let tag = if tagged {
                tagged_tag(&mut c, "PREVIOUS_GTIDS_LOG_EVENT tag")?
            } else {
                String::new()
            };
            let n = c.u64("PREVIOUS_GTIDS_LOG_EVENT n_intervals")?;
            let n = bounded_count(n, 16, &c, "PREVIOUS_GTIDS_LOG_EVENT n_intervals")?;
            let mut intervals = Vec::with_capacity(n);
            for _ in 0..n {
                let start = c.u64("PREVIOUS_GTIDS_LOG_EVENT interval start")? as i64;
                let end = c.u64("PREVIOUS_GTIDS_LOG_EVENT interval end")? as i64;
                intervals.push((start, end));
            }
            sids.push(MysqlGtidSetEntry {
                sid,
                tag,
                intervals,
            });
        }
        c.expect_end("PREVIOUS_GTIDS_LOG_EVENT")?;
        Ok(PreviousGtidsEvent { sids })
    }

    /// The set in MySQL's text form, e.g. `uuid:1-5:7` (intervals printed inclusive);
    /// tagged entries of the same uuid follow it as `:tag:1-2`.
    pub fn to_gtid_set_string(&self) -> String {
        let mut out = String::new();
        let mut previous_sid = None;
        for s in &self.sids {
            if previous_sid != Some(s.sid) {
                if previous_sid.is_some() {
                    out.push(',');
                }
                out.push_str(&uuid_string(&s.sid));
                previous_sid = Some(s.sid);
            }
            if !s.tag.is_empty() {
                out.push(':');
                out.push_str(&s.tag);
            }
            for &(start, end) in &s.intervals {
                let last = end.saturating_sub(1);
                if last == start {
                    out.push_str(&format!(":{start}"));
                } else {
                    out.push_str(&format!(":{start}-{last}"));
                }
            }
        }
        out
    }
}

/// A count of items of at least `item_size` bytes, bounded by the bytes left.
fn bounded_count(
    n: u64,
    item_size: usize,
    c: &Cursor<'_>,
    what: &'static str,
) -> Result<usize, BinlogError> {
    usize::try_from(n)
        .ok()
        .filter(|&n| n.saturating_mul(item_size) <= c.remaining())
        .ok_or(BinlogError::Truncated {
            what,
            needed: usize::try_from(n)
                .unwrap_or(usize::MAX)
                .saturating_mul(item_size),
            available: c.remaining(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// MySQL's GTID set text form (`uuid:1-5:7`, inclusive ranges) from the half-open
    /// intervals of the event (`Previous_gtids_event`: end is exclusive).
    #[test]
    fn previous_gtids_round_trip_to_text() {
        let mut body = Vec::new();
        body.extend_from_slice(&1u64.to_le_bytes());
        body.extend_from_slice(&[
            0x3e, 0x11, 0xfa, 0x47, 0x71, 0xca, 0x11, 0xe1, 0x9e, 0x33, 0xc8, 0x0a, 0xa9, 0x42,
            0x95, 0x62,
        ]);
        body.extend_from_slice(&2u64.to_le_bytes());
        for (a, b) in [(1i64, 6i64), (7, 8)] {
            body.extend_from_slice(&a.to_le_bytes());
            body.extend_from_slice(&b.to_le_bytes());
        }
        let ev = PreviousGtidsEvent::parse(&body).unwrap();
        assert_eq!(
            ev.to_gtid_set_string(),
            "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5:7"
        );
        assert!(PreviousGtidsEvent::parse(&body[..body.len() - 1]).is_err());
        // A count far beyond the bytes is an error, not an allocation.
        let huge = 0x00ff_ffff_ffff_ffffu64.to_le_bytes();
        assert!(PreviousGtidsEvent::parse(&huge).is_err());
    }

    /// The GTID_TAGGED_LOG_EVENT body of MySQL 9.6 in
    /// `binlog-fixtures/mysql/binlog_transaction_with_GTID_TAG.000001` (offset 264).
    const TAGGED_BODY: &str = "02 78 00 00 00 02 aa ee 25 02 08 04 65 02 22 c5 03 c5 02 e1 02 9c \
        c1 03 11 03 55 02 de ad 03 04 0c 06 0a 6d 79 74 61 67 08 00 0a 04 0c 7f 1c f3 b8 14 \
        24 4a 06 10 a1 04 12 43 0f 0b";

    fn tagged_body() -> Vec<u8> {
        TAGGED_BODY
            .split_whitespace()
            .map(|h| u8::from_str_radix(h, 16).unwrap())
            .collect()
    }

    #[test]
    fn tagged_gtid_rejects_corrupt_bodies() {
        let body = tagged_body();
        let g = MysqlGtidEvent::parse_tagged(&body).unwrap();
        assert_eq!((g.tag.as_str(), g.gno), ("mytag", 3));
        // Every truncation is an error (the size field no longer matches).
        for n in 0..body.len() {
            assert!(MysqlGtidEvent::parse_tagged(&body[..n]).is_err(), "{n}");
        }
        let mut bad_version = body.clone();
        bad_version[0] = 0x04;
        assert!(MysqlGtidEvent::parse_tagged(&bad_version).is_err());
        // A tag with an upper-case letter is not one MySQL writes.
        let mut bad_tag = body.clone();
        bad_tag[37] = b'M';
        assert!(MysqlGtidEvent::parse_tagged(&bad_tag).is_err());
        // Field ids must increase.
        let mut unordered = body.clone();
        unordered[33] = 0x02;
        assert!(MysqlGtidEvent::parse_tagged(&unordered).is_err());
    }
}
