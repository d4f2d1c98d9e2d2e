//! The replica side: checksum negotiation, `COM_REGISTER_SLAVE`, `COM_BINLOG_DUMP`,
//! and [`BinlogStream`], which hands out each binlog event's raw bytes.
//!
//! Owns the session variables a replica sets before dumping (MySQL/MariaDB
//! `@master_binlog_checksum`, `@master_heartbeat_period`, MariaDB
//! `@mariadb_slave_capability`), the two commands, and the framing of the dump stream
//! (0x00 + event, EOF, ERR). It must not decode events: the bytes from the common
//! header through the checksum go to `binlog` untouched. Formats: MySQL internals
//! manual, "COM_REGISTER_SLAVE", "COM_BINLOG_DUMP", "Binlog Network Stream"; MariaDB
//! `sql/sql_repl.cc` for the capability variable.

use std::fmt;
use std::time::Duration;

use bytes::Bytes;

use super::connection::Connection;
use super::error::ReplicationError;
use super::packet::{EOF_HEADER, ERR_HEADER, OK_HEADER, parse_err_packet};

/// `COM_BINLOG_DUMP`: stream the binlog from a file and position.
const COM_BINLOG_DUMP: u8 = 0x12;
/// `COM_REGISTER_SLAVE`: announce this client as a replica.
const COM_REGISTER_SLAVE: u8 = 0x15;

/// MariaDB `MARIA_SLAVE_CAPABILITY_GTID`: the replica understands GTID events, so the
/// server sends GTID, GTID_LIST and BINLOG_CHECKPOINT events as they are in the file
/// instead of rewriting them into dummy events for old replicas.
const MARIADB_SLAVE_CAPABILITY_GTID: u32 = 4;

/// MySQL `ER_UNKNOWN_SYSTEM_VARIABLE`: `@@global.binlog_checksum` is unknown before
/// MySQL 5.6.1 / MariaDB 5.3, whose binlogs have no checksums.
const ER_UNKNOWN_SYSTEM_VARIABLE: u16 = 1193;

/// Flags of `COM_BINLOG_DUMP`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BinlogDumpFlags(u16);

impl BinlogDumpFlags {
    /// No flags: block at the end of the binlog and wait for new events.
    pub const NONE: Self = BinlogDumpFlags(0);
    /// `BINLOG_DUMP_NON_BLOCK`: send EOF at the end of the binlog instead of waiting,
    /// so the stream ends (`next_event` returns `None`).
    pub const NON_BLOCK: Self = BinlogDumpFlags(0x01);
    /// MariaDB `BINLOG_SEND_ANNOTATE_ROWS_EVENT`: send ANNOTATE_ROWS_EVENTs (the SQL
    /// text of row-based statements). Ignored by MySQL.
    pub const SEND_ANNOTATE_ROWS_EVENT: Self = BinlogDumpFlags(0x02);

    /// The flags as sent on the wire.
    pub fn bits(self) -> u16 {
        self.0
    }
}

impl std::ops::BitOr for BinlogDumpFlags {
    type Output = Self;
    fn bitor(self, rhs: Self) -> Self {
        BinlogDumpFlags(self.0 | rhs.0)
    }
}

/// What to ask for in `COM_BINLOG_DUMP`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BinlogDumpRequest {
    /// This replica's server id; must be unique among the server's replicas (a second
    /// dump with the same id makes the server end the first one).
    pub server_id: u32,
    /// Binlog file name to start in, e.g. `mariadb-bin.000001`.
    pub file: String,
    /// Position in that file (4 is the first event). At most `u32::MAX`.
    pub pos: u64,
    /// Dump flags.
    pub flags: BinlogDumpFlags,
}

/// Where a binlog dump starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DumpStart {
    /// A binlog file and a byte position in it.
    Position {
        /// Binlog file name, e.g. `mariadb-bin.000001`.
        file: String,
        /// Byte position in the file (4 is the first event).
        pos: u64,
    },
    /// A MariaDB GTID position (`@@gtid_binlog_pos` syntax, e.g. `0-1-42,1-1-7`): the
    /// dump starts after these transactions.
    MariaDbGtid(String),
    /// A MySQL GTID set (`@@gtid_executed` syntax, e.g. `3e11fa47-...:1-5`): the dump
    /// sends every transaction not in the set.
    MySqlGtidSet(String),
}

