//! The sans-IO event decoder: one whole event's bytes in, an [`Event`] out.
//!
//! Owns the state that later events depend on (the current FORMAT_DESCRIPTION_EVENT:
//! header length, post-header lengths, checksum algorithm), size and CRC32 checks,
//! and dispatch to the event body parsers. Must not do I/O and does not cache table
//! maps (callers own that, keyed by table id).

use super::compressed::{CompressedEvent, uncompressed_type};
use super::control_events::{
    HeartbeatEvent, IncidentEvent, TransactionContextEvent, ViewChangeEvent, XaPrepareEvent,
};
use super::cursor::Cursor;
use super::error::BinlogError;
use super::event::{
    ChecksumAlg, Event, EventHeader, EventType, FormatDescriptionEvent, GtidEvent, GtidListEvent,
    LOG_EVENT_BINLOG_IN_USE_F, LOG_EVENT_HEADER_LEN, RotateEvent, XidEvent,
};
use super::mysql_gtid::{MysqlGtidEvent, PreviousGtidsEvent};
use super::payload::TransactionPayloadEvent;
use super::query::QueryEvent;
use super::rows::{RowsEvent, RowsKind};
use super::statement_events::{
    AppendBlockEvent, CreateFileEvent, ExecuteLoadQueryEvent, IntvarEvent, LoadEvent, RandEvent,
    UserVarEvent, parse_file_id,
};
use super::table_map::TableMapEvent;

/// Offset of the flags field in the common header.
const FLAGS_OFFSET: usize = 17;
/// Size of the CRC32 trailer.
const CRC_LEN: usize = 4;

/// Decodes events one at a time, remembering the format description.
#[derive(Debug, Clone)]
pub struct Decoder {
    format: Option<FormatDescriptionEvent>,
    checksum: ChecksumAlg,
    verify_checksums: bool,
}

impl Default for Decoder {
    fn default() -> Self {
        Decoder::new()
    }
}

impl Decoder {
    /// A decoder that has seen no FORMAT_DESCRIPTION_EVENT yet (checksums off until one
    /// says otherwise).
    pub fn new() -> Decoder {
        Decoder {
            format: None,
            checksum: ChecksumAlg::Off,
            verify_checksums: true,
        }
    }

    /// Sets the checksum algorithm of the events that follow (e.g. as negotiated on a
    /// replication connection, where the first ROTATE_EVENT precedes the FDE).
    pub fn set_checksum_alg(&mut self, alg: ChecksumAlg) {
        self.checksum = alg;
    }

    /// The checksum algorithm in force.
    pub fn checksum_alg(&self) -> ChecksumAlg {
        self.checksum
    }

    /// Turns CRC32 verification off (the trailer is still stripped). On by default.
    pub fn set_verify_checksums(&mut self, verify: bool) {
        self.verify_checksums = verify;
    }

    /// The last FORMAT_DESCRIPTION_EVENT decoded.
    pub fn format_description(&self) -> Option<&FormatDescriptionEvent> {
        self.format.as_ref()
    }

