//! Event framing: the v4 common header, event type codes, and the small event bodies.
//!
//! Owns the 19-byte common header, the `*_EVENT` type codes (MySQL `binlog_event.h`,
//! MariaDB `log_event.h`), the [`Event`] enum the decoder returns and the bodies that
//! need no table context (FORMAT_DESCRIPTION, ROTATE, XID, STOP, GTID, GTID_LIST,
//! BINLOG_CHECKPOINT, ANNOTATE_ROWS). Must not do I/O.

use super::compressed::CompressedEvent;
use super::control_events::{
    HeartbeatEvent, IncidentEvent, TransactionContextEvent, ViewChangeEvent, XaPrepareEvent,
};
use super::cursor::Cursor;
use super::error::BinlogError;
use super::mysql_gtid::{MysqlGtidEvent, PreviousGtidsEvent};
use super::payload::TransactionPayloadEvent;
use super::query::QueryEvent;
use super::rows::RowsEvent;
use super::statement_events::{
    AppendBlockEvent, CreateFileEvent, ExecuteLoadQueryEvent, IntvarEvent, LoadEvent, RandEvent,
    UserVarEvent,
};
use super::table_map::TableMapEvent;

/// Length of the v4 common header.
pub const LOG_EVENT_HEADER_LEN: usize = 19;

