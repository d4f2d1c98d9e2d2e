//! The embedding APIs: a source task driven by a runtime (`poll` a batch, `commit`
//! its offset), and an async `Stream` of change events for Rust services.
//!
//! Owns the hand-over between the engine's batches and the embedder, and the offset
//! store of a task: a task starts from the store's offset (schemas recovered from
//! the schema history) and `commit` writes to it. An offset is stored only once the
//! embedder acknowledged every record up to it: for a [`SourceTask`] by calling
//! `commit`, for a [`ChangeStream`] by asking for the record after a batch's last one
//! (what a stream consumer does once it is done with the previous item).

use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use tokio::sync::mpsc;

use crate::emit::Record;
use crate::engine::config::ConnectorConfig;
use crate::engine::live::{LiveSource, open_offset_store, open_schema_history};
use crate::engine::{Batch, EngineError, processor_options};
use crate::offset::{OffsetStore, SourceOffset};
use crate::schema::SchemaHistory;

/// A record handed to an embedder, with the offset to commit once it (and every
/// record before it) is safely processed.
#[derive(Debug, Clone)]
pub struct SourceRecord {
    /// The serialized record.
    pub record: Record,
    /// The source offset after this record's batch.
    pub offset: SourceOffset,
    /// True for the last record of its batch: once the consumer asks for the next
    /// item, `offset` is acknowledged.
    pub last_in_batch: bool,
}

impl SourceRecord {
    /// The value parsed as JSON (`None` for a tombstone or non-JSON bytes).
    pub fn value_json(&self) -> Option<serde_json::Value> {
        self.record
            .value
            .as_ref()
            .and_then(|v| serde_json::from_slice(v).ok())
    }

    /// The key parsed as JSON (`None` without a key).
    pub fn key_json(&self) -> Option<serde_json::Value> {
        self.record
            .key
            .as_ref()
            .and_then(|v| serde_json::from_slice(v).ok())
    }
}

/// Tributary as a source task: the runtime calls [`SourceTask::poll`] for the next
/// batch and [`SourceTask::commit`] once it delivered it.
pub struct SourceTask {
    source: LiveSource,
    committed: Option<SourceOffset>,
    offsets: Box<dyn OffsetStore>,
}

impl SourceTask {
    /// Connects to the configured server and starts streaming: from the offset in the
    /// configured offset store (`offset.storage.file.filename`, else memory) with the
    /// schemas recovered from the configured schema history, or, with no stored
    /// offset, after the snapshot `snapshot.mode` asks for (its records come first
    /// from [`poll`](Self::poll); see `engine::snapshot`).
    pub async fn start(config: &ConnectorConfig) -> Result<Self, EngineError> {
        let history = open_schema_history(config)?;
        let offsets = open_offset_store(config)?;
        Self::start_with(config, history, offsets).await
    }

    /// Like [`start`](Self::start), with stores chosen by the embedder instead of
    /// the configuration's.
    pub async fn start_with(
        config: &ConnectorConfig,
        history: Box<dyn SchemaHistory>,
        offsets: Box<dyn OffsetStore>,
    ) -> Result<Self, EngineError> {
        let resume = offsets.load()?;
        let opts = processor_options(config);
        let source = LiveSource::start(config, opts, history, resume.as_ref()).await?;
        Ok(SourceTask {
            source,
            committed: resume,
            offsets,
        })
    }

    /// The next batch of records (whole transactions, up to `max.batch.size`);
    /// waits for the server when nothing is pending. `None` when the server ended
    /// the stream.
    pub async fn poll(&mut self) -> Result<Option<Batch>, EngineError> {
        self.source.next_batch().await
    }

    /// Acknowledges everything up to `offset` as delivered and writes it to the
    /// offset store (durably for the file store) before returning.
    pub fn commit(&mut self, offset: &SourceOffset) -> Result<(), EngineError> {
        self.offsets.commit(offset)?;
        self.committed = Some(offset.clone());
        Ok(())
    }

