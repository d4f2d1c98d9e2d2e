//! Kafka emitter: records produced with librdkafka (through rdkafka's `FutureProducer`).
//!
//! Owns the producer's lifecycle, the idempotent, ordered enqueueing of a batch (with
//! back-off while librdkafka's queue is full), the wait for every broker
//! acknowledgement and, for exactly-once delivery, the Kafka transaction around a
//! batch and its offset record. It must not translate configuration: it takes
//! librdkafka `(key, value)` settings, which `engine::config` builds from the connector
//! file.
//!
//! Producer settings: `enable.idempotence=true` always (no duplicates or reordering
//! from retries); `partitioner=murmur2_random` by default, the Java client's key
//! hashing, so a key lands in the partition Debezium (Kafka Connect) would choose.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;

use rdkafka::ClientConfig;
use rdkafka::error::{KafkaError, RDKafkaErrorCode};
use rdkafka::message::{Header, OwnedHeaders};
use rdkafka::producer::{DeliveryFuture, FutureProducer, FutureRecord, Producer};
use rdkafka::util::Timeout;

use super::{EmitError, EmitFuture, Emitter, Record};

/// Settings applied before the caller's (which may override them).
const DEFAULTS: &[(&str, &str)] = &[("linger.ms", "5"), ("partitioner", "murmur2_random")];

/// How long `init_transactions`/`commit_transaction` may take.
const TRANSACTION_TIMEOUT: Duration = Duration::from_secs(60);

/// How long `close` waits for librdkafka to flush.
const CLOSE_FLUSH_TIMEOUT: Duration = Duration::from_secs(30);

/// Pause before retrying an enqueue when librdkafka's queue is full and nothing of this
/// batch is in flight to wait for.
const QUEUE_FULL_BACKOFF: Duration = Duration::from_millis(5);

/// Produces records to Kafka; `emit` resolves when the brokers acknowledged all of them.
///
/// The producer is idempotent (`enable.idempotence=true` is forced): with it librdkafka
/// keeps the per-partition order of a batch across retries, which the offsets rely on.
pub struct KafkaEmitter {
    producer: FutureProducer,
    transactional: bool,
    /// Headers added after each change record's own (Debezium's
    /// `__debezium.context.*`); not on offset records.
    context_headers: Vec<super::RecordHeader>,
}

impl std::fmt::Debug for KafkaEmitter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KafkaEmitter").finish_non_exhaustive()
    }
}

impl KafkaEmitter {
    /// A producer configured with librdkafka `settings` (e.g. from
    /// `ConnectorConfig::kafka_producer_settings`), on top of `linger.ms=5`, with
    /// `enable.idempotence=true`.
    pub fn new<K: AsRef<str>, V: AsRef<str>>(
        settings: &[(K, V)],
    ) -> Result<KafkaEmitter, EmitError> {
        let mut config = ClientConfig::new();
        for (key, value) in DEFAULTS {
            config.set(*key, *value);
        }
        for (key, value) in settings {
            config.set(key.as_ref(), value.as_ref());
        }
        config.set("enable.idempotence", "true");
        let producer = config
            .create::<FutureProducer>()
            .map_err(|e| EmitError::KafkaConfig(e.to_string()))?;
        Ok(KafkaEmitter {
            producer,
            transactional: false,
            context_headers: Vec::new(),
        })
    }

    /// Adds `headers` to every change record after its own headers, as Kafka Connect
    /// adds Debezium's context headers (`extended.headers.enabled`).
    pub fn with_context_headers(mut self, headers: Vec<super::RecordHeader>) -> KafkaEmitter {
        self.context_headers = headers;
        self
    }

    /// A transactional producer (`transactional.id`), for exactly-once delivery with
    /// [`emit_transaction`](Self::emit_transaction). Initializing the transactions
    /// fences a previous producer with the same id (a crashed run) and aborts its
    /// open transaction, so its records are never seen by `read_committed` consumers.
    /// Blocks until the transaction coordinator answered.
    pub fn transactional<K: AsRef<str>, V: AsRef<str>>(
        settings: &[(K, V)],
        transactional_id: &str,
    ) -> Result<KafkaEmitter, EmitError> {
        let mut with_id: Vec<(String, String)> = settings
            .iter()
            .map(|(k, v)| (k.as_ref().to_owned(), v.as_ref().to_owned()))
            .collect();
        with_id.push(("transactional.id".into(), transactional_id.to_owned()));
        let mut emitter = KafkaEmitter::new(&with_id)?;
        emitter
            .producer
            .init_transactions(TRANSACTION_TIMEOUT)
            .map_err(|e| EmitError::KafkaTransaction(format!("initializing transactions: {e}")))?;
        emitter.transactional = true;
        Ok(emitter)
    }

