//! Turns raw binlog events into serialized change records, in binlog order.
//!
//! Owns the per-stream state shared by `replay` and the live stream: the binlog
//! decoder, the schema tracker, the table-id → table-version map, the envelope cache
//! and the source position. It does no I/O: events come in as bytes with their
//! position, records go out into a caller's batch.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use bytes::Bytes;

use crate::binlog::{
    ChecksumAlg, Decoder, Event, EventHeader, QueryEvent, RowsEvent, RowsKind, TableMapEvent,
};
use crate::emit::{Record, RecordHeader};
use crate::engine::EngineError;
use crate::engine::config::{FailureHandlingMode, SchemaFallback};
use crate::engine::filters::{Filters, SkippedOperations};
use crate::engine::transaction::{TransactionMonitor, non_gtid_transaction_id};
use crate::envelope::{
    ColumnOptions, DataChange, EnvelopeConfig, Op, SchemaChangeEvent, SnapshotMarker, SourceInfo,
    TableEnvelope, TransactionBlock, schema_change_topic, transaction_topic,
};
use crate::format::{Converters, FormatError, RecordConverter};
use crate::offset::{GtidState, SourceOffset};
use crate::schema::{
    HistoryRecord, SchemaChange, SchemaTracker, SessionCharsets, TableId,
    table_schema_from_table_map,
};

/// Behaviour switches of the processor, from the connector configuration.
#[derive(Debug, Clone)]
pub struct ProcessorOptions {
    /// Envelope settings (topic prefix, handling modes).
    pub envelope: EnvelopeConfig,
    /// Which tables' rows are captured.
    pub filters: Filters,
    /// `include.schema.changes`.
    pub include_schema_changes: bool,
    /// `tombstones.on.delete`.
    pub tombstones_on_delete: bool,
    /// `key.converter` / `value.converter` and their settings.
    pub converters: Converters,
    /// `tributary.schema.fallback`: what a table unknown to the schema model gets.
    pub schema_fallback: SchemaFallback,
    /// `inconsistent.schema.handling.mode`: without a fallback, rows of a captured
    /// table unknown to the schema model are an error (`fail`) or skipped.
    pub inconsistent_schema: FailureHandlingMode,
    /// `provide.transaction.metadata`: BEGIN/END records and `transaction` blocks
    /// (see `engine::transaction`).
    pub provide_transaction_metadata: bool,
    /// `heartbeat.interval.ms` (`None`: off). Not used by the processor itself: the
    /// stream loops (replay, live) keep the heartbeat clock (`engine::heartbeat`).
    pub heartbeat_interval: Option<std::time::Duration>,
    /// Column options, skipped operations and `include.query`.
    pub shaping: RowShaping,
}

/// The options that shape data records (Debezium's selection and shaping options
/// beyond the table filters).
#[derive(Debug, Clone, Default)]
pub struct RowShaping {
    /// `column.include/exclude.list`, `message.key.columns`, `column.mask.*`,
    /// `column.truncate.*`.
    pub columns: Arc<ColumnOptions>,
    /// `skipped.operations`.
    pub skipped: SkippedOperations,
    /// `include.query`: which event carries the statement for `source.query`.
    pub query_events: Option<QueryEvents>,
}

/// Where `source.query` comes from under `include.query=true`: Debezium's MySQL
/// connector reads ROWS_QUERY_LOG_EVENTs (`binlog_rows_query_log_events=ON`), its
/// MariaDB connector ANNOTATE_ROWS_EVENTs; each ignores the other kind, so the MySQL
/// connector on a MariaDB server leaves `query` null.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryEvents {
    /// MySQL ROWS_QUERY_LOG_EVENT (`io.debezium.connector.mysql.MySqlConnector`).
    RowsQuery,
    /// MariaDB ANNOTATE_ROWS_EVENT (`io.debezium.connector.mariadb.MariaDbConnector`).
    AnnotateRows,
}

/// A table id announced by TABLE_MAP_EVENT, with the table version it maps to.
struct MappedTable {
    map: TableMapEvent,
    /// `None` when the table is not captured (its rows are skipped).
    envelope: Option<Arc<TableEnvelope>>,
}

/// Where the stream is: the position fields of Debezium's source block and offset.
#[derive(Debug, Clone, Default)]
struct Position {
    file: String,
    /// Start of the transaction being processed (the restart position).
    txn_pos: u64,
    /// MariaDB GTID of the current transaction (`domain-server-seq`).
    gtid: Option<String>,
    /// Thread id of the transaction's BEGIN, where one was logged.
    thread: Option<u64>,
    in_transaction: bool,
    /// Events completed since the restart position inside a transaction (its first
    /// event included, ANNOTATE_ROWS and heartbeats not counted): the offset's
    /// `event`, Debezium's `restartEventsToSkip`.
    restart_events: u64,
    /// Completed GTIDs (the offset's `gtids`), when a baseline is known.
    gtids: Option<GtidState>,
    /// The GTID of the transaction being processed, added to `gtids` at its end.
    pending_gtid: Option<PendingGtid>,
    /// Where the event being processed ends (its header's `log_pos`).
    next_pos: u64,
    /// `source.query` under `include.query`: the statement of the rows events that
    /// follow, until the transaction commits (Debezium's `commitTransaction`).
    query: Option<String>,
    /// Header timestamp and server id of the last event (`ts_sec`, `server_id`).
    ts_sec: u64,
    server_id: u64,
}

/// A transaction's GTID, not yet part of the completed set.
#[derive(Debug, Clone)]
enum PendingGtid {
    MariaDb { domain: u32, server: u32, seq: u64 },
    MySql(String),
}

/// How a restart inside a transaction skips what was delivered (Debezium's
/// `initialEventsToSkip`, `skipEvent` and `startingRowNumber`).
#[derive(Debug, Clone, Default)]
struct ResumeSkip {
    /// Events of the first transaction still to skip (the offset's `event`).
    events: u64,
    /// Set at the transaction's first event while `events` is not 0.
    active: bool,
    /// Rows of the first rows event emitted after the skipped events to skip (the
    /// offset's `row`).
    rows: u32,
}

/// Which applied DDL statements go to the schema history (Debezium's
/// `schema.history.internal.store.only.captured.*`).
#[derive(Debug, Clone)]
pub struct HistoryCapture {
    /// `source.server` of the records: the `topic.prefix`.
    pub server: String,
    /// `store.only.captured.tables.ddl`: only statements changing a captured table
    /// (and global `SET` statements).
    pub only_captured_tables: bool,
    /// `store.only.captured.databases.ddl`: only statements of captured databases.
    pub only_captured_databases: bool,
}

