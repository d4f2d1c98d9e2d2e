//! The live stream: connect to the server as a replica and turn its binlog into
//! batches of change records.
//!
//! Owns startup checks (row-based binlog), choosing the start position and the schemas
//! in force there — per `snapshot.mode` (see `engine::snapshot`): a snapshot's
//! records first and then the binlog from the snapshot position, or, with a stored
//! offset, that offset and the schemas recovered from the schema history — storing
//! every applied DDL in the history before the batch it came with is handed out,
//! batching at transaction boundaries, and keeping the stream alive: a connection
//! that fails transiently (network cut, server restart, `KILL`, a stream silent for
//! two heartbeat periods) is reopened with backoff at the position after the last
//! event processed, so nothing is lost or repeated. Network details belong to
//! `replication`, record building to the processor, history formats to
//! `schema::history`; it never commits offsets.
//!
//! Heartbeats (`heartbeat.interval.ms`, see `engine::heartbeat`): the dump asks the
//! server for a HEARTBEAT_LOG_EVENT after half an interval without events (or sooner,
//! for the keep-alive), so an idle or fully filtered stream still gets an event at
//! least that often; after every event a heartbeat record is due once the interval
//! has passed, and goes out in a batch of its own (or with the transaction's records)
//! carrying the processor's offset, so the caller commits the position even when
//! nothing is captured. Then `heartbeat.action.query`, if set, runs on a separate
//! connection.

use std::time::{Duration, Instant};

use serde_json::{Map, Value};

use crate::binlog::{ChecksumAlg, EventHeader};
use crate::emit::Record;
use crate::engine::config::{ConfigError, ConnectorConfig, OffsetStoreKind, SchemaHistoryStore};
use crate::engine::heartbeat::Heartbeat;
use crate::engine::processor::{ChangeProcessor, HistoryCapture, ProcessorOptions};
use crate::engine::snapshot::{
    self, SnapshotDecision, SnapshotProgress, SnapshotRequest, SnapshotStream,
};
use crate::engine::{Batch, EngineError};
use crate::offset::GtidState;
use crate::offset::{FileOffsetStore, MemoryOffsetStore, OffsetStore, SourceOffset};
use crate::replication::{
    BinlogSettings, BinlogStream, ConnectOptions, Connection, LoginOptions, ReplicationError,
    SslMode, StoreFile, TlsOptions, start_binlog_dump, start_mariadb_gtid_dump,
    start_mysql_gtid_dump,
};
use crate::schema::{FileSchemaHistory, MemorySchemaHistory, SchemaHistory, compare_positions};

/// A connected live source.
pub struct LiveSource {
    processor: ChangeProcessor,
    /// The binlog dump; opened after the snapshot's records were handed out.
    stream: Option<BinlogStream>,
    /// How to (re)open the dump and where it resumes.
    link: ReplicaLink,
    /// The snapshot whose records come before the stream's.
    snapshot: Option<SnapshotStream>,
    snapshot_progress: Option<std::sync::Arc<SnapshotProgress>>,
    /// Where to open the dump once the snapshot is done; `None` when
    /// `snapshot.mode` does not stream (`initial_only`) or the dump is open.
    pending_dump: Option<SourceOffset>,
    /// The GTIDs completed at the dump's start, and whether to resume by them (a
    /// stored offset with `gtids`); taken when the dump is opened.
    pending_gtids: Option<(GtidState, bool)>,
    max_batch: usize,
    pending: Vec<Record>,
    history: Box<dyn SchemaHistory>,
    /// Position of the last history record stored before this run: records the
    /// stream re-reads up to there (after a crash between storing a DDL and
    /// committing its offset) are not stored twice.
    history_stored_up_to: Option<Map<String, Value>>,
    /// `heartbeat.interval.ms`.
    heartbeat: Option<Heartbeat>,
    /// `heartbeat.action.query` and the connection it runs on.
    heartbeat_action: Option<(String, Connection)>,
}

/// The HEARTBEAT_LOG_EVENT period asked of the server for a heartbeat interval: half
/// of it (at least 1 ms), so an idle stream has an event to check the clock on.
fn server_heartbeat_period(interval: std::time::Duration) -> std::time::Duration {
    (interval / 2).max(std::time::Duration::from_millis(1))
}

