//! The `tributary` command line: a thin shell over `tributary::engine`.
//!
//! Parses arguments, loads the connector `.properties` file, picks an emitter and
//! reports errors as one line on stderr with a non-zero exit code.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};

use tributary::emit::{Emitter, LineEmitter};
use tributary::engine::bench;
use tributary::engine::config::ConnectorConfig;
use tributary::engine::live::{LiveSource, open_offset_store, open_schema_history};
use tributary::engine::pipeline::{Pipeline, queue_batches};
use tributary::engine::processor_options;
use tributary::engine::replay::{Replay, StartPosition};

#[derive(Parser)]
#[command(
    name = "tributary",
    version,
    about = "Change data capture from MySQL/MariaDB binlogs to Debezium-format change events"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Decode binlog files offline and print one JSON line per change record:
    /// {"topic": ..., "key": <key or null>, "value": <value or null>}.
    ///
    /// No server is needed. Schema history and offsets stay in memory; the
    /// configured history and offset stores are not touched. Tables must be created
    /// inside the replayed files (their DDL is what gives the schema).
    Replay {
        /// The Debezium MySQL connector .properties file (old and 3.x names).
        #[arg(long)]
        config: PathBuf,
        /// Emit only from this position on (FILE:POS, e.g. mariadb-bin.000001:1582);
        /// earlier events still update the schema model.
        #[arg(long)]
        start: Option<StartPosition>,
        /// Binlog files, in order.
        #[arg(required = true)]
        binlogs: Vec<PathBuf>,
    },
    /// Connect to the server as a replica and stream change records until
    /// SIGINT/SIGTERM.
    ///
    /// With a stored offset (offset.storage), streaming resumes there with the
    /// schemas rebuilt from the schema history. Without one, snapshot.mode decides
    /// (initial, the default: the captured tables' schemas and existing rows first,
    /// with a progress bar on stderr when it is a terminal, then the binlog from the
    /// snapshot's position). Offsets are stored after the sink acknowledged the
    /// records, every offset.flush.interval.ms and at shutdown.
    Run {
        /// The Debezium MySQL connector .properties file (old and 3.x names).
        #[arg(long)]
        config: PathBuf,
        /// Where records go: stdout (JSON lines) or kafka (the config's Kafka
        /// settings).
        #[arg(long, value_enum, default_value_t = Sink::Stdout)]
        sink: Sink,
    },
    /// Measure throughput on your own binlogs: rows/s and MB per CPU-second, peak
    /// RSS, and a peer measured in the same run where one is installed.
    Bench {
        #[command(subcommand)]
        what: BenchCommand,
    },
}

