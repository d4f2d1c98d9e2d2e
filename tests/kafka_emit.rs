//! `KafkaEmitter` against librdkafka's in-process mock brokers (`rdkafka::mocking`), and
//! against a closed port.
//!
//! Records are read back with a plain `BaseConsumer` assigned to partition 0 of each
//! topic from the beginning; the expected values are the records the test itself built.
#![cfg(feature = "kafka")]

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::mocking::MockCluster;
use rdkafka::{ClientConfig, Message, Offset, TopicPartitionList};
use tributary::emit::{EmitError, Emitter, KafkaEmitter, Record};

fn record(topic: &str, key: Option<&str>, value: Option<&str>) -> Record {
    Record {
        topic: Arc::from(topic),
        key: key.map(|k| Bytes::copy_from_slice(k.as_bytes())),
        value: value.map(|v| Bytes::copy_from_slice(v.as_bytes())),
        headers: Vec::new(),
    }
}

/// (key, value) as read back, per topic, in partition order.
type ReadBack = BTreeMap<String, Vec<(Option<Vec<u8>>, Option<Vec<u8>>)>>;

/// A consumer of partition 0 of each of `topics`, from the beginning.
fn consumer_from_start(bootstrap: &str, topics: &[&str], group: &str) -> BaseConsumer {
    let consumer: BaseConsumer = ClientConfig::new()
        .set("bootstrap.servers", bootstrap)
        .set("group.id", group)
        .set("enable.auto.commit", "false")
        .create()
        .unwrap_or_else(|e| panic!("consumer: {e}"));
    let mut assignment = TopicPartitionList::new();
    for topic in topics {
        assignment
            .add_partition_offset(topic, 0, Offset::Beginning)
            .unwrap_or_else(|e| panic!("assign {topic}: {e}"));
    }
    consumer
        .assign(&assignment)
        .unwrap_or_else(|e| panic!("assign: {e}"));
    consumer
}

fn read_back(bootstrap: &str, topics: &[&str], expected: usize) -> ReadBack {
    let consumer = consumer_from_start(bootstrap, topics, "kafka-emit-test");
    let mut out = ReadBack::new();
    let mut count = 0;
    let deadline = Instant::now() + Duration::from_secs(30);
    while count < expected && Instant::now() < deadline {
        match consumer.poll(Duration::from_millis(200)) {
            Some(Ok(message)) => {
                out.entry(message.topic().to_string()).or_default().push((
                    message.key().map(<[u8]>::to_vec),
                    message.payload().map(<[u8]>::to_vec),
                ));
                count += 1;
            }
            Some(Err(e)) => panic!("consume: {e}"),
            None => {}
        }
    }
    out
}

