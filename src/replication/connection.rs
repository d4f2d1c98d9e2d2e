//! `Connection`: one authenticated MySQL/MariaDB client connection over tokio, and the
//! text-protocol commands the CDC engine needs (`COM_QUERY` for snapshots and server
//! checks, `COM_QUIT`).
//!
//! Owns the socket, the read buffer that packets are framed out of, the sequence ids
//! and the connection phase (handshake, the switch to TLS, authentication and auth
//! switches). It must not decode binlog
//! events nor interpret query results beyond text columns; the binlog dump is in
//! `binlog_dump`. Formats: MySQL internals manual, "Connection Phase" and
//! "Text Protocol" (COM_QUERY response, Protocol::ColumnDefinition41, ResultsetRow).

use std::fmt;
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::auth::{self, auth_response, caching_sha2, plugin_nonce};
use super::error::{ReplicationError, excerpt};
use super::handshake::{
    self, AuthSwitchRequest, HandshakeResponse, HandshakeV10, capability, client_capabilities,
};
use super::packet::{
    self, ERR_HEADER, OK_HEADER, Packet, PayloadReader, ProtocolViolation, is_eof_packet,
    parse_err_packet, parse_packet, write_packet,
};
use super::result_set::{Column, ResultSet, TextRow, parse_column_definition};
use super::tls::{self, SslMode, TlsOptions, Transport};

/// `COM_QUIT`: the client closes the connection.
const COM_QUIT: u8 = 0x01;
/// `COM_QUERY`: run one SQL statement with the text protocol.
const COM_QUERY: u8 = 0x03;

/// Server status flag: another result set follows (`SERVER_MORE_RESULTS_EXISTS`).
const SERVER_MORE_RESULTS_EXISTS: u16 = 0x0008;

/// First byte of Protocol::AuthMoreData.
const AUTH_MORE_DATA_HEADER: u8 = 0x01;

/// First byte of a LOCAL INFILE request in a COM_QUERY response.
const LOCAL_INFILE_HEADER: u8 = 0xFB;

/// Bytes read from the socket at least per read call.
const MIN_READ_CAPACITY: usize = 64 * 1024;

/// Where and as whom to connect. Less common login settings are in [`LoginOptions`].
#[derive(Clone)]
pub struct ConnectOptions {
    /// Host name or IP address of the server.
    pub host: String,
    /// TCP port of the server (MySQL's default is 3306).
    pub port: u16,
    /// User name to log in as.
    pub user: String,
    /// Password of `user` (empty for none).
    pub password: String,
    /// Limit for opening the TCP connection plus the handshake and authentication.
    pub connect_timeout: Duration,
}

/// Login settings beyond [`ConnectOptions`], for [`Connection::connect_with`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct LoginOptions {
    /// Default database to select at login, if any.
    pub database: Option<String>,
    /// Whether caching_sha2_password may fetch the server's RSA public key to send
    /// the password when the server has not cached it (MySQL 8 without TLS). Off by
    /// default, as in MySQL's own clients, because the key is not verified. Over TLS
    /// the password is sent in clear instead, without a key.
    pub allow_public_key_retrieval: bool,
    /// TLS: mode (default `preferred`: TLS when the server offers it, unverified),
    /// trusted CAs, client certificate.
    pub tls: TlsOptions,
}

impl ConnectOptions {
    /// Options for `user`@`host`:`port` with no default database and a 30 s connect
    /// timeout (Debezium's `connect.timeout.ms` default).
    pub fn new(
        host: impl Into<String>,
        port: u16,
        user: impl Into<String>,
        password: impl Into<String>,
    ) -> Self {
        ConnectOptions {
            host: host.into(),
            port,
            user: user.into(),
            password: password.into(),
            connect_timeout: Duration::from_secs(30),
        }
    }

    /// `host:port`, as used in error messages.
    pub fn addr(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }
}

impl fmt::Debug for ConnectOptions {
    /// Prints everything but the password.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConnectOptions")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("user", &self.user)
            .field("password", &"<redacted>")
            .field("connect_timeout", &self.connect_timeout)
            .finish()
    }
}

/// An authenticated client connection to a MySQL or MariaDB server.
///
/// Dropping it closes the socket; [`Connection::close`] says goodbye first. If a
/// command's future is dropped half-way (e.g. by a timeout), the connection is marked
/// broken and later commands fail instead of reading a stale reply; a [`TextRows`]
/// dropped before its end is fine (the next command skips the remaining rows).
pub struct Connection {
    stream: Transport,
    read_buf: BytesMut,
    write_buf: BytesMut,
    /// Sequence id expected on the next packet read, and used on the next one written.
    seq: u8,
    addr: String,
    server_version: String,
    connection_id: u32,
    capabilities: u32,
    /// Where the connection is in the command/reply cycle.
    state: CommandState,
}

/// Where a connection is in the command/reply cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CommandState {
    /// Ready for a command.
    Idle,
    /// A command was sent and its reply is being read; seen at the start of the next
    /// command it means the previous one was interrupted at an unknown point.
    InFlight,
    /// The rows of a result set are being read by a [`TextRows`]; the next command
    /// first reads and drops the rest. Reading a packet is cancel-safe (partial bytes
    /// stay buffered), so an interrupted `next_row` leaves this state consistent.
    RowsPending,
}

impl fmt::Debug for Connection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Connection")
            .field("addr", &self.addr)
            .field("server_version", &self.server_version)
            .field("connection_id", &self.connection_id)
            .finish_non_exhaustive()
    }
}

impl Connection {
    /// Opens a TCP connection, reads the server's handshake and logs in.
    ///
    /// The whole sequence is bounded by `opts.connect_timeout`. A refused connection
    /// is [`ReplicationError::Connect`], a rejected login
    /// [`ReplicationError::Authentication`] carrying the server's message.
    pub async fn connect(opts: &ConnectOptions) -> Result<Self, ReplicationError> {
        Self::connect_with(opts, &LoginOptions::default()).await
    }

