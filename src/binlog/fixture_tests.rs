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

/// One row image as `mariadb-binlog -v` printed it: `(column number, value text)`.
type PrintedImage = Vec<(usize, Vec<u8>)>;

/// Reads the `### ` row images of a `mariadb-binlog -v --base64-output=decode-rows`
/// decoding, in file order (an UPDATE gives its WHERE image, then its SET image).
fn printed_images(decoded: &[u8]) -> Vec<PrintedImage> {
    let mut images: Vec<PrintedImage> = Vec::new();
    for line in decoded.split(|&b| b == b'\n') {
        if line == b"### WHERE" || line == b"### SET" {
            images.push(Vec::new());
        } else if let Some(rest) = line.strip_prefix(b"###   @") {
            let eq = rest.iter().position(|&b| b == b'=').unwrap();
            let col: usize = std::str::from_utf8(&rest[..eq]).unwrap().parse().unwrap();
            images
                .last_mut()
                .unwrap()
                .push((col, rest[eq + 1..].to_vec()));
        }
    }
    images
}

/// Renders a value the way `mariadb-binlog -v` prints it (MariaDB
/// `log_event_client.cc`, `log_event_print_value`), so the two can be compared as text.
fn render_like_mariadb_binlog(v: &Value<'_>, col: &ColumnDesc) -> Vec<u8> {
    let quoted = |bytes: &[u8]| {
        let mut out = vec![b'\''];
        for &b in bytes {
            if b < 0x20 {
                out.extend_from_slice(format!("\\x{b:02x}").as_bytes());
            } else {
                out.push(b);
            }
        }
        out.push(b'\'');
        out
    };
    let frac = |micros: u32, fsp: u32| {
        if fsp == 0 {
            String::new()
        } else {
            let s = format!("{micros:06}");
            format!(".{}", &s[..fsp as usize])
        }
    };
    let s = match v {
        Value::Null => "NULL".to_string(),
        Value::Absent => unreachable!("absent columns are not printed"),
        Value::Int(i) => {
            let width = match col.real_type {
                1 => 8,
                2 => 16,
                9 => 24,
                3 => 32,
                _ => 64,
            };
            if *i < 0 {
                let unsigned = (*i as u64) & (u64::MAX >> (64 - width));
                format!("{i} ({unsigned})")
            } else {
                i.to_string()
            }
        }
        Value::Float(f) => format!("{f}"),
        Value::Double(d) => format!("{d}"),
        Value::Decimal(d) => d.to_string(),
        Value::Year(y) => y.to_string(),
        Value::Date(d) => format!("'{:04}:{:02}:{:02}'", d.year, d.month, d.day),
        Value::Time(t) => format!(
            "'{}{:02}:{:02}:{:02}{}'",
            if t.negative { "-" } else { "" },
            t.hours,
            t.minutes,
            t.seconds,
            frac(t.micros, col.length)
        ),
        Value::DateTime(dt) => format!(
            "'{:04}-{:02}-{:02} {:02}:{:02}:{:02}{}'",
            dt.date.year,
            dt.date.month,
            dt.date.day,
            dt.hour,
            dt.minute,
            dt.second,
            frac(dt.micros, col.length)
        ),
        Value::Timestamp { seconds, micros } => format!("{seconds}{}", frac(*micros, col.length)),
        Value::Bit(bytes) => {
            let bits: String = bytes.iter().map(|b| format!("{b:08b}")).collect();
            format!("b'{}'", &bits[bits.len() - col.length as usize..])
        }
        Value::Enum(i) => i.to_string(),
        Value::Set(bits) => {
            let width = (col.metadata & 0xff) as usize * 8;
            format!("b'{:0width$b}'", bits)
        }
        Value::Bytes(b) | Value::Json(b) | Value::Geometry(b) => return quoted(b),
        Value::JsonDiff(d) => return quoted(d.as_bytes()),
    };
    s.into_bytes()
}

/// FLOAT and DOUBLE are printed with `%g`-style formats: compare numerically.
fn same_float(printed: &[u8], v: &Value<'_>) -> bool {
    let printed: f64 = std::str::from_utf8(printed)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    match v {
        Value::Float(f) => printed as f32 == *f,
        Value::Double(d) => printed == *d,
        _ => false,
    }
}

/// Decodes a file and compares every row image with the stored `mariadb-binlog -v`
/// decoding; returns how many images were compared.
fn compare_with_mariadb_binlog(binlog: &Path, decoded: &Path) -> usize {
    let expected = printed_images(&std::fs::read(decoded).unwrap());
    let reader = BinlogFileReader::open(binlog).unwrap();
    let mut decoder = Decoder::new();
    let mut tables: HashMap<u64, TableMapEvent> = HashMap::new();
    let mut n = 0;
    for raw in reader {
        let raw = raw.unwrap();
        match decoder.decode_at(&raw.bytes, raw.pos).unwrap() {
            Event::TableMap(map) => {
                tables.insert(map.table_id(), map);
            }
            Event::Rows(rows) => {
                let map = &tables[&rows.table_id];
                for row in rows.rows(map) {
                    let row = row.unwrap();
                    for image in [row.before, row.after].into_iter().flatten() {
                        let printed = &expected[n];
                        let mine: Vec<_> = image
                            .iter()
                            .enumerate()
                            .filter(|(_, v)| **v != Value::Absent)
                            .collect();
                        assert_eq!(mine.len(), printed.len(), "image {n} at {}", raw.pos);
                        for ((i, v), (col_no, text)) in mine.iter().zip(printed) {
                            assert_eq!(i + 1, *col_no, "image {n} at {}", raw.pos);
                            let col = &map.columns()[*i];
                            if matches!(v, Value::Float(_) | Value::Double(_)) {
                                assert!(same_float(text, v), "@{col_no}: {v:?} vs {text:?}");
                                continue;
                            }
                            let rendered = render_like_mariadb_binlog(v, col);
                            assert_eq!(
                                String::from_utf8_lossy(&rendered),
                                String::from_utf8_lossy(text),
                                "image {n} at {}, @{col_no}",
                                raw.pos
                            );
                        }
                        n += 1;
                    }
                }
            }
            _ => {}
        }
    }
    assert_eq!(n, expected.len(), "row images: decoded vs printed");
    n
}