macro_rules! event_types {
    ($($(#[$doc:meta])* $name:ident = $code:expr,)*) => {
        /// Binlog event type codes, named as in the server sources.
        #[allow(non_camel_case_types)]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[repr(u8)]
        #[non_exhaustive]
        pub enum EventType {
            $($(#[$doc])* $name = $code,)*
        }

        impl TryFrom<u8> for EventType {
            type Error = u8;
            /// The known event type for a code; the code itself when unknown.
            fn try_from(code: u8) -> Result<Self, u8> {
                match code {
                    $($code => Ok(EventType::$name),)*
                    other => Err(other),
                }
            }
        }

        impl EventType {
            /// The server's name of this event type, e.g. `"TABLE_MAP_EVENT"`.
            pub fn name(self) -> &'static str {
                match self {
                    $(EventType::$name => stringify!($name),)*
                }
            }
        }
    };
}

event_types! {
    /// Never written; code 0.
    UNKNOWN_EVENT = 0,
    /// Binlog v3 start event (MySQL 4.x).
    START_EVENT_V3 = 1,
    /// A statement (DDL, statement-based DML, BEGIN/COMMIT for non-transactional engines).
    QUERY_EVENT = 2,
    /// The server stopped.
    STOP_EVENT = 3,
    /// Switch to the next binlog file.
    ROTATE_EVENT = 4,
    /// LAST_INSERT_ID / INSERT_ID for statement-based replication.
    INTVAR_EVENT = 5,
    /// LOAD DATA (old).
    LOAD_EVENT = 6,
    /// Unused.
    SLAVE_EVENT = 7,
    /// LOAD DATA (old).
    CREATE_FILE_EVENT = 8,
    /// LOAD DATA block.
    APPEND_BLOCK_EVENT = 9,
    /// LOAD DATA (old).
    EXEC_LOAD_EVENT = 10,
    /// LOAD DATA cleanup.
    DELETE_FILE_EVENT = 11,
    /// LOAD DATA (old).
    NEW_LOAD_EVENT = 12,
    /// RAND() seeds.
    RAND_EVENT = 13,
    /// A user variable used by a statement.
    USER_VAR_EVENT = 14,
    /// Describes the binlog file: version, server, header lengths, checksum.
    FORMAT_DESCRIPTION_EVENT = 15,
    /// Commit of an XA-capable transaction.
    XID_EVENT = 16,
    /// LOAD DATA.
    BEGIN_LOAD_QUERY_EVENT = 17,
    /// LOAD DATA.
    EXECUTE_LOAD_QUERY_EVENT = 18,
    /// Maps a table id to a table and its column types.
    TABLE_MAP_EVENT = 19,
    /// MySQL 5.1 pre-GA rows events.
    PRE_GA_WRITE_ROWS_EVENT = 20,
    /// MySQL 5.1 pre-GA rows events.
    PRE_GA_UPDATE_ROWS_EVENT = 21,
    /// MySQL 5.1 pre-GA rows events.
    PRE_GA_DELETE_ROWS_EVENT = 22,
    /// Inserted rows, v1 (MariaDB's default).
    WRITE_ROWS_EVENT_V1 = 23,
    /// Updated rows (before and after images), v1.
    UPDATE_ROWS_EVENT_V1 = 24,
    /// Deleted rows, v1.
    DELETE_ROWS_EVENT_V1 = 25,
    /// Something happened that replicas must know about.
    INCIDENT_EVENT = 26,
    /// Replication heartbeat (never in files).
    HEARTBEAT_LOG_EVENT = 27,
    /// An event a replica may ignore.
    IGNORABLE_LOG_EVENT = 28,
    /// MySQL's statement text for following row events.
    ROWS_QUERY_LOG_EVENT = 29,
    /// Inserted rows, v2 (with extra data).
    WRITE_ROWS_EVENT = 30,
    /// Updated rows, v2.
    UPDATE_ROWS_EVENT = 31,
    /// Deleted rows, v2.
    DELETE_ROWS_EVENT = 32,
    /// MySQL GTID.
    GTID_LOG_EVENT = 33,
    /// MySQL anonymous GTID.
    ANONYMOUS_GTID_LOG_EVENT = 34,
    /// MySQL GTID set of previous files.
    PREVIOUS_GTIDS_LOG_EVENT = 35,
    /// MySQL group replication.
    TRANSACTION_CONTEXT_EVENT = 36,
    /// MySQL group replication.
    VIEW_CHANGE_EVENT = 37,
    /// MySQL XA PREPARE.
    XA_PREPARE_LOG_EVENT = 38,
    /// MySQL partial JSON update.
    PARTIAL_UPDATE_ROWS_EVENT = 39,
    /// MySQL compressed transaction.
    TRANSACTION_PAYLOAD_EVENT = 40,
    /// MySQL heartbeat v2.
    HEARTBEAT_LOG_EVENT_V2 = 41,
    /// MySQL 8.4+ tagged GTID.
    GTID_TAGGED_LOG_EVENT = 42,
    /// MariaDB: the SQL text of the following row events.
    ANNOTATE_ROWS_EVENT = 160,
    /// MariaDB: the oldest binlog still needed for crash recovery.
    BINLOG_CHECKPOINT_EVENT = 161,
    /// MariaDB GTID, starts an event group.
    GTID_EVENT = 162,
    /// MariaDB: GTID state at the start of a binlog file.
    GTID_LIST_EVENT = 163,
    /// MariaDB: the rest of the file is encrypted.
    START_ENCRYPTION_EVENT = 164,
    /// MariaDB compressed QUERY_EVENT.
    QUERY_COMPRESSED_EVENT = 165,
    /// MariaDB compressed rows event.
    WRITE_ROWS_COMPRESSED_EVENT_V1 = 166,
    /// MariaDB compressed rows event.
    UPDATE_ROWS_COMPRESSED_EVENT_V1 = 167,
    /// MariaDB compressed rows event.
    DELETE_ROWS_COMPRESSED_EVENT_V1 = 168,
    /// MariaDB compressed rows event.
    WRITE_ROWS_COMPRESSED_EVENT = 169,
    /// MariaDB compressed rows event.
    UPDATE_ROWS_COMPRESSED_EVENT = 170,
    /// MariaDB compressed rows event.
    DELETE_ROWS_COMPRESSED_EVENT = 171,
}

/// `LOG_EVENT_BINLOG_IN_USE_F`: set in the FORMAT_DESCRIPTION_EVENT of a file that was
/// not closed cleanly (and cleared in place on close, without updating the CRC).
pub const LOG_EVENT_BINLOG_IN_USE_F: u16 = 0x1;

/// The v4 common header every event starts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventHeader {
    /// Seconds since the epoch when the statement began.
    pub timestamp: u32,
    /// The raw type code (see [`EventType`]).
    pub type_code: u8,
    /// Server id of the server that wrote the event.
    pub server_id: u32,
    /// Size of the whole event including header and checksum.
    pub event_size: u32,
    /// Position of the next event in the original binlog (0 for some artificial events).
    pub log_pos: u32,
    /// `LOG_EVENT_*_F` flags.
    pub flags: u16,
}

impl EventHeader {
    /// Parses the common header at the start of `raw`.
    pub fn parse(raw: &[u8]) -> Result<EventHeader, BinlogError> {
        let mut c = Cursor::new(raw);
        Ok(EventHeader {
            timestamp: c.u32("event header timestamp")?,
            type_code: c.u8("event header type code")?,
            server_id: c.u32("event header server_id")?,
            event_size: c.u32("event header event_size")?,
            log_pos: c.u32("event header log_pos")?,
            flags: c.u16("event header flags")?,
        })
    }

    /// The event type, if the code is known.
    pub fn event_type(&self) -> Option<EventType> {
        EventType::try_from(self.type_code).ok()
    }

    /// Start position of this event as the header implies (`log_pos - event_size`),
    /// or 0 when `log_pos` is 0 or smaller than the event.
    pub fn start_pos(&self) -> u64 {
        u64::from(self.log_pos.saturating_sub(self.event_size))
    }
}

/// Checksum algorithm announced by FORMAT_DESCRIPTION_EVENT (`binlog_checksum`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChecksumAlg {
    /// `BINLOG_CHECKSUM_ALG_OFF` (0): no checksum.
    Off,
    /// `BINLOG_CHECKSUM_ALG_CRC32` (1): the last 4 bytes of each event.
    Crc32,
    /// The server predates checksums (no algorithm byte), or `BINLOG_CHECKSUM_ALG_UNDEF`.
    Undefined,
}

/// FORMAT_DESCRIPTION_EVENT: the first event of every v4 binlog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatDescriptionEvent {
    /// Binlog format version (4).
    pub binlog_version: u16,
    /// Server version string, e.g. `10.11.6-MariaDB-log`.
    pub server_version: String,
    /// When the file was created (0 unless it is the first file since startup).
    pub create_timestamp: u32,
    /// Common header length (19).
    pub header_len: u8,
    /// Post-header length per event type: index `type_code - 1`.
    pub post_header_lengths: Vec<u8>,
    /// Checksum algorithm of the following events.
    pub checksum_alg: ChecksumAlg,
}

