//! The binlog v4 format, sans-IO: bytes in, typed borrowed views out.
//!
//! Owns event framing, the common header, CRC32 checks, every event body, row images
//! and column value decoding. Must not do I/O (except [`reader`], the streaming file
//! reader), must not know of tokio, schemas beyond bare column metadata, or Debezium.
//!
//! ```no_run
//! use tributary::binlog::{BinlogError, BinlogFileReader, Decoder, Event};
//! use std::collections::HashMap;
//!
//! let mut decoder = Decoder::new();
//! let mut tables = HashMap::new();
//! for raw in BinlogFileReader::open("mariadb-bin.000001")? {
//!     let raw = raw?;
//!     // Also opens MySQL TRANSACTION_PAYLOAD_EVENTs and MariaDB compressed events.
//!     decoder.decode_expanded::<BinlogError>(&raw.bytes, raw.pos, |_header, event| {
//!         match event {
//!             Event::TableMap(map) => { tables.insert(map.table_id(), map); }
//!             Event::Rows(rows) => {
//!                 if let Some(map) = tables.get(&rows.table_id) {
//!                     for row in rows.rows(map) {
//!                         println!("{:?}", row?.after);
//!                     }
//!                 }
//!             }
//!             _ => {}
//!         }
//!         Ok(())
//!     })?;
//! }
//! # Ok::<(), tributary::binlog::BinlogError>(())
//! ```

mod column;
mod compressed;
mod control_events;
mod cursor;
mod decimal;
mod decoder;
mod error;
mod event;
mod json_diff;
mod mysql_gtid;
mod payload;
mod query;
pub mod reader;
mod rows;
mod statement_events;
mod table_map;
pub mod value;

#[cfg(test)]
mod fixture_tests;

pub use compressed::CompressedEvent;
pub use control_events::{
    HeartbeatEvent, INCIDENT_LOST_EVENTS, IncidentEvent, TransactionContextEvent, ViewChangeEvent,
    XaPrepareEvent,
};
pub use decoder::{Decoder, verify_crc32};
pub use error::BinlogError;
pub use event::{
    ChecksumAlg, Event, EventHeader, EventType, FL_ALLOW_PARALLEL, FL_COMPLETED_XA, FL_DDL,
    FL_GROUP_COMMIT_ID, FL_PREPARED_XA, FL_STANDALONE, FL_TRANSACTIONAL, FL_WAITED,
    FormatDescriptionEvent, GtidEvent, GtidListEvent, LOG_EVENT_BINLOG_IN_USE_F,
    LOG_EVENT_HEADER_LEN, MariadbGtid, RotateEvent, XidEvent,
};
pub use json_diff::{JsonDiff, JsonDiffOperation, JsonDiffs};
pub use mysql_gtid::{MysqlGtidEvent, MysqlGtidSetEntry, PreviousGtidsEvent};
pub use payload::{
    MAX_PAYLOAD_INNER_EVENT_SIZE, PayloadCompression, PayloadEvents, TransactionPayloadEvent,
};
pub use query::{QueryCharset, QueryEvent, QueryStatusVars};
pub use reader::{BINLOG_MAGIC, BinlogFileReader, RawEvent};
pub use rows::{
    COMPLETE_ROWS_F, NO_FOREIGN_KEY_CHECKS_F, RELAXED_UNIQUE_CHECKS_F, Row, RowIter, RowsEvent,
    RowsKind, STMT_END_F,
};
pub use statement_events::{
    AppendBlockEvent, CreateFileEvent, DECIMAL_RESULT, ExecuteLoadQueryEvent, INSERT_ID_EVENT,
    INT_RESULT, INVALID_INT_EVENT, IntvarEvent, LAST_INSERT_ID_EVENT, LoadEvent, LoadHeader,
    REAL_RESULT, ROW_RESULT, RandEvent, STRING_RESULT, USER_VAR_UNSIGNED_F, UserVarEvent,
    UserVarValue,
};
pub use table_map::{ColumnDesc, ColumnType, DefaultCharset, OptionalMetadata, TableMapEvent};
pub use value::{Date, DateTime, PackedDecimal, Time, Value};
