//! `ReplicationError`: everything that can go wrong on the network side.
//!
//! One enum for the whole `replication` layer (connect, authenticate, query, binlog
//! dump). Each message is one line saying what was expected, what was found and where
//! (server address, SQL excerpt, binlog file and position). It must not wrap errors of
//! upper layers.

use std::io;
use std::time::Duration;

use super::binlog_dump::DumpStart;

/// An error of the replication layer: connecting, authenticating, querying, or
/// streaming the binlog from a MySQL/MariaDB server.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReplicationError {
    /// The TCP connection could not be opened (refused, unreachable, DNS).
    #[error("cannot connect to MySQL/MariaDB server at {addr}: {source}")]
    Connect {
        /// `host:port` that was dialled.
        addr: String,
        /// The operating system's reason.
        source: io::Error,
    },

    /// Connecting plus the handshake took longer than `connect_timeout`.
    #[error("connecting to MySQL/MariaDB server at {addr} timed out after {timeout:?}")]
    ConnectTimeout {
        /// `host:port` that was dialled.
        addr: String,
        /// The configured `connect_timeout`.
        timeout: Duration,
    },

    /// The server refused the login (ERR packet during the handshake).
    #[error(
        "authentication as user '{user}' at {addr} failed: server error {code} ({state}): {message}"
    )]
    Authentication {
        /// `host:port` of the server.
        addr: String,
        /// The user name that was sent.
        user: String,
        /// Server error code, e.g. 1045 (`ER_ACCESS_DENIED_ERROR`).
        code: u16,
        /// SQLSTATE, e.g. `28000`.
        state: String,
        /// The server's message, e.g. `Access denied for user 'cdc'@'localhost' (using password: YES)`.
        message: String,
    },

    /// The server asked for an authentication method this client does not implement.
    #[error(
        "server at {addr} asks for authentication plugin '{plugin}' for user '{user}', which is not supported (supported: mysql_native_password, caching_sha2_password, client_ed25519)"
    )]
    UnsupportedAuthPlugin {
        /// `host:port` of the server.
        addr: String,
        /// The user name that was sent.
        user: String,
        /// Plugin name the server asked for.
        plugin: String,
    },

    /// TLS could not be set up: the server does not offer it while the ssl mode
    /// requires it, a certificate or key file is unusable, or the server's
    /// certificate was not accepted.
    #[error("TLS with MySQL/MariaDB server at {addr}: {detail}")]
    Tls {
        /// `host:port` of the server.
        addr: String,
        /// What failed, naming the file or the verification error.
        detail: String,
    },

    /// Nothing, not even a heartbeat, arrived on the binlog stream for longer than
    /// two heartbeat periods: the connection is taken as dead.
    #[error(
        "no binlog event nor heartbeat from {addr} for {silence:?} (heartbeats requested every {heartbeat:?}): the connection is taken as dead"
    )]
    Stalled {
        /// `host:port` of the server.
        addr: String,
        /// How long the stream was silent.
        silence: Duration,
        /// The heartbeat period asked of the server.
        heartbeat: Duration,
    },

    /// The server answered a command with an ERR packet.
    #[error("server error {code} ({state}) for {command}: {message}")]
    Server {
        /// Server error code, e.g. 1146 (`ER_NO_SUCH_TABLE`).
        code: u16,
        /// SQLSTATE, e.g. `42S02`.
        state: String,
        /// The server's message.
        message: String,
        /// What was sent: an excerpt of the SQL, or the command name.
        command: String,
    },

    /// The server ended the binlog dump with an ERR packet, e.g. error 1236 when the
    /// requested binlog file was purged.
    #[error(
        "binlog dump from {from} failed after {events_received} events: server error {code} ({state}): {message}"
    )]
    BinlogDump {
        /// Where the dump was started from.
        from: DumpStart,
        /// Events received before the error.
        events_received: u64,
        /// Server error code, e.g. 1236 (`ER_MASTER_FATAL_ERROR_READING_BINLOG`).
        code: u16,
        /// SQLSTATE.
        state: String,
        /// The server's message.
        message: String,
    },

    /// The server sent bytes that do not follow the client/server protocol.
    #[error("protocol error from server at {addr}: {detail}")]
    Protocol {
        /// `host:port` of the server.
        addr: String,
        /// What was expected and what was found.
        detail: String,
    },

    /// The server, or something in between, does not support what this client needs.
    #[error("server at {addr} is not supported: {detail}")]
    Unsupported {
        /// `host:port` of the server.
        addr: String,
        /// What is missing.
        detail: String,
    },

    /// A request could not be sent because one of its arguments is out of range.
    #[error("invalid request: {detail}")]
    InvalidRequest {
        /// Which argument and why.
        detail: String,
    },

    /// A query answered with a result of an unexpected shape.
    #[error("unexpected result of {command}: {detail}")]
    InvalidResult {
        /// The statement.
        command: String,
        /// What was expected and what was found.
        detail: String,
    },

    /// A text result value was not valid UTF-8.
    #[error("column '{column}' of row {row} of the result of {command} is not valid UTF-8")]
    NotUtf8 {
        /// Column name.
        column: String,
        /// Zero-based row number.
        row: usize,
        /// SQL excerpt.
        command: String,
    },

    /// The connection was closed by the server or the network.
    #[error("connection to {addr} closed by the server while waiting for {during}")]
    ConnectionClosed {
        /// `host:port` of the server.
        addr: String,
        /// What the client was waiting for.
        during: &'static str,
    },

    /// Reading from or writing to the socket failed.
    #[error("I/O error on connection to {addr}: {source}")]
    Io {
        /// `host:port` of the server.
        addr: String,
        /// The operating system's reason.
        source: io::Error,
    },
}

