//! `tributary run`'s engine against a real MariaDB (started by the test on a free
//! loopback port): stream the oracle scenarios' SQL and compare with what Debezium
//! 3.6.3 emitted for the same SQL (`binlog-fixtures/reference/*.stream.jsonl`) by
//! `compare.py`'s rules. The servers write different binlog bytes than the oracle's
//! (server version string, timing), so `source.pos` and the event times
//! `source.ts_*` are ignored, as the comparison reports.

mod support;

use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::process::Command;
use std::time::Duration;

use futures_core::Stream;
use support::mariadb::MariaDb;
use tributary::emit::{Emitter, LineEmitter, Record};
use tributary::engine::config::{ConnectorConfig, parse_properties};
use tributary::engine::{ChangeStream, SourceTask};

const DEADLINE: Duration = Duration::from_secs(60);

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("binlog-fixtures")
}

/// The oracle's connector configuration, pointed at `port`, with its history and
/// offsets files in a directory of this test's own (a stored offset would make the
/// next run resume instead of starting at the current position).
fn config_for(port: u16) -> ConnectorConfig {
    let text = std::fs::read_to_string(fixtures().join("scenarios/connector.properties")).unwrap();
    let state = std::env::temp_dir().join(format!("tributary-live-{}-{port}", std::process::id()));
    std::fs::create_dir_all(&state).unwrap();
    let text = text
        .replace("database.port=33081", &format!("database.port={port}"))
        .replace("/tmp/dbz-oracle-state", &state.display().to_string());
    ConnectorConfig::from_properties(&parse_properties(&text, "connector.properties").unwrap())
        .unwrap()
}

fn scenario_sql(name: &str) -> String {
    std::fs::read_to_string(fixtures().join("scenarios").join(format!("{name}.sql"))).unwrap()
}

/// Records of the reference: the snapshot of the empty server (its
/// `SET character_set_server` schema record, marked `last`) and the streamed ones.
fn expected_count(name: &str) -> usize {
    let text =
        std::fs::read_to_string(fixtures().join(format!("reference/{name}.stream.jsonl"))).unwrap();
    text.lines().filter(|l| !l.trim().is_empty()).count()
}

/// Writes the records as the stdout sink would and compares them with the reference.
async fn assert_matches_reference(name: &str, records: &[Record]) {
    let mut emitter = LineEmitter::new(Vec::new(), "memory");
    emitter.emit(records).await.unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let actual = tmp.path().join(format!("{name}.jsonl"));
    std::fs::write(&actual, emitter.into_inner().unwrap()).unwrap();
    let out = Command::new("python3")
        .arg(fixtures().join("compare.py"))
        .arg(fixtures().join(format!("reference/{name}.stream.jsonl")))
        .arg(&actual)
        .args([
            "--ignore",
            "source.pos,source.ts_ms,source.ts_us,source.ts_ns",
        ])
        .output()
        .expect("python3 runs compare.py");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{name}: live stream differs from Debezium:\n{report}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn source_task_streams_seed_like_debezium() {
    let Some(server) = MariaDb::start() else {
        return;
    };
    let config = config_for(server.port());
    let mut task = SourceTask::start(&config)
        .await
        .expect("start the source task");
    server.sql(&scenario_sql("seed"));
    let want = expected_count("seed");
    let mut records = Vec::new();
    while records.len() < want {
        let batch = tokio::time::timeout(DEADLINE, task.poll())
            .await
            .unwrap_or_else(|_| panic!("only {} of {want} records arrived", records.len()))
            .expect("poll")
            .expect("the server does not end the stream");
        records.extend(batch.records.iter().cloned());
        task.commit(&batch.offset).expect("commit");
    }
    let committed = task.committed().expect("an offset was committed");
    assert_eq!(committed.file, "mariadb-bin.000001");
    assert_matches_reference("seed", &records).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn change_stream_streams_types_like_debezium() {
    let Some(server) = MariaDb::start() else {
        return;
    };
    let config = config_for(server.port());
    let mut stream = ChangeStream::connect(&config)
        .await
        .expect("connect the stream");
    server.sql(&scenario_sql("types"));
    let want = expected_count("types");
    let mut records = Vec::new();
    while records.len() < want {
        let next = std::future::poll_fn(|cx| Pin::new(&mut stream).poll_next(cx));
        let item = tokio::time::timeout(DEADLINE, next)
            .await
            .unwrap_or_else(|_| panic!("only {} of {want} records arrived", records.len()))
            .expect("the stream does not end")
            .expect("no stream error");
        records.push(item.record);
    }
    assert_matches_reference("types", &records).await;
    // Asking for an item acknowledged every batch but the last (offset.flush.interval.ms
    // is 1 s in this config; dropping the stream stores what was acknowledged): a new
    // stream re-delivers exactly the unacknowledged last batch, nothing before it.
    drop(stream);
    let mut again = ChangeStream::connect(&config)
        .await
        .expect("reconnect the stream");
    let mut redelivered = Vec::new();
    loop {
        let next = std::future::poll_fn(|cx| Pin::new(&mut again).poll_next(cx));
        match tokio::time::timeout(Duration::from_secs(5), next).await {
            Err(_) => break,
            Ok(item) => redelivered.push(
                item.expect("the stream does not end")
                    .expect("no stream error")
                    .record,
            ),
        }
    }
    assert!(
        !redelivered.is_empty(),
        "the last batch was not acknowledged"
    );
    assert!(
        redelivered.len() < records.len(),
        "acknowledged batches came again"
    );
    let tail = &records[records.len() - redelivered.len()..];
    let strip = |r: &Record| {
        r.value.as_ref().map(|v| {
            let mut json: serde_json::Value = serde_json::from_slice(v).unwrap();
            if let Some(p) = json.get_mut("payload").and_then(|p| p.as_object_mut()) {
                p.remove("ts_ms");
                p.remove("ts_us");
                p.remove("ts_ns");
            }
            json
        })
    };
    assert_eq!(
        redelivered.iter().map(strip).collect::<Vec<_>>(),
        tail.iter().map(strip).collect::<Vec<_>>()
    );
}

/// `tributary run` with a wrong password: one error line naming the server's refusal,
/// exit code 1, no panic.
#[test]
fn wrong_password_is_a_one_line_error() {
    let Some(server) = MariaDb::start() else {
        return;
    };
    let text = std::fs::read_to_string(fixtures().join("scenarios/connector.properties")).unwrap();
    let text = text
        .replace(
            "database.port=33081",
            &format!("database.port={}", server.port()),
        )
        .replace(
            "database.password=cdc",
            "database.password=not-the-password",
        );
    let tmp = tempfile::tempdir().unwrap();
    let config = tmp.path().join("wrong-password.properties");
    std::fs::write(&config, text).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_tributary"))
        .args(["run", "--config", config.to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(errors.len(), 1, "{stderr}");
    assert!(
        errors[0].contains("Access denied for user 'cdc'"),
        "{}",
        errors[0]
    );
}
