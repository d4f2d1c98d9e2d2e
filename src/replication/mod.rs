//! The network side: MySQL/MariaDB client protocol, replica registration and the
//! binlog dump stream.
//!
//! Owns sockets (tokio), packet framing, the connection phase and authentication,
//! text-protocol queries for snapshots and server checks, and `COM_BINLOG_DUMP`, whose
//! events leave this module as raw `Bytes` (common header through checksum). It must
//! not decode binlog events (that is `binlog`, sans-IO) nor know of schemas or Debezium.
//!
//! Layering follows rust-postgres: `packet`, `handshake`, `auth` and `result_set` are sans-IO
//! (bytes in, values out, `Ok(None)` while a frame is incomplete); `connection`,
//! `binlog_dump` and `server_checks` drive them over a `TcpStream`.
//!
//! - [`Connection::connect`] logs in (mysql_native_password, caching_sha2_password
//!   with full authentication over TLS or RSA, MariaDB client_ed25519, auth
//!   switches), over TLS per [`TlsOptions`] (`SSLRequest`, then OpenSSL);
//!   [`Connection::query`] / [`Connection::query_with_columns`] /
//!   [`Connection::query_rows`] run text-protocol SQL; [`Connection::binlog_position`]
//!   and [`Connection::binlog_settings`] answer the usual server checks.
//! - [`start_binlog_dump`] (file/position), [`start_mariadb_gtid_dump`] and
//!   [`start_mysql_gtid_dump`] turn a connection into a [`BinlogStream`], whose
//!   [`BinlogStream::next_event`] yields each event's raw bytes.
//! - Every failure is a [`ReplicationError`] whose message is one line.
//!
//! ```no_run
//! # async fn demo() -> Result<(), tributary::replication::ReplicationError> {
//! use tributary::replication::{ConnectOptions, Connection, start_binlog_dump};
//! let opts = ConnectOptions::new("127.0.0.1", 3306, "cdc", "cdc");
//! let mut conn = Connection::connect(&opts).await?;
//! let Some(end) = conn.binlog_position().await? else {
//!     return Ok(()); // binary log off
//! };
//! let mut stream = start_binlog_dump(conn, 5400, &end.file, end.pos, None).await?;
//! while let Some(event) = stream.next_event().await? {
//!     println!("event type {}", event.get(4).copied().unwrap_or_default());
//! }
//! # Ok(()) }
//! ```

#![warn(missing_docs)]

mod auth;
mod binlog_dump;
mod connection;
mod error;
mod handshake;
mod packet;
mod result_set;
mod server_checks;
mod tls;

pub use binlog_dump::{
    BinlogDumpFlags, BinlogDumpRequest, BinlogStream, DumpStart, start_binlog_dump,
    start_mariadb_gtid_dump, start_mysql_gtid_dump,
};
pub use connection::{ConnectOptions, Connection, LoginOptions, TextRows};
pub use error::ReplicationError;
pub use result_set::{Column, ResultSet, TextRow};
pub use server_checks::{BinlogPosition, BinlogSettings};
pub use tls::{SslMode, StoreFile, TlsOptions, java_keystore_kind};
