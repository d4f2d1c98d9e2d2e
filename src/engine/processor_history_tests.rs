//! Tests of the processor's schema-history side: which statements become history
//! records and at which position, `skip.unparseable.ddl`, and that replaying the
//! records rebuilds the schema model the processor had.

use std::collections::BTreeMap;
use std::path::Path;

use super::{ChangeProcessor, HistoryCapture};
use crate::binlog::BinlogFileReader;
use crate::engine::config::ConnectorConfig;
use crate::engine::processor_options;
use crate::offset::SourceOffset;
use crate::schema::{HistoryRecord, SchemaTracker, TableId, recover_schemas};

const FILE: &str = "mariadb-bin.000001";
/// `latin1_swedish_ci`, MariaDB's collation id 8 (`information_schema.COLLATIONS`).
const LATIN1_SWEDISH_CI: u16 = 8;

fn processor(extra: &[(&str, &str)]) -> ChangeProcessor {
    let mut map: BTreeMap<String, String> = [
        ("topic.prefix", "srv"),
        (
            "schema.history.internal",
            "io.debezium.relational.history.MemorySchemaHistory",
        ),
    ]
    .iter()
    .chain(extra)
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    map.insert(
        "offset.storage".into(),
        "org.apache.kafka.connect.storage.MemoryOffsetBackingStore".into(),
    );
    let config = ConnectorConfig::from_properties(&map).unwrap_or_else(|e| panic!("{e}"));
    let mut processor = ChangeProcessor::new(processor_options(&config), FILE);
    processor.record_history(HistoryCapture {
        server: "srv".into(),
        only_captured_tables: config.schema_history.store_only_captured_tables_ddl,
        only_captured_databases: config.schema_history.store_only_captured_databases_ddl,
    });
    processor
}

/// A QUERY_EVENT (binlog v4, no checksum) as the server writes it: common header,
/// post-header (thread id, exec time, db length, error code, status length), the
/// `Q_CHARSET_CODE` status variable, the database name, NUL, the statement. Layout
/// from MySQL's `Query_log_event` documentation (`libbinlogevents/include/statement_events.h`).
fn query_event(start: u32, db: &str, sql: &str) -> (Vec<u8>, u32) {
    let mut status = vec![4u8]; // Q_CHARSET_CODE
    for id in [LATIN1_SWEDISH_CI; 3] {
        status.extend_from_slice(&id.to_le_bytes());
    }
    let mut body = Vec::new();
    body.extend_from_slice(&7u32.to_le_bytes()); // thread id
    body.extend_from_slice(&0u32.to_le_bytes()); // exec time
    body.push(u8::try_from(db.len()).unwrap_or(0));
    body.extend_from_slice(&0u16.to_le_bytes()); // error code
    body.extend_from_slice(&u16::try_from(status.len()).unwrap_or(0).to_le_bytes());
    body.extend_from_slice(&status);
    body.extend_from_slice(db.as_bytes());
    body.push(0);
    body.extend_from_slice(sql.as_bytes());
    let size = u32::try_from(19 + body.len()).unwrap_or(0);
    let end = start + size;
    let mut event = Vec::new();
    event.extend_from_slice(&1_700_000_000u32.to_le_bytes());
    event.push(2); // QUERY_EVENT
    event.extend_from_slice(&1u32.to_le_bytes()); // server id
    event.extend_from_slice(&size.to_le_bytes());
    event.extend_from_slice(&end.to_le_bytes()); // log_pos: where the next event starts
    event.extend_from_slice(&0u16.to_le_bytes());
    event.extend_from_slice(&body);
    (event, end)
}

/// Feeds the statements as consecutive QUERY_EVENTs from byte 256; returns the end
/// position of each.
fn run(processor: &mut ChangeProcessor, statements: &[(&str, &str)]) -> Vec<u32> {
    let mut pos = 256;
    let mut ends = Vec::new();
    let mut out = Vec::new();
    for (db, sql) in statements {
        let (event, end) = query_event(pos, db, sql);
        processor
            .process(&event, u64::from(pos), true, &mut out)
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
        ends.push(end);
        pos = end;
    }
    ends
}