impl fmt::Display for DumpStart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DumpStart::Position { file, pos } => write!(f, "{file}:{pos}"),
            DumpStart::MariaDbGtid(gtids) => write!(f, "MariaDB GTID position '{gtids}'"),
            DumpStart::MySqlGtidSet(gtids) => write!(f, "MySQL GTID set '{gtids}'"),
        }
    }
}

/// The raw binlog events of a running `COM_BINLOG_DUMP`.
///
/// Owns the connection; dropping the stream closes the socket, which ends the dump on
/// the server. [`BinlogStream::close`] does the same and waits for the socket to shut
/// down. The stream has no read timeout of its own: ask for heartbeats and wrap
/// `next_event` in `tokio::time::timeout` to detect a dead server.
#[derive(Debug)]
pub struct BinlogStream {
    conn: Connection,
    start: DumpStart,
    events_received: u64,
    /// First event, read ahead at the start so a bad file/position fails early.
    pending: Option<Bytes>,
    ended: bool,
}

impl Connection {
    /// Asks the server to send binlog checksums as stored in the file
    /// (`SET @master_binlog_checksum = @@global.binlog_checksum`), so each event's
    /// bytes equal the file's. Servers older than MySQL 5.6 have no checksums; there
    /// the statement fails with "unknown system variable", which is ignored.
    pub async fn negotiate_binlog_checksum(&mut self) -> Result<(), ReplicationError> {
        match self
            .execute("SET @master_binlog_checksum = @@global.binlog_checksum")
            .await
        {
            Err(ReplicationError::Server { code, .. }) if code == ER_UNKNOWN_SYSTEM_VARIABLE => {
                Ok(())
            }
            other => other,
        }
    }

    /// Tells a MariaDB server that this replica understands GTID events
    /// (`SET @mariadb_slave_capability = 4`). Does nothing on MySQL.
    pub async fn declare_mariadb_capability(&mut self) -> Result<(), ReplicationError> {
        if !self.is_mariadb() {
            return Ok(());
        }
        self.execute(&format!(
            "SET @mariadb_slave_capability = {MARIADB_SLAVE_CAPABILITY_GTID}"
        ))
        .await
    }

    /// Asks for a HEARTBEAT_LOG_EVENT after `period` without events
    /// (`SET @master_heartbeat_period = <nanoseconds>`).
    pub async fn set_heartbeat_period(&mut self, period: Duration) -> Result<(), ReplicationError> {
        let nanos =
            u64::try_from(period.as_nanos()).map_err(|_| ReplicationError::InvalidRequest {
                detail: format!("heartbeat period {period:?} does not fit in u64 nanoseconds"),
            })?;
        self.execute(&format!("SET @master_heartbeat_period = {nanos}"))
            .await
    }

    /// Registers this client as a replica with `server_id` (`COM_REGISTER_SLAVE`, no
    /// host, user, password or port reported).
    pub async fn register_replica(&mut self, server_id: u32) -> Result<(), ReplicationError> {
        self.begin_command().await?;
        self.write_command(&com_register_slave(server_id)).await?;
        let reply = self.read_packet("the COM_REGISTER_SLAVE reply").await?;
        match reply.payload.first().copied() {
            Some(OK_HEADER) => {
                self.end_command();
                Ok(())
            }
            Some(ERR_HEADER) => Err(self.server_error(&reply.payload, "COM_REGISTER_SLAVE")),
            other => Err(self.protocol(super::packet::ProtocolViolation(format!(
                "COM_REGISTER_SLAVE reply starts with {other:02X?}, expected OK or ERR"
            )))),
        }
    }

    /// Sends `COM_BINLOG_DUMP` and turns the connection into a [`BinlogStream`].
    ///
    /// Reads the first packet before returning, so a file that does not exist or was
    /// purged fails here with [`ReplicationError::BinlogDump`]. Checksum negotiation,
    /// capabilities and registration must be done before (see [`start_binlog_dump`]).
    pub async fn binlog_dump(
        self,
        request: &BinlogDumpRequest,
    ) -> Result<BinlogStream, ReplicationError> {
        let payload = com_binlog_dump(request)?;
        let start = DumpStart::Position {
            file: request.file.clone(),
            pos: request.pos,
        };
        self.send_binlog_dump(&payload, start).await
    }