    /// Decodes one whole event (common header through checksum). Errors name the
    /// event type and the start position implied by the header (`log_pos - size`).
    pub fn decode<'a>(&mut self, raw: &'a [u8]) -> Result<Event<'a>, BinlogError> {
        self.decode_with_header(raw, None).map(|(_, e)| e)
    }

    /// Like [`Decoder::decode`], with errors naming `pos`, the event's real start
    /// position (e.g. [`super::RawEvent::pos`]).
    pub fn decode_at<'a>(&mut self, raw: &'a [u8], pos: u64) -> Result<Event<'a>, BinlogError> {
        self.decode_with_header(raw, Some(pos)).map(|(_, e)| e)
    }

    /// Decodes `raw` and hands `f` each event it carries, with its common header: the
    /// event itself; for a TRANSACTION_PAYLOAD_EVENT its inner events (not the payload
    /// event), decompressed one at a time; for a MariaDB compressed event the
    /// decompressed event. Errors name `pos`, the position of `raw`. Stops at the first
    /// error, the decoder's or `f`'s.
    pub fn decode_expanded<E: From<BinlogError>>(
        &mut self,
        raw: &[u8],
        pos: u64,
        mut f: impl FnMut(&EventHeader, Event<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        let (header, event) = self.decode_with_header(raw, Some(pos))?;
        match event {
            Event::TransactionPayload(payload) => {
                for inner in payload.events(pos)? {
                    let inner = inner?;
                    let inner_header = EventHeader::parse(&inner.bytes)
                        .map_err(|e| e.in_event(header.type_code, pos))?;
                    let event = self.decode_in_payload(&inner.bytes, pos)?;
                    f(&inner_header, event)?;
                }
                Ok(())
            }
            Event::Compressed(compressed) => {
                let plain = compressed
                    .decompress()
                    .map_err(|e| e.in_event(header.type_code, pos))?;
                let plain_header =
                    EventHeader::parse(&plain).map_err(|e| e.in_event(header.type_code, pos))?;
                let event = self.decode_decompressed(&plain, pos)?;
                f(&plain_header, event)
            }
            event => f(&header, event),
        }
    }

    /// Decodes one inner event of a TRANSACTION_PAYLOAD_EVENT (from
    /// [`super::PayloadEvents`]): such events carry no checksum, whatever the file's
    /// algorithm. `outer_pos` is the payload event's position, named in errors. A
    /// FORMAT_DESCRIPTION_EVENT or a nested TRANSACTION_PAYLOAD_EVENT is refused: the
    /// server never writes one there.
    pub fn decode_in_payload<'a>(
        &mut self,
        raw: &'a [u8],
        outer_pos: u64,
    ) -> Result<Event<'a>, BinlogError> {
        let type_code = raw.get(4).copied().unwrap_or(0);
        if type_code == EventType::FORMAT_DESCRIPTION_EVENT as u8
            || type_code == EventType::TRANSACTION_PAYLOAD_EVENT as u8
        {
            return Err(BinlogError::Invalid {
                what: "event type inside TRANSACTION_PAYLOAD_EVENT",
                found: u64::from(type_code),
            }
            .in_event(EventType::TRANSACTION_PAYLOAD_EVENT as u8, outer_pos));
        }
        self.decode_without_checksum(raw, outer_pos)
    }

    /// Decodes an event rebuilt by [`CompressedEvent::decompress`] (no checksum);
    /// `pos` is the compressed event's position, named in errors. Another compressed
    /// event or a FORMAT_DESCRIPTION_EVENT is refused.
    pub fn decode_decompressed<'a>(
        &mut self,
        raw: &'a [u8],
        pos: u64,
    ) -> Result<Event<'a>, BinlogError> {
        let type_code = raw.get(4).copied().unwrap_or(0);
        let refused = EventType::try_from(type_code)
            .map(|t| t == EventType::FORMAT_DESCRIPTION_EVENT || uncompressed_type(t).is_some())
            .unwrap_or(false);
        if refused {
            return Err(BinlogError::Invalid {
                what: "event type of a decompressed event",
                found: u64::from(type_code),
            }
            .in_event(type_code, pos));
        }
        self.decode_without_checksum(raw, pos)
    }

    fn decode_without_checksum<'a>(
        &mut self,
        raw: &'a [u8],
        pos: u64,
    ) -> Result<Event<'a>, BinlogError> {
        let saved = self.checksum;
        self.checksum = ChecksumAlg::Off;
        let result = self.decode_with_header(raw, Some(pos));
        self.checksum = saved;
        result.map(|(_, e)| e)
    }

    /// Decodes one event and also returns its common header.
    pub fn decode_with_header<'a>(
        &mut self,
        raw: &'a [u8],
        pos: Option<u64>,
    ) -> Result<(EventHeader, Event<'a>), BinlogError> {
        let header = EventHeader::parse(raw)
            .map_err(|e| e.in_event(raw.get(4).copied().unwrap_or(0), pos.unwrap_or(0)))?;
        let pos = pos.unwrap_or_else(|| header.start_pos());
        let event = self
            .decode_body(&header, raw)
            .map_err(|e| e.in_event(header.type_code, pos))?;
        Ok((header, event))
    }

    fn header_len(&self) -> usize {
        self.format
            .as_ref()
            .map_or(LOG_EVENT_HEADER_LEN, |f| usize::from(f.header_len))
    }

    fn post_header_len(&self, ty: EventType) -> usize {
        self.format
            .as_ref()
            .and_then(|f| f.post_header_len(ty as u8))
            .map_or_else(|| default_post_header_len(ty), usize::from)
    }

    fn decode_body<'a>(
        &mut self,
        header: &EventHeader,
        raw: &'a [u8],
    ) -> Result<Event<'a>, BinlogError> {
        if header.event_size as usize != raw.len() {
            return Err(BinlogError::EventSizeMismatch {
                declared: header.event_size,
                actual: raw.len(),
            });
        }
        let ty = EventType::try_from(header.type_code).ok();
        if ty == Some(EventType::FORMAT_DESCRIPTION_EVENT) {
            return self.decode_format_description(raw);
        }
        let header_len = self.header_len();
        let body_end = match self.checksum {
            ChecksumAlg::Crc32 => {
                if self.verify_checksums {
                    verify_crc32(raw)?;
                }
                raw.len().checked_sub(CRC_LEN)
            }
            _ => Some(raw.len()),
        };
        let body =
            body_end
                .and_then(|end| raw.get(header_len..end))
                .ok_or(BinlogError::Truncated {
                    what: "event body",
                    needed: header_len + CRC_LEN,
                    available: raw.len(),
                })?;
        let Some(ty) = ty else {
            return Ok(Event::Unknown {
                type_code: header.type_code,
                body,
            });
        };
        if let Some(plain) = uncompressed_type(ty) {
            return self.decode_compressed(ty, plain, raw, header_len, body);
        }
        self.decode_known(ty, body)
    }

    /// A MariaDB compressed event: the body parses as its uncompressed type up to the
    /// compressed part (the query text, or the row images), which stays compressed.
    fn decode_compressed<'a>(
        &mut self,
        ty: EventType,
        plain: EventType,
        raw: &'a [u8],
        header_len: usize,
        body: &'a [u8],
    ) -> Result<Event<'a>, BinlogError> {
        let post = self.post_header_len(ty);
        let compressed = if plain == EventType::QUERY_EVENT {
            QueryEvent::parse(body, post)?.query
        } else {
            let (kind, version) = RowsKind::of(plain).ok_or(BinlogError::Invalid {
                what: "compressed rows event type",
                found: u64::from(ty as u8),
            })?;
            RowsEvent::parse(body, kind, version, post)?.rows_data
        };
        let head_len = header_len + (body.len() - compressed.len());
        Ok(Event::Compressed(CompressedEvent::new(
            ty, plain, raw, head_len, compressed,
        )?))
    }

    fn decode_known<'a>(
        &mut self,
        ty: EventType,
        body: &'a [u8],
    ) -> Result<Event<'a>, BinlogError> {
        use EventType::*;
        let post = self.post_header_len(ty);
        if let Some((kind, version)) = RowsKind::of(ty) {
            let mut rows = RowsEvent::parse(body, kind, version, post)?;
            rows.partial = ty == PARTIAL_UPDATE_ROWS_EVENT;
            return Ok(Event::Rows(rows));
        }
        if let Some(kind) = self.pre_ga_rows_kind(ty) {
            return Ok(Event::Rows(RowsEvent::parse_pre_ga(body, kind, post)?));
        }
        if let Some(event) = Self::decode_statement_or_control(ty, body, post)? {
            return Ok(event);
        }
        Ok(match ty {
            QUERY_EVENT => Event::Query(QueryEvent::parse(body, post)?),
            TABLE_MAP_EVENT => Event::TableMap(TableMapEvent::parse(body, post)?),
            XID_EVENT => {
                let mut c = Cursor::new(body);
                let xid = c.u64("XID_EVENT xid")?;
                c.expect_end("XID_EVENT")?;
                Event::Xid(XidEvent { xid })
            }
            ROTATE_EVENT => {
                let mut c = Cursor::new(body);
                let position = if post >= 8 {
                    c.u64("ROTATE_EVENT position")?
                } else {
                    4
                };
                c.take(post.saturating_sub(8), "ROTATE_EVENT post-header")?;
                Event::Rotate(RotateEvent {
                    position,
                    next_file: c.rest(),
                })
            }
            STOP_EVENT => Event::Stop,
            GTID_EVENT => Event::Gtid(GtidEvent::parse(body)?),
            GTID_LIST_EVENT => Event::GtidList(GtidListEvent::parse(body)?),
            BINLOG_CHECKPOINT_EVENT => {
                let mut c = Cursor::new(body);
                let len = c.u32("BINLOG_CHECKPOINT_EVENT name length")?;
                c.take(
                    post.saturating_sub(4),
                    "BINLOG_CHECKPOINT_EVENT post-header",
                )?;
                let file = c.take(len as usize, "BINLOG_CHECKPOINT_EVENT file name")?;
                c.expect_end("BINLOG_CHECKPOINT_EVENT")?;
                Event::BinlogCheckpoint { file }
            }
            ANNOTATE_ROWS_EVENT => Event::AnnotateRows {
                sql: body.get(post..).unwrap_or_default(),
            },
            START_ENCRYPTION_EVENT => return Err(BinlogError::Encrypted),
            GTID_LOG_EVENT | ANONYMOUS_GTID_LOG_EVENT => {
                Event::MysqlGtid(MysqlGtidEvent::parse(body)?)
            }
            GTID_TAGGED_LOG_EVENT => Event::MysqlGtid(MysqlGtidEvent::parse_tagged(body)?),
            PREVIOUS_GTIDS_LOG_EVENT => Event::PreviousGtids(PreviousGtidsEvent::parse(body)?),
            TRANSACTION_PAYLOAD_EVENT => {
                Event::TransactionPayload(TransactionPayloadEvent::parse(body)?)
            }
            // The first byte is the statement length, truncated to 255: ignore it.
            ROWS_QUERY_LOG_EVENT => Event::RowsQuery {
                sql: body.get(1..).unwrap_or_default(),
            },
            _ => Event::Unknown {
                type_code: ty as u8,
                body,
            },
        })
    }

    /// The kind of a MySQL 5.1 PRE_GA_*_ROWS_EVENT, when this file's FORMAT_DESCRIPTION
    /// gives the code a rows post-header (6 or 8 bytes, or does not list it). Codes
    /// 20–22 meant other events in some development trees (MySQL 5.2 `wl2325`, whose
    /// FDE gives them 0, 4 and 26: XID, BEGIN_LOAD_QUERY, EXECUTE_LOAD_QUERY); those
    /// stay [`Event::Unknown`], as `mariadb-binlog` shows them.
    fn pre_ga_rows_kind(&self, ty: EventType) -> Option<RowsKind> {
        use EventType::*;
        let kind = match ty {
            PRE_GA_WRITE_ROWS_EVENT => RowsKind::Write,
            PRE_GA_UPDATE_ROWS_EVENT => RowsKind::Update,
            PRE_GA_DELETE_ROWS_EVENT => RowsKind::Delete,
            _ => return None,
        };
        let listed = self
            .format
            .as_ref()
            .and_then(|f| f.post_header_len(ty as u8));
        matches!(listed, None | Some(6) | Some(8)).then_some(kind)
    }

    /// The statement-replication and control events (MySQL `statement_events.cpp`,
    /// `load_data_events.cpp`, `control_events.cpp`); `None` for other types.
    fn decode_statement_or_control<'a>(
        ty: EventType,
        body: &'a [u8],
        post: usize,
    ) -> Result<Option<Event<'a>>, BinlogError> {
        use EventType::*;
        Ok(Some(match ty {
            INTVAR_EVENT => Event::Intvar(IntvarEvent::parse(body)?),
            RAND_EVENT => Event::Rand(RandEvent::parse(body)?),
            USER_VAR_EVENT => Event::UserVar(UserVarEvent::parse(body)?),
            INCIDENT_EVENT => Event::Incident(IncidentEvent::parse(body, post)?),
            HEARTBEAT_LOG_EVENT => Event::Heartbeat(HeartbeatEvent::parse_v1(body)?),
            HEARTBEAT_LOG_EVENT_V2 => Event::HeartbeatV2(HeartbeatEvent::parse_v2(body)?),
            IGNORABLE_LOG_EVENT => Event::Ignorable { body },
            TRANSACTION_CONTEXT_EVENT => {
                Event::TransactionContext(TransactionContextEvent::parse(body)?)
            }
            VIEW_CHANGE_EVENT => Event::ViewChange(ViewChangeEvent::parse(body)?),
            XA_PREPARE_LOG_EVENT => Event::XaPrepare(XaPrepareEvent::parse(body)?),
            LOAD_EVENT => Event::Load(LoadEvent::parse(body, post)?),
            NEW_LOAD_EVENT => Event::NewLoad(LoadEvent::parse(body, post)?),
            CREATE_FILE_EVENT => Event::CreateFile(CreateFileEvent::parse(body)?),
            APPEND_BLOCK_EVENT => Event::AppendBlock(AppendBlockEvent::parse(
                body,
                post,
                "APPEND_BLOCK_EVENT file_id",
            )?),
            BEGIN_LOAD_QUERY_EVENT => Event::BeginLoadQuery(AppendBlockEvent::parse(
                body,
                post,
                "BEGIN_LOAD_QUERY_EVENT file_id",
            )?),
            EXEC_LOAD_EVENT => Event::ExecLoad {
                file_id: parse_file_id(body, "EXEC_LOAD_EVENT file_id")?,
            },
            DELETE_FILE_EVENT => Event::DeleteFile {
                file_id: parse_file_id(body, "DELETE_FILE_EVENT file_id")?,
            },
            EXECUTE_LOAD_QUERY_EVENT => {
                Event::ExecuteLoadQuery(ExecuteLoadQueryEvent::parse(body, post)?)
            }
            _ => return Ok(None),
        }))
    }

    fn decode_format_description<'a>(&mut self, raw: &'a [u8]) -> Result<Event<'a>, BinlogError> {
        let body = raw
            .get(LOG_EVENT_HEADER_LEN..)
            .ok_or(BinlogError::Truncated {
                what: "FORMAT_DESCRIPTION_EVENT",
                needed: LOG_EVENT_HEADER_LEN,
                available: raw.len(),
            })?;
        let (fde, _) = FormatDescriptionEvent::parse(body)?;
        if fde.checksum_alg == ChecksumAlg::Crc32 && self.verify_checksums {
            verify_crc32(raw)?;
        }
        self.checksum = fde.checksum_alg;
        self.format = Some(fde.clone());
        Ok(Event::FormatDescription(fde))
    }
}

