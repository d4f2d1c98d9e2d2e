//! Golden tests: render the records of `binlog-fixtures/reference/{seed,types,ddl}.stream.jsonl`
//! (what Debezium 3.6.3 emitted) and compare them, schemas included, first as parsed JSON
//! and then byte for byte.
//!
//! Table schemas are rebuilt from each reference schema-change record's `tableChanges`
//! (names, JDBC types, lengths, charsets, defaults as Debezium recorded them; the parsed
//! `DataType` by hand from the type name), and row values by hand from the SQL literals
//! of `binlog-fixtures/scenarios/*.sql`. DECIMAL row bytes come from a test packer
//! written from MySQL's `decimal2bin` description and checked against `mysql_common`.

#![allow(clippy::approx_constant)] // literals from types.sql, not π or e

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::{Value as Json, json};

use super::JsonConverter;
use crate::binlog::{Date, DateTime, PackedDecimal, Time, Value};
use crate::envelope::{
    DataChange, EnvelopeConfig, Op, SchemaChangeEvent, SnapshotMarker, SourceInfo, TableEnvelope,
};
use crate::schema::{
    ColumnSchema, DataType, IntWidth, LobSize, SchemaChange, TableChange, TableChangeKind, TableId,
    TableSchema,
};

fn reference(scenario: &str) -> Vec<String> {
    let path = format!(
        "{}/binlog-fixtures/reference/{scenario}.jsonl",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("reading {path}: {e}"))
        .lines()
        .map(str::to_owned)
        .collect()
}

// ---------------------------------------------------------------- test-only builders

/// MySQL `decimal2bin`: 9-digit groups in 4 big-endian bytes, partial groups at both
/// ends in `dig2bytes` bytes, negative numbers with every byte complemented, then the
/// top bit of the first byte flipped.
fn pack_decimal(literal: &str, precision: u8, scale: u8) -> Vec<u8> {
    const DIG2BYTES: [usize; 10] = [0, 1, 1, 2, 2, 3, 3, 4, 4, 4];
    let negative = literal.starts_with('-');
    let body = literal.trim_start_matches('-');
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let intg = usize::from(precision - scale);
    let scale = usize::from(scale);
    let int = format!("{int:0>intg$}");
    let frac = format!("{frac:0<scale$}");
    let mut groups: Vec<&str> = Vec::new();
    let lead = intg % 9;
    if lead > 0 {
        groups.push(&int[..lead]);
    }
    for k in (lead..intg).step_by(9) {
        groups.push(&int[k..k + 9]);
    }
    for k in (0..scale - scale % 9).step_by(9) {
        groups.push(&frac[k..k + 9]);
    }
    if scale % 9 > 0 {
        groups.push(&frac[scale - scale % 9..]);
    }
    let mask = if negative { 0xFF } else { 0x00 };
    let mut out = Vec::new();
    for g in groups {
        let v: u32 = g.parse().expect("digits");
        let n = DIG2BYTES[g.len()];
        out.extend(v.to_be_bytes()[4 - n..].iter().map(|b| b ^ mask));
    }
    out[0] ^= 0x80;
    out
}

fn decimal(literal: &str, precision: u8, scale: u8) -> Value<'static> {
    let bytes: &'static [u8] =
        Box::leak(pack_decimal(literal, precision, scale).into_boxed_slice());
    Value::Decimal(PackedDecimal {
        bytes,
        precision,
        scale,
    })
}

