//! `KafkaOffsetBackingStore`: offsets in Kafka Connect's offsets topic, so a Debezium
//! deployment's offsets can be taken over (and handed back).
//!
//! Owns the topic layout Kafka Connect uses: one record per commit, key
//! `["<connector name>",{"server":"<topic.prefix>"}]` and value the offset map, both as
//! schemaless JSON (`JsonConverter`, `schemas.enable=false`), in a compacted topic of
//! `offset.storage.partitions` partitions; the partition is chosen from the key with
//! Java's murmur2 (librdkafka `partitioner=murmur2_random`), so a key lands where Kafka
//! Connect puts it. Loading reads every partition to its end (`read_committed`: an
//! aborted exactly-once transaction's offset is not seen) and keeps the last value of
//! the key; a `null` value (tombstone) clears it. It must not translate settings: the
//! engine hands it librdkafka settings. Calls block the calling thread, like the file
//! store's fsync.

use std::time::{Duration, Instant};

use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
use rdkafka::client::DefaultClientContext;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::error::RDKafkaErrorCode;
use rdkafka::producer::{BaseProducer, BaseRecord, Producer};
use rdkafka::{ClientConfig, Message, Offset, TopicPartitionList};

use super::{OffsetError, OffsetRecord, OffsetStore, SourceOffset, connect_partition_key};

/// Offsets in a Kafka Connect offsets topic.
pub struct KafkaOffsetStore {
    topic: String,
    key: Vec<u8>,
    partitions: i32,
    replication_factor: i32,
    producer_settings: Vec<(String, String)>,
    consumer_settings: Vec<(String, String)>,
    producer: Option<BaseProducer>,
    timeout: Duration,
}

impl std::fmt::Debug for KafkaOffsetStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KafkaOffsetStore")
            .field("topic", &self.topic)
            .field("key", &String::from_utf8_lossy(&self.key))
            .finish_non_exhaustive()
    }
}

impl KafkaOffsetStore {
    /// The offsets of connector `name` with `topic.prefix` `server` in `topic`, written
    /// with the librdkafka `producer_settings` and read with `consumer_settings` (both
    /// need `bootstrap.servers`). A missing topic is created (compacted, `partitions`,
    /// `replication_factor`) at the first commit, as Kafka Connect creates it.
    pub fn new(
        topic: impl Into<String>,
        name: &str,
        server: &str,
        producer_settings: Vec<(String, String)>,
        consumer_settings: Vec<(String, String)>,
    ) -> Self {
        KafkaOffsetStore {
            topic: topic.into(),
            key: connect_partition_key(name, server),
            partitions: 25,
            replication_factor: 3,
            producer_settings,
            consumer_settings,
            producer: None,
            timeout: Duration::from_secs(30),
        }
    }

    /// `offset.storage.partitions` and `offset.storage.replication.factor` for creating
    /// the topic (defaults 25 and 3, as Kafka Connect's).
    pub fn with_topic_layout(mut self, partitions: i32, replication_factor: i32) -> Self {
        self.partitions = partitions;
        self.replication_factor = replication_factor;
        self
    }

    /// How long a commit may wait for its acknowledgement and a load for the broker.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The topic.
    pub fn topic(&self) -> &str {
        &self.topic
    }

    fn error(&self, what: &str, e: impl std::fmt::Display) -> OffsetError {
        OffsetError::Kafka {
            topic: self.topic.clone(),
            reason: format!("{what}: {e}"),
        }
    }

    fn client_config(settings: &[(String, String)]) -> ClientConfig {
        let mut config = ClientConfig::new();
        for (key, value) in settings {
            config.set(key, value);
        }
        config
    }

    fn consumer(&self) -> Result<BaseConsumer, OffsetError> {
        let mut config = Self::client_config(&self.consumer_settings);
        // Read by assignment, never committed: librdkafka insists on a group id.
        if !self.consumer_settings.iter().any(|(k, _)| k == "group.id") {
            config.set("group.id", format!("{}-offsets-reader", self.topic));
        }
        config
            .set("enable.auto.commit", "false")
            .set("enable.partition.eof", "false")
            .set("auto.offset.reset", "earliest")
            .set("isolation.level", "read_committed")
            .create()
            .map_err(|e| self.error("creating the offsets consumer", e))
    }

