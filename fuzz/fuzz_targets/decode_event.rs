//! Fuzzes `binlog::Decoder` on one event's bytes, with the format description and the
//! `all_types` table map of the MariaDB `types` fixture already decoded, so rows events
//! reach the row-image and column-value decoders.
//!
//! The first input byte picks a mode: even = the rest is a whole event (header
//! included, CRC32 checks off); odd = the rest is the row data of a
//! WRITE/UPDATE/DELETE_ROWS_EVENT for `all_types` (header and post-header built here).
//! Each event is also decoded with `Decoder::decode_expanded` (payload inner events,
//! decompressed MariaDB events).
#![no_main]

use std::collections::HashMap;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tributary::binlog::{BinlogFileReader, ChecksumAlg, Decoder, Event, TableMapEvent};

const TYPES_BINLOG: &[u8] =
    include_bytes!("../../binlog-fixtures/mariadb/types/mariadb-bin.000001");

struct Prepared {
    decoder: Decoder,
    tables: HashMap<u64, TableMapEvent>,
    all_types_id: u64,
}

fn prepared() -> &'static Prepared {
    static PREPARED: OnceLock<Prepared> = OnceLock::new();
    PREPARED.get_or_init(|| {
        let mut decoder = Decoder::new();
        let mut tables = HashMap::new();
        let mut all_types_id = 0;
        let reader = BinlogFileReader::from_reader(TYPES_BINLOG, "types").expect("fixture");
        for raw in reader {
            let raw = raw.expect("fixture event");
            if let Ok(Event::TableMap(map)) = decoder.decode(&raw.bytes) {
                if map.table() == b"all_types" {
                    all_types_id = map.table_id();
                }
                tables.insert(map.table_id(), map);
            }
        }
        decoder.set_verify_checksums(false);
        decoder.set_checksum_alg(ChecksumAlg::Off);
        Prepared {
            decoder,
            tables,
            all_types_id,
        }
    })
}

/// A rows event for `all_types` (47 columns, all present) around `rows_data`.
fn rows_event(type_code: u8, table_id: u64, rows_data: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    body.extend_from_slice(&table_id.to_le_bytes()[..6]);
    body.extend_from_slice(&1u16.to_le_bytes()); // STMT_END_F
    if type_code >= 30 {
        body.extend_from_slice(&2u16.to_le_bytes()); // empty extra data
    }
    body.push(47);
    let images = if type_code == 24 || type_code == 31 {
        2
    } else {
        1
    };
    for _ in 0..images {
        body.extend_from_slice(&[0xff; 6]);
    }
    body.extend_from_slice(rows_data);
    let mut event = Vec::with_capacity(19 + body.len());
    event.extend_from_slice(&0u32.to_le_bytes()); // timestamp
    event.push(type_code);
    event.extend_from_slice(&1u32.to_le_bytes()); // server_id
    event.extend_from_slice(&((19 + body.len()) as u32).to_le_bytes());
    event.extend_from_slice(&0u32.to_le_bytes()); // log_pos
    event.extend_from_slice(&0u16.to_le_bytes()); // flags
    event.extend_from_slice(&body);
    event
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let prepared = prepared();
    let mut decoder = prepared.decoder.clone();
    let owned;
    let raw: &[u8] = if mode & 1 == 0 {
        rest
    } else {
        let type_code = [23, 24, 25, 30, 31, 32][usize::from(mode >> 1) % 6];
        owned = rows_event(type_code, prepared.all_types_id, rest);
        &owned
    };
    let tables = &prepared.tables;
    let result = decoder.decode_expanded::<tributary::binlog::BinlogError>(raw, 0, |_, event| {
        if let Event::Rows(rows) = event
            && let Some(map) = tables.get(&rows.table_id)
        {
            for row in rows.rows(map) {
                if row.is_err() {
                    break;
                }
            }
        }
        Ok(())
    });
    let _ = result;
    match decoder.decode(raw) {
        Ok(Event::Rows(rows)) => {
            if let Some(map) = prepared.tables.get(&rows.table_id) {
                for row in rows.rows(map) {
                    if row.is_err() {
                        break;
                    }
                }
            }
        }
        Ok(Event::TableMap(map)) => {
            let _ = map.is_unsigned(0);
        }
        Ok(Event::Query(q)) => {
            let _ = q.status_vars.charset;
        }
        _ => {}
    }
});