fn binlog_bytes(scenario: &str) -> Vec<u8> {
    let path = format!(
        "{}/binlog-fixtures/mariadb/{scenario}/mariadb-bin.000001",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("reading {path}: {e}"))
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The test packer's bytes are the bytes MariaDB wrote: each packed value, next to its
/// neighbouring column bytes, occurs in the scenario's binlog.
#[test]
fn test_packer_matches_the_fixture_binlogs() {
    let seed = binlog_bytes("seed");
    for (text, price) in [
        ("keyboard", "50.00"),
        ("monitor", "500.00"),
        ("microphone", "150.00"),
        ("keyboard", "45.50"),
    ] {
        let needle = [text.as_bytes(), &pack_decimal(price, 6, 2)].concat();
        assert!(contains(&seed, &needle), "{price} after {text}");
    }
    let types = binlog_bytes("types");
    let row1 = [
        pack_decimal(
            "12345678901234567890123456789012345.123456789012345678901234567890",
            65,
            30,
        ),
        pack_decimal("9999999999", 10, 0),
        pack_decimal("12345.678", 8, 3),
    ]
    .concat();
    assert!(contains(&types, &row1));
    let row3 = [&[0u8, 0, 0, 0][..], &pack_decimal("-1", 10, 0)].concat(); // c_int 0, c_dec2 -1
    assert!(contains(&types, &row3));
    let ddl = binlog_bytes("ddl");
    let needle = ["Çelik".as_bytes(), &pack_decimal("12.5", 5, 1)].concat();
    assert!(contains(&ddl, &needle));
}

/// The parsed type of a reference column, by hand from Debezium's type name.
fn data_type(c: &Json) -> DataType {
    let type_name = c["typeName"].as_str().unwrap_or_default();
    let length = c["length"].as_u64().map(|v| v as u32);
    let scale = c["scale"].as_u64().map(|v| v as u32);
    let fsp = length.unwrap_or(0) as u8;
    let unsigned = type_name.ends_with(" UNSIGNED");
    let int = |width| DataType::Int {
        width,
        unsigned,
        display_width: None,
    };
    let members = || -> Vec<String> {
        c["enumValues"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str())
                    .map(|v| v.trim_matches('\'').to_owned())
                    .collect()
            })
            .unwrap_or_default()
    };
    match type_name.trim_end_matches(" UNSIGNED") {
        "BOOLEAN" => DataType::Boolean,
        "TINYINT" => int(IntWidth::Tiny),
        "SMALLINT" => int(IntWidth::Small),
        "MEDIUMINT" => int(IntWidth::Medium),
        "INT" => int(IntWidth::Int),
        "BIGINT" => int(IntWidth::Big),
        "FLOAT" => DataType::Float { unsigned },
        "DOUBLE" => DataType::Double { unsigned },
        "DECIMAL" => DataType::Decimal {
            precision: length.unwrap_or(10),
            scale: scale.unwrap_or(0),
            unsigned,
        },
        "BIT" => DataType::Bit {
            length: length.unwrap_or(1),
        },
        "DATE" => DataType::Date,
        "TIME" => DataType::Time { fsp },
        "DATETIME" => DataType::DateTime { fsp },
        "TIMESTAMP" => DataType::Timestamp { fsp },
        "YEAR" => DataType::Year,
        "CHAR" => DataType::Char {
            length: length.unwrap_or(1),
        },
        "VARCHAR" => DataType::VarChar {
            length: length.unwrap_or(0),
        },
        "BINARY" => DataType::Binary {
            length: length.unwrap_or(1),
        },
        "VARBINARY" => DataType::VarBinary {
            length: length.unwrap_or(0),
        },
        "TINYTEXT" => DataType::Text(LobSize::Tiny),
        "TEXT" => DataType::Text(LobSize::Normal),
        "MEDIUMTEXT" => DataType::Text(LobSize::Medium),
        "LONGTEXT" => DataType::Text(LobSize::Long),
        "TINYBLOB" => DataType::Blob(LobSize::Tiny),
        "BLOB" => DataType::Blob(LobSize::Normal),
        "MEDIUMBLOB" => DataType::Blob(LobSize::Medium),
        "LONGBLOB" => DataType::Blob(LobSize::Long),
        "ENUM" => DataType::Enum(members()),
        "SET" => DataType::Set(members()),
        "JSON" => DataType::Json,
        "GEOMETRY" | "POINT" => DataType::Geometry(type_name.to_owned()),
        other => panic!("no test mapping for {other}"),
    }
}

fn opt_string(v: &Json) -> Option<String> {
    v.as_str().map(str::to_owned)
}

