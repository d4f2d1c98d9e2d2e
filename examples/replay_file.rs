//! Replay binlog files offline and print each change record's topic and operation.
//!
//! ```text
//! cargo run --example replay_file -- binlog-fixtures/scenarios/connector.properties \
//!     binlog-fixtures/mariadb/seed/mariadb-bin.000001
//! ```

use std::path::PathBuf;

use tributary::engine::config::ConnectorConfig;
use tributary::engine::processor_options;
use tributary::engine::replay::Replay;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let config = args
        .next()
        .unwrap_or_else(|| "binlog-fixtures/scenarios/connector.properties".into());
    let mut files: Vec<PathBuf> = args.map(PathBuf::from).collect();
    if files.is_empty() {
        files.push("binlog-fixtures/mariadb/seed/mariadb-bin.000001".into());
    }
    let config = ConnectorConfig::load(&config)?;
    let mut replay = Replay::new(
        processor_options(&config),
        files,
        None,
        config.max_batch_size,
    );
    while let Some(batch) = replay.next_batch()? {
        for record in &batch.records {
            let op = record
                .value
                .as_ref()
                .and_then(|v| serde_json::from_slice::<serde_json::Value>(v).ok())
                .and_then(|v| v["payload"]["op"].as_str().map(str::to_owned))
                .unwrap_or_else(|| {
                    if record.value.is_none() {
                        "tombstone".into()
                    } else {
                        "schema change".into()
                    }
                });
            println!("{:<45} {op}", record.topic);
        }
        println!(
            "-- resume position after this batch: {}:{}",
            batch.offset.file, batch.offset.pos
        );
    }
    Ok(())
}
