//! The replayed change stream through the Kafka emitter into librdkafka's mock
//! cluster, consumed back, equals what the stdout sink prints — topic by topic, record
//! by record (key and value bytes, tombstones included).
#![cfg(feature = "kafka")]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::mocking::MockCluster;
use rdkafka::{ClientConfig, Message, Offset, TopicPartitionList};
use tributary::emit::KafkaEmitter;
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

/// What `tributary replay` prints on stdout, grouped by topic.
fn stdout_records(config: &Path, files: &[PathBuf]) -> PerTopic {
    let out = Command::new(env!("CARGO_BIN_EXE_tributary"))
        .arg("replay")
        .arg("--config")
        .arg(config)
        .args(files)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut per_topic = PerTopic::new();
    for line in String::from_utf8(out.stdout).unwrap().lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let topic = v["topic"].as_str().unwrap().to_string();
        per_topic
            .entry(topic)
            .or_default()
            .push((v["key"].clone(), v["value"].clone()));
    }
    per_topic
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

/// Replays `scenario` into a fresh mock cluster and compares the read-back with the
/// stdout sink's output.
async fn kafka_sink_equals_stdout_sink(scenario: &str) {
    let config_path = fixtures().join("scenarios/connector.properties");
    let config = ConnectorConfig::load(&config_path).unwrap();
    let files = binlogs(scenario);
    let expected = stdout_records(&config_path, &files);
    let total: usize = expected.values().map(Vec::len).sum();
    assert!(
        total >= 8,
        "{scenario}: the stdout replay produced only {total} records"
    );

    let cluster = MockCluster::new(1).unwrap();
    let bootstrap = cluster.bootstrap_servers();
    let topics: Vec<&String> = expected.keys().collect();
    for topic in &topics {
        cluster.create_topic(topic, 1, 1).unwrap();
    }
    let mut emitter =
        KafkaEmitter::new(&[("bootstrap.servers".to_string(), bootstrap.clone())]).unwrap();
    // Small batches, so several emit/acknowledge rounds happen.
    let mut replay = Replay::new(processor_options(&config), files, None, 3);
    let emitted = replay.run(&mut emitter).await.unwrap();
    assert_eq!(emitted as usize, total);
    let actual = consume(&bootstrap, &topics, total);
    assert_eq!(
        actual, expected,
        "{scenario}: Kafka read-back differs from stdout"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seed_through_kafka_equals_stdout() {
    kafka_sink_equals_stdout_sink("seed").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn types_through_kafka_equals_stdout() {
    kafka_sink_equals_stdout_sink("types").await;
}