    /// Sets the MariaDB session variables that make the next `COM_BINLOG_DUMP` start
    /// at a GTID position instead of its file and position (`@slave_connect_state`,
    /// with strict mode and duplicate skipping off, as MariaDB's own replica sends by
    /// default; MariaDB `sql/sql_repl.cc`, `get_slave_connect_state`).
    pub async fn set_mariadb_gtid_start(&mut self, gtid_pos: &str) -> Result<(), ReplicationError> {
        let canonical = canonical_mariadb_gtid_pos(gtid_pos)?;
        self.execute(&format!("SET @slave_connect_state = '{canonical}'"))
            .await?;
        self.execute("SET @slave_gtid_strict_mode = 0").await?;
        self.execute("SET @slave_gtid_ignore_duplicates = 0").await
    }

    async fn send_binlog_dump(
        mut self,
        payload: &[u8],
        start: DumpStart,
    ) -> Result<BinlogStream, ReplicationError> {
        self.begin_command().await?;
        self.write_command(payload).await?;
        let mut stream = BinlogStream {
            conn: self,
            start,
            events_received: 0,
            pending: None,
            ended: false,
        };
        let first = stream.conn.read_packet("the first binlog event").await?;
        // Classify it now (ERR → error), but keep an event for the first next_event.
        stream.pending = stream.classify(first.payload)?;
        Ok(stream)
    }
}

/// Checks a MariaDB GTID position: comma-separated `domain-server-sequence` triples
/// of decimal numbers (u32-u32-u64), or empty (start of the binlog), and returns it
/// without blanks. Anything else is refused before it reaches SQL.
fn canonical_mariadb_gtid_pos(gtid_pos: &str) -> Result<String, ReplicationError> {
    let invalid = |why: &str| ReplicationError::InvalidRequest {
        detail: format!("MariaDB GTID position '{gtid_pos}' {why}; expected e.g. '0-1-42,1-2-7'"),
    };
    if gtid_pos.trim().is_empty() {
        return Ok(String::new());
    }
    let mut canonical = Vec::new();
    for gtid in gtid_pos.split(',') {
        let parts: Vec<&str> = gtid.trim().split('-').collect();
        let [domain, server, sequence] = parts.as_slice() else {
            return Err(invalid(&format!(
                "has '{gtid}', not domain-server-sequence"
            )));
        };
        let numeric = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
        if !(numeric(domain) && numeric(server) && numeric(sequence))
            || domain.parse::<u32>().is_err()
            || server.parse::<u32>().is_err()
            || sequence.parse::<u64>().is_err()
        {
            return Err(invalid(&format!(
                "has '{gtid}', which is not three numbers in range"
            )));
        }
        canonical.push(format!("{domain}-{server}-{sequence}"));
    }
    Ok(canonical.join(","))
}

/// Prepares the connection as a replica and starts dumping the binlog from
/// `file`:`pos`: negotiates checksums, declares MariaDB's GTID capability, sets the
/// heartbeat period (if any), registers `server_id` and sends `COM_BINLOG_DUMP` with
/// ANNOTATE_ROWS events requested, blocking at the end of the binlog.
pub async fn start_binlog_dump(
    mut conn: Connection,
    server_id: u32,
    file: &str,
    pos: u64,
    heartbeat: Option<Duration>,
) -> Result<BinlogStream, ReplicationError> {
    conn.negotiate_binlog_checksum().await?;
    conn.declare_mariadb_capability().await?;
    if let Some(period) = heartbeat {
        conn.set_heartbeat_period(period).await?;
    }
    conn.register_replica(server_id).await?;
    conn.binlog_dump(&BinlogDumpRequest {
        server_id,
        file: file.to_owned(),
        pos,
        flags: BinlogDumpFlags::SEND_ANNOTATE_ROWS_EVENT,
    })
    .await
}

