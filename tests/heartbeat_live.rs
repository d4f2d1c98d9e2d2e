//! `heartbeat.interval.ms` on the live stream, against a real MariaDB (started by the
//! test): heartbeat records come on the interval while nothing is captured, have the
//! shape of Debezium 3.6.3's (its first heartbeat in
//! `binlog-fixtures/reference/transactions-naming.stream.jsonl`), and carry the
//! stream's offset, so an idle, filtered stream still advances its committed offset.

mod support;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::Value;
use support::mariadb::MariaDb;
use tributary::emit::Record;
use tributary::engine::SourceTask;
use tributary::engine::config::{ConnectorConfig, parse_properties};

const INTERVAL_MS: u64 = 400;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("binlog-fixtures")
}

/// The oracle's connector configuration on `port` (history and offsets in a fresh
/// directory), plus `extra` properties.
fn config_for(port: u16, extra: &str) -> (ConnectorConfig, tempfile::TempDir) {
    let text = std::fs::read_to_string(fixtures().join("scenarios/connector.properties")).unwrap();
    let state = tempfile::tempdir().unwrap();
    let text = text
        .replace("database.port=33081", &format!("database.port={port}"))
        .replace("/tmp/dbz-oracle-state", &state.path().display().to_string());
    let text = format!("{text}\n{extra}\n");
    let config =
        ConnectorConfig::from_properties(&parse_properties(&text, "connector.properties").unwrap())
            .unwrap();
    (config, state)
}

/// Debezium's heartbeat record (topic renamed by its `topic.heartbeat.prefix=hb`,
/// `topic.delimiter=_`).
fn oracle_heartbeat() -> Value {
    let text =
        std::fs::read_to_string(fixtures().join("reference/transactions-naming.stream.jsonl"))
            .unwrap();
    text.lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .find(|r| r["topic"] == "hb_ecommerce-server")
        .expect("the reference has heartbeats")
}

fn json(bytes: Option<&bytes::Bytes>) -> Value {
    serde_json::from_slice(bytes.expect("not null")).unwrap()
}

