//! MySQL's GTID events: GTID_LOG_EVENT, ANONYMOUS_GTID_LOG_EVENT and
//! PREVIOUS_GTIDS_LOG_EVENT (MySQL `libbinlogevents/src/control_events.cpp`,
//! `Gtid_event` and `Previous_gtids_event`).
//!
//! Owns the untagged formats (MySQL 5.6 to 9.x). MySQL 8.4+ tagged GTIDs
//! (GTID_TAGGED_LOG_EVENT, and PREVIOUS_GTIDS in the tagged format) use a different
//! serialization and are left to the caller as raw bytes for now.

use super::cursor::Cursor;
use super::error::BinlogError;

/// `LOGICAL_TIMESTAMP_TYPECODE`: last_committed and sequence_number follow.
const LOGICAL_TIMESTAMP_TYPECODE: u8 = 2;
/// High bit of the 7-byte immediate commit timestamp: an original one follows.
const ENCODED_COMMIT_TIMESTAMP_FLAG: u64 = 1 << 55;

/// GTID_LOG_EVENT / ANONYMOUS_GTID_LOG_EVENT: starts a transaction with GTID
/// `sid:gno` (anonymous: all-zero sid, gno 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MysqlGtidEvent {
    /// `gtid_flags`; bit 0 is `FLAG_MAY_HAVE_SBR`.
    pub flags: u8,
    /// The source server's UUID.
    pub sid: [u8; 16],
    /// The transaction number.
    pub gno: i64,
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

    /// The sid as a UUID string `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`.
    pub fn sid_string(&self) -> String {
        uuid_string(&self.sid)
    }
}

/// Formats 16 bytes as a UUID.
pub(crate) fn uuid_string(b: &[u8; 16]) -> String {
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// One server's GTID intervals, `[start, end)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MysqlGtidSetEntry {
    /// The source server's UUID.
    pub sid: [u8; 16],
    /// Half-open intervals of transaction numbers.
    pub intervals: Vec<(i64, i64)>,
}

/// PREVIOUS_GTIDS_LOG_EVENT (untagged format): the GTID set of all previous files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviousGtidsEvent {
    /// Per source server, its intervals.
    pub sids: Vec<MysqlGtidSetEntry>,
}

impl PreviousGtidsEvent {
    /// Parses the body; `Ok(None)` for the tagged format (MySQL 8.4+), whose top byte
    /// of the count is the format version.
    pub(crate) fn parse(body: &[u8]) -> Result<Option<PreviousGtidsEvent>, BinlogError> {
        let mut c = Cursor::new(body);
        let n_sids = c.u64("PREVIOUS_GTIDS_LOG_EVENT n_sids")?;
        if n_sids >> 56 != 0 {
            return Ok(None);
        }
        let n_sids = bounded_count(n_sids, 24, &c, "PREVIOUS_GTIDS_LOG_EVENT n_sids")?;
        let mut sids = Vec::with_capacity(n_sids);
        for _ in 0..n_sids {
            let sid = c.array::<16>("PREVIOUS_GTIDS_LOG_EVENT sid")?;
            let n = c.u64("PREVIOUS_GTIDS_LOG_EVENT n_intervals")?;
            let n = bounded_count(n, 16, &c, "PREVIOUS_GTIDS_LOG_EVENT n_intervals")?;
            let mut intervals = Vec::with_capacity(n);
            for _ in 0..n {
                let start = c.u64("PREVIOUS_GTIDS_LOG_EVENT interval start")? as i64;
                let end = c.u64("PREVIOUS_GTIDS_LOG_EVENT interval end")? as i64;
                intervals.push((start, end));
            }
            sids.push(MysqlGtidSetEntry { sid, intervals });
        }
        if c.remaining() != 0 {
            return Err(BinlogError::TrailingBytes {
                what: "PREVIOUS_GTIDS_LOG_EVENT",
                count: c.remaining(),
            });
        }
        Ok(Some(PreviousGtidsEvent { sids }))
    }

    /// The set in MySQL's text form, e.g. `uuid:1-5:7` (intervals printed inclusive).
    pub fn to_gtid_set_string(&self) -> String {
        self.sids
            .iter()
            .map(|s| {
                let mut out = uuid_string(&s.sid);
                for &(start, end) in &s.intervals {
                    let last = end.saturating_sub(1);
                    if last == start {
                        out.push_str(&format!(":{start}"));
                    } else {
                        out.push_str(&format!(":{start}-{last}"));
                    }
                }
                out
            })
            .collect::<Vec<_>>()
            .join(",")
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
        let ev = PreviousGtidsEvent::parse(&body).unwrap().unwrap();
        assert_eq!(
            ev.to_gtid_set_string(),
            "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5:7"
        );
        assert!(PreviousGtidsEvent::parse(&body[..body.len() - 1]).is_err());
        // A count far beyond the bytes is an error, not an allocation.
        let huge = 0x00ff_ffff_ffff_ffffu64.to_le_bytes();
        assert!(PreviousGtidsEvent::parse(&huge).is_err());
    }
}
