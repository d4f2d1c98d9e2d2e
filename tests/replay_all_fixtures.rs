//! `tributary replay` with `tributary.schema.fallback=table_map` and no include list
//! reads every binlog of `binlog-fixtures/mysql/` (MySQL 5.0 … 9.6, MariaDB 10.5):
//! exit 0 with one data record per row change on files that are not corrupt, exit 1
//! with one error line naming the file and the offset on corrupt/truncated ones.
//!
//! The expected row changes are counted from independent decodings of the same bytes:
//! `binlog-fixtures/decoded/<file>.txt` (`mariadb-binlog -v`: one `### INSERT INTO`,
//! `### UPDATE` or `### DELETE FROM` block per row change), or, where mariadb-binlog
//! could not decode a file, `binlog-fixtures/decoded-dbz/<file>.jsonl` (Debezium's
//! binlog library). The replays set `table.ignore.builtin=false`: many of these
//! fixtures were written by MySQL's test suite into `mysql.*` tables.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Files that must fail, with the offset their one error line must name. The
/// offsets come from the other decoders: `mariadb-binlog` "Could not read entry at
/// offset 4"; the file is 129 bytes and its last event starts at 120 (Debezium's
/// library: "Failed to read next byte from position 129"); Debezium's library fails on
/// the QUERY event whose header (timestamp 1192606272, server 10909, 171 bytes) starts
/// at byte 91204 of the relay log.
///
/// `ver_5_1-wl2325_r.001` was written by a MySQL 5.2 development build whose event
/// numbering differs from every release: its type-16 events are 11 bytes longer than a
/// released XID_EVENT (`mariadb-binlog` prints them as XIDs with a garbage value and
/// prints no row at all; Debezium's library fails on the file). Decoding them as XIDs
/// would mean ignoring bytes, so the file must end in one clean error at byte 428.
const CORRUPT: &[(&str, u64)] = &[
    ("binlog_truncated_event.000001", 4),
    ("binlog_truncated_prev_gtid_event.000001", 120),
    ("corrupt-relay-bin.000624", 91204),
    ("ver_5_1-wl2325_r.001", 428),
];

/// Files whose events the `binlog` module does not decode yet; the test reports them
/// but does not fail on them, and fails once one passes (then remove it from here).
const PENDING_DECODER: &[(&str, &str)] = &[];

/// Files mariadb-binlog could not decode (their `.err` says why); the count comes from
/// `decoded-dbz/` instead.
const MARIADB_BINLOG_CANNOT_DECODE: &[&str] = &[
    // "Character set '#255' is not a compiled character set": it stops before the rows.
    "json.binlog.000001",
    // It prints TRANSACTION_PAYLOAD_EVENT as an unknown event, without its rows.
    "transaction_compression.000001",
];

const TOPIC_PREFIX: &str = "fx";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("binlog-fixtures")
}

fn config(dir: &Path, fallback: Option<&str>) -> PathBuf {
    let mut text = format!(
        "connector.class=io.debezium.connector.mysql.MySqlConnector\n\
         topic.prefix={TOPIC_PREFIX}\n\
         schema.history.internal=io.debezium.relational.history.MemorySchemaHistory\n"
    );
    if let Some(value) = fallback {
        // Every table, the system databases' too: many fixtures were written by
        // MySQL's test suite into `mysql.*` tables.
        text.push_str(&format!(
            "tributary.schema.fallback={value}\ntable.ignore.builtin=false\n"
        ));
    }
    let path = dir.join(format!(
        "connector-{}.properties",
        fallback.unwrap_or("none")
    ));
    std::fs::write(&path, text).expect("write config");
    path
}

fn replay(config: &Path, files: &[PathBuf]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tributary"))
        .arg("replay")
        .arg("--config")
        .arg(config)
        .args(files)
        .output()
        .expect("run tributary")
}

/// The JSON lines of data records (not schema changes, not tombstones).
fn data_records(stdout: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("a JSON line"))
        .filter(|r| r["topic"] != TOPIC_PREFIX && !r["value"].is_null())
        .collect()
}