    /// Writes `batch` and then `offset` (the offsets-topic record of the offset after
    /// the batch) in one Kafka transaction, committed when this returns: consumers
    /// reading `read_committed` see both or neither. On failure the transaction is
    /// aborted.
    pub async fn emit_transaction(
        &mut self,
        batch: &[Record],
        offset: &Record,
    ) -> Result<(), EmitError> {
        if !self.transactional {
            return Err(EmitError::KafkaTransaction(
                "the producer was not created with KafkaEmitter::transactional".into(),
            ));
        }
        self.producer
            .begin_transaction()
            .map_err(|e| EmitError::KafkaTransaction(format!("beginning a transaction: {e}")))?;
        let delivered = match self.deliver(batch, true).await {
            Ok(()) => self.deliver(std::slice::from_ref(offset), false).await,
            Err(e) => Err(e),
        };
        let producer = self.producer.clone();
        tokio::task::spawn_blocking(move || match delivered {
            Ok(()) => producer
                .commit_transaction(TRANSACTION_TIMEOUT)
                .map_err(|e| EmitError::KafkaTransaction(format!("committing: {e}"))),
            Err(e) => {
                // Best effort: a failed abort leaves the transaction to time out,
                // and the next producer with this id fences it anyway.
                let _ = producer.abort_transaction(TRANSACTION_TIMEOUT);
                Err(e)
            }
        })
        .await
        .map_err(|e| EmitError::KafkaTransaction(format!("commit task failed: {e}")))?
    }

    /// Enqueues `batch` in order, then waits for every delivery report.
    async fn deliver(&self, batch: &[Record], with_context: bool) -> Result<(), EmitError> {
        let context: &[super::RecordHeader] = if with_context {
            &self.context_headers
        } else {
            &[]
        };
        let mut in_flight: VecDeque<(Arc<str>, DeliveryFuture)> =
            VecDeque::with_capacity(batch.len());
        for record in batch {
            let mut future_record = FutureRecord::<[u8], [u8]>::to(&record.topic);
            if let Some(key) = &record.key {
                future_record = future_record.key(key);
            }
            if let Some(value) = &record.value {
                future_record = future_record.payload(value);
            }
            if !record.headers.is_empty() || !context.is_empty() {
                let headers = record.headers.iter().chain(context).fold(
                    OwnedHeaders::new_with_capacity(record.headers.len() + context.len()),
                    |headers, header| {
                        headers.insert(Header {
                            key: &header.name,
                            value: Some(header.value.as_ref()),
                        })
                    },
                );
                future_record = future_record.headers(headers);
            }
            loop {
                match self.producer.send_result(future_record) {
                    Ok(delivery) => {
                        in_flight.push_back((record.topic.clone(), delivery));
                        break;
                    }
                    Err((KafkaError::MessageProduction(RDKafkaErrorCode::QueueFull), returned)) => {
                        future_record = returned;
                        match in_flight.pop_front() {
                            Some((topic, delivery)) => await_delivery(&topic, delivery).await?,
                            None => tokio::time::sleep(QUEUE_FULL_BACKOFF).await,
                        }
                    }
                    Err((error, _)) => {
                        return Err(EmitError::KafkaDelivery {
                            topic: record.topic.to_string(),
                            reason: format!("enqueueing failed: {error}"),
                        });
                    }
                }
            }
        }
        while let Some((topic, delivery)) = in_flight.pop_front() {
            await_delivery(&topic, delivery).await?;
        }
        Ok(())
    }
}

async fn await_delivery(topic: &str, delivery: DeliveryFuture) -> Result<(), EmitError> {
    match delivery.await {
        Ok(Ok(_)) => Ok(()),
        Ok(Err((error, _))) => Err(EmitError::KafkaDelivery {
            topic: topic.to_string(),
            reason: error.to_string(),
        }),
        Err(_) => Err(EmitError::KafkaDelivery {
            topic: topic.to_string(),
            reason: "the producer was dropped before the delivery report arrived".into(),
        }),
    }
}

impl Emitter for KafkaEmitter {
    fn emit<'a>(&'a mut self, batch: &'a [Record]) -> EmitFuture<'a> {
        Box::pin(self.deliver(batch, true))
    }

    /// Flushes what is still queued (nothing after a successful `emit`), off the async
    /// threads because librdkafka's flush blocks.
    fn close(&mut self) -> EmitFuture<'_> {
        let producer = self.producer.clone();
        Box::pin(async move {
            let flushed = tokio::task::spawn_blocking(move || {
                producer.flush(Timeout::After(CLOSE_FLUSH_TIMEOUT))
            })
            .await
            .map_err(|e| EmitError::KafkaConfig(format!("flush task failed: {e}")))?;
            flushed.map_err(|e| EmitError::KafkaDelivery {
                topic: "(all)".into(),
                reason: format!("flush at close failed: {e}"),
            })
        })
    }
}
