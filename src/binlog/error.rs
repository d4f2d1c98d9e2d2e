//! The binlog layer's error type.
//!
//! Owns every way decoding or reading a binlog can fail. Each variant says what was
//! expected, what was found and where (event type, position, table, column, file).

use std::path::PathBuf;

/// An error decoding binlog bytes or reading a binlog file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BinlogError {
    /// Fewer bytes than a field needs.
    #[error("truncated {what}: needed {needed} bytes, {available} left")]
    Truncated {
        /// The field being read.
        what: &'static str,
        /// Bytes the field needs.
        needed: usize,
        /// Bytes that were left.
        available: usize,
    },
    /// A field holds a value the format does not allow.
    #[error("invalid {what}: found {found}")]
    Invalid {
        /// The field being read.
        what: &'static str,
        /// The value found.
        found: u64,
    },
    /// Bytes left over after a body was fully parsed.
    #[error("{count} unexpected trailing bytes after {what}")]
    TrailingBytes {
        /// The structure that should have ended.
        what: &'static str,
        /// How many bytes were left over.
        count: usize,
    },
    /// The common header's `event_size` disagrees with the event's bytes.
    #[error("event size mismatch: header says {declared} bytes, event has {actual}")]
    EventSizeMismatch {
        /// `event_size` from the common header.
        declared: u32,
        /// Bytes actually given.
        actual: usize,
    },
    /// The CRC32 at the end of an event does not match its bytes.
    #[error("CRC32 mismatch: event carries {stored:#010x}, bytes give {computed:#010x}")]
    ChecksumMismatch {
        /// The checksum stored in the event.
        stored: u32,
        /// The checksum computed over the event.
        computed: u32,
    },
    /// The binlog is encrypted (MariaDB `START_ENCRYPTION_EVENT`); decrypting is not
    /// supported yet.
    #[error(
        "START_ENCRYPTION_EVENT: the binlog is encrypted (encrypt_binlog=ON), which is not supported"
    )]
    Encrypted,
    /// A column type the row decoder cannot read.
    #[error("column {column}: unsupported column type {type_code} (metadata {metadata:#06x})")]
    UnsupportedColumnType {
        /// 0-based column index.
        column: usize,
        /// `MYSQL_TYPE_*` code from the table map.
        type_code: u8,
        /// The column's table-map metadata.
        metadata: u16,
    },
    /// A rows event names a different table or column count than the table map.
    #[error(
        "rows event for table id {rows_table_id} with {rows_columns} columns does not match \
         TABLE_MAP_EVENT for table id {map_table_id} with {map_columns} columns"
    )]
    TableMapMismatch {
        /// table_id in the rows event.
        rows_table_id: u64,
        /// Column count in the rows event.
        rows_columns: usize,
        /// table_id of the table map given.
        map_table_id: u64,
        /// Column count of the table map given.
        map_columns: usize,
    },
    /// A column value could not be decoded.
    #[error("row {row}, column {column} (type {type_code}): {source}")]
    Column {
        /// 0-based row index within the event.
        row: usize,
        /// 0-based column index.
        column: usize,
        /// `MYSQL_TYPE_*` code of the column.
        type_code: u8,
        /// What went wrong.
        #[source]
        source: Box<BinlogError>,
    },
    /// An event body could not be decoded.
    #[error("{event_type} (type code {type_code}) at position {pos}: {source}")]
    Event {
        /// Server name of the event type, or `UNKNOWN`.
        event_type: &'static str,
        /// The type code from the common header.
        type_code: u8,
        /// Start position of the event (from the file reader, else derived from the
        /// header's `log_pos - event_size`).
        pos: u64,
        /// What went wrong.
        #[source]
        source: Box<BinlogError>,
    },
    /// A binlog file does not start with the magic `\xfe bin`.
    #[error("{file}: not a binlog file, expected magic fe 62 69 6e, found {found:02x?}")]
    BadMagic {
        /// The file.
        file: PathBuf,
        /// The first bytes found.
        found: Vec<u8>,
    },
    /// A binlog file ends inside an event.
    #[error("{file}: truncated event at byte {pos}: needed {needed} bytes, file has {available}")]
    TruncatedFile {
        /// The file.
        file: PathBuf,
        /// Start of the incomplete event.
        pos: u64,
        /// Bytes the event needs (header or declared size).
        needed: u64,
        /// Bytes left in the file from `pos`.
        available: u64,
    },
    /// An event header declares a length that cannot be right.
    #[error("{file}: impossible event length {length} at byte {pos} (minimum {minimum})")]
    ImpossibleEventLength {
        /// The file.
        file: PathBuf,
        /// Start of the event.
        pos: u64,
        /// Declared `event_size`.
        length: u32,
        /// The smallest possible event size.
        minimum: u32,
    },
    /// An I/O error reading a binlog file.
    #[error("{file}: I/O error at byte {pos}: {source}")]
    Io {
        /// The file.
        file: PathBuf,
        /// Where reading was.
        pos: u64,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
}

impl BinlogError {
    /// Wraps this error with the event it happened in.
    pub(crate) fn in_event(self, type_code: u8, pos: u64) -> BinlogError {
        BinlogError::Event {
            event_type: super::event::EventType::try_from(type_code)
                .map(|t| t.name())
                .unwrap_or("UNKNOWN"),
            type_code,
            pos,
            source: Box::new(self),
        }
    }

    /// The position this error names, if any.
    pub fn position(&self) -> Option<u64> {
        match self {
            BinlogError::Event { pos, .. }
            | BinlogError::TruncatedFile { pos, .. }
            | BinlogError::ImpossibleEventLength { pos, .. }
            | BinlogError::Io { pos, .. } => Some(*pos),
            _ => None,
        }
    }
}