/// Event type codes of HEARTBEAT_LOG_EVENT and HEARTBEAT_LOG_EVENT_V2: not binlog
/// content, never handed to the processor (their header has no timestamp).
fn is_server_heartbeat(type_code: u8) -> bool {
    use crate::binlog::EventType;
    type_code == EventType::HEARTBEAT_LOG_EVENT as u8
        || type_code == EventType::HEARTBEAT_LOG_EVENT_V2 as u8
}

/// Times a snapshot that met a lock conflict is started again.
const SNAPSHOT_LOCK_RETRIES: u32 = 5;

/// A deadlock (1213) or lock wait timeout (1205) reported by the server.
fn is_lock_conflict(error: &EngineError) -> bool {
    matches!(
        error,
        EngineError::Replication(e)
            if matches!(**e, ReplicationError::Server { code: 1213 | 1205, .. })
    )
}

/// The schema history store the configuration names (`schema.history.internal`).
pub fn open_schema_history(
    config: &ConnectorConfig,
) -> Result<Box<dyn SchemaHistory>, EngineError> {
    match &config.schema_history.store {
        SchemaHistoryStore::File { path } => Ok(Box::new(FileSchemaHistory::new(path))),
        SchemaHistoryStore::Memory => Ok(Box::new(MemorySchemaHistory::new())),
        SchemaHistoryStore::Kafka { topic, .. } => kafka_schema_history(config, topic),
    }
}

#[cfg(feature = "kafka")]
fn kafka_schema_history(
    config: &ConnectorConfig,
    topic: &str,
) -> Result<Box<dyn SchemaHistory>, EngineError> {
    Ok(Box::new(crate::schema::KafkaSchemaHistory::new(
        topic,
        config.kafka_producer_settings()?,
        config.history_consumer_settings()?,
    )))
}

#[cfg(not(feature = "kafka"))]
fn kafka_schema_history(
    _config: &ConnectorConfig,
    _topic: &str,
) -> Result<Box<dyn SchemaHistory>, EngineError> {
    Err(EngineError::Config(ConfigError::Unsupported {
        key: "schema.history.internal".into(),
        value: "io.debezium.storage.kafka.history.KafkaSchemaHistory".into(),
        reason: "this build has no Kafka support (the `kafka` feature is off); use \
                 io.debezium.storage.file.history.FileSchemaHistory"
            .into(),
    }))
}

/// The offset store the configuration names: `offset.storage.file.filename`, Kafka
/// Connect's offsets topic (`offset.storage.topic`), else memory.
pub fn open_offset_store(config: &ConnectorConfig) -> Result<Box<dyn OffsetStore>, EngineError> {
    match &config.offset_storage.store {
        OffsetStoreKind::File(path) => Ok(Box::new(FileOffsetStore::kafka_connect(
            path,
            config.name.as_deref(),
            &config.topic_prefix,
        ))),
        OffsetStoreKind::Memory => Ok(Box::new(MemoryOffsetStore::new())),
        OffsetStoreKind::Kafka {
            topic,
            partitions,
            replication_factor,
        } => kafka_offset_store(config, topic, *partitions, *replication_factor),
    }
}

#[cfg(feature = "kafka")]
fn kafka_offset_store(
    config: &ConnectorConfig,
    topic: &str,
    partitions: i32,
    replication_factor: i32,
) -> Result<Box<dyn OffsetStore>, EngineError> {
    Ok(Box::new(
        crate::offset::KafkaOffsetStore::new(
            topic,
            config.name.as_deref().unwrap_or_default(),
            &config.topic_prefix,
            config.kafka_producer_settings()?,
            config.history_consumer_settings()?,
        )
        .with_topic_layout(partitions, replication_factor),
    ))
}

#[cfg(not(feature = "kafka"))]
fn kafka_offset_store(
    _config: &ConnectorConfig,
    _topic: &str,
    _partitions: i32,
    _replication_factor: i32,
) -> Result<Box<dyn OffsetStore>, EngineError> {
    Err(EngineError::Config(ConfigError::Unsupported {
        key: "offset.storage".into(),
        value: "org.apache.kafka.connect.storage.KafkaOffsetBackingStore".into(),
        reason: "this build has no Kafka support (the `kafka` feature is off); use \
                 org.apache.kafka.connect.storage.FileOffsetBackingStore"
            .into(),
    }))
}

