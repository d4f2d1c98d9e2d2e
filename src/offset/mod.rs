//! Source offsets in Debezium's MySQL format, and the stores that keep them.
//!
//! Owns the offset map a Debezium MySQL connector commits (`file`, `pos`, `row`,
//! `event`, `gtids`, `ts_sec`, `server_id`, `snapshot`) and where it is stored. It must
//! not know how records are produced or delivered: the engine commits an offset only
//! after the emitter acknowledged every record up to it.

use serde::{Deserialize, Serialize};

mod connect_file;
mod gtid;
#[cfg(feature = "kafka")]
mod kafka;
mod store;

pub use gtid::{GtidParseError, GtidState};
#[cfg(feature = "kafka")]
pub use kafka::KafkaOffsetStore;
pub use store::{FileOffsetStore, MemoryOffsetStore, OffsetError, OffsetStore};

/// An offset as the Kafka record Kafka Connect's offsets topic holds: written by the
/// data producer inside a batch's transaction (exactly-once delivery).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OffsetRecord {
    /// The offsets topic.
    pub topic: String,
    /// `["<connector name>",{"server":"<topic.prefix>"}]`.
    pub key: Vec<u8>,
    /// The offset map as JSON.
    pub value: Vec<u8>,
}

/// Kafka Connect's key of a Debezium MySQL/MariaDB connector's offsets: the connector
/// name and the source partition `{"server":<topic.prefix>}`, as schemaless JSON
/// (`OffsetStorageWriter` serializes `[name, partition]` with the internal
/// `JsonConverter`).
pub fn connect_partition_key(name: &str, server: &str) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!([name, { "server": server }])).unwrap_or_default()
}

/// Where a restart resumes: the map Debezium's `MySqlOffsetContext` commits.
///
/// `file`/`pos` name the binlog event to restart from (the start of the transaction
/// being processed, as Debezium does), `event` counts the events of that transaction
/// already emitted and `row` the rows of the current rows event already emitted, so a
/// restart in the middle of a transaction skips what was delivered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct SourceOffset {
    /// Binlog file name, e.g. `mariadb-bin.000001`.
    pub file: String,
    /// Byte position in that file.
    pub pos: u64,
    /// Rows of the current rows event already emitted.
    #[serde(default, skip_serializing_if = "is_zero_u32")]
    pub row: u32,
    /// Events of the current transaction already emitted.
    #[serde(default, skip_serializing_if = "is_zero_u64")]
    pub event: u64,
    /// GTID set (MySQL) or GTID position (MariaDB) when GTIDs are in use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gtids: Option<String>,
    /// Event timestamp, seconds since the epoch.
    #[serde(default, skip_serializing_if = "is_zero_u64")]
    pub ts_sec: u64,
    /// Server id of the event's origin.
    #[serde(default, skip_serializing_if = "is_zero_u64")]
    pub server_id: u64,
    /// True while a snapshot is in progress.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snapshot: Option<bool>,
}

fn is_zero_u32(v: &u32) -> bool {
    *v == 0
}

fn is_zero_u64(v: &u64) -> bool {
    *v == 0
}