/// A `TableSchema` from a reference `tableChanges[].table`.
fn table_from_reference(id: &TableId, t: &Json) -> TableSchema {
    let columns = t["columns"]
        .as_array()
        .expect("columns")
        .iter()
        .map(|c| ColumnSchema {
            name: c["name"].as_str().unwrap_or_default().to_owned(),
            position: c["position"].as_u64().unwrap_or(0) as u32,
            data_type: data_type(c),
            type_name: c["typeName"].as_str().unwrap_or_default().to_owned(),
            type_expression: c["typeExpression"].as_str().unwrap_or_default().to_owned(),
            jdbc_type: c["jdbcType"].as_i64().unwrap_or(0) as i32,
            charset: opt_string(&c["charsetName"]),
            collation: None,
            length: c["length"].as_i64().map(|v| v as i32),
            scale: c["scale"].as_i64().map(|v| v as i32),
            optional: c["optional"].as_bool().unwrap_or(true),
            auto_increment: c["autoIncremented"].as_bool().unwrap_or(false),
            generated: c["generated"].as_bool().unwrap_or(false),
            comment: opt_string(&c["comment"]),
            default_value_expression: opt_string(&c["defaultValueExpression"]),
            enum_values: c["enumValues"].as_array().map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str())
                    .map(str::to_owned)
                    .collect()
            }),
        })
        .collect();
    TableSchema {
        id: id.clone(),
        columns,
        primary_key: t["primaryKeyColumnNames"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default(),
        default_charset: opt_string(&t["defaultCharsetName"]),
        comment: opt_string(&t["comment"]),
    }
}

/// `"db"."table"` → TableId.
fn parse_table_id(quoted: &str) -> TableId {
    let inner = quoted
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .expect("quoted id");
    let (db, table) = inner.split_once("\".\"").expect("two parts");
    TableId::new(db, table)
}

fn schema_change_from_reference(payload: &Json) -> SchemaChange {
    let table_changes = payload["tableChanges"]
        .as_array()
        .expect("tableChanges")
        .iter()
        .map(|tc| {
            let id = parse_table_id(tc["id"].as_str().unwrap_or_default());
            let kind = match tc["type"].as_str() {
                Some("CREATE") => TableChangeKind::Create,
                Some("ALTER") => TableChangeKind::Alter,
                _ => TableChangeKind::Drop,
            };
            let table =
                (!tc["table"].is_null()).then(|| Arc::new(table_from_reference(&id, &tc["table"])));
            TableChange { kind, id, table }
        })
        .collect();
    SchemaChange {
        database: payload["databaseName"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        ddl: payload["ddl"].as_str().unwrap_or_default().to_owned(),
        table_changes,
        source_table: payload["source"]["table"].as_str().map(str::to_owned),
    }
}

fn snapshot_marker(s: &str) -> SnapshotMarker {
    match s {
        "true" => SnapshotMarker::True,
        "first" => SnapshotMarker::First,
        "first_in_data_collection" => SnapshotMarker::FirstInDataCollection,
        "last_in_data_collection" => SnapshotMarker::LastInDataCollection,
        "last" => SnapshotMarker::Last,
        "incremental" => SnapshotMarker::Incremental,
        _ => SnapshotMarker::False,
    }
}

/// The position fields of a reference `source` block (they come from the binlog, which
/// the reader supplies; here they are taken from the reference itself).
fn source_from_reference(s: &Json) -> SourceInfo<'_> {
    SourceInfo {
        server_name: s["name"].as_str().unwrap_or_default(),
        ts_ms: s["ts_ms"].as_i64().unwrap_or(0),
        snapshot: snapshot_marker(s["snapshot"].as_str().unwrap_or("false")),
        db: s["db"].as_str().unwrap_or_default(),
        table: s["table"].as_str(),
        server_id: s["server_id"].as_u64().unwrap_or(0) as u32,
        gtid: s["gtid"].as_str(),
        file: s["file"].as_str().unwrap_or_default(),
        pos: s["pos"].as_u64().unwrap_or(0),
        row: s["row"].as_u64().unwrap_or(0) as u32,
        thread: s["thread"].as_u64(),
        query: s["query"].as_str(),
    }
}

fn topic_json(topic: &str) -> String {
    serde_json::to_string(topic).expect("topic")
}

/// Drops what `compare.py` ignores (value.payload ts_ms/ts_us/ts_ns), and the sub-millisecond
/// source times of snapshot records (a processing time that `SourceInfo::ts_ms` cannot carry).
fn normalise(mut record: Json) -> Json {
    if let Some(payload) = record
        .pointer_mut("/value/payload")
        .and_then(Json::as_object_mut)
    {
        for k in ["ts_ms", "ts_us", "ts_ns"] {
            payload.remove(k);
        }
        if let Some(source) = payload.get_mut("source").and_then(Json::as_object_mut)
            && source.get("snapshot").and_then(Json::as_str) != Some("false")
        {
            source.remove("ts_us");
            source.remove("ts_ns");
        }
    }
    record
}

