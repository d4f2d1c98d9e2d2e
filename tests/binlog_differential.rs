//! Differential test of the `binlog` decoder over every real MySQL binlog in
//! `binlog-fixtures/mysql/`:
//!
//! - every row of every rows event (including those inside TRANSACTION_PAYLOAD_EVENTs
//!   and MySQL's PARTIAL_UPDATE_ROWS_EVENT) equals, column by column, what
//!   `mysql_common` (an independent decoder, `binlog` feature) reads from the same
//!   bytes;
//! - per file, the row images and their column counts equal those `mariadb-binlog -v`
//!   printed (`binlog-fixtures/decoded/*.txt`, the `### ` lines), where it could
//!   decode the file;
//! - files that fail (truncated, corrupt) fail with an error naming a file offset at
//!   an event boundary, and the iteration ends.

use std::collections::{BTreeMap, HashMap};
use std::io::BufRead;
use std::path::{Path, PathBuf};

use mysql_common::binlog::consts::BinlogVersion;
use mysql_common::binlog::events::EventData;
use mysql_common::binlog::value::BinlogValue;
use mysql_common::binlog::{EventStreamReader, jsonb};
use mysql_common::io::ParseBuf;
use mysql_common::value::Value as MyValue;
use tributary::binlog::{
    BinlogError, BinlogFileReader, ColumnDesc, Decoder, Event, JsonDiffOperation, RowsEvent,
    TableMapEvent, Value,
};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("binlog-fixtures")
}

fn mysql_files() -> Vec<PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(fixtures().join("mysql"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !p.ends_with("LICENSE-MIT"))
        .collect();
    files.sort();
    files
}

/// One row image in canonical text, one entry per present column.
type Image = Vec<String>;

/// Per rows event (keyed by file position; inner events of a payload by the payload's
/// position and their index), its images in order (before, after for updates).
type Images = BTreeMap<(u64, usize), Vec<Image>>;

/// Our decoding of a file: its row images and the error that ended it, if any.
struct Ours {
    images: Images,
    column_counts: Vec<usize>,
    events: usize,
    error: Option<BinlogError>,
    /// Start of the last event read.
    last_start: Option<u64>,
    /// End of the last event read (4 before the first).
    end: u64,
}

fn ours(path: &Path) -> Ours {
    let mut out = Ours {
        images: BTreeMap::new(),
        column_counts: Vec::new(),
        events: 0,
        error: None,
        last_start: None,
        end: 4,
    };
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
        // A decoder that loops would never end: bound the events of one file.
        assert!(out.events < 1_000_000, "{}: no end", path.display());
        let raw = match raw {
            Ok(raw) => raw,
            Err(e) => {
                out.error = Some(e);
                return out;
            }
        };
        out.events += 1;
        out.last_start = Some(raw.pos);
        out.end = raw.pos + raw.bytes.len() as u64;
        let event = match decoder.decode_at(&raw.bytes, raw.pos) {
            Ok(e) => e,
            Err(e) => {
                out.error = Some(e);
                return out;
            }
        };
        let result = match event {
            Event::TransactionPayload(payload) => {
                let mut inner_decoder = decoder.clone();
                let mut result = Ok(());
                for (index, inner) in payload.events(raw.pos).unwrap().enumerate() {
                    let inner = inner.unwrap();
                    let event = inner_decoder
                        .decode_in_payload(&inner.bytes, raw.pos)
                        .unwrap();
                    result = on_event(event, (raw.pos, index + 1), &mut tables, &mut out);
                    if result.is_err() {
                        break;
                    }
                }
                result
            }
            event => on_event(event, (raw.pos, 0), &mut tables, &mut out),
        };
        if let Err(e) = result {
            out.error = Some(e);
            return out;
        }
    }
    out
}

