//! MariaDB compressed events against a real server: with `log_bin_compress=ON`
//! (`log_bin_compress_min_len=10`) MariaDB writes QUERY_COMPRESSED_EVENT and
//! WRITE/UPDATE/DELETE_ROWS_COMPRESSED_EVENT_V1; decompressed and decoded, they must
//! give the statements and the row values the SQL below wrote.

mod support;

use std::collections::HashMap;

use support::mariadb::MariaDb;
use tributary::binlog::{BinlogFileReader, Decoder, Event, EventType, TableMapEvent, Value};

#[test]
fn compressed_query_and_rows_events_decode_to_what_was_written() {
    let Some(server) = MariaDb::start() else {
        return;
    };
    let long_a = "a".repeat(300);
    let long_b = "b".repeat(500);
    server.sql(&format!(
        "SET GLOBAL log_bin_compress=ON;
         SET GLOBAL log_bin_compress_min_len=10;
         CREATE DATABASE comp;
         CREATE TABLE comp.t (id INT PRIMARY KEY, name VARCHAR(600), note TEXT, n BIGINT);
         INSERT INTO comp.t VALUES (1, '{long_a}', 'first note, long enough to compress', -5),
                                   (2, 'short', NULL, 9000000000);
         UPDATE comp.t SET name = '{long_b}', n = n + 1 WHERE id = 1;
         DELETE FROM comp.t WHERE id = 2;"
    ));
    let file = std::fs::read_dir(server.binlog_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("mariadb-bin.0"))
        })
        .max()
        .unwrap();

    let mut decoder = Decoder::new();
    let mut tables: HashMap<u64, TableMapEvent> = HashMap::new();
    let mut compressed_types = Vec::new();
    let mut queries = Vec::new();
    let mut images: Vec<(char, Vec<String>)> = Vec::new();
    for raw in BinlogFileReader::open(&file).unwrap() {
        let raw = raw.unwrap();
        let event = decoder.decode_at(&raw.bytes, raw.pos).unwrap();
        let Event::Compressed(compressed) = event else {
            if let Event::TableMap(map) = event {
                tables.insert(map.table_id(), map);
            }
            continue;
        };
        compressed_types.push(compressed.compressed_type);
        // The owned, decompressed event outlives the rows borrowed from it.
        let plain = compressed.decompress().unwrap();
        match decoder.decode_decompressed(&plain, raw.pos).unwrap() {
            Event::Query(q) => queries.push(String::from_utf8_lossy(q.query).into_owned()),
            Event::Rows(rows) => {
                let map = &tables[&rows.table_id];
                for row in rows.rows(map) {
                    let row = row.unwrap();
                    for (tag, image) in [('B', row.before), ('A', row.after)] {
                        if let Some(image) = image {
                            images.push((tag, image.iter().map(text).collect()));
                        }
                    }
                }
            }
            other => panic!("unexpected decompressed event {other:?}"),
        }
    }
    use EventType::*;
    for ty in [
        QUERY_COMPRESSED_EVENT,
        WRITE_ROWS_COMPRESSED_EVENT_V1,
        UPDATE_ROWS_COMPRESSED_EVENT_V1,
        DELETE_ROWS_COMPRESSED_EVENT_V1,
    ] {
        assert!(
            compressed_types.contains(&ty),
            "{ty:?} not seen: {compressed_types:?}"
        );
    }
    assert!(
        queries.iter().any(|q| q.starts_with("CREATE TABLE comp.t")),
        "{queries:?}"
    );
    let row = |id: &str, name: &str, note: &str, n: &str| {
        vec![
            id.to_owned(),
            name.to_owned(),
            note.to_owned(),
            n.to_owned(),
        ]
    };
    let note = "first note, long enough to compress";
    assert_eq!(
        images,
        vec![
            ('A', row("1", &long_a, note, "-5")),
            ('A', row("2", "short", "NULL", "9000000000")),
            ('B', row("1", &long_a, note, "-5")),
            ('A', row("1", &long_b, note, "-4")),
            ('B', row("2", "short", "NULL", "9000000000")),
        ]
    );
}

fn text(v: &Value<'_>) -> String {
    match v {
        Value::Int(i) => i.to_string(),
        Value::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
        Value::Null => "NULL".into(),
        other => format!("{other:?}"),
    }
}
