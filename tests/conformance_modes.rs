//! Every handling mode Debezium 3.6.3's MySQL connector offers, set in the connector
//! `.properties` file, gives what the real Debezium emitted from the very same binlog
//! bytes: `replay` of `binlog-fixtures/mariadb/<run>/` with `scenarios/connector.properties`
//! plus the run's extra properties equals `binlog-fixtures/reference/<run>.stream.jsonl`
//! by the rules of `compare.py` (processing timestamps ignored). Each run was produced by
//! `reference.sh` with the same properties in `PROPS_EXTRA` (see binlog-fixtures/README.md).
//!
//! Where Debezium stops (a day the month lacks; a value the mode cannot represent in a
//! NOT NULL column; any unconvertible value under `event.converting.failure.handling.mode=fail`)
//! `replay` must fail too, naming the column; the oracle's log line is quoted beside each.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("binlog-fixtures")
}

/// Runs `tributary replay` over `binlog-fixtures/mariadb/<binlogs>/` with the seed's
/// connector properties and `extra` lines appended.
fn replay(binlogs: &str, extra: &[&str], tmp: &Path) -> Output {
    let dir = fixtures().join("mariadb").join(binlogs);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let mut props = std::fs::read_to_string(fixtures().join("scenarios/connector.properties"))
        .expect("connector.properties");
    for line in extra {
        props.push_str(line);
        props.push('\n');
    }
    let config = tmp.join("connector.properties");
    std::fs::write(&config, props).unwrap();
    Command::new(env!("CARGO_BIN_EXE_tributary"))
        .arg("replay")
        .arg("--config")
        .arg(&config)
        .args(&files)
        .output()
        .expect("run tributary")
}

