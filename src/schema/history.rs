//! Schema history: every DDL statement the schema model applied, with the binlog
//! position it was applied at, kept so that a restart can rebuild the schemas in force
//! at its resume offset without asking the server.
//!
//! Owns Debezium's history record JSON format (`HistoryRecord`: `source`, `position`,
//! `ts_ms`, `databaseName`, `ddl`, `tableChanges` as `JsonTableChangeSerializer` writes
//! them), the [`SchemaHistory`] store trait with its memory, file and Kafka-topic stores,
//! and recovery: replaying the stored DDL, in order, into a fresh [`SchemaTracker`] up
//! to an offset. It must not decide *which* statements are recorded (the engine applies
//! `store.only.captured.*`) and knows offsets only as Debezium's position map
//! (`file`, `pos`, `event`, `row`, ...), not the `offset` module's types.

use std::cmp::Ordering;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::table::{ColumnSchema, TableChange, TableChangeKind, TableSchema};
use super::tracker::{SchemaError, SchemaTracker, SessionCharsets};

mod file;
#[cfg(feature = "kafka")]
mod kafka;

pub use file::FileSchemaHistory;
#[cfg(feature = "kafka")]
pub use kafka::KafkaSchemaHistory;

/// Errors of the schema history stores and of recovery.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    /// Reading or writing the history file failed.
    #[error("{action} schema history file {path}: {source}")]
    Io {
        /// What was being done (`reading`, `appending to`, ...).
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// A stored record is not a Debezium history record.
    #[error("schema history {store}, record {index}: not a Debezium history record: {source}")]
    Corrupt {
        /// The store (file path or topic).
        store: String,
        /// 1-based number of the record (line of the file, message of the topic).
        index: usize,
        /// The JSON error.
        #[source]
        source: serde_json::Error,
    },
    /// The Kafka history topic could not be written or read.
    #[error("schema history topic {topic}: {reason}")]
    Kafka {
        /// The topic.
        topic: String,
        /// librdkafka's reason.
        reason: String,
    },
    /// A stored statement could not be replayed into the schema model.
    #[error(
        "recovering the schema history: record {index} (position {position}, database `{database}`) \
         cannot be applied: {source} (set schema.history.internal.skip.unparseable.ddl=true to skip it)"
    )]
    Replay {
        /// 1-based number of the record in the store.
        index: usize,
        /// The record's position map, as JSON.
        position: String,
        /// The record's `databaseName`.
        database: String,
        /// Why the statement could not be applied.
        #[source]
        source: Box<SchemaError>,
    },
}

/// `source` of a history record: the connector's logical name (`topic.prefix`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistorySource {
    /// `server`: the `topic.prefix`.
    pub server: String,
}

/// One record of the schema history, as Debezium's `HistoryRecord` document.
///
/// ```
/// use tributary::schema::{HistoryRecord, SchemaTracker, SessionCharsets};
/// let mut tracker = SchemaTracker::new();
/// let changes = tracker.apply_query("shop", "CREATE TABLE t (id INT PRIMARY KEY)", &SessionCharsets::default())?;
/// let position = serde_json::json!({"file": "mariadb-bin.000001", "pos": 1024});
/// let record = HistoryRecord::new("shop-server", position.as_object().cloned().unwrap_or_default(),
///                                 "shop", &changes[0].ddl, &changes[0].table_changes);
/// let json = record.to_json()?;
/// assert!(json.starts_with(r#"{"source":{"server":"shop-server"},"position":{"#));
/// assert_eq!(record.table_changes[0]["type"], "CREATE");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryRecord {
    /// The connector that recorded it.
    pub source: HistorySource,
    /// The source offset at which the statement took effect (Debezium's offset map).
    pub position: Map<String, Value>,
    /// When the record was written, milliseconds since the epoch.
    #[serde(default)]
    pub ts_ms: i64,
    /// The database the statement applies to (the session's default database for
    /// statements without one).
    #[serde(rename = "databaseName", default)]
    pub database_name: String,
    /// `schemaName` (not used by MySQL; kept when read).
    #[serde(
        rename = "schemaName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub schema_name: Option<String>,
    /// The statement.
    #[serde(default)]
    pub ddl: String,
    /// The tables after the statement, as `JsonTableChangeSerializer` writes them.
    #[serde(rename = "tableChanges", default)]
    pub table_changes: Vec<Value>,
}

