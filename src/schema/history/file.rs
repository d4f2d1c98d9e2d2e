//! `FileSchemaHistory`: the history as a file of JSON lines, one record per line,
//! appended and synced record by record (`schema.history.internal.file.filename`).
//!
//! Owns the file layout only: a torn last line (a crash mid-append) is reported as a
//! corrupt record naming the line, never silently dropped.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::{HistoryError, HistoryRecord, SchemaHistory};

/// The schema history in a local file of JSON lines.
#[derive(Debug, Clone)]
pub struct FileSchemaHistory {
    path: PathBuf,
}

impl FileSchemaHistory {
    /// A history at `path`; the file is created by the first record, its directory
    /// must exist.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        FileSchemaHistory { path: path.into() }
    }

    /// The history file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn io_error(&self, action: &'static str, source: std::io::Error) -> HistoryError {
        HistoryError::Io {
            action,
            path: self.path.clone(),
            source,
        }
    }
}

impl SchemaHistory for FileSchemaHistory {
    fn record(&mut self, record: &HistoryRecord) -> Result<(), HistoryError> {
        let mut line = record.to_json().map_err(|source| HistoryError::Corrupt {
            store: self.path.display().to_string(),
            index: 0,
            source,
        })?;
        line.push('\n');
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
            .map_err(|e| self.io_error("opening", e))?;
        file.write_all(line.as_bytes())
            .and_then(|()| file.sync_data())
            .map_err(|e| self.io_error("appending to", e))
    }

    fn load(&mut self) -> Result<Vec<HistoryRecord>, HistoryError> {
        let text = match std::fs::read(&self.path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(self.io_error("reading", e)),
        };
        let mut records = Vec::new();
        for (index, line) in (1..).zip(text.split(|b| *b == b'\n')) {
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let record =
                HistoryRecord::from_json(line).map_err(|source| HistoryError::Corrupt {
                    store: self.path.display().to_string(),
                    index,
                    source,
                })?;
            records.push(record);
        }
        Ok(records)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(pos: u64, ddl: &str) -> HistoryRecord {
        crate::schema::history::test_record(pos, ddl)
    }

    #[test]
    fn appends_lines_and_reads_them_back_in_order() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("history.dat");
        let mut history = FileSchemaHistory::new(&path);
        assert!(!history.exists().unwrap_or(true));
        let first = record(10, "CREATE DATABASE shop");
        let second = record(20, "CREATE TABLE t (id INT)");
        for r in [&first, &second] {
            history.record(r).unwrap_or_else(|e| panic!("{e}"));
        }
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        assert_eq!(text.lines().count(), 2);
        let loaded = FileSchemaHistory::new(&path)
            .load()
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(loaded, vec![first, second]);
    }

    #[test]
    fn torn_line_is_an_error_naming_file_and_line() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("history.dat");
        let mut history = FileSchemaHistory::new(&path);
        history
            .record(&record(10, "CREATE DATABASE shop"))
            .unwrap_or_else(|e| panic!("{e}"));
        let mut file = OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap_or_else(|e| panic!("{e}"));
        file.write_all(b"{\"source\":{\"ser")
            .unwrap_or_else(|e| panic!("{e}"));
        let message = history
            .load()
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(message.contains("history.dat"), "{message}");
        assert!(message.contains("record 2"), "{message}");
    }
}