/// The event → record pipeline of one stream.
pub struct ChangeProcessor {
    opts: ProcessorOptions,
    decoder: Decoder,
    tracker: SchemaTracker,
    tables: HashMap<u64, MappedTable>,
    envelopes: HashMap<TableId, Arc<TableEnvelope>>,
    /// `tributary.schema.fallback=table_map`: envelopes built from TABLE_MAP_EVENTs,
    /// by table id, with the event they were built from (a changed event is a new
    /// table version).
    table_map_envelopes: HashMap<u64, (TableMapEvent, Arc<TableEnvelope>)>,
    converter: RecordConverter,
    schema_topic: Arc<str>,
    position: Position,
    buf: Vec<u8>,
    /// Set when applied DDL is to be recorded in the schema history.
    history: Option<HistoryCapture>,
    /// History records not yet taken by the caller, in binlog order.
    history_records: Vec<HistoryRecord>,
    /// `schema.history.internal.skip.unparseable.ddl`.
    skip_unparseable_ddl: bool,
    /// What a restart inside a transaction skips.
    skip: ResumeSkip,
    /// The server collation (QUERY_EVENT `Q_CHARSET_CODE`) last written to the
    /// history as a `SET character_set_server` record.
    history_server_collation: Option<u16>,
    /// Event type codes already reported as unknown (each is warned about once).
    unknown_types_seen: std::collections::HashSet<u8>,
    /// Whether a partial JSON update without its before document was reported.
    partial_json_warned: bool,
    /// `provide.transaction.metadata=true`: the transaction in progress.
    transactions: Option<TransactionMonitor>,
    /// Resumed inside a transaction whose BEGIN record was delivered before.
    resumed_in_transaction: bool,
    /// The GTID of the MySQL transaction being read, for its transaction id (not an
    /// ANONYMOUS_GTID_LOG_EVENT's, which Debezium does not take as a GTID).
    txn_gtid: Option<String>,
}

impl ChangeProcessor {
    /// A processor starting in binlog file `file` with an empty schema model.
    pub fn new(opts: ProcessorOptions, file: impl Into<String>) -> Self {
        let schema_topic = schema_change_topic(&opts.envelope);
        let transactions = opts
            .provide_transaction_metadata
            .then(|| TransactionMonitor::new(transaction_topic(&opts.envelope)));
        let converter = RecordConverter::new(&opts.converters, schema_topic.clone());
        ChangeProcessor {
            transactions,
            resumed_in_transaction: false,
            txn_gtid: None,
            decoder: Decoder::new(),
            tracker: {
                let mut tracker = SchemaTracker::new();
                tracker.set_include_schema_comments(opts.envelope.include_schema_comments);
                tracker
            },
            tables: HashMap::new(),
            envelopes: HashMap::new(),
            table_map_envelopes: HashMap::new(),
            converter,
            schema_topic,
            position: Position {
                file: file.into(),
                ..Position::default()
            },
            opts,
            buf: Vec::with_capacity(64 * 1024),
            history: None,
            history_records: Vec::new(),
            skip_unparseable_ddl: false,
            skip: ResumeSkip::default(),
            history_server_collation: None,
            unknown_types_seen: std::collections::HashSet::new(),
            partial_json_warned: false,
        }
    }

    /// Positions the processor at a stored offset before the stream from
    /// `offset.file`/`offset.pos` (or from the GTID position `offset.gtids`) begins,
    /// with Debezium's meaning of `event` and `row`: the first `event` events of the
    /// transaction that starts there (its BEGIN or GTID event included) were
    /// delivered, and then `row` rows of the next rows event. Those are processed
    /// (schemas, table maps) without emitting. `offset.gtids` is not parsed here: see
    /// [`set_completed_gtids`](Self::set_completed_gtids).
    pub fn resume_at(&mut self, offset: &SourceOffset) {
        self.position.file.clone_from(&offset.file);
        self.position.txn_pos = offset.pos;
        // `row` counts rows of the rows event that follows the `event` skipped ones.
        // An offset with rows but no events was written by Debezium's MySQL connector
        // reading MariaDB (it sees no transaction start there): its `pos` is already
        // past that rows event, and applying `row` to the next one would lose rows.
        let rows = if offset.event == 0 { 0 } else { offset.row };
        if offset.event == 0 && offset.row != 0 {
            tracing::warn!(
                file = %offset.file,
                pos = offset.pos,
                row = offset.row,
                "the offset has `row` without `event` (written outside a transaction): \
                 resuming at its position without skipping rows of the next event"
            );
        }
        self.skip = ResumeSkip {
            events: offset.event,
            active: false,
            rows,
        };
        // Debezium restores the transaction from the offset and emits no second BEGIN.
        self.resumed_in_transaction = offset.event > 0;
    }

    /// The GTIDs completed before the stream's start (from the stored offset or read
    /// from the server): from here on the offset's `gtids` is kept, each transaction's
    /// GTID joining it when the transaction ends. Without it the offset has no `gtids`.
    pub fn set_completed_gtids(&mut self, gtids: GtidState) {
        self.position.gtids = Some(gtids);
    }

    /// Records every applied DDL statement (that `capture` selects) as a schema
    /// history record, to be taken with [`take_history_records`](Self::take_history_records).
    pub fn record_history(&mut self, capture: HistoryCapture) {
        self.history = Some(capture);
    }

    /// `schema.history.internal.skip.unparseable.ddl`: when true, a statement the
    /// schema model cannot apply is logged and skipped instead of stopping the stream.
    pub fn set_skip_unparseable_ddl(&mut self, skip: bool) {
        self.skip_unparseable_ddl = skip;
    }

    /// The history records of the statements applied since the last call, in order.
    /// They must be stored before the offset of the batch they came with is committed.
    pub fn take_history_records(&mut self) -> Vec<HistoryRecord> {
        std::mem::take(&mut self.history_records)
    }

    /// Applies a statement of the schema snapshot (`SHOW CREATE DATABASE`/`TABLE`
    /// output, or a statement like `DROP TABLE IF EXISTS` that clears older history)
    /// at the current offset, recording it in the history as Debezium records its
    /// snapshot DDL. No record is emitted.
    pub fn apply_snapshot_ddl(&mut self, database: &str, sql: &str) -> Result<(), EngineError> {
        self.apply_snapshot_statement(database, sql).map(|_| ())
    }

    /// [`apply_snapshot_ddl`](Self::apply_snapshot_ddl), returning the schema changes
    /// the statement made (for the snapshot's schema-change records); a statement with
    /// no effect on the model (`SET`, `USE`) is returned as a change without tables.
    pub fn apply_snapshot_statement(
        &mut self,
        database: &str,
        sql: &str,
    ) -> Result<Vec<SchemaChange>, EngineError> {
        let changes = self
            .tracker
            .apply_query(database, sql, &SessionCharsets::default())
            .map_err(|source| EngineError::Schema {
                file: self.position.file.clone(),
                pos: self.position.txn_pos,
                source: Box::new(source),
            })?;
        if changes.is_empty() {
            self.push_history(database, sql, &[]);
            return Ok(vec![SchemaChange {
                database: database.to_string(),
                ddl: sql.to_string(),
                table_changes: Vec::new(),
                source_table: None,
            }]);
        }
        for change in &changes {
            self.push_history(&change.database, &change.ddl, &change.table_changes);
        }
        Ok(changes)
    }

    /// The history replays statements without their QUERY_EVENT's status variables:
    /// when the session's server collation (what CREATE DATABASE without a charset
    /// uses) changes, a `SET character_set_server=…, collation_server=…` record goes
    /// first, the statement Debezium writes at the head of its snapshot history.
    fn push_session_charset(&mut self, server_collation: Option<u16>) {
        let Some(collation) = server_collation.and_then(crate::schema::collation_by_id) else {
            return;
        };
        if self.history.is_none() || self.history_server_collation == Some(collation.id) {
            return;
        }
        self.history_server_collation = Some(collation.id);
        let ddl = format!(
            "SET character_set_server={}, collation_server={}",
            collation.charset, collation.name
        );
        self.push_history("", &ddl, &[]);
    }

