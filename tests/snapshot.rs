//! Initial snapshots against a real MariaDB (started by the test on a free loopback
//! port): the oracle scenarios' SQL is applied first, then `SourceTask` snapshots
//! (`snapshot.mode=initial`) and streams; the snapshot records are compared with what
//! Debezium 3.6.3 emitted for the same SQL (`binlog-fixtures/reference/*.snapshot.jsonl`)
//! by `compare.py --with-snapshot`. The servers write different binlog bytes than the
//! oracle's, so `source.file`/`source.pos` (the snapshot position) and the times
//! `source.ts_*` are ignored, as the comparison reports.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use support::mariadb::MariaDb;
use tributary::emit::{Emitter, LineEmitter, Record};
use tributary::engine::SourceTask;
use tributary::engine::config::{ConnectorConfig, parse_properties};

const DEADLINE: Duration = Duration::from_secs(60);

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("binlog-fixtures")
}

/// The oracle's connector configuration pointed at `port`, with state files in a
/// fresh directory and `extra` lines appended.
fn config_for(port: u16, extra: &str) -> (ConnectorConfig, tempfile::TempDir) {
    let text = std::fs::read_to_string(fixtures().join("scenarios/connector.properties")).unwrap();
    let state = tempfile::tempdir().unwrap();
    let text = text
        .replace("database.port=33081", &format!("database.port={port}"))
        .replace("/tmp/dbz-oracle-state", &state.path().display().to_string())
        + "\n"
        + extra;
    let config =
        ConnectorConfig::from_properties(&parse_properties(&text, "connector.properties").unwrap())
            .unwrap();
    (config, state)
}

fn scenario_sql(name: &str) -> String {
    std::fs::read_to_string(fixtures().join("scenarios").join(format!("{name}.sql"))).unwrap()
}

fn json(bytes: &Option<bytes::Bytes>) -> serde_json::Value {
    bytes.as_ref().map_or(serde_json::Value::Null, |b| {
        serde_json::from_slice(b).unwrap()
    })
}

fn snapshot_marker(record: &Record) -> Option<String> {
    json(&record.value)["payload"]["source"]["snapshot"]
        .as_str()
        .map(str::to_owned)
}

/// Polls until the snapshot's last record arrived; returns the snapshot records.
async fn take_snapshot(task: &mut SourceTask) -> Vec<Record> {
    let mut records = Vec::new();
    loop {
        let batch = tokio::time::timeout(DEADLINE, task.poll())
            .await
            .expect("the snapshot finishes in time")
            .expect("poll")
            .expect("records");
        let done = batch.offset.snapshot.is_none();
        records.extend(batch.records.iter().cloned());
        task.commit(&batch.offset).expect("commit");
        if done {
            return records;
        }
    }
}

