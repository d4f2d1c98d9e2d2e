//! Streaming binlog file reader: the one place in `binlog` that does I/O.
//!
//! Owns reading a binlog file (or any `std::io::Read`) as a sequence of whole raw
//! events: checks the `\xfe bin` magic, frames events by their header's
//! `event_size`, and hands each out as a [`RawEvent`] (`Bytes`, split from a reused
//! buffer, so memory stays bounded by the read chunk and the largest event). It does
//! not decode bodies or check CRCs: that is [`super::Decoder`]'s job.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use bytes::{Bytes, BytesMut};

use super::error::BinlogError;
use super::event::LOG_EVENT_HEADER_LEN;

/// The 4 bytes every binlog file starts with.
pub const BINLOG_MAGIC: [u8; 4] = [0xfe, b'b', b'i', b'n'];
/// Bytes asked of the underlying reader at a time.
const READ_CHUNK: usize = 64 * 1024;
/// Most bytes the buffer grows by per read.
const MAX_GROWTH: usize = 8 * 1024 * 1024;
/// Largest event the reader accepts (the server's `max_allowed_packet` ceiling, 1 GiB);
/// a larger `event_size` means a corrupt header.
const MAX_EVENT_SIZE: u32 = 1 << 30;
/// Offset of `event_size` in the common header.
const EVENT_SIZE_OFFSET: usize = 9;

/// One whole event as read from a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawEvent {
    /// Byte offset of the event's first byte in the file.
    pub pos: u64,
    /// The event: common header through checksum.
    pub bytes: Bytes,
}

/// Reads raw events from a binlog file, one at a time.
#[derive(Debug)]
pub struct BinlogFileReader<R = File> {
    source: R,
    file: PathBuf,
    buf: BytesMut,
    /// File offset of `buf[0]`.
    pos: u64,
    eof: bool,
    done: bool,
    /// Largest `event_size` accepted.
    max_event_size: u32,
}

impl BinlogFileReader<File> {
    /// Opens a binlog file and checks its magic.
    pub fn open(path: impl AsRef<Path>) -> Result<BinlogFileReader<File>, BinlogError> {
        let path = path.as_ref();
        let file = File::open(path).map_err(|source| BinlogError::Io {
            file: path.to_path_buf(),
            pos: 0,
            source,
        })?;
        BinlogFileReader::from_reader(file, path)
    }
}

impl<R: Read> BinlogFileReader<R> {
    /// Reads a binlog from any reader; `name` is used in errors. Checks the magic.
    pub fn from_reader(
        source: R,
        name: impl Into<PathBuf>,
    ) -> Result<BinlogFileReader<R>, BinlogError> {
        let mut reader = BinlogFileReader {
            source,
            file: name.into(),
            buf: BytesMut::with_capacity(READ_CHUNK),
            pos: 0,
            eof: false,
            done: false,
            max_event_size: MAX_EVENT_SIZE,
        };
        reader.fill(BINLOG_MAGIC.len())?;
        if reader.buf.get(..4) != Some(&BINLOG_MAGIC[..]) {
            return Err(BinlogError::BadMagic {
                file: reader.file.clone(),
                found: reader.buf.iter().take(4).copied().collect(),
            });
        }
        let _ = reader.buf.split_to(BINLOG_MAGIC.len());
        reader.pos = BINLOG_MAGIC.len() as u64;
        Ok(reader)
    }

    /// Reads events from a source without the magic (the inner events of a
    /// TRANSACTION_PAYLOAD_EVENT); positions count from `start_pos` and no event may
    /// be larger than `max_event_size`.
    pub(crate) fn without_magic(
        source: R,
        name: impl Into<PathBuf>,
        start_pos: u64,
        max_event_size: u32,
    ) -> BinlogFileReader<R> {
        BinlogFileReader {
            source,
            file: name.into(),
            buf: BytesMut::new(),
            pos: start_pos,
            eof: false,
            done: false,
            max_event_size: max_event_size.min(MAX_EVENT_SIZE),
        }
    }

    /// The file name errors use.
    pub fn file(&self) -> &Path {
        &self.file
    }

    /// File offset of the next event.
    pub fn position(&self) -> u64 {
        self.pos
    }

