//! Fuzzes the DDL parser and the schema tracker with arbitrary UTF-8 text: `ddl::parse`
//! must return a value or an error (never panic, never take super-linear time on deep
//! nesting), and `SchemaTracker::apply_query` must do the same when the text is applied
//! after a small fixed schema (so ALTER/RENAME/DROP find tables to change). The first
//! byte picks the session database (odd: `fz`, even: none) and whether the text is
//! split at `;` into several QUERY_EVENTs (bit 1).
#![no_main]

use libfuzzer_sys::fuzz_target;
use tributary::ddl;
use tributary::schema::{SchemaTracker, SessionCharsets};

/// Tables the fuzzed statements can alter; the names appear in the seed corpus.
const SETUP: &str = "CREATE DATABASE fz CHARACTER SET latin1; \
    CREATE TABLE fz.t (id INT PRIMARY KEY, a VARCHAR(10), b ENUM('x','y') DEFAULT 'x'); \
    CREATE TABLE fz.u (k BIGINT UNSIGNED NOT NULL, v TEXT, UNIQUE KEY (k))";

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let Ok(sql) = std::str::from_utf8(rest) else {
        return;
    };
    let _ = ddl::parse(sql);
    let mut tracker = SchemaTracker::new();
    tracker.set_server_charset("utf8mb4");
    let ctx = SessionCharsets::default();
    if tracker.apply_query("", SETUP, &ctx).is_err() {
        return;
    }
    let db = if mode & 1 == 1 { "fz" } else { "" };
    if mode & 2 == 2 {
        for part in sql.split(';') {
            let _ = tracker.apply_query(db, part, &ctx);
        }
    } else {
        let _ = tracker.apply_query(db, sql, &ctx);
    }
});