/// Writes the records as the stdout sink would and runs compare.py on them.
async fn compare(reference: &Path, records: &[Record], extra_ignored: &str) -> (bool, String) {
    let mut emitter = LineEmitter::new(Vec::new(), "memory");
    emitter.emit(records).await.unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let actual = tmp.path().join("actual.jsonl");
    std::fs::write(&actual, emitter.into_inner().unwrap()).unwrap();
    let out = Command::new("python3")
        .arg(fixtures().join("compare.py"))
        .arg(reference)
        .arg(&actual)
        .arg("--with-snapshot")
        .args([
            "--ignore",
            &format!(
                "source.file,source.pos,source.ts_ms,source.ts_us,source.ts_ns{extra_ignored}"
            ),
        ])
        .output()
        .expect("python3 runs compare.py");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

async fn snapshot_matches_reference(name: &str, extra: &str) {
    let Some(server) = MariaDb::start() else {
        return;
    };
    server.sql(&scenario_sql(name));
    let (config, _state) = config_for(server.port(), extra);
    let mut task = SourceTask::start(&config).await.expect("start the task");
    let records = take_snapshot(&mut task).await;
    let reference = fixtures().join(format!("reference/{name}.snapshot.jsonl"));
    let (ok, report) = compare(&reference, &records, "").await;
    assert!(ok, "{name}: snapshot differs from Debezium:\n{report}");

    // Streaming goes on from the snapshot position.
    server.sql(
        "CREATE TABLE ecommerce.snapshot_after (id INT PRIMARY KEY); \
         INSERT INTO ecommerce.snapshot_after VALUES (1);",
    );
    let batch = tokio::time::timeout(DEADLINE, task.poll())
        .await
        .expect("a streamed change arrives")
        .expect("poll")
        .expect("records");
    let streamed: Vec<serde_json::Value> = batch.records.iter().map(|r| json(&r.value)).collect();
    assert!(
        streamed
            .iter()
            .all(|v| v["payload"]["source"]["snapshot"] == "false"
                || v["payload"]["source"]["snapshot"].is_null()),
        "{streamed:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seed_snapshot_is_debeziums() {
    snapshot_matches_reference("seed", "").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn types_snapshot_is_debeziums() {
    snapshot_matches_reference("types", "").await;
}

/// Markers over several tables, empty ones among them (Debezium's output for
/// `scenarios/snapshot-tables.sql`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn snapshot_markers_over_several_tables_are_debeziums() {
    snapshot_matches_reference("snapshot-tables", "").await;
}

/// Several worker connections (one consistent snapshot) and a global read lock held
/// for the whole snapshot give the same records.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn types_snapshot_with_threads_and_extended_lock_is_debeziums() {
    snapshot_matches_reference(
        "types",
        "snapshot.max.threads=3\nsnapshot.locking.mode=extended\n",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ddl_snapshot_is_debeziums() {
    snapshot_matches_reference("ddl", "").await;
}

/// Rows written while the snapshot runs are either in the snapshot or streamed after
/// it, never both and never neither: the final state rebuilt from the records equals
/// the table's, and no insert is seen twice. Several worker threads and small chunks
/// make the snapshot slow enough for the writer to interleave.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_writes_are_neither_lost_nor_duplicated() {
    let Some(server) = MariaDb::start() else {
        return;
    };
    let mut setup = String::from(
        "CREATE DATABASE ecommerce; USE ecommerce;
         CREATE TABLE a (id INT PRIMARY KEY, v INT NOT NULL);
         CREATE TABLE b (id INT PRIMARY KEY, v INT NOT NULL);
         CREATE TABLE snapshot_after (id INT PRIMARY KEY);\n",
    );
    for table in ["a", "b"] {
        setup.push_str(&format!(
            "INSERT INTO {table} SELECT seq, 0 FROM seq_1_to_20000;\n"
        ));
    }
    server.sql(&setup);
    let (config, _state) = config_for(
        server.port(),
        "snapshot.max.threads=2\nsnapshot.fetch.size=500\nmax.batch.size=256\n",
    );
    let writer_sql = {
        let mut s = String::from("USE ecommerce;\n");
        for i in 1..=300 {
            // Inserts of new keys, updates of old ones, deletes: each its own commit,
            // spread over about 3 s so that they run while the snapshot does.
            s.push_str(&format!(
                "INSERT INTO a VALUES ({}, {i}); UPDATE b SET v = v + 1 WHERE id = {}; DELETE FROM a WHERE id = {}; DO SLEEP(0.01);\n",
                100_000 + i,
                i * 50,
                i * 60
            ));
        }
        s
    };
    let server = std::sync::Arc::new(server);
    let writer_server = server.clone();
    let writer = std::thread::spawn(move || writer_server.sql(&writer_sql));
    // The snapshot starts in the middle of the writes: the earlier ones are in it,
    // the later ones (also those committed while the rows are read) are streamed.
    tokio::time::sleep(Duration::from_millis(1000)).await;
    let mut task = SourceTask::start(&config).await.expect("start the task");
    let mut records = take_snapshot(&mut task).await;
    writer.join().expect("the writer finishes");
    server.sql("INSERT INTO ecommerce.snapshot_after VALUES (1)");
    // Stream until the marker row arrives.
    'outer: loop {
        let batch = tokio::time::timeout(DEADLINE, task.poll())
            .await
            .expect("streamed changes arrive")
            .expect("poll")
            .expect("records");
        for record in &batch.records {
            records.push(record.clone());
            if record.topic.ends_with(".snapshot_after") {
                break 'outer;
            }
        }
    }
    // Rebuild both tables from the records.
    let mut state: BTreeMap<(String, i64), i64> = BTreeMap::new();
    let mut inserts_seen = std::collections::HashSet::new();
    for record in &records {
        let Some(table) = record.topic.strip_prefix("ecommerce-server.ecommerce.") else {
            continue;
        };
        if table == "snapshot_after" {
            continue;
        }
        let value = json(&record.value);
        let payload = &value["payload"];
        if payload.is_null() {
            continue; // tombstone
        }
        let op = payload["op"].as_str().unwrap_or_default();
        match op {
            "r" | "c" | "u" => {
                let id = payload["after"]["id"].as_i64().unwrap();
                let v = payload["after"]["v"].as_i64().unwrap();
                if op != "u" {
                    assert!(
                        inserts_seen.insert((table.to_string(), id)),
                        "{table} id {id} was read or inserted twice"
                    );
                }
                state.insert((table.to_string(), id), v);
            }
            "d" => {
                let id = payload["before"]["id"].as_i64().unwrap();
                assert!(
                    state.remove(&(table.to_string(), id)).is_some(),
                    "{table} id {id} deleted but never seen"
                );
            }
            other => panic!("unexpected op {other}"),
        }
    }
    let mut expected = BTreeMap::new();
    for table in ["a", "b"] {
        let out = server.sql(&format!("SELECT id, v FROM ecommerce.{table}"));
        for line in out.lines() {
            let mut parts = line.split('\t');
            let id: i64 = parts.next().unwrap().parse().unwrap();
            let v: i64 = parts.next().unwrap().parse().unwrap();
            expected.insert((table.to_string(), id), v);
        }
    }
    assert_eq!(state.len(), expected.len());
    assert!(
        state == expected,
        "the rebuilt tables differ from the server's"
    );
    let markers: Vec<String> = records.iter().filter_map(snapshot_marker).collect();
    assert_eq!(markers.iter().filter(|m| *m == "first").count(), 1);
    assert_eq!(markers.iter().filter(|m| *m == "last").count(), 1);
}

/// `snapshot.mode=no_data` emits the schema records only, the last one marked
/// `last` (Debezium's postSnapshot), then streams.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_data_snapshots_schemas_only() {
    let Some(server) = MariaDb::start() else {
        return;
    };
    server.sql(&scenario_sql("seed"));
    let (config, _state) = config_for(server.port(), "snapshot.mode=no_data\n");
    let mut task = SourceTask::start(&config).await.expect("start the task");
    let records = take_snapshot(&mut task).await;
    assert!(
        records
            .iter()
            .all(|r| r.topic.as_ref() == "ecommerce-server")
    );
    let markers: Vec<String> = records.iter().filter_map(snapshot_marker).collect();
    assert_eq!(markers.last().map(String::as_str), Some("last"));
    assert!(markers[..markers.len() - 1].iter().all(|m| m == "true"));
}