/// `replay` of run `name` with `extra` properties equals Debezium's output of that run.
fn matches_reference(name: &str, extra: &[&str]) {
    let tmp = tempfile::tempdir().unwrap();
    let out = replay(name, extra, tmp.path());
    assert!(
        out.status.success(),
        "{name}: replay failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let actual = tmp.path().join(format!("{name}.jsonl"));
    std::fs::write(&actual, &out.stdout).unwrap();
    let reference = fixtures()
        .join("reference")
        .join(format!("{name}.stream.jsonl"));
    let compare = Command::new("python3")
        .arg(fixtures().join("compare.py"))
        .arg(&reference)
        .arg(&actual)
        .output()
        .expect("python3 must be installed to run compare.py (scripts/test.sh installs it)");
    let report = String::from_utf8_lossy(&compare.stdout);
    assert!(
        compare.status.success(),
        "{name} ({extra:?}): differs from Debezium's output:\n{report}"
    );
    assert!(report.contains("records equal"), "{report}");
}

/// `replay` of `binlogs` with `extra` fails, and its error names every `needle`.
fn fails_naming(binlogs: &str, extra: &[&str], needles: &[&str]) {
    let tmp = tempfile::tempdir().unwrap();
    let out = replay(binlogs, extra, tmp.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success(),
        "{binlogs} ({extra:?}) should fail as Debezium does; stdout:\n{}",
        String::from_utf8_lossy(&out.stdout)
    );
    for needle in needles {
        assert!(
            stderr.contains(needle),
            "{binlogs}: no {needle:?} in:\n{stderr}"
        );
    }
}

#[test]
fn decimal_handling_modes_equal_debezium() {
    matches_reference("types.decimal-string", &["decimal.handling.mode=string"]);
    matches_reference("types.decimal-double", &["decimal.handling.mode=double"]);
}

#[test]
fn bigint_unsigned_precise_equals_debezium() {
    matches_reference(
        "types.bigint-precise",
        &["bigint.unsigned.handling.mode=precise"],
    );
}

#[test]
fn binary_handling_modes_equal_debezium() {
    for mode in ["base64", "base64-url-safe", "hex"] {
        matches_reference(
            &format!("types.binary-{mode}"),
            &[&format!("binary.handling.mode={mode}")],
        );
    }
}

#[test]
fn time_precision_modes_equal_debezium() {
    for mode in ["connect", "isostring", "microseconds", "nanoseconds"] {
        let prop = format!("time.precision.mode={mode}");
        matches_reference(&format!("types.time-{mode}"), &[&prop]);
        matches_reference(&format!("zero_dates.time-{mode}"), &[&prop]);
    }
}

/// Zero and partly-zero dates written with `sql_mode=''`: null in nullable columns,
/// the epoch (or the column default) in NOT NULL ones; two-digit years adjusted unless
/// `enable.time.adjuster=false`.
#[test]
fn zero_dates_equal_debezium() {
    matches_reference("zero_dates", &[]);
    matches_reference("zero_dates.no-adjuster", &["enable.time.adjuster=false"]);
}

/// Integer extremes, DECIMAL edges, and the defaults of every column whose
/// representation a mode changes, under all modes at once.
#[test]
fn extremes_under_every_mode_equal_debezium() {
    matches_reference("extremes", &[]);
    matches_reference(
        "extremes.modes-1",
        &[
            "decimal.handling.mode=string",
            "bigint.unsigned.handling.mode=precise",
            "binary.handling.mode=base64-url-safe",
            "time.precision.mode=isostring",
        ],
    );
    matches_reference(
        "extremes.modes-2",
        &[
            "decimal.handling.mode=double",
            "binary.handling.mode=hex",
            "time.precision.mode=connect",
        ],
    );
    matches_reference(
        "extremes.modes-3",
        &[
            "binary.handling.mode=base64",
            "time.precision.mode=microseconds",
        ],
    );
    matches_reference("extremes.modes-4", &["time.precision.mode=nanoseconds"]);
}

#[test]
fn schema_comments_and_source_types_equal_debezium() {
    matches_reference("extremes.comments", &["include.schema.comments=true"]);
    matches_reference(
        "extremes.propagate",
        &[
            "column.propagate.source.type=.*",
            "include.schema.comments=true",
        ],
    );
    matches_reference(
        "types.propagate",
        &[
            "column.propagate.source.type=ecommerce.all_types.c_(dec|varchar|ubig|bit13|enum|float)",
            "datatype.propagate.source.type=.+[.](DATETIME|BLOB|BIGINT UNSIGNED|char)",
        ],
    );
}

/// BLOB and TEXT values above 64 KiB.
#[test]
fn large_values_equal_debezium() {
    matches_reference("large_values", &[]);
}

/// Debezium: "Error while deserializing binlog data of date: Invalid date 'FEBRUARY 30'"
/// (invalid_dates, event.processing.failure.handling.mode=fail, the default).
#[test]
fn a_day_the_month_lacks_stops_replay_as_it_stops_debezium() {
    fails_naming("invalid_dates", &[], &["2021-02-30"]);
    fails_naming(
        "invalid_dates",
        &["event.converting.failure.handling.mode=skip"],
        &["2021-02-30"],
    );
}

/// Debezium: `DataException: Invalid value: null used for required field: "t_nn"`
/// (time_out_of_range with time.precision.mode=connect, also with
/// event.converting.failure.handling.mode=skip).
#[test]
fn an_unrepresentable_value_in_a_not_null_column_stops_replay() {
    for extra in [
        &["time.precision.mode=connect"][..],
        &[
            "time.precision.mode=connect",
            "event.converting.failure.handling.mode=skip",
        ],
    ] {
        fails_naming("time_out_of_range", extra, &["t_nn"]);
    }
}

/// Debezium: "Failed to properly convert data value for 'ecommerce.all_types.c_time'"
/// (types with time.precision.mode=connect and event.converting.failure.handling.mode=fail).
#[test]
fn converting_failure_mode_fail_stops_on_a_nullable_column_too() {
    fails_naming(
        "types",
        &[
            "time.precision.mode=connect",
            "event.converting.failure.handling.mode=fail",
        ],
        &["c_time"],
    );
}

/// Values Debezium 3.6.3 refuses at startup are refused too, naming the key.
#[test]
fn values_debezium_refuses_are_refused() {
    for (extra, key) in [
        ("time.precision.mode=adaptive", "time.precision.mode"),
        ("time.precision.mode=structured", "time.precision.mode"),
        (
            "event.converting.failure.handling.mode=ignore",
            "event.converting.failure.handling.mode",
        ),
        ("decimal.handling.mode=exact", "decimal.handling.mode"),
    ] {
        fails_naming("types", &[extra], &[key]);
    }
}