impl HistoryRecord {
    /// A record of `ddl` applied to `database` at `position`, written now.
    pub fn new(
        server: &str,
        position: Map<String, Value>,
        database: &str,
        ddl: &str,
        table_changes: &[TableChange],
    ) -> Self {
        HistoryRecord {
            source: HistorySource {
                server: server.to_owned(),
            },
            position,
            ts_ms: now_ms(),
            database_name: database.to_owned(),
            schema_name: None,
            ddl: ddl.to_owned(),
            table_changes: table_changes.iter().map(table_change_json).collect(),
        }
    }

    /// The record as one line of JSON.
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string(self)
    }

    /// Reads one record.
    pub fn from_json(text: &[u8]) -> Result<Self, serde_json::Error> {
        serde_json::from_slice(text)
    }

    /// True if this record took effect at or before `offset` (see [`compare_positions`]).
    pub fn is_at_or_before(&self, offset: &Map<String, Value>) -> bool {
        compare_positions(&self.position, offset) != Ordering::Greater
    }
}

/// Orders two Debezium MySQL offset maps by binlog coordinates: the binlog file (by
/// its numeric extension when both have one, as `mariadb-bin.000010` follows
/// `mariadb-bin.000009`), then `pos`, then `event` (events of the transaction already
/// done) and `row`. Missing numbers count as 0. GTIDs are not compared.
pub fn compare_positions(a: &Map<String, Value>, b: &Map<String, Value>) -> Ordering {
    compare_files(text_field(a, "file"), text_field(b, "file"))
        .then_with(|| number_field(a, "pos").cmp(&number_field(b, "pos")))
        .then_with(|| number_field(a, "event").cmp(&number_field(b, "event")))
        .then_with(|| number_field(a, "row").cmp(&number_field(b, "row")))
}

fn compare_files(a: &str, b: &str) -> Ordering {
    match (file_sequence(a), file_sequence(b)) {
        (Some(x), Some(y)) => x.cmp(&y),
        _ => a.cmp(b),
    }
}

/// The numeric extension of a binlog file name (`mariadb-bin.000042` → 42).
fn file_sequence(file: &str) -> Option<u64> {
    file.rsplit_once('.').and_then(|(_, ext)| ext.parse().ok())
}

fn text_field<'a>(map: &'a Map<String, Value>, key: &str) -> &'a str {
    map.get(key).and_then(Value::as_str).unwrap_or("")
}

fn number_field(map: &Map<String, Value>, key: &str) -> u64 {
    match map.get(key) {
        Some(Value::Number(n)) => n.as_u64().unwrap_or(0),
        Some(Value::String(s)) => s.parse().unwrap_or(0),
        _ => 0,
    }
}

/// A store of history records, in the order they were recorded.
pub trait SchemaHistory: Send {
    /// Appends one record; durable (or acknowledged by the broker) when this returns.
    fn record(&mut self, record: &HistoryRecord) -> Result<(), HistoryError>;

    /// Every stored record, oldest first.
    fn load(&mut self) -> Result<Vec<HistoryRecord>, HistoryError>;

    /// True if the store holds at least one record.
    fn exists(&mut self) -> Result<bool, HistoryError> {
        Ok(!self.load()?.is_empty())
    }

    /// Rebuilds the schema model at `offset`: see [`recover_schemas`].
    fn recover(
        &mut self,
        server: &str,
        offset: &Map<String, Value>,
        tracker: &mut SchemaTracker,
        skip_unparseable: bool,
    ) -> Result<Recovery, HistoryError> {
        let records = self.load()?;
        recover_schemas(&records, server, offset, tracker, skip_unparseable)
    }
}

impl<T: SchemaHistory + ?Sized> SchemaHistory for Box<T> {
    fn record(&mut self, record: &HistoryRecord) -> Result<(), HistoryError> {
        (**self).record(record)
    }

