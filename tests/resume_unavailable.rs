//! A stored offset the server can no longer serve — a binlog file that is gone, or
//! GTIDs whose binlog was purged — stops the start with
//! `EngineError::BinlogUnavailable`, naming the position (the error `snapshot.mode=
//! when_needed` reacts to), against a real MariaDB started by the test. MariaDB's
//! answer to both is error 1236 (`ER_MASTER_FATAL_ERROR_READING_BINLOG`, "Could not
//! find first log file name in binary log index file" / "Could not find GTID state
//! requested by slave in any binlog files", MariaDB `sql/sql_repl.cc`).

mod support;

use std::collections::BTreeMap;

use support::mariadb::MariaDb;
use tributary::engine::config::ConnectorConfig;
use tributary::engine::{EngineError, SourceTask};
use tributary::offset::{MemoryOffsetStore, SourceOffset};
use tributary::schema::{HistoryRecord, MemorySchemaHistory, SchemaHistory};

const PREFIX: &str = "gone";

fn config(port: u16) -> ConnectorConfig {
    let map: BTreeMap<String, String> = [
        ("name", "gone-connector"),
        ("topic.prefix", PREFIX),
        ("database.hostname", "127.0.0.1"),
        ("database.user", support::mariadb::CDC_USER),
        ("database.password", support::mariadb::CDC_PASSWORD),
        ("database.server.id", "7401"),
        (
            "schema.history.internal",
            "io.debezium.relational.history.MemorySchemaHistory",
        ),
        (
            "offset.storage",
            "org.apache.kafka.connect.storage.MemoryOffsetBackingStore",
        ),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .chain([("database.port".to_string(), port.to_string())])
    .collect();
    ConnectorConfig::from_properties(&map).unwrap_or_else(|e| panic!("{e}"))
}

/// A history with one record of this connector, so the start gets as far as the dump.
fn history() -> Box<dyn SchemaHistory> {
    let mut history = MemorySchemaHistory::new();
    let mut position = serde_json::Map::new();
    position.insert("file".into(), "mariadb-bin.000001".into());
    position.insert("pos".into(), 4.into());
    history
        .record(&HistoryRecord::new(
            PREFIX,
            position,
            "",
            "SET character_set_server=utf8mb4, collation_server=utf8mb4_general_ci",
            &[],
        ))
        .unwrap_or_else(|e| panic!("{e}"));
    Box::new(history)
}

/// The error of starting at `offset`: from the start itself or, as the dump is opened
/// on the first poll, from that poll.
async fn start_error(config: &ConnectorConfig, offset: SourceOffset) -> EngineError {
    match SourceTask::start_with(
        config,
        history(),
        Box::new(MemoryOffsetStore::starting_at(offset)),
    )
    .await
    {
        Ok(mut task) => {
            match tokio::time::timeout(std::time::Duration::from_secs(30), task.poll()).await {
                Ok(Err(e)) => e,
                other => panic!("the start and first poll succeeded: {other:?}"),
            }
        }
        Err(e) => e,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn missing_file_and_purged_gtids_are_binlog_unavailable() {
    let Some(server) = MariaDb::start() else {
        return;
    };
    let config = config(server.port());

    let gone_file = SourceOffset {
        file: "mariadb-bin.000099".into(),
        pos: 4,
        ..SourceOffset::default()
    };
    match start_error(&config, gone_file).await {
        EngineError::BinlogUnavailable { start, message } => {
            assert_eq!(start, "mariadb-bin.000099:4");
            assert!(!message.is_empty());
        }
        other => panic!("expected BinlogUnavailable, got {other}"),
    }

    // Transactions 0-1-1.. in mariadb-bin.000001, then that file purged.
    server.sql(
        "CREATE DATABASE g; CREATE TABLE g.t (id INT PRIMARY KEY); INSERT INTO g.t VALUES (1);
         FLUSH BINARY LOGS; INSERT INTO g.t VALUES (2);",
    );
    let files = server.sql("SHOW BINARY LOGS");
    let last = files
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .next_back()
        .unwrap_or_else(|| panic!("no binlogs: {files}"))
        .to_string();
    server.sql(&format!("PURGE BINARY LOGS TO '{last}'"));
    let purged_gtids = SourceOffset {
        file: "mariadb-bin.000001".into(),
        pos: 4,
        gtids: Some("0-1-1".into()),
        ..SourceOffset::default()
    };
    let error = start_error(&config, purged_gtids).await;
    let text = error.to_string();
    match error {
        EngineError::BinlogUnavailable { start, .. } => {
            assert!(start.contains("0-1-1"), "{start}");
            assert!(text.contains("purged"), "{text}");
        }
        other => panic!("expected BinlogUnavailable, got {other}"),
    }
}
