//! Sans-IO connection phase: the server's Handshake V10, the client's
//! HandshakeResponse41, AuthSwitchRequest and the password scrambles.
//!
//! Owns the capability flags the client asks for and the SSLRequest; the
//! authentication plugins' answers are `auth`'s. It must not do I/O; `connection`
//! drives these messages over the socket. Formats: MySQL
//! internals manual, "Connection Phase Packets" (Protocol::HandshakeV10,
//! Protocol::HandshakeResponse41, Protocol::AuthSwitchRequest) and MariaDB's
//! "Connection" page (extended capabilities in the reserved bytes).

use super::packet::{PayloadReader, ProtocolViolation, put_lenenc_int};

/// Capability flags (`CLIENT_*` in MySQL `include/mysql_com.h`).
pub(crate) mod capability {
    /// Also "CLIENT_MYSQL" for MariaDB: the client is not a MariaDB-only client.
    pub const LONG_PASSWORD: u32 = 0x0000_0001;
    pub const LONG_FLAG: u32 = 0x0000_0004;
    pub const CONNECT_WITH_DB: u32 = 0x0000_0008;
    pub const PROTOCOL_41: u32 = 0x0000_0200;
    /// The client asks to switch to TLS (SSLRequest).
    pub const SSL: u32 = 0x0000_0800;
    pub const TRANSACTIONS: u32 = 0x0000_2000;
    pub const SECURE_CONNECTION: u32 = 0x0000_8000;
    pub const MULTI_RESULTS: u32 = 0x0002_0000;
    pub const PLUGIN_AUTH: u32 = 0x0008_0000;
    pub const PLUGIN_AUTH_LENENC_CLIENT_DATA: u32 = 0x0020_0000;
}

/// Collation id sent in the handshake: `utf8mb4_general_ci`, known to MySQL 5.5+ and
/// every MariaDB, so result text (e.g. `SHOW CREATE TABLE`) arrives as UTF-8.
const UTF8MB4_GENERAL_CI: u8 = 45;

/// Largest packet the client says it accepts (1 GiB, the server's own maximum of
/// `max_allowed_packet`).
const MAX_PACKET_SIZE: u32 = 1 << 30;

pub(crate) use super::auth::{CACHING_SHA2_PASSWORD, MYSQL_NATIVE_PASSWORD};

/// What the server said about itself in Protocol::HandshakeV10.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HandshakeV10 {
    /// Server version string, e.g. `5.5.5-10.11.19-MariaDB-0+deb12u1`.
    pub(crate) server_version: String,
    /// The connection (thread) id.
    pub(crate) connection_id: u32,
    /// Server capability flags.
    pub(crate) capabilities: u32,
    /// The 20-byte nonce (auth-plugin-data parts 1 and 2, trailing NUL removed).
    pub(crate) nonce: Vec<u8>,
    /// Default authentication plugin, when the server names one.
    pub(crate) auth_plugin: Option<String>,
}

/// Parses Protocol::HandshakeV10.
pub(crate) fn parse_handshake_v10(payload: &[u8]) -> Result<HandshakeV10, ProtocolViolation> {
    let mut reader = PayloadReader::new(payload, "Handshake V10");
    let protocol_version = reader.u8()?;
    if protocol_version != 10 {
        return Err(ProtocolViolation(format!(
            "handshake protocol version is {protocol_version}, expected 10"
        )));
    }
    let server_version = String::from_utf8_lossy(reader.nul_terminated()?).into_owned();
    let connection_id = reader.u32()?;
    let mut nonce = reader.bytes(8)?.to_vec();
    reader.skip(1)?; // filler
    let mut capabilities = u32::from(reader.u16()?);
    let mut auth_plugin = None;
    if !reader.is_empty() {
        let _charset = reader.u8()?;
        let _status = reader.u16()?;
        capabilities |= u32::from(reader.u16()?) << 16;
        let auth_data_len = usize::from(reader.u8()?);
        // 10 reserved bytes; MariaDB puts its extended capabilities in the last 4.
        reader.skip(10)?;
        if capabilities & capability::SECURE_CONNECTION != 0 {
            // Part 2 is max(13, auth_data_len - 8) bytes, the last one a NUL.
            let part2_len = auth_data_len.saturating_sub(8).max(13);
            let part2 = reader.bytes(part2_len)?;
            let part2 = part2.strip_suffix(&[0]).unwrap_or(part2);
            nonce.extend_from_slice(part2);
        }
        if capabilities & capability::PLUGIN_AUTH != 0 {
            // Some servers omit the terminating NUL (MySQL bug #59453).
            let rest = reader.rest();
            let name = rest.split(|&b| b == 0).next().unwrap_or_default();
            auth_plugin = Some(String::from_utf8_lossy(name).into_owned());
        }
    }
    Ok(HandshakeV10 {
        server_version,
        connection_id,
        capabilities,
        nonce,
        auth_plugin,
    })
}

