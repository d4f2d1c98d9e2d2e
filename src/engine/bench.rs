//! Whole-run benchmarks behind `tributary bench`: measured figures for the user's own
//! binlogs, with a peer measured in the same run where one is installed.
//!
//! Owns the measurement (CPU seconds from `getrusage`, peak RSS, rows and bytes) and
//! running the peer (`mariadb-binlog -v`). Decoding itself is `binlog`'s; this module
//! only drives it the way the engine does (every event, every row value).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::binlog::{BinlogFileReader, Decoder, Event};
use crate::engine::EngineError;

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
            "{:<22} rows={:<9} events={:<9} cpu={:.3}s wall={:.3}s  {:>12.0} rows/cpu-s  {:>8.1} MB/cpu-s",
            self.name,
            self.rows,
            self.events,
            self.cpu.as_secs_f64(),
            self.wall.as_secs_f64(),
            self.rows_per_cpu_second(),
            self.mb_per_cpu_second()
        )?;
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
    fn a_truncated_file_is_an_error_not_a_measurement() {
        assert!(decode(&[fixture("mysql/binlog_truncated_event.000001")], 1).is_err());
    }
}