/// `snapshot.include.collection.list` limits the tables whose rows are read (their
/// schemas are still captured) and `snapshot.select.statement.overrides.<db>.<table>`
/// replaces a table's SELECT; a table of several rows read in key-range chunks keeps
/// Debezium's marker sequence (first, true…, last_in_data_collection, then the next
/// table's first_in_data_collection…, last).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn include_list_overrides_and_markers() {
    let Some(server) = MariaDb::start() else {
        return;
    };
    server.sql(
        "CREATE DATABASE ecommerce; USE ecommerce;
         CREATE TABLE a (id INT PRIMARY KEY, v VARCHAR(10));
         CREATE TABLE b (id INT PRIMARY KEY, v VARCHAR(10));
         CREATE TABLE c (id INT PRIMARY KEY, v VARCHAR(10));
         INSERT INTO a SELECT seq, 'a' FROM seq_1_to_5;
         INSERT INTO b SELECT seq, 'b' FROM seq_1_to_5;
         INSERT INTO c SELECT seq, 'c' FROM seq_1_to_5;",
    );
    let (config, _state) = config_for(
        server.port(),
        "snapshot.include.collection.list=ecommerce\\.a,ecommerce\\.b\n\
         snapshot.select.statement.overrides=ecommerce.b\n\
         snapshot.select.statement.overrides.ecommerce.b=SELECT * FROM ecommerce.b WHERE id > 3\n\
         snapshot.fetch.size=2\n",
    );
    let mut task = SourceTask::start(&config).await.expect("start the task");
    let records = take_snapshot(&mut task).await;
    let rows: Vec<(String, i64, String)> = records
        .iter()
        .filter(|r| r.topic.as_ref() != "ecommerce-server")
        .map(|r| {
            let v = json(&r.value);
            (
                r.topic.to_string(),
                v["payload"]["after"]["id"].as_i64().unwrap(),
                v["payload"]["source"]["snapshot"]
                    .as_str()
                    .unwrap()
                    .to_owned(),
            )
        })
        .collect();
    let expected: Vec<(String, i64, String)> = [
        ("a", 1, "first"),
        ("a", 2, "true"),
        ("a", 3, "true"),
        ("a", 4, "true"),
        ("a", 5, "last_in_data_collection"),
        ("b", 4, "first_in_data_collection"),
        ("b", 5, "last"),
    ]
    .iter()
    .map(|(t, id, m)| {
        (
            format!("ecommerce-server.ecommerce.{t}"),
            *id,
            m.to_string(),
        )
    })
    .collect();
    assert_eq!(rows, expected);
    // Table c is not snapshotted, but its schema is.
    assert!(records.iter().any(|r| {
        json(&r.value)["payload"]["ddl"]
            .as_str()
            .is_some_and(|d| d.starts_with("CREATE TABLE `c`"))
    }));
}

/// `snapshot.mode=initial_only` ends after the snapshot; a restart with its
/// completed offset does nothing more (`InitialOnlySnapshotter`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn initial_only_stops_after_the_snapshot() {
    let Some(server) = MariaDb::start() else {
        return;
    };
    server.sql(&scenario_sql("seed"));
    let (config, _state) = config_for(server.port(), "snapshot.mode=initial_only\n");
    let mut task = SourceTask::start(&config).await.expect("start the task");
    let records = take_snapshot(&mut task).await;
    assert_eq!(
        records
            .iter()
            .filter(|r| r.topic.ends_with(".orders"))
            .count(),
        2
    );
    let end = tokio::time::timeout(DEADLINE, task.poll())
        .await
        .expect("poll in time");
    assert!(
        end.expect("poll").is_none(),
        "no streaming after initial_only"
    );
    drop(task);
    let mut again = SourceTask::start(&config).await.expect("restart");
    let end = tokio::time::timeout(DEADLINE, again.poll())
        .await
        .expect("poll in time");
    assert!(end.expect("poll").is_none(), "nothing on a restart either");
}
