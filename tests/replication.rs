//! Integration tests of `tributary::replication` against a real MariaDB server started
//! by `support::mariadb` (skipped with a SKIP line when `mariadbd` is missing, unless
//! `CI=true`).
//!
//! Independent sources for the expected values: the `mariadb` command-line client
//! (for query results) and the binlog files the server writes to disk (for the events
//! received over the network).

mod support;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use support::mariadb::{CDC_PASSWORD, CDC_USER, MariaDb};
use tributary::replication::{
    BinlogDumpFlags, BinlogDumpRequest, BinlogStream, ConnectOptions, Connection, DumpStart,
    ReplicationError, start_binlog_dump, start_mariadb_gtid_dump, start_mysql_gtid_dump,
};

// Event type codes (MariaDB `sql/log_event.h`, enum Log_event_type).
const QUERY_EVENT: u8 = 2;
const ROTATE_EVENT: u8 = 4;
const FORMAT_DESCRIPTION_EVENT: u8 = 15;
const XID_EVENT: u8 = 16;
const TABLE_MAP_EVENT: u8 = 19;
const WRITE_ROWS_EVENT_V1: u8 = 23;
const HEARTBEAT_LOG_EVENT: u8 = 27;
const ANNOTATE_ROWS_EVENT: u8 = 160;
const GTID_EVENT: u8 = 162;
/// `LOG_EVENT_BINLOG_IN_USE_F`: set in the FORMAT_DESCRIPTION_EVENT while the file is open.
const LOG_EVENT_BINLOG_IN_USE_F: u16 = 0x01;
/// `LOG_EVENT_ARTIFICIAL_F`: made up by the server for the stream, not in any file.
const LOG_EVENT_ARTIFICIAL_F: u16 = 0x20;

/// How long any single network step may take before the test fails.
const STEP_TIMEOUT: Duration = Duration::from_secs(20);

/// Held by tests that write to the binlog and expect their own events in order, so
/// that the tests sharing one server do not interleave their writes.
static BINLOG_WRITERS: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

macro_rules! server_or_skip {
    () => {
        match MariaDb::shared() {
            Some(server) => server,
            None => return,
        }
    };
}

fn cdc_options(port: u16) -> ConnectOptions {
    // Built as a struct literal, the way the engine builds it from its configuration.
    ConnectOptions {
        host: "127.0.0.1".to_owned(),
        port,
        user: CDC_USER.to_owned(),
        password: CDC_PASSWORD.to_owned(),
        connect_timeout: Duration::from_secs(10),
    }
}

async fn connect(server: &MariaDb) -> Connection {
    match Connection::connect(&cdc_options(server.port())).await {
        Ok(conn) => conn,
        Err(e) => panic!("connect failed: {e}"),
    }
}

/// `SHOW MASTER STATUS` through our own connection: (file, position).
async fn master_status(conn: &mut Connection) -> (String, u64) {
    let status = conn
        .query_with_columns("SHOW MASTER STATUS")
        .await
        .expect("SHOW MASTER STATUS");
    let file_col = status.column_index("File").expect("File column");
    let pos_col = status.column_index("Position").expect("Position column");
    let row = status.rows.first().expect("binlog is enabled");
    let file = row[file_col].clone().expect("file");
    let pos = row[pos_col]
        .as_deref()
        .expect("pos")
        .parse()
        .expect("numeric position");
    (file, pos)
}

async fn next_event(stream: &mut BinlogStream) -> Option<Bytes> {
    match tokio::time::timeout(STEP_TIMEOUT, stream.next_event()).await {
        Ok(Ok(event)) => event,
        Ok(Err(e)) => panic!("next_event failed: {e}"),
        Err(_) => panic!("no binlog event within {STEP_TIMEOUT:?}"),
    }
}

/// Common header fields (binlog v4): type at offset 4, length at 9, end position at
/// 13, flags at 17.
struct Header {
    type_code: u8,
    len: usize,
    log_pos: u64,
    flags: u16,
}

