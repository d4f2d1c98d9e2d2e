//! `replay` with Confluent's AvroConverter configured (`mock://` registry) equals what
//! Debezium 3.6.3 + AvroConverter 7.0.16 emitted from the very same binlog bytes
//! (`binlog-fixtures/reference/avro-<scenario>.stream.avro.jsonl`, produced by
//! `ORACLE=AvroOracle BINLOG_OUT=… reference.sh`, binlogs in
//! `binlog-fixtures/mariadb/avro-<scenario>/`; see binlog-fixtures/README.md).
//!
//! For every record both sides are decoded with the `apache-avro` crate using the
//! schema registered under the record's id. The rules of `compare.py` apply: the
//! oracle's snapshot records are dropped, the value's processing times
//! (`ts_ms`/`ts_us`/`ts_ns`) are ignored and `source.gtid` may be a MariaDB GTID where
//! the reference has null. With those fields set to the reference's, our decoded value,
//! re-encoded, must give the oracle's bytes exactly; keys and schema ids must be equal
//! byte for byte. The registered subjects, versions, ids and schema texts must equal
//! the oracle's `.schemas` file exactly.
//!
//! Second, independent check: the JSON oracle's binlogs (`mariadb/<scenario>/`)
//! replayed with the Avro converter and decoded with apache-avro give, as Connect JSON,
//! the payloads of Debezium's JsonConverter output (`reference/<scenario>.stream.jsonl`),
//! judged by `compare.py` itself.
//!
//! No real schema registry can run on this machine (Confluent's ships through Maven
//! Central only, Karapace is not on PyPI), so the HTTP client is tested against a
//! minimal in-test responder speaking Confluent's REST API.

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Once};

use apache_avro::Schema;
use apache_avro::reader::datum::GenericDatumReader;
use apache_avro::types::Value;
use apache_avro::writer::datum::GenericDatumWriter;
use base64::Engine as _;
use tributary::emit::Record;
use tributary::engine::config::{ConnectorConfig, parse_properties};
use tributary::engine::processor_options;
use tributary::engine::replay::Replay;
use tributary::format::avro::{MockSchemaRegistry, SchemaRegistry};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("binlog-fixtures")
}

/// apache-avro follows the specification's name grammar; Debezium's namespaces are
/// topic names (`ecommerce-server.ecommerce.orders`), which Java's Avro accepts.
struct LenientNames;

impl apache_avro::validator::SchemaNamespaceValidator for LenientNames {
    fn validate(&self, _namespace: &str) -> apache_avro::AvroResult<()> {
        Ok(())
    }
}

impl apache_avro::validator::SchemaNameValidator for LenientNames {
    fn validate(&self, schema_name: &str) -> apache_avro::AvroResult<usize> {
        Ok(schema_name.rfind('.').map_or(0, |i| i + 1))
    }
}

fn lenient_names() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _ = apache_avro::validator::set_schema_namespace_validator(Box::new(LenientNames));
        let _ = apache_avro::validator::set_schema_name_validator(Box::new(LenientNames));
    });
}

/// The connector config of the oracle runs, with AvroConverter on both sides using the
/// registry at `url`, plus `extra` settings.
fn avro_config(url: &str, extra: &[(&str, &str)]) -> ConnectorConfig {
    let text = std::fs::read_to_string(fixtures().join("scenarios/connector.properties"))
        .expect("connector.properties");
    let mut map = parse_properties(&text, "connector.properties").expect("properties");
    for side in ["key", "value"] {
        map.insert(
            format!("{side}.converter"),
            "io.confluent.connect.avro.AvroConverter".into(),
        );
        map.insert(format!("{side}.converter.schema.registry.url"), url.into());
    }
    for (k, v) in extra {
        map.insert((*k).into(), (*v).into());
    }
    ConnectorConfig::from_properties(&map).expect("config")
}

/// Replays the scenario's binlogs one record per batch; returns the records and the
/// error that stopped the replay, if any.
fn replay(scenario: &str, config: &ConnectorConfig) -> (Vec<Record>, Option<String>) {
    replay_dir(&format!("avro-{scenario}"), config)
}