#[test]
fn mariadb_rows_match_mariadb_binlog_decoding() {
    let mut total = 0;
    for scenario in ["seed", "types", "ddl"] {
        for n in 1..=2 {
            let binlog = fixtures().join(format!("mariadb/{scenario}/mariadb-bin.00000{n}"));
            let decoded = fixtures().join(format!(
                "decoded/mariadb_{scenario}_mariadb-bin.00000{n}.txt"
            ));
            total += compare_with_mariadb_binlog(&binlog, &decoded);
        }
    }
    eprintln!("compared {total} row images");
    assert!(total > 20, "only {total} images compared");
}

/// MySQL files written with row events: compared the same way, except JSON columns
/// (`mariadb-binlog` cannot print MySQL binary JSON).
#[test]
fn mysql_rows_match_mariadb_binlog_decoding() {
    let mut total = 0;
    for name in [
        "binlog-invisible-columns.000001",
        "binlog_56_gtid_reserved_word.000001",
        "binlog_transaction_with_GTID_TAG.000001",
        "bug32407.001",
        "mariadb-bin.000001",
        "minimal_row_metadata.000001",
        "mysql-enum-string-set.000001",
        "mysql_type_bit.000001",
        "time_issue.000001",
        "update-full-row.binlog",
        "update-partial-row.binlog",
        "ver_5_1_23.001",
        "write-full-row.binlog",
        "write-partial-row.binlog",
    ] {
        let binlog = fixtures().join("mysql").join(name);
        let decoded = fixtures().join("decoded").join(format!("{name}.txt"));
        eprintln!("{name}");
        total += compare_with_mariadb_binlog(&binlog, &decoded);
    }
    eprintln!("compared {total} row images");
}

