//! Restart from the stored offset and schema history, against a real MariaDB started
//! by the test.
//!
//! Two source tasks replicate the same server: `steady` runs uninterrupted through a
//! DDL-heavy workload; `restarted` (file offsets, file or Kafka-topic history,
//! `max.batch.size=1` so batches end inside transactions) streams the first half,
//! commits an offset in the middle of a multi-statement transaction and is dropped;
//! the second half (ALTER TABLE add/drop/modify/change columns, new tables, RENAME,
//! DROP) runs while it is stopped; then it starts again from the stored offset and
//! history. Its two runs together must equal the steady run's records — nothing lost,
//! nothing twice — once the processing timestamps (`ts_ms`/`ts_us`/`ts_ns` of the
//! payload, which differ by nature between two runs) are removed. The schemas are
//! also checked against the SQL: the after-struct's field names after each ALTER are
//! the columns the statements leave.

mod support;

use std::path::Path;
use std::time::Duration;

use serde_json::Value;
use support::mariadb::MariaDb;
use tributary::emit::Record;
use tributary::engine::SourceTask;
use tributary::engine::config::{ConnectorConfig, parse_properties};
use tributary::schema::{FileSchemaHistory, HistoryRecord, SchemaHistory};

const DEADLINE: Duration = Duration::from_secs(60);
const PREFIX: &str = "ecommerce-server";

/// Before the tasks start: what the startup schema load must find.
const SETUP: &str = "
CREATE DATABASE DB;
USE DB;
CREATE TABLE marker (id INT PRIMARY KEY);
CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(64) NOT NULL) CHARSET latin1;
INSERT INTO customers VALUES (1, 'before start');
";

/// Streamed by both tasks; ends with a transaction of three INSERT statements, inside
/// which the restarted task stops.
const FIRST_HALF: &str = "
USE DB;
INSERT INTO customers VALUES (2, 'Ann');
ALTER TABLE customers ADD COLUMN email VARCHAR(128) DEFAULT 'none' AFTER id;
INSERT INTO customers VALUES (3, 'b@example.com', 'Bob');
CREATE TABLE orders (id INT AUTO_INCREMENT PRIMARY KEY, customer INT, total DECIMAL(8,2));
INSERT INTO orders (customer, total) VALUES (2, 10.50), (3, 99.99);
BEGIN;
INSERT INTO customers VALUES (10, 'mid@example.com', 'mid-1');
INSERT INTO customers VALUES (11, 'mid@example.com', 'mid-2');
UPDATE customers SET name = 'mid-3' WHERE id = 11;
COMMIT;
INSERT INTO marker VALUES (1);
";

/// Runs while the restarted task is stopped.
const SECOND_HALF: &str = "
USE DB;
ALTER TABLE customers MODIFY name VARCHAR(200) CHARACTER SET utf8mb4, ADD COLUMN score DECIMAL(5,1) UNSIGNED;
INSERT INTO customers VALUES (20, 'c@example.com', 'Çelik', 12.5);
ALTER TABLE customers DROP COLUMN email, CHANGE COLUMN score rating DOUBLE;
INSERT INTO customers VALUES (21, 'Dee', 4.75);
CREATE TABLE products (sku VARCHAR(16) PRIMARY KEY, title TEXT, price INT UNSIGNED DEFAULT 0);
INSERT INTO products VALUES ('A-1', 'lamp', 30), ('B-2', 'desk', 120);
RENAME TABLE orders TO purchases;
ALTER TABLE purchases ADD COLUMN note VARCHAR(20) FIRST;
INSERT INTO purchases (note, customer, total) VALUES ('renamed', 21, 1.00);
BEGIN;
UPDATE products SET price = price + 1;
DELETE FROM customers WHERE id = 2;
COMMIT;
DROP TABLE products;
CREATE TABLE products (sku INT PRIMARY KEY);
INSERT INTO products VALUES (7);
INSERT INTO marker VALUES (2);
";

fn fixtures() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/binlog-fixtures"))
}

