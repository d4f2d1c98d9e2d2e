//! Bodies of the control events that carry no data change: INCIDENT_EVENT,
//! HEARTBEAT_LOG_EVENT and HEARTBEAT_LOG_EVENT_V2, TRANSACTION_CONTEXT_EVENT,
//! VIEW_CHANGE_EVENT and XA_PREPARE_LOG_EVENT.
//!
//! Layouts from MySQL `libs/mysql/binlog/event/control_events.cpp` (`Incident_event`,
//! `Heartbeat_event`, `Heartbeat_event_v2` with its codec in
//! `codecs/binary.cpp` `Heartbeat::decode`, `Transaction_context_event`,
//! `View_change_event`, `XA_prepare_event`). Must not do I/O; lists are bounded by the
//! bytes present, so a corrupt count cannot allocate.

use super::cursor::Cursor;
use super::error::BinlogError;

/// `INCIDENT_LOST_EVENTS`: the primary may have lost events (e.g. a failed write).
pub const INCIDENT_LOST_EVENTS: u16 = 1;

/// INCIDENT_EVENT: something happened on the primary that replicas must know about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IncidentEvent<'a> {
    /// [`INCIDENT_LOST_EVENTS`]; other numbers are kept as found (MySQL treats them
    /// as an invalid incident, `mysqlbinlog` skips it: not a reason to stop a stream).
    pub incident: u16,
    /// The message (may be empty).
    pub message: &'a [u8],
}

impl<'a> IncidentEvent<'a> {
    /// `Incident_event`: incident type (2, the post-header), message length (1),
    /// message.
    pub(crate) fn parse(body: &'a [u8], post_header_len: usize) -> Result<Self, BinlogError> {
        let mut c = Cursor::new(body);
        let incident = c.u16("INCIDENT_EVENT incident type")?;
        c.take(
            post_header_len.saturating_sub(2),
            "INCIDENT_EVENT post-header",
        )?;
        let message = c.str_u8("INCIDENT_EVENT message")?;
        c.expect_end("INCIDENT_EVENT")?;
        Ok(IncidentEvent { incident, message })
    }
}

/// HEARTBEAT_LOG_EVENT or HEARTBEAT_LOG_EVENT_V2: the primary is alive and at this
/// binlog file (sent on replication connections, never written to files).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeartbeatEvent<'a> {
    /// The current binlog file.
    pub log_filename: &'a [u8],
    /// V2: the position in that file; `None` for v1, whose position is the common
    /// header's `log_pos`.
    pub log_position: Option<u64>,
}

/// `OTW_HB_HEADER_END_MARK`.
const OTW_HB_HEADER_END_MARK: u64 = 0;
/// `OTW_HB_LOG_FILENAME_FIELD`.
const OTW_HB_LOG_FILENAME_FIELD: u64 = 1;
/// `OTW_HB_LOG_POSITION_FIELD`.
const OTW_HB_LOG_POSITION_FIELD: u64 = 2;

impl<'a> HeartbeatEvent<'a> {
    /// `Heartbeat_event`: the body is the file name.
    pub(crate) fn parse_v1(body: &'a [u8]) -> Result<Self, BinlogError> {
        if body.is_empty() {
            return Err(BinlogError::Truncated {
                what: "HEARTBEAT_LOG_EVENT log file name",
                needed: 1,
                available: 0,
            });
        }
        Ok(HeartbeatEvent {
            log_filename: body,
            log_position: None,
        })
    }

    /// `Heartbeat_event_v2`: fields of (type, length, value), type and length as
    /// packed integers, up to the end mark (type 0). The position's value is itself a
    /// packed integer `length` bytes long. Unknown fields are skipped, as the server
    /// does.
    pub(crate) fn parse_v2(body: &'a [u8]) -> Result<Self, BinlogError> {
        let mut c = Cursor::new(body);
        let mut out = HeartbeatEvent {
            log_filename: &[],
            log_position: None,
        };
        loop {
            let field = c.packed("HEARTBEAT_LOG_EVENT_V2 field type")?;
            if field == OTW_HB_HEADER_END_MARK {
                break;
            }
            let value = c.str_packed("HEARTBEAT_LOG_EVENT_V2 field")?;
            match field {
                OTW_HB_LOG_FILENAME_FIELD => out.log_filename = value,
                OTW_HB_LOG_POSITION_FIELD => {
                    let mut v = Cursor::new(value);
                    out.log_position = Some(v.packed("HEARTBEAT_LOG_EVENT_V2 log position")?);
                    v.expect_end("HEARTBEAT_LOG_EVENT_V2 log position")?;
                }
                _ => {}
            }
        }
        c.expect_end("HEARTBEAT_LOG_EVENT_V2")?;
        Ok(out)
    }
}