fn on_event(
    event: Event<'_>,
    key: (u64, usize),
    tables: &mut HashMap<u64, TableMapEvent>,
    out: &mut Ours,
) -> Result<(), BinlogError> {
    match event {
        Event::TableMap(map) => {
            tables.insert(map.table_id(), map);
        }
        Event::Rows(rows) => {
            let map = tables.get(&rows.table_id).ok_or(BinlogError::Invalid {
                what: "rows event without table map",
                found: rows.table_id,
            })?;
            out.images.insert(key, our_images(&rows, map)?);
            out.column_counts.push(map.column_count());
        }
        _ => {}
    }
    Ok(())
}

fn our_images(rows: &RowsEvent<'_>, map: &TableMapEvent) -> Result<Vec<Image>, BinlogError> {
    let mut images = Vec::new();
    for row in rows.rows(map) {
        let row = row?;
        for image in [row.before, row.after].into_iter().flatten() {
            images.push(
                image
                    .iter()
                    .zip(map.columns())
                    .filter(|(v, _)| **v != Value::Absent)
                    .map(|(v, col)| canonical_ours(v, col))
                    .collect(),
            );
        }
    }
    Ok(images)
}

/// Width in bytes of an integer column type.
fn int_width(type_code: u8) -> Option<u32> {
    Some(match type_code {
        1 => 1,
        2 => 2,
        9 => 3,
        3 => 4,
        8 => 8,
        _ => return None,
    })
}

fn masked(v: u64, width: u32) -> String {
    let v = if width == 8 {
        v
    } else {
        v & ((1u64 << (width * 8)) - 1)
    };
    format!("int:{v}")
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// MySQL binary JSON as mysql_common reads it.
fn jsonb_text(bytes: &[u8]) -> String {
    if bytes.is_empty() {
        return "json:empty".into();
    }
    match ParseBuf(bytes).parse::<jsonb::Value<'_>>(()) {
        Ok(v) => format!("json:{v:?}"),
        Err(e) => format!("json-error:{e}"),
    }
}

fn diff_op(op: JsonDiffOperation) -> &'static str {
    match op {
        JsonDiffOperation::Replace => "REPLACE",
        JsonDiffOperation::Insert => "INSERT",
        JsonDiffOperation::Remove => "REMOVE",
    }
}

fn canonical_ours(v: &Value<'_>, col: &ColumnDesc) -> String {
    match v {
        Value::Null => "NULL".into(),
        Value::Absent => "ABSENT".into(),
        Value::Int(i) => masked(*i as u64, int_width(col.real_type).unwrap_or(8)),
        Value::Float(f) => format!("f32:{:08x}", f.to_bits()),
        Value::Double(f) => format!("f64:{:016x}", f.to_bits()),
        Value::Decimal(d) => format!("dec:{d}"),
        Value::Year(y) => format!("year:{}", if *y == 0 { 1900 } else { *y }),
        Value::Date(d) => format!("dt:{}-{}-{} 0:0:0.0", d.year, d.month, d.day),
        Value::DateTime(d) => format!(
            "dt:{}-{}-{} {}:{}:{}.{}",
            d.date.year, d.date.month, d.date.day, d.hour, d.minute, d.second, d.micros
        ),
        Value::Time(t) => format!(
            "tm:{}{}:{}:{}.{}",
            if t.negative { "-" } else { "" },
            t.hours,
            t.minutes,
            t.seconds,
            t.micros
        ),
        Value::Timestamp { seconds, micros } => format!("ts:{seconds}.{micros:06}"),
        Value::Enum(n) => format!("int:{n}"),
        Value::Set(bits) => {
            let n = usize::from((col.metadata & 0xff) as u8).min(8);
            format!("bytes:{}", hex(&bits.to_le_bytes()[..n]))
        }
        Value::Bit(b) | Value::Bytes(b) | Value::Geometry(b) => format!("bytes:{}", hex(b)),
        Value::Json(b) => jsonb_text(b),
        Value::JsonDiff(diffs) => {
            let all: Vec<String> = diffs
                .iter()
                .map(|d| {
                    format!(
                        "{} {} {}",
                        diff_op(d.operation),
                        String::from_utf8_lossy(d.path),
                        d.value.map(jsonb_text).unwrap_or_default()
                    )
                })
                .collect();
            format!("diff:[{}]", all.join("; "))
        }
    }
}