fn pos_of(record: &HistoryRecord) -> u64 {
    record
        .position
        .get("pos")
        .and_then(|p| p.as_u64())
        .unwrap_or(0)
}

#[test]
fn ddl_is_recorded_at_the_position_after_its_event() {
    let mut p = processor(&[]);
    let ends = run(
        &mut p,
        &[
            ("", "CREATE DATABASE shop"),
            ("shop", "CREATE TABLE t (id INT PRIMARY KEY)"),
        ],
    );
    let records = p.take_history_records();
    let ddl: Vec<&str> = records.iter().map(|r| r.ddl.as_str()).collect();
    assert_eq!(
        ddl,
        [
            "SET character_set_server=latin1, collation_server=latin1_swedish_ci",
            "CREATE DATABASE shop",
            "CREATE TABLE t (id INT PRIMARY KEY)",
        ]
    );
    assert_eq!(pos_of(&records[1]), u64::from(ends[0]));
    assert_eq!(pos_of(&records[2]), u64::from(ends[1]));
    assert_eq!(records[2].database_name, "shop");
    assert_eq!(records[2].position.get("file"), Some(&FILE.into()));
    assert_eq!(
        p.offset().pos,
        u64::from(ends[1]),
        "a restart resumes after the DDL"
    );
    assert!(p.take_history_records().is_empty(), "taken once");
}

#[test]
fn only_captured_tables_ddl_leaves_out_other_tables() {
    let mut p = processor(&[
        ("table.include.list", "shop.kept"),
        (
            "schema.history.internal.store.only.captured.tables.ddl",
            "true",
        ),
    ]);
    run(
        &mut p,
        &[
            ("", "CREATE DATABASE shop"),
            ("shop", "CREATE TABLE kept (id INT)"),
            ("shop", "CREATE TABLE other (id INT)"),
            ("shop", "ALTER TABLE kept ADD COLUMN a INT"),
        ],
    );
    let ddl: Vec<String> = p
        .take_history_records()
        .into_iter()
        .map(|r| r.ddl)
        .collect();
    assert_eq!(
        ddl,
        [
            "SET character_set_server=latin1, collation_server=latin1_swedish_ci",
            "CREATE TABLE kept (id INT)",
            "ALTER TABLE kept ADD COLUMN a INT",
        ]
    );
}

#[test]
fn only_captured_databases_ddl_leaves_out_other_databases() {
    let mut p = processor(&[
        ("database.include.list", "shop"),
        (
            "schema.history.internal.store.only.captured.databases.ddl",
            "true",
        ),
    ]);
    run(
        &mut p,
        &[
            ("", "CREATE DATABASE shop"),
            ("", "CREATE DATABASE attic"),
            ("attic", "CREATE TABLE junk (id INT)"),
            ("shop", "CREATE TABLE t (id INT)"),
        ],
    );
    let databases: Vec<String> = p
        .take_history_records()
        .into_iter()
        .map(|r| r.database_name)
        .collect();
    assert_eq!(databases, ["", "shop", "shop"]);
}

#[test]
fn unparseable_ddl_stops_with_statement_and_position() {
    let mut p = processor(&[]);
    run(&mut p, &[("", "CREATE DATABASE shop")]);
    let (event, _) = query_event(512, "shop", "CREATE TABLE t (id INT PRIMARY KEY, )");
    let error = p
        .process(&event, 512, true, &mut Vec::new())
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(error.contains(FILE), "{error}");
    assert!(error.contains("512"), "{error}");
    assert!(
        error.contains("CREATE TABLE t (id INT PRIMARY KEY, )"),
        "{error}"
    );
}

#[test]
fn skip_unparseable_ddl_goes_on_after_the_statement() {
    let mut p = processor(&[]);
    p.set_skip_unparseable_ddl(true);
    let ends = run(
        &mut p,
        &[
            ("", "CREATE DATABASE shop"),
            ("shop", "CREATE TABLE t (id INT PRIMARY KEY, )"),
            ("shop", "CREATE TABLE u (id INT PRIMARY KEY)"),
        ],
    );
    assert!(p.tracker_mut().table(&TableId::new("shop", "t")).is_none());
    assert!(p.tracker_mut().table(&TableId::new("shop", "u")).is_some());
    assert_eq!(p.offset().pos, u64::from(ends[2]));
    let recorded = p.take_history_records();
    assert!(recorded.iter().all(|r| !r.ddl.contains("TABLE t ")));
}