#[derive(Subcommand)]
enum BenchCommand {
    /// Decode every event and row value of the files (no envelopes), and run
    /// `mariadb-binlog -v` over the same files in the same run when it is installed.
    Decode {
        /// Times to decode the files (more runs, steadier figures).
        #[arg(long, default_value_t = 5)]
        repeat: u32,
        /// Binlog files, in order.
        #[arg(required = true)]
        binlogs: Vec<PathBuf>,
    },
    /// Replay the files into full Debezium records (as `replay` does; schemas on or
    /// off per key/value.converter.schemas.enable), discarding them or writing JSON
    /// lines to --out; with --debezium-sql, the real Debezium connector streams that
    /// workload in the same run (dbz-oracle scripts, Java 17) for a ratio.
    Replay {
        /// The Debezium MySQL connector .properties file.
        #[arg(long)]
        config: PathBuf,
        /// Times to replay the files.
        #[arg(long, default_value_t = 3)]
        repeat: u32,
        /// Write the JSON lines here instead of discarding them.
        #[arg(long)]
        out: Option<PathBuf>,
        /// The SQL workload that wrote the binlogs (e.g.
        /// binlog-fixtures/scenarios/bench-orders.sql), for the Debezium peer.
        #[arg(long)]
        debezium_sql: Option<PathBuf>,
        /// The dbz-oracle directory (reference.sh).
        #[arg(long, default_value = "../shared/tools/dbz-oracle")]
        debezium_oracle: PathBuf,
        /// Port for the Debezium peer's throwaway server (default: a free one).
        #[arg(long)]
        debezium_port: Option<u16>,
        /// Binlog files, in order.
        #[arg(required = true)]
        binlogs: Vec<PathBuf>,
    },
    /// Stream from the configuration's server (database.*) as `run` does, with
    /// offsets and schema history in memory, while --workload runs through the
    /// `mariadb` client; prints records/s and MB/s (first to last record), CPU
    /// seconds, peak RSS and, with --latency-column, commit-to-emit p50/p99. With
    /// --workload and Java plus the dbz-oracle directory present, the real Debezium
    /// streams the same workload in the same run. Without --workload, streams until
    /// SIGINT.
    Live {
        /// The Debezium MySQL connector .properties file.
        #[arg(long)]
        config: PathBuf,
        /// Where records go: discarded after serialization, stdout, or Kafka.
        #[arg(long, value_enum, default_value_t = BenchSink::Discard)]
        sink: BenchSink,
        /// SQL run against the server once streaming is connected (e.g.
        /// binlog-fixtures/scenarios/bench-orders.sql); the run ends once it finished
        /// and no record came for --idle-ms.
        #[arg(long)]
        workload: Option<PathBuf>,
        /// A DATETIME(6) column the workload fills with NOW(6) in a UTC session:
        /// the latency from it to the record reaching the emitter is measured.
        #[arg(long)]
        latency_column: Option<String>,
        /// Quiet time after the workload that ends the run.
        #[arg(long, default_value_t = 1000)]
        idle_ms: u64,
        /// Skip the Debezium peer.
        #[arg(long)]
        no_debezium: bool,
        /// The dbz-oracle directory (reference.sh).
        #[arg(long, default_value = "../shared/tools/dbz-oracle")]
        debezium_oracle: PathBuf,
        /// Port for the Debezium peer's throwaway server (default: a free one).
        #[arg(long)]
        debezium_port: Option<u16>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum BenchSink {
    Discard,
    Stdout,
    Kafka,
}

#[derive(Clone, Copy, ValueEnum)]
enum Sink {
    Stdout,
    Kafka,
}

fn main() -> ExitCode {
    keep_freed_heap();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    // Streaming overlaps reading and emitting (engine::pipeline): one worker thread
    // for the source, the emit loop on this thread. Offline commands need no more
    // than this thread.
    let mut builder = match &cli.command {
        Command::Run { .. }
        | Command::Bench {
            what: BenchCommand::Live { .. },
        } => {
            let mut builder = tokio::runtime::Builder::new_multi_thread();
            builder.worker_threads(1);
            builder
        }
        _ => tokio::runtime::Builder::new_current_thread(),
    };
    let runtime = match builder.enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", one_line(&e));
            ExitCode::FAILURE
        }
    }
}

/// Lets glibc keep up to 16 MiB of freed memory at the top of the heap instead of
/// returning it after every batch: a batch of records (a few MB with schemas) is
/// allocated and freed again and again, and giving it back each time made the kernel
/// fault the same pages in anew — twice the CPU of the replay itself, in system time.
fn keep_freed_heap() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes allocator tuning; called before any thread starts.
    unsafe {
        libc::mallopt(libc::M_TRIM_THRESHOLD, 16 << 20);
        libc::mallopt(libc::M_MMAP_THRESHOLD, 16 << 20);
    }
}

