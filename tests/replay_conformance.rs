//! `replay` of the shipped MariaDB binlogs equals what Debezium 3.6.3 emitted from
//! the very same bytes (`binlog-fixtures/reference/*.stream.jsonl`), by the rules of
//! Debezium-oracle's `compare.py` (run as-is: processing timestamps ignored, snapshot
//! records dropped).

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("binlog-fixtures")
}

/// Replays `scenario`'s binlogs with the CLI and compares with the reference.
fn replay_matches_reference(scenario: &str) {
    let dir = fixtures().join("mariadb").join(scenario);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let out = Command::new(env!("CARGO_BIN_EXE_tributary"))
        .arg("replay")
        .arg("--config")
        .arg(fixtures().join("scenarios/connector.properties"))
        .args(&files)
        .output()
        .expect("run tributary");
    assert!(
        out.status.success(),
        "replay failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tmp = tempfile::tempdir().unwrap();
    let actual = tmp.path().join(format!("{scenario}.jsonl"));
    std::fs::write(&actual, &out.stdout).unwrap();
    let reference = fixtures()
        .join("reference")
        .join(format!("{scenario}.stream.jsonl"));
    let compare = Command::new("python3")
        .arg(fixtures().join("compare.py"))
        .arg(&reference)
        .arg(&actual)
        .output()
        .expect("python3 must be installed to run compare.py (scripts/test.sh installs it)");
    let report = String::from_utf8_lossy(&compare.stdout);
    assert!(
        compare.status.success(),
        "{scenario}: differs from Debezium's output:\n{report}"
    );
    assert!(report.contains("records equal"), "{report}");
}

#[test]
fn seed_replay_equals_debezium() {
    replay_matches_reference("seed");
}

#[test]
fn types_replay_equals_debezium() {
    replay_matches_reference("types");
}

#[test]
fn ddl_replay_equals_debezium() {
    replay_matches_reference("ddl");
}

/// NULL in nullable columns with a DEFAULT is emitted as the default (Kafka Connect's
/// `Struct.get`), in inserts, updates (before and after) and deletes.
#[test]
fn null_defaults_replay_equals_debezium() {
    replay_matches_reference("null-defaults");
}

/// FLUSH PRIVILEGES, GRANT, CREATE/DROP USER and ANALYZE between DDL: no schema-change
/// records, while FLUSH TABLES and CREATE/DROP INDEX get database-level ones.
#[test]
fn administrative_statements_replay_equals_debezium() {
    replay_matches_reference("admin");
}

/// Charset inheritance as Debezium models it: a collation-only database or table
/// option, `ALTER DATABASE … COLLATE` and `CONVERT TO CHARACTER SET DEFAULT` leave the
/// tracked charset unchanged (values of those columns are decoded with it, as
/// Debezium does), `CHARACTER SET binary` keeps VARCHAR/CHAR/TEXT with charset
/// `binary`.
#[test]
fn charset_inheritance_replay_equals_debezium() {
    replay_matches_reference("charsets");
}