    /// The progress counters of the snapshot this task started with, if any (rows
    /// done per table, estimated totals, completion).
    pub fn snapshot_progress(
        &self,
    ) -> Option<std::sync::Arc<crate::engine::snapshot::SnapshotProgress>> {
        self.source.snapshot_progress()
    }

    /// The last committed offset (the stored one right after start).
    pub fn committed(&self) -> Option<&SourceOffset> {
        self.committed.as_ref()
    }
}

/// An async stream of change records from a live server, for embedding in a Rust
/// service. Dropping it stops the capture.
///
/// Offsets are stored in the configured offset store (`offset.storage.*`) at least
/// once per `offset.flush.interval.ms`, and at drop, for the batches the consumer is
/// done with: a batch counts as done when the item after its last record is asked
/// for. A restart therefore re-delivers at most the batches not yet acknowledged.
pub struct ChangeStream {
    rx: mpsc::Receiver<Result<SourceRecord, EngineError>>,
    offsets: Box<dyn OffsetStore>,
    /// The offset of the batch whose last record was handed out last.
    handed_out: Option<SourceOffset>,
    /// Acknowledged and not yet stored.
    acknowledged: Option<SourceOffset>,
    flush_interval: std::time::Duration,
    last_flush: std::time::Instant,
}

impl ChangeStream {
    /// Connects and starts streaming in a background task of the current tokio
    /// runtime, from the configured offset store's offset if it holds one (as
    /// [`SourceTask::start`]); acknowledged offsets are stored there (see the type's
    /// documentation). Startup errors (connection, configuration) are returned here.
    pub async fn connect(config: &ConnectorConfig) -> Result<Self, EngineError> {
        let offsets = open_offset_store(config)?;
        let mut task = SourceTask::start(config).await?;
        let (tx, rx) = mpsc::channel(config.max_queue_size.max(1));
        tokio::spawn(async move {
            loop {
                let batch = match task.poll().await {
                    Ok(Some(batch)) => batch,
                    Ok(None) => return,
                    Err(e) => {
                        let _ = tx.send(Err(e)).await;
                        return;
                    }
                };
                let count = batch.records.len();
                for (index, record) in batch.records.into_iter().enumerate() {
                    let item = SourceRecord {
                        record,
                        offset: batch.offset.clone(),
                        last_in_batch: index + 1 == count,
                    };
                    if tx.send(Ok(item)).await.is_err() {
                        return;
                    }
                }
            }
        });
        Ok(ChangeStream {
            rx,
            offsets,
            handed_out: None,
            acknowledged: None,
            flush_interval: config.offset_storage.flush_interval,
            last_flush: std::time::Instant::now(),
        })
    }

    /// Stores the acknowledged offset now (also done every `offset.flush.interval.ms`
    /// and at drop).
    pub fn flush(&mut self) -> Result<(), EngineError> {
        if let Some(offset) = self.acknowledged.take() {
            self.offsets.commit(&offset)?;
        }
        self.last_flush = std::time::Instant::now();
        Ok(())
    }
}

impl Stream for ChangeStream {
    type Item = Result<SourceRecord, EngineError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        // Asking for the next item acknowledges the batch whose last record was
        // handed out before.
        if let Some(done) = self.handed_out.take() {
            self.acknowledged = Some(done);
        }
        if self.acknowledged.is_some()
            && self.last_flush.elapsed() >= self.flush_interval
            && let Err(e) = self.flush()
        {
            return Poll::Ready(Some(Err(e)));
        }
        let item = self.rx.poll_recv(cx);
        if let Poll::Ready(Some(Ok(record))) = &item
            && record.last_in_batch
        {
            self.handed_out = Some(record.offset.clone());
        }
        item
    }
}

impl Drop for ChangeStream {
    fn drop(&mut self) {
        if let Err(e) = self.flush() {
            tracing::warn!(error = %e, "storing the last acknowledged offset at drop failed");
        }
    }
}
