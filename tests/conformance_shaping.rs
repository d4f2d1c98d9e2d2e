//! Debezium's selection and shaping options: `replay` of the binlogs Debezium 3.6.3
//! streamed `binlog-fixtures/scenarios/shaping.sql` from, with the same connector
//! properties, equals what Debezium emitted (`binlog-fixtures/reference/
//! shaping-<case>.stream.jsonl`, produced by `oracle-tools/shaping-references.sh`), by
//! the rules of `compare.py` (processing timestamps ignored), Kafka headers included.
//!
//! The references carry every record's headers as Kafka Connect's default
//! `SimpleHeaderConverter` writes them (`"headers"`) and as JsonConverter would
//! (`"headers_json"`). Compared here: `headers`, except Debezium's context headers
//! `__debezium.context.*` (connector name, task id and a per-run UUID that
//! `extended.headers.enabled=true` adds to every record), which Tributary adds in
//! the Kafka emitter, not to the line output (checked against these references by
//! `tests/kafka_emit.rs::context_headers_follow_the_records_own_like_debezium`).
//!
//! Cases (`binlog-fixtures/scenarios/shaping/<case>.properties`, added to
//! `scenarios/connector.properties`; a `# drop:` line removes base keys):
//! - `keys`: defaults; key-changing UPDATEs (single, composite, several rows, through
//!   INSERT … ON DUPLICATE KEY UPDATE) become delete + tombstone + create with
//!   `__debezium.newkey`/`__debezium.oldkey`; REPLACE; a table without primary key;
//!   a multi-table transaction; TRUNCATE skipped (default `skipped.operations=t`).
//! - `filters-include` / `filters-exclude`: database and table lists, anchored regexes.
//! - `columns`: column.exclude.list (a key column too), column.mask.with.5.chars,
//!   column.truncate.to.3.chars, column.mask.hash.SHA-256 (v1) and .v2.MD5.
//! - `column-include`: column.include.list.
//! - `key-columns`: message.key.columns, also on a table without primary key.
//! - `no-tombstones`: tombstones.on.delete=false, also for key changes (delete + create).
//! - `skip-cu`: skipped.operations=c,u, tombstones.on.delete=false, include.query=true.
//! - `skip-none`: skipped.operations=none (TRUNCATE as `op: "t"`), include.query=true.
//! - `types-truncate`, `types-mask`, `types-hash` (on `scenarios/types.sql`, every column
//!   type family): column.truncate.to.3.chars, column.mask.with.4.chars and
//!   column.mask.hash.SHA-256 on every column — which types each mapper rewrites, the
//!   `truncateLength`/`masked` parameters, byte buffers cut to N bytes.
//! - `types-truncate-text`: the same truncation with binary.handling.mode=base64 and
//!   decimal.handling.mode=string (converted values that are strings get cut too).
//! - `skip-d`: skipped.operations=d — DELETE statements give nothing, but a key-changing
//!   UPDATE still gives its delete and tombstone (the update handler emits them), and
//!   TRUNCATE gives `op: "t"` as `t` is not listed.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("binlog-fixtures")
}

/// `scenarios/connector.properties` with the case's `# drop:` keys removed and its
/// properties appended (what `oracle-tools/reference.sh` gave Debezium).
fn case_properties(case: &str, extra: &str, dir: &Path) -> PathBuf {
    let case_file = fixtures().join(format!("scenarios/shaping/{case}.properties"));
    let case_text = std::fs::read_to_string(&case_file)
        .unwrap_or_else(|e| panic!("{}: {e}", case_file.display()));
    let dropped: Vec<String> = case_text
        .lines()
        .filter_map(|l| l.strip_prefix("# drop: "))
        .flat_map(|l| l.split_whitespace().map(|k| format!("{k}=")))
        .collect();
    let base = std::fs::read_to_string(fixtures().join("scenarios/connector.properties"))
        .unwrap_or_else(|e| panic!("connector.properties: {e}"));
    let mut text: String = base
        .lines()
        .filter(|l| !dropped.iter().any(|d| l.starts_with(d.as_str())))
        .map(|l| format!("{l}\n"))
        .collect();
    text.push_str(&case_text);
    text.push('\n');
    text.push_str(extra);
    let path = dir.join(format!("{case}.properties"));
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
    path
}

