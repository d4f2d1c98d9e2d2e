//! Faults on the replication connection, against real MariaDB servers started by the
//! tests: the server restarted mid-stream, the replication session killed with
//! `KILL`, a connection that goes silent (a proxy stops forwarding), and a binlog
//! purged while the connector was stopped.
//!
//! In the first three the connector must carry on by itself and deliver every row
//! exactly once, in order: the rows are numbered by the SQL the test runs, so the
//! expected list is the SQL's, not the connector's output. `max.batch.size=1` makes
//! each poll return one record, so the fault hits in the middle of a transaction whose
//! first rows were already handed out. The last one must fail with the server's
//! error naming the purged file.

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use support::mariadb::MariaDb;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tributary::engine::SourceTask;
use tributary::engine::config::{ConnectorConfig, parse_properties};

const DEADLINE: Duration = Duration::from_secs(60);

/// Connector settings for `db` on `port`; offsets in `state`.
fn config(
    port: u16,
    db: &str,
    server_id: u32,
    state: &std::path::Path,
    extra: &str,
) -> ConnectorConfig {
    let text = format!(
        "connector.class=io.debezium.connector.mysql.MySqlConnector
database.hostname=127.0.0.1
database.port={port}
database.user=cdc
database.password=cdc
database.server.id={server_id}
topic.prefix=faults
database.include.list={db}
max.batch.size=1
retriable.restart.connector.wait.ms=500
schema.history.internal=io.debezium.storage.file.history.FileSchemaHistory
schema.history.internal.file.filename={history}
offset.storage.file.filename={offsets}
{extra}",
        history = state.join("history.dat").display(),
        offsets = state.join("offsets.dat").display(),
    );
    ConnectorConfig::from_properties(
        &parse_properties(&text, "faults.properties").unwrap_or_else(|e| panic!("{e}")),
    )
    .unwrap_or_else(|e| panic!("config: {e}"))
}

/// `INSERT`s of ids `from..=to` into `db.t`, one statement each, in one transaction.
fn transaction(db: &str, from: u32, to: u32) -> String {
    let mut sql = String::from("BEGIN;\n");
    for id in from..=to {
        sql.push_str(&format!("INSERT INTO {db}.t VALUES ({id}, 'row {id}');\n"));
    }
    sql.push_str("COMMIT;\n");
    sql
}

/// Polls until `count` more rows of `t` arrived, committing every batch; returns
/// their ids in order.
async fn rows(task: &mut SourceTask, count: usize) -> Vec<i64> {
    let mut ids = Vec::new();
    while ids.len() < count {
        let batch = tokio::time::timeout(DEADLINE, task.poll())
            .await
            .unwrap_or_else(|_| panic!("stalled after ids {ids:?}"))
            .unwrap_or_else(|e| panic!("poll after ids {ids:?}: {e}"))
            .unwrap_or_else(|| panic!("the server ended the stream"));
        for record in &batch.records {
            if !record.topic.ends_with(".t") {
                continue;
            }
            let value: serde_json::Value =
                serde_json::from_slice(record.value.as_deref().unwrap_or_default())
                    .unwrap_or_else(|e| panic!("{e}"));
            if let Some(id) = value["payload"]["after"]["id"].as_i64() {
                ids.push(id);
            }
        }
        task.commit(&batch.offset)
            .unwrap_or_else(|e| panic!("commit: {e}"));
    }
    ids
}

/// Connections a start makes before the binlog dump (through the proxy): the startup
/// checks, the initial snapshot's (`snapshot.mode=initial`) main connection and its
/// one reader (`snapshot.max.threads=1`), and the lookup of the start's GTID position.
/// The dump is the next one.
const BEFORE_DUMP: usize = 4;

fn setup(server: &MariaDb, db: &str) {
    server.sql(&format!(
        "CREATE DATABASE {db}; CREATE TABLE {db}.t (id INT PRIMARY KEY, note VARCHAR(2000));"
    ));
}

#[tokio::test]
async fn server_restart_mid_transaction_loses_and_repeats_nothing() {
    let Some(mut server) = MariaDb::start() else {
        return;
    };
    setup(&server, "restart_db");
    let state = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let config = config(server.port(), "restart_db", 7101, state.path(), "");
    let mut task = SourceTask::start(&config)
        .await
        .unwrap_or_else(|e| panic!("start: {e}"));
    server.sql(&transaction("restart_db", 1, 20));
    let mut seen = rows(&mut task, 5).await;
    // The connector is inside the 20-row transaction; the server goes down and up.
    server.restart();
    server.sql(&transaction("restart_db", 21, 30));
    seen.extend(rows(&mut task, 25).await);
    assert_eq!(seen, (1..=30).collect::<Vec<i64>>());
}

