//! The initial snapshot, as Debezium's MySQL connector 3.6 takes it
//! (`BinlogSnapshotChangeEventSource`, `RelationalSnapshotChangeEventSource`): the
//! schema of every eligible table and the rows of the captured ones, as of one binlog
//! position, from which streaming then continues without losing or repeating a change.
//!
//! Owns the `snapshot.mode` decision (Debezium's snapshotter classes), the consistent
//! start (locks, transactions, the snapshot position), the snapshot DDL statements
//! (`SET character_set_server…`, `DROP TABLE IF EXISTS`, `DROP/CREATE DATABASE`, `USE`,
//! `SHOW CREATE TABLE`, in Debezium's order), reading the tables and turning their rows
//! into `op: r` records with Debezium's `source.snapshot` markers, and the progress
//! counters. It must not stream the binlog (that is `live`), nor speak the protocol
//! (`replication`), nor convert values itself: each text value is parsed into the
//! binlog's `Value` ([`text_value`]) and goes through the same envelope converters as
//! a streamed row.
//!
//! # Consistency
//!
//! Every table is read by one of `snapshot.max.threads` worker connections, each
//! inside a `START TRANSACTION WITH CONSISTENT SNAPSHOT` (REPEATABLE READ), so all
//! workers must see the same committed state, the one at the snapshot position:
//!
//! - **MariaDB** (`minimal`, `none`): no global lock. Each worker starts its
//!   transaction and reads `SHOW STATUS LIKE 'binlog_snapshot_%'`, the binlog
//!   position that transaction's snapshot corresponds to (MariaDB's group commit keeps
//!   the two consistent for InnoDB). Equal positions on every worker mean they all see
//!   exactly the transactions committed up to that position; when a commit slipped in
//!   between, all transactions are rolled back and started again (up to 20 times, then
//!   a brief `FLUSH TABLES WITH READ LOCK` around the starts when the mode allows a
//!   lock). That position is where streaming starts. With `minimal`, DDL (not DML)
//!   is held back by `BACKUP STAGE BLOCK_DDL` (MariaDB 10.4.1+, RELOAD privilege)
//!   from before the transactions start until the schemas are read, so the schemas
//!   are those in force at the position; without the privilege the snapshot goes on
//!   with a warning (Debezium's `none` caveat: a DDL statement committed meanwhile
//!   would be read before its position).
//! - **MySQL** (`minimal`): `FLUSH TABLES WITH READ LOCK` on the main connection while
//!   the workers start their transactions, the position is read (`SHOW MASTER STATUS`)
//!   and the schemas are read; then `UNLOCK TABLES`.
//! - `extended`: the global read lock is held until every row was read (both servers).
//! - MySQL with `none`: no lock; as in Debezium, changes committed between the
//!   workers' transaction starts and the position read may be emitted twice.
//!
//! # Records and memory
//!
//! Workers stream each `SELECT` (integer single-column primary keys in key-range
//! chunks of `snapshot.fetch.size` rows, default 10,000; other tables with one
//! streamed `SELECT`) and hand rows over bounded channels, at most `max.batch.size`
//! rows a message and two messages a table ahead. Records are built by the consumer,
//! in table order, so the output and its markers are exactly those of a single-threaded
//! Debezium snapshot, and memory stays bounded by the configuration, not the tables.

mod consistent;
mod reader;
pub mod text_value;

use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use bytes::Bytes;

use crate::emit::Record;
use crate::engine::config::{
    ConnectorConfig, SnapshotLockingMode, SnapshotMode, SnapshotTablesOrder,
};
use crate::engine::processor::{ChangeProcessor, ProcessorOptions};
use crate::engine::{Batch, EngineError};
use crate::envelope::{
    DataChange, Op, SchemaChangeEvent, SnapshotMarker, SourceInfo, TableEnvelope,
    schema_change_topic,
};
use crate::format::RecordConverter;
use crate::offset::SourceOffset;
use crate::replication::{ConnectOptions, Connection, ReplicationError, TextRow};
use crate::schema::{SchemaChange, TableId};
use consistent::{exec, prepare_session, start_consistent};
use reader::{Select, TableMessage, TableReceiver, select_for, spawn_workers};
use text_value::TextRowDecoder;