    /// Reads until `buf` holds at least `n` bytes or the source ends.
    fn fill(&mut self, n: usize) -> Result<(), BinlogError> {
        while self.buf.len() < n && !self.eof {
            let old = self.buf.len();
            // Grow by what is missing, but at most MAX_GROWTH at a time: a corrupt
            // header claiming a huge event must not allocate more than the file has.
            let want = (n - old).clamp(READ_CHUNK, MAX_GROWTH);
            self.buf.resize(old + want, 0);
            let read = loop {
                match self.source.read(&mut self.buf[old..]) {
                    Ok(read) => break read,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(source) => {
                        self.buf.truncate(old);
                        return Err(BinlogError::Io {
                            file: self.file.clone(),
                            pos: self.pos + old as u64,
                            source,
                        });
                    }
                }
            };
            self.buf.truncate(old + read);
            if read == 0 {
                self.eof = true;
            }
        }
        Ok(())
    }

    /// The next raw event, `Ok(None)` at a clean end of file.
    pub fn next_event(&mut self) -> Result<Option<RawEvent>, BinlogError> {
        if self.done {
            return Ok(None);
        }
        let result = self.read_event();
        if !matches!(result, Ok(Some(_))) {
            self.done = true;
        }
        result
    }

    fn read_event(&mut self) -> Result<Option<RawEvent>, BinlogError> {
        self.fill(LOG_EVENT_HEADER_LEN)?;
        if self.buf.is_empty() {
            return Ok(None);
        }
        if self.buf.len() < LOG_EVENT_HEADER_LEN {
            return Err(self.truncated(LOG_EVENT_HEADER_LEN as u64));
        }
        let size = match self.buf.get(EVENT_SIZE_OFFSET..EVENT_SIZE_OFFSET + 4) {
            Some(&[a, b, c, d]) => u32::from_le_bytes([a, b, c, d]),
            _ => return Err(self.truncated(LOG_EVENT_HEADER_LEN as u64)),
        };
        if size < LOG_EVENT_HEADER_LEN as u32 || size > self.max_event_size {
            return Err(BinlogError::ImpossibleEventLength {
                file: self.file.clone(),
                pos: self.pos,
                length: size,
                minimum: LOG_EVENT_HEADER_LEN as u32,
            });
        }
        let size = size as usize;
        self.fill(size)?;
        if self.buf.len() < size {
            return Err(self.truncated(size as u64));
        }
        let bytes = self.buf.split_to(size).freeze();
        let pos = self.pos;
        self.pos += size as u64;
        Ok(Some(RawEvent { pos, bytes }))
    }

    fn truncated(&self, needed: u64) -> BinlogError {
        BinlogError::TruncatedFile {
            file: self.file.clone(),
            pos: self.pos,
            needed,
            available: self.buf.len() as u64,
        }
    }
}

impl<R: Read> Iterator for BinlogFileReader<R> {
    type Item = Result<RawEvent, BinlogError>;

    /// Events until the end of file; after an error, `None`.
    fn next(&mut self) -> Option<Self::Item> {
        self.next_event().transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_bad_magic() {
        let r = BinlogFileReader::from_reader(&b"\xfebix"[..], "x");
        assert!(matches!(r, Err(BinlogError::BadMagic { .. })));
        let r = BinlogFileReader::from_reader(&b"\xfe"[..], "x");
        assert!(matches!(r, Err(BinlogError::BadMagic { .. })));
    }

    #[test]
    fn empty_after_magic_is_clean_end() {
        let mut r = BinlogFileReader::from_reader(&BINLOG_MAGIC[..], "x").unwrap();
        assert!(r.next().is_none());
    }

    #[test]
    fn impossible_length_names_position() {
        let mut data = BINLOG_MAGIC.to_vec();
        data.extend_from_slice(&[0u8; 19]); // event_size 0
        let mut r = BinlogFileReader::from_reader(&data[..], "f").unwrap();
        match r.next() {
            Some(Err(BinlogError::ImpossibleEventLength {
                pos: 4, length: 0, ..
            })) => {}
            other => panic!("unexpected {other:?}"),
        }
        assert!(r.next().is_none());
    }

    #[test]
    fn huge_declared_size_in_small_file_is_truncation() {
        let mut data = BINLOG_MAGIC.to_vec();
        let mut header = [0u8; 19];
        header[9..13].copy_from_slice(&(500u32 << 20).to_le_bytes());
        data.extend_from_slice(&header);
        let mut r = BinlogFileReader::from_reader(&data[..], "f").unwrap();
        match r.next() {
            Some(Err(BinlogError::TruncatedFile {
                pos: 4,
                needed,
                available: 19,
                ..
            })) => {
                assert_eq!(needed, 500 << 20)
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(r.next().is_none());
    }
}