/// The paths where two JSON documents differ.
fn differences(expected: &Json, actual: &Json, path: &str, out: &mut Vec<String>) {
    match (expected, actual) {
        (Json::Object(e), Json::Object(a)) => {
            for (k, ev) in e {
                match a.get(k) {
                    Some(av) => differences(ev, av, &format!("{path}.{k}"), out),
                    None => out.push(format!("{path}.{k}: missing")),
                }
            }
            for k in a.keys().filter(|k| !e.contains_key(*k)) {
                out.push(format!("{path}.{k}: unexpected"));
            }
        }
        (Json::Array(e), Json::Array(a)) if e.len() == a.len() => {
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                differences(ev, av, &format!("{path}[{i}]"), out);
            }
        }
        _ if expected != actual => out.push(format!("{path}: {actual}, expected {expected}")),
        _ => {}
    }
}

/// The rows of one data record: (before, after), by hand from the scenario SQL.
type Rows = (Option<Vec<Value<'static>>>, Option<Vec<Value<'static>>>);

/// Renders the whole reference stream of `scenario`, taking row values from `rows`
/// (indexed by line number), and compares every line.
fn check_scenario(scenario: &str, rows: impl Fn(usize) -> Option<Rows>) {
    let cfg = EnvelopeConfig::new("ecommerce-server");
    let mut converter = JsonConverter::new(true, true);
    let mut bare = JsonConverter::new(false, false);
    let mut tables: HashMap<TableId, Arc<TableSchema>> = HashMap::new();
    let mut parsed_equal = 0;
    let mut raw_equal = 0;
    let lines = reference(scenario);
    for (n, line) in lines.iter().enumerate() {
        let expected: Json = serde_json::from_str(line).expect("reference line is JSON");
        let Some(payload) = expected.pointer("/value/payload") else {
            // A tombstone: the engine emits it (value None) after a delete.
            continue;
        };
        let source = source_from_reference(&payload["source"]);
        let mut key = Vec::new();
        let mut value = Vec::new();
        let mut bare_key = Vec::new();
        let mut bare_value = Vec::new();
        let topic;
        let has_key;
        if payload.get("ddl").is_some() {
            let change = schema_change_from_reference(payload);
            for tc in &change.table_changes {
                match &tc.table {
                    Some(t) => tables.insert(tc.id.clone(), t.clone()),
                    None => tables.remove(&tc.id),
                };
            }
            let event = SchemaChangeEvent {
                source,
                change: &change,
                ts_ns: payload["ts_ms"].as_i64().unwrap_or(0) * 1_000_000,
            };
            converter
                .schema_change_key(&event, &mut key)
                .expect("schema change key");
            converter
                .schema_change_value(&event, &mut value)
                .expect("schema change value");
            bare.schema_change_key(&event, &mut bare_key)
                .expect("schema change key");
            bare.schema_change_value(&event, &mut bare_value)
                .expect("schema change value");
            has_key = true;
            topic = crate::envelope::schema_change_topic(&cfg).to_string();
        } else {
            let id = TableId::new(source.db, source.table.unwrap_or_default());
            let schema = tables
                .get(&id)
                .unwrap_or_else(|| panic!("line {n}: no schema for {id}"))
                .clone();
            let envelope = TableEnvelope::new(schema, &cfg).expect("table envelope");
            let (before, after) =
                rows(n).unwrap_or_else(|| panic!("{scenario} line {n}: no rows given"));
            let op = match payload["op"].as_str() {
                Some("c") => Op::Create,
                Some("u") => Op::Update,
                Some("d") => Op::Delete,
                _ => Op::Read,
            };
            let change = DataChange {
                table: &envelope,
                op,
                before: before.as_deref(),
                after: after.as_deref(),
                source,
                ts_ns: payload["ts_ns"].as_i64().unwrap_or(0),
            };
            has_key = converter.data_key(&change, &mut key).expect("data key");
            converter
                .data_value(&change, &mut value)
                .expect("data value");
            bare.data_key(&change, &mut bare_key).expect("data key");
            bare.data_value(&change, &mut bare_value)
                .expect("data value");
            topic = envelope.topic().to_string();
        }
        let key_text = if has_key {
            String::from_utf8(key).expect("utf-8")
        } else {
            "null".to_owned()
        };
        let actual_line = format!(
            "{{\"topic\":{},\"key\":{},\"value\":{}}}",
            topic_json(&topic),
            key_text,
            String::from_utf8(value).expect("utf-8")
        );
        // schemas.enable=false: the payloads alone.
        if has_key {
            let bare_key: Json = serde_json::from_slice(&bare_key).expect("bare key is JSON");
            assert_eq!(
                bare_key, expected["key"]["payload"],
                "{scenario} line {n}: key without schema"
            );
        }
        let bare_value: Json = serde_json::from_slice(&bare_value).expect("bare value is JSON");
        let bare_expected = json!({"value": expected["value"]["payload"].clone()});
        assert_eq!(
            normalise(json!({"value": {"payload": bare_value}}))["value"]["payload"],
            normalise(json!({"value": {"payload": bare_expected["value"].clone()}}))["value"]["payload"],
            "{scenario} line {n}: value without schema"
        );
        let actual: Json = serde_json::from_str(&actual_line).unwrap_or_else(|e| {
            panic!("{scenario} line {n}: output is not JSON ({e}): {actual_line}")
        });
        let (e, a) = (normalise(expected.clone()), normalise(actual));
        let mut diffs = Vec::new();
        differences(&e, &a, "", &mut diffs);
        assert!(
            diffs.is_empty(),
            "{scenario} line {n} differs:\n{}",
            diffs.join("\n")
        );
        parsed_equal += 1;
        // Byte equality, except where a snapshot-phase schema change carries a processing
        // time with microseconds that a millisecond `ts_ms` cannot express.
        let sub_millisecond_source = payload["ddl"].is_string()
            && payload["source"]["snapshot"] != "false"
            && payload["source"]["ts_us"]
                .as_i64()
                .is_some_and(|us| us % 1000 != 0);
        if *line == actual_line {
            raw_equal += 1;
        } else {
            assert!(
                sub_millisecond_source,
                "{scenario} line {n} bytes differ:\n{line}\n{actual_line}"
            );
        }
    }
    assert!(parsed_equal > 0);
    eprintln!("{scenario}: {parsed_equal} records equal as JSON, {raw_equal} byte for byte");
}

