//! A bounds-checked little reader over a borrowed byte slice.
//!
//! Owns the primitive reads every event body is made of (fixed little-endian
//! integers, MySQL's packed length-encoded integers, length-prefixed strings).
//! Every read is checked and returns a [`BinlogError::Truncated`] naming what was
//! being read; nothing is copied: slices borrow from the event buffer.

use super::error::BinlogError;

/// A read position over one event body.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cursor<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    pub(crate) fn new(buf: &'a [u8]) -> Self {
        Cursor { buf, pos: 0 }
    }

    /// Bytes not yet consumed.
    pub(crate) fn remaining(&self) -> usize {
        self.buf.len() - self.pos
    }

    /// An error unless every byte was consumed: a body with bytes left over after
    /// parsing is corrupt, not ignored.
    pub(crate) fn expect_end(&self, what: &'static str) -> Result<(), BinlogError> {
        match self.remaining() {
            0 => Ok(()),
            count => Err(BinlogError::TrailingBytes { what, count }),
        }
    }

    /// Offset of the next byte within the buffer given to [`Cursor::new`].
    pub(crate) fn offset(&self) -> usize {
        self.pos
    }

    /// The unconsumed tail, consuming it.
    pub(crate) fn rest(&mut self) -> &'a [u8] {
        let rest = self.buf.get(self.pos..).unwrap_or_default();
        self.pos = self.buf.len();
        rest
    }

    /// The next `n` bytes.
    #[inline]
    pub(crate) fn take(&mut self, n: usize, what: &'static str) -> Result<&'a [u8], BinlogError> {
        let slice = self
            .pos
            .checked_add(n)
            .and_then(|end| Some((end, self.buf.get(self.pos..end)?)));
        match slice {
            Some((end, s)) => {
                self.pos = end;
                Ok(s)
            }
            None => Err(BinlogError::Truncated {
                what,
                needed: n,
                available: self.remaining(),
            }),
        }
    }

    /// The next `N` bytes as an array.
    #[inline]
    pub(crate) fn array<const N: usize>(
        &mut self,
        what: &'static str,
    ) -> Result<[u8; N], BinlogError> {
        let s = self.take(N, what)?;
        let mut out = [0u8; N];
        out.copy_from_slice(s);
        Ok(out)
    }

    #[inline]
    pub(crate) fn u8(&mut self, what: &'static str) -> Result<u8, BinlogError> {
        Ok(self.array::<1>(what)?[0])
    }

    #[inline]
    pub(crate) fn u16(&mut self, what: &'static str) -> Result<u16, BinlogError> {
        Ok(u16::from_le_bytes(self.array(what)?))
    }

    #[inline]
    pub(crate) fn u32(&mut self, what: &'static str) -> Result<u32, BinlogError> {
        Ok(u32::from_le_bytes(self.array(what)?))
    }

    #[inline]
    pub(crate) fn u64(&mut self, what: &'static str) -> Result<u64, BinlogError> {
        Ok(u64::from_le_bytes(self.array(what)?))
    }

    /// An unsigned little-endian integer of `n` (0..=8) bytes.
    #[inline]
    pub(crate) fn uint_n(&mut self, n: usize, what: &'static str) -> Result<u64, BinlogError> {
        let s = self.take(n, what)?;
        Ok(le_uint(s))
    }

    /// MySQL's packed (length-encoded) integer: `< 251` itself, `0xfc` + 2 bytes,
    /// `0xfd` + 3 bytes, `0xfe` + 8 bytes (`net_field_length_ll`). `0xfb` (SQL NULL in
    /// result sets) never appears in a binlog and is rejected.
    pub(crate) fn packed(&mut self, what: &'static str) -> Result<u64, BinlogError> {
        match self.u8(what)? {
            n @ 0..=250 => Ok(u64::from(n)),
            0xfc => self.uint_n(2, what),
            0xfd => self.uint_n(3, what),
            0xfe => self.uint_n(8, what),
            other => Err(BinlogError::Invalid {
                what,
                found: u64::from(other),
            }),
        }
    }

    /// An unsigned integer in MySQL's serialization-framework format
    /// (`libs/mysql/serialization`, used by MySQL 8.3+ tagged GTIDs): the number of
    /// trailing one bits of the first byte, plus one, is the byte count (9 when the
    /// first byte is 0xff); the little-endian value is shifted right by that count
    /// (for 9 bytes, the 8 bytes after the first are the value).
    pub(crate) fn varlen_u64(&mut self, what: &'static str) -> Result<u64, BinlogError> {
        let first = self.u8(what)?;
        let len = first.trailing_ones() as usize + 1;
        if len >= 9 {
            return self.u64(what);
        }
        let rest = self.uint_n(len - 1, what)?;
        let all = (rest << 8) | u64::from(first);
        Ok(all >> len)
    }

    /// A signed integer in the serialization-framework format: zigzag over
    /// [`Cursor::varlen_u64`] (non-negative `v` as `2v`, negative as `2(-v-1)+1`).
    pub(crate) fn varlen_i64(&mut self, what: &'static str) -> Result<i64, BinlogError> {
        let u = self.varlen_u64(what)?;
        Ok(((u >> 1) as i64) ^ -((u & 1) as i64))
    }

    /// A packed integer used as a length or count, bounded by the bytes left so a
    /// corrupt value cannot ask for a huge allocation.
    pub(crate) fn packed_len(&mut self, what: &'static str) -> Result<usize, BinlogError> {
        let n = self.packed(what)?;
        match usize::try_from(n) {
            Ok(n) if n <= self.remaining() => Ok(n),
            _ => Err(BinlogError::Truncated {
                what,
                needed: usize::try_from(n).unwrap_or(usize::MAX),
                available: self.remaining(),
            }),
        }
    }

    /// A string prefixed by one length byte.
    pub(crate) fn str_u8(&mut self, what: &'static str) -> Result<&'a [u8], BinlogError> {
        let n = self.u8(what)?;
        self.take(usize::from(n), what)
    }

    /// A string prefixed by a packed length.
    pub(crate) fn str_packed(&mut self, what: &'static str) -> Result<&'a [u8], BinlogError> {
        let n = self.packed_len(what)?;
        self.take(n, what)
    }

    /// A NUL-terminated string (the NUL is consumed, not returned).
    pub(crate) fn str_nul(&mut self, what: &'static str) -> Result<&'a [u8], BinlogError> {
        let rest = self.buf.get(self.pos..).unwrap_or_default();
        match rest.iter().position(|&b| b == 0) {
            Some(n) => {
                let s = rest.get(..n).unwrap_or_default();
                self.pos += n + 1;
                Ok(s)
            }
            None => Err(BinlogError::Truncated {
                what,
                needed: rest.len() + 1,
                available: rest.len(),
            }),
        }
    }

    /// Expects one byte equal to `expected`.
    pub(crate) fn expect_u8(
        &mut self,
        expected: u8,
        what: &'static str,
    ) -> Result<(), BinlogError> {
        let found = self.u8(what)?;
        if found == expected {
            Ok(())
        } else {
            Err(BinlogError::Invalid {
                what,
                found: u64::from(found),
            })
        }
    }
}

/// A little-endian unsigned integer of up to 8 bytes.
#[inline]
pub(crate) fn le_uint(s: &[u8]) -> u64 {
    s.iter()
        .rev()
        .fold(0u64, |acc, &b| (acc << 8) | u64::from(b))
}

/// A big-endian unsigned integer of up to 8 bytes.
#[inline]
pub(crate) fn be_uint(s: &[u8]) -> u64 {
    s.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Encodings from MySQL 9.6's GTID_TAGGED_LOG_EVENT in
    /// `binlog-fixtures/mysql/binlog_transaction_with_GTID_TAG.000001`: uuid byte 0x89
    /// as `25 02`, transaction length 296 as `a1 04`, server version 90600 as
    /// `43 0f 0b`, gno 3 as `0c` (zigzag).
    #[test]
    fn serialization_varlen_integers() {
        let read = |b: &[u8]| Cursor::new(b).varlen_u64("t").unwrap();
        assert_eq!(read(&[0xaa]), 0x55);
        assert_eq!(read(&[0x25, 0x02]), 0x89);
        assert_eq!(read(&[0xa1, 0x04]), 296);
        assert_eq!(read(&[0x43, 0x0f, 0x0b]), 90600);
        let mut nine = vec![0xff];
        nine.extend_from_slice(&u64::MAX.to_le_bytes());
        assert_eq!(read(&nine), u64::MAX);
        assert_eq!(Cursor::new(&[0x0c]).varlen_i64("t").unwrap(), 3);
        assert_eq!(Cursor::new(&[0x06]).varlen_i64("t").unwrap(), -2);
        assert!(Cursor::new(&[0x43, 0x0f]).varlen_u64("t").is_err());
        assert!(Cursor::new(&[0xff, 1]).varlen_u64("t").is_err());
    }
}