    /// [`Connection::connect`] with further login settings (default database, RSA
    /// public key retrieval).
    pub async fn connect_with(
        opts: &ConnectOptions,
        login: &LoginOptions,
    ) -> Result<Self, ReplicationError> {
        let addr = opts.addr();
        let attempt = Self::connect_untimed(opts, login, &addr);
        match tokio::time::timeout(opts.connect_timeout, attempt).await {
            Ok(result) => result,
            Err(_elapsed) => Err(ReplicationError::ConnectTimeout {
                addr,
                timeout: opts.connect_timeout,
            }),
        }
    }

    async fn connect_untimed(
        opts: &ConnectOptions,
        login: &LoginOptions,
        addr: &str,
    ) -> Result<Self, ReplicationError> {
        let stream = TcpStream::connect((opts.host.as_str(), opts.port))
            .await
            .map_err(|source| ReplicationError::Connect {
                addr: addr.to_owned(),
                source,
            })?;
        // Commands are single small packets answered by the server: no Nagle delay.
        stream
            .set_nodelay(true)
            .map_err(|source| ReplicationError::Io {
                addr: addr.to_owned(),
                source,
            })?;
        let mut conn = Connection {
            stream: Transport::Plain(stream),
            read_buf: BytesMut::with_capacity(MIN_READ_CAPACITY),
            write_buf: BytesMut::new(),
            seq: 0,
            addr: addr.to_owned(),
            server_version: String::new(),
            connection_id: 0,
            capabilities: 0,
            state: CommandState::Idle,
        };
        conn.handshake(opts, login).await?;
        Ok(conn)
    }

    /// The server's version string from the handshake. MariaDB prefixes it with
    /// `5.5.5-` for old replication clients; `SELECT VERSION()` has the real one.
    pub fn server_version(&self) -> &str {
        &self.server_version
    }

    /// Whether the server is MariaDB (by its handshake version string).
    pub fn is_mariadb(&self) -> bool {
        self.server_version.contains("MariaDB")
    }

    /// The server's id for this connection (`CONNECTION_ID()`).
    pub fn connection_id(&self) -> u32 {
        self.connection_id
    }

    /// `host:port` of the server.
    pub fn addr(&self) -> &str {
        &self.addr
    }