fn header(event: &[u8]) -> Header {
    assert!(
        event.len() >= 19,
        "event shorter than a header: {event:02X?}"
    );
    Header {
        type_code: event[4],
        len: u32::from_le_bytes(event[9..13].try_into().unwrap()) as usize,
        log_pos: u64::from(u32::from_le_bytes(event[13..17].try_into().unwrap())),
        flags: u16::from_le_bytes(event[17..19].try_into().unwrap()),
    }
}

/// Whether an event is in the binlog file (not made up for the stream).
fn is_from_file(h: &Header) -> bool {
    h.log_pos != 0 && h.flags & LOG_EVENT_ARTIFICIAL_F == 0 && h.type_code != HEARTBEAT_LOG_EVENT
}

/// The events of a binlog file on disk, by start position, walked by their length
/// fields after the 4-byte magic.
fn file_events(server: &MariaDb, file: &str) -> BTreeMap<u64, Vec<u8>> {
    let bytes = std::fs::read(server.binlog_dir().join(file)).expect("read binlog file");
    assert_eq!(&bytes[..4], b"\xfebin", "binlog magic");
    let mut events = BTreeMap::new();
    let mut pos = 4usize;
    while pos + 19 <= bytes.len() {
        let len = header(&bytes[pos..]).len;
        if pos + len > bytes.len() {
            break; // being written
        }
        events.insert(pos as u64, bytes[pos..pos + len].to_vec());
        pos += len;
    }
    events
}

/// Checks that each streamed event taken from the file is byte-identical to the event
/// at the same position in the file; returns how many were compared.
fn assert_identical_to_file(server: &MariaDb, file: &str, events: &[Bytes]) -> usize {
    let on_disk = file_events(server, file);
    let mut compared = 0;
    for event in events {
        let h = header(event);
        if !is_from_file(&h) {
            continue;
        }
        assert_eq!(h.len, event.len(), "header length vs bytes received");
        let start = h.log_pos - h.len as u64;
        let mut disk = on_disk
            .get(&start)
            .unwrap_or_else(|| panic!("no event at {file}:{start} on disk"))
            .clone();
        let mut event = event.to_vec();
        if h.type_code == FORMAT_DESCRIPTION_EVENT {
            // MariaDB `sql/sql_repl.cc` rearranges the FORMAT_DESCRIPTION_EVENT before
            // sending it and recomputes its checksum (`fix_checksum`): it clears
            // LOG_EVENT_BINLOG_IN_USE_F and, for a dump not starting at the file's
            // first event, zeroes `created` (header 19 + binlog version 2 + server
            // version 50 = offset 71). Compare everything else.
            let checksum = disk.len() - 4;
            for bytes in [&mut disk, &mut event] {
                bytes[17] &= !(LOG_EVENT_BINLOG_IN_USE_F as u8);
                bytes[71..75].fill(0);
                bytes[checksum..].fill(0);
            }
        }
        let differing: Vec<(usize, u8, u8)> = disk
            .iter()
            .zip(event.iter())
            .enumerate()
            .filter(|(_, (a, b))| a != b)
            .map(|(i, (a, b))| (i, *a, *b))
            .collect();
        assert!(
            differing.is_empty(),
            "event type {} at {file}:{start} differs from the file at (offset, file, stream) {differing:?}",
            h.type_code
        );
        compared += 1;
    }
    compared
}