// ---------------------------------------------------------------- seed

fn seed_order(
    id: &'static str,
    desc: &'static str,
    price: &str,
    hour: u8,
    minute: u8,
    second: u8,
) -> Vec<Value<'static>> {
    vec![
        Value::Bytes(id.as_bytes()),
        Value::Bytes(b"123"),
        Value::Bytes(desc.as_bytes()),
        decimal(price, 6, 2),
        Value::DateTime(DateTime {
            date: Date {
                year: 2021,
                month: 8,
                day: 16,
            },
            hour,
            minute,
            second,
            micros: 0,
        }),
    ]
}

#[test]
fn seed_stream_matches_debezium() {
    let keyboard = || {
        seed_order(
            "123456",
            "A super noisy mechanical keyboard",
            "50.00",
            10,
            11,
            12,
        )
    };
    let monitor = || seed_order("123457", "An extremely wide monitor", "500.00", 11, 12, 13);
    let microphone = || seed_order("123458", "A too sensible microphone", "150.00", 12, 13, 14);
    check_scenario("seed.stream", |n| match n {
        3 => Some((None, Some(keyboard()))),
        4 => Some((None, Some(monitor()))),
        5 => Some((None, Some(microphone()))),
        6 => Some((
            Some(keyboard()),
            Some(seed_order(
                "123456",
                "A super noisy mechanical keyboard",
                "45.50",
                10,
                11,
                12,
            )),
        )),
        7 => Some((Some(microphone()), None)),
        _ => None,
    });
}

// ---------------------------------------------------------------- types

fn le_f64s(values: &[f64]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

/// SRID 0 + WKB of `POLYGON((0 0,10 0,10 10,0 10,0 0))` (OGC simple features: byte
/// order 1, type 3, 1 ring, 5 points).
fn polygon() -> &'static [u8] {
    let mut g = vec![0, 0, 0, 0, 1, 3, 0, 0, 0, 1, 0, 0, 0, 5, 0, 0, 0];
    g.extend(le_f64s(&[
        0.0, 0.0, 10.0, 0.0, 10.0, 10.0, 0.0, 10.0, 0.0, 0.0,
    ]));
    Box::leak(g.into_boxed_slice())
}

