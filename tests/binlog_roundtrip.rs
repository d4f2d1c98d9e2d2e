//! Round trip through MariaDB itself: random DECIMAL, DATE, TIME(n) (negative too),
//! DATETIME(n), TIMESTAMP(n) and JSON values are inserted into the live test server;
//! the values `tributary::binlog` decodes from the binlog the server wrote must
//! equal, rendered as text, what `SELECT` returns for the same rows.
//!
//! The server is the oracle on both sides: it stores (and may round or normalise) the
//! inserted literal once, then writes the stored value to the binlog and prints it
//! for SELECT. JSON in MariaDB is LONGTEXT (text in the row image, not MySQL's binary
//! JSON, which needs a MySQL server); it is compared byte for byte through `HEX()` so
//! the client's escaping cannot interfere.

mod support;

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicU32, Ordering};

use proptest::prelude::*;
use support::mariadb::MariaDb;
use tributary::binlog::reader::BinlogFileReader;
use tributary::binlog::{Decoder, Event, RowsKind, TableMapEvent, Value};

const COLUMNS: &str = "id INT PRIMARY KEY,
    d65 DECIMAL(65,30), d10 DECIMAL(10,0), d18 DECIMAL(18,9) UNSIGNED, d5 DECIMAL(5,5),
    dt DATE, t0 TIME, t3 TIME(3), t6 TIME(6),
    dtm0 DATETIME, dtm4 DATETIME(4), dtm6 DATETIME(6),
    ts0 TIMESTAMP NULL, ts2 TIMESTAMP(2) NULL, ts6 TIMESTAMP(6) NULL,
    j JSON";

/// Column names in table order, after `id`; the SELECT prints them in this order.
const VALUE_COLUMNS: &[&str] = &[
    "d65", "d10", "d18", "d5", "dt", "t0", "t3", "t6", "dtm0", "dtm4", "dtm6", "ts0", "ts2", "ts6",
    "j",
];

/// One row of literals, as inserted.
#[derive(Debug, Clone)]
struct RowLiterals {
    values: Vec<String>,
}

fn digits(max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(0u8..10, 0..=max)
        .prop_map(|d| d.into_iter().map(|x| char::from(b'0' + x)).collect())
}

/// A DECIMAL(p,s) literal within range.
fn decimal(precision: usize, scale: usize, signed: bool) -> impl Strategy<Value = String> {
    (any::<bool>(), digits(precision - scale), digits(scale)).prop_map(move |(neg, i, f)| {
        let int = if i.is_empty() { "0".to_owned() } else { i };
        let sign = if neg && signed { "-" } else { "" };
        if f.is_empty() {
            format!("{sign}{int}")
        } else {
            format!("{sign}{int}.{f}")
        }
    })
}

fn fraction(fsp: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(0u8..10, fsp..=fsp).prop_map(|d| {
        if d.is_empty() {
            String::new()
        } else {
            format!(
                ".{}",
                d.into_iter()
                    .map(|x| char::from(b'0' + x))
                    .collect::<String>()
            )
        }
    })
}

fn date() -> impl Strategy<Value = (u32, u32, u32)> {
    // Day 28 at most: every month has it.
    (1000u32..=9999, 1u32..=12, 1u32..=28)
}

fn time(fsp: usize) -> impl Strategy<Value = String> {
    (any::<bool>(), 0u32..=838, 0u32..60, 0u32..60, fraction(fsp)).prop_map(|(neg, h, m, s, f)| {
        let (m, s, f) = if h == 838 {
            (m, s, String::new())
        } else {
            (m, s, f)
        };
        format!("'{}{h:02}:{m:02}:{s:02}{f}'", if neg { "-" } else { "" })
    })
}

fn datetime(fsp: usize) -> impl Strategy<Value = String> {
    (date(), 0u32..24, 0u32..60, 0u32..60, fraction(fsp)).prop_map(|((y, mo, d), h, mi, s, f)| {
        format!("'{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}{f}'")
    })
}

/// A TIMESTAMP literal in UTC (the session time zone is set to +00:00), inside
/// 1970-01-01 00:00:01 .. 2038-01-19 03:14:07.
fn timestamp(fsp: usize) -> impl Strategy<Value = String> {
    (1i64..=2_147_483_647, fraction(fsp)).prop_map(|(secs, f)| {
        let (date, time) = utc_datetime(secs);
        format!("'{date} {time}{f}'")
    })
}

