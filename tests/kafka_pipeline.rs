//! The replayed change stream through the Kafka emitter into librdkafka's mock
//! cluster, consumed back, equals what the stdout sink writes for the same records —
//! topic by topic, record by record (keys, values, tombstones).
#![cfg(feature = "kafka")]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::mocking::MockCluster;
use rdkafka::{ClientConfig, Message, Offset, TopicPartitionList};
use tributary::emit::{Emitter, KafkaEmitter, LineEmitter, Record};
use tributary::engine::config::ConnectorConfig;
use tributary::engine::processor_options;
use tributary::engine::replay::Replay;

/// (key, value) JSON per topic, in order.
type PerTopic = BTreeMap<String, Vec<(serde_json::Value, serde_json::Value)>>;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("binlog-fixtures")
}

fn binlogs(scenario: &str) -> Vec<PathBuf> {
    let dir = fixtures().join("mariadb").join(scenario);
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

fn parse(bytes: Option<&[u8]>) -> serde_json::Value {
    bytes.map_or(serde_json::Value::Null, |b| {
        serde_json::from_slice(b).expect("record is JSON")
    })
}

/// The replayed records, and what the stdout sink writes for them, grouped by topic.
async fn replay_with_stdout_sink(
    config: &ConnectorConfig,
    files: Vec<PathBuf>,
) -> (Vec<Record>, PerTopic) {
    let mut replay = Replay::new(processor_options(config), files, None, 3);
    let mut records = Vec::new();
    while let Some(batch) = replay.next_batch().unwrap() {
        records.extend(batch.records);
    }
    let mut sink = LineEmitter::new(Vec::new(), "memory");
    sink.emit(&records).await.unwrap();
    let mut per_topic = PerTopic::new();
    for line in String::from_utf8(sink.into_inner().unwrap())
        .unwrap()
        .lines()
    {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let topic = v["topic"].as_str().unwrap().to_string();
        per_topic
            .entry(topic)
            .or_default()
            .push((v["key"].clone(), v["value"].clone()));
    }
    (records, per_topic)
}

fn consume(bootstrap: &str, topics: &[&String], expected: usize) -> PerTopic {
    let consumer: BaseConsumer = ClientConfig::new()
        .set("bootstrap.servers", bootstrap)
        .set("group.id", "kafka-pipeline-test")
        .set("enable.auto.commit", "false")
        .create()
        .unwrap();
    let mut assignment = TopicPartitionList::new();
    for topic in topics {
        assignment
            .add_partition_offset(topic, 0, Offset::Beginning)
            .unwrap();
    }
    consumer.assign(&assignment).unwrap();
    let mut out = PerTopic::new();
    let mut count = 0;
    let deadline = Instant::now() + Duration::from_secs(60);
    while count < expected && Instant::now() < deadline {
        if let Some(message) = consumer.poll(Duration::from_millis(200)) {
            let message = message.unwrap();
            out.entry(message.topic().to_string())
                .or_default()
                .push((parse(message.key()), parse(message.payload())));
            count += 1;
        }
    }
    out
}

/// Replays `scenario` once, sends the records to the stdout sink (into memory) and to
/// the Kafka emitter (a fresh mock cluster), and compares the read-back topic by topic.
async fn kafka_sink_equals_stdout_sink(scenario: &str) {
    let config = ConnectorConfig::load(fixtures().join("scenarios/connector.properties")).unwrap();
    let (records, expected) = replay_with_stdout_sink(&config, binlogs(scenario)).await;
    let total = records.len();
    assert!(
        total >= 8,
        "{scenario}: the replay produced only {total} records"
    );

    let cluster = MockCluster::new(1).unwrap();
    let bootstrap = cluster.bootstrap_servers();
    let topics: Vec<&String> = expected.keys().collect();
    for topic in &topics {
        cluster.create_topic(topic, 1, 1).unwrap();
    }
    let mut emitter =
        KafkaEmitter::new(&[("bootstrap.servers".to_string(), bootstrap.clone())]).unwrap();
    // Several emit/acknowledge rounds, in batches of 3.
    for batch in records.chunks(3) {
        emitter.emit(batch).await.unwrap();
    }
    emitter.close().await.unwrap();
    let actual = consume(&bootstrap, &topics, total);
    for topic in &topics {
        let (want, got) = (
            &expected[*topic],
            actual.get(*topic).cloned().unwrap_or_default(),
        );
        assert_eq!(
            got.len(),
            want.len(),
            "{scenario}: record count of topic {topic}"
        );
        for (i, (w, g)) in want.iter().zip(&got).enumerate() {
            assert!(
                w == g,
                "{scenario}: topic {topic} record {i} differs between Kafka and stdout"
            );
        }
    }
    assert_eq!(actual.len(), expected.len(), "{scenario}: topics read back");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seed_through_kafka_equals_stdout() {
    kafka_sink_equals_stdout_sink("seed").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn types_through_kafka_equals_stdout() {
    kafka_sink_equals_stdout_sink("types").await;
}