#[tokio::test]
async fn connects_and_queries() {
    let server = server_or_skip!();
    let _writing = BINLOG_WRITERS.lock().await;
    let mut conn = connect(&server).await;
    assert!(conn.is_mariadb(), "{}", conn.server_version());

    let version = conn
        .query_with_columns("SELECT VERSION()")
        .await
        .expect("SELECT VERSION()");
    assert_eq!(version.columns, vec!["VERSION()"]);
    let cli_version = server.sql("SELECT VERSION()");
    assert_eq!(
        version.rows,
        vec![vec![Some(cli_version.trim().to_owned())]]
    );

    let vars = conn
        .query(
            "SELECT @@global.binlog_checksum, @@global.binlog_format, @@global.binlog_row_image, \
             @@character_set_server, @@collation_server, @@server_id",
        )
        .await
        .expect("server variables");
    let cli_vars = server.sql(
        "SELECT @@global.binlog_checksum, @@global.binlog_format, @@global.binlog_row_image, \
         @@character_set_server, @@collation_server, @@server_id",
    );
    let expected: Vec<Option<String>> = cli_vars
        .trim_end_matches('\n')
        .split('\t')
        .map(|v| Some(v.to_owned()))
        .collect();
    assert_eq!(vars, vec![expected]);
    assert_eq!(vars[0][1].as_deref(), Some("ROW"));
    assert_eq!(vars[0][5].as_deref(), Some("1"));

    let nulls = conn
        .query_with_columns("SELECT NULL AS n, '' AS e, 'ü€' AS u")
        .await
        .unwrap();
    assert_eq!(nulls.columns, vec!["n", "e", "u"]);
    assert_eq!(
        nulls.rows,
        vec![vec![None, Some(String::new()), Some("ü€".to_owned())]]
    );

    server.sql(
        "CREATE DATABASE IF NOT EXISTS q_db CHARACTER SET utf8mb4;
         CREATE TABLE IF NOT EXISTS q_db.t1 (id INT PRIMARY KEY, s VARCHAR(10));
         CREATE OR REPLACE VIEW q_db.v1 AS SELECT id FROM q_db.t1;",
    );
    let dbs = conn.query("SHOW DATABASES").await.unwrap();
    assert!(dbs.contains(&vec![Some("q_db".to_owned())]), "{dbs:?}");
    let tables = conn.query("SHOW FULL TABLES FROM q_db").await.unwrap();
    let mut tables = tables.clone();
    tables.sort();
    assert_eq!(
        tables,
        vec![
            vec![Some("t1".to_owned()), Some("BASE TABLE".to_owned())],
            vec![Some("v1".to_owned()), Some("VIEW".to_owned())],
        ]
    );
    let create = conn.query("SHOW CREATE TABLE q_db.t1").await.unwrap();
    let cli_create = server.sql("SHOW CREATE TABLE q_db.t1");
    // The CLI in batch mode escapes newlines as \n.
    let expected = cli_create
        .trim_end_matches('\n')
        .split('\t')
        .map(|v| Some(v.replace("\\n", "\n")))
        .collect::<Vec<_>>();
    assert_eq!(create, vec![expected]);
    let create_db = conn.query("SHOW CREATE DATABASE q_db").await.unwrap();
    assert!(
        create_db[0][1]
            .as_deref()
            .unwrap()
            .starts_with("CREATE DATABASE `q_db`"),
        "{create_db:?}"
    );

    // An ERR answer is an error with code and message; the connection stays usable.
    let err = conn.query("SELECT * FROM q_db.missing").await.unwrap_err();
    match &err {
        ReplicationError::Server { code, message, .. } => {
            assert_eq!(*code, 1146, "{err}");
            assert!(message.contains("q_db.missing"), "{err}");
        }
        other => panic!("expected a server error, got {other}"),
    }
    assert!(!err.to_string().contains('\n'));
    conn.execute("SET @tributary_test = 1").await.expect("SET");
    let back = conn.query("SELECT @tributary_test").await.unwrap();
    assert_eq!(back, vec![vec![Some("1".to_owned())]]);

    let (file, pos) = master_status(&mut conn).await;
    assert!(file.starts_with("mariadb-bin."), "{file}");
    assert!(pos >= 4);

    // Typed server checks against the CLI's view (the writer lock is held: stable).
    let position = conn.binlog_position().await.unwrap().expect("binlog on");
    let cli_status = server.sql("SHOW MASTER STATUS");
    let cli_status: Vec<&str> = cli_status.trim_end().split('\t').collect();
    assert_eq!(position.file, cli_status[0]);
    assert_eq!(position.pos.to_string(), cli_status[1]);
    assert_eq!(position.executed_gtid_set, None);
    let settings = conn.binlog_settings().await.unwrap();
    let cli = |var: &str| {
        Some(
            server
                .sql(&format!("SELECT @@GLOBAL.{var}"))
                .trim()
                .to_owned(),
        )
    };
    assert_eq!(settings.checksum, cli("binlog_checksum"));
    assert_eq!(settings.format.as_deref(), Some("ROW"));
    assert_eq!(settings.row_image.as_deref(), Some("FULL"));
    assert_eq!(settings.character_set_server, cli("character_set_server"));
    assert_eq!(settings.collation_server, cli("collation_server"));
    assert_eq!(settings.server_id, Some(1));
    assert_eq!(settings.log_bin.as_deref(), Some("ON"));
    assert_eq!(
        Some(conn.mariadb_gtid_binlog_pos().await.unwrap()),
        cli("gtid_binlog_pos")
    );
    conn.close().await.expect("close");
}