/// Replays the binlogs of `binlog-fixtures/mariadb/<dir>` one record per batch.
fn replay_dir(dir: &str, config: &ConnectorConfig) -> (Vec<Record>, Option<String>) {
    let dir = fixtures().join("mariadb").join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .collect();
    files.sort();
    let mut replay = Replay::new(processor_options(config), files, None, 1);
    let mut records = Vec::new();
    loop {
        match replay.next_batch() {
            Ok(Some(batch)) => records.extend(batch.records),
            Ok(None) => return (records, None),
            Err(e) => return (records, Some(e.to_string())),
        }
    }
}

struct Reference {
    topic: String,
    key: Option<Vec<u8>>,
    value: Option<Vec<u8>>,
}

fn b64(v: &serde_json::Value) -> Option<Vec<u8>> {
    v.as_str().map(|s| {
        base64::engine::general_purpose::STANDARD
            .decode(s)
            .expect("base64")
    })
}

fn reference(scenario: &str) -> (Vec<Reference>, Vec<serde_json::Value>) {
    let base = fixtures()
        .join("reference")
        .join(format!("avro-{scenario}.stream.avro.jsonl"));
    let lines = std::fs::read_to_string(&base).expect("reference");
    let records = lines
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("json line");
            Reference {
                topic: v["topic"].as_str().unwrap_or_default().to_owned(),
                key: b64(&v["key"]),
                value: b64(&v["value"]),
            }
        })
        .collect();
    let schemas = std::fs::read_to_string(base.with_extension("jsonl.schemas"))
        .expect("schemas")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("schema line"))
        .collect();
    (records, schemas)
}

/// Schema id and decoded datum of a wire-format record.
fn decode(bytes: &[u8], schemas: &HashMap<u32, Schema>) -> (u32, Value) {
    assert_eq!(bytes.first(), Some(&0), "magic byte");
    let id = u32::from_be_bytes(bytes[1..5].try_into().expect("id"));
    let schema = schemas
        .get(&id)
        .unwrap_or_else(|| panic!("schema id {id} not registered"));
    let mut body = &bytes[5..];
    let value = GenericDatumReader::builder(schema)
        .build()
        .expect("reader")
        .read_value(&mut body)
        .unwrap_or_else(|e| panic!("decoding with schema {id}: {e}"));
    assert!(body.is_empty(), "{} bytes left after the datum", body.len());
    (id, value)
}

fn encode(value: Value, schema: &Schema) -> Vec<u8> {
    GenericDatumWriter::builder(schema)
        .build()
        .expect("writer")
        .write_value_to_vec(value)
        .expect("encode")
}

fn field<'v>(value: &'v Value, name: &str) -> Option<&'v Value> {
    match value {
        Value::Record(fields) => fields.iter().find(|(n, _)| n == name).map(|(_, v)| v),
        _ => None,
    }
}

fn field_mut<'v>(value: &'v mut Value, name: &str) -> Option<&'v mut Value> {
    match value {
        Value::Record(fields) => fields.iter_mut().find(|(n, _)| n == name).map(|(_, v)| v),
        _ => None,
    }
}

fn unwrap_union(value: &Value) -> &Value {
    match value {
        Value::Union(_, inner) => inner,
        other => other,
    }
}

/// `source.snapshot` other than "false"/"incremental": a record of Debezium's snapshot.
fn is_snapshot(value: &Value) -> bool {
    let snapshot = field(value, "source").and_then(|s| field(s, "snapshot"));
    !matches!(snapshot.map(unwrap_union), None | Some(Value::Null))
        && !matches!(
            snapshot.map(unwrap_union),
            Some(Value::String(s)) if s == "false" || s == "incremental"
        )
}

