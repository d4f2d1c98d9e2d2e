//! Heartbeats (`heartbeat.interval.ms`): Debezium's `HeartbeatImpl` as the binlog
//! connectors drive it.
//!
//! Debezium's binlog reader calls `dispatchHeartbeatEvent` after every binlog event it
//! handled (`BinlogStreamingChangeEventSource.handleEvent`), including the server's
//! HEARTBEAT_LOG_EVENTs of an idle connection; a record goes out when
//! `heartbeat.interval.ms` has passed since the last one (or since the start), with
//! the offset of the stream at that point. This module owns that clock and the
//! record: key `{serverName: <topic.prefix>}`, value `{ts_ms: <wall clock>}`, on
//! `__debezium-heartbeat.<prefix>` (see `TopicNaming::heartbeat_topic`). The callers
//! decide when to ask ([`Heartbeat::beat_if_due`] after each event) and attach the
//! offset: the live stream hands the record out in a batch whose offset is the
//! processor's, so an idle or filtered stream still commits its progress; a replay
//! asks after each event too, on the wall clock, as Debezium would have while
//! reading the same events (on a fast replay that is usually none or a few).
//!
//! `heartbeat.action.query` is run by the live stream after each heartbeat record,
//! as `DatabaseHeartbeatImpl` runs it after `HeartbeatImpl` emitted; it must not run
//! anything itself.

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use bytes::Bytes;

use crate::emit::Record;
use crate::envelope::{EnvelopeConfig, HeartbeatEvent, heartbeat_topic};
use crate::format::JsonConverter;

/// The heartbeat clock and record builder of one stream.
#[derive(Debug)]
pub struct Heartbeat {
    interval: Duration,
    topic: Arc<str>,
    server_name: String,
    json: JsonConverter,
    key: Bytes,
    /// When the next heartbeat is due (`heartbeatTimeout`).
    due: Instant,
}

impl Heartbeat {
    /// A heartbeat every `interval` for the connector `cfg` describes; the first is
    /// due `interval` after `now`. The flags are `key/value.converter.schemas.enable`.
    pub fn new(
        interval: Duration,
        cfg: &EnvelopeConfig,
        key_schemas: bool,
        value_schemas: bool,
        now: Instant,
    ) -> Self {
        let json = JsonConverter::new(key_schemas, value_schemas);
        let event = HeartbeatEvent {
            server_name: &cfg.topic_prefix,
            ts_ms: 0,
        };
        let mut key = Vec::new();
        json.heartbeat_key(&event, &mut key);
        Heartbeat {
            interval,
            topic: heartbeat_topic(cfg),
            server_name: cfg.topic_prefix.clone(),
            json,
            key: Bytes::from(key),
            due: now + interval,
        }
    }

    /// `heartbeat.interval.ms`.
    pub fn interval(&self) -> Duration {
        self.interval
    }

    /// `emitWithDelay`: the heartbeat record when the interval has passed at `now`
    /// (and the clock restarts), else `None`.
    pub fn beat_if_due(&mut self, now: Instant) -> Option<Record> {
        if now < self.due {
            return None;
        }
        self.due = now + self.interval;
        Some(self.record(wall_clock_ms()))
    }

    /// The heartbeat record with value `ts_ms`.
    pub fn record(&self, ts_ms: i64) -> Record {
        let event = HeartbeatEvent {
            server_name: &self.server_name,
            ts_ms,
        };
        let mut value = Vec::with_capacity(160);
        self.json.heartbeat_value(&event, &mut value);
        Record::new(
            self.topic.clone(),
            Some(self.key.clone()),
            Some(Bytes::from(value)),
        )
    }
}

/// Milliseconds since the epoch (`Instant.now().toEpochMilli()`).
fn wall_clock_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first heartbeat record of `reference/transactions.naming.stream.jsonl`
    /// (Debezium 3.6.3, `topic.heartbeat.prefix=hb`, `topic.delimiter=_`), except
    /// its `ts_ms`, which is the wall clock of that run.
    const ORACLE_HEARTBEAT: &str = r#"{"topic":"hb_ecommerce-server","key":{"schema":{"type":"struct","fields":[{"type":"string","optional":false,"field":"serverName"}],"optional":false,"name":"io.debezium.connector.common.ServerNameKey","version":1},"payload":{"serverName":"ecommerce-server"}},"value":{"schema":{"type":"struct","fields":[{"type":"int64","optional":false,"field":"ts_ms"}],"optional":false,"name":"io.debezium.connector.common.Heartbeat","version":1},"payload":{"ts_ms":1795632153000}}}"#;

    #[test]
    fn the_record_is_debeziums() {
        let mut cfg = EnvelopeConfig::new("ecommerce-server");
        cfg.topic_naming.heartbeat_prefix = "hb".into();
        cfg.topic_naming.delimiter = "_".into();
        let hb = Heartbeat::new(Duration::from_secs(1), &cfg, true, true, Instant::now());
        let record = hb.record(1_795_632_153_000);
        let oracle: serde_json::Value = serde_json::from_str(ORACLE_HEARTBEAT).unwrap();
        assert_eq!(record.topic.as_ref(), oracle["topic"]);
        let key: serde_json::Value = serde_json::from_slice(record.key.as_ref().unwrap()).unwrap();
        let value: serde_json::Value =
            serde_json::from_slice(record.value.as_ref().unwrap()).unwrap();
        assert_eq!(key, oracle["key"]);
        assert_eq!(value, oracle["value"]);
    }

    #[test]
    fn due_once_per_interval() {
        let start = Instant::now();
        let cfg = EnvelopeConfig::new("p");
        let mut hb = Heartbeat::new(Duration::from_millis(100), &cfg, false, false, start);
        assert!(hb.beat_if_due(start + Duration::from_millis(99)).is_none());
        let record = hb.beat_if_due(start + Duration::from_millis(100)).unwrap();
        assert_eq!(record.topic.as_ref(), "__debezium-heartbeat.p");
        assert_eq!(record.key.as_deref(), Some(&br#"{"serverName":"p"}"#[..]));
        assert!(hb.beat_if_due(start + Duration::from_millis(150)).is_none());
        assert!(hb.beat_if_due(start + Duration::from_millis(200)).is_some());
    }
}
