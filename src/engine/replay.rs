//! Offline replay: binlog files on disk → change records, with no server.
//!
//! Owns the walk over one or many files in order, the optional start position and
//! batching. Schema history and offsets stay in memory: a replay never touches the
//! configured history or offset stores.
//!
//! Heartbeats (`heartbeat.interval.ms`) follow Debezium's rule on the wall clock: after
//! each event, a heartbeat record when the interval has passed since the last one, as
//! the connector would have emitted them reading these events at this speed. A replay
//! is fast, so it usually emits none or a few; `heartbeat.action.query` is not run
//! (there is no server).

use std::path::{Path, PathBuf};

use crate::binlog::BinlogFileReader;
use crate::emit::{Emitter, Record};
use crate::engine::heartbeat::Heartbeat;
use crate::engine::processor::{ChangeProcessor, ProcessorOptions};
use crate::engine::{Batch, EngineError};

/// Where a replay starts emitting: events before it only update the schema model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartPosition {
    /// Binlog file name (the file's base name, e.g. `mariadb-bin.000002`).
    pub file: String,
    /// Byte position of the first event to emit.
    pub pos: u64,
}

impl std::str::FromStr for StartPosition {
    type Err = String;

    /// Parses `FILE:POS`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (file, pos) = s
            .rsplit_once(':')
            .ok_or_else(|| format!("expected FILE:POS, found `{s}`"))?;
        let pos = pos
            .parse::<u64>()
            .map_err(|_| format!("expected a byte position after `:`, found `{pos}`"))?;
        if file.is_empty() {
            return Err(format!("expected FILE:POS, found `{s}`"));
        }
        Ok(StartPosition {
            file: file.to_string(),
            pos,
        })
    }
}

/// A replay in progress: yields batches of records, file after file.
pub struct Replay {
    processor: ChangeProcessor,
    files: Vec<PathBuf>,
    next_file: usize,
    reader: Option<BinlogFileReader>,
    start: Option<StartPosition>,
    /// False until the start position was reached.
    emitting: bool,
    max_batch: usize,
    /// `heartbeat.interval.ms`.
    heartbeat: Option<Heartbeat>,
}

impl Replay {
    /// Prepares a replay of `files` in the given order.
    pub fn new(
        opts: ProcessorOptions,
        files: Vec<PathBuf>,
        start: Option<StartPosition>,
        max_batch: usize,
    ) -> Self {
        let first = files.first().map(|f| file_name(f)).unwrap_or_default();
        let heartbeat = opts.heartbeat_interval.map(|interval| {
            Heartbeat::new(
                interval,
                &opts.envelope,
                opts.converters.json_schemas_enable().0,
                opts.converters.json_schemas_enable().1,
                std::time::Instant::now(),
            )
        });
        Replay {
            heartbeat,
            processor: ChangeProcessor::new(opts, first),
            files,
            next_file: 0,
            reader: None,
            emitting: start.is_none(),
            start,
            max_batch: max_batch.max(1),
        }
    }

    /// The next batch of records, or `None` once every file was read.
    pub fn next_batch(&mut self) -> Result<Option<Batch>, EngineError> {
        let mut records: Vec<Record> = Vec::with_capacity(self.max_batch);
        loop {
            let Some(reader) = self.current_reader()? else {
                return Ok(self.finish_batch(records));
            };
            let next = reader.next_event();
            let raw = match next {
                Ok(Some(raw)) => raw,
                Ok(None) => {
                    self.reader = None;
                    self.follow_rotate();
                    continue;
                }
                Err(source) => return Err(EngineError::Read(source)),
            };
            self.check_start(raw.pos);
            if let Err(e) = self
                .processor
                .process(&raw.bytes, raw.pos, self.emitting, &mut records)
            {
                return Err(self.in_file(e));
            }
            if self.emitting
                && let Some(heartbeat) = &mut self.heartbeat
                && let Some(record) = heartbeat.beat_if_due(std::time::Instant::now())
            {
                records.push(record);
            }
            // A batch may end inside a transaction: the offset then names the events
            // already emitted, so memory stays bounded by max.batch.size, not by the
            // size of a transaction.
            if records.len() >= self.max_batch {
                return Ok(self.finish_batch(records));
            }
        }
    }

    /// Replays everything into `emitter`; returns the number of records emitted.
    pub async fn run(&mut self, emitter: &mut dyn Emitter) -> Result<u64, EngineError> {
        let mut count = 0u64;
        while let Some(batch) = self.next_batch()? {
            emitter.emit(&batch.records).await?;
            count += batch.records.len() as u64;
        }
        emitter.close().await?;
        Ok(count)
    }

