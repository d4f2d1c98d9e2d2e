//! Crash test: `tributary run --sink kafka` killed with SIGKILL at random points while a
//! mixed workload streams from a throwaway MariaDB, restarted after each kill; in the
//! end the union of what Kafka holds must equal the table's history.
//!
//! The test process hosts librdkafka's mock cluster (its state lives in this process,
//! so it survives the engine's deaths) and runs the engine as a child process
//! connecting to the mock's bootstrap servers, with offsets and schema history in
//! Kafka topics (`KafkaOffsetBackingStore`, `KafkaSchemaHistory`). The workload —
//! multi-row INSERTs, UPDATEs and DELETEs in transactions of 1–12 statements — runs
//! through the `mariadb` client while the engine is killed and restarted; the
//! expected history is the workload's own model of each statement's effect (op, id,
//! value before and after), independent of Tributary's output.
//!
//! Checks, on a `read_committed` read of the data topic (every partition): each change
//! of the history appears (0 lost) with the modelled content, in binlog order once
//! sorted by `source.file`/`pos`/`row`, and nothing else appears. Duplicates (the same
//! `file`/`pos`/`row` twice) are counted: at-least-once (`offset.flush.interval.ms=0`)
//! may repeat only batches that were acknowledged by Kafka but whose offset was not
//! stored when the engine died — at most one batch (`max.batch.size` records plus the
//! rest of a rows event) per kill; exactly-once (`exactly.once.support=required`,
//! batches and offsets in one Kafka transaction) must have none.
//!
//! Sizes: `TRIBUTARY_CRASH_ROWS` (default 3,000 row changes) and
//! `TRIBUTARY_CRASH_KILLS` (default 6); `TRIBUTARY_CRASH_SEED` repeats a run. The full
//! run is `TRIBUTARY_CRASH_ROWS=100000 TRIBUTARY_CRASH_KILLS=50` (see
//! `scripts/crash-test.sh`). Each run prints its figures to stderr.
#![cfg(feature = "kafka")]

mod support;

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::mocking::MockCluster;
use rdkafka::{ClientConfig, Message, Offset, TopicPartitionList};
use support::mariadb::MariaDb;
use tributary::offset::{KafkaOffsetStore, OffsetStore};

const MAX_BATCH: usize = 256;

/// One row change of the modelled history.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Change {
    op: char,
    id: i64,
    before: Option<i64>,
    after: Option<i64>,
}

/// A change as read from Kafka, with its binlog coordinates.
#[derive(Debug, Clone)]
struct Seen {
    file: String,
    pos: u64,
    row: u64,
    change: Change,
}

/// xorshift64*: reproducible randomness without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The workload as SQL chunks (whole transactions each) and its modelled history.
fn workload(db: &str, rows: u64, rng: &mut Rng) -> (Vec<String>, Vec<Change>) {
    let mut chunks = Vec::new();
    let mut history = Vec::new();
    let mut live: Vec<(i64, i64)> = Vec::new(); // (id, v)
    let mut next_id = 1i64;
    let mut sql = format!("USE {db};\n");
    let mut in_chunk = 0;
    while (history.len() as u64) < rows {
        sql.push_str("BEGIN;\n");
        for _ in 0..1 + rng.below(12) {
            let pick = rng.below(100);
            if pick < 55 || live.len() < 10 {
                let n = 1 + rng.below(6);
                let mut values = Vec::new();
                for _ in 0..n {
                    let v = i64::try_from(rng.below(1_000_000)).unwrap_or(0);
                    values.push(format!("({next_id}, {v}, 'n{next_id}')"));
                    history.push(Change {
                        op: 'c',
                        id: next_id,
                        before: None,
                        after: Some(v),
                    });
                    live.push((next_id, v));
                    next_id += 1;
                }
                let _ = writeln!(sql, "INSERT INTO items VALUES {};", values.join(", "));
            } else if pick < 85 {
                let at = usize::try_from(rng.below(live.len() as u64)).unwrap_or(0);
                let (id, v) = live[at];
                let _ = writeln!(sql, "UPDATE items SET v = v + 1 WHERE id = {id};");
                history.push(Change {
                    op: 'u',
                    id,
                    before: Some(v),
                    after: Some(v + 1),
                });
                live[at].1 = v + 1;
            } else {
                let at = usize::try_from(rng.below(live.len() as u64)).unwrap_or(0);
                let (id, v) = live.swap_remove(at);
                let _ = writeln!(sql, "DELETE FROM items WHERE id = {id};");
                history.push(Change {
                    op: 'd',
                    id,
                    before: Some(v),
                    after: None,
                });
            }
        }
        sql.push_str("COMMIT;\n");
        in_chunk += 1;
        if in_chunk == 40 {
            chunks.push(std::mem::replace(&mut sql, format!("USE {db};\n")));
            in_chunk = 0;
        }
    }
    chunks.push(sql);
    (chunks, history)
}

