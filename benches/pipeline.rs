//! Per-stage throughput on the shipped MariaDB binlogs: decode only (events and row
//! values), decode + convert (every row value through the envelope's column
//! converters, nothing serialized), and the full replay pipeline (decode → schema →
//! envelope → Debezium JSON with and without schemas, and Avro). Figures are relative: compare runs on the same machine, or use
//! instruction counts (`valgrind --tool=callgrind`) for noise-free comparisons.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use tributary::binlog::{BinlogFileReader, Decoder, Event, RawEvent};
use tributary::engine::config::{ConnectorConfig, parse_properties};
use tributary::engine::processor_options;
use tributary::engine::replay::Replay;
use tributary::envelope::{EnvelopeConfig, TableEnvelope};
use tributary::schema::{SchemaTracker, SessionCharsets, TableId};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("binlog-fixtures")
}

fn read_events(path: &Path) -> Vec<RawEvent> {
    let mut reader = BinlogFileReader::open(path).expect("fixture opens");
    let mut events = Vec::new();
    while let Some(raw) = reader.next_event().expect("fixture reads") {
        events.push(raw);
    }
    events
}

/// Decodes every event and every row value; returns the number of rows.
fn decode_all(events: &[RawEvent]) -> usize {
    let mut decoder = Decoder::new();
    let mut tables = HashMap::new();
    let mut rows = 0;
    for raw in events {
        match decoder
            .decode_at(&raw.bytes, raw.pos)
            .expect("fixture decodes")
        {
            Event::TableMap(map) => {
                tables.insert(map.table_id(), map);
            }
            Event::Rows(event) => {
                if let Some(map) = tables.get(&event.table_id) {
                    for row in event.rows(map) {
                        std::hint::black_box(row.expect("row decodes"));
                        rows += 1;
                    }
                }
            }
            _ => {}
        }
    }
    rows
}

fn bench_decode(c: &mut Criterion) {
    let events = read_events(&fixtures().join("mariadb/types/mariadb-bin.000001"));
    let bytes: usize = events.iter().map(|e| e.bytes.len()).sum();
    let mut group = c.benchmark_group("decode");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("types binlog", |b| b.iter(|| decode_all(&events)));
    group.finish();
}

/// The table envelopes of a binlog, built from its own DDL (QUERY events through the
/// schema tracker) as the replay builds them, by table id.
fn envelopes(events: &[RawEvent]) -> HashMap<u64, TableEnvelope> {
    let mut decoder = Decoder::new();
    let mut tracker = SchemaTracker::new();
    let cfg = EnvelopeConfig::new("bench");
    let mut out = HashMap::new();
    for raw in events {
        match decoder
            .decode_at(&raw.bytes, raw.pos)
            .expect("fixture decodes")
        {
            Event::Query(q) => {
                let db = String::from_utf8_lossy(q.schema).into_owned();
                let sql = String::from_utf8_lossy(q.query).into_owned();
                let _ = tracker.apply_query(&db, &sql, &SessionCharsets::default());
            }
            Event::TableMap(map) => {
                let id = TableId::new(
                    String::from_utf8_lossy(map.database()),
                    String::from_utf8_lossy(map.table()),
                );
                if let Some(schema) = tracker.table(&id)
                    && let Ok(envelope) = TableEnvelope::new(schema, &cfg)
                {
                    out.insert(map.table_id(), envelope);
                }
            }
            _ => {}
        }
    }
    out
}

/// Decodes every row and converts every value to its Connect datum (what the JSON and
/// Avro writers then serialize); returns the number of values converted.
fn convert_all(events: &[RawEvent], envelopes: &HashMap<u64, TableEnvelope>) -> usize {
    let mut decoder = Decoder::new();
    let mut tables = HashMap::new();
    let mut values = 0;
    for raw in events {
        match decoder
            .decode_at(&raw.bytes, raw.pos)
            .expect("fixture decodes")
        {
            Event::TableMap(map) => {
                tables.insert(map.table_id(), map);
            }
            Event::Rows(event) => {
                let (Some(map), Some(envelope)) =
                    (tables.get(&event.table_id), envelopes.get(&event.table_id))
                else {
                    continue;
                };
                for row in event.rows(map) {
                    let row = row.expect("row decodes");
                    for image in [row.before.as_deref(), row.after.as_deref()]
                        .into_iter()
                        .flatten()
                    {
                        for (column, value) in envelope.columns().iter().zip(image) {
                            let _ = std::hint::black_box(column.convert(value));
                            values += 1;
                        }
                    }
                }
            }
            _ => {}
        }
    }
    values
}

fn bench_convert(c: &mut Criterion) {
    let events = read_events(&fixtures().join("mariadb/types/mariadb-bin.000001"));
    let envelopes = envelopes(&events);
    assert!(!envelopes.is_empty(), "the types binlog defines its tables");
    let bytes: usize = events.iter().map(|e| e.bytes.len()).sum();
    let mut group = c.benchmark_group("decode + convert");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("types binlog", |b| {
        b.iter(|| convert_all(&events, &envelopes))
    });
    group.finish();
}

fn bench_replay(c: &mut Criterion) {
    // Schemas on (the seed's settings) and off (benches/schemas-off.properties): the
    // difference is the cost of the schema fragments; "decode" above is the floor.
    replay_group(
        c,
        "replay to Debezium JSON",
        "binlog-fixtures/scenarios/connector.properties",
    );
    replay_group(
        c,
        "replay to Debezium JSON, schemas off",
        "benches/schemas-off.properties",
    );
}

fn replay_group(c: &mut Criterion, name: &str, properties: &str) {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(properties)).unwrap();
    replay_scenarios(c, name, &text);
}

/// Replays the seed and types binlogs with the connector properties `text`.
fn replay_scenarios(c: &mut Criterion, name: &str, text: &str) {
    let config =
        ConnectorConfig::from_properties(&parse_properties(text, "bench").unwrap()).unwrap();
    let mut group = c.benchmark_group(name);
    for scenario in ["seed", "types"] {
        let files = vec![fixtures().join(format!("mariadb/{scenario}/mariadb-bin.000001"))];
        group.bench_function(scenario, |b| {
            b.iter(|| {
                let mut replay = Replay::new(processor_options(&config), files.clone(), None, 2048);
                let mut records = 0;
                while let Some(batch) = replay.next_batch().expect("replay") {
                    records += batch.records.len();
                }
                records
            })
        });
    }
    group.finish();
}

/// The same replays with Confluent's AvroConverter on both sides (`mock://` registry):
/// the ratio to the JSON group of the same run is the Avro path's cost.
fn bench_replay_avro(c: &mut Criterion) {
    let mut text =
        std::fs::read_to_string(fixtures().join("scenarios/connector.properties")).unwrap();
    for side in ["key", "value"] {
        text.push_str(&format!(
            "\n{side}.converter=io.confluent.connect.avro.AvroConverter\n\
             {side}.converter.schema.registry.url=mock://bench\n"
        ));
    }
    replay_scenarios(c, "replay to Avro", &text);
}

criterion_group!(
    benches,
    bench_decode,
    bench_convert,
    bench_replay,
    bench_replay_avro
);
criterion_main!(benches);