fn json() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        any::<i64>().prop_map(|n| serde_json::json!(n)),
        (-1.0e9f64..1.0e9).prop_map(|n| serde_json::json!(n)),
        "\\PC{0,12}".prop_map(serde_json::Value::String),
    ];
    let value = leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::Array),
            proptest::collection::btree_map("[a-z]{1,6}", inner, 0..4)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    });
    value.prop_map(|v| {
        let text = v.to_string();
        let hex: String = text.bytes().map(|b| format!("{b:02X}")).collect();
        format!("CONVERT(X'{hex}' USING utf8mb4)")
    })
}

fn row() -> impl Strategy<Value = RowLiterals> {
    let decimals = (
        decimal(65, 30, true),
        decimal(10, 0, true),
        decimal(18, 9, false),
        decimal(5, 5, true),
    );
    let times = (
        date().prop_map(|(y, m, d)| format!("'{y:04}-{m:02}-{d:02}'")),
        time(0),
        time(3),
        time(6),
    );
    let datetimes = (datetime(0), datetime(4), datetime(6));
    let timestamps = (timestamp(0), timestamp(2), timestamp(6));
    (decimals, times, datetimes, timestamps, json()).prop_map(
        |((a, b, c, d), (e, f, g, h), (i, j, k), (l, m, n), o)| RowLiterals {
            values: vec![a, b, c, d, e, f, g, h, i, j, k, l, m, n, o],
        },
    )
}

/// Civil date and time of `secs` after the epoch, UTC (days → y/m/d by the
/// proleptic Gregorian calendar).
fn utc_datetime(secs: i64) -> (String, String) {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Howard Hinnant's `civil_from_days`.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (
        format!("{y:04}-{m:02}-{d:02}"),
        format!("{:02}:{:02}:{:02}", rem / 3600, rem % 3600 / 60, rem % 60),
    )
}

/// Fraction digits as SELECT prints them for a column of precision `fsp`.
fn fraction_text(micros: u32, fsp: usize) -> String {
    if fsp == 0 {
        return String::new();
    }
    let all = format!("{micros:06}");
    format!(".{}", all.get(..fsp).unwrap_or(&all))
}

/// The text SELECT prints for a decoded value of column `name`.
fn render(name: &str, value: &Value<'_>) -> String {
    let fsp = |n: &str| {
        n.trim_start_matches(|c: char| c.is_ascii_alphabetic())
            .parse::<usize>()
            .unwrap_or(0)
    };
    match value {
        Value::Null => "NULL".to_owned(),
        Value::Decimal(d) => d.to_string(),
        Value::Date(d) => format!("{:04}-{:02}-{:02}", d.year, d.month, d.day),
        Value::Time(t) => format!(
            "{}{:02}:{:02}:{:02}{}",
            if t.negative { "-" } else { "" },
            t.hours,
            t.minutes,
            t.seconds,
            fraction_text(t.micros, fsp(name))
        ),
        Value::DateTime(dt) => format!(
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02}{}",
            dt.date.year,
            dt.date.month,
            dt.date.day,
            dt.hour,
            dt.minute,
            dt.second,
            fraction_text(dt.micros, fsp(name))
        ),
        Value::Timestamp { seconds, micros } => {
            let (date, time) = utc_datetime(i64::from(*seconds));
            format!("{date} {time}{}", fraction_text(*micros, fsp(name)))
        }
        // JSON (LONGTEXT in MariaDB): compared as HEX(j).
        Value::Bytes(b) => b.iter().map(|x| format!("{x:02X}")).collect(),
        other => format!("unexpected {other:?}"),
    }
}