fn connector_properties(
    db: &str,
    server: &MariaDb,
    bootstrap: &str,
    exactly_once: bool,
    server_id: u32,
) -> String {
    let mut text = format!(
        "name={db}-connector
connector.class=io.debezium.connector.mysql.MySqlConnector
database.hostname=127.0.0.1
database.port={port}
database.user={user}
database.password={password}
database.server.id={server_id}
topic.prefix={db}
database.include.list={db}
key.converter.schemas.enable=false
value.converter.schemas.enable=false
schema.history.internal.kafka.topic={db}-history
schema.history.internal.kafka.bootstrap.servers={bootstrap}
offset.storage=org.apache.kafka.connect.storage.KafkaOffsetBackingStore
offset.storage.topic={db}-offsets
offset.storage.partitions=5
offset.storage.replication.factor=1
offset.flush.interval.ms=0
max.batch.size={MAX_BATCH}
",
        port = server.port(),
        user = support::mariadb::CDC_USER,
        password = support::mariadb::CDC_PASSWORD,
    );
    if exactly_once {
        text.push_str("exactly.once.support=required\n");
    }
    text
}

fn spawn_engine(config: &Path, log: &Path) -> Child {
    let log = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
        .unwrap_or_else(|e| panic!("engine log: {e}"));
    Command::new(env!("CARGO_BIN_EXE_tributary"))
        .args(["run", "--sink", "kafka", "--config"])
        .arg(config)
        .env("RUST_LOG", "info")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start tributary: {e}"))
}

/// Every record of `topic` (all partitions) as a read_committed consumer sees them:
/// the parsed changes and the number of tombstones.
fn read_topic(bootstrap: &str, topic: &str) -> (Vec<Seen>, usize) {
    let consumer: BaseConsumer = ClientConfig::new()
        .set("bootstrap.servers", bootstrap)
        .set("group.id", "crash-test-reader")
        .set("enable.auto.commit", "false")
        .set("enable.partition.eof", "false")
        .set("isolation.level", "read_committed")
        .create()
        .unwrap_or_else(|e| panic!("{e}"));
    let timeout = Duration::from_secs(10);
    let metadata = consumer
        .fetch_metadata(Some(topic), timeout)
        .unwrap_or_else(|e| panic!("{e}"));
    let partitions: Vec<i32> = metadata
        .topics()
        .iter()
        .flat_map(|t| t.partitions().iter().map(|p| p.id()))
        .collect();
    let mut ends = Vec::new();
    let mut assignment = TopicPartitionList::new();
    for p in partitions {
        let (low, high) = consumer
            .fetch_watermarks(topic, p, timeout)
            .unwrap_or_else(|e| panic!("{e}"));
        if high > low {
            ends.push((p, high));
            assignment
                .add_partition_offset(topic, p, Offset::Offset(low))
                .unwrap_or_else(|e| panic!("{e}"));
        }
    }
    let mut seen = Vec::new();
    let mut tombstones = 0;
    if ends.is_empty() {
        return (seen, tombstones);
    }
    consumer
        .assign(&assignment)
        .unwrap_or_else(|e| panic!("{e}"));
    let deadline = Instant::now() + Duration::from_secs(120);
    while !ends.is_empty() {
        assert!(Instant::now() < deadline, "reading {topic} timed out");
        if let Some(message) = consumer.poll(Duration::from_millis(100)) {
            let message = message.unwrap_or_else(|e| panic!("{e}"));
            match message.payload() {
                None => tombstones += 1,
                Some(payload) => seen.push(parse_change(payload)),
            }
        }
        let positions = consumer.position().unwrap_or_else(|e| panic!("{e}"));
        ends.retain(|(p, high)| {
            let at = positions
                .find_partition(topic, *p)
                .and_then(|tp| match tp.offset() {
                    Offset::Offset(o) => Some(o),
                    _ => None,
                })
                .unwrap_or(0);
            at < *high
        });
    }
    (seen, tombstones)
}