/// TRANSACTION_CONTEXT_EVENT (MySQL group replication): the certification data of a
/// transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransactionContextEvent<'a> {
    /// UUID of the server that ran the transaction.
    pub server_uuid: &'a [u8],
    /// Its thread id.
    pub thread_id: u32,
    /// Whether the transaction's GTID was specified (not automatic).
    pub gtid_specified: bool,
    /// The encoded GTID snapshot version.
    pub encoded_snapshot_version: &'a [u8],
    /// Write-set items (hashes of the rows written).
    pub write_set: Vec<&'a [u8]>,
    /// Read-set items.
    pub read_set: Vec<&'a [u8]>,
}

impl<'a> TransactionContextEvent<'a> {
    /// `Transaction_context_event`: server_uuid length (1), thread id (4),
    /// gtid_specified (1), snapshot version length (4), write-set count (4), read-set
    /// count (4); then server_uuid, snapshot version, the write-set and read-set items
    /// (each a 2-byte length and the bytes).
    pub(crate) fn parse(body: &'a [u8]) -> Result<Self, BinlogError> {
        let mut c = Cursor::new(body);
        let uuid_len = c.u8("TRANSACTION_CONTEXT_EVENT server_uuid length")?;
        let thread_id = c.u32("TRANSACTION_CONTEXT_EVENT thread_id")?;
        let gtid_specified = c.u8("TRANSACTION_CONTEXT_EVENT gtid_specified")? != 0;
        let snapshot_len = c.u32("TRANSACTION_CONTEXT_EVENT snapshot version length")?;
        let write_count = c.u32("TRANSACTION_CONTEXT_EVENT write-set count")?;
        let read_count = c.u32("TRANSACTION_CONTEXT_EVENT read-set count")?;
        let server_uuid = c.take(
            usize::from(uuid_len),
            "TRANSACTION_CONTEXT_EVENT server_uuid",
        )?;
        let encoded_snapshot_version = c.take(
            snapshot_len as usize,
            "TRANSACTION_CONTEXT_EVENT snapshot version",
        )?;
        let write_set = data_set(&mut c, write_count, "TRANSACTION_CONTEXT_EVENT write set")?;
        let read_set = data_set(&mut c, read_count, "TRANSACTION_CONTEXT_EVENT read set")?;
        c.expect_end("TRANSACTION_CONTEXT_EVENT")?;
        Ok(TransactionContextEvent {
            server_uuid,
            thread_id,
            gtid_specified,
            encoded_snapshot_version,
            write_set,
            read_set,
        })
    }
}

/// `count` items of a 2-byte length and bytes; the count is checked against the bytes
/// left (each item needs at least 2) before allocating.
fn data_set<'a>(
    c: &mut Cursor<'a>,
    count: u32,
    what: &'static str,
) -> Result<Vec<&'a [u8]>, BinlogError> {
    let count = count as usize;
    if count.saturating_mul(2) > c.remaining() {
        return Err(BinlogError::Truncated {
            what,
            needed: count.saturating_mul(2),
            available: c.remaining(),
        });
    }
    let mut items = Vec::with_capacity(count);
    for _ in 0..count {
        let len = c.u16(what)?;
        items.push(c.take(usize::from(len), what)?);
    }
    Ok(items)
}

/// `ENCODED_VIEW_ID_MAX_LEN`: the fixed size of VIEW_CHANGE_EVENT's view id field.
const ENCODED_VIEW_ID_MAX_LEN: usize = 40;

/// VIEW_CHANGE_EVENT (MySQL group replication): the group membership changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewChangeEvent<'a> {
    /// The view id (NUL padding removed).
    pub view_id: &'a [u8],
    /// Sequence number of the view.
    pub seq_number: u64,
    /// Certification info: (key, value) pairs.
    pub certification_info: Vec<(&'a [u8], &'a [u8])>,
}