/// Rows of `db.table` in the after images of WRITE_ROWS events of every binlog file
/// of the server, by id, rendered as SELECT prints them.
fn binlog_rows(dir: &Path, db: &str, table: &str) -> HashMap<String, Vec<String>> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("binlog dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .and_then(|n| n.strip_prefix("mariadb-bin."))
                .is_some_and(|ext| ext.bytes().all(|b| b.is_ascii_digit()))
        })
        .collect();
    files.sort();
    let mut out = HashMap::new();
    for file in files {
        let reader = BinlogFileReader::open(&file).expect("open binlog");
        let mut decoder = Decoder::new();
        let mut maps: HashMap<u64, TableMapEvent> = HashMap::new();
        for raw in reader {
            let raw = raw.unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            let event = decoder
                .decode_at(&raw.bytes, raw.pos)
                .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            match event {
                Event::TableMap(map) => {
                    maps.insert(map.table_id(), map);
                }
                Event::Rows(rows) if rows.kind == RowsKind::Write => {
                    let Some(map) = maps.get(&rows.table_id) else {
                        continue;
                    };
                    if map.database() != db.as_bytes() || map.table() != table.as_bytes() {
                        continue;
                    }
                    for row in rows.rows(map) {
                        let row = row.unwrap_or_else(|e| panic!("{}: {e}", file.display()));
                        let after = row.after.expect("WRITE_ROWS after image");
                        let id = match after.first() {
                            Some(Value::Int(id)) => id.to_string(),
                            other => panic!("id column: {other:?}"),
                        };
                        let values = VALUE_COLUMNS
                            .iter()
                            .zip(after.iter().skip(1))
                            .map(|(name, v)| render(name, v))
                            .collect();
                        out.insert(id, values);
                    }
                }
                _ => {}
            }
        }
    }
    out
}

static NEXT_ID: AtomicU32 = AtomicU32::new(1);

fn check_round_trip(server: &MariaDb, rows: &[RowLiterals]) -> Result<(), TestCaseError> {
    let first = NEXT_ID.fetch_add(rows.len() as u32, Ordering::SeqCst);
    let mut sql = String::from("SET time_zone = '+00:00'; BEGIN;\n");
    for (offset, row) in rows.iter().enumerate() {
        sql.push_str(&format!(
            "INSERT INTO rt.v VALUES ({}, {});\n",
            first + offset as u32,
            row.values.join(", ")
        ));
    }
    sql.push_str("COMMIT;\n");
    server.sql(&sql);
    let last = first + rows.len() as u32;
    let select = server.sql(&format!(
        "SET time_zone = '+00:00'; SELECT id, {} FROM rt.v WHERE id >= {first} AND id < {last} ORDER BY id;",
        VALUE_COLUMNS
            .iter()
            .map(|c| if *c == "j" { "HEX(j)".to_owned() } else { (*c).to_owned() })
            .collect::<Vec<_>>()
            .join(", ")
    ));
    let decoded = binlog_rows(&server.binlog_dir(), "rt", "v");
    let mut compared = 0;
    for line in select.lines() {
        let mut fields = line.split('\t');
        let id = fields.next().unwrap_or_default().to_owned();
        let selected: Vec<String> = fields.map(str::to_owned).collect();
        let from_binlog = decoded.get(&id);
        prop_assert_eq!(
            Some(&selected),
            from_binlog,
            "row id {} (SELECT left, binlog right); inserted {:?}",
            id,
            rows.get((id.parse::<u32>().unwrap_or(first) - first) as usize)
        );
        compared += 1;
    }
    prop_assert_eq!(compared, rows.len());
    Ok(())
}

#[test]
fn decimal_temporal_and_json_values_round_trip_through_the_binlog() {
    let Some(server) = MariaDb::shared() else {
        return;
    };
    server.sql(&format!(
        "CREATE DATABASE IF NOT EXISTS rt; CREATE TABLE IF NOT EXISTS rt.v ({COLUMNS});"
    ));
    // 8 cases of 8 rows, each case one transaction: 64 random rows.
    let config = ProptestConfig {
        cases: 8,
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    let mut runner = proptest::test_runner::TestRunner::new(config);
    let result = runner.run(&proptest::collection::vec(row(), 8..=8), |rows| {
        check_round_trip(&server, &rows)
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

#[test]
fn utc_datetime_follows_the_calendar() {
    // Known instants (POSIX time): the epoch, 2000-02-29, the TIMESTAMP maximum.
    assert_eq!(
        utc_datetime(0),
        ("1970-01-01".to_owned(), "00:00:00".to_owned())
    );
    assert_eq!(
        utc_datetime(951_782_400),
        ("2000-02-29".to_owned(), "00:00:00".to_owned())
    );
    assert_eq!(
        utc_datetime(2_147_483_647),
        ("2038-01-19".to_owned(), "03:14:07".to_owned())
    );
}