    fn load(&mut self) -> Result<Vec<HistoryRecord>, HistoryError> {
        (**self).load()
    }
}

/// What a recovery did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Recovery {
    /// Records replayed into the schema model.
    pub applied: usize,
    /// Records that could not be applied and were skipped
    /// (`skip.unparseable.ddl=true`).
    pub skipped: usize,
    /// The position of the last record of this connector in the store, whether or not
    /// it was at or before the offset: records up to it need not be stored again.
    pub stored_up_to: Option<Map<String, Value>>,
}

/// Replays, in order, the statements of the records of connector `server` whose
/// position is at or before `offset` into `tracker` (which should be fresh, with the
/// server charset set), each with its `databaseName` as the session database.
///
/// A statement that cannot be applied is an error naming the record, unless
/// `skip_unparseable` (Debezium's `skip.unparseable.ddl`), then it is logged and
/// skipped.
pub fn recover_schemas(
    records: &[HistoryRecord],
    server: &str,
    offset: &Map<String, Value>,
    tracker: &mut SchemaTracker,
    skip_unparseable: bool,
) -> Result<Recovery, HistoryError> {
    let mut recovery = Recovery::default();
    let charsets = SessionCharsets::default();
    for (index, record) in (1..).zip(records) {
        if record.source.server != server {
            continue;
        }
        recovery.stored_up_to = Some(record.position.clone());
        if !record.is_at_or_before(offset) {
            continue;
        }
        match tracker.apply_query(&record.database_name, &record.ddl, &charsets) {
            Ok(_) => recovery.applied += 1,
            Err(source) if skip_unparseable => {
                tracing::warn!(
                    record = index,
                    ddl = %record.ddl,
                    error = %source,
                    "skipping a schema history statement that cannot be applied \
                     (schema.history.internal.skip.unparseable.ddl=true)"
                );
                recovery.skipped += 1;
            }
            Err(source) => {
                return Err(HistoryError::Replay {
                    index,
                    position: Value::Object(record.position.clone()).to_string(),
                    database: record.database_name.clone(),
                    source: Box::new(source),
                });
            }
        }
    }
    Ok(recovery)
}

/// History kept in memory (`MemorySchemaHistory`): lost when the process ends; clones
/// share the records.
#[derive(Debug, Clone, Default)]
pub struct MemorySchemaHistory {
    records: std::sync::Arc<std::sync::Mutex<Vec<HistoryRecord>>>,
}

impl MemorySchemaHistory {
    /// An empty history.
    pub fn new() -> Self {
        Self::default()
    }
}

impl SchemaHistory for MemorySchemaHistory {
    fn record(&mut self, record: &HistoryRecord) -> Result<(), HistoryError> {
        // A poisoned lock still holds whole records: pushes are single operations.
        self.records
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(record.clone());
        Ok(())
    }

    fn load(&mut self) -> Result<Vec<HistoryRecord>, HistoryError> {
        Ok(self
            .records
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone())
    }
}

/// One `tableChanges` entry as Debezium's `JsonTableChangeSerializer` writes it:
/// `type`, `id` (double-quoted), `table` (charset, key, columns, attributes) and
/// `comment`. A DROP carries an empty table, as Debezium's serializer gets one.
pub fn table_change_json(change: &TableChange) -> Value {
    let kind = match change.kind {
        TableChangeKind::Create => "CREATE",
        TableChangeKind::Alter => "ALTER",
        TableChangeKind::Drop => "DROP",
    };
    let (table, comment) = match &change.table {
        Some(table) => (table_json(table), json!(table.comment)),
        None => (
            json!({
                "defaultCharsetName": null,
                "primaryKeyColumnNames": [],
                "columns": [],
                "attributes": [],
            }),
            Value::Null,
        ),
    };
    json!({
        "type": kind,
        "id": change.id.to_string(),
        "table": table,
        "comment": comment,
    })
}

fn table_json(table: &TableSchema) -> Value {
    json!({
        "defaultCharsetName": table.default_charset,
        "primaryKeyColumnNames": table.primary_key,
        "columns": table.columns.iter().map(column_json).collect::<Vec<_>>(),
        "attributes": [],
    })
}