fn parse_change(payload: &[u8]) -> Seen {
    let value: serde_json::Value =
        serde_json::from_slice(payload).unwrap_or_else(|e| panic!("{e}"));
    let source = &value["source"];
    let image = |side: &str| {
        let row = &value[side];
        (!row.is_null()).then(|| (row["id"].as_i64(), row["v"].as_i64()))
    };
    let before = image("before");
    let after = image("after");
    let id = after
        .or(before)
        .and_then(|(id, _)| id)
        .unwrap_or_else(|| panic!("no id in {value}"));
    Seen {
        file: source["file"].as_str().unwrap_or_default().to_string(),
        pos: source["pos"].as_u64().unwrap_or_default(),
        row: source["row"].as_u64().unwrap_or_default(),
        change: Change {
            op: value["op"]
                .as_str()
                .and_then(|o| o.chars().next())
                .unwrap_or('?'),
            id,
            before: before.and_then(|(_, v)| v),
            after: after.and_then(|(_, v)| v),
        },
    }
}

/// First occurrences in binlog order, and the number of repeated records.
fn distinct(seen: &[Seen]) -> (Vec<Seen>, usize) {
    let mut by_position: BTreeMap<(String, u64, u64), Seen> = BTreeMap::new();
    let mut repeats = 0;
    for s in seen {
        let key = (s.file.clone(), s.pos, s.row);
        if let Some(first) = by_position.get(&key) {
            assert_eq!(first.change, s.change, "two different changes at {key:?}");
            repeats += 1;
        } else {
            by_position.insert(key, s.clone());
        }
    }
    (by_position.into_values().collect(), repeats)
}