/// Row changes `mariadb-binlog -v` shows.
fn mariadb_binlog_row_changes(name: &str) -> usize {
    let path = fixtures().join("decoded").join(format!("{name}.txt"));
    // The decodings print column bytes as they are: not necessarily UTF-8.
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    String::from_utf8_lossy(&bytes)
        .lines()
        .filter_map(|l| {
            ["### INSERT INTO `", "### UPDATE `", "### DELETE FROM `"]
                .iter()
                .find_map(|p| l.strip_prefix(p))
        })
        .count()
}

/// Row changes Debezium's binlog library decoded (an UPDATE lists before and after
/// images in turn).
fn debezium_library_row_changes(name: &str) -> usize {
    let path = fixtures().join("decoded-dbz").join(format!("{name}.jsonl"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut count = 0;
    for line in text.lines() {
        let event: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        let (Some(rows), Some(_)) = (event["rows"].as_array(), event["table"].as_str()) else {
            continue;
        };
        count += if event["update_pairs"] == true {
            rows.len() / 2
        } else {
            rows.len()
        };
    }
    count
}

fn expected_row_changes(name: &str) -> usize {
    if MARIADB_BINLOG_CANNOT_DECODE.contains(&name) {
        // Debezium's library skips PARTIAL_UPDATE_ROWS_EVENTs (decoded-dbz/ lists no
        // rows for them); mysql_common counts their rows.
        debezium_library_row_changes(name) + partial_update_rows(name)
    } else {
        mariadb_binlog_row_changes(name)
    }
}

/// Row changes of the PARTIAL_UPDATE_ROWS_EVENTs (type 39) of a fixture, as mysql_common
/// (an independent decoder, dev-dependency with its `binlog` feature) reads them.
fn partial_update_rows(name: &str) -> usize {
    use mysql_common::binlog::EventStreamReader;
    use mysql_common::binlog::consts::BinlogVersion;
    use mysql_common::binlog::events::EventData;
    const PARTIAL_UPDATE_ROWS_EVENT: u8 = 39;
    let data = std::fs::read(fixtures().join("mysql").join(name)).expect("fixture");
    let Some(mut input) = data.get(4..) else {
        return 0;
    };
    let mut reader = EventStreamReader::new(BinlogVersion::Version4);
    let mut count = 0;
    while let Ok(Some(event)) = reader.read(&mut input) {
        if event.header().event_type_raw() != PARTIAL_UPDATE_ROWS_EVENT {
            continue;
        }
        if let Ok(Some(EventData::RowsEvent(rows))) = event.read_data() {
            let tme = reader
                .get_tme(rows.table_id())
                .expect("table map before rows");
            count += rows.rows(tme).count();
        }
    }
    count
}

fn mysql_fixtures() -> Vec<PathBuf> {
    let dir = fixtures().join("mysql");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.file_name().is_some_and(|n| n != "LICENSE-MIT"))
        .collect();
    files.sort();
    files
}

/// What is wrong with the replay of one file, if anything.
fn check_file(config: &Path, file: &Path) -> Result<(), String> {
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let out = replay(config, &[file.to_path_buf()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    if let Some((_, offset)) = CORRUPT.iter().find(|(n, _)| *n == name) {
        let lines: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error:")).collect();
        let one_line_naming_both = lines.len() == 1
            && lines.iter().all(|l| {
                l.contains(&name)
                    && (l.contains(&format!("byte {offset}"))
                        || l.contains(&format!("position {offset}")))
            });
        return if out.status.code() == Some(1) && one_line_naming_both {
            Ok(())
        } else {
            Err(format!(
                "{name}: expected exit 1 and one error line naming the file and offset {offset}, got {:?}: {stderr}",
                out.status.code()
            ))
        };
    }
    if !out.status.success() {
        return Err(format!("{name}: exit {:?}: {stderr}", out.status.code()));
    }
    let got = data_records(&out.stdout).len();
    let want = expected_row_changes(&name);
    if got != want {
        return Err(format!(
            "{name}: {got} data records, {want} row changes in the independent decoding"
        ));
    }
    Ok(())
}

#[test]
fn every_mysql_fixture_replays_with_the_table_map_fallback() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let config = config(tmp.path(), Some("table_map"));
    let files = mysql_fixtures();
    assert!(files.len() >= 36, "fixtures missing: {files:?}");
    let mut failures = Vec::new();
    let mut pending_passing = Vec::new();
    for file in &files {
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let result = check_file(&config, file);
        match PENDING_DECODER.iter().find(|(n, _)| *n == name) {
            Some((_, why)) => match result {
                Ok(()) => pending_passing.push(name),
                Err(e) => eprintln!("pending decoder support ({why}): {e}"),
            },
            None => {
                if let Err(e) = result {
                    failures.push(e);
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        pending_passing.is_empty(),
        "these now pass: remove them from PENDING_DECODER: {pending_passing:?}"
    );
}

/// The MariaDB 10.11 binlogs, each replayed on its own: a second file's tables were
/// created in the first, so only the fallback makes it readable.
#[test]
fn every_mariadb_fixture_file_replays_on_its_own_with_the_table_map_fallback() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let config = config(tmp.path(), Some("table_map"));
    let mut checked = 0;
    for scenario in ["seed", "types", "ddl"] {
        for file in ["mariadb-bin.000001", "mariadb-bin.000002"] {
            let path = fixtures().join("mariadb").join(scenario).join(file);
            let out = replay(&config, std::slice::from_ref(&path));
            assert!(
                out.status.success(),
                "{}: {}",
                path.display(),
                String::from_utf8_lossy(&out.stderr)
            );
            let want = mariadb_binlog_row_changes(&format!("mariadb_{scenario}_{file}"));
            assert_eq!(data_records(&out.stdout).len(), want, "{}", path.display());
            checked += 1;
        }
    }
    assert_eq!(checked, 6);
}

/// Without the property, as Debezium: a table no DDL defined is an error naming the
/// table and the position of its TABLE_MAP_EVENT (170, per Debezium's library).
#[test]
fn without_the_fallback_an_unknown_table_is_one_error_naming_table_and_position() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let config = config(tmp.path(), None);
    let out = replay(&config, &[fixtures().join("mysql/write-full-row.binlog")]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(
        stderr.lines().filter(|l| l.starts_with("error:")).count(),
        1,
        "{stderr}"
    );
    assert!(stderr.contains("`test`.`ba`"), "{stderr}");
    assert!(stderr.contains("byte 170"), "{stderr}");
    assert!(
        stderr.contains("tributary.schema.fallback=table_map"),
        "{stderr}"
    );
}

#[test]
fn an_invalid_fallback_value_is_a_configuration_error() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let config = config(tmp.path(), Some("ddl"));
    let out = replay(&config, &[fixtures().join("mysql/write-full-row.binlog")]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("tributary.schema.fallback"), "{stderr}");
}

/// `binlog_row_image=MINIMAL`-style images (NDB wrote partial rows in MySQL 5.1): a
/// column absent from an image is null in its struct field, the other columns keep
/// their places. `mariadb-binlog -v` shows `@1=4 @3=40` for the fifth INSERT and
/// `@1=2` alone for the DELETE of `test`.`ba` (3 INT columns, the first NOT NULL).
#[test]
fn columns_absent_from_a_partial_row_image_are_null_and_nothing_shifts() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let config = config(tmp.path(), Some("table_map"));
    let out = replay(
        &config,
        &[fixtures().join("mysql/write-partial-row.binlog")],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let records = data_records(&out.stdout);
    let payloads: Vec<&serde_json::Value> =
        records.iter().map(|r| &r["value"]["payload"]).collect();
    let partial_insert = payloads
        .iter()
        .find(|p| p["op"] == "c" && p["after"]["_3"] == 40)
        .expect("the INSERT of (4, -, 40)");
    assert_eq!(partial_insert["after"]["_1"], 4);
    assert!(partial_insert["after"]["_2"].is_null());
    let delete = payloads
        .iter()
        .find(|p| p["op"] == "d")
        .expect("the DELETE");
    assert_eq!(delete["before"]["_1"], 2);
    assert!(delete["before"]["_2"].is_null() && delete["before"]["_3"].is_null());
}
