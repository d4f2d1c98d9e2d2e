//! Transaction metadata (`provide.transaction.metadata=true`): Debezium's
//! `TransactionMonitor` and `TransactionContext`, driven by the processor's
//! transaction boundaries.
//!
//! Owns the state of the transaction in progress (its id, the event counts per table)
//! and the BEGIN/END records of the transaction topic. When Debezium's binlog
//! connectors start and end a transaction, and so when this module is told to:
//! - BEGIN: a `BEGIN` query event (`handleTransactionBegin`), or a MariaDB GTID event
//!   that opens a transaction (what MariaDB itself turns into a `BEGIN` query event
//!   for a replica that does not take GTID events; a standalone GTID, i.e. DDL, opens
//!   none). The BEGIN record is emitted at once, even if no captured change follows
//!   (`transactionStartedEvent`). A BEGIN while another transaction is in progress
//!   (after a `ROLLBACK` query, which Debezium does not treat as an end) starts the
//!   new one without an END for the old one.
//! - END: an XID event or a `COMMIT` query event (`handleTransactionCompletion` →
//!   `transactionCommittedEvent`), only while a transaction is in progress.
//! - The id: the transaction's GTID when the binlog has one (MySQL `uuid:gno`,
//!   MariaDB `domain-server-seq`, as `BinlogOffsetContext.setTransactionId` and the
//!   MariaDB connector's `handleGtidEvent` take it), else `file=<binlog>,pos=<pos of
//!   the BEGIN>` (`NON_GTID_TRANSACTION_ID_FORMAT`).
//! - Each emitted data record (not its tombstone) counts once for its table
//!   (`TransactionContext.event`); the END lists the tables in the iteration order of
//!   Debezium's `HashMap<String, Long>`, which [`JavaHashOrder`] reproduces.
//!
//! Known difference: Debezium's MariaDB connector (`MariaDbStreamingChangeEventSource.
//! handleGtidEvent`) also starts a transaction at a standalone GTID event (DDL), i.e.
//! emits a BEGIN that no END follows; there is no oracle for that connector here, and
//! Tributary follows what the MySQL connector emits when MariaDB sends it `BEGIN`s
//! (`binlog-fixtures/reference/transactions.stream.jsonl`): no record for DDL.
//!
//! It must not decide which events are transaction boundaries in the binlog (the
//! processor does) nor serialize (it calls `format`).

use std::sync::Arc;

use bytes::Bytes;

use crate::emit::Record;
use crate::envelope::{TransactionBlock, TransactionEvent, TransactionStatus};
use crate::format::JsonConverter;

/// The transaction in progress and the records it produces.
#[derive(Debug)]
pub struct TransactionMonitor {
    topic: Arc<str>,
    /// The id of the transaction in progress (`TransactionContext.transactionId`).
    id: Option<String>,
    /// `totalEventCount`.
    total: i64,
    /// `perTableEventCount`, in Java `HashMap` order.
    per_table: JavaHashOrder,
}

impl TransactionMonitor {
    /// A monitor writing BEGIN/END records to `topic`.
    pub fn new(topic: Arc<str>) -> Self {
        TransactionMonitor {
            topic,
            id: None,
            total: 0,
            per_table: JavaHashOrder::default(),
        }
    }

    /// True while a transaction is in progress.
    pub fn in_progress(&self) -> bool {
        self.id.is_some()
    }

    /// A transaction starts (`transactionStartedEvent`): the BEGIN record goes to
    /// `out` when `emit`. `ts_ms` is the binlog event's time.
    pub fn begin(
        &mut self,
        id: String,
        ts_ms: i64,
        emit: bool,
        json: &JsonConverter,
        out: &mut Vec<Record>,
    ) {
        self.total = 0;
        self.per_table.clear();
        self.id = Some(id);
        if emit {
            self.push(TransactionStatus::Begin, ts_ms, json, out);
        }
    }