#[test]
fn resume_at_positions_the_offset_before_the_stream() {
    let mut p = processor(&[]);
    let offset = SourceOffset {
        file: "mariadb-bin.000007".into(),
        pos: 4242,
        event: 2,
        ..SourceOffset::default()
    };
    p.resume_at(&offset);
    let now = p.offset();
    assert_eq!((now.file.as_str(), now.pos), ("mariadb-bin.000007", 4242));
}

/// Every binlog of the `ddl` scenario (MariaDB 10.11, written while Debezium ran),
/// processed with history on: replaying the history up to an offset rebuilds the
/// tables the processor had at that offset, in the middle and at the end.
#[test]
fn ddl_scenario_history_replays_to_the_processors_schemas() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("binlog-fixtures/mariadb/ddl");
    let mut p = processor(&[]);
    let mut records = Vec::new();
    let mut checkpoints: Vec<(SourceOffset, SchemaTracker)> = Vec::new();
    let mut out = Vec::new();
    for name in ["mariadb-bin.000001", "mariadb-bin.000002"] {
        p.set_file(name);
        let reader =
            BinlogFileReader::open(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        for raw in reader {
            let raw = raw.unwrap_or_else(|e| panic!("{name}: {e}"));
            p.process(&raw.bytes, raw.pos, true, &mut out)
                .unwrap_or_else(|e| panic!("{e}"));
            let taken = p.take_history_records();
            let changed = !taken.is_empty();
            records.extend(taken);
            if changed && !p.in_transaction() {
                checkpoints.push((p.offset(), p.tracker_mut().clone()));
            }
        }
    }
    assert!(checkpoints.len() > 4, "the scenario changes schemas often");
    for (offset, expected) in &checkpoints {
        let at = match serde_json::to_value(offset) {
            Ok(serde_json::Value::Object(map)) => map,
            _ => serde_json::Map::new(),
        };
        let mut recovered = SchemaTracker::new();
        recover_schemas(&records, "srv", &at, &mut recovered, false)
            .unwrap_or_else(|e| panic!("at {offset:?}: {e}"));
        assert_eq!(recovered.table_ids(), expected.table_ids(), "at {offset:?}");
        for id in expected.table_ids() {
            assert_eq!(
                recovered.table(&id),
                expected.table(&id),
                "{id} at {offset:?}"
            );
        }
    }
}

/// A record without the processing timestamps (`ts_ms`/`ts_us`/`ts_ns` of the
/// payload), which differ between two runs by nature.
fn comparable(record: &crate::emit::Record) -> (String, Option<Vec<u8>>, Option<String>) {
    let value = record.value.as_ref().map(|v| {
        let mut json: serde_json::Value =
            serde_json::from_slice(v).unwrap_or_else(|e| panic!("{e}"));
        if let Some(payload) = json.get_mut("payload").and_then(|p| p.as_object_mut()) {
            for key in ["ts_ms", "ts_us", "ts_ns"] {
                payload.remove(key);
            }
        }
        json.to_string()
    });
    (
        record.topic.to_string(),
        record.key.as_ref().map(|k| k.to_vec()),
        value,
    )
}

/// Every event of a scenario's binlog files, in order: (file, bytes, position).
fn scenario_events(scenario: &str) -> Vec<(&'static str, Vec<u8>, u64)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("binlog-fixtures/mariadb")
        .join(scenario);
    let mut events = Vec::new();
    for name in [FILE, "mariadb-bin.000002"] {
        let reader = BinlogFileReader::open(dir.join(name)).unwrap_or_else(|e| panic!("{e}"));
        for raw in reader {
            let raw = raw.unwrap_or_else(|e| panic!("{e}"));
            events.push((name, raw.bytes.to_vec(), raw.pos));
        }
    }
    events
}

