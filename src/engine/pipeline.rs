//! Pipelining: reading, decoding and serializing on one task while the emitter
//! delivers the previous batches on another.
//!
//! Owns the bounded hand-off between a [`BatchSource`] (the live stream, a replay)
//! driven on its own runtime task and the caller's emit loop. The queue holds at most
//! `max.queue.size` records' worth of batches (`max.queue.size / max.batch.size`,
//! at least one), so a slow sink stops the reader instead of growing memory, as
//! Debezium's queue does. It never emits and never commits offsets: the caller still
//! commits a batch's offset only after its emitter acknowledged it.
//!
//! On a multi-threaded runtime the source runs on a worker thread while the emit loop
//! runs where it is awaited, so the two overlap on two cores.

use std::future::Future;

use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use crate::engine::live::LiveSource;
use crate::engine::replay::Replay;
use crate::engine::{Batch, EngineError};

/// Something that hands out batches of records in order until it ends (`None`).
pub trait BatchSource: Send + 'static {
    /// The next batch, or `None` when the source ended.
    fn next_batch(&mut self) -> impl Future<Output = Result<Option<Batch>, EngineError>> + Send;
}

impl BatchSource for LiveSource {
    fn next_batch(&mut self) -> impl Future<Output = Result<Option<Batch>, EngineError>> + Send {
        LiveSource::next_batch(self)
    }
}

impl BatchSource for Replay {
    fn next_batch(&mut self) -> impl Future<Output = Result<Option<Batch>, EngineError>> + Send {
        std::future::ready(Replay::next_batch(self))
    }
}

/// How many batches the queue holds: `max.queue.size` records in batches of
/// `max.batch.size`, at least one.
pub fn queue_batches(max_queue_size: usize, max_batch_size: usize) -> usize {
    (max_queue_size / max_batch_size.max(1)).max(1)
}

/// A source running on its own task, its batches waiting in a bounded queue.
pub struct Pipeline {
    batches: mpsc::Receiver<Result<Batch, EngineError>>,
    task: JoinHandle<()>,
    task_joined: bool,
}

impl Pipeline {
    /// Starts driving `source` on a new runtime task; at most `capacity` batches
    /// wait for [`Pipeline::next`].
    pub fn spawn<S: BatchSource>(mut source: S, capacity: usize) -> Pipeline {
        let (sender, batches) = mpsc::channel(capacity.max(1));
        let task = tokio::spawn(async move {
            loop {
                let item = match source.next_batch().await {
                    Ok(Some(batch)) => Ok(batch),
                    Ok(None) => break,
                    Err(e) => Err(e),
                };
                let failed = item.is_err();
                // A closed queue means the consumer stopped: nothing more to do.
                if sender.send(item).await.is_err() || failed {
                    break;
                }
            }
        });
        Pipeline {
            batches,
            task,
            task_joined: false,
        }
    }

    /// The next batch in source order; `None` once the source ended. Cancel-safe: a
    /// batch is never lost when this future is dropped before it resolves.
    /// A panic of the source task is resumed here, as if the source had run inline.
    pub async fn next(&mut self) -> Result<Option<Batch>, EngineError> {
        match self.batches.recv().await {
            Some(Ok(batch)) => Ok(Some(batch)),
            Some(Err(e)) => Err(e),
            None => {
                if !self.task_joined {
                    self.task_joined = true;
                    if let Err(e) = (&mut self.task).await
                        && e.is_panic()
                    {
                        std::panic::resume_unwind(e.into_panic());
                    }
                }
                Ok(None)
            }
        }
    }

    /// Stops the source task (at its next await) and drops the queued batches, whose
    /// offsets were never committed.
    pub fn stop(self) {
        self.task.abort();
    }
}

impl Drop for Pipeline {
    fn drop(&mut self) {
        self.task.abort();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::Record;
    use crate::offset::SourceOffset;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Hands out `total` one-record batches, counting how many it produced.
    struct Counting {
        next: usize,
        total: usize,
        produced: Arc<AtomicUsize>,
        fail_at: Option<usize>,
    }

    impl BatchSource for Counting {
        async fn next_batch(&mut self) -> Result<Option<Batch>, EngineError> {
            if self.fail_at == Some(self.next) {
                return Err(EngineError::ServerSetup("broken".into()));
            }
            if self.next == self.total {
                return Ok(None);
            }
            self.next += 1;
            self.produced.fetch_add(1, Ordering::SeqCst);
            Ok(Some(Batch {
                records: vec![Record::new(Arc::from("t"), None, None)],
                offset: SourceOffset {
                    pos: self.next as u64,
                    ..SourceOffset::default()
                },
            }))
        }
    }

    fn counting(total: usize, fail_at: Option<usize>) -> (Counting, Arc<AtomicUsize>) {
        let produced = Arc::new(AtomicUsize::new(0));
        let source = Counting {
            next: 0,
            total,
            produced: produced.clone(),
            fail_at,
        };
        (source, produced)
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn batches_arrive_in_order_and_then_the_end() {
        let (source, _) = counting(50, None);
        let mut pipeline = Pipeline::spawn(source, 3);
        for expected in 1..=50u64 {
            let batch = pipeline.next().await.unwrap().unwrap();
            assert_eq!(batch.offset.pos, expected);
        }
        assert!(pipeline.next().await.unwrap().is_none());
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_queue_is_bounded() {
        let (source, produced) = counting(1000, None);
        let mut pipeline = Pipeline::spawn(source, 4);
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        // 4 queued plus the one waiting to be sent.
        assert!(produced.load(Ordering::SeqCst) <= 5);
        assert!(pipeline.next().await.unwrap().is_some());
        pipeline.stop();
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn an_error_is_delivered_after_the_batches_before_it() {
        let (source, _) = counting(10, Some(2));
        let mut pipeline = Pipeline::spawn(source, 8);
        assert!(pipeline.next().await.unwrap().is_some());
        assert!(pipeline.next().await.unwrap().is_some());
        assert!(pipeline.next().await.is_err());
        assert!(pipeline.next().await.unwrap().is_none());
    }

    #[test]
    fn the_queue_holds_max_queue_size_records() {
        assert_eq!(queue_batches(8192, 2048), 4);
        assert_eq!(queue_batches(100, 2048), 1);
        assert_eq!(queue_batches(8192, 0), 8192);
    }
}