    /// Queues a history record at the current offset, unless `store.only.captured.*`
    /// leaves it out (Debezium's `BinlogDatabaseSchema.applySchemaChange` condition).
    fn push_history(
        &mut self,
        database: &str,
        ddl: &str,
        table_changes: &[crate::schema::TableChange],
    ) {
        let Some(capture) = &self.history else {
            return;
        };
        if capture.only_captured_databases
            && !database.is_empty()
            && !self.opts.filters.captures_database(database)
        {
            return;
        }
        if capture.only_captured_tables
            && !is_global_set(database, ddl)
            && !table_changes
                .iter()
                .any(|change| self.opts.filters.captures(&change.id))
        {
            return;
        }
        let position = match serde_json::to_value(self.offset()) {
            Ok(serde_json::Value::Object(map)) => map,
            _ => serde_json::Map::new(),
        };
        let record = HistoryRecord::new(&capture.server, position, database, ddl, table_changes);
        self.history_records.push(record);
    }

    /// The schema model, e.g. to load the captured tables' current definitions
    /// before streaming from the server's current position.
    pub fn tracker_mut(&mut self) -> &mut SchemaTracker {
        &mut self.tracker
    }

    /// Tells the decoder which checksum the events carry before a
    /// FORMAT_DESCRIPTION_EVENT says so: a replication stream starts with an
    /// artificial ROTATE_EVENT that already carries the negotiated checksum.
    pub fn expect_checksum(&mut self, alg: ChecksumAlg) {
        self.decoder.set_checksum_alg(alg);
    }

    /// Switches to another binlog file (a new file of a replay, or a ROTATE).
    pub fn set_file(&mut self, file: impl Into<String>) {
        self.position.file = file.into();
    }

    /// The binlog file currently read.
    pub fn file(&self) -> &str {
        &self.position.file
    }

    /// The offset from which a restart would resume after what was processed so far.
    pub fn offset(&self) -> SourceOffset {
        SourceOffset {
            file: self.position.file.clone(),
            pos: self.position.txn_pos,
            event: self.position.restart_events,
            gtids: self
                .position
                .gtids
                .as_ref()
                .map(ToString::to_string)
                .filter(|g| !g.is_empty()),
            ts_sec: self.position.ts_sec,
            server_id: self.position.server_id,
            ..SourceOffset::default()
        }
    }

    /// True between a transaction's first event and its commit: a batch should not
    /// be considered a restart point then.
    pub fn in_transaction(&self) -> bool {
        self.position.in_transaction
    }

    /// Decodes one event starting at byte `pos` of the current file and appends the
    /// records it produces to `out`. With `emit == false` only the state is updated
    /// (schemas, positions): used to skip to a start position.
    pub fn process(
        &mut self,
        raw: &[u8],
        pos: u64,
        emit: bool,
        out: &mut Vec<Record>,
    ) -> Result<(), EngineError> {
        let outer = EventHeader::parse(raw).map_err(|source| self.binlog_error(pos, source))?;
        // Artificial events (ROTATE, FORMAT_DESCRIPTION of a dump) carry log_pos 0.
        if outer.log_pos != 0 {
            self.position.next_pos = u64::from(outer.log_pos);
            self.position.ts_sec = u64::from(outer.timestamp);
            self.position.server_id = u64::from(outer.server_id);
        }
        // A TRANSACTION_PAYLOAD_EVENT carries a whole transaction and a MariaDB
        // compressed event a compressed one: both are handled as the events they
        // carry, at the container's position.
        let mut decoder = std::mem::take(&mut self.decoder);
        let result = decoder.decode_expanded(raw, pos, |header, event| {
            self.on_event(header, event, pos, emit, out)
                .map_err(Step::Engine)
        });
        self.decoder = decoder;
        result.map_err(|e| match e {
            Step::Binlog(source) => self.binlog_error(pos, source),
            Step::Engine(e) => e,
        })
    }

    fn on_event(
        &mut self,
        header: &EventHeader,
        event: Event<'_>,
        pos: u64,
        emit: bool,
        out: &mut Vec<Record>,
    ) -> Result<(), EngineError> {
        match event {
            Event::Rotate(rotate) => {
                // A ROTATE names the next file; the artificial one a dump starts with
                // names the current one. Both mean: positions are now in that file.
                self.position.file = String::from_utf8_lossy(rotate.next_file).into_owned();
                if !self.position.in_transaction {
                    self.position.txn_pos = rotate.position;
                    self.position.next_pos = rotate.position;
                }
            }
            Event::Gtid(gtid) => {
                self.position.pending_gtid = Some(PendingGtid::MariaDb {
                    domain: gtid.domain_id,
                    server: header.server_id,
                    seq: gtid.seq_no,
                });
                if gtid.is_standalone() {
                    // The statement that follows is the transaction (DDL).
                    self.position.in_transaction = false;
                } else {
                    self.begin_transaction(pos);
                }
                let gtid_text = format!("{}-{}-{}", gtid.domain_id, header.server_id, gtid.seq_no);
                if !gtid.is_standalone() {
                    self.transaction_started(gtid_text.clone(), header, emit, out);
                }
                self.position.gtid = Some(gtid_text);
            }
            Event::MysqlGtid(gtid) => {
                // MySQL writes BEGIN (or a DDL) after its GTID event; only the GTID
                // is taken here, for source.gtid and the offset.
                let text = gtid.gtid_string();
                self.position.pending_gtid = Some(PendingGtid::MySql(text.clone()));
                self.txn_gtid = (header.type_code
                    != crate::binlog::EventType::ANONYMOUS_GTID_LOG_EVENT as u8)
                    .then(|| text.clone());
                self.position.gtid = Some(text);
            }
            Event::Query(query) => self.on_query(header, &query, pos, emit, out)?,
            Event::TableMap(map) => self.on_table_map(map, pos)?,
            Event::Rows(rows) => {
                if emit && !self.skip.active {
                    let skip_rows = std::mem::take(&mut self.skip.rows);
                    self.on_rows(header, &rows, pos, skip_rows, out)?;
                } else if self.skip.active {
                    // Delivered before the restart: counted in the transaction's
                    // metadata all the same.
                    self.count_delivered_rows(&rows);
                }
            }
            Event::Xid(_) => {
                self.transaction_committed(header, emit, out);
                self.end_transaction();
            }
            Event::AnnotateRows { sql }
                if self.opts.shaping.query_events == Some(QueryEvents::AnnotateRows) =>
            {
                self.position.query = Some(String::from_utf8_lossy(sql).into_owned());
                // Not counted in `event` (see below).
                return Ok(());
            }
            Event::RowsQuery { sql }
                if self.opts.shaping.query_events == Some(QueryEvents::RowsQuery) =>
            {
                self.position.query = Some(String::from_utf8_lossy(sql).into_owned());
            }
            Event::Unknown { type_code, body } => self.skip_unknown(type_code, body.len(), pos),
            // Debezium's MariaDB connector does not ask for ANNOTATE_ROWS events, so
            // they are not counted in `event`; heartbeats never fall inside a transaction.
            Event::AnnotateRows { .. } | Event::Heartbeat(_) | Event::HeartbeatV2(_) => {
                return Ok(());
            }
            _ => {}
        }
        self.complete_event();
        Ok(())
    }

