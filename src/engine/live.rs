//! The live stream: connect to the server as a replica and turn its binlog into
//! batches of change records.
//!
//! Owns startup checks (row-based binlog), reading the captured tables' current
//! definitions, choosing the start position (the server's current position: snapshots
//! come later) and batching at transaction boundaries. Network details belong to
//! `replication`, record building to the processor.

use crate::binlog::{ChecksumAlg, EventHeader};
use crate::emit::Record;
use crate::engine::config::{ConfigError, ConnectorConfig};
use crate::engine::processor::{ChangeProcessor, ProcessorOptions};
use crate::engine::{Batch, EngineError};
use crate::replication::{
    BinlogSettings, BinlogStream, ConnectOptions, Connection, start_binlog_dump,
};
use crate::schema::SessionCharsets;

/// A connected live source.
pub struct LiveSource {
    processor: ChangeProcessor,
    stream: BinlogStream,
    max_batch: usize,
    pending: Vec<Record>,
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
    /// Connects, checks the server, loads the captured tables' schemas and starts the
    /// binlog dump at the server's current position.
    pub async fn start(
        config: &ConnectorConfig,
        opts: ProcessorOptions,
    ) -> Result<Self, EngineError> {
        let options = connect_options(config)?;
        let server_id = config
            .database
            .server_id
            .ok_or_else(|| missing("database.server.id"))?;
        let mut conn = Connection::connect(&options).await?;
        let settings = check_row_binlog(&mut conn).await?;
        let (file, pos) = current_position(&mut conn).await?;
        let mut processor = ChangeProcessor::new(opts.clone(), file.clone());
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
        load_schemas(&mut conn, &mut processor, &opts).await?;
        conn.close().await?;
        let dump = Connection::connect(&options).await?;
        let stream = start_binlog_dump(dump, server_id, &file, pos, None).await?;
        Ok(LiveSource {
            processor,
            stream,
            max_batch: config.max_batch_size.max(1),
            pending: Vec::new(),
        })
    }

    /// The next batch: the records of whole transactions (or `max.batch.size`
    /// records), or `None` when the server ended the stream.
    pub async fn next_batch(&mut self) -> Result<Option<Batch>, EngineError> {
        loop {
            let Some(raw) = self.stream.next_event().await? else {
                return Ok(self.take_batch());
            };
            let header = EventHeader::parse(&raw).map_err(|source| EngineError::Binlog {
                file: self.processor.file().to_string(),
                pos: 0,
                source,
            })?;
            let pos = header.start_pos();
            self.processor.process(&raw, pos, true, &mut self.pending)?;
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

async fn current_position(conn: &mut Connection) -> Result<(String, u64), EngineError> {
    let position = conn.binlog_position().await?.ok_or_else(|| {
        EngineError::ServerSetup(
            "SHOW MASTER STATUS returned nothing: is the binary log on?".into(),
        )
    })?;
    Ok((position.file, position.pos))
}

/// Reads the current definitions of the captured databases and tables into the
/// schema model, as Debezium's schema snapshot does (without emitting anything).
async fn load_schemas(
    conn: &mut Connection,
    processor: &mut ChangeProcessor,
    opts: &ProcessorOptions,
) -> Result<(), EngineError> {
    let charsets = SessionCharsets::default();
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
            apply(processor, &db, &sql, &charsets)?;
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
            let create = conn
                .query(&format!(
                    "SHOW CREATE TABLE {}.{}",
                    quote(&db),
                    quote(&table)
                ))
                .await?;
            if let Some(sql) = create.first().and_then(|r| r.get(1).cloned().flatten()) {
                apply(processor, &db, &sql, &charsets)?;
            }
        }
    }
    Ok(())
}

fn apply(
    processor: &mut ChangeProcessor,
    db: &str,
    sql: &str,
    charsets: &SessionCharsets,
) -> Result<(), EngineError> {
    let file = processor.file().to_string();
    processor
        .tracker_mut()
        .apply_query(db, sql, charsets)
        .map(|_| ())
        .map_err(|source| EngineError::Schema {
            file,
            pos: 0,
            source: Box::new(source),
        })
}

/// A backquoted identifier.
fn quote(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}