#[tokio::test]
async fn wrong_password_is_access_denied() {
    let server = server_or_skip!();
    let mut opts = cdc_options(server.port());
    opts.password = "not-the-password".to_owned();
    let err = Connection::connect(&opts).await.unwrap_err();
    let text = err.to_string();
    assert!(
        matches!(err, ReplicationError::Authentication { code: 1045, .. }),
        "{text}"
    );
    assert!(text.contains("Access denied for user 'cdc'"), "{text}");
    assert!(!text.contains('\n'), "{text}");
}

#[tokio::test]
async fn closed_port_is_a_connect_error() {
    // A port bound but not listening: refused, and no other process (e.g. a server
    // started by a parallel test run) can take it meanwhile.
    let reserved = tokio::net::TcpSocket::new_v4().expect("socket");
    reserved.bind("127.0.0.1:0".parse().unwrap()).expect("bind");
    let port = reserved.local_addr().expect("local addr").port();
    let err = Connection::connect(&cdc_options(port)).await.unwrap_err();
    let text = err.to_string();
    match &err {
        ReplicationError::Connect { addr, source } => {
            assert_eq!(addr, &format!("127.0.0.1:{port}"));
            assert_eq!(source.kind(), std::io::ErrorKind::ConnectionRefused);
        }
        other => panic!("expected Connect, got {other}"),
    }
    assert!(text.contains(&format!("127.0.0.1:{port}")), "{text}");
    assert!(!text.contains('\n'), "{text}");
    drop(reserved);
}

#[tokio::test]
async fn streams_new_events_byte_identical_to_the_binlog_file() {
    let server = server_or_skip!();
    let _writing = BINLOG_WRITERS.lock().await;
    let mut conn = connect(&server).await;
    let (file, pos) = master_status(&mut conn).await;
    let mut stream = start_binlog_dump(conn, 101, &file, pos, Some(Duration::from_secs(1)))
        .await
        .expect("start dump");
    assert_eq!(
        stream.start(),
        &DumpStart::Position {
            file: file.clone(),
            pos
        }
    );

    server.sql(
        "CREATE DATABASE t;
         CREATE TABLE t.a (id INT PRIMARY KEY);
         INSERT INTO t.a VALUES (1);",
    );

    // The stream starts with the fake ROTATE_EVENT naming the file, then the
    // FORMAT_DESCRIPTION_EVENT; then the events of the three statements.
    let mut events = Vec::new();
    loop {
        let event = next_event(&mut stream)
            .await
            .expect("blocking dump never ends");
        let done =
            events.iter().any(|e: &Bytes| e[4] == WRITE_ROWS_EVENT_V1) && event[4] == XID_EVENT;
        events.push(event);
        if done {
            break;
        }
    }
    assert_eq!(events[0][4], ROTATE_EVENT);
    assert!(
        events[0].windows(file.len()).any(|w| w == file.as_bytes()),
        "fake rotate names {file}"
    );
    assert_eq!(events[1][4], FORMAT_DESCRIPTION_EVENT);

    let from_file: Vec<u8> = events
        .iter()
        .filter(|e| is_from_file(&header(e)))
        .map(|e| e[4])
        .collect();
    // MariaDB writes each statement as a GTID_EVENT group: DDL as GTID + QUERY, a row
    // change as GTID + ANNOTATE_ROWS + TABLE_MAP + WRITE_ROWS + XID (MariaDB KB,
    // "GTID_EVENT", "Annotate_rows_log_event").
    assert_eq!(
        from_file,
        vec![
            GTID_EVENT,
            QUERY_EVENT,
            GTID_EVENT,
            QUERY_EVENT,
            GTID_EVENT,
            ANNOTATE_ROWS_EVENT,
            TABLE_MAP_EVENT,
            WRITE_ROWS_EVENT_V1,
            XID_EVENT
        ]
    );
    let compared = assert_identical_to_file(&server, &file, &events);
    assert_eq!(compared, 9);
    assert_eq!(stream.events_received(), events.len() as u64);
    stream.close().await.expect("close");
}