/// Copies the reference's fields that differ by nature into `ours`.
fn take_natural_differences(ours: &mut Value, theirs: &Value, at: usize) {
    for name in ["ts_ms", "ts_us", "ts_ns"] {
        if let (Some(o), Some(t)) = (field_mut(ours, name), field(theirs, name)) {
            *o = t.clone();
        }
    }
    let their_gtid = field(theirs, "source")
        .and_then(|s| field(s, "gtid"))
        .cloned();
    if let Some(gtid) = field_mut(ours, "source").and_then(|s| field_mut(s, "gtid"))
        && let Some(their_gtid) = their_gtid
    {
        if unwrap_union(&their_gtid) == &Value::Null
            && let Value::String(text) = unwrap_union(gtid)
        {
            let parts: Vec<&str> = text.split('-').collect();
            assert!(
                parts.len() == 3 && parts.iter().all(|p| p.parse::<u64>().is_ok()),
                "record {at}: source.gtid {text:?} is not a MariaDB GTID"
            );
        }
        *gtid = their_gtid;
    }
}

/// Replays `scenario` with the mock registry of a scope of its own and compares with
/// the oracle; returns the replay's error.
fn replay_equals_oracle(scenario: &str) -> Option<String> {
    let scope = format!("avro-conformance-{scenario}");
    let config = avro_config(&format!("mock://{scope}"), &[]);
    replay_with_registry_equals_oracle(scenario, &config, &MockSchemaRegistry::for_scope(&scope))
}

/// Replays `scenario` under `config` and compares with the oracle; `registry` is where
/// the schemas end up. Returns the replay's error.
fn replay_with_registry_equals_oracle(
    scenario: &str,
    config: &ConnectorConfig,
    registry: &MockSchemaRegistry,
) -> Option<String> {
    lenient_names();
    let (records, error) = replay(scenario, config);
    let (expected, expected_schemas) = reference(scenario);

    // The registry holds exactly what the oracle's registry held.
    let registered: Vec<serde_json::Value> = registry
        .registered()
        .into_iter()
        .map(|r| {
            serde_json::json!({"subject": r.subject, "version": r.version, "id": r.id, "schema": r.schema})
        })
        .collect();
    for (i, (ours, theirs)) in registered.iter().zip(&expected_schemas).enumerate() {
        assert_eq!(ours, theirs, "{scenario}: registered schema #{i} differs");
    }
    assert_eq!(
        registered.len(),
        expected_schemas.len(),
        "{scenario}: number of registered schemas"
    );
    let schemas: HashMap<u32, Schema> = expected_schemas
        .iter()
        .map(|s| {
            let id = s["id"].as_u64().expect("id") as u32;
            let text = s["schema"].as_str().expect("schema");
            let schema = Schema::parse_str(text)
                .unwrap_or_else(|e| panic!("apache-avro cannot parse schema {id}: {e}"));
            (id, schema)
        })
        .collect();

    let expected: Vec<&Reference> = expected
        .iter()
        .filter(|r| {
            r.value
                .as_deref()
                .is_none_or(|v| !is_snapshot(&decode(v, &schemas).1))
        })
        .collect();
    assert_eq!(
        records.len(),
        expected.len(),
        "{scenario}: record count (error: {error:?})"
    );
    let mut stats = BTreeMap::new();
    for (at, (ours, theirs)) in records.iter().zip(&expected).enumerate() {
        assert_eq!(&*ours.topic, theirs.topic, "{scenario} record {at}: topic");
        assert_eq!(
            ours.key.as_deref(),
            theirs.key.as_deref(),
            "{scenario} record {at}: key bytes"
        );
        match (ours.value.as_deref(), theirs.value.as_deref()) {
            (None, None) => *stats.entry("tombstones").or_insert(0) += 1,
            (Some(o), Some(t)) => {
                let (our_id, mut our_value) = decode(o, &schemas);
                let (their_id, their_value) = decode(t, &schemas);
                assert_eq!(our_id, their_id, "{scenario} record {at}: value schema id");
                take_natural_differences(&mut our_value, &their_value, at);
                assert_eq!(
                    our_value, their_value,
                    "{scenario} record {at}: decoded value"
                );
                let reencoded = encode(our_value, &schemas[&our_id]);
                assert_eq!(
                    reencoded,
                    t[5..],
                    "{scenario} record {at}: bytes differ beyond the ignored fields"
                );
                *stats.entry("values").or_insert(0) += 1;
            }
            (o, t) => panic!(
                "{scenario} record {at}: value present {} / expected {}",
                o.is_some(),
                t.is_some()
            ),
        }
    }
    eprintln!("{scenario}: {} records equal ({stats:?})", records.len());
    error
}

