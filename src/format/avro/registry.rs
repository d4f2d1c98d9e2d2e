//! Schema-registry clients: the only I/O the format layer does.
//!
//! - [`MockSchemaRegistry`]: `schema.registry.url=mock://<scope>`, Confluent's
//!   `MockSchemaRegistry.getClientForScope`: one in-process registry per scope, shared
//!   by every converter of the process that names it. Ids are 1, 2, … in registration
//!   order; a schema already registered under any subject keeps its id; versions count
//!   per subject (what `MockSchemaRegistryClient` 7.0.16 did in a probe: registering
//!   one schema under two subjects gave both id 1, version 1).
//! - [`HttpSchemaRegistry`]: Confluent's REST API over plain HTTP/1.1 (`POST
//!   /subjects/<subject>/versions` to register, `POST /subjects/<subject>` to look up),
//!   with basic authentication; ids are cached per subject and schema, as
//!   `CachedSchemaRegistryClient` does. HTTPS is refused when the converter is
//!   configured (no TLS client here). Calls block the calling thread; they happen once
//!   per new schema.

use std::collections::{BTreeMap, HashMap};
use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use base64::Engine as _;

/// Errors of a schema registry.
#[derive(Debug, thiserror::Error)]
pub enum RegistryError {
    /// The registry answered with an error.
    #[error("schema registry {url}: HTTP {status}: {message}")]
    Rejected {
        /// The request URL.
        url: String,
        /// HTTP status.
        status: u16,
        /// The registry's message (its `message` field, or the body).
        message: String,
    },
    /// The registry could not be reached or answered something unreadable.
    #[error("schema registry {url}: {reason}")]
    Transport {
        /// The request URL.
        url: String,
        /// What went wrong.
        reason: String,
    },
    /// `auto.register.schemas=false` and the schema is not registered under the subject.
    #[error("schema not found under subject {subject} (auto.register.schemas=false)")]
    NotFound {
        /// The subject.
        subject: String,
    },
    /// The URL is not one this client can use.
    #[error("schema.registry.url `{url}`: {reason}")]
    BadUrl {
        /// The URL.
        url: String,
        /// Why.
        reason: String,
    },
}

/// A schema registry: what the Avro converter needs of one.
pub trait SchemaRegistry: Send + Sync + std::fmt::Debug {
    /// Registers `schema` (Avro schema text) under `subject`; returns its id.
    fn register(&self, subject: &str, schema: &str) -> Result<u32, RegistryError>;
    /// The id of `schema` already registered under `subject`.
    fn lookup(&self, subject: &str, schema: &str) -> Result<u32, RegistryError>;
}

/// One registered version of a subject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisteredSchema {
    /// The subject.
    pub subject: String,
    /// Version within the subject, from 1.
    pub version: u32,
    /// Global schema id.
    pub id: u32,
    /// The schema text.
    pub schema: String,
}

#[derive(Debug, Default)]
struct MockState {
    /// Schema text → id.
    ids: HashMap<String, u32>,
    /// Subject → versions in order.
    subjects: BTreeMap<String, Vec<RegisteredSchema>>,
    last_id: u32,
}

/// An in-process schema registry (`mock://<scope>`).
#[derive(Debug, Default)]
pub struct MockSchemaRegistry {
    state: Mutex<MockState>,
}

impl MockSchemaRegistry {
    /// The registry of `scope`, created on first use and shared within the process.
    pub fn for_scope(scope: &str) -> Arc<MockSchemaRegistry> {
        static SCOPES: OnceLock<Mutex<HashMap<String, Arc<MockSchemaRegistry>>>> = OnceLock::new();
        let scopes = SCOPES.get_or_init(|| Mutex::new(HashMap::new()));
        let mut scopes = scopes.lock().unwrap_or_else(|e| e.into_inner());
        scopes.entry(scope.to_owned()).or_default().clone()
    }

    /// Every registered version, subjects in name order (as `getAllSubjects` lists them).
    pub fn registered(&self) -> Vec<RegisteredSchema> {
        let state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.subjects.values().flatten().cloned().collect()
    }

