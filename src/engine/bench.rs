//! Whole-run benchmarks behind `tributary bench`: measured figures for the user's own
//! binlogs, with a peer measured in the same run where one is installed.
//!
//! Owns the measurement (CPU seconds from `getrusage`, peak RSS, rows and bytes) and
//! running the peers (`mariadb-binlog -v` for decoding; the real Debezium connector
//! through the dbz-oracle scripts for whole envelopes). Decoding, envelopes and
//! serialization are the other modules'; this module only drives them the way the
//! engine does (every event, every row value, every record serialized).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::binlog::{BinlogFileReader, Decoder, Event};
use crate::emit::{Emitter, LineEmitter};
use crate::engine::EngineError;
use crate::engine::config::ConnectorConfig;
use crate::engine::processor_options;
use crate::engine::replay::Replay;

/// What one measured run did and cost.
#[derive(Debug, Clone, Default)]
pub struct Measurement {
    /// What was measured.
    pub name: String,
    /// Events decoded.
    pub events: u64,
    /// Row images decoded (an update counts once).
    pub rows: u64,
    /// Binlog bytes read.
    pub bytes: u64,
    /// User + system CPU time.
    pub cpu: Duration,
    /// Wall-clock time.
    pub wall: Duration,
    /// Peak resident set size in KiB, when known.
    pub peak_rss_kib: Option<u64>,
}

impl Measurement {
    /// Rows per CPU-second.
    pub fn rows_per_cpu_second(&self) -> f64 {
        per_second(self.rows, self.cpu)
    }

    /// Megabytes (10^6) per CPU-second.
    pub fn mb_per_cpu_second(&self) -> f64 {
        per_second(self.bytes, self.cpu) / 1e6
    }
}

impl std::fmt::Display for Measurement {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:<22} rows={:<9} events={:<9} cpu={:.3}s wall={:.3}s  {:>12.0} rows/cpu-s",
            self.name,
            self.rows,
            self.events,
            self.cpu.as_secs_f64(),
            self.wall.as_secs_f64(),
            self.rows_per_cpu_second(),
        )?;
        if self.bytes > 0 {
            write!(f, "  {:>8.1} MB/cpu-s", self.mb_per_cpu_second())?;
        }
        if let Some(rss) = self.peak_rss_kib {
            write!(f, "  peak RSS {:.1} MiB", rss as f64 / 1024.0)?;
        }
        Ok(())
    }
}

fn per_second(count: u64, time: Duration) -> f64 {
    let secs = time.as_secs_f64();
    if secs > 0.0 { count as f64 / secs } else { 0.0 }
}

/// CPU time and peak RSS of this process (`RUSAGE_SELF`) or of its waited-for
/// children (`RUSAGE_CHILDREN`).
fn rusage(who: libc::c_int) -> (Duration, u64) {
    // SAFETY: getrusage only writes into the struct we pass; a zeroed rusage is valid.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `usage` is a valid, writable rusage.
    let rc = unsafe { libc::getrusage(who, &mut usage) };
    if rc != 0 {
        return (Duration::ZERO, 0);
    }
    let tv = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec.max(0) as u64) + Duration::from_micros(t.tv_usec.max(0) as u64)
    };
    (
        tv(usage.ru_utime) + tv(usage.ru_stime),
        usage.ru_maxrss.max(0) as u64,
    )
}

/// Decodes every event and every row value of `files`, in order, `repeat` times.
pub fn decode(files: &[PathBuf], repeat: u32) -> Result<Measurement, EngineError> {
    let (cpu_before, _) = rusage(libc::RUSAGE_SELF);
    let start = Instant::now();
    let mut m = Measurement {
        name: "tributary decode".into(),
        ..Measurement::default()
    };
    for _ in 0..repeat.max(1) {
        for file in files {
            decode_file(file, &mut m)?;
        }
    }
    m.wall = start.elapsed();
    let (cpu_after, rss) = rusage(libc::RUSAGE_SELF);
    m.cpu = cpu_after.saturating_sub(cpu_before);
    m.peak_rss_kib = Some(rss);
    Ok(m)
}

