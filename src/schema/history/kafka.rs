//! `KafkaSchemaHistory`: the history in a single-partition Kafka topic
//! (`schema.history.internal.kafka.topic`), one JSON record per message, as Debezium's
//! `KafkaSchemaHistory` keeps it.
//!
//! Owns writing a record and waiting for the broker's acknowledgement, and reading
//! partition 0 from the beginning to the end offset seen at the start of a recovery.
//! It must not translate settings: the engine hands it librdkafka settings
//! (`ConnectorConfig::kafka_producer_settings`/`history_consumer_settings`). Calls
//! block the calling thread (as Debezium's blocking `send().get()` does); DDL is rare.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::error::{KafkaError, RDKafkaErrorCode};
use rdkafka::message::DeliveryResult;
use rdkafka::producer::{BaseProducer, BaseRecord, Producer, ProducerContext};
use rdkafka::{ClientConfig, ClientContext, Message, Offset, TopicPartitionList};

use super::{HistoryError, HistoryRecord, SchemaHistory};

/// The only partition of the history topic.
const PARTITION: i32 = 0;

/// Remembers the first delivery failure of a record (librdkafka reports it to the
/// producer's context, not to `send`).
#[derive(Default)]
struct DeliveryReport {
    failure: Mutex<Option<String>>,
}

impl ClientContext for DeliveryReport {}

impl ProducerContext for DeliveryReport {
    type DeliveryOpaque = ();

    fn delivery(&self, result: &DeliveryResult<'_>, _opaque: ()) {
        if let Err((error, _)) = result {
            let mut failure = self.failure.lock().unwrap_or_else(|p| p.into_inner());
            failure.get_or_insert_with(|| error.to_string());
        }
    }
}

/// The schema history in a Kafka topic with one partition.
pub struct KafkaSchemaHistory {
    topic: String,
    producer_settings: Vec<(String, String)>,
    consumer_settings: Vec<(String, String)>,
    producer: Option<BaseProducer<DeliveryReport>>,
    timeout: Duration,
}

impl KafkaSchemaHistory {
    /// A history in `topic`, written with the librdkafka `producer_settings` and read
    /// with `consumer_settings` (both need `bootstrap.servers`). Nothing connects
    /// before the first record or recovery.
    pub fn new(
        topic: impl Into<String>,
        producer_settings: Vec<(String, String)>,
        consumer_settings: Vec<(String, String)>,
    ) -> Self {
        KafkaSchemaHistory {
            topic: topic.into(),
            producer_settings,
            consumer_settings,
            producer: None,
            timeout: Duration::from_secs(30),
        }
    }

    /// How long a record may wait for its acknowledgement, and a recovery for the
    /// broker (default 30 s).
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The topic.
    pub fn topic(&self) -> &str {
        &self.topic
    }

    fn error(&self, what: &str, e: impl std::fmt::Display) -> HistoryError {
        HistoryError::Kafka {
            topic: self.topic.clone(),
            reason: format!("{what}: {e}"),
        }
    }

    fn producer(&mut self) -> Result<&BaseProducer<DeliveryReport>, HistoryError> {
        if self.producer.is_none() {
            let mut config = ClientConfig::new();
            for (key, value) in &self.producer_settings {
                config.set(key, value);
            }
            let producer = config
                .create_with_context(DeliveryReport::default())
                .map_err(|e| self.error("creating the history producer", e))?;
            self.producer = Some(producer);
        }
        self.producer
            .as_ref()
            .ok_or_else(|| self.error("creating the history producer", "no producer"))
    }

    fn consumer(&self) -> Result<BaseConsumer, HistoryError> {
        let mut config = ClientConfig::new();
        for (key, value) in &self.consumer_settings {
            config.set(key, value);
        }
        // Recovery reads by assignment and never commits: a group id is only needed
        // because librdkafka's consumer insists on one.
        if !self.consumer_settings.iter().any(|(k, _)| k == "group.id") {
            config.set("group.id", format!("{}-recovery", self.topic));
        }
        config
            .set("enable.auto.commit", "false")
            .set("enable.partition.eof", "false")
            .set("auto.offset.reset", "earliest")
            .create()
            .map_err(|e| self.error("creating the history consumer", e))
    }

    /// Debezium refuses a history topic of several partitions: the order of the
    /// records would be lost.
    fn check_single_partition(&self, consumer: &BaseConsumer) -> Result<(), HistoryError> {
        let metadata = consumer
            .fetch_metadata(Some(&self.topic), self.timeout)
            .map_err(|e| self.error("reading the topic's metadata", e))?;
        let partitions = metadata
            .topics()
            .iter()
            .find(|t| t.name() == self.topic)
            .map_or(0, |t| t.partitions().len());
        if partitions > 1 {
            return Err(self.error(
                "recovery",
                format!(
                    "the topic has {partitions} partitions but a schema history topic must have \
                     exactly one (records of several partitions have no order)"
                ),
            ));
        }
        Ok(())
    }