/// The oracle's connector settings pointed at `port`, registering as replica
/// `server_id`, with `history` lines replacing the file history and the offsets in
/// `state_dir`.
fn config(
    db: &str,
    port: u16,
    server_id: u32,
    state_dir: &Path,
    history: &str,
    extra: &str,
) -> ConnectorConfig {
    let text = config_text(db, port, server_id, state_dir, history, extra);
    ConnectorConfig::from_properties(
        &parse_properties(&text, "restart.properties").unwrap_or_else(|e| panic!("{e}")),
    )
    .unwrap_or_else(|e| panic!("config: {e}"))
}

/// The `.properties` text of [`config`].
fn config_text(
    db: &str,
    port: u16,
    server_id: u32,
    state_dir: &Path,
    history: &str,
    extra: &str,
) -> String {
    let text = std::fs::read_to_string(fixtures().join("scenarios/connector.properties"))
        .unwrap_or_else(|e| panic!("connector.properties: {e}"));
    let mut lines: Vec<String> = text
        .lines()
        .filter(|l| {
            !l.starts_with("schema.history.internal") && !l.starts_with("offset.storage.file")
        })
        .map(|l| {
            if l.starts_with("database.port=") {
                format!("database.port={port}")
            } else if l.starts_with("database.include.list=") {
                format!("database.include.list={db}")
            } else if l.starts_with("database.server.id=") {
                format!("database.server.id={server_id}")
            } else {
                l.to_owned()
            }
        })
        .collect();
    lines.push(format!(
        "offset.storage.file.filename={}",
        state_dir.join("offsets.dat").display()
    ));
    lines.push(history.to_owned());
    lines.push(extra.to_owned());
    lines.join("\n")
}

fn file_history(state_dir: &Path) -> String {
    format!(
        "schema.history.internal=io.debezium.storage.file.history.FileSchemaHistory\n\
         schema.history.internal.file.filename={}",
        state_dir.join("history.dat").display()
    )
}

fn value_json(record: &Record) -> Option<Value> {
    record
        .value
        .as_ref()
        .and_then(|v| serde_json::from_slice(v).ok())
}

/// `payload.after.<field>` of a data record.
fn after(record: &Record, field: &str) -> Option<Value> {
    value_json(record)?
        .get("payload")?
        .get("after")?
        .get(field)
        .cloned()
}

fn is_marker(record: &Record, id: i64) -> bool {
    record.topic.ends_with(".marker") && after(record, "id").and_then(|v| v.as_i64()) == Some(id)
}

/// Polls `task` until `stop` holds for a record, committing every batch; returns the
/// records and whether the last committed offset lies inside a transaction.
async fn stream_until(task: &mut SourceTask, stop: impl Fn(&Record) -> bool) -> (Vec<Record>, u64) {
    let mut records = Vec::new();
    loop {
        let batch = tokio::time::timeout(DEADLINE, task.poll())
            .await
            .unwrap_or_else(|_| panic!("stalled after {} records", records.len()))
            .unwrap_or_else(|e| panic!("poll: {e}"))
            .unwrap_or_else(|| panic!("the server ended the stream"));
        task.commit(&batch.offset)
            .unwrap_or_else(|e| panic!("commit: {e}"));
        let done = batch.records.iter().any(&stop);
        records.extend(batch.records);
        if done {
            return (records, batch.offset.event);
        }
    }
}

/// The records as JSON, without the processing timestamps of the payload.
fn comparable(records: &[Record]) -> Vec<(String, Option<Value>, Option<Value>)> {
    // Each task starts with its own snapshot, taken at another moment (processing
    // times and positions differ by nature; tests/snapshot.rs checks snapshots):
    // only streamed records are compared.
    let snapshot = |r: &&Record| {
        value_json(r).is_some_and(|v| {
            let marker = &v["payload"]["source"]["snapshot"];
            !(marker.is_null() || marker == "false")
        })
    };
    records
        .iter()
        .filter(|r| !snapshot(r))
        .map(|r| {
            let key = r.key.as_ref().and_then(|k| serde_json::from_slice(k).ok());
            let mut value = value_json(r);
            if let Some(Value::Object(payload)) = value.as_mut().and_then(|v| v.get_mut("payload"))
            {
                for field in ["ts_ms", "ts_us", "ts_ns"] {
                    payload.remove(field);
                }
            }
            (r.topic.to_string(), key, value)
        })
        .collect()
}

