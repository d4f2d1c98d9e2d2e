//! Offset stores: where the last acknowledged [`SourceOffset`] is kept between runs.
//!
//! Owns persistence only: an in-memory store and a JSON file written atomically (temp
//! file, fsync, rename, fsync of the directory), so a crash leaves the previous or the
//! new offset, never a torn file. It must not decide *when* to commit: the engine
//! commits after the emitter acknowledged the records up to the offset.
//!
//! The file is Kafka Connect's `FileOffsetBackingStore` file (see `connect_file`): a
//! Java-serialized map from `["<connector name>",{"server":"<topic.prefix>"}]` to the
//! offset map of Debezium's MySQL connector (`{"file":…,"pos":…,"row":…,"event":…,
//! "gtids":…,"ts_sec":…,"server_id":…}`), so a Debezium deployment's
//! `offset.storage.file.filename` is taken over as is, and Debezium can read what
//! Tributary wrote. Other connectors' entries in the file are kept. A file holding
//! just the JSON object (what Tributary wrote before) is still read.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::SourceOffset;

/// Errors of the offset stores.
#[derive(Debug, thiserror::Error)]
pub enum OffsetError {
    /// Reading or writing the offsets file failed.
    #[error("{action} offsets file {path}: {source}")]
    Io {
        /// What was being done (`reading`, `writing`, ...).
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The Kafka offsets topic could not be read or written.
    #[error("offsets topic {topic}: {reason}")]
    Kafka {
        /// The topic.
        topic: String,
        /// What failed.
        reason: String,
    },
    /// A record of the offsets topic does not hold a source offset.
    #[error(
        "offsets topic {topic}, key {key}: the value is not a Debezium MySQL offset object: {source}"
    )]
    CorruptRecord {
        /// The topic.
        topic: String,
        /// The record key.
        key: String,
        /// The JSON error.
        #[source]
        source: serde_json::Error,
    },
    /// The offsets file is neither Kafka Connect's format nor a JSON offset.
    #[error("offsets file {path} is not a Kafka Connect FileOffsetBackingStore file: {why}")]
    NotConnectFormat {
        /// The file.
        path: PathBuf,
        /// What was expected where.
        why: String,
    },
    /// The offsets file does not hold a source offset.
    #[error("offsets file {path} does not hold a Debezium MySQL offset object: {source}")]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// The JSON error (with line and column).
        #[source]
        source: serde_json::Error,
    },
}

/// Keeps the last committed source offset.
pub trait OffsetStore: Send {
    /// The last committed offset, `None` if nothing was ever committed.
    fn load(&self) -> Result<Option<SourceOffset>, OffsetError>;

    /// Replaces the committed offset; durable when this returns (for durable stores).
    fn commit(&mut self, offset: &SourceOffset) -> Result<(), OffsetError>;

    /// The offset as a record of a Kafka offsets topic, for stores kept in Kafka: a
    /// transactional producer writes it in the same transaction as the records up to
    /// it, instead of [`commit`](Self::commit). `None` for other stores.
    fn record(&self, _offset: &SourceOffset) -> Option<super::OffsetRecord> {
        None
    }
}

/// An offset kept in memory; clones share it, so an embedder can watch commits.
#[derive(Debug, Clone, Default)]
pub struct MemoryOffsetStore {
    offset: Arc<Mutex<Option<SourceOffset>>>,
}

impl MemoryOffsetStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// A store that starts at `offset`.
    pub fn starting_at(offset: SourceOffset) -> Self {
        MemoryOffsetStore {
            offset: Arc::new(Mutex::new(Some(offset))),
        }
    }
}

impl OffsetStore for MemoryOffsetStore {
    fn load(&self) -> Result<Option<SourceOffset>, OffsetError> {
        // A poisoned lock still holds a whole offset: commits replace it in one assignment.
        Ok(self
            .offset
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone())
    }

    fn commit(&mut self, offset: &SourceOffset) -> Result<(), OffsetError> {
        *self.offset.lock().unwrap_or_else(|p| p.into_inner()) = Some(offset.clone());
        Ok(())
    }
}

/// An offset kept in a file, replaced atomically on every commit.
#[derive(Debug, Clone)]
pub struct FileOffsetStore {
    path: PathBuf,
    /// Kafka Connect's file format, keyed by (connector name, `topic.prefix`); `None`:
    /// the file is the bare JSON offset.
    connect: Option<(Option<String>, String)>,
}

