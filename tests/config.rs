//! Connector configuration read from real Debezium `.properties` files.
//!
//! Expected values come from the files themselves and from Java 17's
//! `java.util.Properties.load`, whose output is stored beside the inputs in
//! `tests/config/*.java17.jsonl` (made by `tests/config/Dump.java`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tributary::engine::config::{
    ConnectorConfig, NameFilter, OffsetStoreKind, SchemaHistoryStore, SnapshotMode,
    parse_properties,
};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn seed_path() -> PathBuf {
    root().join("examples/seed-msk-connect.properties")
}

fn load(path: &Path) -> ConnectorConfig {
    match ConnectorConfig::load(path) {
        Ok(c) => c,
        Err(e) => panic!("{}: {e}", path.display()),
    }
}

fn read_map(path: &Path) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    parse_properties(&text, &path.display().to_string()).unwrap_or_else(|e| panic!("{e}"))
}

/// The key/value lines Java 17 printed for a `.properties` file.
fn java_expected(path: &Path) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .map(|line| {
            let v: serde_json::Value =
                serde_json::from_str(line).unwrap_or_else(|e| panic!("{line}: {e}"));
            let key = v["key"]
                .as_str()
                .unwrap_or_else(|| panic!("no key in {line}"));
            let value = v["value"]
                .as_str()
                .unwrap_or_else(|| panic!("no value in {line}"));
            (key.to_string(), value.to_string())
        })
        .collect()
}

#[test]
fn seed_msk_connect_file_loads() {
    let c = load(&seed_path());
    assert_eq!(c.topic_prefix, "ecommerce-server");
    assert!(matches!(c.database_filter, NameFilter::Include(_)));
    assert!(c.database_filter.accepts("ecommerce"));
    assert!(!c.database_filter.accepts("ecommerce_archive"));
    assert!(c.table_filter.accepts("ecommerce.orders"));
    assert!(c.include_schema_changes);
    assert_eq!(
        c.schema_history.store,
        SchemaHistoryStore::Kafka {
            topic: "dbhistory.ecommerce".into(),
            bootstrap_servers: "localhost:9092".into(),
        }
    );
    assert_eq!(c.database.hostname.as_deref(), Some("127.0.0.1"));
    assert_eq!(c.database.port, 3306);
    assert_eq!(c.database.user.as_deref(), Some("cdc"));
    assert_eq!(c.database.password.as_deref(), Some("cdc"));
    assert_eq!(c.database.server_id, Some(123456));
    assert_eq!(c.schema_history.producer.len(), 4);
    assert_eq!(c.schema_history.consumer.len(), 4);
    // Every key of the file is understood; the only remark is the missing offset store.
    let warned: Vec<&str> = c.warnings.iter().map(|w| w.key.as_str()).collect();
    assert_eq!(warned, vec!["offset.storage.file.filename"]);
}

#[test]
fn seed_msk_connect_kafka_settings_are_refused_with_alternatives() {
    let c = load(&seed_path());
    let message = match c.kafka_producer_settings() {
        Ok(settings) => panic!("MSK IAM settings were accepted: {settings:?}"),
        Err(e) => e.to_string(),
    };
    assert!(
        message.contains("sasl.client.callback.handler.class") || message.contains("AWS_MSK_IAM"),
        "{message}"
    );
    assert!(message.contains("SCRAM-SHA-512"), "{message}");
    assert!(message.contains("OAUTHBEARER"), "{message}");
    assert!(c.history_consumer_settings().is_err());
}

