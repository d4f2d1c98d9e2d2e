//! Orchestration: configuration, filters, the streaming loop, and the two embedding
//! APIs (a `Stream` of change events, and a source task with `poll`/`commit`).
//!
//! Owns the order of work — decode, track schemas, build envelopes, serialize, emit,
//! then commit offsets — but none of the formats: each step is delegated to its module.

pub mod bench;
pub mod config;
mod error;
pub mod filters;
pub mod heartbeat;
pub mod live;
pub mod pipeline;
pub mod processor;
pub mod replay;
pub mod snapshot;
mod task;
pub mod transaction;

pub use error::EngineError;
pub use task::{ChangeStream, SourceRecord, SourceTask};

use crate::emit::Record;
use crate::envelope::{
    BigintUnsignedHandling, BinaryHandling, ConvertingFailureHandling, DecimalHandling,
    EnvelopeConfig, SourceTypePropagation, TimePrecision,
};
use crate::offset::SourceOffset;
use config::ConnectorConfig;
use filters::Filters;
use processor::{ProcessorOptions, QueryEvents, RowShaping};

/// Records produced together, with the offset a restart would resume from once they
/// are all delivered.
#[derive(Debug, Clone)]
pub struct Batch {
    /// Serialized records, in binlog order.
    pub records: Vec<Record>,
    /// The source offset after the last record.
    pub offset: SourceOffset,
}

/// Debezium's context headers (`extended.headers.enabled=true`, its default), which
/// Kafka Connect adds to every record after the record's own headers, in this order:
/// `__debezium.context.connectorLogicalName` (`topic.prefix`), `…taskId` (`0`: one
/// task), `…connectorName` (`mysql`, or `mariadb` for the MariaDB connector) and
/// `…runId` (a UUIDv7 per run) — as the header oracle's records show them
/// (`binlog-fixtures/reference/shaping-*.stream.jsonl`). Empty when disabled.
pub fn context_headers(config: &ConnectorConfig) -> Vec<crate::emit::RecordHeader> {
    if !config.shaping.extended_headers {
        return Vec::new();
    }
    let connector = match config.connector {
        config::ConnectorKind::MySql => "mysql",
        config::ConnectorKind::MariaDb => "mariadb",
    };
    let run_id = uuid::Uuid::now_v7().to_string();
    [
        (
            "__debezium.context.connectorLogicalName",
            config.topic_prefix.as_str(),
        ),
        ("__debezium.context.taskId", "0"),
        ("__debezium.context.connectorName", connector),
        ("__debezium.context.runId", run_id.as_str()),
    ]
    .into_iter()
    .map(|(name, value)| crate::emit::RecordHeader {
        name: std::sync::Arc::from(name),
        value: bytes::Bytes::copy_from_slice(value.as_bytes()),
    })
    .collect()
}

/// The processor settings a connector configuration implies.
pub fn processor_options(config: &ConnectorConfig) -> ProcessorOptions {
    ProcessorOptions {
        envelope: envelope_config(config),
        filters: Filters::from_config(config),
        include_schema_changes: config.include_schema_changes,
        tombstones_on_delete: config.tombstones_on_delete,
        converters: config.converters.clone(),
        schema_fallback: config.tributary.schema_fallback,
        inconsistent_schema: config.inconsistent_schema_handling_mode,
        provide_transaction_metadata: config.provide_transaction_metadata,
        heartbeat_interval: config.heartbeat_interval,
        shaping: RowShaping {
            columns: std::sync::Arc::new(config.shaping.columns.clone()),
            skipped: config.shaping.skipped_operations,
            query_events: config
                .shaping
                .include_query
                .then_some(match config.connector {
                    config::ConnectorKind::MySql => QueryEvents::RowsQuery,
                    config::ConnectorKind::MariaDb => QueryEvents::AnnotateRows,
                }),
        },
    }
}

/// The envelope settings (handling modes, schema parameters) a connector configuration implies.
pub fn envelope_config(config: &ConnectorConfig) -> EnvelopeConfig {
    use config::{
        BigIntUnsignedHandlingMode as B, BinaryHandlingMode as Bin, DecimalHandlingMode as D,
        FailureHandlingMode as F, TimePrecisionMode as T,
    };
    EnvelopeConfig {
        decimal_handling: match config.decimal_handling_mode {
            D::Precise => DecimalHandling::Precise,
            D::Double => DecimalHandling::Double,
            D::String => DecimalHandling::String,
        },
        bigint_unsigned_handling: match config.bigint_unsigned_handling_mode {
            B::Long => BigintUnsignedHandling::Long,
            B::Precise => BigintUnsignedHandling::Precise,
        },
        time_precision: match config.time_precision_mode {
            T::AdaptiveTimeMicroseconds => TimePrecision::AdaptiveTimeMicroseconds,
            T::Connect => TimePrecision::Connect,
            T::IsoString => TimePrecision::IsoString,
            T::Microseconds => TimePrecision::Microseconds,
            T::Nanoseconds => TimePrecision::Nanoseconds,
        },
        binary_handling: match config.binary_handling_mode {
            Bin::Bytes => BinaryHandling::Bytes,
            Bin::Base64 => BinaryHandling::Base64,
            Bin::Base64UrlSafe => BinaryHandling::Base64UrlSafe,
            Bin::Hex => BinaryHandling::Hex,
        },
        converting_failure: match config.event_converting_failure_handling_mode {
            F::Fail => ConvertingFailureHandling::Fail,
            F::Warn => ConvertingFailureHandling::Warn,
            F::Skip => ConvertingFailureHandling::Skip,
        },
        time_adjuster: config.enable_time_adjuster,
        include_schema_comments: config.include_schema_comments,
        propagate_source_type: SourceTypePropagation {
            columns: config.column_propagate_source_type.clone(),
            datatypes: config.datatype_propagate_source_type.clone(),
        },
        topic_naming: config.topic_naming.clone(),
        schema_name_adjustment: config.schema_name_adjustment_mode,
        field_name_adjustment: config.field_name_adjustment_mode,
        ..EnvelopeConfig::new(config.topic_prefix.clone())
    }
}
