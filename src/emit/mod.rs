//! Emitters: where serialized change records go (stdout, Kafka, an in-process channel).
//!
//! Owns the [`Emitter`] trait and its implementations. An emitter delivers records
//! that `format` already serialized; it never looks inside them. `emit` returns only
//! once every record of the batch is acknowledged by the destination, because the
//! engine commits offsets on that promise.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use bytes::Bytes;

mod channel;
#[cfg(feature = "kafka")]
mod kafka;
mod line;

pub use channel::ChannelEmitter;
#[cfg(feature = "kafka")]
pub use kafka::KafkaEmitter;
pub use line::{LineEmitter, StdoutEmitter};

/// One serialized change record: a Kafka record without partition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// Destination topic (`<prefix>.<db>.<table>`, `<prefix>`, ...).
    pub topic: Arc<str>,
    /// Serialized key; `None` for tables without a primary key.
    pub key: Option<Bytes>,
    /// Serialized value; `None` for a tombstone.
    pub value: Option<Bytes>,
    /// Kafka record headers, in order (e.g. Debezium's `__debezium.oldkey` /
    /// `__debezium.newkey` of a primary-key change); usually empty.
    pub headers: Vec<RecordHeader>,
}

impl Record {
    /// A record without headers.
    pub fn new(topic: Arc<str>, key: Option<Bytes>, value: Option<Bytes>) -> Self {
        Record {
            topic,
            key,
            value,
            headers: Vec::new(),
        }
    }
}

/// One Kafka record header: a name and the serialized value (as Kafka Connect's
/// header converter wrote it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordHeader {
    /// Header name.
    pub name: Arc<str>,
    /// Header value bytes.
    pub value: Bytes,
}

/// A boxed future returned by [`Emitter`] methods (object-safe async).
pub type EmitFuture<'a> = Pin<Box<dyn Future<Output = Result<(), EmitError>> + Send + 'a>>;

/// A destination for serialized change records.
pub trait Emitter: Send {
    /// Delivers `batch` in order. Resolves once every record is acknowledged by the
    /// destination (written and flushed, or acked by the Kafka brokers); an error
    /// means some records may not have been delivered and none count as done.
    fn emit<'a>(&'a mut self, batch: &'a [Record]) -> EmitFuture<'a>;

    /// Flushes and releases the destination; called once at shutdown.
    fn close(&mut self) -> EmitFuture<'_>;
}

/// Errors of the emit layer.
#[derive(Debug, thiserror::Error)]
pub enum EmitError {
    /// Writing to a local stream or file failed.
    #[error("writing records to {target} failed: {source}")]
    Io {
        /// What was written to (e.g. `stdout`).
        target: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The Kafka client refused the configuration.
    #[error("Kafka configuration rejected: {0}")]
    KafkaConfig(String),
    /// A record was not delivered to Kafka.
    #[error("Kafka delivery to topic {topic} failed: {reason}")]
    KafkaDelivery {
        /// Topic of the failed record.
        topic: String,
        /// librdkafka's reason.
        reason: String,
    },
    /// A Kafka transaction (exactly-once delivery) failed; nothing of it is visible
    /// to `read_committed` consumers.
    #[error("Kafka transaction failed: {0}")]
    KafkaTransaction(String),
    /// The receiving side of a channel emitter is gone.
    #[error("the receiver of the change-event channel was dropped")]
    ChannelClosed,
}
