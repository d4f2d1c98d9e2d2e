//! The live stream: connect to the server as a replica and turn its binlog into
//! batches of change records.
//!
//! Owns startup checks (row-based binlog), choosing the start position and the schemas
//! in force there — per `snapshot.mode` (see `engine::snapshot`): a snapshot's
//! records first and then the binlog from the snapshot position, or, with a stored
//! offset, that offset and the schemas recovered from the schema history — storing
//! every applied DDL in the history before the batch it came with is handed out, and
//! batching at transaction boundaries. Network details belong to `replication`, record building to the
//! processor, history formats to `schema::history`; it never commits offsets.

use serde_json::{Map, Value};

use crate::binlog::{ChecksumAlg, EventHeader};
use crate::emit::Record;
use crate::engine::config::{ConfigError, ConnectorConfig, OffsetStoreKind, SchemaHistoryStore};
use crate::engine::processor::{ChangeProcessor, HistoryCapture, ProcessorOptions};
use crate::engine::snapshot::{
    self, SnapshotDecision, SnapshotProgress, SnapshotRequest, SnapshotStream,
};
use crate::engine::{Batch, EngineError};
use crate::offset::{FileOffsetStore, MemoryOffsetStore, OffsetStore, SourceOffset};
use crate::replication::{
    BinlogSettings, BinlogStream, ConnectOptions, Connection, start_binlog_dump,
};
use crate::schema::{FileSchemaHistory, MemorySchemaHistory, SchemaHistory, compare_positions};

/// A connected live source.
pub struct LiveSource {
    processor: ChangeProcessor,
    /// The binlog dump; opened after the snapshot's records were handed out.
    stream: Option<BinlogStream>,
    /// The snapshot whose records come before the stream's.
    snapshot: Option<SnapshotStream>,
    snapshot_progress: Option<std::sync::Arc<SnapshotProgress>>,
    /// Where (and how) to open the dump once the snapshot is done; `None` when
    /// `snapshot.mode` does not stream (`initial_only`).
    pending_dump: Option<(ConnectOptions, u32, SourceOffset)>,
    max_batch: usize,
    pending: Vec<Record>,
    history: Box<dyn SchemaHistory>,
    /// Position of the last history record stored before this run: records the
    /// stream re-reads up to there (after a crash between storing a DDL and
    /// committing its offset) are not stored twice.
    history_stored_up_to: Option<Map<String, Value>>,
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

/// The offset store the configuration names: `offset.storage.file.filename`, else memory.
pub fn open_offset_store(config: &ConnectorConfig) -> Box<dyn OffsetStore> {
    match &config.offset_storage.store {
        OffsetStoreKind::File(path) => Box::new(FileOffsetStore::new(path)),
        OffsetStoreKind::Memory => Box::new(MemoryOffsetStore::new()),
    }
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
    /// `history` at that offset and the dump starts at its `file`/`pos`, skipping the
    /// `event` rows events of the transaction there that were already delivered; a
    /// stored offset with no history of this connector is an error. Without `resume`,
    /// the captured tables' current definitions are read and recorded in `history`,
    /// and the dump starts at the server's current position. A purged start position
    /// fails here or at the first batch with the server's error 1236, naming the file.
    pub async fn start(
        config: &ConnectorConfig,
        opts: ProcessorOptions,
        history: Box<dyn SchemaHistory>,
        resume: Option<&SourceOffset>,
    ) -> Result<Self, EngineError> {
        let options = connect_options(config)?;
        let server_id = config
            .database
            .server_id
            .ok_or_else(|| missing("database.server.id"))?;
        let mut conn = Connection::connect(&options).await?;
        let settings = check_row_binlog(&mut conn).await?;
        let position_available = match (config.snapshot_mode, resume) {
            (crate::engine::config::SnapshotMode::WhenNeeded, Some(offset)) => {
                binlog_file_available(&mut conn, &offset.file).await?
            }
            _ => true,
        };
        let decision = SnapshotDecision::decide(config.snapshot_mode, resume, position_available);
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
        let mut history = history;
        let mut history_stored_up_to = None;
        let mut snapshot_stream = None;
        let start = if decision.any() {
            conn.close().await?;
            let request = SnapshotRequest {
                config,
                opts: &opts,
                decision,
                resume,
            };
            let prepared = snapshot::prepare(request, &options, &mut processor).await?;
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
        let mut stream = None;
        let mut pending_dump = None;
        if snapshot_stream.is_none() {
            processor.resume_at(&start);
            if decision.stream {
                let dump = Connection::connect(&options).await?;
                stream =
                    Some(start_binlog_dump(dump, server_id, &start.file, start.pos, None).await?);
            }
        } else if decision.stream {
            pending_dump = Some((options, server_id, start));
        }
        let mut source = LiveSource {
            processor,
            stream,
            snapshot: snapshot_stream,
            snapshot_progress,
            pending_dump,
            max_batch: config.max_batch_size.max(1),
            pending: Vec::new(),
            history,
            history_stored_up_to,
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
    /// records), or `None` when the server ended the stream.
    pub async fn next_batch(&mut self) -> Result<Option<Batch>, EngineError> {
        if let Some(snapshot) = &mut self.snapshot {
            if let Some(batch) = snapshot.next_batch().await? {
                return Ok(Some(batch));
            }
            self.snapshot = None;
        }
        if self.stream.is_none() {
            let Some((options, server_id, start)) = self.pending_dump.take() else {
                // snapshot.mode=initial_only: the snapshot was all.
                return Ok(None);
            };
            self.processor.resume_at(&start);
            let dump = Connection::connect(&options).await?;
            self.stream =
                Some(start_binlog_dump(dump, server_id, &start.file, start.pos, None).await?);
        }
        loop {
            let Some(stream) = self.stream.as_mut() else {
                return Ok(None);
            };
            let Some(raw) = stream.next_event().await? else {
                return Ok(self.take_batch());
            };
            let header = EventHeader::parse(&raw).map_err(|source| EngineError::Binlog {
                file: self.processor.file().to_string(),
                pos: 0,
                source,
            })?;
            let pos = header.start_pos();
            self.processor.process(&raw, pos, true, &mut self.pending)?;
            self.store_history()?;
            let boundary = !self.processor.in_transaction();
            if !self.pending.is_empty() && (boundary || self.pending.len() >= self.max_batch) {
                return Ok(self.take_batch());
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