    /// Debezium's `completeEvent` and the skip countdown of a restart: every event of
    /// a transaction counts, the transaction's first one included.
    fn complete_event(&mut self) {
        if self.position.in_transaction {
            self.position.restart_events += 1;
        }
        if self.skip.active {
            self.skip.events = self.skip.events.saturating_sub(1);
            self.skip.active = self.skip.events > 0;
        }
    }

    /// The pending GTID joins the completed set (its transaction or statement ended).
    fn complete_gtid(&mut self) {
        let Some(pending) = self.position.pending_gtid.take() else {
            return;
        };
        if let Some(state) = &mut self.position.gtids {
            match pending {
                PendingGtid::MariaDb {
                    domain,
                    server,
                    seq,
                } => state.add_mariadb(domain, server, seq),
                PendingGtid::MySql(text) => state.add_mysql(&text),
            }
        }
    }

    /// An event type this decoder does not know is skipped, never a failure of the
    /// stream; it is reported once per type code.
    fn skip_unknown(&mut self, type_code: u8, len: usize, pos: u64) {
        if self.unknown_types_seen.insert(type_code) {
            tracing::warn!(
                file = %self.position.file,
                pos,
                type_code,
                body_bytes = len,
                "skipping binlog events of unknown type {type_code} (first at this position)"
            );
        }
    }

    /// `transactionStartedEvent`: with `provide.transaction.metadata`, the BEGIN.
    fn transaction_started(
        &mut self,
        id: String,
        header: &EventHeader,
        emit: bool,
        out: &mut Vec<Record>,
    ) {
        // Resuming inside a transaction, Debezium restores it from the offset and
        // emits no second BEGIN (`transactionStartedEvent` with the same id).
        let emit = emit && !std::mem::take(&mut self.resumed_in_transaction);
        if let Some(monitor) = &mut self.transactions {
            monitor.begin(
                id,
                i64::from(header.timestamp) * 1000,
                emit,
                self.converter.json(),
                out,
            );
        }
    }

    /// Rows delivered before a restart are not emitted again, but count in the
    /// transaction's orders, as Debezium's per-table counts restored from the offset.
    fn count_delivered_rows(&mut self, rows: &RowsEvent<'_>) {
        let Some(monitor) = &mut self.transactions else {
            return;
        };
        let Some(mapped) = self.tables.get(&rows.table_id) else {
            return;
        };
        let Some(envelope) = &mapped.envelope else {
            return;
        };
        let id = &envelope.schema().id;
        let name = format!("{}.{}", id.database, id.table);
        for _ in rows.rows(&mapped.map) {
            monitor.data_event(&name);
        }
    }

    /// `transactionCommittedEvent`: with `provide.transaction.metadata`, the END.
    fn transaction_committed(&mut self, header: &EventHeader, emit: bool, out: &mut Vec<Record>) {
        if let Some(monitor) = &mut self.transactions {
            monitor.commit(
                i64::from(header.timestamp) * 1000,
                emit,
                self.converter.json(),
                out,
            );
        }
    }

    fn begin_transaction(&mut self, pos: u64) {
        self.position.txn_pos = pos;
        self.position.restart_events = 0;
        self.position.thread = None;
        self.position.in_transaction = true;
        // A restart inside this transaction skips what was delivered from here on.
        self.skip.active = self.skip.events != 0;
    }

    /// After a commit a restart resumes at the next event, as Debezium's
    /// `commitTransaction` moves its restart position past the commit.
    fn end_transaction(&mut self) {
        self.position.in_transaction = false;
        self.position.thread = None;
        self.position.query = None;
        self.after_event();
        self.complete_gtid();
        self.skip = ResumeSkip::default();
    }

    /// The restart position moves past the event just processed.
    fn after_event(&mut self) {
        self.position.txn_pos = self.position.next_pos;
        self.position.restart_events = 0;
    }

    fn on_query(
        &mut self,
        header: &EventHeader,
        query: &QueryEvent<'_>,
        pos: u64,
        emit: bool,
        out: &mut Vec<Record>,
    ) -> Result<(), EngineError> {
        let sql = String::from_utf8_lossy(query.query);
        let trimmed = sql.trim();
        if trimmed.eq_ignore_ascii_case("BEGIN") || trimmed.eq_ignore_ascii_case("XA START") {
            let opened_by_gtid = self.position.gtid.is_some() && self.position.in_transaction;
            if !opened_by_gtid {
                self.begin_transaction(pos);
            }
            // Debezium's handleQueryEvent starts a transaction on `BEGIN` only (XA is
            // ignored); a MariaDB GTID event already started it.
            if trimmed.eq_ignore_ascii_case("BEGIN") && !opened_by_gtid {
                let id = self.txn_gtid.clone().unwrap_or_else(|| {
                    non_gtid_transaction_id(&self.position.file, self.position.txn_pos)
                });
                self.transaction_started(id, header, emit, out);
            }
            self.position.thread = Some(u64::from(query.thread_id));
            return Ok(());
        }
        if trimmed.eq_ignore_ascii_case("COMMIT") || trimmed.eq_ignore_ascii_case("ROLLBACK") {
            // Debezium ends a transaction on `COMMIT` only: after a `ROLLBACK` the
            // next BEGIN starts the next one without an END.
            if trimmed.eq_ignore_ascii_case("COMMIT") {
                self.transaction_committed(header, emit, out);
            }
            self.end_transaction();
            return Ok(());
        }
        let session_db = String::from_utf8_lossy(query.schema).into_owned();
        let charsets = SessionCharsets {
            server_collation: query.status_vars.charset.map(|c| c.collation_server),
            database_collation: query.status_vars.charset_database,
        };
        let effects = match self.tracker.apply_query_event(&session_db, &sql, &charsets) {
            Ok(effects) => effects,
            Err(source) if self.skip_unparseable_ddl => {
                tracing::warn!(
                    file = %self.position.file,
                    pos,
                    error = %source,
                    "skipping a statement the schema model cannot apply \
                     (schema.history.internal.skip.unparseable.ddl=true)"
                );
                Default::default()
            }
            Err(source) => {
                return Err(EngineError::Schema {
                    file: self.position.file.clone(),
                    pos,
                    source: Box::new(source),
                });
            }
        };
        let changes = effects.schema_changes;
        if emit && !self.opts.shaping.skipped.skips(Op::Truncate) {
            for id in &effects.truncated_tables {
                self.truncate_record(header, id, pos, out)?;
            }
        }
        if !self.position.in_transaction {
            // Outside a transaction the statement is done once applied: a restart
            // resumes after it (Debezium's restart position after a DDL event).
            self.after_event();
            self.complete_gtid();
        }
        if !changes.is_empty() {
            self.push_session_charset(charsets.server_collation);
        }
        for change in &changes {
            self.push_history(&change.database, &change.ddl, &change.table_changes);
        }
        if emit && self.opts.include_schema_changes {
            for change in &changes {
                self.schema_change_record(header, change, pos, out)?;
            }
        }
        Ok(())
    }