    /// Creates the topic when missing (compacted), as Kafka Connect's `TopicAdmin` does.
    fn ensure_topic(&self) -> Result<(), OffsetError> {
        // A consumer's metadata request does not auto-create the topic.
        if !self.partition_ids(&self.consumer()?)?.is_empty() {
            return Ok(());
        }
        let admin: AdminClient<DefaultClientContext> = Self::client_config(&self.producer_settings)
            .create()
            .map_err(|e| self.error("creating the admin client", e))?;
        let topic = NewTopic::new(
            &self.topic,
            self.partitions,
            TopicReplication::Fixed(self.replication_factor),
        )
        .set("cleanup.policy", "compact");
        let options = AdminOptions::new().operation_timeout(Some(self.timeout));
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| self.error("creating the topic", e))?;
        let results = std::thread::scope(|scope| {
            scope
                .spawn(|| runtime.block_on(admin.create_topics([&topic], &options)))
                .join()
        })
        .map_err(|_| self.error("creating the topic", "the admin thread panicked"))?
        .map_err(|e| self.error("creating the topic", e))?;
        for result in results {
            match result {
                Ok(_) | Err((_, RDKafkaErrorCode::TopicAlreadyExists)) => {}
                Err((_, code)) => return Err(self.error("creating the topic", code)),
            }
        }
        Ok(())
    }

    fn producer(&mut self) -> Result<&BaseProducer, OffsetError> {
        if self.producer.is_none() {
            self.ensure_topic()?;
            let mut config = Self::client_config(&self.producer_settings);
            // Commits must land in order (a later offset never overwritten by a retried
            // earlier one): one request in flight. Idempotence is not needed — a
            // repeated offset record is harmless — and librdkafka's mock cluster was
            // seen never acknowledging an idempotent offsets producer after many
            // fenced transactional producers.
            config
                .set("enable.idempotence", "false")
                .set("max.in.flight.requests.per.connection", "1")
                .set("acks", "all")
                .set("partitioner", "murmur2_random");
            let producer = config
                .create()
                .map_err(|e| self.error("creating the offsets producer", e))?;
            self.producer = Some(producer);
        }
        self.producer
            .as_ref()
            .ok_or_else(|| self.error("creating the offsets producer", "no producer"))
    }

    /// Partition numbers of the topic; empty when it does not exist.
    fn partition_ids(&self, consumer: &BaseConsumer) -> Result<Vec<i32>, OffsetError> {
        let metadata = consumer
            .fetch_metadata(Some(&self.topic), self.timeout)
            .map_err(|e| self.error("reading the topic's metadata", e))?;
        Ok(metadata
            .topics()
            .iter()
            .filter(|t| t.name() == self.topic && t.error().is_none())
            .flat_map(|t| t.partitions().iter().map(|p| p.id()))
            .collect())
    }
}

impl OffsetStore for KafkaOffsetStore {
    fn load(&self) -> Result<Option<SourceOffset>, OffsetError> {
        let consumer = self.consumer()?;
        let mut ends = Vec::new();
        let mut assignment = TopicPartitionList::new();
        for partition in self.partition_ids(&consumer)? {
            let (low, high) = consumer
                .fetch_watermarks(&self.topic, partition, self.timeout)
                .map_err(|e| self.error(&format!("reading the end of partition {partition}"), e))?;
            if high > low {
                ends.push((partition, high));
                assignment
                    .add_partition_offset(&self.topic, partition, Offset::Offset(low))
                    .map_err(|e| self.error("assigning partitions", e))?;
            }
        }
        if ends.is_empty() {
            return Ok(None);
        }
        consumer
            .assign(&assignment)
            .map_err(|e| self.error("assigning partitions", e))?;
        let wanted: Option<serde_json::Value> = serde_json::from_slice(&self.key).ok();
        let mut latest: Option<Option<Vec<u8>>> = None;
        let deadline = Instant::now() + self.timeout;
        // With read_committed the high watermark may never be reached by messages
        // (transaction markers occupy offsets): the consumer's position is checked.
        while !ends.is_empty() {
            if Instant::now() > deadline {
                return Err(self.error(
                    "loading",
                    format!(
                        "partitions {ends:?} not read to their end within {:?}",
                        self.timeout
                    ),
                ));
            }
            if let Some(message) = consumer.poll(Duration::from_millis(100)) {
                let message = message.map_err(|e| self.error("reading", e))?;
                let key: Option<serde_json::Value> =
                    message.key().and_then(|k| serde_json::from_slice(k).ok());
                if key.is_some() && key == wanted {
                    latest = Some(message.payload().map(<[u8]>::to_vec));
                }
            }
            let positions = consumer
                .position()
                .map_err(|e| self.error("reading the consumer position", e))?;
            ends.retain(|(partition, high)| {
                let at = positions
                    .find_partition(&self.topic, *partition)
                    .and_then(|p| match p.offset() {
                        Offset::Offset(o) => Some(o),
                        _ => None,
                    })
                    .unwrap_or(0);
                at < *high
            });
        }
        match latest.flatten() {
            None => Ok(None),
            Some(value) => serde_json::from_slice(&value).map(Some).map_err(|source| {
                OffsetError::CorruptRecord {
                    topic: self.topic.clone(),
                    key: String::from_utf8_lossy(&self.key).into_owned(),
                    source,
                }
            }),
        }
    }

