//! Embed Tributary in a Rust service as an async `Stream` of change records.
//!
//! ```text
//! cargo run --example embed_stream -- my-connector.properties
//! ```
//! Connects to the configured server as a replica and prints every change to the
//! captured tables until Ctrl-C.

use tributary::engine::ChangeStream;
use tributary::engine::config::ConnectorConfig;

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "binlog-fixtures/scenarios/connector.properties".into());
    let config = ConnectorConfig::load(&path)?;
    let mut stream = ChangeStream::connect(&config).await?;
    loop {
        tokio::select! {
            _ = tokio::signal::ctrl_c() => break,
            next = std::future::poll_fn(|cx| std::pin::Pin::new(&mut stream).poll_next(cx)) => {
                let Some(event) = next else { break };
                let event = event?;
                let payload = event.value_json().map(|v| v["payload"].clone());
                let op = payload.as_ref().and_then(|p| p["op"].as_str()).unwrap_or("-");
                println!("{} op={op} after={}", event.record.topic,
                    payload.as_ref().map(|p| p["after"].to_string()).unwrap_or_default());
            }
        }
    }
    Ok(())
}

use futures_core::Stream;