    fn schema_change_record(
        &mut self,
        header: &EventHeader,
        change: &SchemaChange,
        pos: u64,
        out: &mut Vec<Record>,
    ) -> Result<(), EngineError> {
        let table = change.source_table.as_deref();
        let source = SourceInfo {
            server_name: &self.opts.envelope.topic_prefix,
            ts_ms: i64::from(header.timestamp) * 1000,
            snapshot: SnapshotMarker::False,
            db: &change.database,
            table,
            server_id: header.server_id,
            gtid: self.position.gtid.as_deref(),
            file: &self.position.file,
            pos,
            row: 0,
            thread: None,
            query: None,
        };
        let event = SchemaChangeEvent {
            source,
            change,
            ts_ns: now_ns(),
        };
        self.buf.clear();
        self.converter.schema_change_key(&event, &mut self.buf)?;
        let key = Bytes::copy_from_slice(&self.buf);
        self.buf.clear();
        self.converter.schema_change_value(&event, &mut self.buf)?;
        let value = Bytes::copy_from_slice(&self.buf);
        out.push(Record::new(
            self.schema_topic.clone(),
            Some(key),
            Some(value),
        ));
        Ok(())
    }

    /// The `op: "t"` record of a TRUNCATE of a captured table: null key, no before
    /// and no after (Debezium's `BinlogChangeRecordEmitter` for `Operation.TRUNCATE`).
    fn truncate_record(
        &mut self,
        header: &EventHeader,
        id: &TableId,
        pos: u64,
        out: &mut Vec<Record>,
    ) -> Result<(), EngineError> {
        if !self.opts.filters.captures(id) {
            return Ok(());
        }
        let Some(schema) = self.tracker.table(id) else {
            return Ok(());
        };
        let envelope = self.envelope_of_schema(id, schema, pos)?;
        let change = DataChange {
            table: &envelope,
            op: Op::Truncate,
            before: None,
            after: None,
            source: SourceInfo {
                server_name: &self.opts.envelope.topic_prefix,
                ts_ms: i64::from(header.timestamp) * 1000,
                snapshot: SnapshotMarker::False,
                db: &id.database,
                table: Some(&id.table),
                server_id: header.server_id,
                gtid: self.position.gtid.as_deref(),
                file: &self.position.file,
                pos,
                row: 0,
                thread: self.position.thread,
                query: self.position.query.as_deref(),
            },
            ts_ns: now_ns(),
        };
        self.buf.clear();
        self.converter.data_value(&change, &mut self.buf)?;
        let value = Bytes::copy_from_slice(&self.buf);
        out.push(Record::new(envelope.topic().clone(), None, Some(value)));
        Ok(())
    }

    fn on_table_map(&mut self, map: TableMapEvent, pos: u64) -> Result<(), EngineError> {
        let id = TableId::new(
            String::from_utf8_lossy(map.database()),
            String::from_utf8_lossy(map.table()),
        );
        let envelope = if self.opts.filters.captures(&id) {
            match self.envelope_for(&id, &map, pos) {
                // BinlogStreamingChangeEventSource.informAboutUnknownTableIfRequired:
                // warn and skip log the event and ignore it.
                Err(error @ EngineError::UnknownTable { .. })
                    if self.opts.inconsistent_schema != FailureHandlingMode::Fail =>
                {
                    if self.opts.inconsistent_schema == FailureHandlingMode::Warn {
                        tracing::warn!(
                            "{error}; its rows are skipped (inconsistent.schema.handling.mode=warn)"
                        );
                    }
                    None
                }
                result => Some(result?),
            }
        } else {
            None
        };
        self.tables
            .insert(map.table_id(), MappedTable { map, envelope });
        Ok(())
    }

    /// The envelope of the table's current version, built once per version.
    /// A table unknown to the schema model gets the `tributary.schema.fallback` one.
    fn envelope_for(
        &mut self,
        id: &TableId,
        map: &TableMapEvent,
        pos: u64,
    ) -> Result<Arc<TableEnvelope>, EngineError> {
        let Some(schema) = self.tracker.table(id) else {
            if self.opts.schema_fallback == SchemaFallback::TableMap {
                return self.table_map_envelope(id, map, pos);
            }
            return Err(EngineError::UnknownTable {
                file: self.position.file.clone(),
                pos,
                database: id.database.clone(),
                table: id.table.clone(),
            });
        };
        self.envelope_of_schema(id, schema, pos)
    }

    /// The envelope of a table version of the schema model, built once per version.
    fn envelope_of_schema(
        &mut self,
        id: &TableId,
        schema: Arc<crate::schema::TableSchema>,
        pos: u64,
    ) -> Result<Arc<TableEnvelope>, EngineError> {
        if let Some(envelope) = self.envelopes.get(id)
            && Arc::ptr_eq(envelope.schema(), &schema)
        {
            return Ok(envelope.clone());
        }
        let envelope = TableEnvelope::with_column_options(
            schema,
            &self.opts.envelope,
            &self.opts.shaping.columns,
        )
        .map_err(|source| EngineError::Envelope {
            file: self.position.file.clone(),
            pos,
            database: id.database.clone(),
            table: id.table.clone(),
            source: Box::new(source),
        })?;
        let envelope = Arc::new(envelope);
        self.envelopes.insert(id.clone(), envelope.clone());
        Ok(envelope)
    }

    /// Columns absent from a row image (`binlog_row_image=MINIMAL|NOBLOB`) reach the
    /// envelope as `Value::Absent`, in their own place (values never shift), and are
    /// converted like NULL: null in a nullable column; in a NOT NULL column the
    /// column's default, else Debezium's fallback for the type (`JdbcValueConverters`'
    /// rule for a null in a required field, which is also what Debezium's other
    /// connectors emit for columns missing from a partial before image). Debezium's
    /// MySQL connector itself has no rule for them: its binlog library drops absent
    /// columns from the row array and `TableSchemaBuilder` then fails with "Data row
    /// is smaller than a column index".
    fn on_rows(
        &mut self,
        header: &EventHeader,
        rows: &RowsEvent<'_>,
        pos: u64,
        skip_rows: u32,
        out: &mut Vec<Record>,
    ) -> Result<(), EngineError> {
        let table_id = rows.table_id;
        let Some(mapped) = self.tables.get(&table_id) else {
            return Err(EngineError::MissingTableMap {
                file: self.position.file.clone(),
                pos,
                table_id,
            });
        };
        let Some(envelope) = mapped.envelope.clone() else {
            return Ok(());
        };
        let op = match rows.kind {
            RowsKind::Write => Op::Create,
            RowsKind::Update => Op::Update,
            RowsKind::Delete => Op::Delete,
        };
        if self.opts.shaping.skipped.skips(op) {
            return Ok(());
        }
        let schema = envelope.schema().clone();
        let file = self.position.file.clone();
        for (row_index, row) in (0u32..).zip(rows.rows(&mapped.map)) {
            let row = row.map_err(|source| EngineError::Binlog {
                file: file.clone(),
                pos,
                source,
            })?;
            if row_index < skip_rows {
                continue;
            }
            let source = SourceInfo {
                server_name: &self.opts.envelope.topic_prefix,
                ts_ms: i64::from(header.timestamp) * 1000,
                snapshot: SnapshotMarker::False,
                db: &schema.id.database,
                table: Some(&schema.id.table),
                server_id: header.server_id,
                gtid: self.position.gtid.as_deref(),
                file: &file,
                pos,
                row: row_index,
                thread: self.position.thread,
                query: self.position.query.as_deref(),
            };
            let json_texts = if rows.partial {
                partial_json_after_texts(&row).map_err(|(column, source)| {
                    EngineError::PartialJson {
                        file: file.clone(),
                        pos,
                        column: format!(
                            "`{}`.`{}`.`{}`",
                            schema.id.database,
                            schema.id.table,
                            schema
                                .columns
                                .get(column)
                                .map_or_else(|| format!("#{}", column + 1), |c| c.name.clone())
                        ),
                        source: Box::new(source),
                    }
                })?
            } else {
                Vec::new()
            };
            if !self.partial_json_warned && json_texts.contains(&RebuiltJson::Absent) {
                self.partial_json_warned = true;
                tracing::warn!(
                    file = %file,
                    pos,
                    table = %format!("{}.{}", schema.id.database, schema.id.table),
                    "partial JSON update (binlog_row_value_options=PARTIAL_JSON) with a \
                     MINIMAL before image: the new documents cannot be rebuilt and are \
                     emitted as absent (null); use binlog_row_image=FULL"
                );
            }
            let rebuilt_after = with_json_texts(row.after.as_deref(), &json_texts);
            let table_name = self
                .transactions
                .as_ref()
                .map(|_| format!("{}.{}", schema.id.database, schema.id.table));
            let transaction = match (&mut self.transactions, table_name) {
                (Some(monitor), Some(name)) => monitor.data_event(&name),
                _ => None,
            };
            let change = DataChange {
                table: &envelope,
                op,
                before: row.before.as_deref(),
                after: rebuilt_after.as_deref().or(row.after.as_deref()),
                source,
                ts_ns: now_ns(),
            };
            emit_data_change(
                &mut self.converter,
                &mut self.buf,
                &change,
                transaction.as_ref(),
                self.opts.tombstones_on_delete,
                out,
            )
            .map_err(EngineError::from)?;
        }
        Ok(())
    }