fn canonical_theirs(v: &BinlogValue<'_>, col: &ColumnDesc) -> String {
    let v = match v {
        BinlogValue::Value(v) => v,
        BinlogValue::Jsonb(j) => return format!("json:{j:?}"),
        BinlogValue::JsonDiff(diffs) => {
            let all: Vec<String> = diffs
                .iter()
                .map(|d| {
                    format!(
                        "{:?} {} {}",
                        d.operation(),
                        d.path_str(),
                        d.value().map(|v| format!("json:{v:?}")).unwrap_or_default()
                    )
                })
                .collect();
            return format!("diff:[{}]", all.join("; "));
        }
    };
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    match (col.real_type, v) {
        (_, MyValue::NULL) => "NULL".into(),
        (t, MyValue::Int(i)) if int_width(t).is_some() => masked(*i as u64, int_width(t).unwrap()),
        (t, MyValue::UInt(u)) if int_width(t).is_some() => masked(*u, int_width(t).unwrap()),
        (7, MyValue::Int(s)) => format!("ts:{s}.000000"),
        (17, MyValue::Bytes(b)) => {
            let s = text(b);
            match s.split_once('.') {
                Some((sec, us)) => format!("ts:{sec}.{us}"),
                None => format!("ts:{s}.000000"),
            }
        }
        (13, MyValue::Bytes(b)) => format!("year:{}", text(b)),
        (246, MyValue::Bytes(b)) => format!("dec:{}", text(b)),
        (247, MyValue::Int(n)) => format!("int:{n}"),
        (_, MyValue::Float(f)) => format!("f32:{:08x}", f.to_bits()),
        (_, MyValue::Double(f)) => format!("f64:{:016x}", f.to_bits()),
        (_, MyValue::Date(y, m, d, h, i, s, us)) => format!("dt:{y}-{m}-{d} {h}:{i}:{s}.{us}"),
        (_, MyValue::Time(neg, days, h, m, s, us)) => format!(
            "tm:{}{}:{m}:{s}.{us}",
            if *neg { "-" } else { "" },
            u32::from(*h) + days * 24
        ),
        (_, MyValue::Bytes(b)) => format!("bytes:{}", hex(b)),
        (_, other) => format!("theirs-unexpected:{other:?}"),
    }
}

/// mysql_common's decoding of a file: images keyed like ours, and where it stopped.
struct Theirs {
    images: Images,
    error_at: Option<u64>,
}

fn theirs(path: &Path, maps: &HashMap<u64, TableMapEvent>) -> Theirs {
    let data = std::fs::read(path).unwrap();
    let mut out = Theirs {
        images: BTreeMap::new(),
        error_at: None,
    };
    let Some(mut input) = data.get(4..) else {
        out.error_at = Some(0);
        return out;
    };
    let mut reader = EventStreamReader::new(BinlogVersion::Version4);
    let mut pos = 4u64;
    loop {
        let before = input.len();
        let event = match reader.read(&mut input) {
            Ok(Some(e)) => e,
            Ok(None) => break,
            Err(_) => {
                out.error_at = Some(pos);
                break;
            }
        };
        let this_pos = pos;
        pos += (before - input.len()) as u64;
        let Ok(Some(data)) = event.read_data() else {
            continue;
        };
        match data {
            EventData::RowsEvent(rows) => {
                match their_images(&reader, &rows, maps) {
                    Ok(images) => {
                        out.images.insert((this_pos, 0), images);
                    }
                    Err(()) => {
                        out.error_at = Some(this_pos);
                        break;
                    }
                };
            }
            EventData::TransactionPayloadEvent(payload) => {
                let mut inner = payload.decompressed().unwrap();
                let mut index = 0;
                while inner.fill_buf().map(|b| !b.is_empty()).unwrap_or(false) {
                    index += 1;
                    let Ok(Some(ev)) = reader.read_decompressed(&mut inner) else {
                        out.error_at = Some(this_pos);
                        break;
                    };
                    if let Ok(Some(EventData::RowsEvent(rows))) = ev.read_data() {
                        let images = their_images(&reader, &rows, maps).unwrap();
                        out.images.insert((this_pos, index), images);
                    }
                }
            }
            _ => {}
        }
    }
    out
}