#[test]
fn seed_avro_replay_equals_debezium_avro_converter() {
    let error = replay_equals_oracle("seed");
    assert_eq!(error, None);
}

#[test]
fn types_avro_replay_equals_debezium_avro_converter() {
    let error = replay_equals_oracle("types");
    assert_eq!(error, None);
}

/// NULL in nullable columns with a DEFAULT: written as the default (branch 0 of `[T,
/// "null"]`), as Connect's `Struct.get` reads it.
#[test]
fn null_defaults_avro_replay_equals_debezium_avro_converter() {
    let error = replay_equals_oracle("null-defaults");
    assert_eq!(error, None);
}

/// With `schema.name.adjustment.mode=avro` and `field.name.adjustment.mode=avro` the
/// names Avro refuses are adjusted as Debezium adjusts them, and the records and
/// schemas are the oracle's.
#[test]
fn names_avro_replay_equals_debezium_avro_converter() {
    let scope = "avro-conformance-names";
    let config = avro_config(
        &format!("mock://{scope}"),
        &[
            ("schema.name.adjustment.mode", "avro"),
            ("field.name.adjustment.mode", "avro"),
        ],
    );
    let error =
        replay_with_registry_equals_oracle("names", &config, &MockSchemaRegistry::for_scope(scope));
    assert_eq!(error, None);
}

/// A decoded Avro datum as Kafka's JsonConverter writes the same Connect value:
/// unions unwrapped, records as objects, bytes and decimals as base64, floats as
/// Java's `Float.toString` digits.
fn connect_json(value: &Value) -> serde_json::Value {
    use serde_json::Value as J;
    let b64 = |b: &[u8]| J::String(base64::engine::general_purpose::STANDARD.encode(b));
    let float = |text: String| {
        text.parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map_or(J::Null, J::Number)
    };
    match value {
        Value::Null => J::Null,
        Value::Boolean(b) => J::Bool(*b),
        Value::Int(v) | Value::Date(v) | Value::TimeMillis(v) => J::from(*v),
        Value::Long(v) | Value::TimestampMillis(v) | Value::TimeMicros(v) => J::from(*v),
        Value::Float(v) => float(format!("{v}")),
        Value::Double(v) => float(format!("{v}")),
        Value::String(s) => J::String(s.clone()),
        Value::Bytes(b) => b64(b),
        Value::Decimal(d) => b64(&<Vec<u8>>::try_from(d).expect("decimal bytes")),
        Value::Union(_, inner) => connect_json(inner),
        Value::Array(items) => J::Array(items.iter().map(connect_json).collect()),
        Value::Record(fields) => J::Object(
            fields
                .iter()
                .map(|(k, v)| (k.clone(), connect_json(v)))
                .collect(),
        ),
        other => panic!("no Connect JSON form for {other:?}"),
    }
}