    /// The TLS protocol version in use (e.g. `TLSv1.3`), `None` on plain TCP.
    pub fn tls_version(&self) -> Option<&'static str> {
        self.stream.tls_version()
    }

    /// Runs one SQL statement and returns its rows of nullable text values (none for
    /// statements without a result set); [`Connection::query_with_columns`] also
    /// gives the column names, [`Connection::query_rows`] streams large results.
    /// Further result sets, if the statement produced several, are read and dropped.
    /// A value that is not UTF-8 is an error.
    pub async fn query(&mut self, sql: &str) -> Result<Vec<Vec<Option<String>>>, ReplicationError> {
        Ok(self.query_with_columns(sql).await?.rows)
    }

    /// Like [`Connection::query`], with the column names.
    pub async fn query_with_columns(&mut self, sql: &str) -> Result<ResultSet, ReplicationError> {
        let mut rows = self.query_rows(sql).await?;
        let columns: Vec<String> = rows.columns().iter().map(|c| c.name.clone()).collect();
        let mut result = ResultSet {
            columns,
            rows: Vec::new(),
        };
        while let Some(row) = rows.next_row().await? {
            let mut values = Vec::with_capacity(row.len());
            for (index, column) in result.columns.iter().enumerate() {
                let value = match row.get_str(index) {
                    Some(Ok(value)) => value.map(str::to_owned),
                    _ => {
                        return Err(ReplicationError::NotUtf8 {
                            column: column.clone(),
                            row: result.rows.len(),
                            command: excerpt(sql),
                        });
                    }
                };
                values.push(value);
            }
            result.rows.push(values);
        }
        Ok(result)
    }

    /// Runs one SQL statement and streams its rows: memory stays bounded by one row,
    /// whatever the size of the result (snapshots). Values are zero-copy views of the
    /// packets. Result sets after the first one are read and dropped.
    pub async fn query_rows(&mut self, sql: &str) -> Result<TextRows<'_>, ReplicationError> {
        self.begin_command().await?;
        self.send_query(sql).await?;
        let sql_excerpt = excerpt(sql);
        match self.read_result_head(&sql_excerpt).await? {
            ResultHead::Done { more } => {
                if more {
                    self.drain_results(&sql_excerpt).await?;
                }
                self.state = CommandState::Idle;
                Ok(TextRows {
                    conn: self,
                    columns: Vec::new(),
                    sql: sql_excerpt,
                    done: true,
                })
            }
            ResultHead::Columns(columns) => {
                self.state = CommandState::RowsPending;
                Ok(TextRows {
                    conn: self,
                    columns,
                    sql: sql_excerpt,
                    done: false,
                })
            }
        }
    }

    /// Runs one SQL statement for its effect (e.g. `SET @master_binlog_checksum = ...`);
    /// any result set is read and dropped.
    pub async fn execute(&mut self, sql: &str) -> Result<(), ReplicationError> {
        let mut rows = self.query_rows(sql).await?;
        while rows.next_row().await?.is_some() {}
        Ok(())
    }

    /// Sends `COM_QUIT` and closes the socket.
    pub async fn close(mut self) -> Result<(), ReplicationError> {
        if self.state == CommandState::Idle {
            self.write_command(&[COM_QUIT]).await?;
        }
        self.stream
            .shutdown()
            .await
            .map_err(|source| self.io(source))
    }

    // ---- connection phase ------------------------------------------------------

    async fn handshake(
        &mut self,
        opts: &ConnectOptions,
        login: &LoginOptions,
    ) -> Result<(), ReplicationError> {
        let first = self.read_packet("the server's handshake").await?;
        if first.payload.first() == Some(&ERR_HEADER) {
            let err = parse_err_packet(&first.payload).map_err(|v| self.protocol(v))?;
            return Err(err.into_command_error("connection handshake"));
        }
        let hello: HandshakeV10 =
            handshake::parse_handshake_v10(&first.payload).map_err(|v| self.protocol(v))?;
        let required = capability::PROTOCOL_41 | capability::SECURE_CONNECTION;
        if hello.capabilities & required != required {
            return Err(ReplicationError::Unsupported {
                addr: self.addr.clone(),
                detail: format!(
                    "server '{}' lacks CLIENT_PROTOCOL_41/CLIENT_SECURE_CONNECTION (capabilities 0x{:08X}); MySQL 4.1 or later is needed",
                    hello.server_version, hello.capabilities
                ),
            });
        }
        self.server_version = hello.server_version.clone();
        self.connection_id = hello.connection_id;
        self.capabilities = client_capabilities(hello.capabilities, login.database.is_some());
        if self.wants_tls(&login.tls, hello.capabilities)? {
            self.start_tls(&login.tls, &opts.host).await?;
        }

        // Answer with the server's default plugin when it is one we speak; otherwise
        // with mysql_native_password, and the server switches us to the user's plugin.
        let default_plugin = hello
            .auth_plugin
            .as_deref()
            .unwrap_or(handshake::MYSQL_NATIVE_PASSWORD);
        let (mut plugin, first_answer) =
            match auth_response(default_plugin, &hello.nonce, &opts.password) {
                Some(answer) => (default_plugin.to_owned(), answer),
                None => (
                    handshake::MYSQL_NATIVE_PASSWORD.to_owned(),
                    auth_response(
                        handshake::MYSQL_NATIVE_PASSWORD,
                        &hello.nonce,
                        &opts.password,
                    )
                    .unwrap_or_default(),
                ),
            };
        let response = handshake::handshake_response_41(&HandshakeResponse {
            capabilities: self.capabilities,
            user: &opts.user,
            auth_response: &first_answer,
            database: login.database.as_deref(),
            auth_plugin: &plugin,
        });
        self.write_continuation(&response).await?;

        let mut nonce = hello.nonce;
        let mut awaiting_public_key = false;
        loop {
            let reply = self.read_packet("the authentication result").await?;
            match reply.payload.first().copied() {
                Some(OK_HEADER) => return Ok(()),
                Some(ERR_HEADER) => {
                    let err = parse_err_packet(&reply.payload).map_err(|v| self.protocol(v))?;
                    return Err(ReplicationError::Authentication {
                        addr: self.addr.clone(),
                        user: opts.user.clone(),
                        code: err.code,
                        state: err.state,
                        message: err.message,
                    });
                }
                Some(packet::EOF_HEADER) => {
                    let switch: AuthSwitchRequest =
                        handshake::parse_auth_switch_request(&reply.payload)
                            .map_err(|v| self.protocol(v))?;
                    let switch_nonce = plugin_nonce(&switch.plugin, &switch.data).to_vec();
                    let answer = auth_response(&switch.plugin, &switch_nonce, &opts.password)
                        .ok_or_else(|| ReplicationError::UnsupportedAuthPlugin {
                            addr: self.addr.clone(),
                            user: opts.user.clone(),
                            plugin: switch.plugin.clone(),
                        })?;
                    tracing::debug!(addr = %self.addr, plugin = %switch.plugin, "authentication switch");
                    plugin = switch.plugin;
                    nonce = switch_nonce;
                    self.write_continuation(&answer).await?;
                }
                Some(AUTH_MORE_DATA_HEADER) if awaiting_public_key => {
                    // The server's RSA public key (PEM) after our request.
                    let pem = reply.payload.get(1..).unwrap_or_default();
                    let encrypted = auth::rsa_encrypted_password(&opts.password, &nonce, pem)
                        .map_err(|v| self.protocol(v))?;
                    awaiting_public_key = false;
                    self.write_continuation(&encrypted).await?;
                }
                Some(AUTH_MORE_DATA_HEADER)
                    if plugin == auth::CLIENT_ED25519 && reply.payload.len() == 33 =>
                {
                    // The handshake already named client_ed25519 (its answer signed
                    // the handshake's nonce); the server's plugin sends its own
                    // 32-byte nonce, to be signed in turn.
                    let own_nonce = reply.payload.get(1..).unwrap_or_default();
                    let answer = auth::ed25519_signature(opts.password.as_bytes(), own_nonce);
                    self.write_continuation(&answer).await?;
                }
                Some(AUTH_MORE_DATA_HEADER) => {
                    let status = reply.payload.get(1).copied();
                    match (plugin.as_str(), status) {
                        (
                            handshake::CACHING_SHA2_PASSWORD,
                            Some(caching_sha2::FAST_AUTH_SUCCESS),
                        ) => {}
                        (
                            handshake::CACHING_SHA2_PASSWORD,
                            Some(caching_sha2::PERFORM_FULL_AUTHENTICATION),
                        ) if self.stream.is_tls() => {
                            // The channel is private: the password goes in clear.
                            self.write_continuation(&auth::clear_password(&opts.password))
                                .await?;
                        }
                        (
                            handshake::CACHING_SHA2_PASSWORD,
                            Some(caching_sha2::PERFORM_FULL_AUTHENTICATION),
                        ) => {
                            self.check_public_key_retrieval(opts, login)?;
                            awaiting_public_key = true;
                            self.write_continuation(&[caching_sha2::REQUEST_PUBLIC_KEY])
                                .await?;
                        }
                        _ => {
                            return Err(self.protocol(ProtocolViolation(format!(
                                "unexpected AuthMoreData {:02X?} for authentication plugin '{plugin}'",
                                reply.payload.get(..reply.payload.len().min(8)).unwrap_or_default()
                            ))));
                        }
                    }
                }
                other => {
                    return Err(self.protocol(ProtocolViolation(format!(
                        "authentication reply starts with {other:02X?}, expected OK (0x00), ERR (0xFF), AuthSwitchRequest (0xFE) or AuthMoreData (0x01)"
                    ))));
                }
            }
        }
    }

    /// Whether to switch to TLS: per `database.ssl.mode` and whether the server offers
    /// it (`CLIENT_SSL`); a mode that requires TLS fails against a server without.
    fn wants_tls(
        &self,
        tls: &TlsOptions,
        server_capabilities: u32,
    ) -> Result<bool, ReplicationError> {
        let offered = server_capabilities & capability::SSL != 0;
        match tls.mode {
            SslMode::Disabled => Ok(false),
            SslMode::Preferred => Ok(offered),
            _ if offered => Ok(true),
            mode => Err(ReplicationError::Tls {
                addr: self.addr.clone(),
                detail: format!(
                    "ssl mode is {mode} but the server does not offer TLS (no CLIENT_SSL capability: start it with ssl_cert and ssl_key, or set database.ssl.mode=preferred or disabled)"
                ),
            }),
        }
    }

    /// Sends Protocol::SSLRequest and runs the TLS handshake on the socket; the rest
    /// of the connection phase and every command then go over TLS.
    async fn start_tls(&mut self, tls: &TlsOptions, host: &str) -> Result<(), ReplicationError> {
        self.capabilities |= capability::SSL;
        self.write_continuation(&handshake::ssl_request(self.capabilities))
            .await?;
        if !self.read_buf.is_empty() {
            return Err(self.protocol(ProtocolViolation(format!(
                "the server sent {} bytes before the TLS handshake",
                self.read_buf.len()
            ))));
        }
        let Transport::Plain(tcp) = std::mem::replace(&mut self.stream, Transport::Closed) else {
            return Err(self.protocol(ProtocolViolation(
                "TLS requested twice on one connection".to_owned(),
            )));
        };
        let stream =
            tls::handshake(tls, host, tcp)
                .await
                .map_err(|detail| ReplicationError::Tls {
                    addr: self.addr.clone(),
                    detail,
                })?;
        self.stream = Transport::Tls(Box::new(stream));
        tracing::debug!(addr = %self.addr, version = ?self.stream.tls_version(), "TLS on");
        Ok(())
    }

    /// caching_sha2_password full authentication without TLS sends the password
    /// encrypted with a key the server hands out; a man in the middle could hand out
    /// its own. Like MySQL clients (`--get-server-public-key`, JDBC
    /// `allowPublicKeyRetrieval`), only do it when allowed.
    fn check_public_key_retrieval(
        &self,
        opts: &ConnectOptions,
        login: &LoginOptions,
    ) -> Result<(), ReplicationError> {
        if login.allow_public_key_retrieval {
            return Ok(());
        }
        Err(ReplicationError::Unsupported {
            addr: self.addr.clone(),
            detail: format!(
                "caching_sha2_password needs full authentication for user '{}' (the server has not cached the password); without TLS this requires fetching the server's RSA public key, which is off: use TLS (database.ssl.mode), or allow it (database.allowPublicKeyRetrieval=true; LoginOptions::allow_public_key_retrieval), or log in once with another client so the fast path works",
                opts.user
            ),
        })
    }

    // ---- text protocol -----------------------------------------------------------

    async fn send_query(&mut self, sql: &str) -> Result<(), ReplicationError> {
        let mut payload = Vec::with_capacity(1 + sql.len());
        payload.push(COM_QUERY);
        payload.extend_from_slice(sql.as_bytes());
        self.write_command(&payload).await
    }

    /// Reads the start of one COM_QUERY response: OK, ERR, or the column count and
    /// column definitions of a result set (with the EOF after them, as
    /// CLIENT_DEPRECATE_EOF is not requested).
    async fn read_result_head(&mut self, sql: &str) -> Result<ResultHead, ReplicationError> {
        let first = self.read_packet("a query response").await?;
        match first.payload.first().copied() {
            Some(OK_HEADER) => {
                let status =
                    packet::ok_status_flags(&first.payload).map_err(|v| self.protocol(v))?;
                Ok(ResultHead::Done {
                    more: status & SERVER_MORE_RESULTS_EXISTS != 0,
                })
            }
            Some(ERR_HEADER) => Err(self.server_error(&first.payload, sql)),
            Some(LOCAL_INFILE_HEADER) => Err(ReplicationError::Unsupported {
                addr: self.addr.clone(),
                detail: format!("LOCAL INFILE requested by {sql}"),
            }),
            _ => {
                let mut reader = PayloadReader::new(&first.payload, "column count");
                let count = reader.lenenc_int().map_err(|v| self.protocol(v))?;
                let count = usize::try_from(count).unwrap_or(usize::MAX);
                let mut columns = Vec::with_capacity(count.min(4096));
                for _ in 0..count {
                    let def = self.read_packet("a column definition").await?;
                    columns
                        .push(parse_column_definition(&def.payload).map_err(|v| self.protocol(v))?);
                }
                let eof = self.read_packet("the end of column definitions").await?;
                if !is_eof_packet(&eof.payload) {
                    return Err(self.protocol(ProtocolViolation(format!(
                        "expected EOF after {count} column definitions, found a packet starting with {:02X?}",
                        eof.payload.first()
                    ))));
                }
                Ok(ResultHead::Columns(columns))
            }
        }
    }

    /// Reads the next row packet of a result set: `Ok(None)` at its EOF (with whether
    /// more results follow), an error for ERR.
    async fn read_row_packet(&mut self, sql: &str) -> Result<RowPacket, ReplicationError> {
        let packet = self.read_packet("a result row").await?;
        if is_eof_packet(&packet.payload) {
            let more = packet::eof_status_flags(&packet.payload) & SERVER_MORE_RESULTS_EXISTS;
            return Ok(RowPacket::End { more: more != 0 });
        }
        if packet.payload.first() == Some(&ERR_HEADER) {
            return Err(self.server_error(&packet.payload, sql));
        }
        Ok(RowPacket::Row(packet.payload))
    }

    /// Reads and drops the rest of the current result set's rows, then any further
    /// result sets.
    async fn drain_rows(&mut self, sql: &str) -> Result<(), ReplicationError> {
        loop {
            match self.read_row_packet(sql).await? {
                RowPacket::Row(_) => {}
                RowPacket::End { more: true } => return self.drain_results(sql).await,
                RowPacket::End { more: false } => return Ok(()),
            }
        }
    }

    /// Reads and drops whole result sets until the last one.
    async fn drain_results(&mut self, sql: &str) -> Result<(), ReplicationError> {
        loop {
            let more = match self.read_result_head(sql).await? {
                ResultHead::Done { more } => more,
                ResultHead::Columns(_) => loop {
                    match self.read_row_packet(sql).await? {
                        RowPacket::Row(_) => {}
                        RowPacket::End { more } => break more,
                    }
                },
            };
            if !more {
                return Ok(());
            }
        }
    }

    // ---- packets -------------------------------------------------------------------

    /// Marks the start of a command: skips the rest of an abandoned [`TextRows`],
    /// fails if an earlier command was interrupted.
    pub(crate) async fn begin_command(&mut self) -> Result<(), ReplicationError> {
        match self.state {
            CommandState::Idle => {}
            CommandState::RowsPending => {
                self.state = CommandState::InFlight;
                // An error ending the abandoned result belongs to its reader, who left.
                match self.drain_rows("an abandoned result").await {
                    Ok(()) | Err(ReplicationError::Server { .. }) => {}
                    Err(other) => return Err(other),
                }
            }
            CommandState::InFlight => {
                return Err(ReplicationError::Protocol {
                    addr: self.addr.clone(),
                    detail: "an earlier command on this connection was interrupted before its reply was read; open a new connection".to_owned(),
                });
            }
        }
        self.state = CommandState::InFlight;
        Ok(())
    }

    /// Marks the end of a command.
    pub(crate) fn end_command(&mut self) {
        self.state = CommandState::Idle;
    }

    /// Writes a new command: sequence ids restart at 0.
    pub(crate) async fn write_command(&mut self, payload: &[u8]) -> Result<(), ReplicationError> {
        self.seq = 0;
        self.write_continuation(payload).await
    }

    /// Writes a packet continuing the current exchange (e.g. an auth answer).
    async fn write_continuation(&mut self, payload: &[u8]) -> Result<(), ReplicationError> {
        self.write_buf.clear();
        write_packet(&mut self.write_buf, &mut self.seq, payload);
        let result = self.stream.write_all(&self.write_buf).await;
        self.write_buf.clear();
        result.map_err(|source| self.io(source))
    }

    /// Reads the next logical packet, checking its sequence id. `during` says what was
    /// expected, for the error when the server hangs up.
    pub(crate) async fn read_packet(
        &mut self,
        during: &'static str,
    ) -> Result<Packet, ReplicationError> {
        loop {
            if let Some(packet) = parse_packet(&mut self.read_buf).map_err(|v| self.protocol(v))? {
                if packet.first_seq != self.seq {
                    return Err(self.protocol(ProtocolViolation(format!(
                        "packet has sequence id {}, expected {} (while reading {during})",
                        packet.first_seq, self.seq
                    ))));
                }
                self.seq = packet.last_seq.wrapping_add(1);
                return Ok(packet);
            }
            if self.read_buf.capacity() - self.read_buf.len() < MIN_READ_CAPACITY {
                self.read_buf.reserve(MIN_READ_CAPACITY);
            }
            let read = self
                .stream
                .read_buf(&mut self.read_buf)
                .await
                .map_err(|source| self.io(source))?;
            if read == 0 {
                return Err(ReplicationError::ConnectionClosed {
                    addr: self.addr.clone(),
                    during,
                });
            }
        }
    }

    /// Closes the socket without a goodbye (used when a binlog dump ends).
    pub(crate) async fn shutdown(&mut self) -> Result<(), ReplicationError> {
        self.stream
            .shutdown()
            .await
            .map_err(|source| self.io(source))
    }

    pub(crate) fn protocol(&self, violation: ProtocolViolation) -> ReplicationError {
        ReplicationError::Protocol {
            addr: self.addr.clone(),
            detail: violation.0,
        }
    }

    fn io(&self, source: std::io::Error) -> ReplicationError {
        ReplicationError::Io {
            addr: self.addr.clone(),
            source,
        }
    }

    /// The error for an ERR packet answering `command`; ends the command.
    pub(crate) fn server_error(&mut self, payload: &[u8], command: &str) -> ReplicationError {
        self.state = CommandState::Idle;
        match parse_err_packet(payload) {
            Ok(err) => err.into_command_error(command),
            Err(v) => self.protocol(v),
        }
    }
}

