//! Orchestration: configuration, filters, the streaming loop, and the two embedding
//! APIs (a `Stream` of change events, and a source task with `poll`/`commit`).
//!
//! Owns the order of work — decode, track schemas, build envelopes, serialize, emit,
//! then commit offsets — but none of the formats: each step is delegated to its module.

pub mod bench;
pub mod config;
mod error;
pub mod filters;
pub mod live;
pub mod processor;
pub mod replay;
pub mod snapshot;
mod task;

pub use error::EngineError;
pub use task::{ChangeStream, SourceRecord, SourceTask};

use crate::emit::Record;
use crate::envelope::EnvelopeConfig;
use crate::offset::SourceOffset;
use config::ConnectorConfig;
use filters::Filters;
use processor::ProcessorOptions;

/// Records produced together, with the offset a restart would resume from once they
/// are all delivered.
#[derive(Debug, Clone)]
pub struct Batch {
    /// Serialized records, in binlog order.
    pub records: Vec<Record>,
    /// The source offset after the last record.
    pub offset: SourceOffset,
}

/// The processor settings a connector configuration implies.
pub fn processor_options(config: &ConnectorConfig) -> ProcessorOptions {
    ProcessorOptions {
        envelope: EnvelopeConfig::new(config.topic_prefix.clone()),
        filters: Filters::from_config(config),
        include_schema_changes: config.include_schema_changes,
        tombstones_on_delete: config.tombstones_on_delete,
        key_schemas: config.key_schemas_enable,
        value_schemas: config.value_schemas_enable,
        schema_fallback: config.tributary.schema_fallback,
    }
}