/// The capability flags this client sends, given the server's (without
/// `CLIENT_SSL`, which the caller adds when it switches to TLS).
pub(crate) fn client_capabilities(server: u32, with_database: bool) -> u32 {
    use capability::*;
    let mut wanted = LONG_PASSWORD
        | LONG_FLAG
        | PROTOCOL_41
        | TRANSACTIONS
        | SECURE_CONNECTION
        | MULTI_RESULTS
        | PLUGIN_AUTH
        | PLUGIN_AUTH_LENENC_CLIENT_DATA;
    if with_database {
        wanted |= CONNECT_WITH_DB;
    }
    wanted & server
}

/// The fields of Protocol::HandshakeResponse41.
pub(crate) struct HandshakeResponse<'a> {
    pub(crate) capabilities: u32,
    pub(crate) user: &'a str,
    pub(crate) auth_response: &'a [u8],
    pub(crate) database: Option<&'a str>,
    pub(crate) auth_plugin: &'a str,
}

/// Serializes Protocol::HandshakeResponse41.
pub(crate) fn handshake_response_41(response: &HandshakeResponse<'_>) -> Vec<u8> {
    use capability::*;
    let caps = response.capabilities;
    let mut out = Vec::with_capacity(64 + response.user.len());
    out.extend_from_slice(&caps.to_le_bytes());
    out.extend_from_slice(&MAX_PACKET_SIZE.to_le_bytes());
    out.push(UTF8MB4_GENERAL_CI);
    out.extend_from_slice(&[0u8; 23]);
    out.extend_from_slice(response.user.as_bytes());
    out.push(0);
    if caps & PLUGIN_AUTH_LENENC_CLIENT_DATA != 0 {
        put_lenenc_int(&mut out, response.auth_response.len() as u64);
        out.extend_from_slice(response.auth_response);
    } else {
        // A 1-byte length: scrambles are 20 or 32 bytes.
        out.push(response.auth_response.len().min(255) as u8);
        out.extend_from_slice(response.auth_response);
    }
    if caps & CONNECT_WITH_DB != 0 {
        if let Some(db) = response.database {
            out.extend_from_slice(db.as_bytes());
        }
        out.push(0);
    }
    if caps & PLUGIN_AUTH != 0 {
        out.extend_from_slice(response.auth_plugin.as_bytes());
        out.push(0);
    }
    out
}

/// Protocol::SSLRequest: the first 32 bytes of HandshakeResponse41 with
/// `CLIENT_SSL` set, after which the client starts the TLS handshake and sends the
/// full response over TLS.
pub(crate) fn ssl_request(capabilities: u32) -> Vec<u8> {
    let mut out = Vec::with_capacity(32);
    out.extend_from_slice(&(capabilities | capability::SSL).to_le_bytes());
    out.extend_from_slice(&MAX_PACKET_SIZE.to_le_bytes());
    out.push(UTF8MB4_GENERAL_CI);
    out.extend_from_slice(&[0u8; 23]);
    out
}

/// Protocol::AuthSwitchRequest: the server wants another plugin, with its data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AuthSwitchRequest {
    pub(crate) plugin: String,
    /// The plugin's data as sent (see `auth::plugin_nonce` for the nonce in it).
    pub(crate) data: Vec<u8>,
}