/// How a COM_QUERY response starts.
enum ResultHead {
    /// An OK packet: no result set.
    Done { more: bool },
    /// A result set with these columns; rows follow.
    Columns(Vec<Column>),
}

/// A packet in the rows part of a result set.
enum RowPacket {
    Row(Bytes),
    End { more: bool },
}

/// The rows of a running query, read one at a time from the connection.
///
/// Dropping it before the end is allowed: the connection's next command first reads
/// and drops the remaining rows.
#[derive(Debug)]
pub struct TextRows<'c> {
    conn: &'c mut Connection,
    columns: Vec<Column>,
    sql: String,
    done: bool,
}

impl TextRows<'_> {
    /// The result's columns (empty for a statement without a result set).
    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    /// The next row, or `None` after the last one.
    pub async fn next_row(&mut self) -> Result<Option<TextRow>, ReplicationError> {
        if self.done {
            return Ok(None);
        }
        let packet = match self.conn.read_row_packet(&self.sql).await {
            Ok(packet) => packet,
            Err(err) => {
                self.done = true;
                return Err(err);
            }
        };
        match packet {
            RowPacket::Row(payload) => TextRow::parse(payload, self.columns.len())
                .map(Some)
                .map_err(|v| self.conn.protocol(v)),
            RowPacket::End { more } => {
                self.done = true;
                if more {
                    self.conn.state = CommandState::InFlight;
                    self.conn.drain_results(&self.sql).await?;
                }
                self.conn.state = CommandState::Idle;
                Ok(None)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    //! The connection phase against scripted fake servers: packet layouts from the
    //! MySQL internals manual ("Connection Phase"), scrambles from mysql_common.

    use super::*;
    use mysql_common::auth::plugins::caching_sha2_password::scramble_sha256;
    use mysql_common::auth::plugins::mysql_native_password::scramble_native;
    use tokio::net::TcpListener;

    const NONCE_1: &[u8; 20] = b"abcdefghijklmnopqrst";
    const NONCE_2: &[u8; 20] = b"ABCDEFGHIJKLMNOPQRST";

    /// Protocol::HandshakeV10 with `plugin` as the default authentication plugin.
    fn handshake(plugin: &str) -> Vec<u8> {
        let caps: u32 = capability::LONG_PASSWORD
            | capability::PROTOCOL_41
            | capability::SECURE_CONNECTION
            | capability::PLUGIN_AUTH
            | capability::PLUGIN_AUTH_LENENC_CLIENT_DATA
            | capability::TRANSACTIONS;
        let mut p = vec![10];
        p.extend_from_slice(b"8.0.36\0");
        p.extend_from_slice(&7u32.to_le_bytes());
        p.extend_from_slice(&NONCE_1[..8]);
        p.push(0);
        p.extend_from_slice(&(caps as u16).to_le_bytes());
        p.push(255);
        p.extend_from_slice(&2u16.to_le_bytes());
        p.extend_from_slice(&((caps >> 16) as u16).to_le_bytes());
        p.push(21);
        p.extend_from_slice(&[0; 10]);
        p.extend_from_slice(&NONCE_1[8..]);
        p.push(0);
        p.extend_from_slice(plugin.as_bytes());
        p.push(0);
        p
    }

    /// One side of a scripted exchange.
    struct FakeServer {
        socket: TcpStream,
        buf: BytesMut,
    }

    impl FakeServer {
        async fn send(&mut self, seq: u8, payload: &[u8]) {
            let mut out = BytesMut::new();
            let mut seq = seq;
            write_packet(&mut out, &mut seq, payload);
            self.socket.write_all(&out).await.unwrap();
        }

        async fn recv(&mut self) -> Packet {
            loop {
                if let Some(p) = parse_packet(&mut self.buf).unwrap() {
                    return p;
                }
                let n = self.socket.read_buf(&mut self.buf).await.unwrap();
                assert!(n > 0, "client hung up");
            }
        }

        /// Reads HandshakeResponse41 and returns (user, auth response, plugin name).
        async fn recv_handshake_response(&mut self) -> (String, Vec<u8>, String) {
            let packet = self.recv().await;
            assert_eq!(packet.first_seq, 1);
            let mut r = PayloadReader::new(&packet.payload, "test");
            let caps = r.u32().unwrap();
            assert_ne!(caps & capability::PROTOCOL_41, 0);
            r.skip(4 + 1 + 23).unwrap();
            let user = String::from_utf8(r.nul_terminated().unwrap().to_vec()).unwrap();
            let auth = r.lenenc_bytes().unwrap().to_vec();
            let plugin = String::from_utf8(r.nul_terminated().unwrap().to_vec()).unwrap();
            (user, auth, plugin)
        }
    }

    /// Starts a fake server running `script` on the first connection; returns options
    /// pointing at it.
    async fn fake_server<F, Fut>(script: F) -> ConnectOptions
    where
        F: FnOnce(FakeServer) -> Fut + Send + 'static,
        Fut: std::future::Future<Output = ()> + Send,
    {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(async move {
            let (socket, _) = listener.accept().await.unwrap();
            script(FakeServer {
                socket,
                buf: BytesMut::new(),
            })
            .await;
        });
        let mut opts = ConnectOptions::new("127.0.0.1", port, "cdc", "secret");
        opts.connect_timeout = Duration::from_secs(5);
        opts
    }

    const OK: &[u8] = &[0, 0, 0, 2, 0, 0, 0];

    #[tokio::test]
    async fn caching_sha2_fast_path() {
        let opts = fake_server(|mut srv| async move {
            srv.send(0, &handshake(handshake::CACHING_SHA2_PASSWORD))
                .await;
            let (user, auth, plugin) = srv.recv_handshake_response().await;
            assert_eq!(user, "cdc");
            assert_eq!(plugin, "caching_sha2_password");
            assert_eq!(auth, scramble_sha256(NONCE_1, b"secret").unwrap().to_vec());
            srv.send(2, &[0x01, caching_sha2::FAST_AUTH_SUCCESS]).await;
            srv.send(3, OK).await;
            // COM_QUIT from close().
            let quit = srv.recv().await;
            assert_eq!(&quit.payload[..], &[COM_QUIT]);
        })
        .await;
        let conn = Connection::connect(&opts).await.unwrap();
        assert_eq!(conn.server_version(), "8.0.36");
        assert!(!conn.is_mariadb());
        assert_eq!(conn.connection_id(), 7);
        conn.close().await.unwrap();
    }

    #[tokio::test]
    async fn auth_switch_to_native_password_uses_the_new_nonce() {
        let opts = fake_server(|mut srv| async move {
            srv.send(0, &handshake(handshake::CACHING_SHA2_PASSWORD))
                .await;
            srv.recv_handshake_response().await;
            let mut switch = vec![0xFE];
            switch.extend_from_slice(b"mysql_native_password\0");
            switch.extend_from_slice(NONCE_2);
            switch.push(0);
            srv.send(2, &switch).await;
            let answer = srv.recv().await;
            assert_eq!(answer.first_seq, 3);
            assert_eq!(
                &answer.payload[..],
                &scramble_native(NONCE_2, b"secret").unwrap()[..]
            );
            srv.send(4, OK).await;
        })
        .await;
        Connection::connect(&opts).await.unwrap();
    }

    #[tokio::test]
    async fn full_caching_sha2_authentication_is_a_clear_error() {
        let opts = fake_server(|mut srv| async move {
            srv.send(0, &handshake(handshake::CACHING_SHA2_PASSWORD))
                .await;
            srv.recv_handshake_response().await;
            srv.send(2, &[0x01, caching_sha2::PERFORM_FULL_AUTHENTICATION])
                .await;
        })
        .await;
        let err = Connection::connect(&opts).await.unwrap_err();
        assert!(matches!(err, ReplicationError::Unsupported { .. }), "{err}");
        assert!(err.to_string().contains("caching_sha2_password"), "{err}");
        assert!(
            err.to_string().contains("allow_public_key_retrieval"),
            "{err}"
        );
    }

    /// Runs `openssl` with `args`; `None` when it is not installed.
    fn openssl(args: &[&str], stdin: &[u8]) -> Option<Vec<u8>> {
        use std::io::Write as _;
        use std::process::{Command, Stdio};
        let mut child = Command::new("openssl")
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .ok()?;
        child.stdin.take()?.write_all(stdin).ok()?;
        let out = child.wait_with_output().ok()?;
        assert!(
            out.status.success(),
            "openssl {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        Some(out.stdout)
    }

    #[tokio::test]
    async fn full_caching_sha2_authentication_over_rsa() {
        // The independent side: OpenSSL generates the key and decrypts what the
        // client sent (RSA OAEP with SHA-1, as MySQL's RSA_PKCS1_OAEP_PADDING).
        let dir = tempfile::tempdir().unwrap();
        let key_path = dir.path().join("key.pem");
        let key_file = key_path.to_str().unwrap().to_owned();
        let Some(_) = openssl(&["genrsa", "-out", &key_file, "2048"], b"") else {
            eprintln!("SKIP: openssl not installed");
            return;
        };
        let public_pem = openssl(&["rsa", "-in", &key_file, "-pubout"], b"").unwrap();
        let opts = fake_server(move |mut srv| async move {
            srv.send(0, &handshake(handshake::CACHING_SHA2_PASSWORD))
                .await;
            srv.recv_handshake_response().await;
            srv.send(2, &[0x01, caching_sha2::PERFORM_FULL_AUTHENTICATION])
                .await;
            let request = srv.recv().await;
            assert_eq!(
                (request.first_seq, &request.payload[..]),
                (3, &[caching_sha2::REQUEST_PUBLIC_KEY][..])
            );
            let mut key_packet = vec![0x01];
            key_packet.extend_from_slice(&public_pem);
            srv.send(4, &key_packet).await;
            let encrypted = srv.recv().await;
            assert_eq!(encrypted.first_seq, 5);
            assert_eq!(encrypted.payload.len(), 256);
            let mixed = openssl(
                &[
                    "pkeyutl",
                    "-decrypt",
                    "-inkey",
                    &key_file,
                    "-pkeyopt",
                    "rsa_padding_mode:oaep",
                ],
                &encrypted.payload,
            )
            .unwrap();
            let clear: Vec<u8> = mixed
                .iter()
                .zip(NONCE_1.iter().cycle())
                .map(|(a, b)| a ^ b)
                .collect();
            assert_eq!(clear, b"secret\0");
            srv.send(6, OK).await;
        })
        .await;
        let login = LoginOptions {
            allow_public_key_retrieval: true,
            ..LoginOptions::default()
        };
        Connection::connect_with(&opts, &login).await.unwrap();
        drop(dir);
    }

    #[tokio::test]
    async fn switch_to_unknown_plugin_names_it() {
        let opts = fake_server(|mut srv| async move {
            srv.send(0, &handshake(handshake::MYSQL_NATIVE_PASSWORD))
                .await;
            let (_, auth, _) = srv.recv_handshake_response().await;
            assert_eq!(auth, scramble_native(NONCE_1, b"secret").unwrap().to_vec());
            srv.send(2, b"\xfedialog\0\x04Password: ").await;
        })
        .await;
        let err = Connection::connect(&opts).await.unwrap_err();
        assert!(
            matches!(&err, ReplicationError::UnsupportedAuthPlugin { plugin, .. } if plugin == "dialog"),
            "{err}"
        );
    }

    #[tokio::test]
    async fn auth_switch_to_client_ed25519_signs_the_whole_nonce() {
        // MariaDB sends 32 random bytes for ed25519 (plugin/auth_ed25519/server_ed25519.c);
        // one ending in 0 must not lose it. OpenSSL verifies the signature.
        let mut nonce = [0x5Au8; 32];
        nonce[31] = 0;
        let opts = fake_server(move |mut srv| async move {
            srv.send(0, &handshake(handshake::MYSQL_NATIVE_PASSWORD))
                .await;
            srv.recv_handshake_response().await;
            let mut switch = b"\xfeclient_ed25519\0".to_vec();
            switch.extend_from_slice(&nonce);
            srv.send(2, &switch).await;
            let answer = srv.recv().await;
            assert_eq!(answer.first_seq, 3);
            use openssl::pkey::{Id, PKey};
            let public = auth::ed25519_public_key(b"secret");
            let key = PKey::public_key_from_raw_bytes(&public, Id::ED25519).unwrap();
            let mut verifier = openssl::sign::Verifier::new_without_digest(&key).unwrap();
            assert!(verifier.verify_oneshot(&answer.payload, &nonce).unwrap());
            srv.send(4, OK).await;
        })
        .await;
        Connection::connect(&opts).await.unwrap();
    }

    #[tokio::test]
    async fn client_ed25519_named_in_the_handshake_signs_the_plugin_nonce() {
        let nonce = [0xA5u8; 32];
        let opts = fake_server(move |mut srv| async move {
            srv.send(0, &handshake(auth::CLIENT_ED25519)).await;
            let (_, first, plugin) = srv.recv_handshake_response().await;
            assert_eq!((plugin.as_str(), first.len()), (auth::CLIENT_ED25519, 64));
            let mut more = vec![0x01];
            more.extend_from_slice(&nonce);
            srv.send(2, &more).await;
            let answer = srv.recv().await;
            assert_eq!(answer.first_seq, 3);
            use openssl::pkey::{Id, PKey};
            let public = auth::ed25519_public_key(b"secret");
            let key = PKey::public_key_from_raw_bytes(&public, Id::ED25519).unwrap();
            let mut verifier = openssl::sign::Verifier::new_without_digest(&key).unwrap();
            assert!(verifier.verify_oneshot(&answer.payload, &nonce).unwrap());
            srv.send(4, OK).await;
        })
        .await;
        Connection::connect(&opts).await.unwrap();
    }

    /// A self-signed certificate and key for "localhost" (PEM), made by OpenSSL.
    fn self_signed() -> (
        openssl::x509::X509,
        openssl::pkey::PKey<openssl::pkey::Private>,
    ) {
        use openssl::asn1::Asn1Time;
        use openssl::hash::MessageDigest;
        use openssl::x509::{X509Builder, X509NameBuilder};
        let key =
            openssl::pkey::PKey::from_rsa(openssl::rsa::Rsa::generate(2048).unwrap()).unwrap();
        let mut name = X509NameBuilder::new().unwrap();
        name.append_entry_by_text("CN", "localhost").unwrap();
        let name = name.build();
        let mut cert = X509Builder::new().unwrap();
        cert.set_version(2).unwrap();
        cert.set_subject_name(&name).unwrap();
        cert.set_issuer_name(&name).unwrap();
        cert.set_pubkey(&key).unwrap();
        cert.set_not_before(&Asn1Time::days_from_now(0).unwrap())
            .unwrap();
        cert.set_not_after(&Asn1Time::days_from_now(1).unwrap())
            .unwrap();
        cert.sign(&key, MessageDigest::sha256()).unwrap();
        (cert.build(), key)
    }

    #[tokio::test]
    async fn full_caching_sha2_authentication_over_tls_sends_the_password() {
        let (cert, key) = self_signed();
        let opts = fake_server(move |mut srv| async move {
            let mut hello = handshake(handshake::CACHING_SHA2_PASSWORD);
            // Offer CLIENT_SSL (lower capability bytes at offset 1 + 7 + 4 + 8 + 1).
            let at = 1 + b"8.0.36\0".len() + 4 + 8 + 1;
            let caps = u16::from_le_bytes([hello[at], hello[at + 1]]) | capability::SSL as u16;
            hello[at..at + 2].copy_from_slice(&caps.to_le_bytes());
            srv.send(0, &hello).await;
            let ssl_request = srv.recv().await;
            assert_eq!((ssl_request.first_seq, ssl_request.payload.len()), (1, 32));
            let caps = u32::from_le_bytes(ssl_request.payload[..4].try_into().unwrap());
            assert_ne!(caps & capability::SSL, 0);
            let mut acceptor =
                openssl::ssl::SslAcceptor::mozilla_intermediate_v5(openssl::ssl::SslMethod::tls())
                    .unwrap();
            acceptor.set_certificate(&cert).unwrap();
            acceptor.set_private_key(&key).unwrap();
            let acceptor = acceptor.build();
            let ssl = openssl::ssl::Ssl::new(acceptor.context()).unwrap();
            let mut tls = tokio_openssl::SslStream::new(ssl, srv.socket).unwrap();
            std::pin::Pin::new(&mut tls).accept().await.unwrap();
            let mut buf = BytesMut::new();
            let mut recv = async |tls: &mut tokio_openssl::SslStream<TcpStream>| loop {
                if let Some(p) = parse_packet(&mut buf).unwrap() {
                    return p;
                }
                assert!(tls.read_buf(&mut buf).await.unwrap() > 0, "client hung up");
            };
            let send =
                async |tls: &mut tokio_openssl::SslStream<TcpStream>, seq: u8, payload: &[u8]| {
                    let mut out = BytesMut::new();
                    let mut seq = seq;
                    write_packet(&mut out, &mut seq, payload);
                    tls.write_all(&out).await.unwrap();
                };
            let response = recv(&mut tls).await;
            assert_eq!(response.first_seq, 2);
            send(
                &mut tls,
                3,
                &[0x01, caching_sha2::PERFORM_FULL_AUTHENTICATION],
            )
            .await;
            let password = recv(&mut tls).await;
            assert_eq!(
                (password.first_seq, &password.payload[..]),
                (4, &b"secret\0"[..])
            );
            send(&mut tls, 5, OK).await;
        })
        .await;
        let login = LoginOptions {
            tls: TlsOptions::new(SslMode::Required),
            ..LoginOptions::default()
        };
        let conn = Connection::connect_with(&opts, &login).await.unwrap();
        assert!(conn.tls_version().is_some());
    }

    #[tokio::test]
    async fn required_tls_against_a_server_without_it_is_refused() {
        let opts = fake_server(|mut srv| async move {
            srv.send(0, &handshake(handshake::MYSQL_NATIVE_PASSWORD))
                .await;
        })
        .await;
        let login = LoginOptions {
            tls: TlsOptions::new(SslMode::VerifyCa),
            ..LoginOptions::default()
        };
        let err = Connection::connect_with(&opts, &login).await.unwrap_err();
        assert!(matches!(err, ReplicationError::Tls { .. }), "{err}");
        assert!(err.to_string().contains("does not offer TLS"), "{err}");
    }

    #[tokio::test]
    async fn err_instead_of_handshake() {
        let opts = fake_server(|mut srv| async move {
            srv.send(0, b"\xff\x10\x04Too many connections").await;
        })
        .await;
        let err = Connection::connect(&opts).await.unwrap_err();
        assert!(
            matches!(&err, ReplicationError::Server { code: 1040, .. }),
            "{err}"
        );
        assert!(err.to_string().contains("Too many connections"), "{err}");
    }

    #[tokio::test]
    async fn hang_up_and_silence() {
        let opts = fake_server(|srv| async move { drop(srv) }).await;
        let err = Connection::connect(&opts).await.unwrap_err();
        assert!(
            matches!(
                err,
                ReplicationError::ConnectionClosed { .. } | ReplicationError::Io { .. }
            ),
            "{err}"
        );

        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let mut opts = fake_server(|srv| async move {
            let _keep_open = srv; // say nothing
            let _ = rx.await;
        })
        .await;
        opts.connect_timeout = Duration::from_millis(200);
        let err = Connection::connect(&opts).await.unwrap_err();
        assert!(
            matches!(err, ReplicationError::ConnectTimeout { .. }),
            "{err}"
        );
        drop(tx);
    }

    #[tokio::test]
    async fn wrong_sequence_id_is_a_protocol_error() {
        let opts = fake_server(|mut srv| async move {
            srv.send(5, &handshake(handshake::MYSQL_NATIVE_PASSWORD))
                .await;
        })
        .await;
        let err = Connection::connect(&opts).await.unwrap_err();
        assert!(
            err.to_string().contains("sequence id 5, expected 0"),
            "{err}"
        );
    }

    #[test]
    fn options_debug_hides_password() {
        let opts = ConnectOptions::new("h", 1, "u", "hunter2");
        assert!(!format!("{opts:?}").contains("hunter2"));
        assert_eq!(opts.addr(), "h:1");
    }
}