    /// The schema text of `id`.
    pub fn schema_by_id(&self, id: u32) -> Option<String> {
        let state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state
            .ids
            .iter()
            .find(|(_, v)| **v == id)
            .map(|(schema, _)| schema.clone())
    }
}

impl SchemaRegistry for MockSchemaRegistry {
    fn register(&self, subject: &str, schema: &str) -> Result<u32, RegistryError> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(existing) = state
            .subjects
            .get(subject)
            .and_then(|versions| versions.iter().find(|v| v.schema == schema))
        {
            return Ok(existing.id);
        }
        let id = match state.ids.get(schema) {
            Some(id) => *id,
            None => {
                state.last_id += 1;
                let id = state.last_id;
                state.ids.insert(schema.to_owned(), id);
                id
            }
        };
        let versions = state.subjects.entry(subject.to_owned()).or_default();
        let version = versions.last().map_or(1, |v| v.version + 1);
        versions.push(RegisteredSchema {
            subject: subject.to_owned(),
            version,
            id,
            schema: schema.to_owned(),
        });
        Ok(id)
    }

    fn lookup(&self, subject: &str, schema: &str) -> Result<u32, RegistryError> {
        let state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state
            .subjects
            .get(subject)
            .and_then(|versions| versions.iter().find(|v| v.schema == schema))
            .map(|v| v.id)
            .ok_or_else(|| RegistryError::NotFound {
                subject: subject.to_owned(),
            })
    }
}

/// A registry that could not be set up: every call fails with the reason (the
/// configuration reader validates URLs first, so this is a safety net).
#[derive(Debug)]
pub struct UnavailableRegistry {
    /// Why.
    pub reason: String,
}

impl SchemaRegistry for UnavailableRegistry {
    fn register(&self, _subject: &str, _schema: &str) -> Result<u32, RegistryError> {
        Err(RegistryError::BadUrl {
            url: String::new(),
            reason: self.reason.clone(),
        })
    }

    fn lookup(&self, subject: &str, schema: &str) -> Result<u32, RegistryError> {
        self.register(subject, schema)
    }
}

/// A registry base URL: `http://host[:port][/path]`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct BaseUrl {
    host: String,
    port: u16,
    path: String,
    /// `user:password` from the URL (`basic.auth.credentials.source=URL`).
    user_info: Option<String>,
}

impl BaseUrl {
    fn parse(url: &str) -> Result<BaseUrl, RegistryError> {
        let bad = |reason: &str| RegistryError::BadUrl {
            url: url.to_owned(),
            reason: reason.to_owned(),
        };
        let trimmed = url.trim();
        if trimmed.len() >= 8 && trimmed[..8].eq_ignore_ascii_case("https://") {
            return Err(bad(
                "https is not supported by Tributary's registry client; use http:// (or a local TLS-terminating proxy)",
            ));
        }
        let rest = match trimmed.get(..7) {
            Some(scheme) if scheme.eq_ignore_ascii_case("http://") => &trimmed[7..],
            _ => return Err(bad("expected http://host:port")),
        };
        let (authority, path) = match rest.find('/') {
            Some(i) => (&rest[..i], rest[i..].trim_end_matches('/')),
            None => (rest, ""),
        };
        let (user_info, host_port) = match authority.rsplit_once('@') {
            Some((user, host)) => (Some(percent_decode(user)), host),
            None => (None, authority),
        };
        let (host, port) = match host_port.rsplit_once(':') {
            Some((host, port)) if !host.ends_with(']') || host_port.starts_with('[') => {
                let port = port.parse::<u16>().map_err(|_| bad("invalid port"))?;
                (host, port)
            }
            _ => (host_port, 80),
        };
        if host.is_empty() {
            return Err(bad("no host"));
        }
        Ok(BaseUrl {
            host: host
                .trim_start_matches('[')
                .trim_end_matches(']')
                .to_owned(),
            port,
            path: path.to_owned(),
            user_info,
        })
    }