fn their_images(
    reader: &EventStreamReader,
    rows: &mysql_common::binlog::events::RowsEventData<'_>,
    maps: &HashMap<u64, TableMapEvent>,
) -> Result<Vec<Image>, ()> {
    let tme = reader.get_tme(rows.table_id()).ok_or(())?;
    let map = maps.get(&rows.table_id()).ok_or(())?;
    let mut images = Vec::new();
    for row in rows.rows(tme) {
        let (before, after) = row.map_err(|_| ())?;
        for image in [before, after].into_iter().flatten() {
            // Present columns, in table order, matched to our column descriptions.
            let present: Vec<&ColumnDesc> = present_columns(rows, map, images.len());
            let values = (0..image.len())
                .map(|i| match (image.as_ref(i), present.get(i)) {
                    (Some(v), Some(col)) => canonical_theirs(v, col),
                    _ => "MISSING".into(),
                })
                .collect();
            images.push(values);
        }
    }
    Ok(images)
}

/// The columns present in the `n`-th image of a rows event (even n = before for
/// updates/deletes, after for writes).
fn present_columns<'m>(
    rows: &mysql_common::binlog::events::RowsEventData<'_>,
    map: &'m TableMapEvent,
    n: usize,
) -> Vec<&'m ColumnDesc> {
    let before = rows.columns_before_image();
    let after = rows.columns_after_image();
    let bits = match (before, after) {
        (Some(b), Some(a)) => {
            if n.is_multiple_of(2) {
                b
            } else {
                a
            }
        }
        (Some(b), None) => b,
        (None, Some(a)) => a,
        (None, None) => return Vec::new(),
    };
    map.columns()
        .iter()
        .enumerate()
        .filter(|(i, _)| bits.get(*i).map(|b| *b).unwrap_or(false))
        .map(|(_, c)| c)
        .collect()
}

/// All table maps of a file (and its payloads), for the column types.
fn table_maps(path: &Path) -> HashMap<u64, TableMapEvent> {
    let mut maps = HashMap::new();
    let Ok(reader) = BinlogFileReader::open(path) else {
        return maps;
    };
    let mut decoder = Decoder::new();
    for raw in reader {
        let Ok(raw) = raw else { break };
        match decoder.decode_at(&raw.bytes, raw.pos) {
            Ok(Event::TableMap(map)) => {
                maps.insert(map.table_id(), map);
            }
            Ok(Event::TransactionPayload(p)) => {
                let mut inner_decoder = decoder.clone();
                for inner in p.events(raw.pos).unwrap().flatten() {
                    if let Ok(Event::TableMap(map)) =
                        inner_decoder.decode_in_payload(&inner.bytes, raw.pos)
                    {
                        maps.insert(map.table_id(), map);
                    }
                }
            }
            Ok(_) => {}
            Err(_) => break,
        }
    }
    maps
}