#[tokio::test]
async fn killed_replication_session_loses_and_repeats_nothing() {
    let Some(server) = MariaDb::start() else {
        return;
    };
    setup(&server, "kill_db");
    let state = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let config = config(server.port(), "kill_db", 7102, state.path(), "");
    let mut task = SourceTask::start(&config)
        .await
        .unwrap_or_else(|e| panic!("start: {e}"));
    server.sql(&transaction("kill_db", 1, 20));
    let mut seen = rows(&mut task, 5).await;
    let first = server.session_id("COMMAND = 'Binlog Dump'");
    server.sql(&format!("KILL {first}"));
    // Rows written after the KILL can only come through a new connection.
    server.sql(&transaction("kill_db", 21, 30));
    seen.extend(rows(&mut task, 25).await);
    let second = server.session_id(&format!("COMMAND = 'Binlog Dump' AND ID <> {first}"));
    server.sql(&format!("KILL {second}"));
    server.sql(&transaction("kill_db", 31, 40));
    seen.extend(rows(&mut task, 10).await);
    assert_eq!(seen, (1..=40).collect::<Vec<i64>>());
}

/// A TCP proxy to a server that can stop forwarding on the connections it has
/// (without closing them), as a dead network path does, or cut one connection after
/// a number of bytes from the server.
struct Proxy {
    port: u16,
    frozen: Arc<std::sync::Mutex<Vec<Arc<AtomicBool>>>>,
    accepted: Arc<AtomicUsize>,
}

/// Cut connection number `.0` (1-based) after `.1` bytes from the server.
type Cut = Option<(usize, usize)>;

impl Proxy {
    async fn start(upstream: u16, cut: Cut) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let port = listener
            .local_addr()
            .unwrap_or_else(|e| panic!("{e}"))
            .port();
        let frozen = Arc::new(std::sync::Mutex::new(Vec::new()));
        let accepted = Arc::new(AtomicUsize::new(0));
        let (list, count) = (frozen.clone(), accepted.clone());
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let Ok(server) = TcpStream::connect(("127.0.0.1", upstream)).await else {
                    continue;
                };
                let flag = Arc::new(AtomicBool::new(false));
                list.lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .push(flag.clone());
                let number = count.fetch_add(1, Ordering::SeqCst) + 1;
                let limit = cut.filter(|(n, _)| *n == number).map(|(_, bytes)| bytes);
                let (client_read, client_write) = client.into_split();
                let (server_read, server_write) = server.into_split();
                tokio::spawn(forward(client_read, server_write, flag.clone(), None));
                tokio::spawn(forward(server_read, client_write, flag, limit));
            }
        });
        Proxy {
            port,
            frozen,
            accepted,
        }
    }

    /// Stops forwarding on every connection made so far; they stay open.
    fn freeze_existing(&self) {
        for flag in self
            .frozen
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .iter()
        {
            flag.store(true, Ordering::SeqCst);
        }
    }
}