/// The first all_types row against the literals of `binlog-fixtures/scenarios/types.sql`
/// and the DECIMAL bytes Debezium emitted (`reference/types.stream.jsonl`, base64).
#[test]
#[allow(clippy::approx_constant)] // 2.718281828459045 is the literal of types.sql
fn types_first_row_matches_types_sql() {
    let d = decode_file(&fixtures().join("mariadb/types/mariadb-bin.000001"));
    assert!(d.error.is_none());
    let (_, kind, rows) = &d
        .rows
        .iter()
        .find(|(_, _, r)| r.len() == 1 && r[0].after.as_ref().is_some_and(|a| a.len() == 47))
        .unwrap();
    assert_eq!(*kind, RowsKind::Write);
    let after = rows[0].after.as_ref().unwrap();
    assert_eq!(after[1], Value::Int(-128));
    assert_eq!(after[2], Value::Int(-1)); // 255 stored in an unsigned TINYINT
    assert_eq!(after[10], Value::Int(i64::MIN));
    assert_eq!(after[13], Value::Double(2.718281828459045));
    let Value::Decimal(dec) = after[14] else {
        panic!("{:?}", after[14])
    };
    assert_eq!(
        dec.to_string(),
        "12345678901234567890123456789012345.123456789012345678901234567890"
    );
    use base64::Engine;
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.decode(s).unwrap();
    assert_eq!(
        dec.to_unscaled_be_bytes(),
        b64("HgK8HpeFi9xsuVBY80JNfTp/7HsD4maOPwrS")
    );
    let Value::Decimal(dec2) = after[15] else {
        panic!()
    };
    assert_eq!(dec2.to_string(), "9999999999");
    assert_eq!(dec2.to_unscaled_be_bytes(), b64("AlQL4/8="));
    let Value::Decimal(udec) = after[16] else {
        panic!()
    };
    assert_eq!(udec.to_string(), "12345.678");
    assert_eq!(udec.to_unscaled_be_bytes(), b64("ALxhTg=="));
    assert_eq!(after[17], Value::Bit(&[1]));
    assert_eq!(after[18], Value::Bit(&[0b1_0101, 0b0101_0101]));
    assert_eq!(after[19], Value::Bit(&[0xff; 8]));
    assert_eq!(
        after[20],
        Value::Date(Date {
            year: 2021,
            month: 8,
            day: 16
        })
    );
    assert_eq!(
        after[21],
        Value::Time(Time {
            negative: true,
            hours: 838,
            minutes: 59,
            seconds: 59,
            micros: 0
        })
    );
    assert_eq!(
        after[22],
        Value::Time(Time {
            negative: false,
            hours: 12,
            minutes: 34,
            seconds: 56,
            micros: 789012
        })
    );
    assert_eq!(
        after[25],
        Value::DateTime(DateTime {
            date: Date {
                year: 9999,
                month: 12,
                day: 31
            },
            hour: 23,
            minute: 59,
            second: 59,
            micros: 999999
        })
    );
    // '2038-01-19 03:14:07.999999' UTC
    assert_eq!(
        after[27],
        Value::Timestamp {
            seconds: 2147483647,
            micros: 999999
        }
    );
    assert_eq!(after[28], Value::Year(2155));
    assert_eq!(after[29], Value::Bytes(b"fixed"));
    assert_eq!(after[30], Value::Bytes("héllo wörld 🙂 한국어".as_bytes()));
    assert_eq!(after[32], Value::Bytes(&[0xDE, 0xAD, 0xBE, 0xEF]));
    assert_eq!(after[42], Value::Enum(2)); // 'medium'
    assert_eq!(after[43], Value::Set(0b101)); // 'a,c'
    assert_eq!(
        after[44],
        Value::Bytes(br#"{"k": [1, 2.5, "x", null, true], "nested": {"n": -1}}"#)
    );
}

/// Flipping one body byte must fail the CRC32 check, naming the event's position.
#[test]
fn flipped_byte_fails_crc_with_position() {
    let file = fixtures().join("mariadb/seed/mariadb-bin.000001");
    let events: Vec<RawEvent> = BinlogFileReader::open(&file)
        .unwrap()
        .map(|e| e.unwrap())
        .collect();
    let mut decoder = Decoder::new();
    decoder.decode_at(&events[0].bytes, events[0].pos).unwrap();
    assert_eq!(decoder.checksum_alg(), ChecksumAlg::Crc32);
    let victim = &events[3];
    let mut bytes = victim.bytes.to_vec();
    bytes[LOG_EVENT_HEADER_LEN + 1] ^= 0x40;
    match decoder.decode_at(&bytes, victim.pos) {
        Err(BinlogError::Event { pos, source, .. }) => {
            assert_eq!(pos, victim.pos);
            assert!(
                matches!(*source, BinlogError::ChecksumMismatch { .. }),
                "{source}"
            );
        }
        other => panic!("expected a CRC error, got {other:?}"),
    }
    // Also without an explicit position: the header's log_pos - event_size.
    let err = decoder.decode(&bytes).unwrap_err();
    assert_eq!(err.position(), Some(victim.pos));
}

#[test]
fn event_size_disagreeing_with_bytes_is_corrupt() {
    let file = fixtures().join("mariadb/seed/mariadb-bin.000001");
    let events: Vec<RawEvent> = BinlogFileReader::open(&file)
        .unwrap()
        .map(|e| e.unwrap())
        .collect();
    let mut decoder = Decoder::new();
    decoder.decode(&events[0].bytes).unwrap();
    let short = &events[2].bytes[..events[2].bytes.len() - 1];
    let err = decoder.decode_at(short, events[2].pos).unwrap_err();
    assert!(err.to_string().contains("event size mismatch"), "{err}");
}

#[test]
fn corrupt_and_truncated_files_end_in_positioned_errors() {
    for (name, pos) in [
        ("binlog_truncated_event.000001", 4),
        ("binlog_truncated_prev_gtid_event.000001", 120),
        ("corrupt-relay-bin.000624", 91204),
    ] {
        let d = decode_file(&fixtures().join("mysql").join(name));
        let err = d
            .error
            .unwrap_or_else(|| panic!("{name} decoded without error"));
        assert_eq!(err.position(), Some(pos), "{name}: {err}");
    }
}

#[test]
fn start_encryption_is_a_clear_error() {
    // A START_ENCRYPTION_EVENT (type 164) with checksums off: header + 17-byte body
    // (scheme, key version, nonce).
    let mut raw = vec![0u8; LOG_EVENT_HEADER_LEN + 17];
    raw[4] = EventType::START_ENCRYPTION_EVENT as u8;
    let size = raw.len() as u32;
    raw[9..13].copy_from_slice(&size.to_le_bytes());
    let err = Decoder::new().decode(&raw).unwrap_err();
    assert!(err.to_string().contains("encrypted"), "{err}");
}

#[test]
fn mariadb_events_have_expected_shapes() {
    let file = fixtures().join("mariadb/types/mariadb-bin.000001");
    let mut decoder = Decoder::new();
    let mut saw = (false, false, false, false);
    for raw in BinlogFileReader::open(&file).unwrap() {
        let raw = raw.unwrap();
        match decoder.decode(&raw.bytes).unwrap() {
            Event::FormatDescription(fde) => {
                assert_eq!(fde.binlog_version, 4);
                assert!(
                    fde.server_version.contains("MariaDB"),
                    "{}",
                    fde.server_version
                );
            }
            Event::Gtid(g) if g.seq_no == 3 => {
                // "GTID 0-1-3 ddl" in mariadb-binlog's decoding
                assert!(g.is_ddl());
                assert_eq!(g.domain_id, 0);
                saw.0 = true;
            }
            Event::Gtid(g) if g.seq_no == 9 => {
                assert!(g.is_transactional());
                saw.1 = true;
            }
            Event::Query(q) if q.query.starts_with(b"CREATE DATABASE ecommerce") => {
                // "SET @@session.character_set_client=utf8mb4,@@session.collation_connection=45,
                // @@session.collation_server=8" in mariadb-binlog's decoding
                let cs = q.status_vars.charset.unwrap();
                assert_eq!((cs.collation_connection, cs.collation_server), (45, 8));
                saw.2 = true;
            }
            Event::AnnotateRows { sql } if sql.starts_with(b"INSERT INTO all_types (id)") => {
                saw.3 = true;
            }
            Event::TableMap(map) if map.database() == b"ecommerce" => {
                assert_eq!(map.table(), b"all_types");
                assert_eq!(map.column_count(), 47);
                // c_enum / c_set are STRING columns whose real type is ENUM / SET.
                assert_eq!(
                    map.columns()[42].type_code,
                    ColumnType::MYSQL_TYPE_STRING as u8
                );
                assert_eq!(
                    map.columns()[42].real_type,
                    ColumnType::MYSQL_TYPE_ENUM as u8
                );
                assert_eq!(
                    map.columns()[43].real_type,
                    ColumnType::MYSQL_TYPE_SET as u8
                );
            }
            _ => {}
        }
    }
    assert_eq!(saw, (true, true, true, true));
}

/// MySQL 8 optional metadata (binlog_row_metadata=FULL): column names and ENUM/SET
/// strings of `mysql-enum-string-set.000001`, whose `mariadb-binlog` decoding shows the
/// CREATE TABLE.
#[test]
fn mysql_optional_metadata() {
    let file = fixtures().join("mysql/mysql-enum-string-set.000001");
    let mut decoder = Decoder::new();
    let mut maps = 0;
    for raw in BinlogFileReader::open(&file).unwrap() {
        let raw = raw.unwrap();
        if let Event::TableMap(map) = decoder.decode(&raw.bytes).unwrap() {
            let m = map.optional_metadata();
            let names = m.column_names.as_ref().expect("column names");
            assert_eq!(names.len(), map.column_count());
            maps += 1;
            assert_eq!(names[2], &b"f3"[..]);
            let enums = m.enum_str_values.as_ref().expect("enum strings");
            assert_eq!(enums[0], [&b"var1"[..], &b"variant2"[..], &b"foo"[..]]);
            let sets = m.set_str_values.as_ref().expect("set strings");
            assert_eq!(
                sets[0],
                [&b"one"[..], &b"two"[..], &b"three"[..], &b"four"[..]]
            );
        }
    }
    assert!(maps > 0);
}

/// ROTATE, GTID_LIST and BINLOG_CHECKPOINT as `mariadb-binlog -v` shows them:
/// "Rotate to mariadb-bin.000002  pos: 4", "Gtid list [0-1-12]",
/// "Binlog checkpoint mariadb-bin.000001" then "... mariadb-bin.000002".
#[test]
fn rotate_gtid_list_and_checkpoints() {
    let summary = |file: &str| {
        let mut decoder = Decoder::new();
        let mut out = Vec::new();
        for raw in BinlogFileReader::open(fixtures().join(file)).unwrap() {
            let raw = raw.unwrap();
            match decoder.decode(&raw.bytes).unwrap() {
                Event::Rotate(r) => out.push(format!(
                    "rotate {} {}",
                    String::from_utf8_lossy(r.next_file),
                    r.position
                )),
                Event::GtidList(l) => out.push(format!(
                    "gtids [{}]",
                    l.gtids
                        .iter()
                        .map(|g| g.to_string())
                        .collect::<Vec<_>>()
                        .join(",")
                )),
                Event::BinlogCheckpoint { file } => {
                    out.push(format!("checkpoint {}", String::from_utf8_lossy(file)))
                }
                _ => {}
            }
        }
        out
    };
    assert_eq!(
        summary("mariadb/types/mariadb-bin.000001"),
        [
            "gtids []",
            "checkpoint mariadb-bin.000001",
            "rotate mariadb-bin.000002 4"
        ]
    );
    assert_eq!(
        summary("mariadb/types/mariadb-bin.000002"),
        [
            "gtids [0-1-12]",
            "checkpoint mariadb-bin.000001",
            "checkpoint mariadb-bin.000002"
        ]
    );
}

/// Collations from optional metadata, checked against the CREATE TABLE statements in
/// the `mariadb-binlog` decodings: MySQL 8's default utf8mb4_0900_ai_ci is 255, binary
/// (BLOB) is 63; invisible columns and UNSIGNED as declared.
#[test]
fn mysql_collations_signedness_visibility() {
    let first_map = |f: &str| {
        let mut decoder = Decoder::new();
        for raw in BinlogFileReader::open(fixtures().join(f)).unwrap() {
            if let Ok(Event::TableMap(map)) = decoder.decode(&raw.unwrap().bytes) {
                return map;
            }
        }
        panic!("no table map in {f}");
    };
    // f1 INT UNSIGNED INVISIBLE, f2 INT UNSIGNED INVISIBLE, f3 INT, f4 TEXT, f5 BLOB,
    // f6 BIGINT UNSIGNED INVISIBLE
    let t1 = first_map("mysql/binlog-invisible-columns.000001");
    assert_eq!(t1.column_collation(3), Some(255));
    assert_eq!(t1.column_collation(4), Some(63));
    assert_eq!(t1.column_collation(0), None);
    let unsigned: Vec<_> = (0..6).map(|i| t1.is_unsigned(i)).collect();
    assert_eq!(
        unsigned,
        [Some(true), Some(true), Some(false), None, None, Some(true)]
    );
    let visible = t1.optional_metadata().column_visibility.clone().unwrap();
    assert_eq!(visible, [false, false, true, true, true, false]);
    assert_eq!(t1.column_name(5), Some(&b"f6"[..]));
    // f1 CHAR(128), f2 VARCHAR(300), f3 ENUM, f4 SET, f5 TEXT (utf8mb4 default)
    let t = first_map("mysql/mysql-enum-string-set.000001");
    assert!((0..5).all(|i| t.column_collation(i) == Some(255)));
}

/// MySQL GTID events against mysql_common 0.38 (an independent decoder) on every MySQL
/// fixture it reads: sid, gno, logical clock, commit timestamps, previous GTID sets.
#[test]
fn mysql_gtids_match_mysql_common() {
    use mysql_common::binlog::BinlogFile;
    use mysql_common::binlog::consts::BinlogVersion;
    use mysql_common::binlog::events::EventData;

    let mut compared = 0;
    for name in [
        "binlog_56_gtid_reserved_word.000001",
        "binlog_transaction_previous_GTID_no_tag.000001",
        "binlog_transaction_with_GTID.000001",
        "binlog_transaction_with_anonymous_GTID.000001",
        "binlog-invisible-columns.000001",
        "json.binlog.000001",
        "minimal_row_metadata.000001",
        "time_issue.000001",
    ] {
        let path = fixtures().join("mysql").join(name);
        // Theirs: (event end position, description) per GTID-ish event.
        let file = std::io::BufReader::new(std::fs::File::open(&path).unwrap());
        let mut theirs = Vec::new();
        for ev in BinlogFile::new(BinlogVersion::Version4, file).unwrap() {
            let ev = ev.unwrap();
            let pos = ev.header().log_pos();
            match ev.read_data().unwrap() {
                Some(EventData::GtidEvent(g))
                | Some(EventData::AnonymousGtidEvent(
                    mysql_common::binlog::events::AnonymousGtidEvent(g),
                )) => theirs.push(format!(
                    "{pos} gtid {:?} {} {} {} {} {}",
                    g.sid(),
                    g.gno(),
                    g.last_committed(),
                    g.sequence_number(),
                    g.immediate_commit_timestamp(),
                    g.original_commit_timestamp()
                )),
                Some(EventData::PreviousGtidsEvent(p)) => theirs.push(format!(
                    "{pos} previous {:?}",
                    p.sids()
                        .iter()
                        .map(|s| (
                            s.uuid(),
                            s.intervals()
                                .iter()
                                .map(|i| (i.start(), i.end()))
                                .collect::<Vec<_>>()
                        ))
                        .collect::<Vec<_>>()
                )),
                _ => {}
            }
        }
        let mut ours = Vec::new();
        let mut decoder = Decoder::new();
        for raw in BinlogFileReader::open(&path).unwrap() {
            let raw = raw.unwrap();
            let (header, event) = decoder
                .decode_with_header(&raw.bytes, Some(raw.pos))
                .unwrap();
            let pos = header.log_pos;
            match event {
                Event::MysqlGtid(g) => {
                    let (lc, sn) = g.logical_clock.unwrap_or((0, 0));
                    ours.push(format!(
                        "{pos} gtid {:?} {} {lc} {sn} {} {}",
                        g.sid,
                        g.gno,
                        g.immediate_commit_timestamp.unwrap_or(0),
                        g.original_commit_timestamp.unwrap_or(0)
                    ))
                }
                Event::PreviousGtids(p) => ours.push(format!(
                    "{pos} previous {:?}",
                    p.sids
                        .iter()
                        .map(|s| (
                            s.sid,
                            s.intervals
                                .iter()
                                .map(|&(a, b)| (a as u64, b as u64))
                                .collect::<Vec<_>>()
                        ))
                        .collect::<Vec<_>>()
                )),
                _ => {}
            }
        }
        assert_eq!(ours, theirs, "{name}");
        compared += ours.len();
    }
    assert!(compared > 10, "only {compared} GTID events compared");
}

/// A binlog still open when copied has LOG_EVENT_BINLOG_IN_USE_F set in its FDE, whose
/// CRC the server computed with the flag clear: it must verify.
#[test]
fn in_use_format_description_verifies() {
    let file = fixtures().join("mariadb/types/mariadb-bin.000002");
    let fde = BinlogFileReader::open(&file)
        .unwrap()
        .next()
        .unwrap()
        .unwrap();
    let header = EventHeader::parse(&fde.bytes).unwrap();
    assert_eq!(
        header.flags & LOG_EVENT_BINLOG_IN_USE_F,
        LOG_EVENT_BINLOG_IN_USE_F
    );
    let n = fde.bytes.len();
    let stored = u32::from_le_bytes(fde.bytes[n - 4..].try_into().unwrap());
    assert_ne!(crc32fast::hash(&fde.bytes[..n - 4]), stored);
    assert!(matches!(
        Decoder::new().decode(&fde.bytes),
        Ok(Event::FormatDescription(_))
    ));
}

/// MySQL 8.0.32 `binlog_transaction_compression=ON`: the TRANSACTION_PAYLOAD_EVENT at
/// 274 holds QUERY, TABLE_MAP (test.tb1, id 88), WRITE_ROWS ([[1]]) and XID, as
/// Debezium's binlog library reads it
/// (`decoded-dbz/transaction_compression.000001.jsonl`).
#[test]
fn transaction_payload_inner_events_match_debezium() {
    let path = fixtures().join("mysql/transaction_compression.000001");
    let mut decoder = Decoder::new();
    let mut seen = Vec::new();
    let mut rows_seen = Vec::new();
    for raw in BinlogFileReader::open(&path).unwrap() {
        let raw = raw.unwrap();
        let Event::TransactionPayload(payload) = decoder.decode_at(&raw.bytes, raw.pos).unwrap()
        else {
            continue;
        };
        assert_eq!(raw.pos, 274);
        assert_eq!(payload.compression, PayloadCompression::Zstd);
        let mut tables = HashMap::new();
        for inner in payload.events(raw.pos).unwrap() {
            let inner = inner.unwrap();
            let event = decoder.decode_in_payload(&inner.bytes, raw.pos).unwrap();
            seen.push(inner.bytes[4]);
            match event {
                Event::TableMap(map) => {
                    assert_eq!((map.database(), map.table()), (&b"test"[..], &b"tb1"[..]));
                    assert_eq!(map.table_id(), 88);
                    tables.insert(map.table_id(), map);
                }
                Event::Rows(rows) => {
                    for row in rows.rows(&tables[&rows.table_id]) {
                        rows_seen.push(format!("{:?}", row.unwrap().after.unwrap()));
                    }
                }
                _ => {}
            }
        }
    }
    assert_eq!(seen, [2, 19, 30, 16]); // QUERY, TABLE_MAP, WRITE_ROWS (v2), XID
    assert_eq!(rows_seen, [format!("{:?}", [Value::Int(1)])]);
}

/// MySQL 9.6 with a tagged GTID (`binlog_transaction_with_GTID_TAG.000001`). Checks
/// from independent sources: `mariadb-binlog -v` places the GTID_TAGGED_LOG_EVENT at
/// 245 and the transaction's XID ending at 541 (transaction_length 296), the QUERY
/// says `SET TIMESTAMP=1770368687`; the tagged PREVIOUS_GTIDS holds the plain uuid
/// `55778904-0299-11f1-b1b8-4ef0c4956feb` (raw bytes at 0x93) that the GTID must
/// name, and the transaction's gno follows the set's `mytag:1-2`.
#[test]
fn tagged_gtid_and_previous_gtids() {
    let path = fixtures().join("mysql/binlog_transaction_with_GTID_TAG.000001");
    let mut decoder = Decoder::new();
    let mut previous = None;
    let mut gtid = None;
    for raw in BinlogFileReader::open(&path).unwrap() {
        let raw = raw.unwrap();
        match decoder.decode_at(&raw.bytes, raw.pos).unwrap() {
            Event::PreviousGtids(p) => previous = Some(p),
            Event::MysqlGtid(g) => {
                assert_eq!(raw.pos, 245);
                gtid = Some(g);
            }
            _ => {}
        }
    }
    let previous = previous.unwrap();
    assert_eq!(
        previous.to_gtid_set_string(),
        "55778904-0299-11f1-b1b8-4ef0c4956feb:1-13:mytag:1-2"
    );
    let g = gtid.unwrap();
    assert_eq!(g.sid, previous.sids[0].sid);
    assert_eq!(
        g.gtid_string(),
        "55778904-0299-11f1-b1b8-4ef0c4956feb:mytag:3"
    );
    assert_eq!(g.transaction_length, Some(541 - 245));
    assert_eq!(g.logical_clock, Some((0, 1)));
    let ts = g.immediate_commit_timestamp.unwrap();
    assert_eq!(ts / 1_000_000, 1_770_368_687);
    assert_eq!(g.original_commit_timestamp, Some(ts));
}

/// `Decoder::decode_expanded` hands out the payload's inner events in place of the
/// TRANSACTION_PAYLOAD_EVENT (Debezium's reading, `decoded-dbz/`), each with its header.
#[test]
fn decode_expanded_opens_transaction_payloads() {
    let path = fixtures().join("mysql/transaction_compression.000001");
    let mut decoder = Decoder::new();
    let mut types = Vec::new();
    for raw in BinlogFileReader::open(&path).unwrap() {
        let raw = raw.unwrap();
        decoder
            .decode_expanded::<BinlogError>(&raw.bytes, raw.pos, |header, _| {
                types.push(header.type_code);
                Ok(())
            })
            .unwrap();
    }
    // FDE, PREVIOUS_GTIDS, ANONYMOUS_GTID, (QUERY, TABLE_MAP, WRITE_ROWS, XID), ROTATE
    assert_eq!(types, [15, 35, 34, 2, 19, 30, 16, 4]);
}

/// What one file's statement/control events decode to: `mariadb-binlog`-style
/// `SET ...` lines (INTVAR, RAND, integer and NULL USER_VAR), and
/// `(header log_pos, Debezium event type name)` per typed event.
#[derive(Debug, Default)]
struct StatementEvents {
    set_lines: Vec<String>,
    typed: Vec<(u32, &'static str)>,
    error: Option<BinlogError>,
}

fn statement_events(path: &Path) -> StatementEvents {
    let mut out = StatementEvents::default();
    let reader = match BinlogFileReader::open(path) {
        Ok(r) => r,
        Err(e) => {
            out.error = Some(e);
            return out;
        }
    };
    let mut decoder = Decoder::new();
    for raw in reader {
        let raw = match raw {
            Ok(raw) => raw,
            Err(e) => {
                out.error = Some(e);
                return out;
            }
        };
        let (header, event) = match decoder.decode_with_header(&raw.bytes, Some(raw.pos)) {
            Ok(d) => d,
            Err(e) => {
                out.error = Some(e);
                return out;
            }
        };
        let name = match &event {
            Event::Intvar(e) => {
                let var = match e.kind {
                    LAST_INSERT_ID_EVENT => "LAST_INSERT_ID",
                    _ => "INSERT_ID",
                };
                out.set_lines.push(format!("SET {var}={}", e.value));
                "INTVAR"
            }
            Event::Rand(e) => {
                out.set_lines.push(format!(
                    "SET @@RAND_SEED1={}, @@RAND_SEED2={}",
                    e.seed1, e.seed2
                ));
                "RAND"
            }
            Event::UserVar(e) => {
                let name = String::from_utf8_lossy(e.name);
                match e.value {
                    None => out.set_lines.push(format!("SET @`{name}`:=NULL")),
                    Some(v) => {
                        if let Some(i) = v.as_i64() {
                            out.set_lines.push(format!("SET @`{name}`:={i}"));
                        }
                    }
                }
                "USER_VAR"
            }
            Event::Incident(_) => "INCIDENT",
            Event::BeginLoadQuery(_) => "BEGIN_LOAD_QUERY",
            Event::AppendBlock(_) => "APPEND_BLOCK",
            Event::ExecuteLoadQuery(_) => "EXECUTE_LOAD_QUERY",
            _ => continue,
        };
        out.typed.push((header.log_pos, name));
    }
    out
}

/// The `SET` lines `mariadb-binlog -v` printed for INTVAR, RAND and integer/NULL
/// USER_VAR events.
fn printed_set_lines(decoded: &str) -> Vec<String> {
    let re = regex::Regex::new(
        r"^(SET (?:LAST_)?INSERT_ID=\d+|SET @@RAND_SEED1=\d+, @@RAND_SEED2=\d+|SET @`[^`]*`:=(?:-?\d+|NULL))/\*!\*/;$",
    )
    .unwrap();
    decoded
        .lines()
        .filter_map(|l| re.captures(l).map(|c| c[1].to_string()))
        .collect()
}

/// Debezium's binlog library's `(next position, type)` for the same event types.
fn dbz_statement_events(jsonl: &str) -> Vec<(u32, String)> {
    const NAMES: [&str; 7] = [
        "INTVAR",
        "RAND",
        "USER_VAR",
        "INCIDENT",
        "BEGIN_LOAD_QUERY",
        "APPEND_BLOCK",
        "EXECUTE_LOAD_QUERY",
    ];
    jsonl
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| {
            let ty = v.get("type")?.as_str()?.to_string();
            let next = u32::try_from(v.get("next")?.as_u64()?).ok()?;
            NAMES.contains(&ty.as_str()).then_some((next, ty))
        })
        .collect()
}

/// INTVAR, RAND and USER_VAR values equal what `mariadb-binlog -v` printed, and the
/// typed statement/control events sit where Debezium's binlog library found them, in
/// every MySQL fixture (up to the error that ends a corrupt file). The MySQL 5.2
/// `wl2325` development tree numbers events 20–22 differently (see
/// `Decoder::pre_ga_rows_kind`), so Debezium's reading of that file is not compared.
#[test]
fn mysql_statement_events_match_mariadb_binlog_and_debezium() {
    let mut entries: Vec<_> = std::fs::read_dir(fixtures().join("mysql"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && !p.ends_with("LICENSE-MIT"))
        .collect();
    entries.sort();
    let (mut set_lines, mut typed) = (0, 0);
    for file in entries {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let ours = statement_events(&file);
        let Ok(text) = std::fs::read_to_string(fixtures().join(format!("decoded/{name}.txt")))
        else {
            continue;
        };
        let printed = printed_set_lines(&text);
        if ours.error.is_none() {
            assert_eq!(ours.set_lines, printed, "{name}");
        } else {
            assert_eq!(
                ours.set_lines[..],
                printed[..ours.set_lines.len().min(printed.len())],
                "{name}: {:?}",
                ours.error
            );
        }
        set_lines += ours.set_lines.len();
        if name == "ver_5_1-wl2325_s.001" {
            continue;
        }
        let dbz = std::fs::read_to_string(fixtures().join(format!("decoded-dbz/{name}.jsonl")))
            .map(|s| dbz_statement_events(&s))
            .unwrap_or_default();
        let ours_typed: Vec<(u32, String)> = ours
            .typed
            .iter()
            .map(|&(p, n)| (p, n.to_string()))
            .collect();
        let n = ours_typed.len().min(dbz.len());
        assert_eq!(ours_typed[..n], dbz[..n], "{name}");
        if ours.error.is_none() {
            assert_eq!(ours_typed.len(), dbz.len(), "{name}");
        }
        typed += ours_typed.len();
    }
    // 233 INSERT_IDs of corrupt-relay-bin alone; RAND/USER_VAR/INCIDENT/LOAD events
    // of the 5.1 files.
    assert!(set_lines >= 240 && typed >= 250, "{set_lines} {typed}");
}

/// Values printed by `mariadb-binlog -v` for `binlog-fixtures/mysql/ver_5_1_23.001`
/// (MySQL 5.1.23) and the other 5.x files' INCIDENT and NULL USER_VAR events.
#[test]
fn mysql_5_1_statement_and_load_events() {
    let mut decoder = Decoder::new();
    let mut at = HashMap::new();
    for raw in BinlogFileReader::open(fixtures().join("mysql/ver_5_1_23.001")).unwrap() {
        let raw = raw.unwrap();
        let bytes: &'static [u8] = Box::leak(raw.bytes.to_vec().into_boxed_slice());
        at.insert(raw.pos, decoder.decode_at(bytes, raw.pos).unwrap());
    }
    // "#Begin_load_query: file_id: 2  block_len: 131072"
    let Some(Event::BeginLoadQuery(b)) = at.get(&1480) else {
        panic!("{:?}", at.get(&1480))
    };
    assert_eq!((b.file_id, b.block.len()), (2, 131_072));
    // "#Append_block: file_id: 2  block_len: 17664"
    let Some(Event::AppendBlock(b)) = at.get(&132_575) else {
        panic!()
    };
    assert_eq!((b.file_id, b.block.len()), (2, 17_664));
    // "Execute_load_query thread_id=2 ... LOAD DATA LOCAL INFILE ... INTO TABLE t3",
    // "# file_id: 2"
    let Some(Event::ExecuteLoadQuery(e)) = at.get(&150_262) else {
        panic!()
    };
    assert_eq!((e.file_id, e.query.thread_id), (2, 2));
    // mariadb-binlog prints the query with the span fn_pos_start..fn_pos_end replaced
    // by " LOCAL INFILE '<its temporary file>' INTO".
    let q = e.query.query;
    let mut printed = q[..e.fn_pos_start as usize].to_vec();
    printed.extend_from_slice(b" LOCAL INFILE '/tmp/SQL_LOAD_MB-2-0' INTO");
    printed.extend_from_slice(&q[e.fn_pos_end as usize..]);
    assert_eq!(
        String::from_utf8_lossy(&printed),
        "LOAD DATA LOCAL INFILE '/tmp/SQL_LOAD_MB-2-0' INTO TABLE t3"
    );
    assert_eq!(e.dup_handling, 0);

    // bug40482-bin.000001 at 106: the INCIDENT_EVENT of MySQL's test for bug #40482
    // ("mysqlbinlog crashes on an invalid incident"): incident number 0x42, no
    // message (bytes `42 00 00`; mariadb-binlog prints "Unknown event" and goes on).
    let mut decoder = Decoder::new();
    let mut incident = None;
    for raw in BinlogFileReader::open(fixtures().join("mysql/bug40482-bin.000001")).unwrap() {
        let raw = raw.unwrap();
        if let Event::Incident(i) = decoder.decode_at(&raw.bytes, raw.pos).unwrap() {
            incident = Some((raw.pos, i.incident, i.message.to_vec()));
        }
    }
    assert_eq!(incident, Some((106, 0x42, Vec::new())));

    // ver_5_1-wl2325_s.001: codes 20-22 are not rows events in that tree; they stay
    // unknown, as mariadb-binlog shows them, and the file decodes to its end.
    let mut decoder = Decoder::new();
    let mut unknown = Vec::new();
    for raw in BinlogFileReader::open(fixtures().join("mysql/ver_5_1-wl2325_s.001")).unwrap() {
        let raw = raw.unwrap();
        if let Event::Unknown { type_code, .. } = decoder.decode_at(&raw.bytes, raw.pos).unwrap() {
            unknown.push((raw.pos, type_code));
        }
    }
    assert_eq!(unknown, [(411, 20), (874, 21), (149_656, 22)]);
}

/// Hex of whole events (CRC32 on) that MariaDB 10.11.19 wrote for
/// `SET @s='héllo', @r=1.5, @d=-12.345, @u=18446744073709551615, @n=-7;` then an
/// INSERT reading them and RAND(), with `binlog_format=STATEMENT` (1.5 is a DECIMAL
/// literal, so @r is DECIMAL_RESULT). The expected lines in the test are what
/// `mariadb-binlog -v` printed for these events.
const MARIADB_STATEMENT_EVENTS: [&str; 6] = [
    "0124076b0d01000000270000001f080000000097c1bd0b00000000f5f3540900000000b5ec8cf9",
    "0124076b0e010000002c0000004b080000000001000000730000210000000600000068c3a96c6c6f8072c1a6",
    "0124076b0e010000002a00000075080000000001000000720004080000000400000002018105c32a6e68",
    "0124076b0e010000002b000000a00800000000010000006400040800000005000000050373fea607fbfad9",
    "0124076b0e010000002f000000cf0800000000010000007500020800000008000000ffffffffffffffff018760a0a0",
    "0124076b0e010000002f000000fe0800000000010000006e00020800000008000000f9ffffffffffffff00c8be5ddb",
];

#[test]
fn mariadb_user_vars_of_every_type() {
    let events: Vec<Vec<u8>> = MARIADB_STATEMENT_EVENTS
        .iter()
        .map(|h| {
            (0..h.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&h[i..i + 2], 16).unwrap())
                .collect()
        })
        .collect();
    let mut decoder = Decoder::new();
    decoder.set_checksum_alg(ChecksumAlg::Crc32);
    let mut printed = Vec::new();
    for raw in &events {
        match decoder.decode(raw).unwrap() {
            Event::Rand(r) => printed.push(format!(
                "SET @@RAND_SEED1={}, @@RAND_SEED2={}",
                r.seed1, r.seed2
            )),
            Event::UserVar(u) => {
                let v = u.value.unwrap();
                let name = String::from_utf8_lossy(u.name);
                let text = match v.item_result {
                    STRING_RESULT => {
                        assert_eq!(v.charset, 33, "utf8mb3_general_ci");
                        let hex: String = v.value.iter().map(|b| format!("{b:02X}")).collect();
                        format!("_utf8mb3 X'{hex}' COLLATE `utf8mb3_general_ci`")
                    }
                    DECIMAL_RESULT => v.as_decimal().unwrap().to_string(),
                    INT_RESULT if v.is_unsigned() => (v.as_i64().unwrap() as u64).to_string(),
                    INT_RESULT => v.as_i64().unwrap().to_string(),
                    other => panic!("type {other}"),
                };
                printed.push(format!("SET @`{name}`:={text}"));
            }
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(
        printed,
        [
            "SET @@RAND_SEED1=196985239, @@RAND_SEED2=156562421",
            "SET @`s`:=_utf8mb3 X'68C3A96C6C6F' COLLATE `utf8mb3_general_ci`",
            "SET @`r`:=1.5",
            "SET @`d`:=-12.345",
            "SET @`u`:=18446744073709551615",
            "SET @`n`:=-7",
        ]
    );
}
