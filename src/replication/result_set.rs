//! Sans-IO text-protocol results: column definitions, rows as zero-copy views, and the
//! collected [`ResultSet`] of small queries.
//!
//! Owns Protocol::ColumnDefinition41 and ProtocolText::ResultsetRow. A [`TextRow`] keeps
//! its packet's `Bytes` and hands out values as sub-slices (the anchor is
//! rust-postgres' `DataRowBody::ranges`). It must not interpret values by SQL type:
//! turning the text of a DECIMAL or DATETIME into a value is the snapshot's job.
//! Format: MySQL internals manual, "Text Resultset".

use std::ops::Range;

use bytes::Bytes;

use super::packet::{PayloadReader, ProtocolViolation};

/// One column of a result, from Protocol::ColumnDefinition41.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// Database of the underlying table (empty for expressions).
    pub schema: String,
    /// Table alias (empty for expressions).
    pub table: String,
    /// Column alias: the name the result uses.
    pub name: String,
    /// Column name in the underlying table.
    pub org_name: String,
    /// Collation id of the value (63 = binary).
    pub character_set: u16,
    /// Display length.
    pub column_length: u32,
    /// Field type (`enum_field_types`, e.g. 3 = LONG, 253 = VAR_STRING, 246 = NEWDECIMAL).
    pub column_type: u8,
    /// Column flags (NOT_NULL = 1, PRI_KEY = 2, UNSIGNED = 32, BINARY = 128, ...).
    pub flags: u16,
    /// Decimal digits.
    pub decimals: u8,
}

/// Parses Protocol::ColumnDefinition41.
pub(crate) fn parse_column_definition(payload: &[u8]) -> Result<Column, ProtocolViolation> {
    let mut reader = PayloadReader::new(payload, "ColumnDefinition41");
    let _catalog = reader.lenenc_bytes()?;
    let schema = lossy(reader.lenenc_bytes()?);
    let table = lossy(reader.lenenc_bytes()?);
    let _org_table = reader.lenenc_bytes()?;
    let name = lossy(reader.lenenc_bytes()?);
    let org_name = lossy(reader.lenenc_bytes()?);
    let _fixed_fields_len = reader.lenenc_int()?;
    let character_set = reader.u16()?;
    let column_length = reader.u32()?;
    let column_type = reader.u8()?;
    let flags = reader.u16()?;
    let decimals = reader.u8()?;
    Ok(Column {
        schema,
        table,
        name,
        org_name,
        character_set,
        column_length,
        column_type,
        flags,
        decimals,
    })
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// One row of a text-protocol result: the packet and where each value is in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextRow {
    payload: Bytes,
    ranges: Vec<Option<Range<usize>>>,
}

impl TextRow {
    /// Parses ProtocolText::ResultsetRow with `columns` values: each a length-encoded
    /// string or 0xFB for NULL; bytes left over are an error.
    pub(crate) fn parse(payload: Bytes, columns: usize) -> Result<Self, ProtocolViolation> {
        let mut ranges = Vec::with_capacity(columns);
        {
            let mut reader = PayloadReader::new(&payload, "result row");
            for _ in 0..columns {
                let start_of_field = payload.len() - reader.remaining();
                let value = reader.lenenc_bytes_or_null()?;
                let range = value.map(|v| {
                    let end = payload.len() - reader.remaining();
                    debug_assert!(end - v.len() >= start_of_field);
                    end - v.len()..end
                });
                ranges.push(range);
            }
            if !reader.is_empty() {
                return Err(ProtocolViolation(format!(
                    "result row has {} bytes left after its {columns} values",
                    reader.remaining()
                )));
            }
        }
        Ok(TextRow { payload, ranges })
    }

    /// Number of values.
    pub fn len(&self) -> usize {
        self.ranges.len()
    }