impl FormatDescriptionEvent {
    /// The post-header length of an event type, if the FDE lists it.
    pub fn post_header_len(&self, type_code: u8) -> Option<u8> {
        let idx = usize::from(type_code).checked_sub(1)?;
        self.post_header_lengths.get(idx).copied()
    }

    /// Parses the body (after the common header; `body` includes the trailing
    /// checksum, if any). Returns the event and the body length without checksum.
    pub(crate) fn parse(body: &[u8]) -> Result<(FormatDescriptionEvent, usize), BinlogError> {
        let mut c = Cursor::new(body);
        let binlog_version = c.u16("FORMAT_DESCRIPTION_EVENT binlog_version")?;
        let version_raw = c.take(50, "FORMAT_DESCRIPTION_EVENT server_version")?;
        let version_len = version_raw.iter().position(|&b| b == 0).unwrap_or(50);
        let server_version =
            String::from_utf8_lossy(version_raw.get(..version_len).unwrap_or_default())
                .into_owned();
        let create_timestamp = c.u32("FORMAT_DESCRIPTION_EVENT create_timestamp")?;
        let header_len = c.u8("FORMAT_DESCRIPTION_EVENT header_len")?;
        if usize::from(header_len) < LOG_EVENT_HEADER_LEN {
            return Err(BinlogError::Invalid {
                what: "FORMAT_DESCRIPTION_EVENT header_len (below 19)",
                found: u64::from(header_len),
            });
        }
        let rest = c.rest();
        let (post_header_lengths, checksum_alg, body_len) =
            if version_knows_checksums(&server_version) {
                // The algorithm byte and the 4 checksum bytes close the event, whatever the
                // algorithm (MySQL `Format_description_event` constructor).
                let truncated = BinlogError::Truncated {
                    what: "FORMAT_DESCRIPTION_EVENT checksum algorithm",
                    needed: 5,
                    available: rest.len(),
                };
                let (lengths, alg_byte) = rest
                    .len()
                    .checked_sub(5)
                    .and_then(|split| Some((rest.get(..split)?, *rest.get(split)?)))
                    .ok_or(truncated)?;
                let alg = match alg_byte {
                    0 => ChecksumAlg::Off,
                    1 => ChecksumAlg::Crc32,
                    255 => ChecksumAlg::Undefined,
                    other => {
                        return Err(BinlogError::Invalid {
                            what: "FORMAT_DESCRIPTION_EVENT checksum algorithm",
                            found: u64::from(other),
                        });
                    }
                };
                let body_len = if alg == ChecksumAlg::Crc32 {
                    body.len() - 4
                } else {
                    body.len()
                };
                (lengths.to_vec(), alg, body_len)
            } else {
                (rest.to_vec(), ChecksumAlg::Undefined, body.len())
            };
        Ok((
            FormatDescriptionEvent {
                binlog_version,
                server_version,
                create_timestamp,
                header_len,
                post_header_lengths,
                checksum_alg,
            },
            body_len,
        ))
    }
}