/// Copies bytes one way until EOF, or until `limit` bytes passed (then both sockets
/// close); once `frozen`, holds both sockets and says nothing.
async fn forward(
    mut from: tokio::net::tcp::OwnedReadHalf,
    mut to: tokio::net::tcp::OwnedWriteHalf,
    frozen: Arc<AtomicBool>,
    limit: Option<usize>,
) {
    let mut buf = vec![0u8; 16 * 1024];
    let mut left = limit.unwrap_or(usize::MAX);
    loop {
        let want = buf.len().min(left);
        if want == 0 {
            let _ = to.shutdown().await;
            return;
        }
        let n = match from.read(&mut buf[..want]).await {
            Ok(0) | Err(_) => {
                let _ = to.shutdown().await;
                return;
            }
            Ok(n) => n,
        };
        if frozen.load(Ordering::SeqCst) {
            // Bounded: the test is over long before.
            tokio::time::sleep(Duration::from_secs(300)).await;
            return;
        }
        if to.write_all(&buf[..n]).await.is_err() {
            return;
        }
        left -= n;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn network_cut_inside_a_transaction_loses_and_repeats_nothing() {
    let Some(server) = MariaDb::start() else {
        return;
    };
    setup(&server, "cut_db");
    let _ = tracing_subscriber::fmt()
        .with_env_filter("tributary=info")
        .with_test_writer()
        .try_init();
    // Cut the dump 20,000 bytes in, inside the first transaction (20 rows events of
    // about 2 KB each, after well under 2 KB of dump preamble).
    let proxy = Proxy::start(server.port(), Some((BEFORE_DUMP + 1, 20_000))).await;
    let state = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let config = config(proxy.port, "cut_db", 7105, state.path(), "");
    let mut task = SourceTask::start(&config)
        .await
        .unwrap_or_else(|e| panic!("start: {e}"));
    let mut sql = String::from("BEGIN;\n");
    for id in 1..=20 {
        sql.push_str(&format!(
            "INSERT INTO cut_db.t VALUES ({id}, REPEAT('x', 2000));\n"
        ));
    }
    sql.push_str("COMMIT;\n");
    server.sql(&sql);
    server.sql(&transaction("cut_db", 21, 30));
    let seen = rows(&mut task, 30).await;
    assert_eq!(seen, (1..=30).collect::<Vec<i64>>());
    assert_eq!(
        proxy.accepted.load(Ordering::SeqCst),
        BEFORE_DUMP + 2,
        "no reconnection"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn silent_connection_is_detected_by_missing_heartbeats() {
    let Some(server) = MariaDb::start() else {
        return;
    };
    setup(&server, "stall_db");
    let proxy = Proxy::start(server.port(), None).await;
    let state = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    // Heartbeats every 0.8 s; 1.6 s of silence means a dead connection.
    let config = config(
        proxy.port,
        "stall_db",
        7103,
        state.path(),
        "connect.keep.alive.interval.ms=1000",
    );
    let mut task = SourceTask::start(&config)
        .await
        .unwrap_or_else(|e| panic!("start: {e}"));
    server.sql(&transaction("stall_db", 1, 10));
    let mut seen = rows(&mut task, 3).await;
    // Idle but alive: the server's heartbeats keep the stream from being taken as
    // dead, so no new connection is made (those before the dump, and the dump).
    seen.extend(rows(&mut task, 7).await);
    let idle = tokio::time::timeout(Duration::from_millis(3000), task.poll()).await;
    assert!(idle.is_err(), "a batch without any change: {idle:?}");
    assert_eq!(
        proxy.accepted.load(Ordering::SeqCst),
        BEFORE_DUMP + 1,
        "reconnected while idle"
    );
    // Now the path goes silent; the connector must notice and reconnect.
    proxy.freeze_existing();
    server.sql(&transaction("stall_db", 11, 20));
    seen.extend(rows(&mut task, 10).await);
    assert_eq!(seen, (1..=20).collect::<Vec<i64>>());
    assert_eq!(proxy.accepted.load(Ordering::SeqCst), BEFORE_DUMP + 2);
}

#[tokio::test]
async fn reconnecting_gives_up_after_errors_max_retries() {
    let Some(mut server) = MariaDb::start() else {
        return;
    };
    setup(&server, "retry_db");
    let state = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let config = config(
        server.port(),
        "retry_db",
        7106,
        state.path(),
        "errors.max.retries=2\nretriable.restart.connector.wait.ms=200",
    );
    let mut task = SourceTask::start(&config)
        .await
        .unwrap_or_else(|e| panic!("start: {e}"));
    server.sql(&transaction("retry_db", 1, 2));
    rows(&mut task, 2).await;
    server.stop();
    let started = std::time::Instant::now();
    let err = tokio::time::timeout(DEADLINE, task.poll())
        .await
        .unwrap_or_else(|_| panic!("still retrying"))
        .err()
        .unwrap_or_else(|| panic!("a batch from a stopped server"))
        .to_string();
    // Two attempts (100 ms, then 200 ms apart), both refused.
    assert!(err.contains("cannot connect"), "{err}");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn binlog_purged_under_a_stopped_connector_is_a_clear_error() {
    let Some(server) = MariaDb::start() else {
        return;
    };
    setup(&server, "purge_db");
    let state = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let config = config(server.port(), "purge_db", 7104, state.path(), "");
    let mut task = SourceTask::start(&config)
        .await
        .unwrap_or_else(|e| panic!("start: {e}"));
    server.sql(&transaction("purge_db", 1, 3));
    rows(&mut task, 3).await;
    let offset = task
        .committed()
        .cloned()
        .unwrap_or_else(|| panic!("nothing committed"));
    drop(task);
    // A binlog a dump thread still reads is not purged: wait for it to end.
    for _ in 0..100 {
        let dumps = server.sql(
            "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE COMMAND = 'Binlog Dump'",
        );
        if dumps.trim() == "0" {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    // While it is stopped, the binlog it stopped in goes away.
    server.sql("FLUSH BINARY LOGS; FLUSH BINARY LOGS;");
    let current = server.sql("SHOW MASTER STATUS");
    let current = current
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_owned();
    server.sql(&format!("PURGE BINARY LOGS TO '{current}'"));
    let remaining = server.sql("SHOW BINARY LOGS");
    assert!(
        !remaining.contains(&offset.file),
        "{} not purged: {remaining}",
        offset.file
    );

    let err = match SourceTask::start(&config).await {
        Err(err) => err.to_string(),
        Ok(mut task) => match tokio::time::timeout(DEADLINE, task.poll()).await {
            Ok(Err(err)) => err.to_string(),
            other => panic!("restarting on a purged binlog did not fail: {other:?}"),
        },
    };
    // MariaDB's ER_MASTER_FATAL_ERROR_READING_BINLOG, naming where the offset
    // resumes: its file, or its GTID position when the offset carries one.
    assert!(err.contains("1236"), "{err}");
    let gtids = offset.gtids.clone().unwrap_or_default();
    assert!(
        err.contains(&offset.file) || (!gtids.is_empty() && err.contains(&gtids)),
        "{err}"
    );
}