/// Like [`start_binlog_dump`], but on MariaDB from a GTID position (the syntax of
/// `@@gtid_binlog_pos`, e.g. `0-1-42`; empty for the start of the oldest binlog): the
/// server finds the file and position itself and sends the events after those
/// transactions.
pub async fn start_mariadb_gtid_dump(
    mut conn: Connection,
    server_id: u32,
    gtid_pos: &str,
    heartbeat: Option<Duration>,
) -> Result<BinlogStream, ReplicationError> {
    if !conn.is_mariadb() {
        return Err(ReplicationError::Unsupported {
            addr: conn.addr().to_owned(),
            detail: format!(
                "a MariaDB GTID dump needs MariaDB, the server is '{}'",
                conn.server_version()
            ),
        });
    }
    conn.negotiate_binlog_checksum().await?;
    conn.declare_mariadb_capability().await?;
    conn.set_mariadb_gtid_start(gtid_pos).await?;
    if let Some(period) = heartbeat {
        conn.set_heartbeat_period(period).await?;
    }
    conn.register_replica(server_id).await?;
    // The file name and position are ignored when @slave_connect_state is set.
    let payload = com_binlog_dump(&BinlogDumpRequest {
        server_id,
        file: String::new(),
        pos: 4,
        flags: BinlogDumpFlags::SEND_ANNOTATE_ROWS_EVENT,
    })?;
    conn.send_binlog_dump(&payload, DumpStart::MariaDbGtid(gtid_pos.to_owned()))
        .await
}

/// Like [`start_binlog_dump`], but on MySQL from a GTID set (`COM_BINLOG_DUMP_GTID`):
/// the server sends every transaction whose GTID is not in `gtid_set` (the syntax of
/// `@@gtid_executed`, e.g. `3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5:7,...`; tagged
/// GTIDs of MySQL 8.3+ included).
pub async fn start_mysql_gtid_dump(
    mut conn: Connection,
    server_id: u32,
    gtid_set: &str,
    heartbeat: Option<Duration>,
) -> Result<BinlogStream, ReplicationError> {
    if conn.is_mariadb() {
        return Err(ReplicationError::Unsupported {
            addr: conn.addr().to_owned(),
            detail: format!(
                "COM_BINLOG_DUMP_GTID is MySQL's; '{}' is MariaDB, use start_mariadb_gtid_dump",
                conn.server_version()
            ),
        });
    }
    let payload = com_binlog_dump_gtid(server_id, gtid_set)?;
    conn.negotiate_binlog_checksum().await?;
    if let Some(period) = heartbeat {
        conn.set_heartbeat_period(period).await?;
    }
    conn.register_replica(server_id).await?;
    conn.send_binlog_dump(&payload, DumpStart::MySqlGtidSet(gtid_set.to_owned()))
        .await
}

/// COM_BINLOG_DUMP_GTID for `gtid_set`, serialized by mysql_common (flags
/// BINLOG_THROUGH_GTID, empty file name, position 4, the SID block).
fn com_binlog_dump_gtid(server_id: u32, gtid_set: &str) -> Result<Vec<u8>, ReplicationError> {
    use mysql_common::packets::{ComBinlogDumpGtid, Sid};
    use mysql_common::proto::MySerialize;
    let mut sids = Vec::new();
    // MySQL prints long sets over several lines: "uuid:1-5,\nuuid2:1-3".
    for part in gtid_set.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let sid: Sid<'static> = part.parse().map_err(|e| ReplicationError::InvalidRequest {
            detail: format!("MySQL GTID set '{gtid_set}' has '{part}', which is not uuid:interval[:interval...]: {e}"),
        })?;
        sids.push(sid);
    }
    let command = ComBinlogDumpGtid::new(server_id)
        .with_pos(4)
        .with_sids(sids);
    let mut out = Vec::new();
    command.serialize(&mut out);
    Ok(out)
}