/// Replays the binlogs of the *JSON* oracle's run of `scenario` with the Avro
/// converter, decodes every key and value with apache-avro and compares them, as
/// Connect JSON, with Debezium's JsonConverter output for the same bytes
/// (`reference/<scenario>.stream.jsonl`) by `compare.py`'s rules. Only payloads are
/// compared: the JSON schemas are copied from the reference.
fn avro_values_equal_debezium_json(scenario: &str) {
    lenient_names();
    let scope = format!("avro-json-{scenario}");
    let (records, error) = replay_dir(scenario, &avro_config(&format!("mock://{scope}"), &[]));
    assert_eq!(error, None);
    let schemas: HashMap<u32, Schema> = MockSchemaRegistry::for_scope(&scope)
        .registered()
        .into_iter()
        .map(|r| {
            (
                r.id,
                Schema::parse_str(&r.schema).expect("our schema parses"),
            )
        })
        .collect();
    let reference = fixtures()
        .join("reference")
        .join(format!("{scenario}.stream.jsonl"));
    let expected: Vec<serde_json::Value> = std::fs::read_to_string(&reference)
        .expect("reference")
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("json line"))
        .filter(|r| {
            !matches!(
                r["value"]["payload"]["source"]["snapshot"].as_str(),
                Some(s) if s != "false" && s != "incremental"
            )
        })
        .collect();
    assert_eq!(records.len(), expected.len(), "{scenario}: record count");
    let mut lines = String::new();
    for (ours, theirs) in records.iter().zip(&expected) {
        let side = |bytes: Option<&[u8]>, reference: &serde_json::Value| match bytes {
            None => serde_json::Value::Null,
            Some(b) => serde_json::json!({
                "schema": reference["schema"].clone(),
                "payload": connect_json(&decode(b, &schemas).1),
            }),
        };
        let line = serde_json::json!({
            "topic": &*ours.topic,
            "key": side(ours.key.as_deref(), &theirs["key"]),
            "value": side(ours.value.as_deref(), &theirs["value"]),
        });
        lines.push_str(&line.to_string());
        lines.push('\n');
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let actual = dir.path().join(format!("{scenario}.avro-as-json.jsonl"));
    std::fs::write(&actual, lines).expect("write");
    let compare = std::process::Command::new("python3")
        .arg(fixtures().join("compare.py"))
        .arg(&reference)
        .arg(&actual)
        .output()
        .expect("python3 must be installed to run compare.py");
    let report = String::from_utf8_lossy(&compare.stdout);
    assert!(
        compare.status.success() && report.contains("records equal"),
        "{scenario}: decoded Avro differs from Debezium's JSON:\n{report}"
    );
    eprintln!(
        "{scenario} (Avro decoded vs JSON reference): {}",
        report.lines().last().unwrap_or_default()
    );
}

#[test]
fn seed_avro_values_equal_debezium_json() {
    avro_values_equal_debezium_json("seed");
}

#[test]
fn types_avro_values_equal_debezium_json() {
    avro_values_equal_debezium_json("types");
}

#[test]
fn null_defaults_avro_values_equal_debezium_json() {
    avro_values_equal_debezium_json("null-defaults");
}

/// A registry that speaks Confluent's REST API over HTTP (no real schema registry can
/// run on this machine: Confluent's is on Maven Central only and Karapace is not on
/// PyPI). It answers `POST /subjects/<subject>/versions` with `{"id": N}`, keeping the
/// schemas in a [`MockSchemaRegistry`] (same id rules as Confluent's), and requires
/// basic authentication.
struct HttpResponder {
    port: u16,
    registry: Arc<MockSchemaRegistry>,
    requests: Arc<AtomicUsize>,
}

const CREDENTIALS: &str = "Basic Ym9iOnNlY3JldA=="; // base64("bob:secret")

impl HttpResponder {
    fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let registry = Arc::new(MockSchemaRegistry::default());
        let requests = Arc::new(AtomicUsize::new(0));
        let (r, n) = (registry.clone(), requests.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { return };
                n.fetch_add(1, Ordering::SeqCst);
                answer(stream, &r);
            }
        });
        HttpResponder {
            port,
            registry,
            requests,
        }
    }
}