#[test]
fn seed_with_scram_override_gives_librdkafka_settings() {
    let mut map = read_map(&seed_path());
    for (k, v) in [
        ("tributary.kafka.sasl.mechanisms", "SCRAM-SHA-512"),
        ("tributary.kafka.sasl.username", "alice"),
        ("tributary.kafka.sasl.password", "secret"),
    ] {
        map.insert(k.into(), v.into());
    }
    let c = ConnectorConfig::from_properties(&map).unwrap_or_else(|e| panic!("{e}"));
    let settings = c
        .kafka_producer_settings()
        .unwrap_or_else(|e| panic!("{e}"));
    let get = |key: &str| {
        settings
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(get("bootstrap.servers"), Some("localhost:9092"));
    assert_eq!(get("security.protocol"), Some("sasl_ssl"));
    assert_eq!(get("sasl.mechanisms"), Some("SCRAM-SHA-512"));
    assert_eq!(get("sasl.username"), Some("alice"));
    assert_eq!(get("sasl.password"), Some("secret"));
    assert!(
        settings
            .iter()
            .all(|(k, _)| !k.contains("callback") && !k.contains("jaas"))
    );
}

#[test]
fn debezium_3_variant_loads_equivalently() {
    let seed = load(&seed_path());
    let v3 = load(&root().join("binlog-fixtures/scenarios/connector.properties"));
    assert_eq!(v3.topic_prefix, seed.topic_prefix);
    assert_eq!(
        v3.database_filter.patterns(),
        seed.database_filter.patterns()
    );
    assert_eq!(v3.table_filter.patterns(), seed.table_filter.patterns());
    assert_eq!(v3.include_schema_changes, seed.include_schema_changes);
    assert_eq!(v3.database.server_id, seed.database.server_id);
    assert_eq!(v3.database.user, seed.database.user);
    assert_eq!(v3.database.port, 33081);
    assert_eq!(v3.snapshot_mode, SnapshotMode::Initial);
    assert!(v3.key_schemas_enable && v3.value_schemas_enable);
    assert_eq!(
        v3.schema_history.store,
        SchemaHistoryStore::File {
            path: "/tmp/dbz-oracle-state/history.dat".into()
        }
    );
    assert_eq!(
        v3.offset_storage.store,
        OffsetStoreKind::File("/tmp/dbz-oracle-state/offsets.dat".into())
    );
    assert_eq!(
        v3.offset_storage.flush_interval,
        std::time::Duration::from_secs(1)
    );
    assert!(v3.warnings.is_empty(), "{:?}", v3.warnings);
}

#[test]
fn properties_edge_cases_read_as_java_17_reads_them() {
    let dir = root().join("tests/config");
    for name in ["properties-edge-cases", "seed-msk-connect"] {
        let input = if name == "seed-msk-connect" {
            seed_path()
        } else {
            dir.join(format!("{name}.properties"))
        };
        let ours = read_map(&input);
        let java = java_expected(&dir.join(format!("{name}.java17.jsonl")));
        assert_eq!(ours, java, "{name}");
    }
}

#[test]
fn malformed_unicode_escape_is_refused_like_java() {
    let dir = root().join("tests/config");
    let java = std::fs::read_to_string(dir.join("properties-malformed-unicode.java17.jsonl"))
        .unwrap_or_default();
    assert!(java.contains("Malformed \\\\uxxxx encoding"), "{java}");
    let path = dir.join("properties-malformed-unicode.properties");
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let message = parse_properties(&text, "malformed.properties")
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(message.starts_with("malformed.properties:2:"), "{message}");
}

/// Every option of Debezium 3.6.3's MySQL connector (`MySqlConnectorConfig.ALL_FIELDS`,
/// listed from the oracle's jars by `binlog-fixtures/oracle-tools/ListOptions.java`
/// into `binlog-fixtures/debezium-mysql-options.tsv`) is known to the configuration
/// reader: set to Debezium's default it is read, accepted with a stated reason, or
/// refused with a message naming it — never passed over as an unknown key.
#[test]
fn every_debezium_mysql_option_is_known() {
    let list = std::fs::read_to_string(root().join("binlog-fixtures/debezium-mysql-options.tsv"))
        .expect("option list");
    let base = read_map(&root().join("binlog-fixtures/scenarios/connector.properties"));
    let mut checked = 0;
    for line in list.lines() {
        let (key, default) = line.split_once('\t').unwrap_or((line, ""));
        // Name patterns (`column.mask.with.(d+).chars`) are covered by tests of their own.
        if key.contains('(') {
            continue;
        }
        let mut map = base.clone();
        map.insert(key.to_owned(), default.to_owned());
        match ConnectorConfig::from_properties(&map) {
            Ok(config) => {
                let unknown: Vec<_> = config
                    .warnings
                    .iter()
                    .filter(|w| w.key == key && w.message.contains("unknown"))
                    .collect();
                assert!(unknown.is_empty(), "{key}: {unknown:?}");
            }
            Err(e) => assert!(e.to_string().contains(key), "{key}: {e}"),
        }
        checked += 1;
    }
    assert!(checked > 100, "only {checked} options checked");
}