/// What `snapshot.mode` asks for at this start (Debezium's `Snapshotter`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SnapshotDecision {
    /// Capture the schemas (`shouldSnapshotSchema`).
    pub schema: bool,
    /// Read the rows (`shouldSnapshotData`).
    pub data: bool,
    /// Stream the binlog afterwards (`shouldStream`).
    pub stream: bool,
    /// Streaming starts at the snapshot position (`shouldStreamEventsStartingFromSnapshot`);
    /// false for `recovery`, which resumes at the stored offset.
    pub stream_from_snapshot: bool,
}

impl SnapshotDecision {
    /// The decision of `mode` given the stored offset (`None`: first start). A stored
    /// offset with `snapshot: true` means the previous snapshot did not complete.
    /// `position_available` is whether the stored offset's binlog file is still on the
    /// server (only `when_needed` asks).
    pub fn decide(
        mode: SnapshotMode,
        offset: Option<&SourceOffset>,
        position_available: bool,
    ) -> Self {
        let exists = offset.is_some();
        let in_progress = offset.is_some_and(|o| o.snapshot == Some(true));
        let needed = !exists || in_progress;
        let (schema, data, stream, from_snapshot) = match mode {
            SnapshotMode::Initial => (needed, needed, true, true),
            SnapshotMode::InitialOnly => (needed, needed, false, true),
            SnapshotMode::Always => (true, true, true, true),
            SnapshotMode::WhenNeeded => {
                let needed = needed || !position_available;
                (needed, needed, true, true)
            }
            SnapshotMode::NoData => (needed, false, true, true),
            SnapshotMode::Recovery => (true, false, true, !exists),
            SnapshotMode::Never => (false, false, true, true),
        };
        SnapshotDecision {
            schema,
            data,
            stream,
            stream_from_snapshot: from_snapshot,
        }
    }

    /// Whether anything is snapshotted.
    pub fn any(&self) -> bool {
        self.schema || self.data
    }
}

/// Progress of one table's data snapshot.
#[derive(Debug)]
pub struct TableProgress {
    /// `db.table`.
    pub name: String,
    /// Estimated rows (`information_schema.TABLES.TABLE_ROWS`; 0 when unknown).
    pub estimated_rows: u64,
    /// Rows turned into records so far.
    pub rows: AtomicU64,
    /// Whether every row was read.
    pub done: AtomicBool,
}

/// Counters of a running snapshot, shared with whoever displays them (the CLI's
/// progress bar, an embedder's metrics): Debezium's snapshot metrics
/// (`RowsScanned`, `RemainingTableCount`, `SnapshotCompleted`) in a small form.
#[derive(Debug, Default)]
pub struct SnapshotProgress {
    /// The captured tables, in snapshot order.
    pub tables: Vec<TableProgress>,
    /// Index of the table whose records are being produced.
    pub current: AtomicUsize,
    /// Set once the last record was produced.
    pub completed: AtomicBool,
}

impl SnapshotProgress {
    /// Rows done over all tables.
    pub fn rows_done(&self) -> u64 {
        self.tables
            .iter()
            .map(|t| t.rows.load(Ordering::Relaxed))
            .sum()
    }

    /// Estimated rows over all tables.
    pub fn rows_estimated(&self) -> u64 {
        self.tables.iter().map(|t| t.estimated_rows).sum()
    }
}

/// Where the snapshot was taken, and the pieces the stream needs afterwards.
pub struct PreparedSnapshot {
    /// The binlog position of the snapshot (`snapshot: Some(true)`).
    pub position: SourceOffset,
    /// The data reader, when rows are snapshotted (or schema records are pending).
    pub stream: SnapshotStream,
}