    fn commit(&mut self, offset: &SourceOffset) -> Result<(), OffsetError> {
        let record = self.record(offset).ok_or_else(|| {
            self.error("serializing the offset", "the offset is not a JSON object")
        })?;
        let timeout = self.timeout;
        let topic = self.topic.clone();
        let producer = self.producer()?;
        producer
            .send(
                BaseRecord::to(&topic)
                    .key(&record.key)
                    .payload(&record.value),
            )
            .map_err(|(e, _)| OffsetError::Kafka {
                topic: topic.clone(),
                reason: format!("sending the offset: {e}"),
            })?;
        producer.flush(timeout).map_err(|e| OffsetError::Kafka {
            topic,
            reason: format!("waiting for the acknowledgement of the offset: {e}"),
        })
    }

    fn record(&self, offset: &SourceOffset) -> Option<OffsetRecord> {
        Some(OffsetRecord {
            topic: self.topic.clone(),
            key: self.key.clone(),
            value: serde_json::to_vec(offset).ok()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use rdkafka::mocking::MockCluster;

    use super::*;

    fn offset(pos: u64) -> SourceOffset {
        SourceOffset {
            file: "mariadb-bin.000003".into(),
            pos,
            event: 2,
            row: 1,
            gtids: Some("0-1-42".into()),
            ts_sec: 1_700_000_000,
            server_id: 1,
            snapshot: None,
        }
    }

    fn store(bootstrap: &str, name: &str) -> KafkaOffsetStore {
        let settings = vec![("bootstrap.servers".to_owned(), bootstrap.to_owned())];
        KafkaOffsetStore::new("connect-offsets", name, "shop", settings.clone(), settings)
            .with_topic_layout(5, 1)
            .with_timeout(Duration::from_secs(20))
    }

    /// Records written the way Kafka Connect writes them (another connector's key, a
    /// record from another producer, then a tombstone) are read back per key.
    #[test]
    fn last_value_of_the_connectors_key_wins() {
        let cluster = MockCluster::new(1).unwrap_or_else(|e| panic!("mock cluster: {e}"));
        let bootstrap = cluster.bootstrap_servers();
        let mut ours = store(&bootstrap, "inventory");
        assert!(matches!(ours.load(), Ok(None)), "no topic yet");
        // The mock cluster does not answer CreateTopics: the topic is made here.
        cluster
            .create_topic("connect-offsets", 5, 1)
            .unwrap_or_else(|e| panic!("{e}"));
        ours.commit(&offset(100)).unwrap_or_else(|e| panic!("{e}"));
        let mut other = store(&bootstrap, "billing");
        other.commit(&offset(999)).unwrap_or_else(|e| panic!("{e}"));
        ours.commit(&offset(200)).unwrap_or_else(|e| panic!("{e}"));
        let producer: BaseProducer = ClientConfig::new()
            .set("bootstrap.servers", &bootstrap)
            .set("partitioner", "murmur2_random")
            .create()
            .unwrap_or_else(|e| panic!("{e}"));
        // What Kafka Connect's OffsetStorageWriter sends for this connector.
        let spaced = r#"["inventory",{"server":"shop"}]"#;
        let value = r#"{"file":"mariadb-bin.000004","pos":4}"#;
        producer
            .send(BaseRecord::to("connect-offsets").key(spaced).payload(value))
            .unwrap_or_else(|(e, _)| panic!("{e}"));
        producer
            .flush(Duration::from_secs(10))
            .unwrap_or_else(|e| panic!("{e}"));
        let loaded = store(&bootstrap, "inventory")
            .load()
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            loaded.map(|o| (o.file, o.pos)),
            Some(("mariadb-bin.000004".to_string(), 4))
        );
        let loaded = store(&bootstrap, "billing")
            .load()
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(loaded, Some(offset(999)));
        producer
            .send(BaseRecord::<str, ()>::to("connect-offsets").key(spaced))
            .unwrap_or_else(|(e, _)| panic!("{e}"));
        producer
            .flush(Duration::from_secs(10))
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            matches!(store(&bootstrap, "inventory").load(), Ok(None)),
            "tombstone"
        );
    }

    #[test]
    fn record_layout_is_kafka_connects() {
        let store = store("127.0.0.1:1", "inventory");
        let record = store.record(&offset(7)).unwrap_or_else(|| panic!("record"));
        assert_eq!(record.key, br#"["inventory",{"server":"shop"}]"#);
        let value: serde_json::Value =
            serde_json::from_slice(&record.value).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(value["file"], "mariadb-bin.000003");
        assert_eq!(value["pos"], 7);
        assert_eq!(value["event"], 2);
        assert_eq!(value["row"], 1);
    }
}