/// Field names of the `after` struct in a data record's value schema.
fn after_fields(record: &Record) -> Vec<String> {
    let Some(value) = value_json(record) else {
        return Vec::new();
    };
    let fields = value["schema"]["fields"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    fields
        .iter()
        .find(|f| f["field"] == "after")
        .and_then(|f| f["fields"].as_array().cloned())
        .unwrap_or_default()
        .iter()
        .filter_map(|f| f["field"].as_str().map(str::to_owned))
        .collect()
}

fn find<'a>(records: &'a [Record], table: &str, field: &str, value: Value) -> &'a Record {
    records
        .iter()
        .find(|r| r.topic.ends_with(&format!(".{table}")) && after(r, field) == Some(value.clone()))
        .unwrap_or_else(|| panic!("no record of {table} with {field} = {value}"))
}

/// The whole scenario; `history` gives the restarted task's history lines.
/// `db` names the database (one per test: the tests share a server) and `replica_id`
/// the replica server id of the steady task (the restarted one registers as the next).
async fn restart_scenario(
    server: &MariaDb,
    db: &str,
    replica_id: u32,
    state_dir: &Path,
    history: &str,
) {
    let sql = |text: &str| server.sql(&text.replace("DB", db));
    sql(SETUP);
    let steady_dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let steady_config = config(
        db,
        server.port(),
        replica_id,
        steady_dir.path(),
        &file_history(steady_dir.path()),
        "",
    );
    let restarted_config = config(
        db,
        server.port(),
        replica_id + 1,
        state_dir,
        history,
        "max.batch.size=1",
    );
    let mut steady = SourceTask::start(&steady_config)
        .await
        .unwrap_or_else(|e| panic!("start steady: {e}"));
    let mut restarted = SourceTask::start(&restarted_config)
        .await
        .unwrap_or_else(|e| panic!("start restarted: {e}"));
    assert!(restarted.committed().is_none(), "a fresh state directory");

    sql(FIRST_HALF);
    // Stop right after the first INSERT of the three-statement transaction.
    let (first_run, event) = stream_until(&mut restarted, |r| {
        after(r, "name") == Some(Value::from("mid-1"))
    })
    .await;
    // Debezium's `event`: the events of the transaction done, its GTID event included
    // (GTID, TABLE_MAP, WRITE_ROWS; ANNOTATE_ROWS not counted).
    assert_eq!(event, 3, "the committed offset lies inside the transaction");
    let stored = restarted.committed().cloned();
    drop(restarted);

    sql(SECOND_HALF);
    let mut restarted = SourceTask::start(&restarted_config)
        .await
        .unwrap_or_else(|e| panic!("restart: {e}"));
    assert_eq!(
        restarted.committed().cloned(),
        stored,
        "resumes at the stored offset"
    );
    let (second_run, _) = stream_until(&mut restarted, |r| is_marker(r, 2)).await;
    let (all, _) = stream_until(&mut steady, |r| is_marker(r, 2)).await;

    let mut resumed = first_run.clone();
    resumed.extend(second_run.iter().cloned());
    // The tasks started one after the other: the other test's statements on the
    // shared server between the two starts are seen by one of them only.
    let ours = |records: &[Record]| -> Vec<Record> {
        records
            .iter()
            .filter(|r| {
                r.topic.contains(&format!(".{db}."))
                    || value_json(r).is_some_and(|v| v["payload"]["databaseName"] == db)
            })
            .cloned()
            .collect()
    };
    let (want, got) = (comparable(&ours(&all)), comparable(&ours(&resumed)));
    for (i, (w, g)) in want.iter().zip(&got).enumerate() {
        assert_eq!(w, g, "record {i} differs (steady vs restarted)");
    }
    assert_eq!(want.len(), got.len(), "records lost or duplicated");

    // The rest of the interrupted transaction comes first after the restart.
    assert_eq!(after(&second_run[0], "name"), Some(Value::from("mid-2")));
    // Schemas follow the statements of the second half (fields in the SQL's order).
    let celik = find(&second_run, "customers", "id", Value::from(20));
    assert_eq!(after_fields(celik), ["id", "email", "name", "score"]);
    let dee = find(&second_run, "customers", "id", Value::from(21));
    assert_eq!(after_fields(dee), ["id", "name", "rating"]);
    let renamed = find(&second_run, "purchases", "note", Value::from("renamed"));
    assert_eq!(after_fields(renamed), ["note", "id", "customer", "total"]);
    let recreated = find(&second_run, "products", "sku", Value::from(7));
    assert_eq!(after_fields(recreated), ["sku"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restart_with_file_history_continues_exactly() {
    let Some(server) = MariaDb::shared() else {
        return;
    };
    let state = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    restart_scenario(
        &server,
        "shop_file",
        123_460,
        state.path(),
        &file_history(state.path()),
    )
    .await;

    // The history file holds Debezium history records of this connector.
    let mut stored = FileSchemaHistory::new(state.path().join("history.dat"));
    let records = stored
        .load()
        .unwrap_or_else(|e| panic!("read the history file: {e}"));
    assert_history_of_the_workload(&records, "shop_file");
}

/// The restarted task's history: this connector's records, the startup schema load
/// first, every DDL of the workload on `db` once (none stored twice across the
/// restart). Statements on other databases are recorded too (Debezium's default
/// `store.only.captured.*.ddl=false`): the other test's, on the shared server.
fn assert_history_of_the_workload(records: &[HistoryRecord], db: &str) {
    assert!(records.iter().all(|r| r.source.server == PREFIX));
    assert!(records.iter().all(|r| r.position.contains_key("file")));
    let ddl: Vec<&str> = records
        .iter()
        .filter(|r| r.database_name == db)
        .map(|r| r.ddl.as_str())
        .collect();
    // The snapshot's statements (Debezium's order: DROP TABLE IF EXISTS …, DROP
    // DATABASE IF EXISTS, CREATE DATABASE, USE, CREATE TABLE …) come first.
    assert!(
        ddl.first()
            .is_some_and(|d| d.starts_with("DROP TABLE IF EXISTS")),
        "{ddl:?}"
    );
    assert!(
        ddl.iter().any(|d| d.starts_with("CREATE DATABASE")),
        "{ddl:?}"
    );
    assert!(ddl.iter().any(|d| d.contains("RENAME TABLE")), "{ddl:?}");
    let alters = ddl
        .iter()
        .filter(|d| d.starts_with("ALTER TABLE customers"))
        .count();
    assert_eq!(alters, 3, "each ALTER recorded once: {ddl:?}");
}

#[cfg(feature = "kafka")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restart_with_kafka_topic_history_continues_exactly() {
    use rdkafka::mocking::MockCluster;
    use tributary::schema::KafkaSchemaHistory;

    let Some(server) = MariaDb::shared() else {
        return;
    };
    let cluster = MockCluster::new(1).unwrap_or_else(|e| panic!("mock cluster: {e}"));
    let topic = "schema-changes.ecommerce";
    cluster
        .create_topic(topic, 1, 1)
        .unwrap_or_else(|e| panic!("create {topic}: {e}"));
    let history = format!(
        "schema.history.internal=io.debezium.storage.kafka.history.KafkaSchemaHistory\n\
         schema.history.internal.kafka.topic={topic}\n\
         schema.history.internal.kafka.bootstrap.servers={}",
        cluster.bootstrap_servers()
    );
    let state = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    restart_scenario(&server, "shop_kafka", 123_470, state.path(), &history).await;
    assert!(
        !state.path().join("history.dat").exists(),
        "the history went to the topic"
    );
    let bootstrap = vec![("bootstrap.servers".to_owned(), cluster.bootstrap_servers())];
    let mut stored = KafkaSchemaHistory::new(topic, bootstrap.clone(), bootstrap);
    let records = tokio::task::spawn_blocking(move || stored.load())
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|e| panic!("read the history topic: {e}"));
    assert_history_of_the_workload(&records, "shop_kafka");
}

/// Writes a stored offset (and, with `history_ddl`, a history of one record) for a
/// connector about to start.
fn stored_state(state_dir: &Path, offset: &str, history_ddl: Option<&str>) {
    std::fs::write(state_dir.join("offsets.dat"), offset).unwrap_or_else(|e| panic!("{e}"));
    if let Some(ddl) = history_ddl {
        let record = format!(
            r#"{{"source":{{"server":"{PREFIX}"}},"position":{{"file":"mariadb-bin.000001","pos":4}},"databaseName":"","ddl":"{ddl}","tableChanges":[]}}"#
        );
        std::fs::write(state_dir.join("history.dat"), record + "\n")
            .unwrap_or_else(|e| panic!("{e}"));
    }
}

/// Starts a task on the stored state and polls once; the first error's text.
async fn first_error(server: &MariaDb, state_dir: &Path, replica_id: u32) -> String {
    let config = config(
        "shop_errors",
        server.port(),
        replica_id,
        state_dir,
        &file_history(state_dir),
        "",
    );
    let mut task = match SourceTask::start(&config).await {
        Ok(task) => task,
        Err(e) => return e.to_string(),
    };
    match tokio::time::timeout(DEADLINE, task.poll()).await {
        Ok(Err(e)) => e.to_string(),
        Ok(Ok(_)) => panic!("streaming from the stored offset should fail"),
        Err(_) => panic!("no error within {DEADLINE:?}"),
    }
}

/// An offset naming a binlog the server no longer has (purged) is the server's error
/// 1236, with the file and position the dump asked for.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn purged_binlog_position_is_a_clear_error() {
    let Some(server) = MariaDb::shared() else {
        return;
    };
    let state = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    stored_state(
        state.path(),
        r#"{"file":"mariadb-bin.000099","pos":1234}"#,
        Some("CREATE DATABASE shop_errors"),
    );
    let message = first_error(&server, state.path(), 123_480).await;
    assert!(message.contains("mariadb-bin.000099"), "{message}");
    assert!(message.contains("1234"), "{message}");
    assert!(message.contains("1236"), "{message}");
}