/// A captured table to read, with its query.
struct TableTask {
    id: TableId,
    envelope: Arc<TableEnvelope>,
    select: Select,
}

/// A record held back until what follows it is known.
enum Held {
    Schema(SchemaChange),
    Row {
        table: usize,
        row: TextRow,
        first: bool,
        last: bool,
    },
}

/// The records of a snapshot, batch by batch: schema-change records first, then the
/// rows of each captured table in order.
pub struct SnapshotStream {
    include_schema_changes: bool,
    schema_records: VecDeque<SchemaChange>,
    tables: Vec<TableTask>,
    receivers: Vec<TableReceiver>,
    decoders: Vec<Option<TextRowDecoder>>,
    /// The table being consumed, its row held for the "last in table" decision, and
    /// whether a row of it was already passed on.
    current: usize,
    pending_row: Option<TextRow>,
    table_first_pending: bool,
    table_ts_ms: i64,
    held: Option<Held>,
    json: RecordConverter,
    topic_prefix: String,
    schema_topic: Arc<str>,
    buf: Vec<u8>,
    scratch: Vec<u8>,
    offset: SourceOffset,
    max_batch: usize,
    progress: Arc<SnapshotProgress>,
    finished: bool,
    /// The main connection: holds `extended` locks until the rows are read.
    main: Option<Connection>,
    workers: Vec<tokio::task::JoinHandle<Result<(), EngineError>>>,
}

/// The snapshot settings and decision, for [`prepare`].
pub struct SnapshotRequest<'a> {
    /// The connector configuration.
    pub config: &'a ConnectorConfig,
    /// The processor options (filters, envelope settings).
    pub opts: &'a ProcessorOptions,
    /// What to snapshot.
    pub decision: SnapshotDecision,
    /// The stored offset (`recovery` keeps it as the position of the schema records).
    pub resume: Option<&'a SourceOffset>,
}