    fn display(&self, path: &str) -> String {
        format!("http://{}:{}{}{}", self.host, self.port, self.path, path)
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%'
            && let Some(v) = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A path segment, percent-encoded (`UriBuilder` does so for `{subject}`).
fn encode_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Confluent's schema registry REST API over HTTP/1.1.
#[derive(Debug)]
pub struct HttpSchemaRegistry {
    urls: Vec<BaseUrl>,
    /// `Authorization` header value.
    authorization: Option<String>,
    timeout: Duration,
    /// (subject, schema) → id.
    cache: Mutex<HashMap<(String, String), u32>>,
}

impl HttpSchemaRegistry {
    /// A client of the comma-separated `urls` (tried in order); `user_info`
    /// (`user:password`) from `basic.auth.user.info`, else from the URL.
    pub fn new(urls: &str, user_info: Option<&str>) -> Result<Self, RegistryError> {
        let urls = urls
            .split(',')
            .filter(|u| !u.trim().is_empty())
            .map(BaseUrl::parse)
            .collect::<Result<Vec<_>, _>>()?;
        if urls.is_empty() {
            return Err(RegistryError::BadUrl {
                url: String::new(),
                reason: "no URL given".into(),
            });
        }
        let user_info = user_info
            .map(str::to_owned)
            .or_else(|| urls.iter().find_map(|u| u.user_info.clone()));
        let authorization = user_info.map(|ui| {
            format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(ui.as_bytes())
            )
        });
        Ok(HttpSchemaRegistry {
            urls,
            authorization,
            timeout: Duration::from_secs(30),
            cache: Mutex::new(HashMap::new()),
        })
    }

    /// POSTs `{"schema": schema}` to `path`, trying each URL until one answers; returns
    /// the `id` of the answer.
    fn post_schema(&self, path: &str, schema: &str) -> Result<u32, RegistryError> {
        let body = serde_json::json!({ "schema": schema }).to_string();
        let mut last = None;
        for url in &self.urls {
            match self.post(url, path, &body) {
                Ok((status, response)) => return parse_id(&url.display(path), status, &response),
                Err(e) => last = Some(e),
            }
        }
        Err(last.unwrap_or_else(|| RegistryError::BadUrl {
            url: String::new(),
            reason: "no URL given".into(),
        }))
    }

    fn post(&self, url: &BaseUrl, path: &str, body: &str) -> Result<(u16, Vec<u8>), RegistryError> {
        let display = url.display(path);
        let transport = |reason: String| RegistryError::Transport {
            url: display.clone(),
            reason,
        };
        let addrs = (url.host.as_str(), url.port)
            .to_socket_addrs()
            .map_err(|e| transport(format!("cannot resolve host: {e}")))?;
        let mut stream = None;
        let mut last_error = String::from("no address");
        for addr in addrs {
            match TcpStream::connect_timeout(&addr, self.timeout) {
                Ok(s) => {
                    stream = Some(s);
                    break;
                }
                Err(e) => last_error = e.to_string(),
            }
        }
        let mut stream =
            stream.ok_or_else(|| transport(format!("cannot connect: {last_error}")))?;
        stream
            .set_read_timeout(Some(self.timeout))
            .and_then(|()| stream.set_write_timeout(Some(self.timeout)))
            .map_err(|e| transport(e.to_string()))?;
        let mut request = format!(
            "POST {}{} HTTP/1.1\r\nHost: {}:{}\r\nContent-Type: application/vnd.schemaregistry.v1+json\r\n\
             Accept: application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5\r\n\
             Content-Length: {}\r\nConnection: close\r\n",
            url.path,
            path,
            url.host,
            url.port,
            body.len()
        );
        if let Some(auth) = &self.authorization {
            request.push_str("Authorization: ");
            request.push_str(auth);
            request.push_str("\r\n");
        }
        request.push_str("\r\n");
        request.push_str(body);
        stream
            .write_all(request.as_bytes())
            .map_err(|e| transport(format!("sending the request: {e}")))?;
        // Read until the response is complete (Content-Length reached, last chunk, or
        // the server closed), so a server that keeps the connection open anyway does not
        // stall the stream until the read timeout.
        let mut response = Vec::new();
        let mut buf = [0u8; 8192];
        loop {
            let n = stream
                .read(&mut buf)
                .map_err(|e| transport(format!("reading the response: {e}")))?;
            if n == 0 {
                break;
            }
            response.extend_from_slice(buf.get(..n).unwrap_or_default());
            if response_complete(&response) {
                break;
            }
        }
        parse_http_response(&response).map_err(transport)
    }
}

impl SchemaRegistry for HttpSchemaRegistry {
    fn register(&self, subject: &str, schema: &str) -> Result<u32, RegistryError> {
        let key = (subject.to_owned(), schema.to_owned());
        if let Some(id) = self
            .cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
        {
            return Ok(*id);
        }
        let id = self.post_schema(
            &format!("/subjects/{}/versions", encode_segment(subject)),
            schema,
        )?;
        self.cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, id);
        Ok(id)
    }