    /// A data record of `table` (`db.table`) is emitted: its `transaction` block, or
    /// `None` outside a transaction.
    pub fn data_event(&mut self, table: &str) -> Option<TransactionBlock<'_>> {
        let id = self.id.as_deref()?;
        self.total += 1;
        let order = self.per_table.increment(table);
        Some(TransactionBlock {
            id,
            total_order: self.total,
            data_collection_order: order,
        })
    }

    /// The transaction commits (`transactionCommittedEvent`): the END record goes to
    /// `out` when one is in progress and `emit`.
    pub fn commit(&mut self, ts_ms: i64, emit: bool, json: &JsonConverter, out: &mut Vec<Record>) {
        if self.id.is_some() && emit {
            self.push(TransactionStatus::End, ts_ms, json, out);
        }
        self.id = None;
        self.total = 0;
        self.per_table.clear();
    }

    fn push(
        &self,
        status: TransactionStatus,
        ts_ms: i64,
        json: &JsonConverter,
        out: &mut Vec<Record>,
    ) {
        let Some(id) = self.id.as_deref() else {
            return;
        };
        let collections = match status {
            TransactionStatus::Begin => Vec::new(),
            TransactionStatus::End => self.per_table.entries(),
        };
        let event = TransactionEvent {
            status,
            id,
            ts_ms,
            event_count: (status == TransactionStatus::End).then_some(self.total),
            data_collections: &collections,
        };
        let mut key = Vec::with_capacity(64);
        json.transaction_key(&event, &mut key);
        let mut value = Vec::with_capacity(256);
        json.transaction_value(&event, &mut value);
        out.push(Record::new(
            self.topic.clone(),
            Some(Bytes::from(key)),
            Some(Bytes::from(value)),
        ));
    }
}

/// The transaction id Debezium gives a transaction without a GTID.
pub fn non_gtid_transaction_id(file: &str, pos: u64) -> String {
    format!("file={file},pos={pos}")
}

/// Counts per key, iterated in the order of a `java.util.HashMap<String, Long>` that
/// got the keys in this order and is emptied with `clear()` (which keeps its table
/// size, as Debezium's `TransactionContext.reset` does between transactions).
///
/// `HashMap` iterates its table's buckets in index order (`hash ^ hash >>> 16`
/// masked by the table size), each bucket in insertion order; a resize splits every
/// bucket keeping that order, so the final table size decides the order. The table
/// starts at 16 and doubles when the size passes 0.75 of it, or when a bucket would
/// hold a ninth entry while the table is smaller than 64 (`treeifyBin`). Buckets that
/// become trees (nine keys in one bucket of a table of 64 or more) are not modelled.
#[derive(Debug, Clone, Default)]
pub struct JavaHashOrder {
    /// `(key, String.hashCode spread, count)` in insertion order.
    entries: Vec<(String, u32, i64)>,
    /// The table size (0 before the first insert).
    capacity: usize,
}

impl JavaHashOrder {
    /// Adds one to `key`'s count and returns the new count.
    pub fn increment(&mut self, key: &str) -> i64 {
        if let Some(entry) = self.entries.iter_mut().find(|e| e.0 == key) {
            entry.2 += 1;
            return entry.2;
        }
        if self.capacity == 0 {
            self.capacity = 16;
        }
        let hash = spread(java_string_hash(key));
        let same_bucket = self
            .entries
            .iter()
            .filter(|e| bucket(e.1, self.capacity) == bucket(hash, self.capacity))
            .count();
        if same_bucket >= 8 && self.capacity < 64 {
            self.capacity *= 2;
        }
        self.entries.push((key.to_owned(), hash, 1));
        if self.entries.len() * 4 > self.capacity * 3 {
            self.capacity *= 2;
        }
        1
    }

    /// Empties the map, keeping its table size.
    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// `(key, count)` in the map's iteration order.
    pub fn entries(&self) -> Vec<(String, i64)> {
        let mut order: Vec<&(String, u32, i64)> = self.entries.iter().collect();
        // A stable sort keeps insertion order within a bucket.
        order.sort_by_key(|e| bucket(e.1, self.capacity));
        order.into_iter().map(|e| (e.0.clone(), e.2)).collect()
    }
}