fn column_json(column: &ColumnSchema) -> Value {
    let mut doc = Map::new();
    doc.insert("name".into(), json!(column.name));
    doc.insert("jdbcType".into(), json!(column.jdbc_type));
    doc.insert("typeName".into(), json!(column.type_name));
    doc.insert("typeExpression".into(), json!(column.type_expression));
    doc.insert("charsetName".into(), json!(column.charset));
    if let Some(length) = column.length {
        doc.insert("length".into(), json!(length));
    }
    if let Some(scale) = column.scale {
        doc.insert("scale".into(), json!(scale));
    }
    doc.insert("position".into(), json!(column.position));
    doc.insert("optional".into(), json!(column.optional));
    doc.insert("autoIncremented".into(), json!(column.auto_increment));
    doc.insert("generated".into(), json!(column.generated));
    doc.insert("comment".into(), json!(column.comment));
    doc.insert(
        "hasDefaultValue".into(),
        json!(column.default_value_expression.is_some()),
    );
    if let Some(default) = &column.default_value_expression {
        doc.insert("defaultValueExpression".into(), json!(default));
    }
    if let Some(values) = &column.enum_values {
        doc.insert("enumValues".into(), json!(values));
    }
    Value::Object(doc)
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// A history record of `shop` at `mariadb-bin.000001:pos`, for the stores' tests.
#[cfg(test)]
fn test_record(pos: u64, ddl: &str) -> HistoryRecord {
    let position = serde_json::json!({"file": "mariadb-bin.000001", "pos": pos});
    HistoryRecord::new(
        "srv",
        position.as_object().cloned().unwrap_or_default(),
        "shop",
        ddl,
        &[],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::TableId;

    fn position(file: &str, pos: u64) -> Map<String, Value> {
        json!({"file": file, "pos": pos})
            .as_object()
            .cloned()
            .unwrap_or_default()
    }

    fn record(pos: u64, database: &str, ddl: &str) -> HistoryRecord {
        HistoryRecord::new(
            "srv",
            position("mariadb-bin.000001", pos),
            database,
            ddl,
            &[],
        )
    }

    // Debezium's MySQL connector documentation ("Schema history topic") shows a record
    // `{"source":{"server":"mysql-server-1"},"position":{"ts_sec":…,"file":"mysql-bin.000003",
    // "pos":154,"gtids":…,"snapshot":true},"databaseName":"inventory","ddl":"…"}`: such a
    // record (from another writer, without ts_ms or tableChanges) must read.
    #[test]
    fn reads_a_debezium_record_without_table_changes() {
        let text = br#"{"source":{"server":"mysql-server-1"},"position":{"ts_sec":1482439989,"file":"mysql-bin.000003","pos":154,"gtids":"a:1-4","snapshot":true},"databaseName":"inventory","ddl":"CREATE DATABASE inventory"}"#;
        let record = HistoryRecord::from_json(text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(record.source.server, "mysql-server-1");
        assert_eq!(record.database_name, "inventory");
        assert_eq!(record.ddl, "CREATE DATABASE inventory");
        assert!(record.table_changes.is_empty());
        assert!(record.is_at_or_before(&position("mysql-bin.000003", 154)));
        assert!(!record.is_at_or_before(&position("mysql-bin.000003", 153)));
        assert!(record.is_at_or_before(&position("mysql-bin.000004", 4)));
    }

    #[test]
    fn positions_order_by_file_number_then_pos_then_event() {
        let a = position("mariadb-bin.000009", 900);
        let b = position("mariadb-bin.000010", 4);
        assert_eq!(compare_positions(&a, &b), Ordering::Less);
        let mut c = position("mariadb-bin.000010", 4);
        c.insert("event".into(), json!(2));
        assert_eq!(compare_positions(&b, &c), Ordering::Less);
        assert_eq!(compare_positions(&c, &c), Ordering::Equal);
    }

    #[test]
    fn table_changes_follow_the_json_serializer_layout() {
        let mut tracker = SchemaTracker::new();
        let ctx = SessionCharsets::default();
        let changes = tracker
            .apply_query(
                "shop",
                "CREATE TABLE t (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, name VARCHAR(20) DEFAULT 'x')",
                &ctx,
            )
            .unwrap_or_else(|e| panic!("{e}"));
        let record = HistoryRecord::new(
            "srv",
            position("f.000001", 4),
            "shop",
            &changes[0].ddl,
            &changes[0].table_changes,
        );
        let change = &record.table_changes[0];
        assert_eq!(change["type"], "CREATE");
        assert_eq!(change["id"], "\"shop\".\"t\"");
        assert_eq!(change["table"]["primaryKeyColumnNames"], json!(["id"]));
        let name = &change["table"]["columns"][1];
        assert_eq!(name["name"], "name");
        assert_eq!(name["typeName"], "VARCHAR");
        assert_eq!(name["length"], 20);
        assert_eq!(name["position"], 2);
        assert_eq!(name["optional"], true);
        assert_eq!(name["hasDefaultValue"], true);
        assert_eq!(change["table"]["columns"][0]["autoIncremented"], true);
        let round_trip = HistoryRecord::from_json(
            record
                .to_json()
                .unwrap_or_else(|e| panic!("{e}"))
                .as_bytes(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(round_trip, record);
    }

    #[test]
    fn recovery_replays_up_to_the_offset_only() {
        let records = vec![
            record(100, "shop", "CREATE DATABASE shop"),
            record(200, "shop", "CREATE TABLE t (id INT PRIMARY KEY)"),
            record(300, "shop", "ALTER TABLE t ADD COLUMN a INT"),
            record(400, "shop", "ALTER TABLE t ADD COLUMN b INT"),
        ];
        let mut tracker = SchemaTracker::new();
        let recovery = recover_schemas(
            &records,
            "srv",
            &position("mariadb-bin.000001", 300),
            &mut tracker,
            false,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(recovery.applied, 3);
        assert_eq!(
            recovery.stored_up_to,
            Some(position("mariadb-bin.000001", 400))
        );
        let table = tracker
            .table(&TableId::new("shop", "t"))
            .unwrap_or_else(|| panic!("t recovered"));
        let names: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["id", "a"]);
    }

    #[test]
    fn recovery_ignores_other_connectors_records() {
        let mut other = record(100, "shop", "CREATE TABLE u (id INT)");
        other.source.server = "someone-else".into();
        let mut tracker = SchemaTracker::new();
        let recovery = recover_schemas(
            &[other],
            "srv",
            &position("mariadb-bin.000001", 999),
            &mut tracker,
            false,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(recovery.applied, 0);
        assert!(tracker.table(&TableId::new("shop", "u")).is_none());
    }

    #[test]
    fn unparseable_record_stops_recovery_unless_skipped() {
        let records = vec![
            record(100, "shop", "CREATE TABLE t (id INT PRIMARY KEY)"),
            record(200, "shop", "ALTER TABLE t ADD COLUMN ((("),
            record(300, "shop", "ALTER TABLE t ADD COLUMN b INT"),
        ];
        let at = position("mariadb-bin.000001", 300);
        let error = recover_schemas(&records, "srv", &at, &mut SchemaTracker::new(), false)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(error.contains("record 2"), "{error}");
        assert!(error.contains("\"pos\":200"), "{error}");
        let mut tracker = SchemaTracker::new();
        let recovery = recover_schemas(&records, "srv", &at, &mut tracker, true)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((recovery.applied, recovery.skipped), (2, 1));
    }

    #[test]
    fn memory_history_keeps_records_in_order() {
        let mut history = MemorySchemaHistory::new();
        let shared = history.clone();
        assert!(!history.exists().unwrap_or(true));
        for pos in [1, 2] {
            history
                .record(&record(pos, "d", "CREATE DATABASE d"))
                .unwrap_or_else(|e| panic!("{e}"));
        }
        let mut shared = shared;
        let loaded = shared.load().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(loaded.len(), 2);
        assert_eq!(number_field(&loaded[1].position, "pos"), 2);
    }
}
