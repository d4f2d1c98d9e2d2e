//! The binlog v4 format, sans-IO: bytes in, typed borrowed views out.
//!
//! Owns event framing, the common header, CRC32 checks, every event body, row images
//! and column value decoding. Must not do I/O, must not know of tokio, schemas beyond
//! bare column metadata, or Debezium.

pub mod value;

pub use value::{Date, DateTime, PackedDecimal, Time, Value};