/// A stored offset without any history of the connector cannot be resumed with the
/// right schemas: an error that says so, naming the offset and the history.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stored_offset_without_history_is_an_error() {
    let Some(server) = MariaDb::shared() else {
        return;
    };
    let state = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    stored_state(
        state.path(),
        r#"{"file":"mariadb-bin.000001","pos":4}"#,
        None,
    );
    let message = first_error(&server, state.path(), 123_481).await;
    assert!(
        message.contains("mariadb-bin.000001 at byte 4"),
        "{message}"
    );
    assert!(message.contains("history.dat"), "{message}");
}

/// `tributary run --config FILE` on stdout, its lines read by a thread.
struct RunningCli {
    child: std::process::Child,
    lines: std::sync::mpsc::Receiver<String>,
}

impl RunningCli {
    fn start(config: &Path) -> RunningCli {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_tributary"))
            .args(["run", "--config"])
            .arg(config)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("run tributary: {e}"));
        let stdout = child
            .stdout
            .take()
            .unwrap_or_else(|| panic!("piped stdout"));
        let (tx, lines) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            use std::io::BufRead;
            for line in std::io::BufReader::new(stdout).lines() {
                let Ok(line) = line else { return };
                if tx.send(line).is_err() {
                    return;
                }
            }
        });
        RunningCli { child, lines }
    }

    /// Lines until one with `after.id == marker` on the marker topic.
    fn until_marker(&self, marker: i64) -> Vec<Value> {
        let mut out = Vec::new();
        loop {
            let line = self
                .lines
                .recv_timeout(DEADLINE)
                .unwrap_or_else(|e| panic!("after {} lines: {e}", out.len()));
            let json: Value = serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line}"));
            let done = json["topic"]
                .as_str()
                .is_some_and(|t| t.ends_with(".marker"))
                && json["value"]["payload"]["after"]["id"].as_i64() == Some(marker);
            out.push(json);
            if done {
                return out;
            }
        }
    }

    /// SIGTERM, as an operator stops it; the exit status must be success.
    fn stop(mut self) {
        let status = std::process::Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap_or_else(|e| panic!("kill: {e}"));
        assert!(status.success());
        let exit = self.child.wait().unwrap_or_else(|e| panic!("wait: {e}"));
        assert!(exit.success(), "tributary run exited with {exit}");
    }
}