/// The error and its causes on one line.
fn one_line(e: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
    }
    parts.join(": ").replace('\n', " ")
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Replay {
            config,
            start,
            binlogs,
        } => replay(&config, start, binlogs).await,
        Command::Run { config, sink } => stream(&config, sink).await,
        Command::Bench {
            what: BenchCommand::Decode { repeat, binlogs },
        } => bench_decode(&binlogs, repeat),
        Command::Bench {
            what:
                BenchCommand::Replay {
                    config,
                    repeat,
                    out,
                    debezium_sql,
                    debezium_oracle,
                    debezium_port,
                    binlogs,
                },
        } => {
            let peer = debezium_sql.map(|sql| (debezium_oracle, sql));
            bench_replay(
                &config,
                &binlogs,
                repeat,
                out.as_deref(),
                peer,
                debezium_port,
            )
            .await
        }
        Command::Bench {
            what:
                BenchCommand::Live {
                    config,
                    sink,
                    workload,
                    latency_column,
                    idle_ms,
                    no_debezium,
                    debezium_oracle,
                    debezium_port,
                },
        } => {
            let load = bench::LiveWorkload {
                sql: workload,
                latency_column,
                idle: std::time::Duration::from_millis(idle_ms),
            };
            let peer = (!no_debezium).then_some((debezium_oracle, debezium_port));
            bench_live(&config, sink, &load, peer).await
        }
    }
}

/// Loads the connector configuration. Its warnings (keys without effect) are shown
/// for `run`; a replay touches no store or server, so there they are only logged at
/// info level (`RUST_LOG=info`).
fn load_config(path: &PathBuf, live: bool) -> anyhow::Result<ConnectorConfig> {
    let config = ConnectorConfig::load(path).with_context(|| format!("{}", path.display()))?;
    for warning in &config.warnings {
        if live {
            tracing::warn!("{}: {warning}", path.display());
        } else {
            tracing::info!("{}: {warning}", path.display());
        }
    }
    Ok(config)
}

async fn replay(
    config: &PathBuf,
    start: Option<StartPosition>,
    binlogs: Vec<PathBuf>,
) -> anyhow::Result<()> {
    let config = load_config(config, false)?;
    if config.heartbeat_action_query.is_some() {
        tracing::warn!("heartbeat.action.query is not run by replay: there is no server");
    }
    let opts = processor_options(&config);
    let mut replay = Replay::new(opts, binlogs, start, config.max_batch_size);
    let mut emitter = stdout_emitter(&config);
    replay.run(&mut emitter).await?;
    Ok(())
}

async fn stream(config: &PathBuf, sink: Sink) -> anyhow::Result<()> {
    let config = load_config(config, true)?;
    let shutdown = shutdown_signal();
    if config.offset_storage.exactly_once {
        return stream_exactly_once(&config, sink, shutdown).await;
    }
    let mut emitter = make_emitter(&config, sink)?;
    let opts = processor_options(&config);
    let mut offsets = open_offset_store(&config)?;
    let resume = offsets.load()?;
    let history = open_schema_history(&config)?;
    let source = LiveSource::start(&config, opts, history, resume.as_ref()).await?;
    let progress_bar = source.snapshot_progress().map(show_snapshot_progress);
    // Reading, decoding and serializing run on their own task while the previous
    // batches are emitted here.
    let mut pipeline = Pipeline::spawn(
        source,
        queue_batches(config.max_queue_size, config.max_batch_size),
    );
    let flush_interval = config.offset_storage.flush_interval;
    let mut last_flush = std::time::Instant::now();
    let mut acknowledged = None;
    tokio::pin!(shutdown);
    let outcome: anyhow::Result<()> = loop {
        tokio::select! {
            _ = &mut shutdown => break Ok(()),
            batch = pipeline.next() => {
                let batch = match batch {
                    Ok(Some(batch)) => batch,
                    Ok(None) => break Ok(()),
                    Err(e) => break Err(e.into()),
                };
                // The offset may be stored only once the sink acknowledged the batch.
                if let Err(e) = emitter.emit(&batch.records).await {
                    break Err(e.into());
                }
                acknowledged = Some(batch.offset);
                if last_flush.elapsed() >= flush_interval
                    && let Some(offset) = acknowledged.take()
                {
                    offsets.commit(&offset)?;
                    last_flush = std::time::Instant::now();
                }
            }
        }
    };
    // Batches still queued were never emitted: their offsets are not stored.
    pipeline.stop();
    if let Some(mut bar) = progress_bar {
        // Let a completed snapshot's bar draw its last line.
        let _ = tokio::time::timeout(std::time::Duration::from_millis(300), &mut bar).await;
        bar.abort();
    }
    // What the sink acknowledged is stored even when the stream ended with an error.
    if let Some(offset) = acknowledged {
        offsets.commit(&offset)?;
    }
    outcome?;
    emitter.close().await?;
    Ok(())
}

