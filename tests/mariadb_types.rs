//! MariaDB's own data types UUID, INET4 and INET6, against a real server: the text
//! Tributary writes for each value in a replayed binlog must be the text the server
//! returns for `CAST(col AS CHAR)`, for addresses chosen to hit every branch of the
//! INET6 text rules (zero runs at the start, middle and end, ties, IPv4-compatible and
//! IPv4-mapped forms) and UUIDs whose stored bytes end in zeros (the binlog cuts them).
//!
//! Debezium's MySQL connector stops on these tables (`DDL statement couldn't be
//! parsed`, see binlog-fixtures/README.md); its MariaDB connector maps UUID to
//! `io.debezium.data.Uuid`, which the schema check below asserts.
//!
//! Skipped with a SKIP line when `mariadbd` is missing (unless `CI=true`).

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use support::mariadb::MariaDb;

const UUIDS: &[&str] = &[
    "123e4567-e89b-12d3-a456-426655440000",
    "00000000-0000-0000-0000-000000000000",
    "ffffffff-ffff-ffff-ffff-ffffffffffff",
    "f47ac10b-58cc-4372-a567-0e02b2c3d479",
    "6ba7b810-9dad-11d1-80b4-00c04fd430c8",
    "01890a5d-ac96-774b-bcce-b302099a8057",
];

const INET6: &[&str] = &[
    "::",
    "::1",
    "1::",
    "::10.0.5.9",
    "::ffff:10.0.5.9",
    "::ffff:0.0.0.0",
    "::fffe:10.0.5.9",
    "fdfe::5a55:caff:fefa:9089",
    "2001:db8:0:0:1:0:0:1",
    "2001:db8:0:1:1:1:1:1",
    "2001:0:0:1:0:0:0:1",
    "0:0:1:0:0:0:0:0",
    "1:0:0:0:0:0:0:0",
    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
    "0:0:0:0:0:1:0:0",
];

const INET4: &[&str] = &["0.0.0.0", "10.0.0.1", "192.168.1.10", "255.255.255.255"];

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("binlog-fixtures")
}

/// One row as the server's text: `(id, u, i4, i6)`, `None` for NULL.
type TextRow = (i64, Option<String>, Option<String>, Option<String>);

/// The table's rows as the server's text.
fn server_texts(server: &MariaDb) -> Vec<TextRow> {
    let out = server.sql(
        "SELECT id, IFNULL(CAST(u AS CHAR), 'NULL'), IFNULL(CAST(i4 AS CHAR), 'NULL'),
                IFNULL(CAST(i6 AS CHAR), 'NULL') FROM ecommerce.fbt ORDER BY id",
    );
    let opt = |s: &str| (s != "NULL").then(|| s.to_owned());
    out.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            assert_eq!(cols.len(), 4, "unexpected row {line:?}");
            (
                cols[0].parse().expect("id"),
                opt(cols[1]),
                opt(cols[2]),
                opt(cols[3]),
            )
        })
        .collect()
}

fn binlog_files(server: &MariaDb) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(server.binlog_dir())
        .expect("binlog dir")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("mariadb-bin.0"))
        })
        .collect();
    files.sort();
    files
}

#[test]
fn uuid_and_inet_values_replay_as_the_server_writes_them() {
    let Some(server) = MariaDb::start() else {
        return;
    };
    let mut inserts = Vec::new();
    let rows = UUIDS.len().max(INET6.len()).max(INET4.len());
    for i in 0..rows {
        let quoted = |list: &[&str]| {
            list.get(i)
                .map_or_else(|| "NULL".to_owned(), |v| format!("'{v}'"))
        };
        inserts.push(format!(
            "({i}, {}, {}, {})",
            quoted(UUIDS),
            quoted(INET4),
            quoted(INET6)
        ));
    }
    server.sql(&format!(
        "CREATE DATABASE ecommerce;
         CREATE TABLE ecommerce.fbt (id INT PRIMARY KEY, u UUID, i4 INET4, i6 INET6);
         INSERT INTO ecommerce.fbt VALUES {};
         FLUSH BINARY LOGS;",
        inserts.join(", ")
    ));
    let expected = server_texts(&server);
    assert_eq!(expected.len(), rows);

    let out = Command::new(env!("CARGO_BIN_EXE_tributary"))
        .arg("replay")
        .arg("--config")
        .arg(fixtures().join("scenarios/connector.properties"))
        .args(binlog_files(&server))
        .output()
        .expect("run tributary");
    assert!(
        out.status.success(),
        "replay failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let records: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    let data: Vec<&Value> = records
        .iter()
        .filter(|r| r["topic"] == "ecommerce-server.ecommerce.fbt")
        .collect();
    assert_eq!(data.len(), rows, "one insert record per row");

    let fields = data[0]["value"]["schema"]["fields"]
        .as_array()
        .and_then(|f| f.iter().find(|f| f["field"] == "after"))
        .and_then(|a| a["fields"].as_array())
        .expect("after schema");
    let field = |name: &str| {
        fields
            .iter()
            .find(|f| f["field"] == name)
            .unwrap_or_else(|| panic!("no field {name}"))
    };
    assert_eq!(field("u")["type"], "string");
    assert_eq!(field("u")["name"], "io.debezium.data.Uuid");
    assert_eq!(field("i4")["type"], "string");
    assert_eq!(field("i6")["type"], "string");

    let text = |v: &Value| v.as_str().map(str::to_owned);
    for (record, (id, u, i4, i6)) in data.iter().zip(&expected) {
        let after = &record["value"]["payload"]["after"];
        assert_eq!(after["id"].as_i64(), Some(*id));
        assert_eq!(&text(&after["u"]), u, "UUID of row {id}");
        assert_eq!(&text(&after["i4"]), i4, "INET4 of row {id}");
        assert_eq!(&text(&after["i6"]), i6, "INET6 of row {id}");
    }
}
