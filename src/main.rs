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
    /// With an offset in offset.storage.file.filename, streaming resumes there with
    /// the schemas rebuilt from the schema history; otherwise it starts at the
    /// server's current binlog position after reading (and recording in the history)
    /// the captured tables' current definitions. Offsets are stored after the sink
    /// acknowledged the records, every offset.flush.interval.ms and at shutdown.
    /// Snapshots of existing rows (snapshot.mode=initial) are not implemented yet:
    /// existing rows are not emitted.
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
}

#[derive(Clone, Copy, ValueEnum)]
enum Sink {
    Stdout,
    Kafka,
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
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
    let opts = processor_options(&config);
    let mut replay = Replay::new(opts, binlogs, start, config.max_batch_size);
    let mut emitter = LineEmitter::stdout();
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
    let mut source = LiveSource::start(&config, opts, history, resume.as_ref()).await?;
    let flush_interval = config.offset_storage.flush_interval;
    let mut last_flush = std::time::Instant::now();
    let mut acknowledged = None;
    tokio::pin!(shutdown);
    let outcome: anyhow::Result<()> = loop {
        tokio::select! {
            _ = &mut shutdown => break Ok(()),
            batch = source.next_batch() => {
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
    // What the sink acknowledged is stored even when the stream ended with an error.
    if let Some(offset) = acknowledged {
        offsets.commit(&offset)?;
    }
    outcome?;
    emitter.close().await?;
    Ok(())
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
    let mut emitter = tributary::emit::KafkaEmitter::transactional(&settings, &transactional_id)?;
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
                let offset_record = tributary::emit::Record {
                    topic: record.topic.as_str().into(),
                    key: Some(record.key.into()),
                    value: Some(record.value.into()),
                };
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

fn make_emitter(config: &ConnectorConfig, sink: Sink) -> anyhow::Result<Box<dyn Emitter>> {
    match sink {
        Sink::Stdout => Ok(Box::new(LineEmitter::stdout())),
        Sink::Kafka => kafka_emitter(config),
    }
}

#[cfg(feature = "kafka")]
fn kafka_emitter(config: &ConnectorConfig) -> anyhow::Result<Box<dyn Emitter>> {
    let settings = config.kafka_producer_settings()?;
    Ok(Box::new(tributary::emit::KafkaEmitter::new(&settings)?))
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