impl<'a> ViewChangeEvent<'a> {
    /// `View_change_event`: view id (40 bytes, NUL padded), seq_number (8),
    /// certification info count (4); then per entry key length (2), key, value
    /// length (4), value.
    pub(crate) fn parse(body: &'a [u8]) -> Result<Self, BinlogError> {
        let mut c = Cursor::new(body);
        let raw_id = c.take(ENCODED_VIEW_ID_MAX_LEN, "VIEW_CHANGE_EVENT view_id")?;
        let id_len = raw_id.iter().position(|&b| b == 0).unwrap_or(raw_id.len());
        let view_id = raw_id.get(..id_len).unwrap_or_default();
        if view_id.is_empty() {
            return Err(BinlogError::Invalid {
                what: "VIEW_CHANGE_EVENT view_id (empty)",
                found: 0,
            });
        }
        let seq_number = c.u64("VIEW_CHANGE_EVENT seq_number")?;
        let count = c.u32("VIEW_CHANGE_EVENT certification info count")? as usize;
        // Each entry needs at least its two lengths: 6 bytes.
        if count.saturating_mul(6) > c.remaining() {
            return Err(BinlogError::Truncated {
                what: "VIEW_CHANGE_EVENT certification info",
                needed: count.saturating_mul(6),
                available: c.remaining(),
            });
        }
        let mut certification_info = Vec::with_capacity(count);
        for _ in 0..count {
            let key_len = c.u16("VIEW_CHANGE_EVENT certification key length")?;
            let key = c.take(usize::from(key_len), "VIEW_CHANGE_EVENT certification key")?;
            let value_len = c.u32("VIEW_CHANGE_EVENT certification value length")?;
            let value = c.take(value_len as usize, "VIEW_CHANGE_EVENT certification value")?;
            certification_info.push((key, value));
        }
        c.expect_end("VIEW_CHANGE_EVENT")?;
        Ok(ViewChangeEvent {
            view_id,
            seq_number,
            certification_info,
        })
    }
}

/// `XIDDATASIZE`: the largest gtrid + bqual of an XA transaction id.
const XIDDATASIZE: usize = 128;

/// XA_PREPARE_LOG_EVENT: the end of a prepared XA transaction (or an XA COMMIT ...
/// ONE PHASE).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct XaPrepareEvent<'a> {
    /// `XA COMMIT ... ONE PHASE` rather than `XA PREPARE`.
    pub one_phase: bool,
    /// The XID's formatID.
    pub format_id: i32,
    /// The global transaction id part.
    pub gtrid: &'a [u8],
    /// The branch qualifier part.
    pub bqual: &'a [u8],
}

