//! The tracker against Debezium 3.6.3's own output: every schema-change record of
//! `binlog-fixtures/reference/{seed,types,ddl}.{stream,snapshot}.jsonl` (written by
//! the real connector from the MariaDB 10.11 binlogs of `binlog-fixtures/mariadb/`)
//! is reproduced by applying the recorded DDL texts in order, field by field.

use serde_json::{Value, json};

use super::{SchemaChange, SchemaTracker, SessionCharsets, TableChange, TableId};

/// `collation_server=8` (latin1_swedish_ci), as in the QUERY_EVENTs of the fixtures.
const LATIN1_SWEDISH_CI: u16 = 8;

fn reference_records(file: &str) -> Vec<Value> {
    let path = format!(
        "{}/binlog-fixtures/reference/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter_map(|r| r.pointer("/value/payload").cloned())
        .filter(|p| p.get("tableChanges").is_some() && p.get("ddl").is_some())
        .collect()
}

/// The `tableChanges` JSON Debezium's `JsonTableChangeSerializer` writes, built from
/// the tracker's model (only for comparison here; `envelope` owns the real one).
fn table_change_json(change: &TableChange) -> Value {
    let table = change.table.as_ref().map(|t| {
        json!({
            "defaultCharsetName": t.default_charset,
            "primaryKeyColumnNames": t.primary_key,
            "columns": t.columns.iter().map(|c| json!({
                "name": c.name,
                "jdbcType": c.jdbc_type,
                "nativeType": null,
                "typeName": c.type_name,
                "typeExpression": c.type_expression,
                "charsetName": c.charset,
                "length": c.length,
                "scale": c.scale,
                "position": c.position,
                "optional": c.optional,
                "autoIncremented": c.auto_increment,
                "generated": c.generated,
                "comment": c.comment,
                "defaultValueExpression": c.default_value_expression,
                "enumValues": c.enum_values,
            })).collect::<Vec<_>>(),
            "comment": t.comment,
        })
    });
    json!({ "type": change.kind.as_str(), "id": change.id.to_string(), "table": table })
}

fn record_json(change: &SchemaChange) -> Value {
    json!({
        "databaseName": change.database,
        "ddl": change.ddl,
        "tableChanges": change.table_changes.iter().map(table_change_json).collect::<Vec<_>>(),
    })
}

fn expected_json(payload: &Value) -> Value {
    json!({
        "databaseName": payload["databaseName"],
        "ddl": payload["ddl"],
        "tableChanges": payload["tableChanges"],
    })
}

/// Replays the DDL texts of a reference file; `session_db` gives the QUERY_EVENT's
/// default database for each record.
fn replay(file: &str, session_db: impl Fn(&Value, &SchemaTracker) -> String) {
    let mut tracker = SchemaTracker::new();
    let ctx = SessionCharsets {
        server_collation: Some(LATIN1_SWEDISH_CI),
        database_collation: None,
    };
    let records = reference_records(file);
    assert!(
        records
            .iter()
            .any(|p| p["tableChanges"].as_array().is_some_and(|t| !t.is_empty())),
        "{file}: no table changes"
    );
    for payload in records {
        let ddl = payload["ddl"].as_str().unwrap_or_default();
        let db = session_db(&payload, &tracker);
        let produced = tracker
            .apply_query(&db, ddl, &ctx)
            .unwrap_or_else(|e| panic!("{file}: {ddl}: {e}"));
        let produced: Vec<Value> = produced.iter().map(record_json).collect();
        assert_eq!(produced, vec![expected_json(&payload)], "{file}: {ddl}");
    }
}

/// Streaming: before `CREATE DATABASE ecommerce` the session has no database, after
/// it the scenario's `USE ecommerce` is in effect.
fn stream_session_db(payload: &Value, tracker: &SchemaTracker) -> String {
    let ddl = payload["ddl"].as_str().unwrap_or_default();
    if ddl.starts_with("SET ") || tracker.database("ecommerce").is_none() {
        String::new()
    } else {
        "ecommerce".into()
    }
}

/// Snapshot: Debezium parses each statement with the record's database as current.
fn snapshot_session_db(payload: &Value, _tracker: &SchemaTracker) -> String {
    payload["databaseName"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn seed_stream_matches_debezium() {
    replay("seed.stream.jsonl", stream_session_db);
}

#[test]
fn types_stream_matches_debezium() {
    replay("types.stream.jsonl", stream_session_db);
}

#[test]
fn ddl_stream_matches_debezium() {
    replay("ddl.stream.jsonl", stream_session_db);
}

#[test]
fn seed_snapshot_matches_debezium() {
    replay("seed.snapshot.jsonl", snapshot_session_db);
}

#[test]
fn types_snapshot_matches_debezium() {
    replay("types.snapshot.jsonl", snapshot_session_db);
}

#[test]
fn ddl_snapshot_matches_debezium() {
    replay("ddl.snapshot.jsonl", snapshot_session_db);
}

/// What the binlog of the ddl scenario holds where Debezium recorded nothing or
/// rewrote the text (`mariadb-binlog binlog-fixtures/mariadb/ddl/mariadb-bin.000001`).
#[test]
fn binlog_texts_of_the_ddl_scenario() {
    let mut tracker = SchemaTracker::new();
    let ctx = SessionCharsets {
        server_collation: Some(LATIN1_SWEDISH_CI),
        database_collation: None,
    };
    let apply = |t: &mut SchemaTracker, db: &str, sql: &str| {
        t.apply_query(db, sql, &ctx)
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    };
    apply(&mut tracker, "", "CREATE DATABASE ecommerce");
    apply(
        &mut tracker,
        "ecommerce",
        "CREATE TABLE clients (id INT PRIMARY KEY)",
    );
    // No record for TRUNCATE (reference/ddl.stream.jsonl has none), but the table is
    // reported for Debezium's `op: "t"` event.
    let effects = tracker
        .apply_query_event("ecommerce", "TRUNCATE TABLE clients", &ctx)
        .expect("truncate");
    assert!(effects.schema_changes.is_empty());
    assert_eq!(
        effects.truncated_tables,
        [TableId::new("ecommerce", "clients")]
    );
    // DML and transaction control never reach the DDL parser.
    assert!(apply(&mut tracker, "ecommerce", "BEGIN").is_empty());
    assert!(apply(&mut tracker, "ecommerce", "INSERT INTO clients VALUES (5)").is_empty());
    // MariaDB logs DROP TABLE with a comment; Debezium rewrites it per table.
    apply(
        &mut tracker,
        "ecommerce",
        "CREATE TABLE t_like LIKE clients",
    );
    let drop = apply(
        &mut tracker,
        "ecommerce",
        "DROP TABLE `t_like` /* generated by server */",
    );
    assert_eq!(drop.len(), 1);
    assert_eq!(drop[0].ddl, "DROP TABLE `ecommerce`.`t_like`");
    assert!(
        tracker
            .table(&TableId::new("ecommerce", "t_like"))
            .is_none()
    );
    // The filtered statements of Debezium's default schema.history.internal.ddl.filter.
    for sql in [
        "GRANT SELECT ON *.* TO 'cdc'@'%'",
        "CREATE USER IF NOT EXISTS 'cdc'@'%' IDENTIFIED BY 'cdc'",
        "SAVEPOINT a",
        "CREATE VIEW v AS SELECT 1",
        "DROP TEMPORARY TABLE IF EXISTS `tmp` /* generated by server */",
    ] {
        assert!(apply(&mut tracker, "ecommerce", sql).is_empty(), "{sql}");
    }
    // Filtered statements are not even parsed: the temporary-table drop MariaDB logs
    // does not remove a real table of that name.
    apply(&mut tracker, "ecommerce", "CREATE TABLE tmp (a INT)");
    assert!(
        apply(
            &mut tracker,
            "ecommerce",
            "DROP TEMPORARY TABLE IF EXISTS `tmp` /* generated by server */"
        )
        .is_empty()
    );
    assert!(tracker.table(&TableId::new("ecommerce", "tmp")).is_some());
}

/// `SHOW CREATE TABLE` of MariaDB 10.11's own tables loaded at startup give the
/// nullability, charsets, auto-increment flags and primary keys that
/// `information_schema.COLUMNS` reports for them (see `src/ddl/testdata/`).
#[test]
fn loaded_show_create_tables_agree_with_information_schema() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src/ddl/testdata/mariadb-10.11-show-create-table.jsonl"
    );
    let text = std::fs::read_to_string(path).expect("corpus");
    let mut tracker = SchemaTracker::new();
    for line in text.lines() {
        let entry: Value = serde_json::from_str(line).expect("json");
        let db = entry["database"].as_str().expect("database");
        tracker.set_database(db, entry["database_charset"].as_str());
        let ddl = entry["ddl"].as_str().expect("ddl");
        let table = tracker
            .load_create_table(db, ddl)
            .unwrap_or_else(|e| panic!("{ddl}: {e}"));
        let expected = entry["columns"].as_array().expect("columns");
        assert_eq!(table.columns.len(), expected.len(), "{ddl}");
        let mut expected_pk = Vec::new();
        for (column, info) in table.columns.iter().zip(expected) {
            let what = format!("{}.{}", table.id, column.name);
            assert_eq!(
                column.name,
                info["name"].as_str().unwrap_or_default(),
                "{what}"
            );
            assert_eq!(
                Some(u64::from(column.position)),
                info["position"].as_u64(),
                "{what}"
            );
            assert_eq!(
                column.optional,
                info["nullable"].as_bool().unwrap_or_default(),
                "{what}"
            );
            assert_eq!(
                column.charset.as_deref(),
                info["charset"].as_str(),
                "{what}"
            );
            // Debezium also flags ON UPDATE CURRENT_TIMESTAMP columns as auto-incremented.
            let extra = info["extra"].as_str().unwrap_or_default();
            let expected_auto = extra.contains("auto_increment") || extra.contains("on update");
            assert_eq!(column.auto_increment, expected_auto, "{what}");
            if info["key"] == "PRI" {
                expected_pk.push(column.name.clone());
            }
        }
        let mut pk = table.primary_key.clone();
        pk.sort();
        expected_pk.sort();
        assert_eq!(pk, expected_pk, "{}", table.id);
    }
}

/// The QUERY_EVENTs of `binlog-fixtures/mariadb/<scenario>/` after Debezium's
/// snapshot position, as `mariadb-binlog` decodes them (text and default database,
/// in `testdata/<scenario>.queries.jsonl`), give exactly the streamed schema-change
/// records of `reference/<scenario>.stream.jsonl`.
fn replay_binlog_queries(scenario: &str) {
    let path = format!(
        "{}/src/schema/testdata/{scenario}.queries.jsonl",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut tracker = SchemaTracker::new();
    tracker.set_server_charset("latin1");
    let ctx = SessionCharsets {
        server_collation: Some(LATIN1_SWEDISH_CI),
        database_collation: None,
    };
    let mut produced = Vec::new();
    for line in text.lines() {
        let query: Value = serde_json::from_str(line).expect("json");
        let (db, sql) = (
            query["db"].as_str().unwrap_or_default(),
            query["sql"].as_str().unwrap_or_default(),
        );
        let changes = tracker
            .apply_query(db, sql, &ctx)
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
        produced.extend(changes.iter().map(record_json));
    }
    let streamed: Vec<Value> = reference_records(&format!("{scenario}.stream.jsonl"))
        .iter()
        .filter(|p| p.pointer("/source/snapshot").and_then(Value::as_str) == Some("false"))
        .map(expected_json)
        .collect();
    assert!(!streamed.is_empty());
    assert_eq!(produced, streamed, "{scenario}");
}

#[test]
fn seed_binlog_queries_give_the_streamed_records() {
    replay_binlog_queries("seed");
}

#[test]
fn types_binlog_queries_give_the_streamed_records() {
    replay_binlog_queries("types");
}

#[test]
fn ddl_binlog_queries_give_the_streamed_records() {
    replay_binlog_queries("ddl");
}