fn is_heartbeat(record: &Record) -> bool {
    record.topic.as_ref() == "__debezium-heartbeat.ecommerce-server"
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn heartbeats_on_the_interval_advance_the_offset_of_an_idle_filtered_stream() {
    let Some(server) = MariaDb::start() else {
        return;
    };
    let (config, _state) = config_for(
        server.port(),
        &format!("heartbeat.interval.ms={INTERVAL_MS}"),
    );
    let mut task = SourceTask::start(&config).await.expect("start");
    let started = Instant::now();
    // Only a database outside `database.include.list=ecommerce` changes.
    server.sql("CREATE DATABASE other; CREATE TABLE other.t (id INT PRIMARY KEY);");
    let oracle = oracle_heartbeat();
    let mut beats: Vec<(Instant, i64, u64)> = Vec::new();
    let mut wrote_more = false;
    while beats.len() < 6 {
        let batch = tokio::time::timeout(Duration::from_secs(10), task.poll())
            .await
            .expect("a batch within 10 s of an idle stream")
            .expect("poll")
            .expect("the stream goes on");
        for record in &batch.records {
            // Schema changes of every database go to the schema-change topic, as in
            // Debezium; no data record may come.
            if record.topic.as_ref() == "ecommerce-server" {
                continue;
            }
            assert!(
                is_heartbeat(record),
                "only heartbeats: nothing is captured, got {}",
                record.topic
            );
            let key = json(record.key.as_ref());
            let value = json(record.value.as_ref());
            assert_eq!(key, oracle["key"]);
            assert_eq!(value["schema"], oracle["value"]["schema"]);
            let ts = value["payload"]["ts_ms"].as_i64().expect("ts_ms");
            beats.push((Instant::now(), ts, batch.offset.pos));
        }
        task.commit(&batch.offset).expect("commit");
        if beats.len() == 3 && !wrote_more {
            server.sql("INSERT INTO other.t VALUES (1), (2); INSERT INTO other.t VALUES (3);");
            wrote_more = true;
        }
    }
    let gaps: Vec<i64> = beats.windows(2).map(|p| p[1].1 - p[0].1).collect();
    eprintln!(
        "heartbeat.interval.ms={INTERVAL_MS}: ts_ms gaps {gaps:?}, offsets {:?}",
        beats.iter().map(|b| b.2).collect::<Vec<_>>()
    );
    let interval = Duration::from_millis(INTERVAL_MS);
    // Never more often than the interval (Debezium's timer), and not much later than
    // it while idle (the server is asked for a heartbeat event every half interval).
    assert!(beats[0].0 - started >= interval, "first too early");
    for pair in beats.windows(2) {
        let gap = pair[1].1 - pair[0].1;
        assert!(gap >= INTERVAL_MS as i64 - 5, "heartbeats {gap} ms apart");
        assert!(gap <= 3 * INTERVAL_MS as i64, "heartbeats {gap} ms apart");
    }
    // The offsets move past the uncaptured writes, and are committed.
    let (first_pos, last_pos) = (beats[0].2, beats[beats.len() - 1].2);
    assert!(last_pos > first_pos, "offset {first_pos} → {last_pos}");
    assert_eq!(task.committed().map(|o| o.pos), Some(last_pos));
    let end_of_binlog: u64 = server
        .sql("SHOW MASTER STATUS")
        .lines()
        .last()
        .and_then(|l| l.split('\t').nth(1))
        .and_then(|p| p.trim().parse().ok())
        .expect("SHOW MASTER STATUS position");
    assert_eq!(last_pos, end_of_binlog);
}

/// `heartbeat.action.query` runs on the server after each heartbeat record
/// (`DatabaseHeartbeatImpl` after `HeartbeatImpl`); writing into a captured table, its
/// rows come back as change records. A query the server refuses with SQLSTATE 42000
/// (here a syntax error) stops the stream, as `BinlogHeartbeatErrorHandler` does.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_action_query_runs_after_each_heartbeat() {
    let Some(server) = MariaDb::start() else {
        return;
    };
    server.sql(
        "CREATE DATABASE ecommerce; \
         CREATE TABLE ecommerce.hb (id INT AUTO_INCREMENT PRIMARY KEY, at DATETIME(6)); \
         GRANT INSERT ON ecommerce.* TO 'cdc'@'%'; GRANT INSERT ON ecommerce.* TO 'cdc'@'localhost';",
    );
    let (config, _state) = config_for(
        server.port(),
        "heartbeat.interval.ms=300\n\
         heartbeat.action.query=INSERT INTO ecommerce.hb (at) VALUES (NOW(6))",
    );
    let mut task = SourceTask::start(&config).await.expect("start");
    let (mut beats, mut rows) = (0, 0);
    while rows < 3 {
        let batch = tokio::time::timeout(Duration::from_secs(10), task.poll())
            .await
            .expect("a batch within 10 s")
            .expect("poll")
            .expect("the stream goes on");
        beats += batch.records.iter().filter(|r| is_heartbeat(r)).count();
        rows += batch
            .records
            .iter()
            .filter(|r| r.topic.as_ref() == "ecommerce-server.ecommerce.hb")
            .count();
        task.commit(&batch.offset).expect("commit");
    }
    assert!(beats >= rows, "{beats} heartbeats, {rows} rows");

    let (config, _state) = config_for(
        server.port(),
        "heartbeat.interval.ms=200\nheartbeat.action.query=NOT A STATEMENT",
    );
    let mut task = SourceTask::start(&config).await.expect("start");
    let error = loop {
        match tokio::time::timeout(Duration::from_secs(10), task.poll())
            .await
            .expect("the failure within 10 s")
        {
            Ok(Some(_)) => continue,
            Ok(None) => panic!("the stream ended without the error"),
            Err(e) => break e.to_string(),
        }
    };
    assert!(error.contains("42000") || error.contains("1064"), "{error}");
}