/// Post-header lengths of binlog v4 when no FDE has been seen (MySQL 5.x/MariaDB).
fn default_post_header_len(ty: EventType) -> usize {
    use EventType::*;
    match ty {
        QUERY_EVENT | QUERY_COMPRESSED_EVENT => 13,
        ROTATE_EVENT | TABLE_MAP_EVENT => 8,
        WRITE_ROWS_EVENT_V1 | UPDATE_ROWS_EVENT_V1 | DELETE_ROWS_EVENT_V1 => 8,
        WRITE_ROWS_EVENT | UPDATE_ROWS_EVENT | DELETE_ROWS_EVENT => 10,
        PARTIAL_UPDATE_ROWS_EVENT => 10,
        WRITE_ROWS_COMPRESSED_EVENT_V1
        | UPDATE_ROWS_COMPRESSED_EVENT_V1
        | DELETE_ROWS_COMPRESSED_EVENT_V1 => 8,
        WRITE_ROWS_COMPRESSED_EVENT
        | UPDATE_ROWS_COMPRESSED_EVENT
        | DELETE_ROWS_COMPRESSED_EVENT => 10,
        BINLOG_CHECKPOINT_EVENT | GTID_LIST_EVENT => 4,
        // MySQL 5.x FORMAT_DESCRIPTION values (`LOAD_HEADER_LEN`, `*_HEADER_LEN`).
        LOAD_EVENT | NEW_LOAD_EVENT => 18,
        CREATE_FILE_EVENT | APPEND_BLOCK_EVENT | EXEC_LOAD_EVENT | DELETE_FILE_EVENT => 4,
        BEGIN_LOAD_QUERY_EVENT => 4,
        EXECUTE_LOAD_QUERY_EVENT => 26,
        INCIDENT_EVENT => 2,
        PRE_GA_WRITE_ROWS_EVENT | PRE_GA_UPDATE_ROWS_EVENT | PRE_GA_DELETE_ROWS_EVENT => 8,
        GTID_EVENT => 19,
        _ => 0,
    }
}