impl BinlogStream {
    /// The next event's bytes, from the 19-byte common header through the checksum
    /// (when checksums are on); `None` once the server ended the dump with EOF (only
    /// with [`BinlogDumpFlags::NON_BLOCK`]). An event split over several packets
    /// (16 MiB or more) is joined.
    ///
    /// Events are byte-identical to the binlog file, except what the server makes up
    /// for the stream (seen on MariaDB 10.11, `sql/sql_repl.cc`): it starts with a
    /// fake ROTATE_EVENT (timestamp and log_pos 0, LOG_EVENT_ARTIFICIAL_F) naming the
    /// file, then the file's FORMAT_DESCRIPTION_EVENT with LOG_EVENT_BINLOG_IN_USE_F
    /// cleared and, when the dump does not start at the file's first event, `created`
    /// zeroed (and log_pos 0 in a file/position dump) with the checksum recomputed;
    /// HEARTBEAT_LOG_EVENTs arrive when idle.
    pub async fn next_event(&mut self) -> Result<Option<Bytes>, ReplicationError> {
        let event = match self.pending.take() {
            Some(event) => Some(event),
            None if self.ended => None,
            None => {
                let packet = self.conn.read_packet("the next binlog event").await?;
                self.classify(packet.payload)?
            }
        };
        if event.is_some() {
            self.events_received += 1;
        }
        Ok(event)
    }

    /// Classifies a dump packet: an event (0x00 stripped), end of stream, or an error.
    fn classify(&mut self, payload: Bytes) -> Result<Option<Bytes>, ReplicationError> {
        match payload.first().copied() {
            Some(OK_HEADER) => Ok(Some(payload.slice(1..))),
            Some(EOF_HEADER) => {
                self.ended = true;
                self.conn.end_command();
                Ok(None)
            }
            Some(ERR_HEADER) => {
                self.ended = true;
                let err = parse_err_packet(&payload).map_err(|v| self.conn.protocol(v))?;
                Err(ReplicationError::BinlogDump {
                    from: self.start.clone(),
                    events_received: self.events_received,
                    code: err.code,
                    state: err.state,
                    message: err.message,
                })
            }
            other => Err(self.conn.protocol(super::packet::ProtocolViolation(format!(
                "binlog stream packet starts with {other:02X?}, expected 0x00 (event), 0xFE (EOF) or 0xFF (ERR); {} events received from {}",
                self.events_received, self.start
            )))),
        }
    }

    /// Events handed out so far.
    pub fn events_received(&self) -> u64 {
        self.events_received
    }

    /// Where the dump started.
    pub fn start(&self) -> &DumpStart {
        &self.start
    }

    /// The connection underneath (server version, address).
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Ends the dump: shuts the socket down, which makes the server end its dump
    /// thread. Dropping the stream has the same effect without waiting.
    pub async fn close(mut self) -> Result<(), ReplicationError> {
        self.conn.shutdown().await
    }
}

/// COM_REGISTER_SLAVE: command, server id, empty host/user/password, port 0,
/// replication rank 0, master id 0.
fn com_register_slave(server_id: u32) -> Vec<u8> {
    let mut out = Vec::with_capacity(18);
    out.push(COM_REGISTER_SLAVE);
    out.extend_from_slice(&server_id.to_le_bytes());
    out.extend_from_slice(&[0, 0, 0]); // hostname, user, password: length 0 each
    out.extend_from_slice(&0u16.to_le_bytes()); // port
    out.extend_from_slice(&0u32.to_le_bytes()); // replication rank
    out.extend_from_slice(&0u32.to_le_bytes()); // master id
    out
}