/// Draws the snapshot's progress on stderr (hidden when stderr is not a terminal)
/// until the snapshot completes: rows done of the estimated total, and the table being
/// read with its own count.
fn show_snapshot_progress(
    progress: std::sync::Arc<tributary::engine::snapshot::SnapshotProgress>,
) -> tokio::task::JoinHandle<()> {
    use std::sync::atomic::Ordering;
    let bar = indicatif::ProgressBar::new(progress.rows_estimated().max(1));
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "snapshot {bar:30} {pos}/~{len} rows ({per_sec}, {elapsed}) {msg}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    tokio::spawn(async move {
        loop {
            let done = progress.rows_done();
            if done > bar.length().unwrap_or(0) {
                bar.set_length(done);
            }
            bar.set_position(done);
            let current = progress.current.load(Ordering::Relaxed);
            if let Some(table) = progress.tables.get(current) {
                bar.set_message(format!(
                    "table {}/{} {}: {}/~{}",
                    current + 1,
                    progress.tables.len(),
                    table.name,
                    table.rows.load(Ordering::Relaxed),
                    table.estimated_rows
                ));
            }
            if progress.completed.load(Ordering::Relaxed) {
                bar.finish_with_message(format!(
                    "{} tables, {} rows",
                    progress.tables.len(),
                    progress.rows_done()
                ));
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    })
}

/// `exactly.once.support`: each batch and its offset record go to Kafka in one
/// transaction, so what `read_committed` consumers see and the stored offset never
/// disagree — a crash re-emits nothing.
#[cfg(feature = "kafka")]
async fn stream_exactly_once(
    config: &ConnectorConfig,
    sink: Sink,
    shutdown: impl std::future::Future<Output = ()>,
) -> anyhow::Result<()> {
    if !matches!(sink, Sink::Kafka) {
        anyhow::bail!(
            "exactly.once.support is set: records must go to Kafka (--sink kafka) to be \
             written in one transaction with their offsets"
        );
    }
    let offsets = open_offset_store(config)?;
    let transactional_id = config
        .offset_storage
        .transactional_id
        .clone()
        .unwrap_or_else(|| "tributary-0".into());
    let settings = config.kafka_producer_settings()?;
    let mut emitter = tributary::emit::KafkaEmitter::transactional(&settings, &transactional_id)?
        .with_context_headers(tributary::engine::context_headers(config));
    let resume = offsets.load()?;
    let history = open_schema_history(config)?;
    let opts = processor_options(config);
    let mut source = LiveSource::start(config, opts, history, resume.as_ref()).await?;
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            _ = &mut shutdown => break,
            batch = source.next_batch() => {
                let Some(batch) = batch? else { break };
                let record = offsets.record(&batch.offset).ok_or_else(|| {
                    anyhow::anyhow!("the offset store cannot be written in a Kafka transaction")
                })?;
                let offset_record = tributary::emit::Record::new(
                    record.topic.as_str().into(),
                    Some(record.key.into()),
                    Some(record.value.into()),
                );
                emitter.emit_transaction(&batch.records, &offset_record).await?;
            }
        }
    }
    emitter.close().await?;
    Ok(())
}