/// Checks the CRC32 in the last 4 bytes of a whole event. The CRC of a
/// FORMAT_DESCRIPTION_EVENT is computed with `LOG_EVENT_BINLOG_IN_USE_F` clear: the
/// server clears that flag in place when it closes the file.
pub fn verify_crc32(raw: &[u8]) -> Result<(), BinlogError> {
    let split = raw
        .len()
        .checked_sub(CRC_LEN)
        .filter(|&s| s > FLAGS_OFFSET)
        .ok_or(BinlogError::Truncated {
            what: "event with CRC32",
            needed: LOG_EVENT_HEADER_LEN + CRC_LEN,
            available: raw.len(),
        })?;
    let (data, trailer) = raw.split_at(split);
    let mut stored = [0u8; CRC_LEN];
    stored.copy_from_slice(trailer);
    let stored = u32::from_le_bytes(stored);
    let computed = crc32fast::hash(data);
    if computed == stored {
        return Ok(());
    }
    let is_fde = data.get(4) == Some(&(EventType::FORMAT_DESCRIPTION_EVENT as u8));
    let in_use = LOG_EVENT_BINLOG_IN_USE_F as u8;
    if let (true, Some((before, &[flags, ..], after))) = (
        is_fde,
        data.split_at_checked(FLAGS_OFFSET)
            .map(|(before, rest)| (before, rest, rest.get(1..).unwrap_or_default())),
    ) && flags & in_use != 0
    {
        let mut h = crc32fast::Hasher::new();
        h.update(before);
        h.update(&[flags & !in_use]);
        h.update(after);
        if h.finalize() == stored {
            return Ok(());
        }
    }
    Err(BinlogError::ChecksumMismatch { stored, computed })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A checksum-less event of `type_code` around `body`.
    fn event(type_code: u8, body: &[u8]) -> Vec<u8> {
        let mut e = vec![0u8; LOG_EVENT_HEADER_LEN];
        e[4] = type_code;
        e[9..13].copy_from_slice(&((LOG_EVENT_HEADER_LEN + body.len()) as u32).to_le_bytes());
        e.extend_from_slice(body);
        e
    }

    /// The statement and control events come back typed; a malformed body is an
    /// error naming the event type and its position.
    #[test]
    fn statement_and_control_events_are_typed_and_errors_positioned() {
        let mut decoder = Decoder::new();
        let mut intvar = vec![2];
        intvar.extend_from_slice(&9u64.to_le_bytes());
        let raw = event(EventType::INTVAR_EVENT as u8, &intvar);
        assert!(matches!(
            decoder.decode_at(&raw, 100),
            Ok(Event::Intvar(IntvarEvent { kind: 2, value: 9 }))
        ));
        let raw = event(EventType::INTVAR_EVENT as u8, &intvar[..5]);
        let err = decoder.decode_at(&raw, 100).unwrap_err();
        assert_eq!(err.position(), Some(100));
        assert!(
            err.to_string()
                .starts_with("INTVAR_EVENT (type code 5) at position 100")
        );

        let raw = event(EventType::IGNORABLE_LOG_EVENT as u8, b"xyz");
        assert!(matches!(
            decoder.decode(&raw),
            Ok(Event::Ignorable { body: b"xyz" })
        ));
        let raw = event(EventType::DELETE_FILE_EVENT as u8, &[3, 0, 0, 0]);
        assert!(matches!(
            decoder.decode(&raw),
            Ok(Event::DeleteFile { file_id: 3 })
        ));
        let raw = event(EventType::HEARTBEAT_LOG_EVENT_V2 as u8, &[1, 1, b'f', 0]);
        assert!(
            matches!(decoder.decode(&raw), Ok(Event::HeartbeatV2(h)) if h.log_filename == b"f")
        );
        let raw = event(200, b"?");
        assert!(matches!(
            decoder.decode(&raw),
            Ok(Event::Unknown { type_code: 200, .. })
        ));
    }

    /// Hostile bodies of every newly typed event end in a value or an error, never a
    /// panic or a huge allocation.
    #[test]
    fn hostile_statement_and_control_bodies_do_not_panic() {
        let codes = [
            5u8, 6, 8, 9, 10, 11, 12, 13, 14, 17, 18, 20, 21, 22, 26, 27, 28, 36, 37, 38, 41,
        ];
        let patterns: [fn(usize) -> u8; 3] = [|_| 0xff, |i| i as u8, |i| (i * 37 % 251) as u8];
        let mut decoder = Decoder::new();
        for code in codes {
            for pattern in patterns {
                for len in 0..80 {
                    let body: Vec<u8> = (0..len).map(pattern).collect();
                    let _ = decoder.decode_at(&event(code, &body), 4);
                }
            }
        }
    }

    /// PRE_GA rows events decode as rows (version 0) without an FDE, but stay unknown
    /// when the FDE gives their code a post-header no rows event has.
    #[test]
    fn pre_ga_rows_follow_the_format_description() {
        let body = [5, 0, 0, 0, 0, 0, 1, 0, 1, 0x01, 0, 7, 0, 0, 0];
        let raw = event(EventType::PRE_GA_WRITE_ROWS_EVENT as u8, &body);
        let mut decoder = Decoder::new();
        assert!(matches!(
            decoder.decode(&raw),
            Ok(Event::Rows(RowsEvent {
                version: 0,
                kind: RowsKind::Write,
                table_id: 5,
                ..
            }))
        ));
        let mut lengths = vec![0u8; 22];
        lengths[19] = 0; // code 20 as MySQL 5.2 wl2325 lists it
        decoder.format = Some(FormatDescriptionEvent {
            binlog_version: 4,
            server_version: "5.2.2-a_drop6p13-debug-log".into(),
            create_timestamp: 0,
            header_len: 19,
            post_header_lengths: lengths.clone(),
            checksum_alg: ChecksumAlg::Undefined,
        });
        assert!(matches!(
            decoder.decode(&raw),
            Ok(Event::Unknown { type_code: 20, .. })
        ));
        lengths[19] = 8;
        if let Some(f) = decoder.format.as_mut() {
            f.post_header_lengths = lengths;
        }
        assert!(matches!(decoder.decode(&raw), Ok(Event::Rows(_))));
    }

    /// Inner and decompressed events carry no CRC even when the file's events do, and
    /// the types the server never nests there are refused with the outer position.
    #[test]
    fn decode_expanded_passes_plain_events_through() {
        let mut decoder = Decoder::new();
        let xid = event(EventType::XID_EVENT as u8, &9u64.to_le_bytes());
        let mut seen = Vec::new();
        decoder
            .decode_expanded::<BinlogError>(&xid, 4, |h, e| {
                seen.push((h.type_code, matches!(e, Event::Xid(XidEvent { xid: 9 }))));
                Ok(())
            })
            .unwrap();
        assert_eq!(seen, [(EventType::XID_EVENT as u8, true)]);
    }

    #[test]
    fn payload_and_decompressed_events_decode_without_checksum() {
        let mut decoder = Decoder::new();
        decoder.set_checksum_alg(ChecksumAlg::Crc32);
        let xid = event(EventType::XID_EVENT as u8, &9u64.to_le_bytes());
        assert!(matches!(
            decoder.decode_in_payload(&xid, 274),
            Ok(Event::Xid(XidEvent { xid: 9 }))
        ));
        assert!(matches!(
            decoder.decode_decompressed(&xid, 274),
            Ok(Event::Xid(XidEvent { xid: 9 }))
        ));
        assert_eq!(decoder.checksum_alg(), ChecksumAlg::Crc32);
        let nested = event(EventType::TRANSACTION_PAYLOAD_EVENT as u8, &[0]);
        let err = decoder.decode_in_payload(&nested, 274).unwrap_err();
        assert_eq!(err.position(), Some(274));
        let compressed = event(EventType::QUERY_COMPRESSED_EVENT as u8, &[0; 13]);
        assert!(decoder.decode_decompressed(&compressed, 5).is_err());
    }
}
