//! Transaction metadata and heartbeat records: what Debezium emits on
//! `<prefix>.transaction` (`provide.transaction.metadata=true`) and on
//! `__debezium-heartbeat.<prefix>` (`heartbeat.interval.ms`), and the `transaction`
//! block of a data record.
//!
//! Schemas as Debezium's `SchemaFactory` builds them (`transactionKeySchema`,
//! `transactionValueSchema`, `transactionEventCountPerDataCollectionSchema`,
//! `heartbeatKeySchema`, `heartbeatValueSchema`); values as
//! `AbstractTransactionStructMaker` and `HeartbeatImpl` fill them. Deciding *when* a
//! transaction begins or ends, and the order of `data_collections`, is the engine's
//! job (`engine::transaction`); serializing is `format`'s.

use super::connect::{ConnectSchema, ConnectType};

/// The `transaction` block of a data record (`event.block`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TransactionBlock<'a> {
    /// `id`: the transaction id (GTID, or `file=…,pos=…` without one).
    pub id: &'a str,
    /// `total_order`: 1-based position of the event among the transaction's events.
    pub total_order: i64,
    /// `data_collection_order`: 1-based position among the events of its table.
    pub data_collection_order: i64,
}

/// `status` of a transaction metadata record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransactionStatus {
    /// `BEGIN`.
    Begin,
    /// `END`.
    End,
}

impl TransactionStatus {
    /// The string Debezium writes (`TransactionStatus.name()`).
    pub fn as_str(self) -> &'static str {
        match self {
            TransactionStatus::Begin => "BEGIN",
            TransactionStatus::End => "END",
        }
    }
}

/// One record of the transaction topic. A BEGIN has neither `event_count` nor
/// `data_collections` (both null); an END has both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TransactionEvent<'a> {
    /// BEGIN or END.
    pub status: TransactionStatus,
    /// The transaction id (also the record key's `id`).
    pub id: &'a str,
    /// `ts_ms`: the binlog event's timestamp (BEGIN: of the transaction's first
    /// event; END: of its commit), in milliseconds.
    pub ts_ms: i64,
    /// END: `event_count`, the data events of the transaction.
    pub event_count: Option<i64>,
    /// END: `data_collections`, `(table, events)` in Debezium's order.
    pub data_collections: &'a [(String, i64)],
}

/// `io.debezium.connector.common.TransactionMetadataKey`.
pub fn transaction_key_schema() -> ConnectSchema {
    ConnectSchema::logical(
        ConnectType::Struct,
        "io.debezium.connector.common.TransactionMetadataKey",
    )
    .field("id", ConnectSchema::of(ConnectType::String))
}

/// `io.debezium.connector.common.TransactionMetadataValue`.
pub fn transaction_value_schema() -> ConnectSchema {
    use ConnectType as T;
    let per_table = ConnectSchema::logical(T::Struct, "event.collection")
        .optional()
        .field("data_collection", ConnectSchema::of(T::String))
        .field("event_count", ConnectSchema::of(T::Int64));
    let collections = ConnectSchema {
        items: Some(Box::new(per_table)),
        ..ConnectSchema::of(T::Array)
    }
    .optional();
    ConnectSchema::logical(
        T::Struct,
        "io.debezium.connector.common.TransactionMetadataValue",
    )
    .field("status", ConnectSchema::of(T::String))
    .field("id", ConnectSchema::of(T::String))
    .field("event_count", ConnectSchema::of(T::Int64).optional())
    .field("data_collections", collections)
    .field("ts_ms", ConnectSchema::of(T::Int64))
}

/// `io.debezium.connector.common.ServerNameKey`: the heartbeat key `{serverName}`.
pub fn heartbeat_key_schema() -> ConnectSchema {
    ConnectSchema::logical(
        ConnectType::Struct,
        "io.debezium.connector.common.ServerNameKey",
    )
    .field("serverName", ConnectSchema::of(ConnectType::String))
}

/// `io.debezium.connector.common.Heartbeat`: the heartbeat value `{ts_ms}`.
pub fn heartbeat_value_schema() -> ConnectSchema {
    ConnectSchema::logical(
        ConnectType::Struct,
        "io.debezium.connector.common.Heartbeat",
    )
    .field("ts_ms", ConnectSchema::of(ConnectType::Int64))
}

/// One heartbeat record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeartbeatEvent<'a> {
    /// `serverName` of the key: the `topic.prefix`.
    pub server_name: &'a str,
    /// `ts_ms` of the value: wall-clock time of the heartbeat (`Instant.now()`).
    pub ts_ms: i64,
}
