//! Fuzzes the row decoder: `RowsEvent::rows` over arbitrary row data, against the
//! real TABLE_MAP_EVENTs of several fixtures (MariaDB `all_types`, MySQL tables with
//! JSON, ENUM/SET, temporal and invisible columns), for every rows event type
//! including MySQL's PARTIAL_UPDATE_ROWS_EVENT (JSON diffs, whose lists are walked).
//! Rendering binary JSON is the `json_binary` target's job, not this one's.
//!
//! Input: byte 0 picks the table map, byte 1 the event type, the rest is row data.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tributary::binlog::{BinlogFileReader, ChecksumAlg, Decoder, Event, TableMapEvent, Value};

const FIXTURES: &[&[u8]] = &[
    include_bytes!("../../binlog-fixtures/mariadb/types/mariadb-bin.000001"),
    include_bytes!("../../binlog-fixtures/mysql/json.binlog.000001"),
    include_bytes!("../../binlog-fixtures/mysql/mysql-enum-string-set.000001"),
    include_bytes!("../../binlog-fixtures/mysql/binlog-invisible-columns.000001"),
    include_bytes!("../../binlog-fixtures/mysql/time_issue.000001"),
    include_bytes!("../../binlog-fixtures/mysql/mysql_type_bit.000001"),
];

/// Rows event type codes: v1, v2 and PARTIAL_UPDATE_ROWS_EVENT.
const ROWS_TYPES: [u8; 7] = [23, 24, 25, 30, 31, 32, 39];

struct Prepared {
    decoder: Decoder,
    maps: Vec<TableMapEvent>,
}

fn prepared() -> &'static Prepared {
    static PREPARED: OnceLock<Prepared> = OnceLock::new();
    PREPARED.get_or_init(|| {
        let mut maps = Vec::new();
        for file in FIXTURES {
            let mut decoder = Decoder::new();
            let Ok(reader) = BinlogFileReader::from_reader(*file, "fixture") else {
                continue;
            };
            for raw in reader {
                let Ok(raw) = raw else { break };
                match decoder.decode(&raw.bytes) {
                    Ok(Event::TableMap(map)) => {
                        if !maps.iter().any(|m: &TableMapEvent| m == &map) {
                            maps.push(map);
                        }
                    }
                    Ok(_) => {}
                    Err(_) => break,
                }
            }
        }
        let mut decoder = Decoder::new();
        decoder.set_verify_checksums(false);
        decoder.set_checksum_alg(ChecksumAlg::Off);
        Prepared { decoder, maps }
    })
}

/// A rows event (no checksum) for `map` with every column present around `rows_data`.
fn rows_event(type_code: u8, map: &TableMapEvent, rows_data: &[u8]) -> Vec<u8> {
    let columns = map.column_count();
    let mut body = Vec::new();
    body.extend_from_slice(&map.table_id().to_le_bytes()[..6]);
    body.extend_from_slice(&1u16.to_le_bytes()); // STMT_END_F
    if type_code >= 30 {
        body.extend_from_slice(&2u16.to_le_bytes()); // empty extra data
    }
    body.push(columns as u8);
    let images = if matches!(type_code, 24 | 31 | 39) {
        2
    } else {
        1
    };
    for _ in 0..images {
        body.extend(std::iter::repeat_n(0xff, columns.div_ceil(8)));
    }
    body.extend_from_slice(rows_data);
    let mut event = Vec::with_capacity(19 + body.len());
    event.extend_from_slice(&0u32.to_le_bytes());
    event.push(type_code);
    event.extend_from_slice(&1u32.to_le_bytes());
    event.extend_from_slice(&((19 + body.len()) as u32).to_le_bytes());
    event.extend_from_slice(&0u32.to_le_bytes());
    event.extend_from_slice(&0u16.to_le_bytes());
    event.extend_from_slice(&body);
    event
}

/// Walks the diff lists (validated by the decoder, so iteration yields every diff).
fn walk_json_diffs(values: &[Value<'_>]) -> usize {
    values
        .iter()
        .map(|v| match v {
            Value::JsonDiff(diffs) => diffs.iter().count(),
            _ => 0,
        })
        .sum()
}

fuzz_target!(|data: &[u8]| {
    let [map_pick, type_pick, rows_data @ ..] = data else {
        return;
    };
    let prepared = prepared();
    let Some(map) = prepared
        .maps
        .get(usize::from(*map_pick) % prepared.maps.len().max(1))
    else {
        return;
    };
    if map.column_count() > 250 {
        return;
    }
    let type_code = ROWS_TYPES[usize::from(*type_pick) % ROWS_TYPES.len()];
    let event = rows_event(type_code, map, rows_data);
    let mut decoder = prepared.decoder.clone();
    let Ok(Event::Rows(rows)) = decoder.decode(&event) else {
        return;
    };
    for row in rows.rows(map) {
        let Ok(row) = row else { break };
        for image in [&row.before, &row.after].into_iter().flatten() {
            std::hint::black_box(walk_json_diffs(image));
        }
    }
});
