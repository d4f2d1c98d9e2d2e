//! Transaction metadata, topic naming options, heartbeats and converters without
//! schemas: `tributary replay` of the binlogs Debezium 3.6.3 read equals what it
//! emitted (`binlog-fixtures/reference/transactions*.stream.jsonl`), by
//! `compare.py`'s rules, after the normalisations each test names.
//!
//! Three of the references were made with the server reporting a MySQL version
//! (`5.7.19-log`, see `binlog-fixtures/README.md`): Debezium's MySQL connector then
//! connects as a replica that takes no MariaDB GTID events, so MariaDB sends each
//! GTID event that opens a transaction as a `BEGIN` query event at the same position,
//! and the events such a replica cannot take (GTID of DDL, GTID list, binlog
//! checkpoint, ANNOTATE_ROWS) as dummy query events `# Dummy event…`. That is how the
//! connector sees BEGINs (it ignores MariaDB GTID events), so those runs are the
//! oracle for BEGIN/END records and `transaction` blocks. What differs from a replay
//! of the bytes on disk, and how the comparison treats it:
//! - The dummy events exist only on the wire; Debezium took them for DDL and emitted
//!   a schema-change record each (ddl `# Dum…`): those records are dropped from the
//!   reference.
//! - Without GTIDs, Debezium's transaction id is `file=<binlog>,pos=<BEGIN's
//!   position>`; Tributary reads the MariaDB GTID of that event and uses it, as
//!   `BinlogOffsetContext.setTransactionId` does when a GTID is known (and as
//!   Debezium's MariaDB connector, whose `handleGtidEvent` starts the transaction).
//!   Each reference id is replaced by the GTID that `mariadb-binlog` (an independent
//!   decoder) shows at that file and position; an id naming any other position fails.
//! - The rewritten BEGIN carries thread id 0, so Debezium's `source.thread` is 0;
//!   MariaDB logs no thread id with a GTID event and Tributary's is null:
//!   `source.thread` is ignored.
//!
//! Debezium's own first streamed position (`source.pos` of its snapshot record) is
//! where the replay starts: the server's setup statements before it were never read
//! by the connector.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("binlog-fixtures")
}