fn as_read_back(records: &[Record]) -> ReadBack {
    let mut out = ReadBack::new();
    for r in records {
        out.entry(r.topic.to_string()).or_default().push((
            r.key.as_ref().map(|b| b.to_vec()),
            r.value.as_ref().map(|b| b.to_vec()),
        ));
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn batch_to_two_topics_arrives_in_order_with_tombstone() {
    let cluster = MockCluster::new(1).unwrap_or_else(|e| panic!("mock cluster: {e}"));
    for topic in ["p.db.orders", "p"] {
        cluster
            .create_topic(topic, 1, 1)
            .unwrap_or_else(|e| panic!("create {topic}: {e}"));
    }
    let bootstrap = cluster.bootstrap_servers();
    let mut emitter = KafkaEmitter::new(&[
        ("bootstrap.servers", bootstrap.as_str()),
        ("compression.type", "zstd"),
    ])
    .unwrap_or_else(|e| panic!("emitter: {e}"));

    let mut batch = vec![record(
        "p",
        None,
        Some("{\"ddl\":\"CREATE TABLE orders (id INT)\"}"),
    )];
    for id in 1..=50 {
        let key = format!("{{\"id\":{id}}}");
        batch.push(record(
            "p.db.orders",
            Some(&key),
            Some(&format!("{{\"op\":\"c\",\"id\":{id}}}")),
        ));
    }
    batch.push(record(
        "p.db.orders",
        Some("{\"id\":7}"),
        Some("{\"op\":\"d\"}"),
    ));
    batch.push(record("p.db.orders", Some("{\"id\":7}"), None));
    batch.push(record("p", None, Some("{\"ddl\":\"DROP TABLE orders\"}")));

    emitter
        .emit(&batch)
        .await
        .unwrap_or_else(|e| panic!("emit: {e}"));
    let second = [record(
        "p.db.orders",
        Some("{\"id\":99}"),
        Some("{\"op\":\"c\"}"),
    )];
    emitter
        .emit(&second)
        .await
        .unwrap_or_else(|e| panic!("emit: {e}"));
    emitter
        .close()
        .await
        .unwrap_or_else(|e| panic!("close: {e}"));

    let all: Vec<Record> = batch.iter().chain(second.iter()).cloned().collect();
    let got = tokio::task::spawn_blocking(move || {
        read_back(&bootstrap, &["p.db.orders", "p"], all.len())
    })
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    let expected = as_read_back(
        &batch
            .iter()
            .chain(second.iter())
            .cloned()
            .collect::<Vec<_>>(),
    );
    assert_eq!(got, expected);
    let orders = got.get("p.db.orders").cloned().unwrap_or_default();
    assert_eq!(
        orders.get(51),
        Some(&(Some(b"{\"id\":7}".to_vec()), None)),
        "tombstone has a null payload"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unreachable_cluster_is_an_error_not_a_hang() {
    // Port 1 on loopback: nothing listens there (tcpmux is not run on these machines).
    let mut emitter = KafkaEmitter::new(&[
        ("bootstrap.servers", "127.0.0.1:1"),
        ("message.timeout.ms", "1500"),
        ("socket.connection.setup.timeout.ms", "1000"),
    ])
    .unwrap_or_else(|e| panic!("emitter: {e}"));
    let batch = [
        record("p.db.t", Some("{\"id\":1}"), Some("{}")),
        record("p.db.t", None, None),
    ];
    let outcome = tokio::time::timeout(Duration::from_secs(20), emitter.emit(&batch)).await;
    match outcome {
        Err(_) => panic!("emit hung for 20 s against an unreachable cluster"),
        Ok(Ok(())) => panic!("emit succeeded without a broker"),
        Ok(Err(EmitError::KafkaDelivery { topic, reason })) => {
            assert_eq!(topic, "p.db.t");
            assert!(!reason.is_empty());
        }
        Ok(Err(other)) => panic!("unexpected error kind: {other}"),
    }
}

#[test]
fn invalid_setting_is_a_config_error() {
    let result = KafkaEmitter::new(&[("no.such.librdkafka.setting", "1")]);
    match result {
        Err(EmitError::KafkaConfig(message)) => {
            assert!(message.contains("no.such.librdkafka.setting"), "{message}")
        }
        other => panic!("expected a configuration error, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn full_local_queue_backs_off_and_keeps_order() {
    let cluster = MockCluster::new(1).unwrap_or_else(|e| panic!("mock cluster: {e}"));
    cluster
        .create_topic("q", 1, 1)
        .unwrap_or_else(|e| panic!("create q: {e}"));
    let bootstrap = cluster.bootstrap_servers();
    // A 4-message local queue forces QueueFull on a 200-record batch.
    let mut emitter = KafkaEmitter::new(&[
        ("bootstrap.servers", bootstrap.as_str()),
        ("queue.buffering.max.messages", "4"),
    ])
    .unwrap_or_else(|e| panic!("emitter: {e}"));
    let batch: Vec<Record> = (0..200)
        .map(|n| record("q", Some(&n.to_string()), Some(&format!("{{\"n\":{n}}}"))))
        .collect();
    emitter
        .emit(&batch)
        .await
        .unwrap_or_else(|e| panic!("emit: {e}"));
    let expected = as_read_back(&batch);
    let got = tokio::task::spawn_blocking(move || read_back(&bootstrap, &["q"], 200))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(got, expected);
}

/// A primary-key change is a delete, its tombstone and a create carrying Debezium's
/// `__debezium.newkey` / `__debezium.oldkey` headers (values as Kafka Connect's default
/// `SimpleHeaderConverter` writes them, binlog-fixtures/reference/shaping-keys.stream.jsonl):
/// the headers must reach Kafka with each record, in order.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn record_headers_reach_kafka() {
    use rdkafka::message::Headers as _;
    use tributary::emit::RecordHeader;
    let cluster = MockCluster::new(1).unwrap_or_else(|e| panic!("mock cluster: {e}"));
    cluster
        .create_topic("p.shop.customers", 1, 1)
        .unwrap_or_else(|e| panic!("create: {e}"));
    let bootstrap = cluster.bootstrap_servers();
    let mut emitter = KafkaEmitter::new(&[("bootstrap.servers", bootstrap.as_str())])
        .unwrap_or_else(|e| panic!("emitter: {e}"));
    let header = |name: &str, value: &str| RecordHeader {
        name: Arc::from(name),
        value: Bytes::copy_from_slice(value.as_bytes()),
    };
    let with = |mut r: Record, h: RecordHeader| {
        r.headers.push(h);
        r
    };
    let topic = "p.shop.customers";
    let batch = [
        with(
            record(topic, Some("{\"id\":1}"), Some("{\"op\":\"d\"}")),
            header("__debezium.newkey", "{\"id\":100}"),
        ),
        with(
            record(topic, Some("{\"id\":1}"), None),
            header("__debezium.newkey", "{\"id\":100}"),
        ),
        with(
            record(topic, Some("{\"id\":100}"), Some("{\"op\":\"c\"}")),
            header("__debezium.oldkey", "{\"id\":1}"),
        ),
        record(topic, Some("{\"id\":100}"), Some("{\"op\":\"u\"}")),
    ];
    emitter
        .emit(&batch)
        .await
        .unwrap_or_else(|e| panic!("emit: {e}"));

    let consumer = consumer_from_start(&bootstrap, &[topic], "kafka-emit-headers");
    let mut seen: Vec<Vec<(String, Vec<u8>)>> = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    while seen.len() < batch.len() && Instant::now() < deadline {
        match consumer.poll(Duration::from_millis(200)) {
            Some(Ok(message)) => seen.push(
                message
                    .headers()
                    .map(|hs| {
                        hs.iter()
                            .map(|h| (h.key.to_owned(), h.value.unwrap_or_default().to_vec()))
                            .collect()
                    })
                    .unwrap_or_default(),
            ),
            Some(Err(e)) => panic!("consume: {e}"),
            None => {}
        }
    }
    let expected: Vec<Vec<(String, Vec<u8>)>> = batch
        .iter()
        .map(|r| {
            r.headers
                .iter()
                .map(|h| (h.name.to_string(), h.value.to_vec()))
                .collect()
        })
        .collect();
    assert_eq!(seen, expected);
}

/// `extended.headers.enabled` (Debezium's default): each record reaches Kafka with its
/// own headers and then Debezium's four context headers, names, order and values as
/// the header oracle recorded them on a key change
/// (`binlog-fixtures/reference/shaping-keys.stream.jsonl`), the run id a UUIDv7.
#[tokio::test]
async fn context_headers_follow_the_records_own_like_debezium() {
    use rdkafka::message::Headers as _;
    use tributary::emit::RecordHeader;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let reference =
        std::fs::read_to_string(root.join("binlog-fixtures/reference/shaping-keys.stream.jsonl"))
            .unwrap_or_else(|e| panic!("reference: {e}"));
    // The headers object of the first key-change record, in its written order (a
    // serde_json map would sort the names).
    let line = reference
        .lines()
        .find(|l| l.contains("__debezium.newkey"))
        .unwrap_or_else(|| panic!("no key-change record in the reference"));
    let object = line
        .split("\"headers\":{")
        .nth(1)
        .and_then(|rest| rest.split("},").next())
        .unwrap_or_else(|| panic!("no headers in {line}"));
    let pair =
        regex::Regex::new(r#""([^"]+)":"((?:[^"\\]|\\.)*)""#).unwrap_or_else(|e| panic!("{e}"));
    let oracle: Vec<(String, String)> = pair
        .captures_iter(object)
        .map(|c| (c[1].to_owned(), c[2].replace("\\\"", "\"")))
        .collect();
    assert_eq!(oracle.len(), 5, "{object}");
    let config = tributary::engine::config::ConnectorConfig::load(
        root.join("binlog-fixtures/scenarios/connector.properties"),
    )
    .unwrap_or_else(|e| panic!("config: {e}"));
    let cluster = MockCluster::new(1).unwrap_or_else(|e| panic!("mock cluster: {e}"));
    let topic = "ecommerce-server.ecommerce.keys";
    cluster
        .create_topic(topic, 1, 1)
        .unwrap_or_else(|e| panic!("create: {e}"));
    let bootstrap = cluster.bootstrap_servers();
    let mut emitter = KafkaEmitter::new(&[("bootstrap.servers", bootstrap.as_str())])
        .unwrap_or_else(|e| panic!("emitter: {e}"))
        .with_context_headers(tributary::engine::context_headers(&config));
    let mut delete = record(topic, Some("{\"id\":1}"), Some("{\"op\":\"d\"}"));
    delete.headers.push(RecordHeader {
        name: Arc::from("__debezium.newkey"),
        value: Bytes::copy_from_slice(oracle[0].1.as_bytes()),
    });
    emitter
        .emit(&[delete])
        .await
        .unwrap_or_else(|e| panic!("emit: {e}"));

    let consumer = consumer_from_start(&bootstrap, &[topic], "kafka-emit-context-headers");
    let deadline = Instant::now() + Duration::from_secs(30);
    let seen: Vec<(String, String)> = loop {
        assert!(Instant::now() < deadline, "no record read back");
        if let Some(Ok(message)) = consumer.poll(Duration::from_millis(200)) {
            break message
                .headers()
                .map(|hs| {
                    hs.iter()
                        .map(|h| {
                            (
                                h.key.to_owned(),
                                String::from_utf8_lossy(h.value.unwrap_or_default()).into_owned(),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
        }
    };
    let names = |hs: &[(String, String)]| hs.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>();
    assert_eq!(names(&seen), names(&oracle));
    for ((name, ours), (_, theirs)) in seen.iter().zip(&oracle) {
        if name == "__debezium.context.runId" {
            let id = uuid::Uuid::parse_str(ours).unwrap_or_else(|e| panic!("{ours}: {e}"));
            assert_eq!(id.get_version_num(), 7, "{ours}");
            let theirs = uuid::Uuid::parse_str(theirs).unwrap_or_else(|e| panic!("{theirs}: {e}"));
            assert_eq!(
                theirs.get_version_num(),
                7,
                "the oracle's run id is a UUIDv7 too"
            );
        } else {
            assert_eq!(ours, theirs, "{name}");
        }
    }
}