    /// Names the file on disk too when the events carry another binlog name.
    fn in_file(&self, error: EngineError) -> EngineError {
        let Some(path) = self
            .next_file
            .checked_sub(1)
            .and_then(|i| self.files.get(i))
        else {
            return error;
        };
        if file_name(path) == self.processor.file() {
            return error;
        }
        EngineError::InFile {
            path: path.display().to_string(),
            source: Box::new(error),
        }
    }

    fn finish_batch(&self, records: Vec<Record>) -> Option<Batch> {
        (!records.is_empty()).then(|| Batch {
            records,
            offset: self.processor.offset(),
        })
    }

    /// The files replayed so far and still to replay, in order (listed files, then
    /// the ones followed through ROTATE events).
    pub fn files(&self) -> &[PathBuf] {
        &self.files
    }

    /// After the last listed file: when its final ROTATE_EVENT names a file that lies
    /// beside it (the next binlog or relay log), that file is read next, as a replica
    /// follows the rotation. Names with path separators are never followed.
    fn follow_rotate(&mut self) {
        if self.next_file < self.files.len() {
            return;
        }
        let Some(current) = self
            .next_file
            .checked_sub(1)
            .and_then(|i| self.files.get(i))
        else {
            return;
        };
        let rotated = self.processor.file();
        if rotated == file_name(current)
            || rotated.is_empty()
            || rotated.contains(['/', '\\'])
            || rotated == ".."
        {
            return;
        }
        let candidate = current.with_file_name(rotated);
        if candidate.is_file() && !self.files.contains(&candidate) {
            self.files.push(candidate);
        }
    }

    fn current_reader(&mut self) -> Result<Option<&mut BinlogFileReader>, EngineError> {
        if self.reader.is_none() {
            let Some(path) = self.files.get(self.next_file) else {
                return Ok(None);
            };
            let reader = BinlogFileReader::open(path).map_err(EngineError::Read)?;
            self.processor.set_file(file_name(path));
            self.next_file += 1;
            self.reader = Some(reader);
        }
        Ok(self.reader.as_mut())
    }

    fn check_start(&mut self, pos: u64) {
        if let Some(start) = &self.start
            && !self.emitting
            && self.processor.file() == start.file
            && pos >= start.pos
        {
            self.emitting = true;
        }
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn fixture(path: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("binlog-fixtures")
            .join(path)
    }

    fn seed_options() -> ProcessorOptions {
        let text = std::fs::read_to_string(fixture("scenarios/connector.properties")).unwrap();
        let map = crate::engine::config::parse_properties(&text, "connector.properties").unwrap();
        let config = crate::engine::config::ConnectorConfig::from_properties(&map).unwrap();
        crate::engine::processor_options(&config)
    }

    #[test]
    fn follows_the_final_rotate_to_the_next_file_beside_it() {
        // mariadb-bin.000001 ends with ROTATE to mariadb-bin.000002 (see
        // binlog-fixtures/decoded/mariadb_seed_mariadb-bin.000001.txt).
        let first = fixture("mariadb/seed/mariadb-bin.000001");
        let mut replay = Replay::new(seed_options(), vec![first.clone()], None, 64);
        let mut records = 0;
        while let Some(batch) = replay.next_batch().unwrap() {
            records += batch.records.len();
        }
        assert_eq!(
            replay.files(),
            [first, fixture("mariadb/seed/mariadb-bin.000002")]
        );
        assert_eq!(records, 8, "the seed scenario's records, none twice");
    }

    #[test]
    fn a_rotate_to_a_file_that_is_not_there_ends_the_replay() {
        // write-full-row.binlog ends with "Rotate to mysqld-bin.000002" (decoded/
        // write-full-row.binlog.txt), a file the fixtures do not have.
        let file = fixture("mysql/write-full-row.binlog");
        let mut replay = Replay::new(seed_options(), vec![file.clone()], None, 64);
        while replay.next_batch().unwrap().is_some() {}
        assert_eq!(replay.files(), [file]);
    }

    #[test]
    fn start_position_parses_file_and_pos() {
        let s: StartPosition = "mariadb-bin.000001:1582".parse().unwrap();
        assert_eq!(
            s,
            StartPosition {
                file: "mariadb-bin.000001".into(),
                pos: 1582
            }
        );
        assert!("mariadb-bin.000001".parse::<StartPosition>().is_err());
        assert!("f:x".parse::<StartPosition>().is_err());
        assert!(":4".parse::<StartPosition>().is_err());
    }
}