    /// Whether the row has no values.
    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    /// Value `index` as bytes: `None` if out of range, `Some(None)` for SQL NULL.
    pub fn get(&self, index: usize) -> Option<Option<&[u8]>> {
        let range = self.ranges.get(index)?;
        Some(range.as_ref().and_then(|r| self.payload.get(r.clone())))
    }

    /// Value `index` as a `Bytes` sharing the packet's buffer (no copy).
    pub fn get_bytes(&self, index: usize) -> Option<Option<Bytes>> {
        let range = self.ranges.get(index)?;
        Some(range.as_ref().map(|r| self.payload.slice(r.clone())))
    }

    /// Value `index` as text; an error if it is not UTF-8.
    pub fn get_str(&self, index: usize) -> Option<Result<Option<&str>, std::str::Utf8Error>> {
        let value = self.get(index)?;
        Some(value.map(std::str::from_utf8).transpose())
    }
}

/// The result of a text-protocol query: column names and rows of nullable text values.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResultSet {
    /// Column names (aliases) in result order.
    pub columns: Vec<String>,
    /// Rows; each has one value per column, `None` for SQL NULL.
    pub rows: Vec<Vec<Option<String>>>,
}

impl ResultSet {
    /// Index of the column named `name` (ASCII case-insensitive, as SQL names are).
    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.columns
            .iter()
            .position(|c| c.eq_ignore_ascii_case(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_definition_fields() {
        // Field by field per the MySQL internals manual, Protocol::ColumnDefinition41:
        // `t`.`a` INT NOT NULL PRIMARY KEY in schema `d`, aliased `x`.
        let mut p = Vec::new();
        for s in ["def", "d", "t", "t", "x", "a"] {
            p.push(s.len() as u8);
            p.extend_from_slice(s.as_bytes());
        }
        p.push(0x0c);
        p.extend_from_slice(&63u16.to_le_bytes());
        p.extend_from_slice(&11u32.to_le_bytes());
        p.push(3);
        p.extend_from_slice(&3u16.to_le_bytes());
        p.push(0);
        p.extend_from_slice(&[0, 0]);
        let col = parse_column_definition(&p).unwrap();
        assert_eq!(
            col,
            Column {
                schema: "d".into(),
                table: "t".into(),
                name: "x".into(),
                org_name: "a".into(),
                character_set: 63,
                column_length: 11,
                column_type: 3,
                flags: 3,
                decimals: 0,
            }
        );
        for cut in 0..p.len() - 2 {
            assert!(parse_column_definition(&p[..cut]).is_err(), "cut {cut}");
        }
    }

    #[test]
    fn text_row_values_nulls_and_views() {
        let row = TextRow::parse(Bytes::from_static(b"\x0210\xfb\x00\x02\xff\xfe"), 4).unwrap();
        assert_eq!(row.len(), 4);
        assert_eq!(row.get(0), Some(Some(&b"10"[..])));
        assert_eq!(row.get(1), Some(None));
        assert_eq!(row.get(2), Some(Some(&b""[..])));
        assert_eq!(row.get(4), None);
        assert_eq!(row.get_str(0), Some(Ok(Some("10"))));
        assert!(matches!(row.get_str(3), Some(Err(_))));
        assert_eq!(
            row.get_bytes(3),
            Some(Some(Bytes::from_static(b"\xff\xfe")))
        );
    }

    #[test]
    fn text_row_rejects_trailing_and_missing_bytes() {
        assert!(TextRow::parse(Bytes::from_static(b"\x011\x01"), 1).is_err());
        assert!(TextRow::parse(Bytes::from_static(b"\x05ab"), 1).is_err());
        assert!(TextRow::parse(Bytes::from_static(b""), 1).is_err());
    }

    #[test]
    fn result_set_column_lookup() {
        let rs = ResultSet {
            columns: vec!["File".into(), "Position".into()],
            rows: vec![],
        };
        assert_eq!(rs.column_index("position"), Some(1));
        assert_eq!(rs.column_index("gtid"), None);
    }
}
