//! The engine's error type: wraps every lower layer's error with where it happened.

use crate::binlog::BinlogError;
use crate::emit::EmitError;
use crate::engine::config::ConfigError;
use crate::envelope::EnvelopeError;
use crate::format::FormatError;
use crate::offset::OffsetError;
use crate::replication::ReplicationError;
use crate::schema::{HistoryError, SchemaError};

/// Errors of the engine layer.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// The connector configuration is invalid.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// A binlog file could not be opened or read.
    #[error("{file}: {source}")]
    Io {
        /// The file.
        file: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// An error while replaying a file whose binlog name (from its ROTATE events)
    /// differs from the file's own name, e.g. a relay log: names both.
    #[error("{path}: {source}")]
    InFile {
        /// The file being read.
        path: String,
        /// The error, which names the binlog file the events belong to.
        #[source]
        source: Box<EngineError>,
    },
    /// A binlog file could not be read (its message names the file and position).
    #[error(transparent)]
    Read(BinlogError),
    /// A binlog event could not be decoded (the decoder's message names the event
    /// and its position).
    #[error("{file}: {source}")]
    Binlog {
        /// Binlog file name.
        file: String,
        /// Start position of the event.
        pos: u64,
        /// The decoding error.
        #[source]
        source: BinlogError,
    },
    /// A DDL statement could not be applied to the schema model.
    #[error("{file} at byte {pos}: {source}")]
    Schema {
        /// Binlog file name.
        file: String,
        /// Start position of the QUERY event.
        pos: u64,
        /// The schema error.
        #[source]
        source: Box<SchemaError>,
    },
    /// A row event refers to a table whose schema is unknown at this position.
    #[error(
        "{file} at byte {pos}: no schema for table `{database}`.`{table}` (it was created before \
         the binlog position the stream started from, and no schema history covers it; \
         `tributary.schema.fallback=table_map` builds one from the TABLE_MAP_EVENT)"
    )]
    UnknownTable {
        /// Binlog file name.
        file: String,
        /// Start position of the rows event.
        pos: u64,
        /// Database of the table.
        database: String,
        /// Table name.
        table: String,
    },
    /// `tributary.schema.fallback=table_map`: the TABLE_MAP_EVENT could not be turned
    /// into a table schema.
    #[error("{file} at byte {pos}: {source}")]
    TableMapSchema {
        /// Binlog file name.
        file: String,
        /// Start position of the TABLE_MAP_EVENT.
        pos: u64,
        /// What could not be modelled.
        #[source]
        source: Box<crate::schema::TableMapSchemaError>,
    },
    /// A rows event refers to a table id that no TABLE_MAP event announced.
    #[error(
        "{file} at byte {pos}: rows event for table id {table_id} without a preceding TABLE_MAP_EVENT"
    )]
    MissingTableMap {
        /// Binlog file name.
        file: String,
        /// Start position of the rows event.
        pos: u64,
        /// The table id.
        table_id: u64,
    },
    /// A row image does not match the table's schema.
    #[error("{file} at byte {pos}: table `{database}`.`{table}`: {source}")]
    Envelope {
        /// Binlog file name.
        file: String,
        /// Start position of the rows event.
        pos: u64,
        /// Database of the table.
        database: String,
        /// Table name.
        table: String,
        /// The conversion error.
        #[source]
        source: Box<EnvelopeError>,
    },
    /// A PARTIAL_UPDATE_ROWS_EVENT's JSON diffs could not be turned into the column's
    /// full after document.
    #[error("{file} at byte {pos}: column {column}: {source}")]
    PartialJson {
        /// Binlog file name.
        file: String,
        /// Start position of the rows event.
        pos: u64,
        /// The JSON column, as `` `db`.`table`.`column` ``.
        column: String,
        /// Why the diffs could not be applied.
        #[source]
        source: Box<crate::envelope::JsonDiffError>,
    },
    /// A record could not be serialized.
    #[error("serializing a record failed: {0}")]
    Format(Box<FormatError>),
    /// Delivering records failed.
    #[error(transparent)]
    Emit(#[from] EmitError),
    /// The connection to the database server failed.
    #[error(transparent)]
    Replication(Box<ReplicationError>),
    /// The schema history could not be read, written or replayed.
    #[error(transparent)]
    History(#[from] HistoryError),
    /// The offset store could not be read or written.
    #[error(transparent)]
    Offset(#[from] OffsetError),
    /// A stored offset exists but the schema history holds nothing of this connector,
    /// so the schemas at the offset cannot be rebuilt.
    #[error(
        "an offset is stored ({file} at byte {pos}) but the schema history {history} holds no \
         record of connector `{server}`: the schemas at that position cannot be rebuilt \
         (restore the history, or remove the offsets file to start anew at the current position)"
    )]
    HistoryMissing {
        /// Binlog file of the stored offset.
        file: String,
        /// Position of the stored offset.
        pos: u64,
        /// The history store (file or topic).
        history: String,
        /// `topic.prefix`.
        server: String,
    },
    /// The server is not configured for row-based change capture.
    #[error("the server is not usable for change data capture: {0}")]
    ServerSetup(String),
    /// The snapshot could not read a table (a value, a key, a worker).
    #[error("snapshot of {table}: {message}")]
    Snapshot {
        /// `` `db`.`table` `` (or the statement's excerpt).
        table: String,
        /// What went wrong.
        message: String,
    },
    /// The server cannot send the binlog from the stored offset (error 1236): the
    /// file was purged, or the GTIDs are no longer in any binlog. `snapshot.mode`
    /// `when_needed` can react to this by taking a new snapshot.
    #[error(
        "the binlog cannot be read from the stored offset ({start}): server error 1236: \
         {message}. The server \
         no longer has it (purged, see SHOW BINARY LOGS and expire_logs_days / \
         binlog_expire_logs_seconds); changes since then are lost to this connector: remove \
         the stored offsets and schema history to start anew (or use \
         snapshot.mode=when_needed)"
    )]
    BinlogUnavailable {
        /// Where the dump was asked to start (`file:pos` or the GTID position).
        start: String,
        /// The server's message.
        message: String,
    },
}

impl From<FormatError> for EngineError {
    fn from(e: FormatError) -> Self {
        EngineError::Format(Box::new(e))
    }
}

impl From<ReplicationError> for EngineError {
    fn from(e: ReplicationError) -> Self {
        EngineError::Replication(Box::new(e))
    }
}