fn crash_run(db: &str, exactly_once: bool, server_id: u32) {
    let Some(server) = MariaDb::shared() else {
        return;
    };
    let rows = env_number("TRIBUTARY_CRASH_ROWS", 3_000);
    let kills = env_number("TRIBUTARY_CRASH_KILLS", 6);
    let seed = env_number(
        "TRIBUTARY_CRASH_SEED",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64)
            | 1,
    );
    eprintln!("{db}: seed {seed}, {rows} row changes, {kills} kills");
    let mut rng = Rng(seed);
    let cluster = MockCluster::new(1).unwrap_or_else(|e| panic!("mock cluster: {e}"));
    let bootstrap = cluster.bootstrap_servers();
    cluster
        .create_topic(&format!("{db}-history"), 1, 1)
        .unwrap_or_else(|e| panic!("{e}"));
    let data_topic = format!("{db}.{db}.items");
    cluster
        .create_topic(&data_topic, 3, 1)
        .unwrap_or_else(|e| panic!("{e}"));
    cluster
        .create_topic(db, 1, 1)
        .unwrap_or_else(|e| panic!("{e}"));
    // The mock cluster does not answer CreateTopics, so the offsets topic is made here.
    cluster
        .create_topic(&format!("{db}-offsets"), 5, 1)
        .unwrap_or_else(|e| panic!("{e}"));
    server.sql(&format!(
        "CREATE DATABASE {db}; CREATE TABLE {db}.items (id INT PRIMARY KEY, v BIGINT NOT NULL, note VARCHAR(32));"
    ));
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let config = dir.path().join("connector.properties");
    std::fs::write(
        &config,
        connector_properties(db, &server, &bootstrap, exactly_once, server_id),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let log = dir.path().join("engine.log");
    let (chunks, history) = workload(db, rows, &mut rng);
    let offsets = KafkaOffsetStore::new(
        format!("{db}-offsets"),
        &format!("{db}-connector"),
        db,
        vec![("bootstrap.servers".into(), bootstrap.clone())],
        vec![("bootstrap.servers".into(), bootstrap.clone())],
    )
    .with_timeout(Duration::from_secs(20));

    let mut child = EngineGuard(spawn_engine(&config, &log));
    let child = &mut child.0;
    // The workload starts once the engine fixed its start position: it reads the
    // server's position, then records the table definitions in the history topic.
    let history_reader: BaseConsumer = ClientConfig::new()
        .set("bootstrap.servers", &bootstrap)
        .set("group.id", "crash-test-history")
        .create()
        .unwrap_or_else(|e| panic!("{e}"));
    let deadline = Instant::now() + Duration::from_secs(60);
    while history_reader
        .fetch_watermarks(&format!("{db}-history"), 0, Duration::from_secs(5))
        .map_or(true, |(_, high)| high == 0)
    {
        assert!(
            Instant::now() < deadline,
            "no schema history; engine log:\n{}",
            tail(&log)
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let started = Instant::now();
    let workload_server = server.clone();
    let writer = std::thread::spawn(move || {
        for chunk in chunks {
            if let Err(e) = workload_server.try_sql(&chunk) {
                eprintln!("workload failed: {e}");
                panic!("workload failed: {e}");
            }
        }
    });
    // Kills start once an offset is stored: without one a restart would begin at the
    // server's current position (there is no snapshot), by design.
    let deadline = Instant::now() + Duration::from_secs(60);
    while !matches!(offsets.load(), Ok(Some(_))) {
        assert!(
            Instant::now() < deadline,
            "no offset stored ({:?}; {} records in {data_topic}); engine log:\n{}",
            offsets.load(),
            read_topic(&bootstrap, &data_topic).0.len(),
            tail(&log)
        );
        assert!(
            child.try_wait().ok().flatten().is_none(),
            "engine exited; log:\n{}",
            tail(&log)
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    // Each kill lands at a random point after the engine (re)started streaming: once
    // its stored offset moved (or after 20 s without), 0–500 ms later.
    let mut restarts_after_errors = 0;
    for _ in 0..kills {
        let before = offsets.load().ok().flatten();
        let waiting = Instant::now();
        while offsets.load().ok().flatten() == before && waiting.elapsed() < Duration::from_secs(20)
        {
            restarts_after_errors += supervise(child, &config, &log);
            std::thread::sleep(Duration::from_millis(50));
        }
        std::thread::sleep(Duration::from_millis(rng.below(500)));
        restarts_after_errors += supervise(child, &config, &log);
        child.kill().unwrap_or_else(|e| panic!("kill: {e}"));
        let _ = child.wait();
        *child = spawn_engine(&config, &log);
    }
    writer.join().unwrap_or_else(|_| panic!("workload failed"));
    let written = started.elapsed();
    // Let the last engine catch up, then kill it too.
    let deadline =
        Instant::now() + Duration::from_secs(env_number("TRIBUTARY_CRASH_CATCHUP_S", 300));
    let (seen, tombstones) = loop {
        // Reading the whole topic loads the mock cluster that the engine writes to:
        // wait until the stored offset stood still for 5 s (the engine caught up or
        // is stuck) before reading.
        let mut last = offsets.load().ok().flatten();
        let mut still_since = Instant::now();
        while still_since.elapsed() < Duration::from_secs(5) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(500));
            restarts_after_errors += supervise(child, &config, &log);
            let now = offsets.load().ok().flatten();
            if now != last {
                last = now;
                still_since = Instant::now();
            }
        }
        let (seen, tombstones) = read_topic(&bootstrap, &data_topic);
        let (unique, _) = distinct(&seen);
        if unique.len() >= history.len() {
            break (seen, tombstones);
        }
        restarts_after_errors += supervise(child, &config, &log);
        if Instant::now() >= deadline && std::env::var("TRIBUTARY_CRASH_GDB").is_ok() {
            let out = Command::new("gdb")
                .args(["-batch", "-ex", "thread apply all bt 25", "-p"])
                .arg(child.id().to_string())
                .output();
            if let Ok(out) = out {
                eprintln!("{}", String::from_utf8_lossy(&out.stdout));
            }
        }
        assert!(
            Instant::now() < deadline,
            "only {} of {} changes reached Kafka (last at {:?}, server at {}, stored offset {:?}); engine log:\n{}",
            unique.len(),
            history.len(),
            unique.last().map(|s| (s.file.clone(), s.pos, s.row)),
            server.sql("SHOW MASTER STATUS").trim(),
            offsets.load(),
            tail(&log)
        );
        std::thread::sleep(Duration::from_millis(500));
    };
    child.kill().unwrap_or_else(|e| panic!("kill: {e}"));
    let _ = child.wait();
    let (unique, repeats) = distinct(&seen);
    let got: Vec<Change> = unique.iter().map(|s| s.change.clone()).collect();
    let first_difference = got
        .iter()
        .zip(&history)
        .position(|(a, b)| a != b)
        .unwrap_or(got.len().min(history.len()));
    assert!(
        got == history,
        "{db}: {} changes in Kafka, {} in the history; first difference at #{first_difference}: \
         got {:?}, expected {:?}",
        got.len(),
        history.len(),
        got.get(first_difference),
        history.get(first_difference)
    );
    let deletes = history.iter().filter(|c| c.op == 'd').count();
    let ids: HashSet<i64> = history.iter().map(|c| c.id).collect();
    eprintln!(
        "{db}: {} changes of {} rows ({} deletes) streamed in {:.1}s with {kills} SIGKILLs \
         (exactly_once={exactly_once}, {restarts_after_errors} restarts after a lost server \
         connection): 0 lost, {repeats} duplicate records, {tombstones} tombstones",
        history.len(),
        ids.len(),
        deletes,
        written.as_secs_f64()
    );
    if exactly_once {
        assert_eq!(repeats, 0, "{db}: duplicates with Kafka transactions");
        assert_eq!(tombstones, deletes, "{db}: one tombstone per delete");
    } else {
        // At most the batch in flight at each kill: max.batch.size records plus the
        // rest of the rows event that crossed it (at most 6 rows here).
        let bound = usize::try_from(kills).unwrap_or(0) * (MAX_BATCH + 6);
        assert!(
            repeats <= bound,
            "{db}: {repeats} duplicates exceed one batch per kill ({bound})"
        );
        assert!(tombstones >= deletes, "{db}: a tombstone per delete");
    }
}

/// Restarts the engine when it stopped by itself, as Kafka Connect restarts a failed
/// task — only after a lost connection (the server resets the replication connection
/// of a replica that reconnects quickly with the same server id; reconnecting is not
/// this test's subject). Any other exit fails the test. Returns 1 after a restart.
fn supervise(child: &mut Child, config: &Path, log: &Path) -> usize {
    let Ok(Some(status)) = child.try_wait() else {
        return 0;
    };
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let last_error = text
        .lines()
        .rev()
        .find(|l| l.starts_with("error:"))
        .unwrap_or("");
    assert!(
        last_error.contains("Connection reset") || last_error.contains("Broken pipe"),
        "engine exited by itself ({status}); log:\n{}",
        tail(log)
    );
    *child = spawn_engine(config, log);
    1
}

/// Kills the engine when the test ends, a failing one included.
struct EngineGuard(Child);

impl Drop for EngineGuard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn tail(log: &Path) -> String {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(30)..].join("\n")
}

#[test]
fn sigkill_at_least_once_loses_nothing() {
    crash_run("crash_alo", false, 7301);
}

/// Known to fail (issue 7, open): with Kafka transactions, restarts after SIGKILL
/// still leave duplicates in what `read_committed` reads (28 of 3,000 rows in one run,
/// 145 of 10,000 in another); nothing is lost. Run it with `--ignored`.
#[test]
#[ignore = "known failure: exactly-once leaves duplicates after SIGKILL (issue 7)"]
fn sigkill_exactly_once_loses_nothing_and_repeats_nothing() {
    crash_run("crash_eos", true, 7302);
}