impl FileOffsetStore {
    /// A store at `path` holding the bare JSON offset; the file is created at the
    /// first commit, its directory must exist.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        FileOffsetStore {
            path: path.into(),
            connect: None,
        }
    }

    /// A store at `path` in Kafka Connect's `FileOffsetBackingStore` format (e.g.
    /// `offset.storage.file.filename`), for connector `name` (Kafka Connect's `name`)
    /// with `topic.prefix` `server`. Without a name, the file's entry for `server` is
    /// used (and written back under its name; `tributary` when there is none).
    pub fn kafka_connect(path: impl Into<PathBuf>, name: Option<&str>, server: &str) -> Self {
        FileOffsetStore {
            path: path.into(),
            connect: Some((name.map(str::to_owned), server.to_owned())),
        }
    }

    fn corrupt_format(&self, why: String) -> OffsetError {
        OffsetError::NotConnectFormat {
            path: self.path.clone(),
            why,
        }
    }

    /// The Kafka Connect entries of the file (none when it is missing or holds the
    /// bare JSON offset).
    fn connect_entries(&self) -> Result<super::connect_file::Entries, OffsetError> {
        let bytes = match std::fs::read(&self.path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(self.io_error("reading", e)),
        };
        if !super::connect_file::is_java_serialized(&bytes) {
            return Ok(Vec::new());
        }
        super::connect_file::read_map(&bytes).map_err(|why| self.corrupt_format(why))
    }

    /// Which entry key is this connector's: `[name, {"server": server}]`, or without a
    /// name any key whose partition is `{"server": server}`.
    fn is_ours(&self, key: &[u8]) -> bool {
        let Some((name, server)) = &self.connect else {
            return false;
        };
        let Ok(serde_json::Value::Array(parts)) = serde_json::from_slice::<serde_json::Value>(key)
        else {
            return false;
        };
        let [key_name, partition] = parts.as_slice() else {
            return false;
        };
        let same_server = partition.as_object().is_some_and(|p| {
            p.len() == 1 && p.get("server").and_then(|s| s.as_str()) == Some(server.as_str())
        });
        same_server && name.as_deref().is_none_or(|n| key_name.as_str() == Some(n))
    }

    /// The offsets file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn io_error(&self, action: &'static str, source: std::io::Error) -> OffsetError {
        OffsetError::Io {
            action,
            path: self.path.clone(),
            source,
        }
    }

    fn temp_path(&self) -> PathBuf {
        let mut name = self
            .path
            .file_name()
            .map(|n| n.to_os_string())
            .unwrap_or_default();
        name.push(".tmp");
        self.path.with_file_name(name)
    }
}

impl OffsetStore for FileOffsetStore {
    fn load(&self) -> Result<Option<SourceOffset>, OffsetError> {
        if self.connect.is_some() {
            let entries = self.connect_entries()?;
            if let Some((_, value)) = entries.iter().rev().find(|(k, _)| self.is_ours(k)) {
                return serde_json::from_slice(value).map(Some).map_err(|source| {
                    OffsetError::Corrupt {
                        path: self.path.clone(),
                        source,
                    }
                });
            }
            if !entries.is_empty() {
                return Ok(None);
            }
        }
        let bytes = match std::fs::read(&self.path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(self.io_error("reading", e)),
        };
        serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|source| OffsetError::Corrupt {
                path: self.path.clone(),
                source,
            })
    }

    fn commit(&mut self, offset: &SourceOffset) -> Result<(), OffsetError> {
        let mut json = serde_json::to_vec(offset).map_err(|source| OffsetError::Corrupt {
            path: self.path.clone(),
            source,
        })?;
        if let Some((name, server)) = &self.connect {
            let mut entries = self.connect_entries()?;
            let key = match entries.iter().position(|(k, _)| self.is_ours(k)) {
                Some(at) => entries.remove(at).0,
                None => {
                    super::connect_partition_key(name.as_deref().unwrap_or("tributary"), server)
                }
            };
            entries.push((key, json));
            json = super::connect_file::write_map(&entries);
        } else {
            json.push(b'\n');
        }
        let temp = self.temp_path();
        let mut file =
            File::create(&temp).map_err(|e| self.io_error("creating the temporary", e))?;
        file.write_all(&json)
            .and_then(|()| file.sync_all())
            .map_err(|e| self.io_error("writing the temporary", e))?;
        drop(file);
        std::fs::rename(&temp, &self.path).map_err(|e| self.io_error("replacing", e))?;
        sync_parent_directory(&self.path).map_err(|e| self.io_error("syncing the directory of", e))
    }
}

/// Makes the rename durable (POSIX: the directory entry lives in the directory).
#[cfg(unix)]
fn sync_parent_directory(path: &Path) -> std::io::Result<()> {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    File::open(parent)?.sync_all()
}

