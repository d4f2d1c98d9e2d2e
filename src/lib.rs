//! Tributary: change data capture from MySQL and MariaDB binary logs, emitted as
//! Debezium-format change events (the envelopes of Debezium's MySQL connector 3.x).
//!
//! The data flow and the rules of who may use whom are in `DESIGN.md`'s module table:
//! `binlog` (sans-IO decoding) → `schema` (+ `ddl`) → `envelope` → `format` → `emit`,
//! with `offset` for positions, `replication` for the network side and `engine`
//! orchestrating everything behind the embedding and source-task APIs.

pub mod binlog;
pub mod ddl;
pub mod emit;
pub mod engine;
pub mod envelope;
pub mod format;
pub mod offset;
pub mod replication;
pub mod schema;