fn decode_file(path: &Path, m: &mut Measurement) -> Result<(), EngineError> {
    let mut reader = BinlogFileReader::open(path).map_err(EngineError::Read)?;
    let mut decoder = Decoder::new();
    let mut tables = HashMap::new();
    let file = path.display().to_string();
    while let Some(raw) = reader.next_event().map_err(EngineError::Read)? {
        m.events += 1;
        m.bytes += raw.bytes.len() as u64;
        let binlog_error = |source| EngineError::Binlog {
            file: file.clone(),
            pos: raw.pos,
            source,
        };
        match decoder
            .decode_at(&raw.bytes, raw.pos)
            .map_err(binlog_error)?
        {
            Event::TableMap(map) => {
                tables.insert(map.table_id(), map);
            }
            Event::Rows(rows) => {
                let Some(map) = tables.get(&rows.table_id) else {
                    continue;
                };
                for row in rows.rows(map) {
                    std::hint::black_box(row.map_err(binlog_error)?);
                    m.rows += 1;
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// Runs `mariadb-binlog -v --base64-output=decode-rows` over `files` (output
/// discarded) `repeat` times; `None` when it is not installed. Rows are counted as
/// the row images it prints (`### INSERT/UPDATE/DELETE`), counted in a separate run.
pub fn mariadb_binlog(files: &[PathBuf], repeat: u32) -> Option<Measurement> {
    let program = which("mariadb-binlog")?;
    let (cpu_before, _) = rusage(libc::RUSAGE_CHILDREN);
    let start = Instant::now();
    for _ in 0..repeat.max(1) {
        let status = Command::new(&program)
            .args(["-v", "--base64-output=decode-rows"])
            .args(files)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .ok()?;
        if !status.success() {
            return None;
        }
    }
    let wall = start.elapsed();
    let (cpu_after, rss) = rusage(libc::RUSAGE_CHILDREN);
    let rows = count_printed_rows(&program, files)? * u64::from(repeat.max(1));
    let bytes = files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum::<u64>();
    Some(Measurement {
        name: "mariadb-binlog -v".into(),
        events: 0,
        rows,
        bytes: bytes * u64::from(repeat.max(1)),
        cpu: cpu_after.saturating_sub(cpu_before),
        wall,
        peak_rss_kib: Some(rss),
    })
}

fn count_printed_rows(program: &Path, files: &[PathBuf]) -> Option<u64> {
    let out = Command::new(program)
        .args(["-v", "--base64-output=decode-rows"])
        .args(files)
        .stderr(Stdio::null())
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    Some(
        text.lines()
            .filter(|l| {
                l.starts_with("### INSERT ")
                    || l.starts_with("### UPDATE ")
                    || l.starts_with("### DELETE ")
            })
            .count() as u64,
    )
}

/// Replays `files` `repeat` times into full records (envelopes serialized as the
/// configuration says), discarding them or writing them as JSON lines to `out`.
/// `rows` counts records (the events Debezium would emit, tombstones included),
/// `bytes` the serialized key and value bytes.
pub async fn replay(
    config: &ConnectorConfig,
    files: &[PathBuf],
    repeat: u32,
    out: Option<&Path>,
) -> Result<Measurement, EngineError> {
    let (cpu_before, _) = rusage(libc::RUSAGE_SELF);
    let start = Instant::now();
    let mut m = Measurement {
        name: "tributary replay".into(),
        ..Measurement::default()
    };
    for _ in 0..repeat.max(1) {
        let mut sink = match out {
            None => None,
            Some(path) => {
                let file = std::fs::File::create(path).map_err(|source| {
                    EngineError::Emit(crate::emit::EmitError::Io {
                        target: path.display().to_string(),
                        source,
                    })
                })?;
                Some(LineEmitter::new(
                    std::io::BufWriter::with_capacity(1 << 20, file),
                    path.display().to_string(),
                ))
            }
        };
        let mut replay = Replay::new(
            processor_options(config),
            files.to_vec(),
            None,
            config.max_batch_size,
        );
        while let Some(batch) = replay.next_batch()? {
            m.events += batch.records.len() as u64;
            m.rows += batch.records.len() as u64;
            m.bytes += batch
                .records
                .iter()
                .map(|r| {
                    r.key.as_ref().map_or(0, |k| k.len()) + r.value.as_ref().map_or(0, |v| v.len())
                })
                .sum::<usize>() as u64;
            match sink.as_mut() {
                Some(sink) => sink.emit(&batch.records).await?,
                None => {
                    std::hint::black_box(&batch.records);
                }
            }
        }
        if let Some(mut sink) = sink {
            sink.close().await?;
        }
    }
    m.wall = start.elapsed();
    let (cpu_after, rss) = rusage(libc::RUSAGE_SELF);
    m.cpu = cpu_after.saturating_sub(cpu_before);
    m.peak_rss_kib = Some(rss);
    Ok(m)
}

/// What `bench live` runs and how it decides the workload is over.
#[derive(Debug, Clone)]
pub struct LiveWorkload {
    /// SQL run through the `mariadb` client (the configuration's server and
    /// credentials) once streaming is connected; `None` streams until `shutdown`.
    pub sql: Option<PathBuf>,
    /// A DATETIME(6) column holding `NOW(6)` (UTC session) at insert: the
    /// commit-to-emit latency of each record carrying it is measured.
    pub latency_column: Option<String>,
    /// The workload is over once its client exited and no record came for this long.
    pub idle: Duration,
}

/// What `bench live` measured.
#[derive(Debug, Clone, Default)]
pub struct LiveReport {
    /// Records, serialized bytes, CPU of this process over the whole run (workload
    /// client excluded), wall time from the first record to the last, peak RSS.
    pub measurement: Measurement,
    /// Commit-to-emit latencies in microseconds, sorted.
    pub latencies_us: Vec<i64>,
}

impl LiveReport {
    /// The latency at quantile `q` (0..=1) in microseconds.
    pub fn latency_quantile(&self, q: f64) -> Option<i64> {
        if self.latencies_us.is_empty() {
            return None;
        }
        let rank = ((self.latencies_us.len() - 1) as f64 * q.clamp(0.0, 1.0)).round() as usize;
        self.latencies_us.get(rank).copied()
    }

    /// Records per wall-clock second between the first and the last record.
    pub fn records_per_wall_second(&self) -> f64 {
        per_second(self.measurement.rows, self.measurement.wall)
    }

    /// Megabytes (10^6) per wall-clock second between the first and the last record.
    pub fn mb_per_wall_second(&self) -> f64 {
        per_second(self.measurement.bytes, self.measurement.wall) / 1e6
    }
}

/// Streams from the configuration's server (in-memory offsets and schema history:
/// the configured stores are not touched) through the pipelined source, hands each
/// batch to `emitter` (or discards it), and runs `workload` against the server once
/// streaming is connected.
pub async fn live(
    config: &ConnectorConfig,
    mut emitter: Option<&mut dyn Emitter>,
    workload: &LiveWorkload,
    shutdown: impl std::future::Future<Output = ()>,
) -> Result<LiveReport, EngineError> {
    use crate::engine::live::LiveSource;
    use crate::engine::pipeline::{Pipeline, queue_batches};
    use crate::schema::MemorySchemaHistory;

    let mut config = config.clone();
    config.offset_storage.store = crate::engine::config::OffsetStoreKind::Memory;
    config.schema_history.store = crate::engine::config::SchemaHistoryStore::Memory;
    let (cpu_before, _) = rusage(libc::RUSAGE_SELF);
    let source = LiveSource::start(
        &config,
        processor_options(&config),
        Box::new(MemorySchemaHistory::new()),
        None,
    )
    .await?;
    let mut pipeline = Pipeline::spawn(
        source,
        queue_batches(config.max_queue_size, config.max_batch_size),
    );
    let mut client = match &workload.sql {
        Some(sql) => Some(start_workload(&config, sql)?),
        None => None,
    };
    let needle = workload
        .latency_column
        .as_ref()
        .map(|c| format!("\"{c}\":").into_bytes());
    let mut m = Measurement {
        name: "tributary live".into(),
        ..Measurement::default()
    };
    let mut latencies = Vec::new();
    let mut first: Option<Instant> = None;
    let mut last = Instant::now();
    let mut client_done = client.is_none() && workload.sql.is_some();
    let mut tick = tokio::time::interval(Duration::from_millis(20));
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            _ = &mut shutdown => break,
            _ = tick.tick() => {
                if let Some(child) = client.as_mut()
                    && let Ok(Some(status)) = child.try_wait()
                {
                    if !status.success() {
                        pipeline.stop();
                        return Err(EngineError::ServerSetup(format!(
                            "the workload client failed ({status})"
                        )));
                    }
                    client = None;
                    client_done = true;
                    last = last.max(Instant::now());
                }
                if client_done && last.elapsed() >= workload.idle {
                    break;
                }
            }
            batch = pipeline.next() => {
                let Some(batch) = batch? else { break };
                let arrived = Instant::now();
                if let Some(needle) = &needle {
                    let now_us = unix_micros();
                    for record in &batch.records {
                        if let Some(at) = record.value.as_deref().and_then(|v| integer_after(v, needle)) {
                            latencies.push(now_us - at);
                        }
                    }
                }
                first.get_or_insert(arrived);
                last = arrived;
                m.rows += batch.records.len() as u64;
                m.events += batch.records.len() as u64;
                m.bytes += batch
                    .records
                    .iter()
                    .map(|r| {
                        r.key.as_ref().map_or(0, |k| k.len()) + r.value.as_ref().map_or(0, |v| v.len())
                    })
                    .sum::<usize>() as u64;
                match emitter.as_mut() {
                    Some(emitter) => emitter.emit(&batch.records).await?,
                    None => {
                        std::hint::black_box(&batch.records);
                    }
                }
            }
        }
    }
    pipeline.stop();
    if let Some(mut child) = client {
        let _ = child.kill();
        let _ = child.wait();
    }
    if let Some(emitter) = emitter {
        emitter.close().await?;
    }
    let (cpu_after, rss) = rusage(libc::RUSAGE_SELF);
    m.cpu = cpu_after.saturating_sub(cpu_before);
    m.wall = first.map_or(Duration::ZERO, |f| last.saturating_duration_since(f));
    m.peak_rss_kib = Some(rss);
    latencies.sort_unstable();
    Ok(LiveReport {
        measurement: m,
        latencies_us: latencies,
    })
}

/// Starts `mariadb` with the configuration's server and credentials, `sql` on stdin.
fn start_workload(
    config: &ConnectorConfig,
    sql: &Path,
) -> Result<std::process::Child, EngineError> {
    let program = which("mariadb").or_else(|| which("mysql")).ok_or_else(|| {
        EngineError::ServerSetup("no mariadb (or mysql) client to run the workload".into())
    })?;
    let input = std::fs::File::open(sql).map_err(|source| EngineError::Io {
        file: sql.display().to_string(),
        source,
    })?;
    let db = &config.database;
    let mut command = Command::new(program);
    command
        .arg("--no-defaults")
        .arg(format!(
            "--host={}",
            db.hostname.as_deref().unwrap_or("127.0.0.1")
        ))
        .arg(format!("--port={}", db.port))
        .arg(format!("--user={}", db.user.as_deref().unwrap_or("root")))
        .stdin(input)
        .stdout(Stdio::null());
    if let Some(password) = &db.password {
        command.env("MYSQL_PWD", password);
    }
    command
        .spawn()
        .map_err(|e| EngineError::ServerSetup(format!("cannot start the workload client: {e}")))
}

/// Microseconds since the Unix epoch, now.
fn unix_micros() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_micros() as i64)
}

/// The integer right after the first `needle` in `json` (a `"column":` key).
fn integer_after(json: &[u8], needle: &[u8]) -> Option<i64> {
    let at = json.windows(needle.len()).position(|w| w == needle)? + needle.len();
    let digits = json[at..]
        .iter()
        .take_while(|b| b.is_ascii_digit() || **b == b'-')
        .count();
    std::str::from_utf8(&json[at..at + digits])
        .ok()?
        .parse()
        .ok()
}

/// What a Debezium peer run reported.
#[derive(Debug, Clone)]
pub struct DebeziumRun {
    /// Records Debezium emitted for the workload.
    pub records: u64,
    /// Whole-process CPU seconds of the workload run.
    pub process_cpu: Duration,
    /// Whole-process CPU seconds of the same oracle on an empty workload (JVM and
    /// connector start, idle wait): subtracted to get the workload's own cost.
    pub baseline_cpu: Duration,
    /// Wall time from the first record to the last.
    pub first_to_last: Duration,
}

impl DebeziumRun {
    /// The measurement with the JVM start excluded.
    pub fn measurement(&self) -> Measurement {
        Measurement {
            name: "debezium 3.6.3 (JVM)".into(),
            events: self.records,
            rows: self.records,
            bytes: 0,
            cpu: self.process_cpu.saturating_sub(self.baseline_cpu),
            wall: self.first_to_last,
            peak_rss_kib: None,
        }
    }
}

/// The reason a Debezium peer could not run, for the report.
pub type PeerUnavailable = String;

/// Runs the real Debezium MySQL connector through the dbz-oracle scripts in
/// `oracle_dir` (`reference.sh SQL stream OUT PORT`, which starts a throwaway MariaDB
/// and streams the workload `sql`), once on an empty workload for the baseline and
/// once on `sql`. Its server listens on `port`, or on a free port when `None`.
pub fn debezium(
    oracle_dir: &Path,
    sql: &Path,
    port: Option<u16>,
) -> Result<DebeziumRun, PeerUnavailable> {
    if which("java").is_none() {
        return Err("java is not installed: no Debezium peer".into());
    }
    let script = oracle_dir.join("reference.sh");
    if !script.is_file() {
        return Err(format!(
            "{} not found: no Debezium peer (pass --debezium-oracle DIR)",
            script.display()
        ));
    }
    let work = tempdir_path().map_err(|e| format!("temporary directory: {e}"))?;
    let empty = work.join("empty.sql");
    std::fs::write(&empty, "CREATE DATABASE ecommerce;\n")
        .map_err(|e| format!("{}: {e}", empty.display()))?;
    let baseline = oracle_run(&script, &empty, &work.join("empty.jsonl"), port)?;
    let workload = oracle_run(&script, sql, &work.join("workload.jsonl"), port)?;
    let _ = std::fs::remove_dir_all(&work);
    Ok(DebeziumRun {
        records: workload.0,
        process_cpu: workload.1,
        baseline_cpu: baseline.1,
        first_to_last: workload.2,
    })
}

fn tempdir_path() -> std::io::Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("tributary-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// One oracle run: (records, process CPU, first-to-idle wall time).
fn oracle_run(
    script: &Path,
    sql: &Path,
    out: &Path,
    port: Option<u16>,
) -> Result<(u64, Duration, Duration), PeerUnavailable> {
    let port = match port {
        Some(port) => port,
        None => std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .map_err(|e| format!("no free port: {e}"))?,
    };
    let output = Command::new(script)
        .arg(sql)
        .arg("stream")
        .arg(out)
        .arg(port.to_string())
        .stdout(Stdio::null())
        .output()
        .map_err(|e| format!("{}: {e}", script.display()))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    parse_oracle_summary(&stderr).ok_or_else(|| {
        format!(
            "the Debezium oracle failed ({}): {}",
            output.status,
            stderr.lines().last().unwrap_or("")
        )
    })
}

/// Parses `oracle: records=N process_cpu_s=S first_to_idle_s=T` (run.sh's last line).
fn parse_oracle_summary(text: &str) -> Option<(u64, Duration, Duration)> {
    let line = text.lines().rev().find(|l| l.starts_with("oracle:"))?;
    let field = |name: &str| {
        line.split_whitespace()
            .find_map(|kv| kv.strip_prefix(name)?.strip_prefix('='))
    };
    let records = field("records")?.parse().ok()?;
    let secs = |name: &str| {
        field(name)?
            .parse::<f64>()
            .ok()
            .filter(|s| s.is_finite() && *s >= 0.0)
            .map(Duration::from_secs_f64)
    };
    Some((records, secs("process_cpu_s")?, secs("first_to_idle_s")?))
}

fn which(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .chain([PathBuf::from("/usr/bin"), PathBuf::from("/usr/local/bin")])
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(path: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("binlog-fixtures")
            .join(path)
    }

    #[test]
    fn decode_counts_the_row_images_mariadb_binlog_prints() {
        // binlog-fixtures/decoded/mariadb_types_mariadb-bin.000001.txt (mariadb-binlog -v)
        // shows 3 inserts, 2 updates and 1 delete in the types scenario (plus the
        // server's own 2-row DELETE from mysql.global_priv at startup).
        let m = decode(&[fixture("mariadb/types/mariadb-bin.000001")], 1).unwrap();
        let decoded =
            std::fs::read(fixture("decoded/mariadb_types_mariadb-bin.000001.txt")).unwrap();
        let decoded = String::from_utf8_lossy(&decoded);
        let printed = decoded
            .lines()
            .filter(|l| {
                l.starts_with("### INSERT ")
                    || l.starts_with("### UPDATE ")
                    || l.starts_with("### DELETE ")
            })
            .count() as u64;
        assert_eq!(m.rows, printed);
        assert!(m.events > 20 && m.bytes > 20_000, "{m}");
    }

    #[test]
    fn the_latency_column_is_found_in_the_value() {
        let value = br#"{"before":null,"after":{"id":1,"committed_at":1764099000123456},"source":{"ts_ms":1}}"#;
        assert_eq!(
            integer_after(value, br#""committed_at":"#),
            Some(1764099000123456)
        );
        assert_eq!(integer_after(value, br#""missing":"#), None);
        let report = LiveReport {
            latencies_us: vec![1, 2, 3, 4, 100],
            ..LiveReport::default()
        };
        assert_eq!(report.latency_quantile(0.5), Some(3));
        assert_eq!(report.latency_quantile(0.99), Some(100));
    }

    #[test]
    fn the_oracle_summary_line_is_parsed() {
        let text = "noise\noracle: records=9 process_cpu_s=2.75 first_to_idle_s=1.06\n";
        let (records, cpu, wall) = parse_oracle_summary(text).unwrap();
        assert_eq!(records, 9);
        assert_eq!(cpu, Duration::from_secs_f64(2.75));
        assert_eq!(wall, Duration::from_secs_f64(1.06));
        assert!(parse_oracle_summary("oracle: records=x").is_none());
    }

    #[tokio::test]
    async fn replay_counts_the_records_the_cli_prints() {
        // reference/seed.stream.jsonl: Debezium's 8 stream records of the seed
        // (compare.py drops its 1 snapshot record; none here).
        let config = ConnectorConfig::load(fixture("scenarios/connector.properties")).unwrap();
        let files = [
            fixture("mariadb/seed/mariadb-bin.000001"),
            fixture("mariadb/seed/mariadb-bin.000002"),
        ];
        let m = replay(&config, &files, 2, None).await.unwrap();
        let reference = std::fs::read_to_string(fixture("reference/seed.stream.jsonl")).unwrap();
        let stream_records = reference
            .lines()
            .filter(|l| {
                !l.contains("\"snapshot\":\"true\"") && !l.contains("\"snapshot\":\"last\"")
            })
            .count() as u64;
        assert_eq!(m.rows, 2 * stream_records, "{m}");
    }

    #[test]
    fn a_truncated_file_is_an_error_not_a_measurement() {
        assert!(decode(&[fixture("mysql/binlog_truncated_event.000001")], 1).is_err());
    }
}
