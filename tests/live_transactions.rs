//! `provide.transaction.metadata=true` on the live stream against a real MariaDB
//! (started by the test): the records of `scenarios/transactions.sql` equal Debezium's
//! (`binlog-fixtures/reference/transactions.stream.jsonl`) by `compare.py`'s rules.
//!
//! Normalised as in `tests/conformance_transactions.rs` (its module doc says why):
//! Debezium's records of MariaDB's dummy events are dropped and `source.thread` is
//! ignored. The server is another one than the oracle's, so transaction ids are
//! compared by their order of first appearance (each side's n-th id becomes `tx-n`:
//! BEGIN, data blocks and END of one transaction must agree with each other), and
//! `source.pos` and event times are ignored, as in `tests/live_stream.rs`.

mod support;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use serde_json::Value;
use support::mariadb::MariaDb;
use tributary::emit::{Emitter, LineEmitter};
use tributary::engine::SourceTask;
use tributary::engine::config::{ConnectorConfig, parse_properties};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("binlog-fixtures")
}

/// Replaces each transaction id by `tx-<n>`, n counting distinct ids in order.
fn ordinal_ids(records: &mut [Value]) {
    let mut ids: HashMap<String, String> = HashMap::new();
    let mut rename = |v: &mut Value| {
        if let Some(id) = v.as_str() {
            let next = format!("tx-{}", ids.len() + 1);
            *v = Value::String(ids.entry(id.to_owned()).or_insert(next).clone());
        }
    };
    for record in records {
        if record["topic"] == "ecommerce-server.transaction" {
            rename(&mut record["key"]["payload"]["id"]);
            rename(&mut record["value"]["payload"]["id"]);
        } else if let Some(id) = record
            .get_mut("value")
            .and_then(|v| v.get_mut("payload"))
            .and_then(|p| p.get_mut("transaction"))
            .and_then(|t| t.get_mut("id"))
        {
            rename(id);
        }
    }
}

fn is_dummy_event_record(record: &Value) -> bool {
    record["value"]["payload"]
        .get("ddl")
        .and_then(Value::as_str)
        .is_some_and(|ddl| ddl.starts_with('#'))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn live_transaction_metadata_equals_debezium() {
    let Some(server) = MariaDb::start() else {
        return;
    };
    let text = std::fs::read_to_string(fixtures().join("scenarios/connector.properties")).unwrap();
    let state = tempfile::tempdir().unwrap();
    let text = text
        .replace(
            "database.port=33081",
            &format!("database.port={}", server.port()),
        )
        .replace("/tmp/dbz-oracle-state", &state.path().display().to_string());
    let text = format!("{text}\nprovide.transaction.metadata=true\n");
    let config =
        ConnectorConfig::from_properties(&parse_properties(&text, "connector.properties").unwrap())
            .unwrap();

    let reference =
        std::fs::read_to_string(fixtures().join("reference/transactions.stream.jsonl")).unwrap();
    let mut expected: Vec<Value> = reference
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .filter(|r: &Value| {
            !is_dummy_event_record(r) && r["value"]["payload"]["source"]["snapshot"] != "last"
        })
        .collect();

    let mut task = SourceTask::start(&config).await.expect("start");
    let sql = std::fs::read_to_string(fixtures().join("scenarios/transactions.sql")).unwrap();
    server.sql(&sql);
    let mut records = Vec::new();
    while records.len() < expected.len() {
        let batch = tokio::time::timeout(Duration::from_secs(30), task.poll())
            .await
            .unwrap_or_else(|_| panic!("{} of {} records", records.len(), expected.len()))
            .expect("poll")
            .expect("the stream goes on");
        records.extend(batch.records.iter().cloned());
        task.commit(&batch.offset).expect("commit");
    }
    let mut emitter = LineEmitter::new(Vec::new(), "memory");
    emitter.emit(&records).await.unwrap();
    let lines = String::from_utf8(emitter.into_inner().unwrap()).unwrap();
    let mut actual: Vec<Value> = lines
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    ordinal_ids(&mut expected);
    ordinal_ids(&mut actual);

    let tmp = tempfile::tempdir().unwrap();
    let write = |name: &str, records: &[Value]| {
        let path = tmp.path().join(name);
        std::fs::write(
            &path,
            records.iter().map(|r| format!("{r}\n")).collect::<String>(),
        )
        .unwrap();
        path
    };
    let out = Command::new("python3")
        .arg(fixtures().join("compare.py"))
        .arg(write("expected.jsonl", &expected))
        .arg(write("actual.jsonl", &actual))
        .args([
            "--ignore",
            "source.pos,source.ts_ms,source.ts_us,source.ts_ns,source.thread",
        ])
        .output()
        .expect("python3 runs compare.py");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "live transaction metadata differs from Debezium:\n{report}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!("{}", report.lines().last().unwrap_or_default());
}