/// The CLI's `replay` output for a case's binlogs, as JSON lines.
fn replay(case: &str, extra: &str, dir: &Path) -> String {
    let bin_dir = fixtures().join(format!("mariadb/shaping-{case}"));
    let mut files: Vec<PathBuf> = std::fs::read_dir(&bin_dir)
        .unwrap_or_else(|e| panic!("{}: {e}", bin_dir.display()))
        .map(|e| e.unwrap_or_else(|e| panic!("{e}")).path())
        .collect();
    files.sort();
    let out = Command::new(env!("CARGO_BIN_EXE_tributary"))
        .arg("replay")
        .arg("--config")
        .arg(case_properties(case, extra, dir))
        .args(&files)
        .output()
        .unwrap_or_else(|e| panic!("run tributary: {e}"));
    assert!(
        out.status.success(),
        "{case}: replay failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap_or_else(|e| panic!("{e}"))
}

/// The reference lines of a case.
fn reference(case: &str) -> Vec<serde_json::Value> {
    let path = fixtures().join(format!("reference/shaping-{case}.stream.jsonl"));
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// A reference record as Tributary writes it: `headers_json` and the context headers
/// left out, `headers` only when some remain.
fn without_context_headers(mut record: serde_json::Value) -> serde_json::Value {
    if let Some(object) = record.as_object_mut() {
        object.remove("headers_json");
        if let Some(serde_json::Value::Object(headers)) = object.remove("headers") {
            let kept: serde_json::Map<String, serde_json::Value> = headers
                .into_iter()
                .filter(|(name, _)| !name.starts_with("__debezium.context."))
                .collect();
            if !kept.is_empty() {
                object.insert("headers".into(), serde_json::Value::Object(kept));
            }
        }
    }
    record
}

fn replay_matches_reference(case: &str) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let actual = dir.path().join("actual.jsonl");
    std::fs::write(&actual, replay(case, "", dir.path())).unwrap_or_else(|e| panic!("{e}"));
    let expected = dir.path().join("expected.jsonl");
    let lines: String = reference(case)
        .into_iter()
        .map(|r| format!("{}\n", without_context_headers(r)))
        .collect();
    std::fs::write(&expected, lines).unwrap_or_else(|e| panic!("{e}"));
    let compare = Command::new("python3")
        .arg(fixtures().join("compare.py"))
        .arg(&expected)
        .arg(&actual)
        .output()
        .unwrap_or_else(|e| panic!("python3 must be installed to run compare.py: {e}"));
    let report = String::from_utf8_lossy(&compare.stdout);
    assert!(
        compare.status.success(),
        "{case}: differs from Debezium's output:\n{report}"
    );
    assert!(report.contains("records equal"), "{report}");
}

#[test]
fn key_changes_replace_upsert_and_tables_without_key_equal_debezium() {
    replay_matches_reference("keys");
}

#[test]
fn without_tombstones_key_changes_are_delete_and_create_like_debezium() {
    replay_matches_reference("no-tombstones");
}

#[test]
fn database_and_table_include_lists_equal_debezium() {
    replay_matches_reference("filters-include");
}

#[test]
fn database_and_table_exclude_lists_equal_debezium() {
    replay_matches_reference("filters-exclude");
}

#[test]
fn column_exclude_mask_truncate_and_hash_equal_debezium() {
    replay_matches_reference("columns");
}

#[test]
fn column_include_list_equals_debezium() {
    replay_matches_reference("column-include");
}

#[test]
fn message_key_columns_equal_debezium() {
    replay_matches_reference("key-columns");
}

#[test]
fn skipped_creates_and_updates_without_tombstones_equal_debezium() {
    replay_matches_reference("skip-cu");
}

#[test]
fn truncation_of_every_column_type_equals_debezium() {
    replay_matches_reference("types-truncate");
}

#[test]
fn fixed_masks_of_every_column_type_equal_debezium() {
    replay_matches_reference("types-mask");
}

#[test]
fn hash_masks_of_every_column_type_equal_debezium() {
    replay_matches_reference("types-hash");
}

/// Truncation applies to the strings `binary.handling.mode=base64` and
/// `decimal.handling.mode=string` produce.
#[test]
fn truncation_of_converted_strings_equals_debezium() {
    replay_matches_reference("types-truncate-text");
}

#[test]
fn skipped_deletes_keep_key_change_deletes_like_debezium() {
    replay_matches_reference("skip-d");
}

#[test]
fn skipped_nothing_emits_truncates_like_debezium() {
    replay_matches_reference("skip-none");
}

/// Data topics of a reference, without the `ecommerce-server.` prefix.
fn data_topics(case: &str) -> BTreeSet<String> {
    reference(case)
        .iter()
        .filter(|r| r["value"].is_null() || r["value"]["payload"].get("op").is_some())
        .filter_map(|r| r["topic"].as_str())
        .filter_map(|t| t.strip_prefix("ecommerce-server."))
        .map(str::to_owned)
        .collect()
}

/// What the references show about Debezium's list semantics, stated on their own
/// (the replays above then prove Tributary does the same): every item is a
/// case-insensitive regex matching the *whole* name — `shop` does not select
/// `shop_archive`, `shop\.orders` not `shop.orders_2024`, the prefix `shop\.cust` no
/// table at all, `shop\.ORDER_lines` selects `shop.order_lines`; exclude lists drop
/// only whole matches too (`shop_arch` keeps `shop_archive`, `shop\.order` keeps
/// `shop.orders`).
#[test]
fn debezium_lists_match_whole_names_ignoring_case() {
    let include: BTreeSet<String> = ["shop.orders", "shop.order_lines", "inventory.items"]
        .map(str::to_owned)
        .into();
    assert_eq!(data_topics("filters-include"), include);
    let exclude: BTreeSet<String> = [
        "shop.customers",
        "shop.order_lines",
        "shop.orders",
        "shop_archive.orders",
    ]
    .map(str::to_owned)
    .into();
    assert_eq!(data_topics("filters-exclude"), exclude);
}

/// `include.query=true` under `io.debezium.connector.mariadb.MariaDbConnector` fills
/// `source.query` from MariaDB's ANNOTATE_ROWS_EVENT (Debezium's
/// `MariaDbStreamingChangeEventSource.handleRecordingQuery`); the MySQL connector reads
/// only ROWS_QUERY events, so its reference on MariaDB has `query: null` (proven by the
/// `skip-cu` replay above). The expected statements are the ones of
/// `scenarios/shaping.sql`, which MariaDB annotates verbatim.
#[test]
fn mariadb_connector_takes_source_query_from_annotate_rows() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = replay(
        "skip-cu",
        "connector.class=io.debezium.connector.mariadb.MariaDbConnector\n",
        dir.path(),
    );
    let queries: Vec<(String, Option<String>)> = out
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|r| r["value"]["payload"].get("op").is_some())
        .map(|r| {
            let p = &r["value"]["payload"];
            (
                p["op"].as_str().unwrap_or_default().to_owned(),
                p["source"]["query"].as_str().map(str::to_owned),
            )
        })
        .collect();
    let expected = [
        (
            "d",
            Some("DELETE FROM order_lines WHERE order_id = 2 AND line_no = 2"),
        ),
        ("d", Some("DELETE FROM events_log WHERE kind = 'logout'")),
        ("d", Some("DELETE FROM customers WHERE id = 4")),
        ("d", Some("DELETE FROM orders_2024")),
        // A TRUNCATE is a statement, not a rows event: no annotation.
        ("t", None),
    ]
    .map(|(op, q)| (op.to_owned(), q.map(str::to_owned)));
    assert_eq!(queries, expected);
}
