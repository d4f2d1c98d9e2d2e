//! MySQL's partial JSON updates (`binlog_row_value_options=PARTIAL_JSON`): the
//! `Json_diff` list a PARTIAL_UPDATE_ROWS_EVENT stores in place of a JSON column's
//! after value (MySQL `sql/json_diff.cc`, `Json_diff_vector::write_binary`).
//!
//! Owns the diff list's layout: per diff, one operation byte (`REPLACE` 0, `INSERT` 1,
//! `REMOVE` 2), the JSON path as a packed-length string, and (except for `REMOVE`)
//! the new value as packed-length MySQL binary JSON. Must not render the binary JSON
//! values (the envelope does that) nor apply the diffs to a document.

use super::cursor::Cursor;
use super::error::BinlogError;

/// What one diff does at its path (`enum_json_diff_operation`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonDiffOperation {
    /// `REPLACE` (0): `JSON_REPLACE`/`JSON_SET` on an existing path.
    Replace,
    /// `INSERT` (1): `JSON_INSERT`/`JSON_ARRAY_INSERT`/`JSON_SET` on a new path.
    Insert,
    /// `REMOVE` (2): `JSON_REMOVE`; no value.
    Remove,
}

/// One diff: an operation at a path, with the new value unless it removes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JsonDiff<'a> {
    /// The operation.
    pub operation: JsonDiffOperation,
    /// The JSON path, as written (e.g. `$.a[1]`), utf8mb4.
    pub path: &'a [u8],
    /// The new value in MySQL binary JSON; `None` for [`JsonDiffOperation::Remove`].
    pub value: Option<&'a [u8]>,
}

/// The diffs of one JSON column, a view over the column's bytes. Built by the row
/// decoder only after every diff parsed, so iterating never fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JsonDiffs<'a> {
    bytes: &'a [u8],
}

impl<'a> JsonDiffs<'a> {
    /// Checks that `bytes` is a whole list of diffs and wraps it.
    pub(crate) fn parse(bytes: &'a [u8]) -> Result<JsonDiffs<'a>, BinlogError> {
        let mut c = Cursor::new(bytes);
        while c.remaining() > 0 {
            read_diff(&mut c)?;
        }
        Ok(JsonDiffs { bytes })
    }

    /// The raw diff list as stored in the event.
    pub fn as_bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// The diffs, in the order the server applies them.
    pub fn iter(&self) -> impl Iterator<Item = JsonDiff<'a>> + 'a {
        let mut c = Cursor::new(self.bytes);
        std::iter::from_fn(move || {
            if c.remaining() == 0 {
                return None;
            }
            read_diff(&mut c).ok()
        })
    }
}

fn read_diff<'a>(c: &mut Cursor<'a>) -> Result<JsonDiff<'a>, BinlogError> {
    let operation = match c.u8("JSON diff operation")? {
        0 => JsonDiffOperation::Replace,
        1 => JsonDiffOperation::Insert,
        2 => JsonDiffOperation::Remove,
        other => {
            return Err(BinlogError::Invalid {
                what: "JSON diff operation (0 REPLACE, 1 INSERT, 2 REMOVE)",
                found: u64::from(other),
            });
        }
    };
    let path = c.str_packed("JSON diff path")?;
    let value = if operation == JsonDiffOperation::Remove {
        None
    } else {
        Some(c.str_packed("JSON diff value")?)
    };
    Ok(JsonDiff {
        operation,
        path,
        value,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Layout per MySQL `Json_diff_vector::write_binary`: operation, length-prefixed
    /// path, length-prefixed binary value (binary JSON literal true: type 0x04, 0x01).
    #[test]
    fn diff_list_parses_and_rejects_garbage() {
        let mut b = vec![0, 3];
        b.extend_from_slice(b"$.a");
        b.extend_from_slice(&[2, 0x04, 0x01]);
        b.extend_from_slice(&[2, 3]);
        b.extend_from_slice(b"$.b");
        let diffs = JsonDiffs::parse(&b).unwrap();
        let all: Vec<_> = diffs.iter().collect();
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].operation, JsonDiffOperation::Replace);
        assert_eq!(
            (all[0].path, all[0].value),
            (&b"$.a"[..], Some(&[4u8, 1][..]))
        );
        assert_eq!(
            (all[1].operation, all[1].value),
            (JsonDiffOperation::Remove, None)
        );
        assert!(JsonDiffs::parse(&b[..b.len() - 1]).is_err());
        assert!(JsonDiffs::parse(&[3, 0]).is_err());
        assert!(JsonDiffs::parse(&[0, 0xfe, 0xff]).is_err());
    }
}