    fn lookup(&self, subject: &str, schema: &str) -> Result<u32, RegistryError> {
        let key = (subject.to_owned(), schema.to_owned());
        if let Some(id) = self
            .cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
        {
            return Ok(*id);
        }
        let id = self
            .post_schema(
                &format!("/subjects/{}?deleted=false", encode_segment(subject)),
                schema,
            )
            .map_err(|e| match e {
                RegistryError::Rejected { status: 404, .. } => RegistryError::NotFound {
                    subject: subject.to_owned(),
                },
                other => other,
            })?;
        self.cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, id);
        Ok(id)
    }
}

/// `{"id": N, ...}` of a 2xx answer; the registry's `message` otherwise.
fn parse_id(url: &str, status: u16, body: &[u8]) -> Result<u32, RegistryError> {
    let json: Option<serde_json::Value> = serde_json::from_slice(body).ok();
    if !(200..300).contains(&status) {
        let message = json
            .as_ref()
            .and_then(|j| j.get("message"))
            .and_then(|m| m.as_str())
            .map(str::to_owned)
            .unwrap_or_else(|| String::from_utf8_lossy(body).chars().take(200).collect());
        return Err(RegistryError::Rejected {
            url: url.to_owned(),
            status,
            message,
        });
    }
    json.as_ref()
        .and_then(|j| j.get("id"))
        .and_then(|id| id.as_u64())
        .and_then(|id| u32::try_from(id).ok())
        .ok_or_else(|| RegistryError::Transport {
            url: url.to_owned(),
            reason: format!(
                "answer without an id: {}",
                String::from_utf8_lossy(body)
                    .chars()
                    .take(200)
                    .collect::<String>()
            ),
        })
}

/// True once `response` holds the whole message: headers, then `Content-Length` bytes
/// or a chunked body up to its last chunk.
fn response_complete(response: &[u8]) -> bool {
    let Some(head_end) = response.windows(4).position(|w| w == b"\r\n\r\n") else {
        return false;
    };
    let head = String::from_utf8_lossy(&response[..head_end]).to_ascii_lowercase();
    let body = &response[head_end + 4..];
    if head.contains("transfer-encoding: chunked") {
        return body.ends_with(b"0\r\n\r\n");
    }
    head.lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok())
        .is_some_and(|n| body.len() >= n)
}

/// Status and body of an HTTP/1.1 response read to its end (`Connection: close`);
/// `Content-Length` and chunked bodies are both read.
fn parse_http_response(response: &[u8]) -> Result<(u16, Vec<u8>), String> {
    let head_end = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or("the answer is not an HTTP response (no end of headers)")?;
    let head = String::from_utf8_lossy(&response[..head_end]);
    let body = &response[head_end + 4..];
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse::<u16>().ok())
        .filter(|_| status_line.starts_with("HTTP/"))
        .ok_or_else(|| format!("unreadable status line `{status_line}`"))?;
    let mut chunked = false;
    let mut length = None;
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim();
        if name.eq_ignore_ascii_case("transfer-encoding") && value.eq_ignore_ascii_case("chunked") {
            chunked = true;
        } else if name.eq_ignore_ascii_case("content-length") {
            length = value.parse::<usize>().ok();
        }
    }
    if chunked {
        return dechunk(body).map(|b| (status, b));
    }
    let body = match length {
        Some(n) => body
            .get(..n)
            .ok_or("the response body is shorter than its Content-Length")?,
        None => body,
    };
    Ok((status, body.to_vec()))
}