/// SRID 0 + WKB of `POINT(1.5 -2.25)`.
fn point() -> &'static [u8] {
    let mut g = vec![0, 0, 0, 0, 1, 1, 0, 0, 0];
    g.extend(le_f64s(&[1.5, -2.25]));
    Box::leak(g.into_boxed_slice())
}

const ALL_TYPES_COLUMNS: usize = 47;

/// Row 1 of all_types, from the INSERT in types.sql.
fn all_types_row1(varchar: &'static str, json: &'static str) -> Vec<Value<'static>> {
    let long_text: &'static str = Box::leak("long ".repeat(1000).into_boxed_str());
    vec![
        Value::Int(1),
        Value::Int(-128),
        Value::Int(-1), // TINYINT UNSIGNED 255, sign-extended from its byte
        Value::Int(1),
        Value::Int(-32768),
        Value::Int(-1), // SMALLINT UNSIGNED 65535
        Value::Int(-8388608),
        Value::Int(-1), // MEDIUMINT UNSIGNED 16777215
        Value::Int(-2147483648),
        Value::Int(-1), // INT UNSIGNED 4294967295
        Value::Int(i64::MIN),
        Value::Int(-1), // BIGINT UNSIGNED 18446744073709551615
        Value::Float(3.14159),
        Value::Double(2.718281828459045),
        decimal(
            "12345678901234567890123456789012345.123456789012345678901234567890",
            65,
            30,
        ),
        decimal("9999999999", 10, 0),
        decimal("12345.678", 8, 3),
        Value::Bit(&[0x01]),
        Value::Bit(&[0x15, 0x55]), // b'1010101010101'
        Value::Bit(&[0xFF; 8]),
        Value::Date(Date {
            year: 2021,
            month: 8,
            day: 16,
        }),
        Value::Time(Time {
            negative: true,
            hours: 838,
            minutes: 59,
            seconds: 59,
            micros: 0,
        }),
        Value::Time(Time {
            negative: false,
            hours: 12,
            minutes: 34,
            seconds: 56,
            micros: 789_012,
        }),
        Value::DateTime(DateTime {
            date: Date {
                year: 2021,
                month: 8,
                day: 16,
            },
            hour: 10,
            minute: 11,
            second: 12,
            micros: 0,
        }),
        Value::DateTime(DateTime {
            date: Date {
                year: 2021,
                month: 8,
                day: 16,
            },
            hour: 10,
            minute: 11,
            second: 12,
            micros: 345_000,
        }),
        Value::DateTime(DateTime {
            date: Date {
                year: 9999,
                month: 12,
                day: 31,
            },
            hour: 23,
            minute: 59,
            second: 59,
            micros: 999_999,
        }),
        // The server ran in UTC: '2021-08-16 10:11:12' is 1629108672 s after the epoch.
        Value::Timestamp {
            seconds: 1_629_108_672,
            micros: 0,
        },
        Value::Timestamp {
            seconds: 2_147_483_647,
            micros: 999_999,
        },
        Value::Year(2155),
        Value::Bytes(b"fixed"),
        Value::Bytes(varchar.as_bytes()),
        Value::Bytes(b"caf\xE9"), // latin1
        Value::Bytes(&[0xDE, 0xAD, 0xBE, 0xEF]),
        Value::Bytes(&[0x00, 0xFF, 0x10]),
        Value::Bytes(b"tiny"),
        Value::Bytes(b"text"),
        Value::Bytes(b"medium text"),
        Value::Bytes(long_text.as_bytes()),
        Value::Bytes(&[0x01]),
        Value::Bytes(&[0x02, 0x03]),
        Value::Bytes(&[0x04, 0x05, 0x06]),
        Value::Bytes(&[0x07, 0x08, 0x09, 0x0A]),
        Value::Enum(2),
        Value::Set(0b101),
        Value::Bytes(json.as_bytes()), // MariaDB stores JSON as text
        Value::Geometry(polygon()),
        Value::Geometry(point()),
    ]
}

fn all_types_row2() -> Vec<Value<'static>> {
    let mut row = vec![Value::Null; ALL_TYPES_COLUMNS];
    row[0] = Value::Int(2);
    row
}