    /// Low and high watermarks of partition 0; `(0, 0)` when the topic does not exist.
    fn watermarks(&self, consumer: &BaseConsumer) -> Result<(i64, i64), HistoryError> {
        match consumer.fetch_watermarks(&self.topic, PARTITION, self.timeout) {
            Ok(marks) => Ok(marks),
            Err(KafkaError::MetadataFetch(
                RDKafkaErrorCode::UnknownTopicOrPartition | RDKafkaErrorCode::UnknownPartition,
            )) => Ok((0, 0)),
            Err(e) => Err(self.error("reading the end offset of partition 0", e)),
        }
    }
}

impl SchemaHistory for KafkaSchemaHistory {
    fn record(&mut self, record: &HistoryRecord) -> Result<(), HistoryError> {
        let json = record
            .to_json()
            .map_err(|e| self.error("serializing a record", e))?;
        let topic = self.topic.clone();
        let timeout = self.timeout;
        let producer = self.producer()?;
        producer
            .send(
                BaseRecord::<(), str, ()>::to(&topic)
                    .partition(PARTITION)
                    .payload(&json),
            )
            .map_err(|(e, _)| HistoryError::Kafka {
                topic: topic.clone(),
                reason: format!("sending a record: {e}"),
            })?;
        let flushed = producer.flush(timeout);
        let failure = producer
            .context()
            .failure
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take();
        if let Some(reason) = failure {
            return Err(self.error("a record was not delivered", reason));
        }
        flushed.map_err(|e| self.error("waiting for the acknowledgement of a record", e))
    }

    fn load(&mut self) -> Result<Vec<HistoryRecord>, HistoryError> {
        let consumer = self.consumer()?;
        self.check_single_partition(&consumer)?;
        let (low, high) = self.watermarks(&consumer)?;
        if high <= low {
            return Ok(Vec::new());
        }
        let mut assignment = TopicPartitionList::new();
        assignment
            .add_partition_offset(&self.topic, PARTITION, Offset::Offset(low))
            .map_err(|e| self.error("assigning partition 0", e))?;
        consumer
            .assign(&assignment)
            .map_err(|e| self.error("assigning partition 0", e))?;
        let mut records = Vec::new();
        let mut next = low;
        let deadline = Instant::now() + self.timeout;
        while next < high {
            if Instant::now() > deadline {
                return Err(self.error(
                    "recovery",
                    format!(
                        "read up to offset {next} of {high} within {:?}",
                        self.timeout
                    ),
                ));
            }
            let Some(message) = consumer.poll(Duration::from_millis(500)) else {
                continue;
            };
            let message = message.map_err(|e| self.error("reading partition 0", e))?;
            next = message.offset() + 1;
            let Some(payload) = message.payload() else {
                continue;
            };
            let index = usize::try_from(message.offset() - low + 1).unwrap_or(usize::MAX);
            let record =
                HistoryRecord::from_json(payload).map_err(|source| HistoryError::Corrupt {
                    store: format!(
                        "topic {} partition 0 offset {}",
                        self.topic,
                        message.offset()
                    ),
                    index,
                    source,
                })?;
            records.push(record);
        }
        Ok(records)
    }
}

#[cfg(test)]
mod tests {
    use rdkafka::mocking::MockCluster;

    use super::*;

    fn record(pos: u64, ddl: &str) -> HistoryRecord {
        crate::schema::history::test_record(pos, ddl)
    }

    fn history(
        cluster: &MockCluster<'_, rdkafka::producer::DefaultProducerContext>,
        topic: &str,
    ) -> KafkaSchemaHistory {
        let settings = vec![("bootstrap.servers".to_owned(), cluster.bootstrap_servers())];
        KafkaSchemaHistory::new(topic, settings.clone(), settings)
            .with_timeout(Duration::from_secs(10))
    }

    #[test]
    fn records_read_back_in_order_from_partition_zero() {
        let cluster = MockCluster::new(1).unwrap_or_else(|e| panic!("mock cluster: {e}"));
        cluster
            .create_topic("history", 1, 1)
            .unwrap_or_else(|e| panic!("create topic: {e}"));
        let mut writer = history(&cluster, "history");
        assert!(!writer.exists().unwrap_or(true), "empty topic");
        let written: Vec<HistoryRecord> = (1..=3)
            .map(|i| record(i * 100, &format!("CREATE TABLE t{i} (id INT)")))
            .collect();
        for r in &written {
            writer.record(r).unwrap_or_else(|e| panic!("record: {e}"));
        }
        let read = history(&cluster, "history")
            .load()
            .unwrap_or_else(|e| panic!("load: {e}"));
        assert_eq!(read, written);
    }

    #[test]
    fn topic_of_several_partitions_is_refused() {
        let cluster = MockCluster::new(1).unwrap_or_else(|e| panic!("mock cluster: {e}"));
        cluster
            .create_topic("spread", 3, 1)
            .unwrap_or_else(|e| panic!("create topic: {e}"));
        let message = history(&cluster, "spread")
            .load()
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(message.contains("3 partitions"), "{message}");
    }

    #[test]
    fn unreachable_broker_is_an_error_naming_the_topic() {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .unwrap_or(1);
        let settings = vec![("bootstrap.servers".to_owned(), format!("127.0.0.1:{port}"))];
        let mut history = KafkaSchemaHistory::new("h", settings.clone(), settings)
            .with_timeout(Duration::from_secs(2));
        let message = history
            .record(&record(1, "CREATE DATABASE shop"))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(message.contains("schema history topic h"), "{message}");
    }
}
