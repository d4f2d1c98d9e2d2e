//! Avro records (Confluent wire format) through the Kafka emitter into librdkafka's
//! mock cluster: what is consumed back is byte for byte what the AvroConverter wrote,
//! and the keys are the ones Debezium's AvroConverter wrote for the same binlog
//! (`binlog-fixtures/reference/avro-seed.stream.avro.jsonl`).
#![cfg(feature = "kafka")]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use base64::Engine as _;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::mocking::MockCluster;
use rdkafka::{ClientConfig, Message, Offset, TopicPartitionList};
use tributary::emit::{Emitter, KafkaEmitter};
use tributary::engine::config::{ConnectorConfig, parse_properties};
use tributary::engine::processor_options;
use tributary::engine::replay::Replay;

type Bytes = Option<Vec<u8>>;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("binlog-fixtures")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn avro_records_reach_kafka_unchanged() {
    let text = std::fs::read_to_string(fixtures().join("scenarios/connector.properties")).unwrap();
    let mut map = parse_properties(&text, "connector.properties").unwrap();
    for side in ["key", "value"] {
        map.insert(
            format!("{side}.converter"),
            "io.confluent.connect.avro.AvroConverter".into(),
        );
        map.insert(
            format!("{side}.converter.schema.registry.url"),
            "mock://avro-kafka".into(),
        );
    }
    let config = ConnectorConfig::from_properties(&map).unwrap();
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixtures().join("mariadb/avro-seed"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let mut replay = Replay::new(processor_options(&config), files, None, 3);
    let mut records = Vec::new();
    while let Some(batch) = replay.next_batch().unwrap() {
        records.extend(batch.records);
    }
    let mut expected: BTreeMap<String, Vec<(Bytes, Bytes)>> = BTreeMap::new();
    for r in &records {
        expected.entry(r.topic.to_string()).or_default().push((
            r.key.as_deref().map(<[u8]>::to_vec),
            r.value.as_deref().map(<[u8]>::to_vec),
        ));
    }

    let cluster = MockCluster::new(1).unwrap();
    let bootstrap = cluster.bootstrap_servers();
    for topic in expected.keys() {
        cluster.create_topic(topic, 1, 1).unwrap();
    }
    let mut emitter =
        KafkaEmitter::new(&[("bootstrap.servers".to_string(), bootstrap.clone())]).unwrap();
    for batch in records.chunks(3) {
        emitter.emit(batch).await.unwrap();
    }
    emitter.close().await.unwrap();

    let consumer: BaseConsumer = ClientConfig::new()
        .set("bootstrap.servers", &bootstrap)
        .set("group.id", "avro-kafka-test")
        .set("enable.auto.commit", "false")
        .create()
        .unwrap();
    let mut assignment = TopicPartitionList::new();
    for topic in expected.keys() {
        assignment
            .add_partition_offset(topic, 0, Offset::Beginning)
            .unwrap();
    }
    consumer.assign(&assignment).unwrap();
    let mut actual: BTreeMap<String, Vec<(Bytes, Bytes)>> = BTreeMap::new();
    let mut count = 0;
    let deadline = Instant::now() + Duration::from_secs(60);
    while count < records.len() && Instant::now() < deadline {
        if let Some(message) = consumer.poll(Duration::from_millis(200)) {
            let message = message.unwrap();
            actual
                .entry(message.topic().to_string())
                .or_default()
                .push((
                    message.key().map(<[u8]>::to_vec),
                    message.payload().map(<[u8]>::to_vec),
                ));
            count += 1;
        }
    }
    assert_eq!(actual, expected);

    // The keys are Debezium's (the oracle's first line is its snapshot's record).
    let reference =
        std::fs::read_to_string(fixtures().join("reference/avro-seed.stream.avro.jsonl")).unwrap();
    let oracle_keys: Vec<Bytes> = reference
        .lines()
        .skip(1)
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["key"]
                .as_str()
                .map(|k| base64::engine::general_purpose::STANDARD.decode(k).unwrap())
        })
        .collect();
    let our_keys: Vec<Bytes> = records
        .iter()
        .map(|r| r.key.as_deref().map(<[u8]>::to_vec))
        .collect();
    assert_eq!(our_keys, oracle_keys);
}