fn answer(mut stream: TcpStream, registry: &MockSchemaRegistry) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone"));
    let mut request_line = String::new();
    reader.read_line(&mut request_line).expect("request line");
    let mut headers = HashMap::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).expect("header");
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_owned());
        }
    }
    let length: usize = headers
        .get("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).expect("body");
    let mut parts = request_line.split_whitespace();
    let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let respond = |stream: &mut TcpStream, status: &str, body: String| {
        let _ = write!(
            stream,
            "HTTP/1.1 {status}\r\nContent-Type: application/vnd.schemaregistry.v1+json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
    };
    // Like a server that ignores `Connection: close`, keep the connection open until
    // the client hangs up: the client must stop reading at the end of the message.
    let hold_open = |reader: &mut BufReader<TcpStream>| {
        let _ = reader.read(&mut [0u8; 1]);
    };
    if headers.get("authorization").map(String::as_str) != Some(CREDENTIALS) {
        respond(
            &mut stream,
            "401 Unauthorized",
            r#"{"error_code":401,"message":"Unauthorized"}"#.into(),
        );
        return hold_open(&mut reader);
    }
    let subject = path
        .strip_prefix("/subjects/")
        .and_then(|p| p.strip_suffix("/versions"));
    let schema = serde_json::from_slice::<serde_json::Value>(&body)
        .ok()
        .and_then(|v| v["schema"].as_str().map(str::to_owned));
    match (method, subject, schema) {
        ("POST", Some(subject), Some(schema)) => match registry.register(subject, &schema) {
            Ok(id) => respond(&mut stream, "200 OK", format!("{{\"id\":{id}}}")),
            Err(e) => respond(
                &mut stream,
                "500 Internal Server Error",
                format!("{{\"message\":{:?}}}", e.to_string()),
            ),
        },
        _ => respond(
            &mut stream,
            "404 Not Found",
            r#"{"error_code":404,"message":"not found"}"#.into(),
        ),
    }
    hold_open(&mut reader);
}

/// The HTTP client registers what the oracle registered, once per subject and schema,
/// with the credentials of `basic.auth.user.info`; the records are the oracle's.
#[test]
fn seed_avro_replay_through_an_http_registry_equals_debezium() {
    let responder = HttpResponder::start();
    let url = format!("http://127.0.0.1:{}", responder.port);
    let config = avro_config(
        &url,
        &[
            ("key.converter.basic.auth.credentials.source", "USER_INFO"),
            ("key.converter.basic.auth.user.info", "bob:secret"),
            ("value.converter.basic.auth.credentials.source", "USER_INFO"),
            ("value.converter.basic.auth.user.info", "bob:secret"),
        ],
    );
    let error = replay_with_registry_equals_oracle("seed", &config, &responder.registry);
    assert_eq!(error, None);
    // One POST per registered subject version: ids are cached by the client.
    assert_eq!(
        responder.requests.load(Ordering::SeqCst),
        responder.registry.registered().len()
    );
}

/// Credentials in the URL (`basic.auth.credentials.source=URL`, the default) work too;
/// wrong ones stop the replay with the registry's answer.
#[test]
fn http_registry_credentials_from_the_url_and_refusals() {
    let responder = HttpResponder::start();
    let good = avro_config(
        &format!("http://bob:secret@127.0.0.1:{}", responder.port),
        &[],
    );
    let (records, error) = replay("seed", &good);
    assert_eq!(error, None);
    assert!(!records.is_empty());
    let bad = avro_config(
        &format!("http://bob:wrong@127.0.0.1:{}", responder.port),
        &[],
    );
    let (records, error) = replay("seed", &bad);
    assert!(records.is_empty());
    let error = error.unwrap_or_default();
    assert!(
        error.contains("HTTP 401") && error.contains("Unauthorized"),
        "{error}"
    );
}

/// Schema evolution (new subject versions and ids per table version), a renamed table,
/// then a column named `col with space`: the oracle's AvroConverter stopped there with
/// `SchemaParseException: Illegal character in: col with space`, and so must we.
#[test]
fn ddl_avro_replay_equals_debezium_until_the_illegal_field_name() {
    let error = replay_equals_oracle("ddl").unwrap_or_default();
    assert!(
        error.contains("Illegal character in: col with space"),
        "replay must stop at the illegal Avro name, got: {error:?}"
    );
}

/// `auto.register.schemas=false` looks the schemas up: unknown ones stop the replay
/// naming the subject; once registered (by an earlier run on the same registry) the
/// ids are found and the records are the same.
#[test]
fn without_auto_registration_schemas_are_looked_up() {
    let url = "mock://avro-lookup";
    let lookup = [
        ("key.converter.auto.register.schemas", "false"),
        ("value.converter.auto.register.schemas", "false"),
    ];
    let (records, error) = replay("seed", &avro_config(url, &lookup));
    assert!(records.is_empty());
    let error = error.unwrap_or_default();
    assert!(
        error.contains("ecommerce-server-key") && error.contains("auto.register.schemas=false"),
        "{error}"
    );
    let (registered, error) = replay("seed", &avro_config(url, &[]));
    assert_eq!(error, None);
    let (looked_up, error) = replay("seed", &avro_config(url, &lookup));
    assert_eq!(error, None);
    let ids = |records: &[Record]| -> Vec<Option<Vec<u8>>> {
        records
            .iter()
            .map(|r| r.value.as_deref().map(|v| v[..5].to_vec()))
            .collect()
    };
    assert_eq!(ids(&registered), ids(&looked_up));
}

/// `RecordNameStrategy` / `TopicRecordNameStrategy`: the subject is the record's full
/// name (optionally after the topic), as Confluent's strategies name it.
#[test]
fn subject_name_strategies() {
    let scope = "avro-strategies";
    let config = avro_config(
        &format!("mock://{scope}"),
        &[
            (
                "key.converter.key.subject.name.strategy",
                "io.confluent.kafka.serializers.subject.TopicRecordNameStrategy",
            ),
            (
                "value.converter.value.subject.name.strategy",
                "io.confluent.kafka.serializers.subject.RecordNameStrategy",
            ),
        ],
    );
    let (_, error) = replay("seed", &config);
    assert_eq!(error, None);
    let subjects: Vec<String> = MockSchemaRegistry::for_scope(scope)
        .registered()
        .into_iter()
        .map(|r| r.subject)
        .collect();
    assert_eq!(
        subjects,
        [
            "ecommerce-server-io.debezium.connector.mysql.SchemaChangeKey",
            "ecommerce-server.ecommerce.orders.Envelope",
            "io.debezium.connector.mysql.SchemaChangeValue",
        ]
    );
}

/// The CLI's stdout sink prints Avro keys and values as base64 of the wire format, the
/// shape of the oracle's lines: keys and schema ids equal the oracle's.
#[test]
fn cli_replay_prints_base64_wire_format() {
    let dir = tempfile::tempdir().expect("tempdir");
    let properties = dir.path().join("avro.properties");
    let mut text = std::fs::read_to_string(fixtures().join("scenarios/connector.properties"))
        .expect("connector.properties");
    for side in ["key", "value"] {
        text.push_str(&format!(
            "\n{side}.converter=io.confluent.connect.avro.AvroConverter\n\
             {side}.converter.schema.registry.url=mock://cli\n"
        ));
    }
    std::fs::write(&properties, text).expect("write properties");
    let binlogs = fixtures().join("mariadb/avro-seed");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&binlogs)
        .expect("binlogs")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tributary"))
        .arg("replay")
        .arg("--config")
        .arg(&properties)
        .args(&files)
        .output()
        .expect("run tributary");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ours: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    let reference =
        std::fs::read_to_string(fixtures().join("reference/avro-seed.stream.avro.jsonl"))
            .expect("reference");
    // The oracle's first line is its snapshot's schema-change record.
    let theirs: Vec<serde_json::Value> = reference
        .lines()
        .skip(1)
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(ours.len(), theirs.len());
    for (o, t) in ours.iter().zip(&theirs) {
        assert_eq!(o["topic"], t["topic"]);
        assert_eq!(o["key"], t["key"]);
        let header = |v: &serde_json::Value| b64(v).map(|b| b[..5].to_vec());
        assert_eq!(header(&o["value"]), header(&t["value"]));
    }
}