/// `String.hashCode`: `s[0]*31^(n-1) + … + s[n-1]` over UTF-16 code units, wrapping.
fn java_string_hash(s: &str) -> u32 {
    s.encode_utf16().fold(0u32, |h, unit| {
        h.wrapping_mul(31).wrapping_add(u32::from(unit))
    })
}

/// `HashMap.hash`: the high half folded into the low half.
fn spread(h: u32) -> u32 {
    h ^ (h >> 16)
}

fn bucket(hash: u32, capacity: usize) -> usize {
    (hash as usize) & capacity.saturating_sub(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(map: &JavaHashOrder) -> Vec<String> {
        map.entries().into_iter().map(|(k, _)| k).collect()
    }

    /// `reference/transactions.stream.jsonl`: the transaction that inserted into
    /// orders, then items (two rows), then audit ended with
    /// `data_collections` items, orders, audit.
    #[test]
    fn debezium_order_of_the_reference_transaction() {
        let mut map = JavaHashOrder::default();
        for key in [
            "ecommerce.orders",
            "ecommerce.items",
            "ecommerce.items",
            "ecommerce.audit",
        ] {
            map.increment(key);
        }
        assert_eq!(
            map.entries(),
            vec![
                ("ecommerce.items".to_owned(), 2),
                ("ecommerce.orders".to_owned(), 1),
                ("ecommerce.audit".to_owned(), 1),
            ]
        );
    }

    /// Values of `"…".hashCode()` as Java computes them (JLS §15.28 examples and
    /// `String.hashCode`'s definition).
    #[test]
    fn string_hash_code_as_java() {
        assert_eq!(java_string_hash(""), 0);
        assert_eq!(java_string_hash("a"), 97);
        assert_eq!(java_string_hash("ab"), 97 * 31 + 98);
        // "polygenelubricants".hashCode() == Integer.MIN_VALUE, a well-known case.
        assert_eq!(java_string_hash("polygenelubricants"), 0x8000_0000);
    }

    #[test]
    fn more_than_twelve_tables_double_the_table_and_clear_keeps_it() {
        let mut map = JavaHashOrder::default();
        let names: Vec<String> = (0..13).map(|i| format!("db.t{i}")).collect();
        for name in &names {
            map.increment(name);
        }
        assert_eq!(map.capacity, 32);
        let mut expected: Vec<&String> = names.iter().collect();
        expected.sort_by_key(|n| bucket(spread(java_string_hash(n)), 32));
        assert_eq!(
            keys(&map),
            expected.into_iter().cloned().collect::<Vec<_>>()
        );
        map.clear();
        map.increment("db.t0");
        assert_eq!(map.capacity, 32);
    }

    #[test]
    fn the_block_counts_per_table_and_in_total() {
        let json = JsonConverter::new(false, false);
        let mut monitor = TransactionMonitor::new(Arc::from("p.transaction"));
        let mut out = Vec::new();
        assert!(monitor.data_event("d.a").is_none());
        monitor.begin("0-1-5".into(), 1000, true, &json, &mut out);
        let b = monitor.data_event("d.a").unwrap();
        assert_eq!((b.total_order, b.data_collection_order), (1, 1));
        monitor.data_event("d.b");
        let b = monitor.data_event("d.a").unwrap();
        assert_eq!(
            (b.id, b.total_order, b.data_collection_order),
            ("0-1-5", 3, 2)
        );
        monitor.commit(2000, true, &json, &mut out);
        assert_eq!(out.len(), 2);
        let end: serde_json::Value =
            serde_json::from_slice(out[1].value.as_ref().unwrap()).unwrap();
        assert_eq!(end["status"], "END");
        assert_eq!(end["event_count"], 3);
        assert_eq!(end["ts_ms"], 2000);
        // A commit outside a transaction emits nothing.
        monitor.commit(3000, true, &json, &mut out);
        assert_eq!(out.len(), 2);
    }
}
