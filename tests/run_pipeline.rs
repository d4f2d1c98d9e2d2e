//! The `tributary run` command end to end with its pipelined source (engine::pipeline):
//! a real MariaDB (started by the test), records on stdout, SIGINT, and a restart that
//! resumes from the stored offset. The queue is made tiny (`max.queue.size=20`,
//! `max.batch.size=10`) so the reader is held back by the emitter many times.
//!
//! Expected counts come from the workload itself and from Debezium's output for the
//! seed scenario (`binlog-fixtures/reference/seed.stream.jsonl`).

mod support;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use support::mariadb::MariaDb;

const DEADLINE: Duration = Duration::from_secs(60);

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("binlog-fixtures")
}

/// Debezium's stream records for the seed scenario (its snapshot record excluded).
/// Records Debezium emitted for the seed on an empty server: the snapshot's one
/// record (its `SET character_set_server` schema change, marked `last`) and the
/// streamed ones — what `run` emits for it too.
fn seed_records() -> usize {
    std::fs::read_to_string(fixtures().join("reference/seed.stream.jsonl"))
        .unwrap()
        .lines()
        .count()
}

fn write_config(server: &MariaDb, state: &Path) -> PathBuf {
    let text = std::fs::read_to_string(fixtures().join("scenarios/connector.properties")).unwrap();
    let text = text
        .replace(
            "database.port=33081",
            &format!("database.port={}", server.port()),
        )
        .replace("/tmp/dbz-oracle-state", &state.display().to_string())
        + "max.batch.size=10\nmax.queue.size=20\noffset.flush.interval.ms=60000\n";
    let path = state.join("connector.properties");
    std::fs::write(&path, text).unwrap();
    path
}

/// Starts `tributary run`; its stdout lines arrive on the returned channel.
fn start_run(config: &Path) -> (Child, mpsc::Receiver<String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tributary"))
        .args(["run", "--config", config.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (sender, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    (child, lines)
}

/// Waits until the server shows a binlog dump connection.
fn wait_for_dump(server: &MariaDb) {
    let start = Instant::now();
    while !server.sql("SHOW PROCESSLIST").contains("Binlog Dump") {
        assert!(
            start.elapsed() < DEADLINE,
            "run never started its binlog dump"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn collect(lines: &mpsc::Receiver<String>, count: usize) -> Vec<String> {
    let start = Instant::now();
    let mut out = Vec::new();
    while out.len() < count {
        let left = DEADLINE.saturating_sub(start.elapsed());
        match lines.recv_timeout(left) {
            Ok(line) => out.push(line),
            Err(_) => panic!("{} of {count} records arrived", out.len()),
        }
    }
    out
}

fn interrupt(mut child: Child) -> std::process::Output {
    // SAFETY: kill only sends a signal to the child we started.
    let rc = unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) };
    assert_eq!(rc, 0);
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        assert!(start.elapsed() < DEADLINE, "run did not stop on SIGINT");
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

#[test]
fn run_streams_through_a_small_queue_stops_on_sigint_and_resumes() {
    let Some(server) = MariaDb::start() else {
        return;
    };
    let state = tempfile::tempdir().unwrap();
    let config = write_config(&server, state.path());

    let (child, lines) = start_run(&config);
    wait_for_dump(&server);
    server.sql(&std::fs::read_to_string(fixtures().join("scenarios/seed.sql")).unwrap());
    // 2,000 more rows in one transaction: 200 batches through a 2-batch queue.
    server.sql(
        "USE ecommerce; INSERT INTO orders SELECT CONCAT('', seq), '7', 'bulk', 1.00, \
         '2021-08-16 10:11:12' FROM seq_1_to_2000",
    );
    let expected = seed_records() + 2000;
    let records = collect(&lines, expected);
    let out = interrupt(child);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "exit {:?}: {stderr}", out.status);
    // Binlog order: the bulk rows come last, in insertion order.
    let bulk: Vec<&String> = records
        .iter()
        .filter(|l| l.contains(r#""item_description":"bulk""#))
        .collect();
    assert_eq!(bulk.len(), 2000);
    assert!(bulk[0].contains(r#""order_id":"1""#), "{}", bulk[0]);
    assert!(
        bulk[1999].contains(r#""order_id":"2000""#),
        "{}",
        bulk[1999]
    );
    assert!(
        lines.try_recv().is_err(),
        "more records than the workload wrote"
    );

    // The offset stored at shutdown covers everything emitted: a restart emits only
    // what is written afterwards.
    let (child, lines) = start_run(&config);
    wait_for_dump(&server);
    server.sql("INSERT INTO ecommerce.orders VALUES ('after-restart', '1', 'x', 2.00, NOW())");
    let records = collect(&lines, 1);
    assert!(
        records[0].contains(r#""order_id":"after-restart""#),
        "{}",
        records[0]
    );
    std::thread::sleep(Duration::from_millis(500));
    assert!(lines.try_recv().is_err(), "a record was emitted twice");
    let out = interrupt(child);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