#[cfg(not(feature = "kafka"))]
async fn stream_exactly_once(
    _config: &ConnectorConfig,
    _sink: Sink,
    _shutdown: impl std::future::Future<Output = ()>,
) -> anyhow::Result<()> {
    anyhow::bail!("exactly.once.support needs Kafka; this build of tributary has no Kafka support")
}

fn bench_decode(binlogs: &[PathBuf], repeat: u32) -> anyhow::Result<()> {
    let ours = bench::decode(binlogs, repeat)?;
    println!("{ours}");
    match bench::mariadb_binlog(binlogs, repeat) {
        Some(peer) => {
            println!("{peer}");
            let ratio =
                ours.rows_per_cpu_second() / peer.rows_per_cpu_second().max(f64::MIN_POSITIVE);
            println!(
                "ratio: tributary decodes {ratio:.1}x the rows per CPU-second of mariadb-binlog -v"
            );
        }
        None => {
            println!("peer: mariadb-binlog is not installed (or failed on these files): no ratio")
        }
    }
    Ok(())
}

async fn bench_replay(
    config: &PathBuf,
    binlogs: &[PathBuf],
    repeat: u32,
    out: Option<&std::path::Path>,
    peer: Option<(PathBuf, PathBuf)>,
    port: Option<u16>,
) -> anyhow::Result<()> {
    let config = load_config(config, false)?;
    let ours = bench::replay(&config, binlogs, repeat, out).await?;
    println!("{ours}");
    let Some((oracle, sql)) = peer else {
        println!("peer: none requested (--debezium-sql WORKLOAD.sql runs Debezium on it)");
        return Ok(());
    };
    match bench::debezium(&oracle, &sql, port) {
        Ok(run) => {
            let theirs = run.measurement();
            println!(
                "{theirs}  (process CPU {:.2}s minus {:.2}s of JVM start and idle)",
                run.process_cpu.as_secs_f64(),
                run.baseline_cpu.as_secs_f64()
            );
            let per_repeat = ours.rows / u64::from(repeat.max(1));
            if per_repeat != theirs.rows {
                println!(
                    "note: Debezium emitted {} records, this replay {per_repeat} per run",
                    theirs.rows
                );
            }
            let ratio =
                ours.rows_per_cpu_second() / theirs.rows_per_cpu_second().max(f64::MIN_POSITIVE);
            println!("ratio: tributary emits {ratio:.1}x the events per CPU-second of Debezium");
        }
        Err(why) => println!("peer: {why}"),
    }
    Ok(())
}

/// Lines on stdout; Avro keys/values as base64 strings.
fn stdout_emitter(config: &ConnectorConfig) -> tributary::emit::StdoutEmitter {
    LineEmitter::stdout().base64_binary(
        config.converters.key.is_binary(),
        config.converters.value.is_binary(),
    )
}