#[tokio::test]
async fn non_blocking_dump_from_the_start_ends_with_eof() {
    let server = server_or_skip!();
    let mut conn = connect(&server).await;
    let (file, _) = master_status(&mut conn).await;
    conn.negotiate_binlog_checksum().await.unwrap();
    conn.declare_mariadb_capability().await.unwrap();
    conn.register_replica(102).await.unwrap();
    let mut stream = conn
        .binlog_dump(&BinlogDumpRequest {
            server_id: 102,
            file: file.clone(),
            pos: 4,
            flags: BinlogDumpFlags::NON_BLOCK | BinlogDumpFlags::SEND_ANNOTATE_ROWS_EVENT,
        })
        .await
        .expect("dump");
    let mut events = Vec::new();
    while let Some(event) = next_event(&mut stream).await {
        events.push(event);
    }
    assert!(
        stream.next_event().await.unwrap().is_none(),
        "ended stays ended"
    );
    assert_eq!(events[0][4], ROTATE_EVENT);
    assert_eq!(events[1][4], FORMAT_DESCRIPTION_EVENT);
    let compared = assert_identical_to_file(&server, &file, &events);
    assert!(compared >= 2, "FDE and GTID_LIST at least, got {compared}");
}

#[tokio::test]
async fn event_larger_than_16_mib_is_reassembled() {
    let server = server_or_skip!();
    let _writing = BINLOG_WRITERS.lock().await;
    server.sql("CREATE DATABASE IF NOT EXISTS big; CREATE TABLE IF NOT EXISTS big.b (id INT PRIMARY KEY, v LONGBLOB);");
    let mut conn = connect(&server).await;
    let (file, pos) = master_status(&mut conn).await;
    let mut stream = start_binlog_dump(conn, 103, &file, pos, None)
        .await
        .expect("start dump");
    // One row of 17 MiB makes one WRITE_ROWS_EVENT of more than 16 MiB, which the
    // server sends split over two packets.
    server.sql("INSERT INTO big.b VALUES (1, REPEAT('x', 17 * 1024 * 1024));");
    let mut events = Vec::new();
    loop {
        let event = next_event(&mut stream)
            .await
            .expect("blocking dump never ends");
        let is_big_rows = event[4] == WRITE_ROWS_EVENT_V1 && event.len() > 16 * 1024 * 1024;
        events.push(event);
        if is_big_rows {
            break;
        }
    }
    let rows = events.last().unwrap();
    assert!(rows.len() > 17 * 1024 * 1024, "{} bytes", rows.len());
    assert!(assert_identical_to_file(&server, &file, &events) >= 3);
}

#[tokio::test]
async fn dump_from_a_missing_binlog_file_is_a_clear_error() {
    let server = server_or_skip!();
    let conn = connect(&server).await;
    let err = start_binlog_dump(conn, 104, "mariadb-bin.999999", 4, None)
        .await
        .unwrap_err();
    let text = err.to_string();
    assert!(
        matches!(err, ReplicationError::BinlogDump { code: 1236, .. }),
        "{text}"
    );
    assert!(
        text.contains("Could not find first log file name in binary log index file"),
        "{text}"
    );
    assert!(text.contains("mariadb-bin.999999:4"), "{text}");
    assert!(!text.contains('\n'), "{text}");
}

/// Number of `Binlog Dump` threads serving replica `connection_id` on the server.
fn dump_threads(server: &Arc<MariaDb>, connection_id: u32) -> usize {
    server
        .sql(&format!(
            "SELECT COUNT(*) FROM information_schema.PROCESSLIST \
             WHERE ID = {connection_id} AND COMMAND = 'Binlog Dump'"
        ))
        .trim()
        .parse()
        .expect("count")
}