/// Whether a server of this version writes the checksum algorithm byte in its
/// FORMAT_DESCRIPTION_EVENT: MySQL from 5.6.1, MariaDB from 5.3.
fn version_knows_checksums(version: &str) -> bool {
    let mut parts = version
        .split(|c: char| !c.is_ascii_digit())
        .take(3)
        .map(|p| p.parse::<u32>().unwrap_or(0));
    let v = (
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
    );
    if version.contains("MariaDB") || version.contains("-maria-") {
        v >= (5, 3, 0)
    } else {
        v >= (5, 6, 1)
    }
}

/// ROTATE_EVENT: the next binlog file and where to start in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RotateEvent<'a> {
    /// Position in the next file.
    pub position: u64,
    /// Name of the next file.
    pub next_file: &'a [u8],
}

/// XID_EVENT: commit of a transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct XidEvent {
    /// The transaction's XID.
    pub xid: u64,
}

/// MariaDB GTID_EVENT flag: a single statement outside a transaction, no COMMIT follows.
pub const FL_STANDALONE: u8 = 1;
/// MariaDB GTID_EVENT flag: a commit id follows.
pub const FL_GROUP_COMMIT_ID: u8 = 2;
/// MariaDB GTID_EVENT flag: the group is transactional.
pub const FL_TRANSACTIONAL: u8 = 4;
/// MariaDB GTID_EVENT flag: may be applied in parallel.
pub const FL_ALLOW_PARALLEL: u8 = 8;
/// MariaDB GTID_EVENT flag: waited for a row lock on the primary.
pub const FL_WAITED: u8 = 16;
/// MariaDB GTID_EVENT flag: the group is DDL.
pub const FL_DDL: u8 = 32;
/// MariaDB GTID_EVENT flag: XA PREPARE.
pub const FL_PREPARED_XA: u8 = 64;
/// MariaDB GTID_EVENT flag: XA COMMIT/ROLLBACK.
pub const FL_COMPLETED_XA: u8 = 128;

/// MariaDB GTID_EVENT: starts an event group with GTID `domain_id-server_id-seq_no`
/// (the server id is the header's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GtidEvent {
    /// Sequence number.
    pub seq_no: u64,
    /// Replication domain.
    pub domain_id: u32,
    /// `FL_*` flags.
    pub flags2: u8,
    /// Group commit id, when `FL_GROUP_COMMIT_ID` is set.
    pub commit_id: Option<u64>,
}

impl GtidEvent {
    pub(crate) fn parse(body: &[u8]) -> Result<GtidEvent, BinlogError> {
        let mut c = Cursor::new(body);
        let seq_no = c.u64("GTID_EVENT seq_no")?;
        let domain_id = c.u32("GTID_EVENT domain_id")?;
        let flags2 = c.u8("GTID_EVENT flags2")?;
        let commit_id = if flags2 & FL_GROUP_COMMIT_ID != 0 {
            Some(c.u64("GTID_EVENT commit_id")?)
        } else {
            None
        };
        // XA xid and the 10.5+ extra flags follow; not needed yet.
        Ok(GtidEvent {
            seq_no,
            domain_id,
            flags2,
            commit_id,
        })
    }

    /// `FL_STANDALONE` is set.
    pub fn is_standalone(&self) -> bool {
        self.flags2 & FL_STANDALONE != 0
    }

    /// `FL_TRANSACTIONAL` is set.
    pub fn is_transactional(&self) -> bool {
        self.flags2 & FL_TRANSACTIONAL != 0
    }

    /// `FL_DDL` is set.
    pub fn is_ddl(&self) -> bool {
        self.flags2 & FL_DDL != 0
    }
}