/// `tributary run` stores the acknowledged offset (here after every batch:
/// `offset.flush.interval.ms=0`) and, started again, resumes there with the schemas of
/// its file history: the second run's first records are the statements made while it
/// was stopped, with the altered schema.
#[test]
fn cli_run_resumes_from_its_offsets_file() {
    let Some(server) = MariaDb::shared() else {
        return;
    };
    let state = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let text = config_text(
        "shop_cli",
        server.port(),
        123_490,
        state.path(),
        &file_history(state.path()),
        "offset.flush.interval.ms=0",
    );
    let config_path = state.path().join("run.properties");
    std::fs::write(&config_path, text).unwrap_or_else(|e| panic!("{e}"));
    server.sql(
        "CREATE DATABASE shop_cli; USE shop_cli;
         CREATE TABLE marker (id INT PRIMARY KEY);
         CREATE TABLE t (id INT PRIMARY KEY, a INT);",
    );
    let cli = RunningCli::start(&config_path);
    // The startup schema load happens before the first event: wait for the history.
    let deadline = std::time::Instant::now() + DEADLINE;
    while !state.path().join("history.dat").exists() && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    server.sql("USE shop_cli; INSERT INTO t VALUES (1, 1); INSERT INTO marker VALUES (1);");
    let first = cli.until_marker(1);
    let data = first.iter().filter(|r| r["topic"] != PREFIX).count();
    assert_eq!(data, 2, "{first:?}");
    cli.stop();
    // Kafka Connect's FileOffsetBackingStore file: Java serialization around JSON.
    let offset = String::from_utf8_lossy(
        &std::fs::read(state.path().join("offsets.dat")).unwrap_or_default(),
    )
    .into_owned();
    assert!(offset.contains("mariadb-bin."), "{offset}");

    server.sql(
        "USE shop_cli; ALTER TABLE t ADD COLUMN b VARCHAR(10) AFTER id;
         INSERT INTO t VALUES (2, 'two', 2); INSERT INTO marker VALUES (2);",
    );
    let cli = RunningCli::start(&config_path);
    let second = cli.until_marker(2);
    cli.stop();
    // Other tests' DDL on the shared server shows up on the schema-change topic too.
    let second: Vec<Value> = second
        .into_iter()
        .filter(|r| r["topic"] != PREFIX || r["value"]["payload"]["databaseName"] == "shop_cli")
        .collect();
    let topics: Vec<&str> = second.iter().filter_map(|r| r["topic"].as_str()).collect();
    assert_eq!(
        topics,
        [
            PREFIX,
            "ecommerce-server.shop_cli.t",
            "ecommerce-server.shop_cli.marker"
        ],
        "the ALTER, the insert, the marker: nothing of the first run again"
    );
    let after = &second[1]["value"]["payload"]["after"];
    assert_eq!(after["b"], "two");
    assert_eq!(after["a"], 2);
}