/// COM_BINLOG_DUMP: command, 4-byte position, flags, server id, file name (to the
/// end of the packet).
fn com_binlog_dump(request: &BinlogDumpRequest) -> Result<Vec<u8>, ReplicationError> {
    let pos = u32::try_from(request.pos).map_err(|_| ReplicationError::InvalidRequest {
        detail: format!(
            "binlog position {} in {} does not fit COM_BINLOG_DUMP's 4 bytes",
            request.pos, request.file
        ),
    })?;
    let mut out = Vec::with_capacity(11 + request.file.len());
    out.push(COM_BINLOG_DUMP);
    out.extend_from_slice(&pos.to_le_bytes());
    out.extend_from_slice(&request.flags.bits().to_le_bytes());
    out.extend_from_slice(&request.server_id.to_le_bytes());
    out.extend_from_slice(request.file.as_bytes());
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn register_slave_layout() {
        // Layout per the MySQL internals manual, COM_REGISTER_SLAVE.
        let p = com_register_slave(0x0102_0304);
        assert_eq!(
            p,
            vec![0x15, 4, 3, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
        );
    }

    #[test]
    fn binlog_dump_layout() {
        let p = com_binlog_dump(&BinlogDumpRequest {
            server_id: 7,
            file: "mariadb-bin.000001".into(),
            pos: 4,
            flags: BinlogDumpFlags::NON_BLOCK | BinlogDumpFlags::SEND_ANNOTATE_ROWS_EVENT,
        })
        .unwrap();
        assert_eq!(&p[..11], &[0x12, 4, 0, 0, 0, 3, 0, 7, 0, 0, 0]);
        assert_eq!(&p[11..], b"mariadb-bin.000001");
    }

    #[test]
    fn mariadb_gtid_positions() {
        for (given, canonical) in [
            ("", ""),
            ("0-1-42", "0-1-42"),
            ("0-1-42,1-2-7", "0-1-42,1-2-7"),
            (
                " 0-1-1 , 2-3-18446744073709551615",
                "0-1-1,2-3-18446744073709551615",
            ),
        ] {
            assert_eq!(canonical_mariadb_gtid_pos(given).unwrap(), canonical);
        }
        for bad in [
            "0-1",
            "0-1-x",
            "0-1-2'; DROP TABLE t; --",
            "4294967296-1-1",
            "0--1-1",
            "0-1-1,",
        ] {
            let err = canonical_mariadb_gtid_pos(bad).unwrap_err();
            assert!(err.to_string().contains("MariaDB GTID position"), "{err}");
        }
    }

    #[test]
    fn binlog_dump_gtid_layout() {
        // Layout per the MySQL internals manual, COM_BINLOG_DUMP_GTID: command 0x1e,
        // flags (BINLOG_THROUGH_GTID = 4), server id, name length + name, position
        // u64, data size, n_sids u64, then per SID: 16-byte UUID, n_intervals u64,
        // intervals as [start, end) u64 pairs.
        let p = com_binlog_dump_gtid(
            9,
            "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5:7,\n 00000000-0000-0000-0000-000000000001:3",
        )
        .unwrap();
        let mut expected = vec![0x1e, 4, 0, 9, 0, 0, 0, 0, 0, 0, 0];
        expected.extend_from_slice(&4u64.to_le_bytes());
        let data_len = 8 + (16 + 8 + 2 * 16) + (16 + 8 + 16);
        expected.extend_from_slice(&(data_len as u32).to_le_bytes());
        expected.extend_from_slice(&2u64.to_le_bytes());
        expected.extend_from_slice(&[
            0x3e, 0x11, 0xfa, 0x47, 0x71, 0xca, 0x11, 0xe1, 0x9e, 0x33, 0xc8, 0x0a, 0xa9, 0x42,
            0x95, 0x62,
        ]);
        expected.extend_from_slice(&2u64.to_le_bytes());
        for (start, end) in [(1u64, 6u64), (7, 8)] {
            expected.extend_from_slice(&start.to_le_bytes());
            expected.extend_from_slice(&end.to_le_bytes());
        }
        expected.extend_from_slice(&[0; 15]);
        expected.push(1);
        expected.extend_from_slice(&1u64.to_le_bytes());
        expected.extend_from_slice(&3u64.to_le_bytes());
        expected.extend_from_slice(&4u64.to_le_bytes());
        assert_eq!(p, expected);
        let err = com_binlog_dump_gtid(9, "not-a-uuid:1").unwrap_err();
        assert!(err.to_string().contains("not-a-uuid:1"), "{err}");
    }

    #[test]
    fn dump_start_display() {
        let pos = DumpStart::Position {
            file: "mariadb-bin.000002".into(),
            pos: 380,
        };
        assert_eq!(pos.to_string(), "mariadb-bin.000002:380");
        assert_eq!(
            DumpStart::MariaDbGtid("0-1-5".into()).to_string(),
            "MariaDB GTID position '0-1-5'"
        );
    }

    #[test]
    fn binlog_dump_position_beyond_4_bytes_is_rejected() {
        let err = com_binlog_dump(&BinlogDumpRequest {
            server_id: 7,
            file: "f".into(),
            pos: 1 << 32,
            flags: BinlogDumpFlags::NONE,
        })
        .unwrap_err();
        assert!(err.to_string().contains("4294967296"), "{err}");
    }
}