fn now_ns() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// A backquoted identifier.
pub fn quote(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

pub(crate) fn quoted_table(id: &TableId) -> String {
    format!("{}.{}", quote(&id.database), quote(&id.table))
}

/// Tables of every database the user can read (`SHOW FULL TABLES … BASE TABLE`), as
/// `BinlogConnectorConnection.getAllTableIds`; unreadable databases are skipped.
async fn all_tables(conn: &mut Connection) -> Result<Vec<TableId>, EngineError> {
    let databases = conn.query("SHOW DATABASES").await?;
    let mut tables = Vec::new();
    for db in databases
        .into_iter()
        .filter_map(|r| r.into_iter().next().flatten())
    {
        let sql = format!(
            "SHOW FULL TABLES IN {} WHERE Table_type = 'BASE TABLE'",
            quote(&db)
        );
        match conn.query(&sql).await {
            Ok(rows) => tables.extend(
                rows.into_iter()
                    .filter_map(|r| r.into_iter().next().flatten())
                    .map(|t| TableId::new(db.clone(), t)),
            ),
            Err(ReplicationError::Server { .. }) => {
                tracing::warn!(database = %db, "skipping a database whose tables cannot be listed");
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok(tables)
}

/// Debezium's `TableId` order: by `db.table` text.
fn sort_tables(tables: &mut [TableId]) {
    tables.sort_by(|a, b| {
        format!("{}.{}", a.database, a.table).cmp(&format!("{}.{}", b.database, b.table))
    });
}

/// Connects the main connection and the workers, takes the consistent snapshot,
/// applies (and records, and queues as records) the snapshot DDL in `processor`, and
/// starts the workers. Locks of `minimal` are released before this returns.
pub async fn prepare(
    request: SnapshotRequest<'_>,
    options: &ConnectOptions,
    processor: &mut ChangeProcessor,
) -> Result<PreparedSnapshot, EngineError> {
    let SnapshotRequest {
        config,
        opts,
        decision,
        resume,
    } = request;
    let settings = &config.snapshot;
    if !settings.delay.is_zero() {
        tokio::time::sleep(settings.delay).await;
    }
    // The same TLS/auth settings as the binlog dump.
    let login = crate::engine::live::login_options(config);
    let mut main = Connection::connect_with(options, &login).await?;
    prepare_session(&mut main, settings, false).await?;
    let worker_count = if decision.data {
        settings.max_threads.max(1)
    } else {
        1
    };
    let mut workers = Vec::with_capacity(worker_count);
    for _ in 0..worker_count {
        let mut worker = Connection::connect_with(options, &login).await?;
        prepare_session(&mut worker, settings, true).await?;
        workers.push(worker);
    }
    let (file, pos, locks) = start_consistent(&mut main, &mut workers, settings).await?;
    let locked = locks.global;
    tracing::info!(file = %file, pos, "snapshot position");
    let mut position = SourceOffset {
        file,
        pos,
        snapshot: Some(true),
        ..SourceOffset::default()
    };
    if !decision.stream_from_snapshot
        && let Some(resume) = resume
    {
        // recovery: the schema is recorded at (and streaming resumes from) the stored offset.
        position = SourceOffset {
            snapshot: Some(true),
            ..resume.clone()
        };
    }
    processor.resume_at(&position);

    // Captured tables (data) and schema tables, as `determineCapturedTables`.
    let mut all = all_tables(&mut main).await?;
    sort_tables(&mut all);
    let schema_eligible = |id: &TableId| {
        !(config.table_ignore_builtin && ConnectorConfig::is_built_in_database(&id.database))
    };
    let mut captured: Vec<TableId> = all
        .iter()
        .filter(|id| opts.filters.captures(id))
        .filter(|id| {
            settings.include_collections.is_empty()
                || settings
                    .include_collections
                    .iter()
                    .any(|p| p.is_match(&format!("{}.{}", id.database, id.table)))
        })
        .cloned()
        .collect();
    // addSignalingCollectionAndSort: in the order of table.include.list's patterns.
    if let crate::engine::config::NameFilter::Include(patterns) = &config.table_filter {
        let mut ordered = Vec::with_capacity(captured.len());
        for pattern in patterns {
            for id in &captured {
                if pattern.is_match(&format!("{}.{}", id.database, id.table))
                    && !ordered.contains(id)
                {
                    ordered.push(id.clone());
                }
            }
        }
        captured = ordered;
    }
    let schema_tables: Vec<TableId> = if config.schema_history.store_only_captured_tables_ddl {
        let mut t = captured.clone();
        sort_tables(&mut t);
        t
    } else {
        all.iter()
            .filter(|id| schema_eligible(id))
            .cloned()
            .collect()
    };

    let mut schema_records = VecDeque::new();
    if decision.schema {
        let emit = |change: &SchemaChange, records: &mut VecDeque<SchemaChange>| {
            if config.schema_history.store_only_captured_databases_ddl
                && !change.database.is_empty()
                && !opts.filters.captures_database(&change.database)
            {
                return;
            }
            records.push_back(change.clone());
        };
        let apply = |processor: &mut ChangeProcessor,
                     records: &mut VecDeque<SchemaChange>,
                     db: &str,
                     sql: &str|
         -> Result<(), EngineError> {
            for change in processor.apply_snapshot_statement(db, sql)? {
                emit(&change, records);
            }
            Ok(())
        };
        let vars = main
            .query_with_columns(
                "SHOW VARIABLES WHERE Variable_name IN ('character_set_server','collation_server')",
            )
            .await?;
        let mut pairs: Vec<(String, String)> = vars
            .rows
            .iter()
            .filter_map(|r| Some((r.first()?.clone()?, r.get(1)?.clone().unwrap_or_default())))
            .collect();
        pairs.sort();
        let set = pairs
            .iter()
            .map(|(k, v)| {
                if v.contains(',') || v.contains(';') {
                    format!("{k}='{v}'")
                } else {
                    format!("{k}={v}")
                }
            })
            .collect::<Vec<_>>()
            .join(", ");
        apply(processor, &mut schema_records, "", &format!("SET {set}"))?;
        for id in &schema_tables {
            apply(
                processor,
                &mut schema_records,
                &id.database,
                &format!("DROP TABLE IF EXISTS {}", quoted_table(id)),
            )?;
        }
        let collations = main
            .query(
                "SELECT schema_name, default_character_set_name, default_collation_name \
                 FROM information_schema.schemata",
            )
            .await?;
        let mut databases: Vec<&str> = Vec::new();
        for id in &schema_tables {
            if !databases.contains(&id.database.as_str()) {
                databases.push(&id.database);
            }
        }
        for db in databases {
            apply(
                processor,
                &mut schema_records,
                db,
                &format!("DROP DATABASE IF EXISTS {}", quote(db)),
            )?;
            let mut create = format!("CREATE DATABASE {}", quote(db));
            if let Some(row) = collations
                .iter()
                .find(|r| r.first().cloned().flatten().as_deref() == Some(db))
            {
                if let Some(Some(cs)) = row.get(1) {
                    create.push_str(&format!(" CHARSET {cs}"));
                }
                if let Some(Some(coll)) = row.get(2) {
                    create.push_str(&format!(" COLLATE {coll}"));
                }
            }
            apply(processor, &mut schema_records, db, &create)?;
            apply(
                processor,
                &mut schema_records,
                db,
                &format!("USE {}", quote(db)),
            )?;
            for id in schema_tables.iter().filter(|t| t.database == db) {
                let rows = main
                    .query(&format!("SHOW CREATE TABLE {}", quoted_table(id)))
                    .await?;
                if let Some(sql) = rows.first().and_then(|r| r.get(1).cloned().flatten()) {
                    apply(processor, &mut schema_records, db, &sql)?;
                }
            }
        }
    }
    if !config.include_schema_changes {
        schema_records.clear();
    }

    // The data tasks, with envelopes of the schemas just read.
    let mut tasks = Vec::new();
    let mut progress_tables = Vec::new();
    if decision.data {
        for id in &captured {
            let Some(schema) = processor.tracker_mut().table(id) else {
                return Err(EngineError::ServerSetup(format!(
                    "no schema for the captured table {}: it changed while the snapshot started",
                    quoted_table(id)
                )));
            };
            let envelope = TableEnvelope::with_column_options(
                schema.clone(),
                &opts.envelope,
                &opts.shaping.columns,
            )
            .map_err(|source| EngineError::Envelope {
                file: position.file.clone(),
                pos: position.pos,
                database: id.database.clone(),
                table: id.table.clone(),
                source: Box::new(source),
            })?;
            let select = select_for(id, &schema, settings);
            tasks.push(TableTask {
                id: id.clone(),
                envelope: Arc::new(envelope),
                select,
            });
        }
        let estimates = estimated_rows(&mut main).await?;
        for task in &tasks {
            let estimated_rows = estimates
                .iter()
                .find(|(id, _)| *id == task.id)
                .map_or(0, |(_, n)| *n);
            progress_tables.push(TableProgress {
                name: format!("{}.{}", task.id.database, task.id.table),
                estimated_rows,
                rows: AtomicU64::new(0),
                done: AtomicBool::new(false),
            });
        }
        if settings.order_by_row_count != SnapshotTablesOrder::Disabled {
            let mut paired: Vec<(TableTask, TableProgress)> =
                tasks.drain(..).zip(progress_tables.drain(..)).collect();
            paired.sort_by_key(|(_, p)| p.estimated_rows);
            if settings.order_by_row_count == SnapshotTablesOrder::Descending {
                paired.reverse();
            }
            for (t, p) in paired {
                tasks.push(t);
                progress_tables.push(p);
            }
        }
    }
    if locked && settings.locking_mode != SnapshotLockingMode::Extended {
        exec(&mut main, "UNLOCK TABLES").await?;
    }
    if locks.ddl {
        exec(&mut main, "BACKUP STAGE END").await?;
    }
    let progress = Arc::new(SnapshotProgress {
        tables: progress_tables,
        current: AtomicUsize::new(0),
        completed: AtomicBool::new(false),
    });
    let max_batch = config.max_batch_size.max(1);
    let (receivers, handles) = if decision.data {
        spawn_workers(workers, &tasks, max_batch)
    } else {
        for worker in workers {
            let _ = worker.close().await;
        }
        (Vec::new(), Vec::new())
    };
    let keep_main = locked && settings.locking_mode == SnapshotLockingMode::Extended;
    let main = if keep_main {
        Some(main)
    } else {
        let _ = main.close().await;
        None
    };
    let decoders = tasks.iter().map(|_| None).collect();
    let stream = SnapshotStream {
        include_schema_changes: config.include_schema_changes,
        schema_records,
        tables: tasks,
        receivers,
        decoders,
        current: 0,
        pending_row: None,
        table_first_pending: true,
        table_ts_ms: 0,
        held: None,
        json: RecordConverter::new(&opts.converters, schema_change_topic(&opts.envelope)),
        topic_prefix: opts.envelope.topic_prefix.clone(),
        schema_topic: schema_change_topic(&opts.envelope),
        buf: Vec::with_capacity(64 * 1024),
        scratch: Vec::new(),
        offset: position.clone(),
        max_batch,
        progress,
        finished: false,
        main,
        workers: handles,
    };
    Ok(PreparedSnapshot { position, stream })
}

/// `information_schema.TABLES.TABLE_ROWS` of every table (InnoDB's estimate).
async fn estimated_rows(conn: &mut Connection) -> Result<Vec<(TableId, u64)>, EngineError> {
    let rows = conn
        .query("SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_ROWS FROM information_schema.TABLES WHERE TABLE_TYPE = 'BASE TABLE'")
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let mut it = r.into_iter();
            let db = it.next().flatten()?;
            let table = it.next().flatten()?;
            let n = it
                .next()
                .flatten()
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            Some((TableId::new(db, table), n))
        })
        .collect())
}

impl SnapshotStream {
    /// The counters of this snapshot.
    pub fn progress(&self) -> Arc<SnapshotProgress> {
        self.progress.clone()
    }

    /// The next batch of snapshot records, or `None` once all were handed out. The
    /// batch's offset carries `snapshot: true` until the last batch, whose offset is
    /// the snapshot position with the snapshot completed.
    pub async fn next_batch(&mut self) -> Result<Option<Batch>, EngineError> {
        if self.finished {
            return Ok(None);
        }
        let mut out = Vec::new();
        while out.len() < self.max_batch && !self.finished {
            if let Some(change) = self.schema_records.pop_front() {
                self.hold(Held::Schema(change), &mut out)?;
                continue;
            }
            let Some(rx) = self.receivers.get_mut(self.current) else {
                // Every table read: the record held back is the last one.
                if let Some(held) = self.held.take() {
                    self.render(held, Some(SnapshotMarker::Last), &mut out)?;
                }
                self.finish().await?;
                break;
            };
            match rx.recv().await {
                Some(Ok(TableMessage::Start(columns))) => {
                    let names: Vec<&str> = columns.iter().map(String::as_str).collect();
                    if let (Some(slot), Some(task)) = (
                        self.decoders.get_mut(self.current),
                        self.tables.get(self.current),
                    ) {
                        *slot = Some(TextRowDecoder::new(task.envelope.schema(), &names));
                    }
                    if let Some(t) = self.progress.tables.get(self.current) {
                        tracing::info!(
                            table = %t.name,
                            order = self.current + 1,
                            tables = self.tables.len(),
                            estimated_rows = t.estimated_rows,
                            "exporting data from table"
                        );
                    }
                    // Debezium reads CURRENT_TIMESTAMP per table: whole seconds.
                    self.table_ts_ms = now_ns() / 1_000_000_000 * 1000;
                    self.table_first_pending = true;
                }
                Some(Ok(TableMessage::Rows(rows))) => {
                    for row in rows {
                        if let Some(previous) = self.pending_row.replace(row) {
                            let first = std::mem::replace(&mut self.table_first_pending, false);
                            let held = Held::Row {
                                table: self.current,
                                row: previous,
                                first,
                                last: false,
                            };
                            self.hold(held, &mut out)?;
                        }
                    }
                }
                Some(Err(e)) => return Err(e),
                None => {
                    if let Some(previous) = self.pending_row.take() {
                        let first = std::mem::replace(&mut self.table_first_pending, false);
                        let held = Held::Row {
                            table: self.current,
                            row: previous,
                            first,
                            last: true,
                        };
                        self.hold(held, &mut out)?;
                    }
                    if let Some(t) = self.progress.tables.get(self.current) {
                        t.done.store(true, Ordering::Relaxed);
                        tracing::info!(
                            table = %t.name,
                            rows = t.rows.load(Ordering::Relaxed),
                            "finished exporting table"
                        );
                    }
                    self.current += 1;
                    self.progress.current.store(self.current, Ordering::Relaxed);
                }
            }
        }
        if out.is_empty() && self.finished {
            return Ok(None);
        }
        let mut offset = self.offset.clone();
        if self.finished {
            offset.snapshot = None;
        }
        Ok(Some(Batch {
            records: out,
            offset,
        }))
    }

    /// Whether every record was handed out.
    pub fn is_finished(&self) -> bool {
        self.finished
    }

    async fn finish(&mut self) -> Result<(), EngineError> {
        self.finished = true;
        self.progress.completed.store(true, Ordering::Relaxed);
        for handle in self.workers.drain(..) {
            match handle.await {
                Ok(result) => result?,
                Err(e) => {
                    return Err(EngineError::Snapshot {
                        table: "(worker)".into(),
                        message: format!("a snapshot worker failed: {e}"),
                    });
                }
            }
        }
        if let Some(mut main) = self.main.take() {
            exec(&mut main, "UNLOCK TABLES").await?;
            let _ = main.close().await;
        }
        Ok(())
    }

    /// Holds `next` back and renders the record held before it.
    fn hold(&mut self, next: Held, out: &mut Vec<Record>) -> Result<(), EngineError> {
        if let Some(previous) = self.held.replace(next) {
            self.render(previous, None, out)?;
        }
        Ok(())
    }

    fn render(
        &mut self,
        held: Held,
        marker: Option<SnapshotMarker>,
        out: &mut Vec<Record>,
    ) -> Result<(), EngineError> {
        match held {
            Held::Schema(change) => {
                if !self.include_schema_changes {
                    return Ok(());
                }
                let source = SourceInfo {
                    server_name: &self.topic_prefix,
                    ts_ms: now_ns() / 1_000_000,
                    snapshot: marker.unwrap_or(SnapshotMarker::True),
                    db: &change.database,
                    table: change.source_table.as_deref(),
                    server_id: 0,
                    gtid: None,
                    file: &self.offset.file,
                    pos: self.offset.pos,
                    row: 0,
                    thread: None,
                    query: None,
                };
                let event = SchemaChangeEvent {
                    source,
                    change: &change,
                    ts_ns: now_ns(),
                };
                self.buf.clear();
                self.json.schema_change_key(&event, &mut self.buf)?;
                let key = Bytes::copy_from_slice(&self.buf);
                self.buf.clear();
                self.json.schema_change_value(&event, &mut self.buf)?;
                out.push(Record::new(
                    self.schema_topic.clone(),
                    Some(key),
                    Some(Bytes::copy_from_slice(&self.buf)),
                ));
            }
            Held::Row {
                table,
                row,
                first,
                last,
            } => {
                let count = self.tables.len();
                let (Some(task), Some(Some(decoder))) =
                    (self.tables.get(table), self.decoders.get(table))
                else {
                    return Ok(());
                };
                // RelationalSnapshotChangeEventSource.SnapshotMarkerResolver.
                let marker = marker.unwrap_or(if last && table + 1 == count {
                    SnapshotMarker::Last
                } else if first && table == 0 {
                    SnapshotMarker::First
                } else if last {
                    SnapshotMarker::LastInDataCollection
                } else if first {
                    SnapshotMarker::FirstInDataCollection
                } else {
                    SnapshotMarker::True
                });
                let values =
                    decoder
                        .decode(&row, &mut self.scratch)
                        .map_err(|e| EngineError::Snapshot {
                            table: quoted_table(&task.id),
                            message: e.to_string(),
                        })?;
                let schema = task.envelope.schema();
                let source = SourceInfo {
                    server_name: &self.topic_prefix,
                    ts_ms: self.table_ts_ms,
                    snapshot: marker,
                    db: &schema.id.database,
                    table: Some(&schema.id.table),
                    server_id: 0,
                    gtid: None,
                    file: &self.offset.file,
                    pos: self.offset.pos,
                    row: 0,
                    thread: None,
                    query: None,
                };
                let change = DataChange {
                    table: &task.envelope,
                    op: Op::Read,
                    before: None,
                    after: Some(&values),
                    source,
                    ts_ns: now_ns(),
                };
                self.buf.clear();
                let has_key = self.json.data_key(&change, &mut self.buf)?;
                let key = has_key.then(|| Bytes::copy_from_slice(&self.buf));
                self.buf.clear();
                self.json.data_value(&change, &mut self.buf)?;
                out.push(Record::new(
                    task.envelope.topic().clone(),
                    key,
                    Some(Bytes::copy_from_slice(&self.buf)),
                ));
                if let Some(p) = self.progress.tables.get(table) {
                    p.rows.fetch_add(1, Ordering::Relaxed);
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offset(snapshot: Option<bool>) -> SourceOffset {
        SourceOffset {
            file: "f".into(),
            pos: 4,
            snapshot,
            ..SourceOffset::default()
        }
    }

    /// The snapshotter classes of Debezium 3.6 (`io.debezium.snapshot.mode.*`).
    #[test]
    fn snapshot_modes_decide_as_debeziums_snapshotters() {
        let d = |mode, o: Option<&SourceOffset>, avail| {
            let d = SnapshotDecision::decide(mode, o, avail);
            (d.schema, d.data, d.stream, d.stream_from_snapshot)
        };
        let done = offset(None);
        let running = offset(Some(true));
        use SnapshotMode::*;
        assert_eq!(d(Initial, None, true), (true, true, true, true));
        assert_eq!(d(Initial, Some(&done), true), (false, false, true, true));
        assert_eq!(d(Initial, Some(&running), true), (true, true, true, true));
        assert_eq!(d(InitialOnly, None, true), (true, true, false, true));
        assert_eq!(
            d(InitialOnly, Some(&done), true),
            (false, false, false, true)
        );
        assert_eq!(d(Always, Some(&done), true), (true, true, true, true));
        assert_eq!(d(WhenNeeded, Some(&done), true), (false, false, true, true));
        assert_eq!(d(WhenNeeded, Some(&done), false), (true, true, true, true));
        assert_eq!(d(NoData, None, true), (true, false, true, true));
        assert_eq!(d(NoData, Some(&done), true), (false, false, true, true));
        assert_eq!(d(Recovery, Some(&done), true), (true, false, true, false));
        assert_eq!(d(Never, None, true), (false, false, true, true));
    }
}