    fn binlog_error(&self, pos: u64, source: crate::binlog::BinlogError) -> EngineError {
        EngineError::Binlog {
            file: self.position.file.clone(),
            pos,
            source,
        }
    }
}

/// Serializes one data change (and its tombstone) into records. An update whose key
/// changed becomes, as Debezium's `RelationalChangeRecordEmitter.
/// emitUpdateAsPrimaryKeyChangeRecord` emits it: a delete under the old key with
/// header `__debezium.newkey`, its tombstone (with the same headers), and a create under
/// the new key with header `__debezium.oldkey`.
fn emit_data_change(
    converter: &mut RecordConverter,
    buf: &mut Vec<u8>,
    change: &DataChange<'_, '_>,
    transaction: Option<&TransactionBlock<'_>>,
    tombstones: bool,
    out: &mut Vec<Record>,
) -> Result<(), FormatError> {
    if change.op == Op::Update
        && let (Some(before), Some(after)) = (change.before, change.after)
        && key_may_differ(change.table.key_columns(), before, after)
    {
        let old = DataChange {
            after: None,
            ..*change
        };
        let new = DataChange {
            before: None,
            ..*change
        };
        let old_key = serialize_key(converter, buf, &old)?;
        let new_key = serialize_key(converter, buf, &new)?;
        if old_key.is_some() && old_key != new_key {
            let delete = DataChange {
                op: Op::Delete,
                ..old
            };
            let create = DataChange {
                op: Op::Create,
                ..new
            };
            buf.clear();
            crate::format::write_key_header(buf, change.table, after)?;
            let new_key_header = vec![RecordHeader {
                name: Arc::from("__debezium.newkey"),
                value: Bytes::copy_from_slice(buf),
            }];
            buf.clear();
            crate::format::write_key_header(buf, change.table, before)?;
            let old_key_header = vec![RecordHeader {
                name: Arc::from("__debezium.oldkey"),
                value: Bytes::copy_from_slice(buf),
            }];
            push_record(
                converter,
                buf,
                &delete,
                transaction,
                old_key.clone(),
                new_key_header.clone(),
                out,
            )?;
            if tombstones {
                out.push(Record {
                    headers: new_key_header,
                    ..Record::new(change.table.topic().clone(), old_key, None)
                });
            }
            push_record(
                converter,
                buf,
                &create,
                transaction,
                new_key,
                old_key_header,
                out,
            )?;
            return Ok(());
        }
    }
    let key = serialize_key(converter, buf, change)?;
    push_record(
        converter,
        buf,
        change,
        transaction,
        key.clone(),
        Vec::new(),
        out,
    )?;
    if tombstones && change.op == Op::Delete {
        out.push(Record::new(change.table.topic().clone(), key, None));
    }
    Ok(())
}