fn all_types_row3(c_int: i64) -> Vec<Value<'static>> {
    let mut row = vec![Value::Null; ALL_TYPES_COLUMNS];
    row[0] = Value::Int(3);
    row[8] = Value::Int(c_int);
    row[15] = decimal("-1", 10, 0);
    row[20] = Value::Date(Date {
        year: 1970,
        month: 1,
        day: 1,
    });
    row[21] = Value::Time(Time {
        negative: false,
        hours: 0,
        minutes: 0,
        seconds: 0,
        micros: 0,
    });
    row[23] = Value::DateTime(DateTime {
        date: Date {
            year: 1000,
            month: 1,
            day: 1,
        },
        hour: 0,
        minute: 0,
        second: 0,
        micros: 0,
    });
    row[28] = Value::Year(1901);
    row
}

#[test]
fn types_stream_matches_debezium() {
    const VARCHAR: &str = "héllo wörld 🙂 한국어";
    const JSON: &str = r#"{"k": [1, 2.5, "x", null, true], "nested": {"n": -1}}"#;
    check_scenario("types.stream", |n| match n {
        3 => Some((None, Some(all_types_row1(VARCHAR, JSON)))),
        4 => Some((None, Some(all_types_row2()))),
        5 => Some((None, Some(all_types_row3(0)))),
        6 => Some((
            Some(all_types_row1(VARCHAR, JSON)),
            Some(all_types_row1("updated", r#"{"k": 2}"#)),
        )),
        7 => Some((Some(all_types_row3(0)), Some(all_types_row3(1)))),
        8 => Some((Some(all_types_row2()), None)),
        _ => None,
    });
}

// ---------------------------------------------------------------- ddl

fn text(s: &'static str) -> Value<'static> {
    Value::Bytes(s.as_bytes())
}

#[test]
fn ddl_stream_matches_debezium() {
    check_scenario("ddl.stream", |n| match n {
        3 => Some((None, Some(vec![Value::Int(1), text("Ann")]))),
        5 => Some((
            None,
            Some(vec![Value::Int(2), text("b@example.com"), text("Bob")]),
        )),
        7 => Some((
            None,
            Some(vec![
                Value::Int(3),
                text("c@example.com"),
                text("Çelik"),
                decimal("12.5", 5, 1),
            ]),
        )),
        9 => Some((
            None,
            Some(vec![Value::Int(4), text("Dee"), Value::Double(4.75)]),
        )),
        11 => Some((
            Some(vec![Value::Int(4), text("Dee"), Value::Double(4.75)]),
            Some(vec![Value::Int(4), text("Dee"), Value::Double(5.0)]),
        )),
        13 => Some((None, Some(vec![Value::Int(5), text("Eve"), Value::Null]))),
        15 => Some((None, Some(vec![Value::Int(1), text("quoted identifiers")]))),
        17 => Some((
            None,
            Some(vec![Value::Int(9), text("like"), Value::Double(1.0)]),
        )),
        _ => None,
    });
}

/// Records per second of key + value with schemas for one row (a measurement aid for
/// `cargo test --release --no-default-features --lib -- --ignored throughput --nocapture`,
/// not a timed assertion).
fn measure(
    label: &str,
    scenario: &str,
    schema_line: usize,
    table: &str,
    row: &[Value<'_>],
    n: u64,
) {
    let cfg = EnvelopeConfig::new("ecommerce-server");
    let lines = reference(scenario);
    let payload: Json = serde_json::from_str(&lines[schema_line]).expect("json");
    let change = schema_change_from_reference(&payload["value"]["payload"]);
    let schema = change.table_changes[0].table.clone().expect("table");
    let envelope = TableEnvelope::new(schema, &cfg).expect("envelope");
    let mut converter = JsonConverter::new(true, true);
    let mut out = Vec::with_capacity(1 << 16);
    let start = std::time::Instant::now();
    let mut bytes = 0;
    for i in 0..n {
        out.clear();
        let change = DataChange {
            table: &envelope,
            op: Op::Create,
            before: None,
            after: Some(row),
            source: SourceInfo {
                server_name: "ecommerce-server",
                ts_ms: 1_795_620_951_000,
                snapshot: SnapshotMarker::False,
                db: "ecommerce",
                table: Some(table),
                server_id: 1,
                gtid: None,
                file: "mariadb-bin.000001",
                pos: 2292 + i,
                row: 0,
                thread: None,
                query: None,
            },
            ts_ns: 1_795_620_951_622_163_153,
        };
        converter.data_key(&change, &mut out).expect("key");
        converter.data_value(&change, &mut out).expect("value");
        bytes += out.len();
    }
    let secs = start.elapsed().as_secs_f64();
    eprintln!(
        "{label}: {n} records in {secs:.3} s: {:.0} records/s, {} bytes/record",
        n as f64 / secs,
        bytes as u64 / n
    );
}

#[test]
#[ignore = "a timing probe, not a check: run with --release -- --ignored throughput --nocapture"]
fn throughput_of_reference_rows() {
    let order = seed_order(
        "123456",
        "A super noisy mechanical keyboard",
        "50.00",
        10,
        11,
        12,
    );
    measure("seed orders", "seed.stream", 2, "orders", &order, 1_000_000);
    let all = all_types_row1(
        "héllo wörld 🙂 한국어",
        r#"{"k": [1, 2.5, "x", null, true], "nested": {"n": -1}}"#,
    );
    measure(
        "types all_types row 1",
        "types.stream",
        2,
        "all_types",
        &all,
        200_000,
    );
}

// ---------------------------------------------------------------- snapshots

/// `*.snapshot.jsonl`: the same scenarios read by Debezium's initial snapshot (op "r",
/// `snapshot` first/true/last), rows as they stood after the scenario SQL.
#[test]
fn snapshot_references_match_debezium() {
    check_scenario("seed.snapshot", |n| match n {
        6 => Some((
            None,
            Some(seed_order(
                "123456",
                "A super noisy mechanical keyboard",
                "45.50",
                10,
                11,
                12,
            )),
        )),
        7 => Some((
            None,
            Some(seed_order(
                "123457",
                "An extremely wide monitor",
                "500.00",
                11,
                12,
                13,
            )),
        )),
        _ => None,
    });
    check_scenario("types.snapshot", |n| match n {
        6 => Some((None, Some(all_types_row1("updated", r#"{"k": 2}"#)))),
        7 => Some((None, Some(all_types_row3(1)))),
        _ => None,
    });
    check_scenario("ddl.snapshot", |n| match n {
        13 => Some((None, Some(vec![Value::Int(1), text("quoted identifiers")]))),
        _ => None,
    });
}

/// DECIMAL(65,30) beyond 128 bits, negative and maximal: Java `BigInteger.toByteArray`
/// is the minimal big-endian two's complement (expected bytes from Python's
/// `int.to_bytes(..., signed=True)`), and `toPlainString` keeps every digit.
#[test]
fn wide_decimals_match_java_big_integer() {
    use crate::envelope::{ColumnConverter, DecimalHandling};
    let col = |id: &TableId| {
        table_from_reference(
            id,
            &json!({"columns": [{"name": "d", "jdbcType": 3, "typeName": "DECIMAL", "typeExpression": "DECIMAL",
                                "length": 65, "scale": 30, "position": 1, "optional": true}]}),
        )
    };
    let table = col(&TableId::new("db", "t"));
    let column = &table.columns[0];
    let cases = [
        (
            "-12345678901234567890123456789012345.123456789012345678901234567890",
            "\"4f1D4Wh6dCOTRq+nDL2ygsWAE4T8HZlxwPUu\"",
        ),
        (
            "99999999999999999999999999999999999.999999999999999999999999999999",
            "\"APMWJxx/w5CKi+9GTjlF73olNgn//////////w==\"",
        ),
    ];
    for (literal, expected) in cases {
        let value = decimal(literal, 65, 30);
        let conv =
            ColumnConverter::new(&table, column, &EnvelopeConfig::new("p")).expect("converter");
        let mut out = Vec::new();
        super::write_datum(&mut out, &conv.convert(&value).expect("convert"));
        assert_eq!(String::from_utf8(out).unwrap_or_default(), expected);
        let mut cfg = EnvelopeConfig::new("p");
        cfg.decimal_handling = DecimalHandling::String;
        let conv = ColumnConverter::new(&table, column, &cfg).expect("converter");
        let mut out = Vec::new();
        super::write_datum(&mut out, &conv.convert(&value).expect("convert"));
        assert_eq!(
            String::from_utf8(out).unwrap_or_default(),
            format!("\"{literal}\"")
        );
    }
}