/// One MariaDB GTID: `domain_id-server_id-seq_no`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MariadbGtid {
    /// Replication domain.
    pub domain_id: u32,
    /// Server that wrote it.
    pub server_id: u32,
    /// Sequence number.
    pub seq_no: u64,
}

impl std::fmt::Display for MariadbGtid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{}-{}", self.domain_id, self.server_id, self.seq_no)
    }
}

/// MariaDB GTID_LIST_EVENT: the binlog state when the file was started.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GtidListEvent {
    /// Flags from the top 4 bits of the count.
    pub flags: u8,
    /// The last GTID of each domain.
    pub gtids: Vec<MariadbGtid>,
}

impl GtidListEvent {
    pub(crate) fn parse(body: &[u8]) -> Result<GtidListEvent, BinlogError> {
        let mut c = Cursor::new(body);
        let count_and_flags = c.u32("GTID_LIST_EVENT count")?;
        let count = (count_and_flags & 0x0fff_ffff) as usize;
        if count.saturating_mul(16) > c.remaining() {
            return Err(BinlogError::Truncated {
                what: "GTID_LIST_EVENT list",
                needed: count.saturating_mul(16),
                available: c.remaining(),
            });
        }
        let mut gtids = Vec::with_capacity(count);
        for _ in 0..count {
            gtids.push(MariadbGtid {
                domain_id: c.u32("GTID_LIST_EVENT domain_id")?,
                server_id: c.u32("GTID_LIST_EVENT server_id")?,
                seq_no: c.u64("GTID_LIST_EVENT seq_no")?,
            });
        }
        Ok(GtidListEvent {
            flags: (count_and_flags >> 28) as u8,
            gtids,
        })
    }
}

