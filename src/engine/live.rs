//! The live stream: connect to the server as a replica and turn its binlog into
//! batches of change records.
//!
//! Owns startup checks (row-based binlog), choosing the start position and the schemas
//! in force there — with a stored offset, that offset and the schemas recovered from
//! the schema history; without one, the server's current position and the captured
//! tables' current definitions (`SHOW CREATE TABLE`, recorded in the history as
//! Debezium records its snapshot DDL) — storing every applied DDL in the history
//! before the batch it came with is handed out, and batching at transaction
//! boundaries. Network details belong to `replication`, record building to the
//! processor, history formats to `schema::history`; it never commits offsets.

use serde_json::{Map, Value};

use crate::binlog::{ChecksumAlg, EventHeader};
use crate::emit::Record;
use crate::engine::config::{ConfigError, ConnectorConfig, OffsetStoreKind, SchemaHistoryStore};
use crate::engine::processor::{ChangeProcessor, HistoryCapture, ProcessorOptions};
use crate::engine::{Batch, EngineError};
use crate::offset::GtidState;
use crate::offset::{FileOffsetStore, MemoryOffsetStore, OffsetStore, SourceOffset};
use crate::replication::{
    BinlogSettings, BinlogStream, ConnectOptions, Connection, ReplicationError, start_binlog_dump,
    start_mariadb_gtid_dump, start_mysql_gtid_dump,
};
use crate::schema::{FileSchemaHistory, MemorySchemaHistory, SchemaHistory, compare_positions};

/// A connected live source.
pub struct LiveSource {
    processor: ChangeProcessor,
    stream: BinlogStream,
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
        let server_id = config
            .database
            .server_id
            .ok_or_else(|| missing("database.server.id"))?;
        let mut conn = Connection::connect(&options).await?;
        let settings = check_row_binlog(&mut conn).await?;
        let start = match resume {
            Some(offset) => offset.clone(),
            None => {
                let (file, pos) = current_position(&mut conn).await?;
                SourceOffset {
                    file,
                    pos,
                    ..SourceOffset::default()
                }
            }
        };
        let mut processor = ChangeProcessor::new(opts.clone(), start.file.clone());
        processor.resume_at(&start);
        let gtid_start = completed_gtids(&mut conn, resume, &start).await?;
        if let Some((state, _)) = &gtid_start {
            processor.set_completed_gtids(state.clone());
        }
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
        if resume.is_some() {
            let recovery = history.recover(
                &config.topic_prefix,
                &position_map(&start),
                processor.tracker_mut(),
                config.schema_history.skip_unparseable_ddl,
            )?;
            if recovery.stored_up_to.is_none() {
                return Err(EngineError::HistoryMissing {
                    file: start.file.clone(),
                    pos: start.pos,
                    history: history_name(config),
                    server: config.topic_prefix.clone(),
                });
            }
            tracing::info!(
                applied = recovery.applied,
                skipped = recovery.skipped,
                file = %start.file,
                pos = start.pos,
                "schemas recovered from the schema history"
            );
            history_stored_up_to = recovery.stored_up_to;
        } else {
            load_schemas(&mut conn, &mut processor, &opts).await?;
        }
        conn.close().await?;
        let dump = Connection::connect(&options).await?;
        let stream = match gtid_start {
            // A stored GTID set is where Debezium resumes when the server has GTIDs:
            // the server finds the file and position of the first transaction after it.
            Some((state, true)) => {
                let gtids = state.to_string();
                tracing::info!(gtids = %gtids, "resuming from the offset's GTIDs");
                match &state {
                    GtidState::MariaDb(_) => {
                        start_mariadb_gtid_dump(dump, server_id, &gtids, None).await
                    }
                    GtidState::MySql(_) => {
                        start_mysql_gtid_dump(dump, server_id, &gtids, None).await
                    }
                }
            }
            _ => start_binlog_dump(dump, server_id, &start.file, start.pos, None).await,
        }
        .map_err(unavailable_start)?;
        let mut source = LiveSource {
            processor,
            stream,
            max_batch: config.max_batch_size.max(1),
            pending: Vec::new(),
            history,
            history_stored_up_to,
        };
        source.store_history()?;
        Ok(source)
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
        loop {
            let Some(raw) = (self.stream.next_event().await).map_err(unavailable_start)? else {
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

async fn current_position(conn: &mut Connection) -> Result<(String, u64), EngineError> {
    let position = conn.binlog_position().await?.ok_or_else(|| {
        EngineError::ServerSetup(
            "SHOW MASTER STATUS returned nothing: is the binary log on?".into(),
        )
    })?;
    Ok((position.file, position.pos))
}

/// Reads the current definitions of the captured databases and tables into the
/// schema model, as Debezium's schema snapshot does (without emitting anything), and
/// queues them as history records. Each table's `CREATE TABLE` follows a
/// `DROP TABLE IF EXISTS`, so that a history holding an earlier run's records still
/// replays to the definitions read now.
async fn load_schemas(
    conn: &mut Connection,
    processor: &mut ChangeProcessor,
    opts: &ProcessorOptions,
) -> Result<(), EngineError> {
    let databases = conn.query("SHOW DATABASES").await?;
    for db in databases
        .iter()
        .filter_map(|r| r.first().cloned().flatten())
    {
        if !opts.filters.captures_database(&db) {
            continue;
        }
        let create_db = conn
            .query(&format!("SHOW CREATE DATABASE {}", quote(&db)))
            .await?;
        if let Some(sql) = create_db.first().and_then(|r| r.get(1).cloned().flatten()) {
            processor.apply_snapshot_ddl(&db, &sql)?;
        }
        let tables = conn
            .query(&format!(
                "SHOW FULL TABLES FROM {} WHERE Table_type = 'BASE TABLE'",
                quote(&db)
            ))
            .await?;
        for table in tables.iter().filter_map(|r| r.first().cloned().flatten()) {
            let id = crate::schema::TableId::new(db.clone(), table.clone());
            if !opts.filters.captures(&id) {
                continue;
            }
            let drop = format!("DROP TABLE IF EXISTS {}.{}", quote(&db), quote(&table));
            processor.apply_snapshot_ddl(&db, &drop)?;
            let create = conn
                .query(&format!(
                    "SHOW CREATE TABLE {}.{}",
                    quote(&db),
                    quote(&table)
                ))
                .await?;
            if let Some(sql) = create.first().and_then(|r| r.get(1).cloned().flatten()) {
                processor.apply_snapshot_ddl(&db, &sql)?;
            }
        }
    }
    Ok(())
}

/// A backquoted identifier.
fn quote(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}