fn reference(name: &str) -> Vec<Value> {
    let path = fixtures()
        .join("reference")
        .join(format!("{name}.stream.jsonl"));
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn binlogs(scenario: &str) -> Vec<PathBuf> {
    let dir = fixtures().join("mariadb").join(scenario);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

/// `FILE:POS` of Debezium's snapshot record: where its binlog reader started.
fn oracle_start(records: &[Value]) -> String {
    let source = records
        .iter()
        .find_map(|r| {
            let payload = r["value"].get("payload").unwrap_or(&r["value"]);
            let source = payload.get("source")?;
            (source["snapshot"] != "false").then_some(source.clone())
        })
        .expect("the reference starts with a snapshot record");
    format!(
        "{}:{}",
        source["file"].as_str().unwrap(),
        source["pos"].as_u64().unwrap()
    )
}

/// `tributary replay` of `scenario`'s binlogs with the oracle's connector properties
/// plus `extra`, from `start`.
fn replay(scenario: &str, extra: &str, start: &str) -> Vec<Value> {
    let base = std::fs::read_to_string(fixtures().join("scenarios/connector.properties")).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let config = tmp.path().join("connector.properties");
    std::fs::write(&config, format!("{base}\n{extra}\n")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_tributary"))
        .arg("replay")
        .arg("--config")
        .arg(&config)
        .arg("--start")
        .arg(start)
        .args(binlogs(scenario))
        .output()
        .expect("run tributary");
    assert!(
        out.status.success(),
        "replay failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// `(file, position) → MariaDB GTID` of every GTID event, from `mariadb-binlog`;
/// `None` when the tool is not installed.
fn gtids_by_position(scenario: &str) -> Option<HashMap<(String, u64), String>> {
    let mut map = HashMap::new();
    for file in binlogs(scenario) {
        let out = Command::new("mariadb-binlog").arg(&file).output().ok()?;
        assert!(out.status.success(), "mariadb-binlog {}", file.display());
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let mut at = None;
        for line in String::from_utf8_lossy(&out.stdout).lines() {
            if let Some(pos) = line.strip_prefix("# at ") {
                at = pos.trim().parse::<u64>().ok();
            } else if let Some((_, gtid)) = line.split_once("\tGTID ")
                && let Some(pos) = at
            {
                let gtid = gtid.split_whitespace().next().unwrap().to_owned();
                map.insert((name.clone(), pos), gtid);
            }
        }
    }
    Some(map)
}

/// Replaces every `file=F,pos=P` string by the GTID logged at F:P.
fn map_transaction_ids(value: &mut Value, gtids: &HashMap<(String, u64), String>) {
    match value {
        Value::String(s) => {
            if let Some(rest) = s.strip_prefix("file=")
                && let Some((file, pos)) = rest.split_once(",pos=")
            {
                let pos: u64 = pos.parse().unwrap();
                let gtid = gtids
                    .get(&(file.to_owned(), pos))
                    .unwrap_or_else(|| panic!("no GTID event at {file}:{pos}"));
                *s = gtid.clone();
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| map_transaction_ids(v, gtids)),
        Value::Object(map) => map.values_mut().for_each(|v| map_transaction_ids(v, gtids)),
        _ => {}
    }
}

/// A schema-change record of one of MariaDB's dummy events.
fn is_dummy_event_record(record: &Value) -> bool {
    let value = &record["value"];
    let payload = value.get("payload").unwrap_or(value);
    payload
        .get("ddl")
        .and_then(Value::as_str)
        .is_some_and(|ddl| ddl.starts_with('#'))
}

/// Without `schemas.enable` a value has no `payload` wrapper, and compare.py applies
/// its ignore rules under `value.payload`: both sides get the wrapper back.
fn wrap_payloads(records: &mut [Value]) {
    for record in records {
        for part in ["key", "value"] {
            let inner = record[part].take();
            record[part] = if inner.is_null() {
                Value::Null
            } else {
                serde_json::json!({ "payload": inner })
            };
        }
    }
}

fn compare(name: &str, expected: &[Value], actual: &[Value], ignore: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let write = |file: &str, records: &[Value]| {
        let path = tmp.path().join(file);
        let text: String = records.iter().map(|r| format!("{r}\n")).collect();
        std::fs::write(&path, text).unwrap();
        path
    };
    let expected = write("expected.jsonl", expected);
    let actual = write("actual.jsonl", actual);
    let mut command = Command::new("python3");
    command
        .arg(fixtures().join("compare.py"))
        .arg(&expected)
        .arg(&actual);
    if !ignore.is_empty() {
        command.args(["--ignore", ignore]);
    }
    let out = command
        .output()
        .expect("python3 must be installed to run compare.py");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{name}: differs from Debezium's output:\n{report}"
    );
    assert!(report.contains("records equal"), "{report}");
    eprintln!("{name}: {}", report.lines().last().unwrap_or_default());
}

/// The reference of a BEGIN-seeing run, normalised as the module doc says; `None`
/// without `mariadb-binlog`.
fn normalised_reference(name: &str, scenario: &str) -> Option<Vec<Value>> {
    let Some(gtids) = gtids_by_position(scenario) else {
        eprintln!("mariadb-binlog not installed: skipping {name}");
        return None;
    };
    let mut records = reference(name);
    records.retain(|r| !is_dummy_event_record(r));
    for record in &mut records {
        map_transaction_ids(record, &gtids);
    }
    Some(records)
}

fn count(records: &[Value], topic: &str) -> usize {
    records.iter().filter(|r| r["topic"] == topic).count()
}

/// BEGIN/END records on `<prefix>.transaction` and the `transaction` block of every
/// data record: multi-table transactions, per-table orders, a transaction touching
/// only a table outside the include list (BEGIN and an END with no events), a
/// rolled-back one (nothing logged), MyISAM's COMMIT query, DDL in between.
#[test]
fn transaction_metadata_replay_equals_debezium() {
    let name = "transactions";
    let Some(expected) = normalised_reference(name, "transactions") else {
        return;
    };
    let start = oracle_start(&expected);
    let actual = replay("transactions", "provide.transaction.metadata=true", &start);
    assert_eq!(count(&expected, "ecommerce-server.transaction"), 20);
    compare(name, &expected, &actual, "source.thread");
}

/// `topic.delimiter=_`, `topic.transaction=txn`, `topic.heartbeat.prefix=hb` and
/// `heartbeat.interval.ms=1`: every record but the heartbeats equals Debezium's;
/// heartbeats are time-driven, so their number differs by nature: each one replay
/// emitted has the topic, key and value schema of Debezium's.
#[test]
fn topic_naming_options_and_heartbeats_replay_equal_debezium() {
    let name = "transactions-naming";
    let Some(mut expected) = normalised_reference(name, "transactions-naming") else {
        return;
    };
    let start = oracle_start(&expected);
    let mut actual = replay(
        "transactions-naming",
        "provide.transaction.metadata=true\nheartbeat.interval.ms=1\n\
         topic.heartbeat.prefix=hb\ntopic.delimiter=_\ntopic.transaction=txn",
        &start,
    );
    let heartbeat_topic = "hb_ecommerce-server";
    let oracle_beat = expected
        .iter()
        .find(|r| r["topic"] == heartbeat_topic)
        .expect("Debezium emitted heartbeats")
        .clone();
    let beats: Vec<Value> = actual
        .iter()
        .filter(|r| r["topic"] == heartbeat_topic)
        .cloned()
        .collect();
    for beat in &beats {
        assert_eq!(beat["key"], oracle_beat["key"]);
        assert_eq!(beat["value"]["schema"], oracle_beat["value"]["schema"]);
        assert!(beat["value"]["payload"]["ts_ms"].is_i64(), "{beat}");
    }
    expected.retain(|r| r["topic"] != heartbeat_topic);
    actual.retain(|r| r["topic"] != heartbeat_topic);
    assert_eq!(count(&expected, "ecommerce-server_txn"), 20);
    compare(name, &expected, &actual, "source.thread");
}

/// `key.converter.schemas.enable=false`, `value.converter.schemas.enable=false`.
#[test]
fn schemas_disabled_replay_equals_debezium() {
    let name = "transactions-noschemas";
    let Some(mut expected) = normalised_reference(name, "transactions-noschemas") else {
        return;
    };
    let start = oracle_start(&expected);
    let mut actual = replay(
        "transactions-noschemas",
        "provide.transaction.metadata=true\nkey.converter.schemas.enable=false\n\
         value.converter.schemas.enable=false",
        &start,
    );
    assert!(actual.iter().all(|r| r["value"].get("schema").is_none()));
    wrap_payloads(&mut expected);
    wrap_payloads(&mut actual);
    compare(name, &expected, &actual, "source.thread");
}

/// Debezium's MySQL connector on MariaDB's own replication protocol (the shared
/// oracle's setup) sees MariaDB GTID events and no BEGIN, so even with
/// `provide.transaction.metadata=true` it emitted no transaction metadata at all and
/// every `transaction` block is null. Tributary treats those GTIDs as transactions
/// (see the module doc); without the option its replay equals that run exactly.
#[test]
fn mariadb_protocol_run_has_no_transaction_metadata() {
    let name = "transactions-mariadb";
    let expected = reference(name);
    assert_eq!(count(&expected, "ecommerce-server.transaction"), 0);
    assert!(
        expected
            .iter()
            .filter_map(|r| r["value"]["payload"].get("op"))
            .count()
            > 10
    );
    let start = oracle_start(&expected);
    let actual = replay("transactions-mariadb", "", &start);
    compare(name, &expected, &actual, "");
}

/// `topic.naming.strategy=io.debezium.schema.SchemaTopicNamingStrategy` (and a
/// `topic.cache.size`, which has no effect): data topics `<prefix>.<table>`, key and
/// value schemas named after them (the shared oracle's MariaDB protocol run).
#[test]
fn schema_topic_naming_strategy_replay_equals_debezium() {
    let name = "transactions-schema-naming";
    let expected = reference(name);
    assert!(count(&expected, "ecommerce-server.orders") > 0);
    let start = oracle_start(&expected);
    let actual = replay(
        name,
        "topic.naming.strategy=io.debezium.schema.SchemaTopicNamingStrategy\ntopic.cache.size=5",
        &start,
    );
    compare(name, &expected, &actual, "");
}

/// Records of `file` processed from its start (events before `resume`'s position only
/// update the schema model, as a restart's schema recovery does), with the processor
/// resumed at `resume` when given.
fn process_file(
    file: &Path,
    resume: Option<&tributary::offset::SourceOffset>,
) -> Vec<tributary::emit::Record> {
    use tributary::engine::processor::ChangeProcessor;
    let text = std::fs::read_to_string(fixtures().join("scenarios/connector.properties")).unwrap();
    let text = format!("{text}\nprovide.transaction.metadata=true\n");
    let config = tributary::engine::config::ConnectorConfig::from_properties(
        &tributary::engine::config::parse_properties(&text, "connector.properties").unwrap(),
    )
    .unwrap();
    let name = file.file_name().unwrap().to_string_lossy().into_owned();
    let mut processor =
        ChangeProcessor::new(tributary::engine::processor_options(&config), name.clone());
    let mut reader = tributary::binlog::BinlogFileReader::open(file).unwrap();
    let mut out = Vec::new();
    let mut resumed = false;
    while let Some(raw) = reader.next_event().unwrap() {
        if let Some(offset) = resume
            && !resumed
            && raw.pos >= offset.pos
        {
            processor.resume_at(offset);
            resumed = true;
        }
        let emit = resume.is_none() || resumed;
        processor
            .process(&raw.bytes, raw.pos, emit, &mut out)
            .unwrap();
    }
    out
}

/// A restart inside a transaction whose first records were delivered (a positive
/// offset `event`) emits no second BEGIN and goes on with the transaction's orders, as Debezium
/// does with the transaction context it restores from the offset.
#[test]
fn a_restart_inside_a_transaction_continues_its_metadata() {
    let file = binlogs("transactions").remove(0);
    let all = process_file(&file, None);
    // The offset after the first two rows events of the transaction that wrote
    // orders, items (two rows, one event) and audit: its BEGIN and first three data
    // records were delivered.
    let begin = all
        .iter()
        .position(|r| {
            r.topic.as_ref() == "ecommerce-server.transaction"
                && serde_json::from_slice::<Value>(r.value.as_ref().unwrap()).unwrap()["payload"]
                    ["id"]
                    == "0-1-15"
        })
        .unwrap();
    let data = |r: &tributary::emit::Record| -> Value {
        serde_json::from_slice(r.value.as_ref().unwrap()).unwrap()
    };
    let items = data(&all[begin + 2]);
    let source = &items["payload"]["source"];
    assert_eq!(source["table"], "items");
    let gtid_pos = gtids_by_position("transactions")
        .map(|m| {
            m.iter()
                .find(|(_, g)| g.as_str() == "0-1-15")
                .map(|((_, p), _)| *p)
                .unwrap()
        })
        .unwrap_or(3034);
    let offset = tributary::offset::SourceOffset {
        file: "mariadb-bin.000001".into(),
        pos: gtid_pos,
        // Debezium's count: the GTID event, then TABLE_MAP + WRITE_ROWS of `orders`
        // and of `items` (ANNOTATE_ROWS events are not counted).
        event: 5,
        gtids: Some("0-1-15".into()),
        ..Default::default()
    };
    let resumed = process_file(&file, Some(&offset));
    // Everything after the delivered records: audit, END, and the rest of the file,
    // equal but for processing times.
    let strip = |v: Value| -> Value {
        let mut v = v;
        if let Some(p) = v.get_mut("payload").and_then(Value::as_object_mut) {
            for k in ["ts_ms", "ts_us", "ts_ns"] {
                if p.contains_key("op") || p.contains_key("ddl") {
                    p.remove(k);
                }
            }
        }
        v
    };
    let tail: Vec<Value> = all[begin + 4..]
        .iter()
        .map(|r| {
            r.value
                .as_ref()
                .map(|v| strip(serde_json::from_slice(v).unwrap()))
                .unwrap_or(Value::Null)
        })
        .collect();
    let got: Vec<Value> = resumed
        .iter()
        .map(|r| {
            r.value
                .as_ref()
                .map(|v| strip(serde_json::from_slice(v).unwrap()))
                .unwrap_or(Value::Null)
        })
        .collect();
    assert_eq!(
        got.first().unwrap()["payload"]["transaction"]["total_order"],
        4
    );
    assert_eq!(got, tail);
}
