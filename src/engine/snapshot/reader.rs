//! The snapshot's row readers: worker tasks, each with its own connection inside the
//! snapshot's consistent transaction, that take the captured tables in order and
//! stream each one's rows (`Connection::query_rows`, one row in memory at a time)
//! into a bounded channel per table.
//!
//! Owns the per-table `SELECT` (Debezium's `SelectAllSnapshotQuery`, a
//! `snapshot.select.statement.overrides` statement, or key-range chunks of
//! `snapshot.fetch.size` rows over an integer primary key) and the hand-over. It must
//! not interpret values nor build records: the consumer in `mod.rs` does, in table
//! order.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::mpsc;

use super::{TableTask, quote, quoted_table};
use crate::engine::EngineError;
use crate::engine::config::SnapshotSettings;
use crate::replication::{Connection, TextRow};
use crate::schema::{TableId, TableSchema};

/// How a table is read.
#[derive(Debug, Clone)]
pub(super) enum Select {
    /// One streamed statement.
    Whole(String),
    /// Key-range chunks over one integer primary key column.
    Chunked {
        columns: String,
        table: String,
        key: String,
        chunk: usize,
    },
}

/// What a worker sends for one table.
pub(super) enum TableMessage {
    /// The result's column names (before the first rows).
    Start(Vec<String>),
    /// Up to `max.batch.size` rows.
    Rows(Vec<TextRow>),
}

pub(super) type TableReceiver = mpsc::Receiver<Result<TableMessage, EngineError>>;

/// The snapshot query of a table: the override, else Debezium's
/// `SELECT <columns> FROM <table>` (`SelectAllSnapshotQuery`), read in key-range
/// chunks when the primary key is one integer column.
pub(super) fn select_for(
    id: &TableId,
    schema: &TableSchema,
    settings: &SnapshotSettings,
) -> Select {
    if let Some(statement) = settings
        .select_overrides
        .get(&(id.database.clone(), id.table.clone()))
    {
        return Select::Whole(statement.clone());
    }
    let columns = schema
        .columns
        .iter()
        .map(|c| quote(&c.name))
        .collect::<Vec<_>>()
        .join(", ");
    let table = quoted_table(id);
    if let [key] = schema.primary_key.as_slice()
        && let Some(col) = schema.columns.iter().find(|c| &c.name == key)
        && matches!(col.data_type, crate::schema::DataType::Int { .. })
    {
        return Select::Chunked {
            columns,
            table,
            key: quote(key),
            chunk: settings.fetch_size.unwrap_or(10_000),
        };
    }
    Select::Whole(format!("SELECT {columns} FROM {table}"))
}

/// Starts the workers: each takes the next table, streams its rows into that table's
/// channel, and ends its transaction when no table is left.
pub(super) fn spawn_workers(
    workers: Vec<Connection>,
    tasks: &[TableTask],
    max_batch: usize,
) -> (
    Vec<TableReceiver>,
    Vec<tokio::task::JoinHandle<Result<(), EngineError>>>,
) {
    let mut receivers = Vec::with_capacity(tasks.len());
    let mut senders = Vec::with_capacity(tasks.len());
    for _ in tasks {
        let (tx, rx) = mpsc::channel(2);
        senders.push(Some(tx));
        receivers.push(rx);
    }
    let queue = Arc::new(Mutex::new(
        tasks
            .iter()
            .zip(senders)
            .map(|(t, tx)| (t.select.clone(), tx))
            .collect::<VecDeque<_>>(),
    ));
    let handles = workers
        .into_iter()
        .map(|mut conn| {
            let queue = queue.clone();
            tokio::spawn(async move {
                loop {
                    let next = queue
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .pop_front();
                    let Some((select, Some(tx))) = next else {
                        break;
                    };
                    if let Err(e) = read_table(&mut conn, &select, max_batch, &tx).await {
                        let _ = tx.send(Err(e)).await;
                        return Ok(());
                    }
                }
                let _ = conn.execute("ROLLBACK").await;
                let _ = conn.close().await;
                Ok(())
            })
        })
        .collect();
    (receivers, handles)
}

/// Streams one table's rows into `tx`. A closed channel (the snapshot was dropped)
/// ends the read quietly.
pub(super) async fn read_table(
    conn: &mut Connection,
    select: &Select,
    max_batch: usize,
    tx: &mpsc::Sender<Result<TableMessage, EngineError>>,
) -> Result<(), EngineError> {
    let mut started = false;
    let mut after: Option<String> = None;
    loop {
        let (sql, limit) = match select {
            Select::Whole(sql) => (sql.clone(), None),
            Select::Chunked {
                columns,
                table,
                key,
                chunk,
            } => {
                let filter = after
                    .as_ref()
                    .map(|k| format!(" WHERE {key} > {k}"))
                    .unwrap_or_default();
                (
                    format!("SELECT {columns} FROM {table}{filter} ORDER BY {key} LIMIT {chunk}"),
                    Some(*chunk),
                )
            }
        };
        let mut rows = conn.query_rows(&sql).await?;
        let names: Vec<String> = rows.columns().iter().map(|c| c.name.clone()).collect();
        let key_index = match select {
            Select::Chunked { key, .. } => names.iter().position(|n| quote(n) == *key),
            Select::Whole(_) => None,
        };
        if !started {
            started = true;
            if tx.send(Ok(TableMessage::Start(names))).await.is_err() {
                return Ok(());
            }
        }
        let mut count = 0usize;
        let mut last_key = None;
        let mut chunk = Vec::with_capacity(max_batch.min(4096));
        while let Some(row) = rows.next_row().await? {
            count += 1;
            if let Some(i) = key_index {
                last_key = row
                    .get(i)
                    .flatten()
                    .map(|k| String::from_utf8_lossy(k).into_owned());
            }
            chunk.push(row);
            if chunk.len() >= max_batch {
                let full = std::mem::replace(&mut chunk, Vec::with_capacity(max_batch.min(4096)));
                if tx.send(Ok(TableMessage::Rows(full))).await.is_err() {
                    return Ok(());
                }
            }
        }
        if !chunk.is_empty() && tx.send(Ok(TableMessage::Rows(chunk))).await.is_err() {
            return Ok(());
        }
        match limit {
            Some(limit) if count >= limit => {
                // The key is an integer column: its text is digits and a sign only.
                let Some(key) = last_key.filter(|k| {
                    !k.is_empty()
                        && k.trim_start_matches('-')
                            .bytes()
                            .all(|b| b.is_ascii_digit())
                }) else {
                    return Err(EngineError::Snapshot {
                        table: sql.chars().take(120).collect(),
                        message: "a key-range chunk ended on a row without an integer key".into(),
                    });
                };
                after = Some(key);
            }
            _ => return Ok(()),
        }
    }
}