/// One decoded event.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Event<'a> {
    /// FORMAT_DESCRIPTION_EVENT.
    FormatDescription(FormatDescriptionEvent),
    /// ROTATE_EVENT.
    Rotate(RotateEvent<'a>),
    /// QUERY_EVENT.
    Query(QueryEvent<'a>),
    /// XID_EVENT.
    Xid(XidEvent),
    /// STOP_EVENT.
    Stop,
    /// TABLE_MAP_EVENT (owned: callers cache it by table id).
    TableMap(TableMapEvent),
    /// WRITE/UPDATE/DELETE_ROWS_EVENT, v1 or v2, PARTIAL_UPDATE_ROWS_EVENT, and MySQL
    /// 5.1's PRE_GA_WRITE/UPDATE/DELETE_ROWS_EVENT ([`RowsEvent::version`] 0).
    Rows(RowsEvent<'a>),
    /// MariaDB GTID_EVENT.
    Gtid(GtidEvent),
    /// MariaDB GTID_LIST_EVENT.
    GtidList(GtidListEvent),
    /// MariaDB BINLOG_CHECKPOINT_EVENT: the binlog file name.
    BinlogCheckpoint {
        /// Name of the oldest binlog file still needed for crash recovery.
        file: &'a [u8],
    },
    /// MariaDB ANNOTATE_ROWS_EVENT: the statement that produced the next row events.
    AnnotateRows {
        /// The SQL text.
        sql: &'a [u8],
    },
    /// MySQL GTID_LOG_EVENT, ANONYMOUS_GTID_LOG_EVENT or GTID_TAGGED_LOG_EVENT.
    MysqlGtid(MysqlGtidEvent),
    /// MySQL PREVIOUS_GTIDS_LOG_EVENT (untagged or tagged format).
    PreviousGtids(PreviousGtidsEvent),
    /// MySQL ROWS_QUERY_LOG_EVENT: the statement that produced the next row events.
    RowsQuery {
        /// The SQL text.
        sql: &'a [u8],
    },
    /// MySQL TRANSACTION_PAYLOAD_EVENT: a compressed transaction; iterate its inner
    /// events with [`TransactionPayloadEvent::events`] and decode each with
    /// [`super::Decoder::decode_in_payload`].
    TransactionPayload(TransactionPayloadEvent<'a>),
    /// MariaDB QUERY_COMPRESSED_EVENT or WRITE/UPDATE/DELETE_ROWS_COMPRESSED_EVENT(_V1):
    /// [`CompressedEvent::decompress`] gives the ordinary event, to decode with
    /// [`super::Decoder::decode_decompressed`].
    Compressed(CompressedEvent<'a>),
    /// INTVAR_EVENT: `LAST_INSERT_ID` or `INSERT_ID` for the next statement.
    Intvar(IntvarEvent),
    /// RAND_EVENT: the `RAND()` seeds for the next statement.
    Rand(RandEvent),
    /// USER_VAR_EVENT: a user variable the next statement reads.
    UserVar(UserVarEvent<'a>),
    /// INCIDENT_EVENT.
    Incident(IncidentEvent<'a>),
    /// HEARTBEAT_LOG_EVENT (replication connections only; the position is the
    /// header's `log_pos`).
    Heartbeat(HeartbeatEvent<'a>),
    /// MySQL HEARTBEAT_LOG_EVENT_V2 (replication connections only).
    HeartbeatV2(HeartbeatEvent<'a>),
    /// IGNORABLE_LOG_EVENT: an event a replica may skip; its body kept raw.
    Ignorable {
        /// The body, after the common header and without the checksum.
        body: &'a [u8],
    },
    /// MySQL TRANSACTION_CONTEXT_EVENT (group replication).
    TransactionContext(TransactionContextEvent<'a>),
    /// MySQL VIEW_CHANGE_EVENT (group replication).
    ViewChange(ViewChangeEvent<'a>),
    /// MySQL XA_PREPARE_LOG_EVENT.
    XaPrepare(XaPrepareEvent<'a>),
    /// LOAD_EVENT (MySQL 3.23 LOAD DATA).
    Load(LoadEvent<'a>),
    /// NEW_LOAD_EVENT (MySQL 4.0 LOAD DATA, field options as strings).
    NewLoad(LoadEvent<'a>),
    /// CREATE_FILE_EVENT.
    CreateFile(CreateFileEvent<'a>),
    /// APPEND_BLOCK_EVENT.
    AppendBlock(AppendBlockEvent<'a>),
    /// BEGIN_LOAD_QUERY_EVENT: the first block of a LOAD DATA file.
    BeginLoadQuery(AppendBlockEvent<'a>),
    /// EXEC_LOAD_EVENT: run the LOAD DATA of this file id.
    ExecLoad {
        /// The file id of the CREATE_FILE_EVENT.
        file_id: u32,
    },
    /// DELETE_FILE_EVENT: drop the LOAD DATA file of this file id.
    DeleteFile {
        /// The file id.
        file_id: u32,
    },
    /// EXECUTE_LOAD_QUERY_EVENT: the LOAD DATA statement.
    ExecuteLoadQuery(ExecuteLoadQueryEvent<'a>),
    /// Any other event: kept raw.
    Unknown {
        /// The type code from the header.
        type_code: u8,
        /// The body, after the common header and without the checksum.
        body: &'a [u8],
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksum_aware_versions() {
        // MySQL added the algorithm byte in 5.6.1, MariaDB in 5.3.
        assert!(version_knows_checksums("10.11.6-MariaDB-log"));
        assert!(version_knows_checksums("5.6.24-debug-log"));
        assert!(!version_knows_checksums("5.6.0"));
        assert!(!version_knows_checksums("5.1.43-debug-log"));
        assert!(version_knows_checksums("5.5.5-10.5.15-MariaDB"));
        assert!(version_knows_checksums("8.0.40"));
    }

    /// MariaDB `Gtid_log_event::write`: seq_no, domain_id, flags2, then commit_id when
    /// `FL_GROUP_COMMIT_ID` is set.
    #[test]
    fn gtid_event_with_commit_id() {
        let mut body = Vec::new();
        body.extend_from_slice(&42u64.to_le_bytes());
        body.extend_from_slice(&7u32.to_le_bytes());
        body.push(FL_GROUP_COMMIT_ID | FL_TRANSACTIONAL);
        body.extend_from_slice(&99u64.to_le_bytes());
        let g = GtidEvent::parse(&body).unwrap();
        assert_eq!((g.seq_no, g.domain_id, g.commit_id), (42, 7, Some(99)));
        assert!(g.is_transactional() && !g.is_standalone() && !g.is_ddl());
        assert!(GtidEvent::parse(&body[..12]).is_err());
    }

    #[test]
    fn gtid_list_count_is_bounded_by_bytes() {
        let body = 0x0fff_ffffu32.to_le_bytes();
        assert!(matches!(
            GtidListEvent::parse(&body),
            Err(BinlogError::Truncated { .. })
        ));
    }
}