/// Parses Protocol::AuthSwitchRequest (0xFE, plugin name NUL, plugin data).
pub(crate) fn parse_auth_switch_request(
    payload: &[u8],
) -> Result<AuthSwitchRequest, ProtocolViolation> {
    let mut reader = PayloadReader::new(payload, "AuthSwitchRequest");
    reader.skip(1)?;
    let plugin = String::from_utf8_lossy(reader.nul_terminated()?).into_owned();
    let data = reader.rest().to_vec();
    Ok(AuthSwitchRequest { plugin, data })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A Handshake V10 assembled field by field from the layout in the MySQL internals
    /// manual (Protocol::HandshakeV10), with MariaDB 10.11's version string.
    fn mariadb_handshake() -> Vec<u8> {
        let mut p = vec![10];
        p.extend_from_slice(b"5.5.5-10.11.19-MariaDB-0+deb12u1\0");
        p.extend_from_slice(&42u32.to_le_bytes());
        p.extend_from_slice(b"abcdefgh");
        p.push(0);
        let caps: u32 = 0xF7FE | (0x81BF << 16);
        p.extend_from_slice(&(caps as u16).to_le_bytes());
        p.push(45);
        p.extend_from_slice(&2u16.to_le_bytes());
        p.extend_from_slice(&((caps >> 16) as u16).to_le_bytes());
        p.push(21);
        p.extend_from_slice(&[0; 6]);
        p.extend_from_slice(&0x1Du32.to_le_bytes());
        p.extend_from_slice(b"ijklmnopqrst\0");
        p.extend_from_slice(b"mysql_native_password\0");
        p
    }

    #[test]
    fn parses_handshake_v10() {
        let hs = parse_handshake_v10(&mariadb_handshake()).unwrap();
        assert_eq!(hs.server_version, "5.5.5-10.11.19-MariaDB-0+deb12u1");
        assert_eq!(hs.connection_id, 42);
        assert_eq!(hs.nonce, b"abcdefghijklmnopqrst");
        assert_eq!(hs.auth_plugin.as_deref(), Some("mysql_native_password"));
        assert_ne!(hs.capabilities & capability::PLUGIN_AUTH, 0);
    }

    #[test]
    fn plugin_name_without_nul_is_accepted() {
        let mut p = mariadb_handshake();
        p.pop();
        let hs = parse_handshake_v10(&p).unwrap();
        assert_eq!(hs.auth_plugin.as_deref(), Some("mysql_native_password"));
    }

    #[test]
    fn truncated_handshake_is_an_error_at_every_cut() {
        let p = mariadb_handshake();
        // Cutting inside the fixed part must fail; it must never panic anywhere.
        for cut in 0..p.len() {
            let result = parse_handshake_v10(&p[..cut]);
            if cut < 44 {
                assert!(result.is_err(), "cut at {cut} parsed");
            }
        }
        let mut wrong_version = p.clone();
        wrong_version[0] = 9;
        assert!(parse_handshake_v10(&wrong_version).is_err());
    }

    #[test]
    fn handshake_response_layout() {
        let caps = client_capabilities(u32::MAX, false);
        assert_eq!(caps & capability::CONNECT_WITH_DB, 0);
        let scramble = [1u8; 20];
        let bytes = handshake_response_41(&HandshakeResponse {
            capabilities: caps,
            user: "cdc",
            auth_response: &scramble,
            database: None,
            auth_plugin: MYSQL_NATIVE_PASSWORD,
        });
        assert_eq!(&bytes[0..4], &caps.to_le_bytes());
        assert_eq!(bytes[8], UTF8MB4_GENERAL_CI);
        assert!(bytes[9..32].iter().all(|&b| b == 0));
        assert_eq!(&bytes[32..36], b"cdc\0");
        assert_eq!(bytes[36], 20);
        assert_eq!(&bytes[37..57], &scramble);
        assert_eq!(&bytes[57..], b"mysql_native_password\0");
    }

    #[test]
    fn auth_switch_request() {
        let req = parse_auth_switch_request(b"\xfemysql_native_password\0abcdefghijklmnopqrst\0")
            .unwrap();
        assert_eq!(req.plugin, "mysql_native_password");
        assert_eq!(req.data, b"abcdefghijklmnopqrst\0");
        assert!(parse_auth_switch_request(b"\xfemysql").is_err());
    }

    #[test]
    fn ssl_request_layout() {
        // Protocol::SSLRequest: capabilities with CLIENT_SSL, max packet size,
        // collation, 23 zero bytes.
        let p = ssl_request(capability::PROTOCOL_41);
        assert_eq!(p.len(), 32);
        assert_eq!(
            &p[0..4],
            &(capability::PROTOCOL_41 | capability::SSL).to_le_bytes()
        );
        assert_eq!(p[8], UTF8MB4_GENERAL_CI);
        assert!(p[9..].iter().all(|&b| b == 0));
    }
}