fn dechunk(mut body: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    loop {
        let line_end = body
            .windows(2)
            .position(|w| w == b"\r\n")
            .ok_or("truncated chunked body")?;
        let size_text = String::from_utf8_lossy(&body[..line_end]);
        let size_text = size_text.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size_text, 16)
            .map_err(|_| format!("bad chunk size `{size_text}`"))?;
        body = &body[line_end + 2..];
        if size == 0 {
            return Ok(out);
        }
        out.extend_from_slice(body.get(..size).ok_or("truncated chunk")?);
        body = body.get(size + 2..).ok_or("truncated chunk")?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mock_ids_are_global_and_versions_per_subject() {
        // MockSchemaRegistryClient 7.0.16 (probe): register(a-value, A)=1,
        // register(b-value, A)=1, register(a-value, B)=2, register(a-value, A)=1,
        // register(c-value, B)=2; a-value has versions 1 (id 1) and 2 (id 2).
        let r = MockSchemaRegistry::default();
        let ids: Vec<u32> = [
            ("a-value", "A"),
            ("b-value", "A"),
            ("a-value", "B"),
            ("a-value", "A"),
            ("c-value", "B"),
        ]
        .iter()
        .map(|(s, schema)| r.register(s, schema).unwrap_or(0))
        .collect();
        assert_eq!(ids, [1, 1, 2, 1, 2]);
        let listed: Vec<(String, u32, u32)> = r
            .registered()
            .into_iter()
            .map(|v| (v.subject, v.version, v.id))
            .collect();
        assert_eq!(
            listed,
            [
                ("a-value".to_owned(), 1, 1),
                ("a-value".to_owned(), 2, 2),
                ("b-value".to_owned(), 1, 1),
                ("c-value".to_owned(), 1, 2)
            ]
        );
        assert!(r.lookup("b-value", "B").is_err());
        assert_eq!(r.lookup("c-value", "B").ok(), Some(2));
    }

    #[test]
    fn urls_parse_with_credentials_and_https_is_refused() {
        let u = BaseUrl::parse("http://bob:s%40cret@registry:8081/base/");
        assert_eq!(
            u.ok(),
            Some(BaseUrl {
                host: "registry".into(),
                port: 8081,
                path: "/base".into(),
                user_info: Some("bob:s@cret".into()),
            })
        );
        assert_eq!(BaseUrl::parse("http://h").map(|u| u.port).ok(), Some(80));
        let e = BaseUrl::parse("https://h:8081")
            .err()
            .map(|e| e.to_string());
        assert!(e.unwrap_or_default().contains("https"));
    }

    #[test]
    fn responses_with_length_or_chunks() {
        let plain = b"HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\n{\"id\":7}";
        assert_eq!(
            parse_http_response(plain).ok(),
            Some((200, b"{\"id\":7}".to_vec()))
        );
        let chunked = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n{\"i\r\n5\r\nd\":7}\r\n0\r\n\r\n";
        assert_eq!(
            parse_http_response(chunked).ok(),
            Some((200, b"{\"id\":7}".to_vec()))
        );
        assert!(parse_http_response(b"garbage").is_err());
        assert!(response_complete(plain) && response_complete(chunked));
        assert!(!response_complete(&plain[..plain.len() - 1]));
        assert!(!response_complete(&chunked[..chunked.len() - 2]));
        let e = parse_id("u", 409, br#"{"error_code":409,"message":"incompatible"}"#);
        assert!(matches!(
            e,
            Err(RegistryError::Rejected { status: 409, .. })
        ));
    }
}