/// Server error codes that end a connection without anything being wrong with the
/// request (MySQL `include/mysqld_error.h`, MariaDB `sql/share/errmsg-utf8.txt`).
const TRANSIENT_SERVER_ERRORS: &[u16] = &[
    1040, // ER_CON_COUNT_ERROR: too many connections
    1053, // ER_SERVER_SHUTDOWN: server shutdown in progress
    1152, // ER_ABORTING_CONNECTION
    1159, // ER_NET_READ_INTERRUPTED
    1161, // ER_NET_WRITE_INTERRUPTED
    1317, // ER_QUERY_INTERRUPTED
    1927, // ER_CONNECTION_KILLED (MariaDB): KILL of the session
    4031, // ER_CLIENT_INTERACTION_TIMEOUT (MySQL 8)
];

impl ReplicationError {
    /// Whether the failure is of the connection, not of what was asked: the network
    /// went away, the server restarted or killed the session, or the stream went
    /// silent. Reconnecting and asking again can succeed. A refused login, a purged
    /// binlog (1236), a TLS or protocol error is not transient.
    pub fn is_transient(&self) -> bool {
        match self {
            ReplicationError::Connect { .. }
            | ReplicationError::ConnectTimeout { .. }
            | ReplicationError::ConnectionClosed { .. }
            | ReplicationError::Io { .. }
            | ReplicationError::Stalled { .. } => true,
            ReplicationError::Server { code, .. }
            | ReplicationError::BinlogDump { code, .. }
            | ReplicationError::Authentication { code, .. } => {
                TRANSIENT_SERVER_ERRORS.contains(code)
            }
            _ => false,
        }
    }
}

/// The body of an ERR packet, before it is placed in its context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ServerError {
    pub(crate) code: u16,
    pub(crate) state: String,
    pub(crate) message: String,
}

impl ServerError {
    /// The error for a failed command, `command` naming what was sent.
    pub(crate) fn into_command_error(self, command: &str) -> ReplicationError {
        ReplicationError::Server {
            code: self.code,
            state: self.state,
            message: self.message,
            command: excerpt(command),
        }
    }
}

/// At most 120 characters of a statement, on one line, for error messages.
pub(crate) fn excerpt(sql: &str) -> String {
    const MAX_CHARS: usize = 120;
    let one_line: String = sql.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= MAX_CHARS {
        return format!("`{one_line}`");
    }
    let cut: String = one_line.chars().take(MAX_CHARS).collect();
    format!("`{cut}...`")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connect_error_is_one_line() {
        let err = ReplicationError::Connect {
            addr: "127.0.0.1:1".into(),
            source: io::Error::from(io::ErrorKind::ConnectionRefused),
        };
        let text = err.to_string();
        assert!(!text.contains('\n'), "{text}");
        assert!(text.contains("127.0.0.1:1"), "{text}");
    }

    #[test]
    fn transient_errors() {
        let dump = |code| ReplicationError::BinlogDump {
            from: DumpStart::Position {
                file: "mariadb-bin.000001".into(),
                pos: 4,
            },
            events_received: 0,
            code,
            state: "HY000".into(),
            message: String::new(),
        };
        assert!(dump(1927).is_transient());
        assert!(dump(1053).is_transient());
        assert!(!dump(1236).is_transient(), "a purged binlog stays purged");
        assert!(
            ReplicationError::ConnectionClosed {
                addr: "a".into(),
                during: "x"
            }
            .is_transient()
        );
        assert!(
            !ReplicationError::Tls {
                addr: "a".into(),
                detail: "x".into()
            }
            .is_transient()
        );
    }

    #[test]
    fn excerpt_flattens_and_cuts() {
        assert_eq!(excerpt("SELECT\n  1"), "`SELECT 1`");
        let long = "x".repeat(200);
        let cut = excerpt(&long);
        assert!(cut.ends_with("...`"));
        assert_eq!(cut.chars().count(), 120 + 5);
    }
}