/// A description of the history store for messages.
fn history_name(config: &ConnectorConfig) -> String {
    match &config.schema_history.store {
        SchemaHistoryStore::File { path } => format!("file {}", path.display()),
        SchemaHistoryStore::Kafka { topic, .. } => format!("topic {topic}"),
        SchemaHistoryStore::Memory => "in memory".into(),
    }
}

/// An offset as Debezium's position map.
fn position_map(offset: &SourceOffset) -> Map<String, Value> {
    match serde_json::to_value(offset) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

/// `ROTATE_EVENT`.
const ROTATE_EVENT_TYPE: u8 = 4;
/// First wait before reconnecting; doubled per failed attempt up to
/// `retriable.restart.connector.wait.ms`.
const FIRST_RETRY_WAIT: Duration = Duration::from_millis(100);
/// Debezium asks for server heartbeats at this fraction of the keep-alive interval
/// (`AbstractBinaryLogClientConfigurator.heartbeatIntervalFactor`).
const HEARTBEAT_FACTOR: f64 = 0.8;
/// Heartbeat periods of silence after which the stream is taken as dead: 2 × 0.8 =
/// 1.6 keep-alive intervals, inside the window where Debezium's keep-alive thread
/// (checking once per interval for silence longer than one) notices, and with
/// room for one late heartbeat.
const STALL_HEARTBEATS: u32 = 2;

/// What it takes to (re)open the binlog stream, and where it would resume.
struct ReplicaLink {
    options: ConnectOptions,
    login: LoginOptions,
    server_id: u32,
    /// Heartbeat period asked of the server.
    heartbeat: Duration,
    /// Silence after which the stream is taken as dead (`connect.keep.alive`): two
    /// heartbeat periods.
    stall_after: Option<Duration>,
    max_retries: Option<u32>,
    retry_wait: Duration,
    /// The binlog file and position after the last event processed.
    resume_file: String,
    resume_pos: u64,
}

impl ReplicaLink {
    async fn open(&self, file: &str, pos: u64) -> Result<BinlogStream, ReplicationError> {
        let conn = Connection::connect_with(&self.options, &self.login).await?;
        start_binlog_dump(conn, self.server_id, file, pos, Some(self.heartbeat)).await
    }

    /// Opens the dump after the transactions of a GTID set (MariaDB GTID position or
    /// MySQL GTID set).
    async fn open_gtid(&self, gtids: &GtidState) -> Result<BinlogStream, ReplicationError> {
        let conn = Connection::connect_with(&self.options, &self.login).await?;
        let text = gtids.to_string();
        tracing::info!(gtids = %text, "resuming from the offset's GTIDs");
        match gtids {
            GtidState::MariaDb(_) => {
                start_mariadb_gtid_dump(conn, self.server_id, &text, Some(self.heartbeat)).await
            }
            GtidState::MySql(_) => {
                start_mysql_gtid_dump(conn, self.server_id, &text, Some(self.heartbeat)).await
            }
        }
    }

    /// Moves the resume position past an event just processed in `file` (the
    /// processor's file after it, which a ROTATE changes): a ROTATE gives the
    /// position that follows in the new file; other events end at their `log_pos`
    /// (artificial ones carry 0 and do not move it).
    fn advance(&mut self, file: &str, raw: &[u8], header: &EventHeader) {
        file.clone_into(&mut self.resume_file);
        if raw.get(4) == Some(&ROTATE_EVENT_TYPE) {
            // Rotate_log_event: 8-byte position, then the file name.
            if let Some(position) = raw
                .get(19..27)
                .and_then(|b| <[u8; 8]>::try_from(b).ok())
                .map(u64::from_le_bytes)
            {
                self.resume_pos = position;
            }
        } else if header.log_pos != 0 {
            self.resume_pos = u64::from(header.log_pos);
        }
    }
}

/// The TLS settings the configuration names.
pub fn tls_options(config: &ConnectorConfig) -> TlsOptions {
    let db = &config.database;
    let mut tls = TlsOptions::new(match db.ssl_mode {
        crate::engine::config::DatabaseSslMode::Disabled => SslMode::Disabled,
        crate::engine::config::DatabaseSslMode::Preferred => SslMode::Preferred,
        crate::engine::config::DatabaseSslMode::Required => SslMode::Required,
        crate::engine::config::DatabaseSslMode::VerifyCa => SslMode::VerifyCa,
        crate::engine::config::DatabaseSslMode::VerifyIdentity => SslMode::VerifyIdentity,
    });
    tls.ca_file.clone_from(&db.ssl.ca);
    tls.cert_file.clone_from(&db.ssl.cert);
    tls.key_file.clone_from(&db.ssl.key);
    let store = |s: &Option<(std::path::PathBuf, String)>| {
        s.as_ref().map(|(path, password)| StoreFile {
            path: path.clone(),
            password: password.clone(),
        })
    };
    tls.truststore = store(&db.ssl.truststore);
    tls.keystore = store(&db.ssl.keystore);
    tls
}

/// Login settings (TLS, RSA key retrieval) taken from the connector configuration.
pub fn login_options(config: &ConnectorConfig) -> LoginOptions {
    LoginOptions {
        tls: tls_options(config),
        allow_public_key_retrieval: config.database.allow_public_key_retrieval,
        ..LoginOptions::default()
    }
}

/// Connection settings taken from the connector configuration.
pub fn connect_options(config: &ConnectorConfig) -> Result<ConnectOptions, EngineError> {
    let db = &config.database;
    let host = db
        .hostname
        .clone()
        .ok_or_else(|| missing("database.hostname"))?;
    let user = db.user.clone().ok_or_else(|| missing("database.user"))?;
    let mut options =
        ConnectOptions::new(host, db.port, user, db.password.clone().unwrap_or_default());
    options.connect_timeout = db.connect_timeout;
    Ok(options)
}

fn missing(key: &str) -> EngineError {
    EngineError::Config(ConfigError::Missing {
        key: key.to_string(),
        hint: "needed to connect to the server (`tributary run`)".to_string(),
    })
}

impl LiveSource {
    /// Connects, checks the server and starts the binlog dump.
    ///
    /// With `resume` (the last committed offset) the schemas are recovered from
    /// `history` at that offset and the dump starts at its `gtids` when it has them
    /// (MariaDB GTID position / MySQL GTID set, as Debezium resumes), else at its
    /// `file`/`pos`; the `event` events and `row` rows of the transaction there that
    /// were already delivered are skipped (Debezium's meaning). A stored offset with no
    /// history of this connector is an error. Without `resume`, the captured tables'
    /// current definitions are read and recorded in `history`, and the dump starts at
    /// the server's current position. Offsets carry `gtids` from the GTIDs completed at
    /// the start (`BINLOG_GTID_POS` on MariaDB). A start position the server no longer
    /// has fails here or at the first batch with [`EngineError::BinlogUnavailable`].
    pub async fn start(
        config: &ConnectorConfig,
        opts: ProcessorOptions,
        history: Box<dyn SchemaHistory>,
        resume: Option<&SourceOffset>,
    ) -> Result<Self, EngineError> {
        let options = connect_options(config)?;
        let login = login_options(config);
        let server_id = config
            .database
            .server_id
            .ok_or_else(|| missing("database.server.id"))?;
        let mut conn = Connection::connect_with(&options, &login).await?;
        let settings = check_row_binlog(&mut conn).await?;
        let position_available = match (config.snapshot_mode, resume) {
            (crate::engine::config::SnapshotMode::WhenNeeded, Some(offset)) => {
                binlog_file_available(&mut conn, &offset.file).await?
            }
            _ => true,
        };
        let decision = SnapshotDecision::decide(config.snapshot_mode, resume, position_available);
        let new_processor = || {
            let mut processor = ChangeProcessor::new(opts.clone(), String::new());
            processor.set_skip_unparseable_ddl(config.schema_history.skip_unparseable_ddl);
            processor.record_history(HistoryCapture {
                server: config.topic_prefix.clone(),
                only_captured_tables: config.schema_history.store_only_captured_tables_ddl,
                only_captured_databases: config.schema_history.store_only_captured_databases_ddl,
            });
            if settings
                .checksum
                .as_deref()
                .is_some_and(|c| c.eq_ignore_ascii_case("CRC32"))
            {
                processor.expect_checksum(ChecksumAlg::Crc32);
            }
            if let Some(charset) = &settings.character_set_server {
                processor.tracker_mut().set_server_charset(charset);
            }
            processor
        };
        let mut processor = new_processor();
        let mut history = history;
        let mut history_stored_up_to = None;
        let mut snapshot_stream = None;
        let start = if decision.any() {
            conn.close().await?;
            // DDL running on the server while the snapshot reads the schemas can make
            // the server pick the snapshot's statement as a deadlock victim (1213) or
            // time it out (1205): the snapshot starts over with a fresh schema model.
            let mut attempt = 0u32;
            let prepared = loop {
                let request = SnapshotRequest {
                    config,
                    opts: &opts,
                    decision,
                    resume,
                };
                match snapshot::prepare(request, &options, &mut processor).await {
                    Err(e) if attempt < SNAPSHOT_LOCK_RETRIES && is_lock_conflict(&e) => {
                        attempt += 1;
                        tracing::warn!(error = %e, attempt, "snapshot hit a lock conflict; starting it again");
                        tokio::time::sleep(FIRST_RETRY_WAIT * attempt).await;
                        processor = new_processor();
                    }
                    other => break other?,
                }
            };
            snapshot_stream = Some(prepared.stream);
            match resume {
                Some(offset) if !decision.stream_from_snapshot => offset.clone(),
                _ => SourceOffset {
                    snapshot: None,
                    ..prepared.position
                },
            }
        } else if let Some(offset) = resume {
            processor.resume_at(offset);
            let recovery = history.recover(
                &config.topic_prefix,
                &position_map(offset),
                processor.tracker_mut(),
                config.schema_history.skip_unparseable_ddl,
            )?;
            if recovery.stored_up_to.is_none() {
                return Err(EngineError::HistoryMissing {
                    file: offset.file.clone(),
                    pos: offset.pos,
                    history: history_name(config),
                    server: config.topic_prefix.clone(),
                });
            }
            tracing::info!(
                applied = recovery.applied,
                skipped = recovery.skipped,
                file = %offset.file,
                pos = offset.pos,
                "schemas recovered from the schema history"
            );
            history_stored_up_to = recovery.stored_up_to;
            conn.close().await?;
            offset.clone()
        } else {
            // snapshot.mode=never (Debezium 2.x): no snapshot, the binlog from its
            // first file on, with schemas from its DDL only.
            let first = first_binlog_file(&mut conn).await?;
            conn.close().await?;
            SourceOffset {
                file: first,
                pos: 4,
                ..SourceOffset::default()
            }
        };
        let snapshot_progress = snapshot_stream.as_ref().map(SnapshotStream::progress);
        // The offsets' `gtids`: from the stored offset when streaming resumes there
        // (then the dump starts by GTID), else the server's GTID position at `start`.
        let pending_gtids = {
            let from_offset = resume.filter(|_| snapshot_stream.is_none());
            let mut conn = Connection::connect_with(&options, &login).await?;
            let gtids = completed_gtids(&mut conn, from_offset, &start).await?;
            conn.close().await?;
            gtids
        };
        let heartbeat = opts.heartbeat_interval.map(|interval| {
            Heartbeat::new(
                interval,
                &opts.envelope,
                opts.converters.json_schemas_enable().0,
                opts.converters.json_schemas_enable().1,
                std::time::Instant::now(),
            )
        });
        let heartbeat_action = match (&heartbeat, &config.heartbeat_action_query) {
            (Some(_), Some(query)) => Some((
                query.clone(),
                Connection::connect_with(&options, &login).await?,
            )),
            _ => None,
        };
        let db = &config.database;
        // The server heartbeat serves the keep-alive (stall detection) and, when
        // heartbeat records are on, keeps an idle stream producing events.
        let keep_alive_period = db.keep_alive_interval.mul_f64(HEARTBEAT_FACTOR);
        let server_heartbeat = opts
            .heartbeat_interval
            .map(server_heartbeat_period)
            .map_or(keep_alive_period, |p| p.min(keep_alive_period));
        let link = ReplicaLink {
            options,
            login,
            server_id,
            heartbeat: server_heartbeat,
            stall_after: db.keep_alive.then(|| server_heartbeat * STALL_HEARTBEATS),
            max_retries: db.max_retries,
            retry_wait: db.retry_wait.max(FIRST_RETRY_WAIT),
            resume_file: start.file.clone(),
            resume_pos: start.pos,
        };
        let mut source = LiveSource {
            processor,
            stream: None,
            link,
            snapshot: snapshot_stream,
            snapshot_progress,
            pending_dump: decision.stream.then_some(start),
            pending_gtids,
            max_batch: config.max_batch_size.max(1),
            pending: Vec::new(),
            history,
            history_stored_up_to,
            heartbeat,
            heartbeat_action,
        };
        source.store_history()?;
        Ok(source)
    }

    /// The progress counters of the snapshot this source started with, if any.
    pub fn snapshot_progress(&self) -> Option<std::sync::Arc<SnapshotProgress>> {
        self.snapshot_progress.clone()
    }

    /// The event processor (its offset, the file being read).
    pub fn processor(&self) -> &ChangeProcessor {
        &self.processor
    }

    /// Stores the history records of the statements applied so far.
    fn store_history(&mut self) -> Result<(), EngineError> {
        for record in self.processor.take_history_records() {
            let already_stored = self.history_stored_up_to.as_ref().is_some_and(|up_to| {
                compare_positions(&record.position, up_to) != std::cmp::Ordering::Greater
            });
            if !already_stored {
                self.history.record(&record)?;
            }
        }
        Ok(())
    }

    /// The next batch: the records of whole transactions (or `max.batch.size`
    /// records). `None` is not returned today: the dump blocks at the end of the
    /// binlog, and a server ending it is reconnected to.
    ///
    /// A transient connection failure is not an error here: the stream is reopened
    /// (see [`LiveSource::reconnect`]) and the batch goes on.
    pub async fn next_batch(&mut self) -> Result<Option<Batch>, EngineError> {
        if let Some(snapshot) = &mut self.snapshot {
            if let Some(batch) = snapshot.next_batch().await? {
                return Ok(Some(batch));
            }
            self.snapshot = None;
        }
        if self.stream.is_none() {
            let Some(start) = self.pending_dump.take() else {
                // snapshot.mode=initial_only: the snapshot was all.
                return Ok(None);
            };
            self.processor.resume_at(&start);
            let gtids = self.pending_gtids.take();
            if let Some((state, _)) = &gtids {
                self.processor.set_completed_gtids(state.clone());
            }
            self.link.resume_file.clone_from(&start.file);
            self.link.resume_pos = start.pos;
            let stream = match &gtids {
                // A stored GTID set is where Debezium resumes when the server has
                // GTIDs: the server finds the first transaction after it. Reconnects
                // then use the file and position reached.
                Some((state, true)) => self.link.open_gtid(state).await,
                _ => self.link.open(&start.file, start.pos).await,
            };
            self.stream = Some(stream.map_err(unavailable_start)?);
        }
        loop {
            let raw = match self.next_event().await {
                Ok(Some(raw)) => raw,
                // The dump blocks at the end of the binlog: an EOF is the server
                // ending it (shutdown), like a closed socket.
                Ok(None) => {
                    let cause = ReplicationError::ConnectionClosed {
                        addr: self.link.options.addr(),
                        during: "the next binlog event (the server ended the dump)",
                    };
                    self.reconnect(cause).await?;
                    continue;
                }
                Err(err) if err.is_transient() => {
                    self.reconnect(err).await?;
                    continue;
                }
                Err(err) => return Err(err.into()),
            };
            // Server heartbeats are not binlog content: they only keep the stream
            // (and the heartbeat clock) going.
            if !raw.get(4).is_some_and(|t| is_server_heartbeat(*t)) {
                let header = EventHeader::parse(&raw).map_err(|source| EngineError::Binlog {
                    file: self.processor.file().to_string(),
                    pos: 0,
                    source,
                })?;
                let pos = header.start_pos();
                self.processor.process(&raw, pos, true, &mut self.pending)?;
                self.link.advance(self.processor.file(), &raw, &header);
                self.store_history()?;
            }
            self.heartbeat_if_due().await?;
            let boundary = !self.processor.in_transaction();
            if !self.pending.is_empty() && (boundary || self.pending.len() >= self.max_batch) {
                return Ok(self.take_batch());
            }
        }
    }

    /// Debezium's `dispatchHeartbeatEvent` after an event: the heartbeat record when
    /// due, then `heartbeat.action.query`. An action query failing with SQLSTATE 42000
    /// (access denied, syntax) or 3D000 (no database) stops the stream, others are
    /// logged (`BinlogHeartbeatErrorHandler`).
    async fn heartbeat_if_due(&mut self) -> Result<(), EngineError> {
        let Some(heartbeat) = &mut self.heartbeat else {
            return Ok(());
        };
        let Some(record) = heartbeat.beat_if_due(std::time::Instant::now()) else {
            return Ok(());
        };
        self.pending.push(record);
        if let Some((query, conn)) = &mut self.heartbeat_action {
            match conn.execute(query).await {
                Ok(()) => {}
                Err(crate::replication::ReplicationError::Server { state, .. })
                    if state != "42000" && state != "3D000" =>
                {
                    tracing::error!(sqlstate = %state, "could not execute heartbeat.action.query");
                }
                Err(e) => return Err(e.into()),
            }
        }
        Ok(())
    }

    /// The next raw event, or [`ReplicationError::Stalled`] when nothing (not even a
    /// heartbeat) came for two heartbeat periods.
    async fn next_event(&mut self) -> Result<Option<bytes::Bytes>, ReplicationError> {
        let Some(stream) = self.stream.as_mut() else {
            return Ok(None);
        };
        let Some(limit) = self.link.stall_after else {
            return stream.next_event().await;
        };
        match tokio::time::timeout(limit, stream.next_event()).await {
            Ok(result) => result,
            Err(_elapsed) => Err(ReplicationError::Stalled {
                addr: self.link.options.addr(),
                silence: limit,
                heartbeat: self.link.heartbeat,
            }),
        }
    }

    /// Reopens the binlog stream after `cause`, at the position after the last event
    /// processed, so the events that follow are neither lost nor repeated; the
    /// processor keeps its state (an open transaction, its table maps). Attempts back
    /// off from 100 ms to `retriable.restart.connector.wait.ms`; after
    /// `errors.max.retries` failed attempts in a row, or at an error that is not
    /// transient (a purged binlog, a refused login), the stream fails.
    async fn reconnect(&mut self, cause: ReplicationError) -> Result<(), EngineError> {
        let started = Instant::now();
        let mut wait = FIRST_RETRY_WAIT;
        let mut attempts = 0u32;
        let mut last_error = cause;
        tracing::warn!(
            error = %last_error,
            file = %self.link.resume_file,
            pos = self.link.resume_pos,
            "binlog connection lost; reconnecting"
        );
        loop {
            if self.link.max_retries.is_some_and(|max| attempts >= max) {
                return Err(last_error.into());
            }
            attempts += 1;
            tokio::time::sleep(wait).await;
            wait = (wait * 2).min(self.link.retry_wait);
            let (file, pos) = (self.link.resume_file.clone(), self.link.resume_pos);
            match self.link.open(&file, pos).await {
                Ok(stream) => {
                    self.stream = Some(stream);
                    tracing::info!(
                        attempts,
                        after = ?started.elapsed(),
                        file = %file,
                        pos,
                        "binlog connection restored"
                    );
                    return Ok(());
                }
                Err(err) if err.is_transient() => {
                    tracing::warn!(attempt = attempts, error = %err, "reconnecting failed; retrying");
                    last_error = err;
                }
                Err(err) => return Err(err.into()),
            }
        }
    }

    fn take_batch(&mut self) -> Option<Batch> {
        if self.pending.is_empty() {
            return None;
        }
        let records = std::mem::take(&mut self.pending);
        Some(Batch {
            records,
            offset: self.processor.offset(),
        })
    }
}

/// The GTIDs completed at the start position, and whether to resume by them: the
/// stored offset's `gtids` (resume by GTID, as Debezium does when the server has
/// GTIDs), else on MariaDB `BINLOG_GTID_POS(file, pos)` of the start position, else on
/// MySQL with `gtid_mode=ON` and no offset `@@gtid_executed`. `None`: the offsets
/// carry no `gtids`.
async fn completed_gtids(
    conn: &mut Connection,
    resume: Option<&SourceOffset>,
    start: &SourceOffset,
) -> Result<Option<(GtidState, bool)>, EngineError> {
    let mariadb = conn.is_mariadb();
    let invalid = |e: crate::offset::GtidParseError| {
        EngineError::ServerSetup(format!("the stored offset's gtids: {e}"))
    };
    if let Some(text) = resume.and_then(|o| o.gtids.as_deref()) {
        let state = if mariadb {
            GtidState::parse_mariadb(text)
        } else {
            GtidState::parse_mysql(text)
        }
        .map_err(invalid)?;
        if mariadb || mysql_gtid_mode_on(conn).await? {
            return Ok(Some((state, true)));
        }
        return Ok(None);
    }
    if mariadb {
        let sql = format!(
            "SELECT BINLOG_GTID_POS('{}', {})",
            start.file.replace('\\', "\\\\").replace('\'', "''"),
            start.pos
        );
        let rows = conn.query(&sql).await?;
        let pos = rows.first().and_then(|r| r.first().cloned().flatten());
        return match pos {
            Some(text) => Ok(Some((
                GtidState::parse_mariadb(&text).map_err(invalid)?,
                false,
            ))),
            None => Ok(None),
        };
    }
    if resume.is_none() && mysql_gtid_mode_on(conn).await? {
        let rows = conn.query("SELECT @@GLOBAL.gtid_executed").await?;
        if let Some(text) = rows.first().and_then(|r| r.first().cloned().flatten()) {
            return Ok(Some((
                GtidState::parse_mysql(&text).map_err(invalid)?,
                false,
            )));
        }
    }
    Ok(None)
}

async fn mysql_gtid_mode_on(conn: &mut Connection) -> Result<bool, EngineError> {
    let rows = conn.query("SHOW GLOBAL VARIABLES LIKE 'gtid_mode'").await?;
    Ok(rows
        .first()
        .and_then(|r| r.get(1).cloned().flatten())
        .is_some_and(|v| v.eq_ignore_ascii_case("ON")))
}

/// The server's error 1236 (`ER_MASTER_FATAL_ERROR_READING_BINLOG`: the file or the
/// GTIDs asked for are gone, e.g. purged) as [`EngineError::BinlogUnavailable`].
fn unavailable_start(e: ReplicationError) -> EngineError {
    match e {
        ReplicationError::BinlogDump {
            from,
            code: 1236,
            message,
            ..
        } => EngineError::BinlogUnavailable {
            start: from.to_string(),
            message,
        },
        other => other.into(),
    }
}

/// Checks the server writes row-based binlogs; returns its binlog settings.
async fn check_row_binlog(conn: &mut Connection) -> Result<BinlogSettings, EngineError> {
    let settings = conn.binlog_settings().await?;
    let log_bin = settings.log_bin.clone().unwrap_or_default();
    if !log_bin.eq_ignore_ascii_case("ON") && log_bin != "1" {
        return Err(EngineError::ServerSetup(
            "the binary log is off (start the server with --log-bin)".into(),
        ));
    }
    let format = settings.format.clone().unwrap_or_default();
    if !format.eq_ignore_ascii_case("ROW") {
        return Err(EngineError::ServerSetup(format!(
            "binlog_format is {format} but ROW is required (SET GLOBAL binlog_format=ROW)"
        )));
    }
    let row_image = settings.row_image.clone().unwrap_or_default();
    if !row_image.eq_ignore_ascii_case("FULL") {
        tracing::warn!(binlog_row_image = %row_image, "binlog_row_image is not FULL: columns absent from row images are emitted as null");
    }
    Ok(settings)
}

/// Whether `file` is still among the server's binlog files (`SHOW BINARY LOGS`).
async fn binlog_file_available(conn: &mut Connection, file: &str) -> Result<bool, EngineError> {
    let rows = conn.query("SHOW BINARY LOGS").await?;
    Ok(rows
        .iter()
        .any(|r| r.first().cloned().flatten().as_deref() == Some(file)))
}

/// The oldest binlog file on the server.
async fn first_binlog_file(conn: &mut Connection) -> Result<String, EngineError> {
    let rows = conn.query("SHOW BINARY LOGS").await?;
    rows.into_iter()
        .find_map(|r| r.into_iter().next().flatten())
        .ok_or_else(|| {
            EngineError::ServerSetup(
                "SHOW BINARY LOGS returned nothing: is the binary log on?".into(),
            )
        })
}