impl<'a> XaPrepareEvent<'a> {
    /// `XA_prepare_event`: one_phase (1), formatID (4), gtrid_length (4),
    /// bqual_length (4), then gtrid and bqual (together at most 128 bytes).
    pub(crate) fn parse(body: &'a [u8]) -> Result<Self, BinlogError> {
        let mut c = Cursor::new(body);
        let one_phase = c.u8("XA_PREPARE_LOG_EVENT one_phase")? != 0;
        let format_id = c.u32("XA_PREPARE_LOG_EVENT formatID")? as i32;
        let gtrid_len = c.u32("XA_PREPARE_LOG_EVENT gtrid_length")? as usize;
        let bqual_len = c.u32("XA_PREPARE_LOG_EVENT bqual_length")? as usize;
        if gtrid_len.saturating_add(bqual_len) > XIDDATASIZE {
            return Err(BinlogError::Invalid {
                what: "XA_PREPARE_LOG_EVENT gtrid_length + bqual_length (at most 128)",
                found: gtrid_len.saturating_add(bqual_len) as u64,
            });
        }
        let gtrid = c.take(gtrid_len, "XA_PREPARE_LOG_EVENT gtrid")?;
        let bqual = c.take(bqual_len, "XA_PREPARE_LOG_EVENT bqual")?;
        c.expect_end("XA_PREPARE_LOG_EVENT")?;
        Ok(XaPrepareEvent {
            one_phase,
            format_id,
            gtrid,
            bqual,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `Incident_event`: 2-byte incident number, 1-byte message length, message.
    #[test]
    fn incident_layout() {
        let e = IncidentEvent::parse(&[1, 0, 0], 2).unwrap();
        assert_eq!((e.incident, e.message), (INCIDENT_LOST_EVENTS, &b""[..]));
        let e = IncidentEvent::parse(&[1, 0, 2, b'h', b'i'], 2).unwrap();
        assert_eq!(e.message, b"hi");
        assert!(IncidentEvent::parse(&[1, 0, 3, b'h'], 2).is_err());
    }

    /// `Heartbeat::decode` (MySQL `codecs/binary.cpp`): file name field, position
    /// field whose value is a packed integer, end mark; unknown fields skipped.
    #[test]
    fn heartbeat_v2_fields() {
        let mut body = vec![1, 13];
        body.extend_from_slice(b"binlog.000041");
        body.extend_from_slice(&[7, 1, 0xaa]); // an unknown field
        body.extend_from_slice(&[2, 4, 0xfd, 0x15, 0xcd, 0x5b]); // 0x5bcd15 = 6016277
        body.push(0);
        let e = HeartbeatEvent::parse_v2(&body).unwrap();
        assert_eq!(e.log_filename, b"binlog.000041");
        assert_eq!(e.log_position, Some(0x5b_cd15));
        assert!(HeartbeatEvent::parse_v2(&body[..body.len() - 1]).is_err());
        let v1 = HeartbeatEvent::parse_v1(b"binlog.000002").unwrap();
        assert_eq!(
            (v1.log_filename, v1.log_position),
            (&b"binlog.000002"[..], None)
        );
        assert!(HeartbeatEvent::parse_v1(b"").is_err());
    }

    #[test]
    fn transaction_context_layout() {
        let mut body = vec![3];
        body.extend_from_slice(&9u32.to_le_bytes());
        body.push(1);
        body.extend_from_slice(&2u32.to_le_bytes());
        body.extend_from_slice(&1u32.to_le_bytes());
        body.extend_from_slice(&0u32.to_le_bytes());
        body.extend_from_slice(b"abc");
        body.extend_from_slice(&[0xee, 0xff]);
        body.extend_from_slice(&[2, 0, b'w', b's']);
        let e = TransactionContextEvent::parse(&body).unwrap();
        assert_eq!(
            (e.server_uuid, e.thread_id, e.gtid_specified),
            (&b"abc"[..], 9, true)
        );
        assert_eq!(e.write_set, vec![&b"ws"[..]]);
        assert!(e.read_set.is_empty());
        // A huge count is refused before allocating.
        body[14..18].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(TransactionContextEvent::parse(&body).is_err());
    }

    #[test]
    fn view_change_layout() {
        let mut body = b"15594744425014960:1".to_vec();
        body.resize(40, 0);
        body.extend_from_slice(&5u64.to_le_bytes());
        body.extend_from_slice(&1u32.to_le_bytes());
        body.extend_from_slice(&[1, 0, b'k', 2, 0, 0, 0, b'v', b'v']);
        let e = ViewChangeEvent::parse(&body).unwrap();
        assert_eq!(e.view_id, b"15594744425014960:1");
        assert_eq!(e.seq_number, 5);
        assert_eq!(e.certification_info, vec![(&b"k"[..], &b"vv"[..])]);
        assert!(ViewChangeEvent::parse(&body[..body.len() - 1]).is_err());
    }

    /// `XA_prepare_event` for `XA PREPARE 'g1','b1',1`.
    #[test]
    fn xa_prepare_layout() {
        let mut body = vec![0];
        body.extend_from_slice(&1u32.to_le_bytes());
        body.extend_from_slice(&2u32.to_le_bytes());
        body.extend_from_slice(&2u32.to_le_bytes());
        body.extend_from_slice(b"g1b1");
        let e = XaPrepareEvent::parse(&body).unwrap();
        assert_eq!(
            (e.one_phase, e.format_id, e.gtrid, e.bqual),
            (false, 1, &b"g1"[..], &b"b1"[..])
        );
        body[5..9].copy_from_slice(&200u32.to_le_bytes());
        assert!(XaPrepareEvent::parse(&body).is_err());
    }
}
