//! Drive Tributary as a source task, the way a connector runtime does: `poll` a
//! batch, deliver it, then `commit` its offset.
//!
//! ```text
//! cargo run --example source_task -- my-connector.properties
//! ```

use tributary::engine::SourceTask;
use tributary::engine::config::ConnectorConfig;

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "binlog-fixtures/scenarios/connector.properties".into());
    let config = ConnectorConfig::load(&path)?;
    let mut task = SourceTask::start(&config).await?;
    loop {
        let batch = tokio::select! {
            _ = tokio::signal::ctrl_c() => break,
            batch = task.poll() => batch?,
        };
        let Some(batch) = batch else { break };
        // "Deliver" the batch: a real runtime hands the records to its producer here.
        for record in &batch.records {
            println!(
                "{} ({} value bytes)",
                record.topic,
                record.value.as_ref().map_or(0, |v| v.len())
            );
        }
        // Only once delivered does the offset count as done.
        task.commit(&batch.offset)?;
        println!("committed {}:{}", batch.offset.file, batch.offset.pos);
    }
    Ok(())
}