#[test]
fn rows_equal_mysql_common_for_every_mysql_fixture() {
    let mut compared_images = 0;
    let mut compared_values = 0;
    let mut json_diffs = 0;
    for path in mysql_files() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let ours = ours(&path);
        let maps = table_maps(&path);
        let theirs = theirs(&path, &maps);
        for (key, their_images) in &theirs.images {
            let our_images = ours.images.get(key).unwrap_or_else(|| {
                panic!("{name}: rows event at {key:?} decoded by mysql_common, not by us")
            });
            assert_eq!(our_images, their_images, "{name}: rows event at {key:?}");
            compared_images += our_images.len();
            json_diffs += our_images
                .iter()
                .flatten()
                .filter(|v| v.starts_with("diff:["))
                .inspect(|v| eprintln!("{name}: {v}"))
                .count();
            compared_values += our_images.iter().map(Vec::len).sum::<usize>();
        }
        // Where mysql_common read the whole file, we found no rows it did not.
        if theirs.error_at.is_none() {
            let ours_keys: Vec<_> = ours.images.keys().collect();
            let theirs_keys: Vec<_> = theirs.images.keys().collect();
            assert_eq!(ours_keys, theirs_keys, "{name}: rows events");
        }
        eprintln!(
            "{name}: {} rows events agree{}",
            theirs.images.len(),
            theirs
                .error_at
                .map(|p| format!(", mysql_common stopped at {p}"))
                .unwrap_or_default()
        );
    }
    eprintln!("{compared_images} images, {compared_values} values compared");
    assert!(
        compared_values > 200,
        "only {compared_values} values compared"
    );
    // json.binlog.000001 holds a PARTIAL_UPDATE_ROWS_EVENT at 3750.
    assert!(json_diffs >= 1, "no JSON diff compared");
}

/// The `### ` row images of a `mariadb-binlog -v` decoding: per image, its number of
/// `###   @n=` column lines.
fn printed_column_counts(decoded: &str) -> Vec<usize> {
    let mut images = Vec::new();
    for line in decoded.lines() {
        let Some(rest) = line.strip_prefix("### ") else {
            continue;
        };
        let rest = rest.trim_start();
        if rest.starts_with("INSERT INTO")
            || rest.starts_with("DELETE FROM")
            || rest.starts_with("UPDATE ")
        {
            continue;
        }
        if rest == "SET" || rest == "WHERE" {
            images.push(0);
        } else if rest.starts_with('@')
            && let Some(last) = images.last_mut()
        {
            *last += 1;
        }
    }
    images
}

#[test]
fn row_and_column_counts_match_mariadb_binlog() {
    let mut files = 0;
    for path in mysql_files() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let decoded = fixtures().join("decoded").join(format!("{name}.txt"));
        let Ok(text) = std::fs::read(&decoded) else {
            continue;
        };
        let text = String::from_utf8_lossy(&text);
        let printed = printed_column_counts(&text);
        let ours = ours(&path);
        let mine: Vec<usize> = ours
            .images
            .iter()
            .filter(|((_, inner), _)| *inner == 0) // mariadb-binlog cannot open payloads
            .flat_map(|(_, images)| images.iter().map(Vec::len))
            .collect();
        // mariadb-binlog stops at the first event it cannot read (e.g. collation 255
        // in MySQL 8 QUERY events); compare what it printed.
        let err = fixtures().join("decoded").join(format!("{name}.err"));
        if err.exists() && printed.len() < mine.len() {
            assert_eq!(&mine[..printed.len()], &printed[..], "{name}");
        } else {
            assert_eq!(mine, printed, "{name}: images and their column counts");
        }
        files += 1;
    }
    assert!(files >= 30, "only {files} decodings found");
}

/// Files that end in an error name an event start (or the file end) as position,
/// and the iteration ended (`ours` returned).
#[test]
fn failing_files_name_the_event_offset() {
    let mut failing = Vec::new();
    for path in mysql_files() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let ours = ours(&path);
        let Some(error) = ours.error else { continue };
        let pos = error
            .position()
            .unwrap_or_else(|| panic!("{name}: error without position: {error}"));
        // A decode error names the event's start; a framing error the end of the
        // last whole event, where the broken one starts.
        assert!(
            Some(pos) == ours.last_start || pos == ours.end,
            "{name}: {error} (last event at {:?}, ending at {})",
            ours.last_start,
            ours.end
        );
        assert!(
            error.to_string().contains(&pos.to_string()),
            "{name}: {error}"
        );
        failing.push(name);
    }
    for expected in [
        "binlog_truncated_event.000001",
        "binlog_truncated_prev_gtid_event.000001",
        "corrupt-relay-bin.000624",
    ] {
        assert!(
            failing.iter().any(|f| f == expected),
            "{expected} did not fail: {failing:?}"
        );
    }
}
