//! Bad input and unreachable servers end the CLI with a clear one-line error and a
//! non-zero exit code, never a panic.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("binlog-fixtures")
}

fn tributary(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tributary"))
        .args(args)
        .output()
        .expect("run tributary")
}

fn replay(file: &Path) -> Output {
    let config = fixtures().join("scenarios/connector.properties");
    tributary(&[
        "replay",
        "--config",
        config.to_str().unwrap(),
        file.to_str().unwrap(),
    ])
}

fn assert_clean_failure(out: &Output, must_contain: &[&str]) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "expected failure, stderr: {stderr}");
    assert_eq!(
        out.status.code(),
        Some(1),
        "exit code (a panic exits with 101): {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    let error_lines: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(error_lines.len(), 1, "one error line expected: {stderr}");
    for needle in must_contain {
        assert!(
            error_lines[0].contains(needle),
            "`{needle}` missing from: {}",
            error_lines[0]
        );
    }
}

#[test]
fn truncated_binlog_names_file_and_position() {
    // 14 bytes: the magic number and a partial event header.
    let out = replay(&fixtures().join("mysql/binlog_truncated_event.000001"));
    assert_clean_failure(&out, &["binlog_truncated_event.000001", "4"]);
}

#[test]
fn corrupt_relay_log_names_file_and_position() {
    // The event at 91204 is garbage: `mariadb-binlog -v` prints it as "Unknown event"
    // (binlog-fixtures/decoded/corrupt-relay-bin.000624.txt) and Debezium's binlog
    // library fails on it (decoded-dbz/). The relay log's events belong to the binlog
    // mysql-bin.010260, which the message names as well.
    let out = replay(&fixtures().join("mysql/corrupt-relay-bin.000624"));
    assert_clean_failure(
        &out,
        &["corrupt-relay-bin.000624", "91204", "mysql-bin.010260"],
    );
}

#[test]
fn missing_binlog_file_is_a_clear_error() {
    let out = replay(Path::new("/nonexistent/mariadb-bin.000001"));
    assert_clean_failure(&out, &["/nonexistent/mariadb-bin.000001"]);
}

#[test]
fn connection_refused_is_one_line() {
    // A port nobody listens on: bind, read the port, close.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let tmp = tempfile::tempdir().unwrap();
    let config = tmp.path().join("c.properties");
    let base = std::fs::read_to_string(fixtures().join("scenarios/connector.properties")).unwrap();
    std::fs::write(
        &config,
        base.replace("database.port=33081", &format!("database.port={port}")),
    )
    .unwrap();
    let out = tributary(&["run", "--config", config.to_str().unwrap()]);
    assert_clean_failure(&out, &[&format!("127.0.0.1:{port}")]);
}

/// The seed's MSK Connect file asks for AWS IAM authentication, which librdkafka cannot
/// do: `--sink kafka` stops before connecting anywhere, naming the key and what to use
/// instead, while `replay` (stdout, no Kafka) accepts the same file unchanged.
#[test]
fn msk_iam_settings_stop_the_kafka_sink_but_not_replay() {
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/seed-msk-connect.properties");
    let out = tributary(&["run", "--config", seed.to_str().unwrap(), "--sink", "kafka"]);
    if cfg!(feature = "kafka") {
        assert_clean_failure(&out, &["sasl", "SCRAM", "OAUTHBEARER"]);
    } else {
        assert_clean_failure(&out, &["no Kafka support"]);
    }

    let binlog = fixtures().join("mariadb/seed/mariadb-bin.000001");
    let out = tributary(&[
        "replay",
        "--config",
        seed.to_str().unwrap(),
        binlog.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = String::from_utf8_lossy(&out.stdout).lines().count();
    assert_eq!(
        lines, 8,
        "the seed scenario's records (reference/seed.stream.jsonl without its snapshot record)"
    );
}
