//! `schema.name.adjustment.mode` / `field.name.adjustment.mode`: `replay` of the binlogs
//! Debezium 3.6.3 read with `avro` and `avro_unicode` equals its output
//! (`binlog-fixtures/reference/names-{avro,unicode}.stream.jsonl`, scenario
//! `scenarios/names.sql`), by `compare.py`'s rules.

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("binlog-fixtures")
}

fn replay_with_mode_equals_debezium(scenario: &str, mode: &str) {
    let dir = tempfile::tempdir().unwrap();
    let properties = dir.path().join("connector.properties");
    let mut text =
        std::fs::read_to_string(fixtures().join("scenarios/connector.properties")).unwrap();
    text.push_str(&format!(
        "\nschema.name.adjustment.mode={mode}\nfield.name.adjustment.mode={mode}\n"
    ));
    std::fs::write(&properties, text).unwrap();
    let binlogs = fixtures().join("mariadb").join(scenario);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&binlogs)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let out = Command::new(env!("CARGO_BIN_EXE_tributary"))
        .arg("replay")
        .arg("--config")
        .arg(&properties)
        .args(&files)
        .output()
        .expect("run tributary");
    assert!(
        out.status.success(),
        "replay failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let actual = dir.path().join("actual.jsonl");
    std::fs::write(&actual, &out.stdout).unwrap();
    let reference = fixtures()
        .join("reference")
        .join(format!("{scenario}.stream.jsonl"));
    let compare = Command::new("python3")
        .arg(fixtures().join("compare.py"))
        .arg(&reference)
        .arg(&actual)
        .output()
        .expect("python3 must be installed to run compare.py");
    let report = String::from_utf8_lossy(&compare.stdout);
    assert!(
        compare.status.success() && report.contains("records equal"),
        "{scenario}: differs from Debezium's output:\n{report}"
    );
}

/// `col with space` → `col_with_space`, `1st` → `_1st`, `odd-names` topic →
/// `ecommerce_server.ecommerce.odd_names.Value`.
#[test]
fn avro_name_adjustment_equals_debezium() {
    replay_with_mode_equals_debezium("names-avro", "avro");
}

/// `col with space` → `col_u0020with_u0020space`, `_ok` → `_u005fok`.
#[test]
fn avro_unicode_name_adjustment_equals_debezium() {
    replay_with_mode_equals_debezium("names-unicode", "avro_unicode");
}