#[cfg(not(unix))]
fn sync_parent_directory(_path: &Path) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offset(pos: u64) -> SourceOffset {
        SourceOffset {
            file: "mariadb-bin.000001".into(),
            pos,
            row: 1,
            event: 2,
            gtids: Some("0-1-42".into()),
            ts_sec: 1_700_000_000,
            server_id: 1,
            snapshot: None,
        }
    }

    fn temp_dir() -> tempfile::TempDir {
        tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn memory_store_starts_empty_and_shares_commits() {
        let mut store = MemoryOffsetStore::new();
        let watcher = store.clone();
        assert!(matches!(store.load(), Ok(None)));
        assert!(store.commit(&offset(4)).is_ok());
        assert_eq!(watcher.load().ok().flatten(), Some(offset(4)));
    }

    #[test]
    fn file_store_round_trips_and_replaces() {
        let dir = temp_dir();
        let path = dir.path().join("offsets.json");
        let mut store = FileOffsetStore::new(&path);
        assert!(matches!(store.load(), Ok(None)));
        assert!(store.commit(&offset(4)).is_ok());
        assert!(store.commit(&offset(1234)).is_ok());
        let reopened = FileOffsetStore::new(&path);
        assert_eq!(reopened.load().ok().flatten(), Some(offset(1234)));
        assert!(
            !dir.path().join("offsets.json.tmp").exists(),
            "temporary file left behind"
        );
    }

    // The offset map as shown in Debezium's MySQL connector documentation
    // ("ts_sec", "file", "pos", "row", "server_id", "event").
    #[test]
    fn file_store_reads_a_debezium_offset_map() {
        let dir = temp_dir();
        let path = dir.path().join("offsets.json");
        let text = r#"{"ts_sec":1530168950,"file":"mysql-bin.000003","pos":817,"row":1,"server_id":223344,"event":2}"#;
        assert!(std::fs::write(&path, text).is_ok());
        let loaded = FileOffsetStore::new(&path).load().ok().flatten();
        let expected = SourceOffset {
            file: "mysql-bin.000003".into(),
            pos: 817,
            row: 1,
            event: 2,
            gtids: None,
            ts_sec: 1530168950,
            server_id: 223344,
            snapshot: None,
        };
        assert_eq!(loaded, Some(expected));
    }

    /// Debezium's own offsets file (Kafka Connect `FileOffsetBackingStore`, fixture
    /// from a Debezium 3.6.3 run) is read; a commit keeps it readable as that format
    /// with the new value, and a store of another connector name finds nothing.
    #[test]
    fn debeziums_offsets_file_is_taken_over() {
        let dir = temp_dir();
        let path = dir.path().join("offsets.dat");
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("binlog-fixtures/reference/offsets.stream.offsets.dat");
        assert!(std::fs::copy(&fixture, &path).is_ok());
        let mut store = FileOffsetStore::kafka_connect(&path, Some("oracle"), "ecommerce-server");
        let loaded = store.load().unwrap_or_else(|e| panic!("{e}"));
        let loaded = loaded.unwrap_or_else(|| panic!("Debezium's offset"));
        assert_eq!(
            (loaded.file.as_str(), loaded.pos, loaded.row),
            ("mariadb-bin.000001", 2237, 1)
        );
        let unnamed = FileOffsetStore::kafka_connect(&path, None, "ecommerce-server");
        assert_eq!(unnamed.load().ok().flatten(), Some(loaded));
        let other = FileOffsetStore::kafka_connect(&path, Some("billing"), "ecommerce-server");
        assert!(matches!(other.load(), Ok(None)));
        assert!(store.commit(&offset(4321)).is_ok());
        let bytes = std::fs::read(&path).unwrap_or_default();
        let entries =
            crate::offset::connect_file::read_map(&bytes).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].0, br#"["oracle",{"server":"ecommerce-server"}]"#);
        assert_eq!(store.load().ok().flatten(), Some(offset(4321)));
        // A legacy bare-JSON file is still read, and rewritten in Connect's format.
        let legacy = dir.path().join("legacy.json");
        assert!(
            std::fs::write(&legacy, serde_json::to_vec(&offset(9)).unwrap_or_default()).is_ok()
        );
        let mut store = FileOffsetStore::kafka_connect(&legacy, Some("c"), "s");
        assert_eq!(store.load().ok().flatten(), Some(offset(9)));
        assert!(store.commit(&offset(10)).is_ok());
        assert_eq!(store.load().ok().flatten(), Some(offset(10)));
    }

    #[test]
    fn corrupt_file_is_an_error_naming_it() {
        let dir = temp_dir();
        let path = dir.path().join("offsets.json");
        assert!(std::fs::write(&path, "{\"file\":").is_ok());
        let message = FileOffsetStore::new(&path)
            .load()
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(message.contains("offsets.json"), "{message}");
    }

    #[test]
    fn missing_directory_is_an_error_not_a_panic() {
        let dir = temp_dir();
        let mut store = FileOffsetStore::new(dir.path().join("no/such/dir/offsets.json"));
        assert!(matches!(
            store.commit(&offset(1)),
            Err(OffsetError::Io { .. })
        ));
    }
}