async fn bench_live(
    config: &PathBuf,
    sink: BenchSink,
    workload: &bench::LiveWorkload,
    peer: Option<(PathBuf, Option<u16>)>,
) -> anyhow::Result<()> {
    let config = load_config(config, true)?;
    let mut emitter = match sink {
        BenchSink::Discard => None,
        BenchSink::Stdout => Some(make_emitter(&config, Sink::Stdout)?),
        BenchSink::Kafka => Some(make_emitter(&config, Sink::Kafka)?),
    };
    let report = bench::live(
        &config,
        emitter.as_mut().map(|e| e.as_mut() as &mut dyn Emitter),
        workload,
        shutdown_signal(),
    )
    .await?;
    let m = &report.measurement;
    // With records on stdout, the figures go to stderr.
    let say = |line: String| match sink {
        BenchSink::Stdout => eprintln!("{line}"),
        _ => println!("{line}"),
    };
    say(format!("{m}"));
    say(format!(
        "tributary live: {:.0} records/s, {:.1} MB/s (first to last record, wall)",
        report.records_per_wall_second(),
        report.mb_per_wall_second()
    ));
    if workload.latency_column.is_some() {
        match (
            report.latency_quantile(0.5),
            report.latency_quantile(0.99),
            report.latency_quantile(1.0),
        ) {
            (Some(p50), Some(p99), Some(max)) => say(format!(
                "commit-to-emit latency over {} records: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
                report.latencies_us.len(),
                p50 as f64 / 1000.0,
                p99 as f64 / 1000.0,
                max as f64 / 1000.0
            )),
            _ => say("commit-to-emit latency: no record carried the latency column".into()),
        }
    }
    let (Some((oracle, port)), Some(sql)) = (peer.as_ref(), workload.sql.as_ref()) else {
        say(if peer.is_none() {
            "peer: skipped (--no-debezium)".into()
        } else {
            "peer: none (the Debezium peer needs --workload)".into()
        });
        return Ok(());
    };
    let (oracle, port) = (oracle.clone(), *port);
    match bench::debezium(&oracle, sql, port) {
        Ok(run) => {
            let theirs = run.measurement();
            say(format!(
                "{theirs}  (process CPU {:.2}s minus {:.2}s of JVM start and idle)",
                run.process_cpu.as_secs_f64(),
                run.baseline_cpu.as_secs_f64()
            ));
            let their_rate = per_second(theirs.rows, run.first_to_last);
            say(format!(
                "debezium live: {their_rate:.0} records/s (first record to idle, wall)"
            ));
            if theirs.rows != m.rows {
                say(format!(
                    "note: Debezium emitted {} records, tributary {}",
                    theirs.rows, m.rows
                ));
            }
            say(format!(
                "ratio: tributary {:.1}x Debezium's records per wall-second, {:.1}x per CPU-second",
                report.records_per_wall_second() / their_rate.max(f64::MIN_POSITIVE),
                m.rows_per_cpu_second() / theirs.rows_per_cpu_second().max(f64::MIN_POSITIVE)
            ));
        }
        Err(why) => say(format!("peer: {why}")),
    }
    Ok(())
}

fn per_second(count: u64, time: std::time::Duration) -> f64 {
    let secs = time.as_secs_f64();
    if secs > 0.0 { count as f64 / secs } else { 0.0 }
}

fn make_emitter(config: &ConnectorConfig, sink: Sink) -> anyhow::Result<Box<dyn Emitter>> {
    match sink {
        Sink::Stdout => Ok(Box::new(stdout_emitter(config))),
        Sink::Kafka => kafka_emitter(config),
    }
}

#[cfg(feature = "kafka")]
fn kafka_emitter(config: &ConnectorConfig) -> anyhow::Result<Box<dyn Emitter>> {
    let settings = config.kafka_producer_settings()?;
    Ok(Box::new(
        tributary::emit::KafkaEmitter::new(&settings)?
            .with_context_headers(tributary::engine::context_headers(config)),
    ))
}

#[cfg(not(feature = "kafka"))]
fn kafka_emitter(_config: &ConnectorConfig) -> anyhow::Result<Box<dyn Emitter>> {
    anyhow::bail!(
        "this build of tributary has no Kafka support (built without the `kafka` feature)"
    )
}

/// Resolves on SIGINT or SIGTERM. The handlers are installed when this is called,
/// not when the future is first polled, so a signal arriving while a batch is being
/// emitted or during startup still ends the loop cleanly (and stores the offset).
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let interrupt = signal(SignalKind::interrupt());
        let terminate = signal(SignalKind::terminate());
        async move {
            match (interrupt, terminate) {
                (Ok(mut interrupt), Ok(mut terminate)) => {
                    tokio::select! {
                        _ = interrupt.recv() => {},
                        _ = terminate.recv() => {},
                    }
                }
                _ => {
                    let _ = tokio::signal::ctrl_c().await;
                }
            }
        }
    }
    #[cfg(not(unix))]
    {
        async {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}