/// What a processor restarted at `offset` emits: the events before the offset only
/// update its schemas; from the offset's file and position on (where a dump from
/// there would start) it emits.
fn resumed_records(
    events: &[(&'static str, Vec<u8>, u64)],
    offset: &SourceOffset,
) -> Vec<crate::emit::Record> {
    let mut restarted = processor(&[]);
    let mut rest = Vec::new();
    let mut ignored = Vec::new();
    let mut resumed = false;
    let mut file = "";
    for (name, raw, pos) in events {
        if *name != file {
            file = name;
            restarted.set_file(*name);
        }
        if !resumed && *name == offset.file && *pos >= offset.pos {
            restarted.resume_at(offset);
            resumed = true;
        }
        let out = if resumed { &mut rest } else { &mut ignored };
        restarted
            .process(raw, *pos, resumed, out)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    rest
}

/// Every binlog event of the `types` and `seed` scenarios (MariaDB 10.11, written
/// while Debezium ran; `types` has a multi-statement transaction): a processor
/// restarted at the offset taken after any event — inside transactions too — emits
/// exactly the records the uninterrupted run emitted after that event.
#[test]
fn resume_at_any_event_emits_the_rest_exactly_once() {
    for scenario in ["types", "seed", "offsets"] {
        let events = scenario_events(scenario);
        let mut steady = processor(&[]);
        let mut all = Vec::new();
        // (offset after the event, records emitted up to it)
        let mut cuts = Vec::new();
        let mut file = "";
        for (name, raw, pos) in &events {
            if *name != file {
                file = name;
                steady.set_file(*name);
            }
            steady
                .process(raw, *pos, true, &mut all)
                .unwrap_or_else(|e| panic!("{e}"));
            cuts.push((steady.offset(), all.len()));
        }
        let mid_transaction = cuts.iter().filter(|(o, _)| o.event > 0).count();
        assert!(
            mid_transaction > 3,
            "{scenario}: restarts inside transactions"
        );
        for (offset, emitted) in &cuts {
            let got: Vec<_> = resumed_records(&events, offset)
                .iter()
                .map(comparable)
                .collect();
            let expected: Vec<_> = all[*emitted..].iter().map(comparable).collect();
            assert!(
                got == expected,
                "{scenario}: restart at {offset:?}: {} records instead of {}",
                got.len(),
                expected.len()
            );
        }
    }
}

/// Debezium's own form of a mid-transaction offset: `event` events done, then `row`
/// rows of the next rows event (`BinlogOffsetContext.setRowNumber`). Built from the
/// steady run's offset before a multi-row rows event, with `row` = 1: the restart
/// emits that event's rows from the second on, then the rest.
#[test]
fn resume_honours_debezium_row_counts() {
    let events = scenario_events("offsets");
    let mut steady = processor(&[]);
    let mut all = Vec::new();
    let mut found = None;
    let mut file = "";
    for (name, raw, pos) in &events {
        if *name != file {
            file = name;
            steady.set_file(*name);
        }
        let before = all.len();
        let offset_before = steady.offset();
        steady
            .process(raw, *pos, true, &mut all)
            .unwrap_or_else(|e| panic!("{e}"));
        // A rows event inside a transaction that emitted one record per row for
        // several rows (inserts: no tombstones).
        if found.is_none()
            && offset_before.event > 0
            && all.len() >= before + 2
            && all[before..].iter().all(|r| r.value.is_some())
        {
            found = Some((offset_before, before));
        }
    }
    let Some((before_rows, emitted_before)) = found else {
        panic!("the offsets scenario has a multi-row insert inside a transaction");
    };
    let offset = SourceOffset {
        row: 1,
        ..before_rows
    };
    let got: Vec<_> = resumed_records(&events, &offset)
        .iter()
        .map(comparable)
        .collect();
    let expected: Vec<_> = all[emitted_before + 1..].iter().map(comparable).collect();
    assert!(
        got == expected,
        "restart at {offset:?}: {} records instead of {}",
        got.len(),
        expected.len()
    );
}
