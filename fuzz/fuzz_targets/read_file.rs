//! Fuzzes `binlog::BinlogFileReader` + `binlog::Decoder` over arbitrary file bytes:
//! every event is decoded, table maps cached and rows iterated, until the end or the
//! first error; TRANSACTION_PAYLOAD inner events and MariaDB compressed events are
//! decoded too. The first input byte chooses whether the binlog magic is prepended
//! (odd) and whether CRC32 checks are on (bit 1).
#![no_main]

use std::collections::HashMap;

use libfuzzer_sys::fuzz_target;
use tributary::binlog::{BINLOG_MAGIC, BinlogFileReader, Decoder, Event, TableMapEvent};

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let mut file = Vec::with_capacity(rest.len() + 4);
    if mode & 1 == 1 {
        file.extend_from_slice(&BINLOG_MAGIC);
    }
    file.extend_from_slice(rest);
    let Ok(reader) = BinlogFileReader::from_reader(&file[..], "fuzz") else {
        return;
    };
    let mut decoder = Decoder::new();
    decoder.set_verify_checksums(mode & 2 == 2);
    let mut tables: HashMap<u64, TableMapEvent> = HashMap::new();
    for raw in reader {
        let Ok(raw) = raw else { break };
        match decoder.decode_at(&raw.bytes, raw.pos) {
            Ok(Event::TableMap(map)) => {
                tables.insert(map.table_id(), map);
            }
            Ok(Event::Rows(rows)) => {
                if let Some(map) = tables.get(&rows.table_id) {
                    for row in rows.rows(map) {
                        if row.is_err() {
                            break;
                        }
                    }
                }
            }
            Ok(Event::Compressed(compressed)) => {
                let Ok(plain) = compressed.decompress() else {
                    continue;
                };
                if let Ok(Event::Rows(rows)) = decoder.decode_decompressed(&plain, raw.pos) {
                    if let Some(map) = tables.get(&rows.table_id) {
                        for row in rows.rows(map) {
                            if row.is_err() {
                                break;
                            }
                        }
                    }
                }
            }
            Ok(Event::TransactionPayload(payload)) => {
                // Inner events bounded at 1 MiB, as a caller with untrusted input would.
                let Ok(inner) = payload.events_with_limit(raw.pos, 1 << 20) else {
                    continue;
                };
                let mut inner_decoder = decoder.clone();
                for event in inner {
                    let Ok(event) = event else { break };
                    match inner_decoder.decode_in_payload(&event.bytes, raw.pos) {
                        Ok(Event::TableMap(map)) => {
                            tables.insert(map.table_id(), map);
                        }
                        Ok(Event::Rows(rows)) => {
                            if let Some(map) = tables.get(&rows.table_id) {
                                for row in rows.rows(map) {
                                    if row.is_err() {
                                        break;
                                    }
                                }
                            }
                        }
                        Ok(_) => {}
                        Err(_) => break,
                    }
                }
            }
            Ok(_) => {}
            Err(_) => break,
        }
    }
});