#[tokio::test]
async fn dropping_the_stream_ends_the_dump_on_the_server() {
    let server = server_or_skip!();
    let mut conn = connect(&server).await;
    let id = conn.connection_id();
    let (file, pos) = master_status(&mut conn).await;
    let mut stream = start_binlog_dump(conn, 105, &file, pos, Some(Duration::from_millis(100)))
        .await
        .expect("start dump");
    next_event(&mut stream).await.expect("fake rotate");
    assert_eq!(dump_threads(&server, id), 1);
    drop(stream);
    // The server notices the closed socket at its next write (a heartbeat).
    let deadline = std::time::Instant::now() + STEP_TIMEOUT;
    while dump_threads(&server, id) != 0 {
        assert!(
            std::time::Instant::now() < deadline,
            "dump thread still alive"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn streams_rows_skips_abandoned_results_and_refuses_after_interruption() {
    let server = server_or_skip!();
    let _writing = BINLOG_WRITERS.lock().await;
    server.sql(
        "CREATE DATABASE IF NOT EXISTS rows_db;
         CREATE OR REPLACE TABLE rows_db.n (id INT PRIMARY KEY, b VARBINARY(4));
         INSERT INTO rows_db.n SELECT seq, UNHEX('FF00') FROM rows_db.seq_1_to_1000;
         DELIMITER //
         CREATE OR REPLACE PROCEDURE rows_db.two() BEGIN SELECT 1 AS a; SELECT 2 AS b; END//
         DELIMITER ;
         GRANT EXECUTE ON rows_db.* TO 'cdc'@'localhost';
         GRANT EXECUTE ON rows_db.* TO 'cdc'@'%';",
    );
    let mut conn = connect(&server).await;

    let mut rows = conn
        .query_rows("SELECT id, b FROM rows_db.n ORDER BY id")
        .await
        .expect("query_rows");
    let names: Vec<&str> = rows.columns().iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["id", "b"]);
    // MySQL `enum_field_types`: MYSQL_TYPE_LONG = 3, MYSQL_TYPE_VAR_STRING = 253;
    // PRI_KEY_FLAG = 2; binary collation id 63.
    assert_eq!(rows.columns()[0].column_type, 3);
    assert_ne!(rows.columns()[0].flags & 2, 0);
    assert_eq!(rows.columns()[1].column_type, 253);
    assert_eq!(rows.columns()[1].character_set, 63);
    assert_eq!(rows.columns()[0].table, "n");
    for expected_id in 1..=10 {
        let row = rows.next_row().await.unwrap().expect("row");
        assert_eq!(
            row.get_str(0),
            Some(Ok(Some(expected_id.to_string().as_str())))
        );
        assert_eq!(row.get(1), Some(Some(&[0xFF, 0x00][..])));
    }
    drop(rows); // 990 rows left unread: the next command skips them.
    let count = conn.query("SELECT COUNT(*) FROM rows_db.n").await.unwrap();
    assert_eq!(count, vec![vec![Some("1000".to_owned())]]);

    let err = conn
        .query("SELECT b FROM rows_db.n LIMIT 1")
        .await
        .unwrap_err();
    assert!(
        matches!(&err, ReplicationError::NotUtf8 { column, row: 0, .. } if column == "b"),
        "{err}"
    );
    let two = conn.query("CALL rows_db.two()").await.unwrap();
    assert_eq!(two, vec![vec![Some("1".to_owned())]]);
    let after = conn.query("SELECT 3").await.unwrap();
    assert_eq!(after, vec![vec![Some("3".to_owned())]]);

    // A command interrupted half-way leaves the connection unusable, loudly.
    let interrupted =
        tokio::time::timeout(Duration::from_millis(50), conn.query("SELECT SLEEP(1)")).await;
    assert!(interrupted.is_err(), "SLEEP(1) finished within 50 ms?");
    let err = conn.query("SELECT 1").await.unwrap_err();
    assert!(err.to_string().contains("interrupted"), "{err}");
}

/// Domain and sequence number of a MariaDB GTID_EVENT (body: seq_no u64, domain_id
/// u32, after the 19-byte header; MariaDB `Gtid_log_event`).
fn gtid_of(event: &[u8]) -> (u32, u64) {
    let seq_no = u64::from_le_bytes(event[19..27].try_into().unwrap());
    let domain = u32::from_le_bytes(event[27..31].try_into().unwrap());
    (domain, seq_no)
}

/// `domain-server-seq` of the only domain in `@@gtid_binlog_pos`.
fn single_domain_seq(gtid_pos: &str) -> u64 {
    let gtid_pos = gtid_pos.trim();
    assert!(!gtid_pos.contains(','), "one domain expected: {gtid_pos}");
    gtid_pos.rsplit('-').next().unwrap().parse().unwrap()
}

#[tokio::test]
async fn mariadb_gtid_dump_starts_after_the_given_transactions() {
    let server = server_or_skip!();
    let _writing = BINLOG_WRITERS.lock().await;
    server.sql("CREATE DATABASE IF NOT EXISTS gtid_db;");
    let before = server.sql("SELECT @@gtid_binlog_pos").trim().to_owned();
    let file = server.sql("SHOW MASTER STATUS");
    let file = file.split('\t').next().unwrap().to_owned();
    let conn = connect(&server).await;
    let mut stream = start_mariadb_gtid_dump(conn, 106, &before, None)
        .await
        .expect("GTID dump");
    assert_eq!(stream.start(), &DumpStart::MariaDbGtid(before.clone()));
    server.sql(
        "CREATE OR REPLACE TABLE gtid_db.t (id INT PRIMARY KEY);
         INSERT INTO gtid_db.t VALUES (7);",
    );
    let after = server.sql("SELECT @@gtid_binlog_pos");
    let (first_seq, last_seq) = (single_domain_seq(&before) + 1, single_domain_seq(&after));

    let mut events = Vec::new();
    let mut seen = Vec::new();
    loop {
        let event = next_event(&mut stream)
            .await
            .expect("blocking dump never ends");
        let h = header(&event);
        if h.type_code == GTID_EVENT && is_from_file(&h) {
            seen.push(gtid_of(&event).1);
        }
        let done = h.type_code == XID_EVENT && seen.last() == Some(&last_seq);
        events.push(event);
        if done {
            break;
        }
    }
    assert_eq!(seen, (first_seq..=last_seq).collect::<Vec<_>>());
    assert!(assert_identical_to_file(&server, &file, &events) >= 6);
}

#[tokio::test]
async fn mariadb_gtid_dump_from_a_future_position_is_a_clear_error() {
    let server = server_or_skip!();
    let conn = connect(&server).await;
    let err = start_mariadb_gtid_dump(conn, 107, "0-1-999999", None)
        .await
        .unwrap_err();
    let text = err.to_string();
    assert!(
        matches!(err, ReplicationError::BinlogDump { code: 1236, .. }),
        "{text}"
    );
    assert!(
        text.contains("MariaDB GTID position '0-1-999999'"),
        "{text}"
    );
    assert!(!text.contains('\n'), "{text}");
}

#[tokio::test]
async fn idle_dump_sends_heartbeats() {
    let server = server_or_skip!();
    let mut conn = connect(&server).await;
    let (file, pos) = master_status(&mut conn).await;
    let mut stream = start_binlog_dump(conn, 108, &file, pos, Some(Duration::from_millis(200)))
        .await
        .expect("start dump");
    // Within a few periods a HEARTBEAT_LOG_EVENT arrives; its body names the file.
    let heartbeat = loop {
        let event = next_event(&mut stream)
            .await
            .expect("blocking dump never ends");
        if event[4] == HEARTBEAT_LOG_EVENT {
            break event;
        }
    };
    assert!(
        heartbeat.windows(file.len()).any(|w| w == file.as_bytes()),
        "heartbeat names {file}: {heartbeat:02X?}"
    );
    stream.close().await.expect("close");
}

#[tokio::test]
async fn mysql_gtid_dump_is_refused_by_flavour_on_mariadb() {
    let server = server_or_skip!();
    let conn = connect(&server).await;
    let err = start_mysql_gtid_dump(conn, 109, "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5", None)
        .await
        .unwrap_err();
    assert!(matches!(err, ReplicationError::Unsupported { .. }), "{err}");
    assert!(err.to_string().contains("start_mariadb_gtid_dump"), "{err}");
}