/// Whether an update's key columns differ: equal values give equal keys (only a
/// difference is serialized and compared, as Debezium compares the key structs). A key
/// column absent from either image (`binlog_row_image=MINIMAL` leaves unchanged columns
/// out of the after image) is not a key change.
fn key_may_differ(
    key_columns: &[usize],
    before: &[crate::binlog::Value<'_>],
    after: &[crate::binlog::Value<'_>],
) -> bool {
    use crate::binlog::Value;
    let absent = |v: Option<&Value<'_>>| matches!(v, None | Some(Value::Absent));
    key_columns
        .iter()
        .all(|&i| !absent(before.get(i)) && !absent(after.get(i)))
        && key_columns.iter().any(|&i| before.get(i) != after.get(i))
}

/// The serialized key of a change (`None` for a table without key).
fn serialize_key(
    converter: &mut RecordConverter,
    buf: &mut Vec<u8>,
    change: &DataChange<'_, '_>,
) -> Result<Option<Bytes>, FormatError> {
    buf.clear();
    let has_key = converter.data_key(change, buf)?;
    Ok(has_key.then(|| Bytes::copy_from_slice(buf)))
}

/// Serializes the value of `change` and appends its record.
fn push_record(
    converter: &mut RecordConverter,
    buf: &mut Vec<u8>,
    change: &DataChange<'_, '_>,
    transaction: Option<&TransactionBlock<'_>>,
    key: Option<Bytes>,
    headers: Vec<RecordHeader>,
    out: &mut Vec<Record>,
) -> Result<(), FormatError> {
    buf.clear();
    converter.data_value_in_transaction(change, transaction, buf)?;
    out.push(Record {
        headers,
        ..Record::new(
            change.table.topic().clone(),
            key,
            Some(Bytes::copy_from_slice(buf)),
        )
    });
    Ok(())
}

/// Debezium's `isGlobalSetVariableStatement`: a `SET` without a database, which is
/// recorded even when only captured tables' DDL is stored.
fn is_global_set(database: &str, ddl: &str) -> bool {
    database.is_empty()
        && ddl
            .trim_start()
            .get(..4)
            .is_some_and(|head| head.eq_ignore_ascii_case("SET "))
}

/// An error while handling the events one binlog event carries: the decoder's (to be
/// given the file and position) or the engine's own.
enum Step {
    Binlog(crate::binlog::BinlogError),
    Engine(EngineError),
}

impl From<crate::binlog::BinlogError> for Step {
    fn from(e: crate::binlog::BinlogError) -> Self {
        Step::Binlog(e)
    }
}

/// Processing time in nanoseconds since the epoch (`ts_ms`/`ts_us`/`ts_ns`).
fn now_ns() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

impl ChangeProcessor {
    /// `tributary.schema.fallback=table_map`: the envelope of a schema built from the
    /// TABLE_MAP_EVENT, once per table id and event content.
    fn table_map_envelope(
        &mut self,
        id: &TableId,
        map: &TableMapEvent,
        pos: u64,
    ) -> Result<Arc<TableEnvelope>, EngineError> {
        if let Some((cached, envelope)) = self.table_map_envelopes.get(&map.table_id())
            && cached == map
        {
            return Ok(envelope.clone());
        }
        let schema =
            table_schema_from_table_map(map).map_err(|source| EngineError::TableMapSchema {
                file: self.position.file.clone(),
                pos,
                source: Box::new(source),
            })?;
        let envelope = TableEnvelope::with_column_options(
            Arc::new(schema),
            &self.opts.envelope,
            &self.opts.shaping.columns,
        )
        .map_err(|source| EngineError::Envelope {
            file: self.position.file.clone(),
            pos,
            database: id.database.clone(),
            table: id.table.clone(),
            source: Box::new(source),
        })?;
        let envelope = Arc::new(envelope);
        self.table_map_envelopes
            .insert(map.table_id(), (map.clone(), envelope.clone()));
        Ok(envelope)
    }
}

/// The after value of one JSON column of a partial update.
#[derive(Debug, PartialEq)]
enum RebuiltJson {
    /// Not a JSON diff: the after image's value stands.
    Keep,
    /// The document after applying the diffs to the before image's document.
    Text(Vec<u8>),
    /// The before image lacks the document (binlog_row_image=MINIMAL): the new value
    /// cannot be known, so the column is absent from the after image, as every other
    /// column a MINIMAL image leaves out.
    Absent,
}

/// For a row of a PARTIAL_UPDATE_ROWS_EVENT: each JSON column's after value, rebuilt
/// from the before image's document and the diffs; empty when the after image holds no
/// diff. An error names the column (0-based) whose diffs do not apply.
fn partial_json_after_texts(
    row: &crate::binlog::Row<'_>,
) -> Result<Vec<RebuiltJson>, (usize, crate::envelope::JsonDiffError)> {
    use crate::binlog::Value;
    use crate::envelope::{JsonDiffError, apply_json_diffs};
    let Some(after) = row.after.as_deref() else {
        return Ok(Vec::new());
    };
    if !after.iter().any(|v| matches!(v, Value::JsonDiff(_))) {
        return Ok(Vec::new());
    }
    let before = row.before.as_deref().unwrap_or_default();
    let mut texts = Vec::with_capacity(after.len());
    for (column, value) in after.iter().enumerate() {
        let Value::JsonDiff(diffs) = value else {
            texts.push(RebuiltJson::Keep);
            continue;
        };
        let document = match before.get(column) {
            Some(Value::Json(document)) => document,
            None | Some(Value::Absent) => {
                texts.push(RebuiltJson::Absent);
                continue;
            }
            Some(other) => {
                let found = match other {
                    Value::Null => "NULL",
                    _ => "a value that is not binary JSON",
                };
                return Err((column, JsonDiffError::MissingBefore { found }));
            }
        };
        let mut text = Vec::new();
        apply_json_diffs(document, diffs, &mut text).map_err(|e| (column, e))?;
        texts.push(RebuiltJson::Text(text));
    }
    Ok(texts)
}

/// The after image with each rebuilt JSON document in place of its diffs, as text
/// (`Value::Bytes`, which the envelope's JSON conversion passes through), and
/// `Value::Absent` where the document could not be rebuilt; `None` when nothing
/// changed.
fn with_json_texts<'t>(
    after: Option<&[crate::binlog::Value<'t>]>,
    texts: &'t [RebuiltJson],
) -> Option<Vec<crate::binlog::Value<'t>>> {
    if texts.is_empty() {
        return None;
    }
    let after = after?;
    Some(
        after
            .iter()
            .enumerate()
            .map(|(column, value)| match texts.get(column) {
                Some(RebuiltJson::Text(text)) => crate::binlog::Value::Bytes(text),
                Some(RebuiltJson::Absent) => crate::binlog::Value::Absent,
                _ => *value,
            })
            .collect(),
    )
}

#[cfg(test)]
mod key_change_tests {
    use super::key_may_differ;
    use crate::binlog::Value;

    #[test]
    fn only_present_and_different_key_values_are_a_key_change() {
        let before = [Value::Int(1), Value::Int(10)];
        assert!(key_may_differ(
            &[0],
            &before,
            &[Value::Int(2), Value::Int(10)]
        ));
        assert!(!key_may_differ(
            &[0],
            &before,
            &[Value::Int(1), Value::Int(11)]
        ));
        // MINIMAL after image: the unchanged key is absent.
        assert!(!key_may_differ(
            &[0],
            &before,
            &[Value::Absent, Value::Int(11)]
        ));
        assert!(!key_may_differ(&[], &before, &before));
    }
}

#[cfg(test)]
mod partial_json_tests {
    use crate::binlog::{JsonDiffs, Row, Value};

    use super::{partial_json_after_texts, with_json_texts};

    /// `{"a":1}` in MySQL binary JSON (sql-common/json_binary.h: small object, one key
    /// entry at offset 11, inline INT16 value, key bytes).
    const DOC: &[u8] = &[
        0x00, 0x01, 0x00, 0x0C, 0x00, 0x0B, 0x00, 0x01, 0x00, 0x05, 0x01, 0x00, b'a',
    ];
    /// REPLACE `$.a` with INT16 2 (`Json_diff_vector::write_binary` layout).
    const DIFF: &[u8] = &[0, 3, b'$', b'.', b'a', 3, 0x05, 0x02, 0x00];

    #[test]
    fn a_json_diff_becomes_the_rebuilt_text_in_the_after_image() {
        let diffs = JsonDiffs::parse(DIFF).unwrap();
        let row = Row {
            before: Some(vec![Value::Int(7), Value::Json(DOC)]),
            after: Some(vec![Value::Int(7), Value::JsonDiff(diffs)]),
        };
        let texts = partial_json_after_texts(&row).unwrap();
        let after = with_json_texts(row.after.as_deref(), &texts).unwrap();
        assert_eq!(after, vec![Value::Int(7), Value::Bytes(br#"{"a":2}"#)]);
    }

    #[test]
    fn without_the_document_in_a_minimal_before_image_the_column_is_absent() {
        let diffs = JsonDiffs::parse(DIFF).unwrap();
        let row = Row {
            before: Some(vec![Value::Int(7), Value::Absent]),
            after: Some(vec![Value::Absent, Value::JsonDiff(diffs)]),
        };
        let texts = partial_json_after_texts(&row).unwrap();
        let after = with_json_texts(row.after.as_deref(), &texts).unwrap();
        assert_eq!(after, vec![Value::Absent, Value::Absent]);
    }

    #[test]
    fn a_null_before_document_is_an_error_naming_the_column() {
        let diffs = JsonDiffs::parse(DIFF).unwrap();
        let row = Row {
            before: Some(vec![Value::Int(7), Value::Null]),
            after: Some(vec![Value::Int(7), Value::JsonDiff(diffs)]),
        };
        let (column, _) = partial_json_after_texts(&row).unwrap_err();
        assert_eq!(column, 1);
    }

    #[test]
    fn rows_without_diffs_are_left_alone() {
        let row = Row {
            before: Some(vec![Value::Json(DOC)]),
            after: Some(vec![Value::Json(DOC)]),
        };
        let texts = partial_json_after_texts(&row).unwrap();
        assert!(with_json_texts(row.after.as_deref(), &texts).is_none());
    }
}

#[cfg(test)]
mod tests {
    //! The `table_map` fallback against the DDL: the same MariaDB binlog replayed with
    //! its CREATE TABLE statements and without them must give the same values, column
    //! by column, wherever the table map can tell the type (MariaDB writes no optional
    //! metadata by default, so names are `_1`, `_2`, …).
    use std::path::Path;

    use super::*;
    use crate::binlog::BinlogFileReader;

    fn options(fallback: SchemaFallback) -> ProcessorOptions {
        ProcessorOptions {
            envelope: EnvelopeConfig::new("fx"),
            filters: Filters::default(),
            include_schema_changes: false,
            tombstones_on_delete: false,
            converters: Converters::json(false, true),
            schema_fallback: fallback,
            inconsistent_schema: FailureHandlingMode::Fail,
            provide_transaction_metadata: false,
            heartbeat_interval: None,
            shaping: RowShaping::default(),
        }
    }

    /// Data record values (`before`/`after` structs and their field schemas) of a
    /// file, optionally without its DDL statements.
    fn replay(rel: &str, skip_ddl: bool, fallback: SchemaFallback) -> Vec<serde_json::Value> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("binlog-fixtures")
            .join(rel);
        let reader = match BinlogFileReader::open(&path) {
            Ok(r) => r,
            Err(e) => panic!("{e}"),
        };
        let mut processor = ChangeProcessor::new(options(fallback), "mariadb-bin.000001");
        let mut decoder = Decoder::new();
        let mut out = Vec::new();
        for raw in reader {
            let Ok(raw) = raw else {
                panic!("{rel}: unreadable")
            };
            if skip_ddl && let Ok(Event::Query(q)) = decoder.decode_at(&raw.bytes, raw.pos) {
                let sql = String::from_utf8_lossy(q.query).to_ascii_uppercase();
                if ["CREATE", "ALTER", "DROP"]
                    .iter()
                    .any(|k| sql.trim_start().starts_with(k))
                {
                    continue;
                }
            } else if !skip_ddl {
                let _ = decoder.decode_at(&raw.bytes, raw.pos);
            }
            if let Err(e) = processor.process(&raw.bytes, raw.pos, true, &mut out) {
                panic!("{rel} at {}: {e}", raw.pos);
            }
        }
        out.iter()
            .filter_map(|r| r.value.as_ref())
            .filter_map(|v| serde_json::from_slice::<serde_json::Value>(v).ok())
            .collect()
    }

    #[test]
    fn without_ddl_the_default_is_an_error_naming_the_table() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("binlog-fixtures/mariadb/types/mariadb-bin.000001");
        let Ok(reader) = BinlogFileReader::open(&path) else {
            panic!("fixture")
        };
        let mut processor = ChangeProcessor::new(options(SchemaFallback::None), "f");
        let mut decoder = Decoder::new();
        let mut out = Vec::new();
        let mut error = None;
        for raw in reader.flatten() {
            if let Ok(Event::Query(q)) = decoder.decode_at(&raw.bytes, raw.pos)
                && String::from_utf8_lossy(q.query)
                    .trim_start()
                    .starts_with("CREATE")
            {
                continue;
            }
            if let Err(e) = processor.process(&raw.bytes, raw.pos, true, &mut out) {
                error = Some(e);
                break;
            }
        }
        let Some(EngineError::UnknownTable {
            database, table, ..
        }) = error
        else {
            panic!("expected UnknownTable, got {error:?}")
        };
        assert_eq!(
            (database.as_str(), table.as_str()),
            ("ecommerce", "all_types")
        );
    }

    /// `inconsistent.schema.handling.mode=warn|skip`: rows of a captured table without
    /// a schema are skipped, the stream goes on (Debezium's
    /// `BinlogStreamingChangeEventSource.informAboutUnknownTableIfRequired`).
    #[test]
    fn without_ddl_warn_and_skip_drop_the_rows_and_go_on() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("binlog-fixtures/mariadb/types/mariadb-bin.000001");
        for mode in [FailureHandlingMode::Warn, FailureHandlingMode::Skip] {
            let Ok(reader) = BinlogFileReader::open(&path) else {
                panic!("fixture")
            };
            let mut opts = options(SchemaFallback::None);
            opts.inconsistent_schema = mode;
            let mut processor = ChangeProcessor::new(opts, "f");
            let mut decoder = Decoder::new();
            let mut out = Vec::new();
            for raw in reader.flatten() {
                if let Ok(Event::Query(q)) = decoder.decode_at(&raw.bytes, raw.pos)
                    && String::from_utf8_lossy(q.query)
                        .trim_start()
                        .starts_with("CREATE")
                {
                    continue;
                }
                if let Err(e) = processor.process(&raw.bytes, raw.pos, true, &mut out) {
                    panic!("{mode:?}: {e}");
                }
            }
            let data = out
                .iter()
                .filter(|r| r.topic.as_ref() == "fx.ecommerce.all_types")
                .count();
            assert_eq!(data, 0, "{mode:?}");
        }
    }

    #[test]
    fn table_map_schemas_give_the_ddl_values_where_the_event_tells_the_type() {
        let rel = "mariadb/types/mariadb-bin.000001";
        let with_ddl = replay(rel, false, SchemaFallback::None);
        let without = replay(rel, true, SchemaFallback::TableMap);
        assert_eq!(with_ddl.len(), without.len());
        assert!(with_ddl.len() >= 5, "{}", with_ddl.len());
        let mut compared = 0;
        for (a, b) in with_ddl.iter().zip(&without) {
            assert_eq!(a["payload"]["op"], b["payload"]["op"]);
            let fields_a = a["schema"]["fields"][1]["fields"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let fields_b = b["schema"]["fields"][1]["fields"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            assert_eq!(fields_a.len(), fields_b.len());
            for image in ["before", "after"] {
                let (ia, ib) = (&a["payload"][image], &b["payload"][image]);
                if ia.is_null() {
                    assert!(ib.is_null());
                    continue;
                }
                for (i, (fa, fb)) in fields_a.iter().zip(&fields_b).enumerate() {
                    let name_a = fa["field"].as_str().unwrap_or_default();
                    let name_b = format!("_{}", i + 1);
                    assert_eq!(fb["field"], name_b.as_str());
                    // String-family columns: the charset (text or binary) is not in
                    // a MariaDB table map; ENUM/SET members neither. Integers: the
                    // signedness is not either; BOOLEAN is TINYINT(1).
                    let comparable = fa["type"] == fb["type"]
                        && fa.get("name") == fb.get("name")
                        && !matches!(
                            fa.get("name").and_then(|n| n.as_str()),
                            Some("io.debezium.data.Enum" | "io.debezium.data.EnumSet")
                        );
                    if !comparable {
                        continue;
                    }
                    // `id` and `c_u*` are the UNSIGNED integers of types.sql; `c_latin`
                    // is latin1 text, read as UTF-8 without charset metadata.
                    if name_a == "id" || name_a.starts_with("c_u") || name_a == "c_latin" {
                        continue;
                    }
                    assert_eq!(ia[name_a], ib[name_b.as_str()], "{image} {name_a}");
                    compared += 1;
                }
            }
        }
        assert!(compared >= 40, "only {compared} values compared");
    }
}

#[cfg(test)]
#[path = "processor_history_tests.rs"]
mod history_tests;
