//! Rows events (WRITE/UPDATE/DELETE_ROWS_EVENT v1 and v2) and their row images.
//!
//! Owns the rows-event body (MySQL `libbinlogevents` `Rows_event`, MariaDB
//! `Rows_log_event`): post-header, the v2 extra-data block, the columns-present
//! bitmaps and the iteration over row images, decoded against a [`TableMapEvent`].
//! Values borrow from the event; each row image allocates one `Vec`.

use super::column::{decode_value, length_prefixed};
use super::cursor::Cursor;
use super::error::BinlogError;
use super::event::EventType;
use super::json_diff::JsonDiffs;
use super::table_map::{ColumnDesc, ColumnLayout, TableMapEvent, bit_is_set, read_table_id};
use super::value::Value;

/// `STMT_END_F`: the last rows event of a statement.
pub const STMT_END_F: u16 = 0x1;
/// `NO_FOREIGN_KEY_CHECKS_F`.
pub const NO_FOREIGN_KEY_CHECKS_F: u16 = 0x2;
/// `RELAXED_UNIQUE_CHECKS_F`.
pub const RELAXED_UNIQUE_CHECKS_F: u16 = 0x4;
/// `COMPLETE_ROWS_F`: the row images are complete.
pub const COMPLETE_ROWS_F: u16 = 0x8;
/// `PARTIAL_JSON_UPDATES` bit of a PARTIAL_UPDATE_ROWS_EVENT after image's
/// `value_options`: a bitmap of the JSON columns stored as diffs follows.
const PARTIAL_JSON_UPDATES: u64 = 1;
/// `MYSQL_TYPE_JSON`.
const MYSQL_TYPE_JSON: u8 = 245;

/// What a rows event does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowsKind {
    /// WRITE_ROWS_EVENT: after images only.
    Write,
    /// UPDATE_ROWS_EVENT: before and after images.
    Update,
    /// DELETE_ROWS_EVENT: before images only.
    Delete,
}

impl RowsKind {
    /// The kind and version (1 or 2) of a rows event type, if it is one this decoder
    /// reads.
    pub fn of(event_type: EventType) -> Option<(RowsKind, u8)> {
        use EventType::*;
        Some(match event_type {
            WRITE_ROWS_EVENT_V1 => (RowsKind::Write, 1),
            UPDATE_ROWS_EVENT_V1 => (RowsKind::Update, 1),
            DELETE_ROWS_EVENT_V1 => (RowsKind::Delete, 1),
            WRITE_ROWS_EVENT => (RowsKind::Write, 2),
            UPDATE_ROWS_EVENT => (RowsKind::Update, 2),
            DELETE_ROWS_EVENT => (RowsKind::Delete, 2),
            PARTIAL_UPDATE_ROWS_EVENT => (RowsKind::Update, 2),
            _ => return None,
        })
    }
}

/// A rows event: a view over its body; rows are decoded lazily by [`RowsEvent::rows`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowsEvent<'a> {
    /// Write, update or delete.
    pub kind: RowsKind,
    /// 0 (MySQL 5.1 `PRE_GA_*_ROWS_EVENT`), 1 (`*_ROWS_EVENT_V1`) or 2
    /// (`*_ROWS_EVENT`, with extra data).
    pub version: u8,
    /// MySQL PARTIAL_UPDATE_ROWS_EVENT: each after image starts with
    /// `value_options`, and JSON columns may hold [`Value::JsonDiff`].
    pub partial: bool,
    /// The table id of the preceding TABLE_MAP_EVENT.
    pub table_id: u64,
    /// `*_F` flags (`STMT_END_F`, ...).
    pub flags: u16,
    /// v2 extra data (without its 2-byte length), empty for v1.
    pub extra_data: &'a [u8],
    /// Number of columns in the table.
    pub column_count: usize,
    /// Which columns the (before, for updates) images contain.
    pub columns_present: &'a [u8],
    /// For updates: which columns the after images contain.
    pub columns_present_after: Option<&'a [u8]>,
    /// The row images.
    pub rows_data: &'a [u8],
}

impl<'a> RowsEvent<'a> {
    /// Parses a body (after the common header, without checksum).
    pub(crate) fn parse(
        body: &'a [u8],
        kind: RowsKind,
        version: u8,
        post_header_len: usize,
    ) -> Result<RowsEvent<'a>, BinlogError> {
        let mut c = Cursor::new(body);
        let table_id = read_table_id(&mut c, post_header_len, "rows event table_id")?;
        let flags = c.u16("rows event flags")?;
        let fixed = if post_header_len == 6 { 6 } else { 8 };
        let mut extra_data: &[u8] = &[];
        if version == 2 && post_header_len >= fixed + 2 {
            let extra_len = usize::from(c.u16("rows event extra_data length")?);
            let n = extra_len.checked_sub(2).ok_or(BinlogError::Invalid {
                what: "rows event extra_data length (below 2)",
                found: extra_len as u64,
            })?;
            extra_data = c.take(n, "rows event extra_data")?;
            c.take(
                post_header_len.saturating_sub(fixed + 2),
                "rows event post-header",
            )?;
        } else {
            c.take(
                post_header_len.saturating_sub(fixed),
                "rows event post-header",
            )?;
        }
        let column_count = c.packed("rows event column count")?;
        // Each column needs at least one bitmap bit; a larger count is corrupt.
        let column_count = usize::try_from(column_count)
            .ok()
            .filter(|&n| n <= c.remaining().saturating_mul(8))
            .ok_or(BinlogError::Invalid {
                what: "rows event column count (more than the bitmap bytes left)",
                found: column_count,
            })?;
        let bitmap_len = column_count.div_ceil(8);
        let columns_present = c.take(bitmap_len, "rows event columns-present bitmap")?;
        let columns_present_after = if kind == RowsKind::Update {
            Some(c.take(bitmap_len, "rows event after-image columns-present bitmap")?)
        } else {
            None
        };
        Ok(RowsEvent {
            kind,
            version,
            partial: false,
            table_id,
            flags,
            extra_data,
            column_count,
            columns_present,
            columns_present_after,
            rows_data: c.rest(),
        })
    }

    /// Parses a MySQL 5.1 pre-GA body (PRE_GA_WRITE/UPDATE/DELETE_ROWS_EVENT, written
    /// by 5.1.0–5.1.17): the v1 layout, but an update carries one columns-present
    /// bitmap that serves both images (MySQL 5.1 `log_event_old.cc`,
    /// `Old_rows_log_event`: the after-image bitmap is read only for
    /// `UPDATE_ROWS_EVENT`, and `m_cols_ai` otherwise aliases `m_cols`). Version 0.
    pub(crate) fn parse_pre_ga(
        body: &'a [u8],
        kind: RowsKind,
        post_header_len: usize,
    ) -> Result<RowsEvent<'a>, BinlogError> {
        let mut rows = RowsEvent::parse(body, RowsKind::Write, 0, post_header_len)?;
        rows.kind = kind;
        Ok(rows)
    }

    /// `STMT_END_F` is set.
    pub fn is_statement_end(&self) -> bool {
        self.flags & STMT_END_F != 0
    }

    /// Iterates over the rows, decoding each image against `table` (the
    /// TABLE_MAP_EVENT for [`RowsEvent::table_id`]). A mismatched table map is the
    /// first item's error. Iteration stops after the first error.
    pub fn rows<'t>(&self, table: &'t TableMapEvent) -> RowIter<'a, 't> {
        RowIter {
            event: *self,
            columns: table.columns(),
            map_table_id: table.table_id(),
            cursor: Cursor::new(self.rows_data),
            row_index: 0,
            present_before: count_present(self.columns_present, self.column_count),
            present_after: count_present(
                self.columns_present_after.unwrap_or(self.columns_present),
                self.column_count,
            ),
            checked: false,
            failed: false,
        }
    }
}

/// A JSON column holding a diff list: the column's length prefix, then the diffs.
fn json_diff_value<'a>(layout: ColumnLayout, c: &mut Cursor<'a>) -> Result<Value<'a>, BinlogError> {
    let ColumnLayout::Json(len_bytes) = layout else {
        return Err(BinlogError::Invalid {
            what: "partial JSON bitmap names a column that is not JSON; metadata",
            found: 0,
        });
    };
    let bytes = length_prefixed(c, len_bytes, "JSON diff list")?;
    Ok(Value::JsonDiff(JsonDiffs::parse(bytes)?))
}

fn count_present(bitmap: &[u8], columns: usize) -> usize {
    (0..columns).filter(|&i| bit_is_set(bitmap, i)).count()
}

/// One row of a rows event.
#[derive(Debug, Clone, PartialEq)]
pub struct Row<'a> {
    /// The before image (UPDATE, DELETE): one value per table column.
    pub before: Option<Vec<Value<'a>>>,
    /// The after image (WRITE, UPDATE): one value per table column.
    pub after: Option<Vec<Value<'a>>>,
}

/// Iterator over the rows of a [`RowsEvent`]; see [`RowsEvent::rows`].
#[derive(Debug, Clone)]
pub struct RowIter<'a, 't> {
    event: RowsEvent<'a>,
    columns: &'t [ColumnDesc],
    map_table_id: u64,
    cursor: Cursor<'a>,
    row_index: usize,
    present_before: usize,
    present_after: usize,
    checked: bool,
    failed: bool,
}

impl<'a> RowIter<'a, '_> {
    fn check_table(&self) -> Result<(), BinlogError> {
        if self.map_table_id != self.event.table_id || self.columns.len() != self.event.column_count
        {
            return Err(BinlogError::TableMapMismatch {
                rows_table_id: self.event.table_id,
                rows_columns: self.event.column_count,
                map_table_id: self.map_table_id,
                map_columns: self.columns.len(),
            });
        }
        Ok(())
    }

    fn read_row(&mut self) -> Result<Row<'a>, BinlogError> {
        let ev = self.event;
        Ok(match ev.kind {
            RowsKind::Write => Row {
                before: None,
                after: Some(self.read_image(ev.columns_present, self.present_after)?),
            },
            RowsKind::Delete => Row {
                before: Some(self.read_image(ev.columns_present, self.present_before)?),
                after: None,
            },
            RowsKind::Update => {
                let before = self.read_image(ev.columns_present, self.present_before)?;
                let after_bitmap = ev.columns_present_after.unwrap_or(ev.columns_present);
                let partial_json = if ev.partial {
                    self.read_partial_json_bitmap()?
                } else {
                    None
                };
                let after =
                    self.read_image_partial(after_bitmap, self.present_after, partial_json)?;
                Row {
                    before: Some(before),
                    after: Some(after),
                }
            }
        })
    }

    /// The shared part of a PARTIAL_UPDATE_ROWS_EVENT after image: `value_options`
    /// (packed) and, with `PARTIAL_JSON_UPDATES`, one bit per JSON column of the
    /// table saying whether its after value is a diff list.
    fn read_partial_json_bitmap(&mut self) -> Result<Option<&'a [u8]>, BinlogError> {
        let options = self
            .cursor
            .packed("PARTIAL_UPDATE_ROWS_EVENT value_options")?;
        if options & PARTIAL_JSON_UPDATES == 0 {
            return Ok(None);
        }
        let json_columns = self
            .columns
            .iter()
            .filter(|c| c.type_code == MYSQL_TYPE_JSON)
            .count();
        let bits = self.cursor.take(
            json_columns.div_ceil(8),
            "PARTIAL_UPDATE_ROWS_EVENT partial JSON bitmap",
        )?;
        Ok(Some(bits))
    }

    fn read_image(
        &mut self,
        present: &[u8],
        present_count: usize,
    ) -> Result<Vec<Value<'a>>, BinlogError> {
        self.read_image_partial(present, present_count, None)
    }

    /// One row image: a null bitmap over the present columns, then the non-NULL
    /// values of the present columns in order. `partial_json`: which JSON columns
    /// (by their rank among the table's JSON columns) hold diff lists.
    fn read_image_partial(
        &mut self,
        present: &[u8],
        present_count: usize,
        partial_json: Option<&[u8]>,
    ) -> Result<Vec<Value<'a>>, BinlogError> {
        let nulls = self
            .cursor
            .take(present_count.div_ceil(8), "row image null bitmap")?;
        let mut values = Vec::with_capacity(self.columns.len());
        let mut nth_present = 0;
        let mut nth_json = 0;
        for (i, col) in self.columns.iter().enumerate() {
            let is_diff = col.type_code == MYSQL_TYPE_JSON
                && partial_json.is_some_and(|bits| bit_is_set(bits, nth_json));
            if col.type_code == MYSQL_TYPE_JSON {
                nth_json += 1;
            }
            if !bit_is_set(present, i) {
                values.push(Value::Absent);
                continue;
            }
            let is_null = bit_is_set(nulls, nth_present);
            nth_present += 1;
            if is_null {
                values.push(Value::Null);
                continue;
            }
            let value = if col.layout == ColumnLayout::Unsupported {
                Err(BinlogError::UnsupportedColumnType {
                    column: i,
                    type_code: col.type_code,
                    metadata: col.metadata,
                })
            } else if is_diff {
                json_diff_value(col.layout, &mut self.cursor)
            } else {
                decode_value(col.layout, &mut self.cursor)
            };
            let value = value.map_err(|e| BinlogError::Column {
                row: self.row_index,
                column: i,
                type_code: col.real_type,
                source: Box::new(e),
            })?;
            values.push(value);
        }
        Ok(values)
    }
}

impl<'a> Iterator for RowIter<'a, '_> {
    type Item = Result<Row<'a>, BinlogError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed || self.cursor.remaining() == 0 {
            return None;
        }
        if !self.checked {
            self.checked = true;
            if let Err(e) = self.check_table() {
                self.failed = true;
                return Some(Err(e));
            }
        }
        let start = self.cursor.offset();
        let mut row = self.read_row();
        if row.is_ok() && self.cursor.offset() == start {
            // An image with no present columns takes no bytes: with bytes left this
            // would yield empty rows forever.
            row = Err(BinlogError::Invalid {
                what: "rows event columns-present bitmap (no columns, yet row data left)",
                found: self.cursor.remaining() as u64,
            });
        }
        self.row_index += 1;
        if row.is_err() {
            self.failed = true;
        }
        Some(row)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// TABLE_MAP_EVENT body for `d`.`t` (table id 5) with the given column types, no
    /// metadata, all columns nullable.
    fn table_map(types: &[u8]) -> TableMapEvent {
        let mut b = vec![
            5,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            1,
            b'd',
            0,
            1,
            b't',
            0,
            types.len() as u8,
        ];
        b.extend_from_slice(types);
        b.push(0);
        b.extend(std::iter::repeat_n(0xff, types.len().div_ceil(8)));
        TableMapEvent::parse(&b, 8).unwrap()
    }

    fn write_rows(table_id: u8, columns: u8, rows: &[u8]) -> Vec<u8> {
        let mut b = vec![table_id, 0, 0, 0, 0, 0, 1, 0, columns, 0xff];
        b.extend_from_slice(rows);
        b
    }

    #[test]
    fn null_absent_and_values() {
        let map = table_map(&[3, 1, 1]);
        // columns-present 0b011: column 2 absent; null bitmap over present columns:
        // second present column NULL.
        let mut body = vec![5, 0, 0, 0, 0, 0, 1, 0, 3, 0b011];
        body.extend_from_slice(&[0b10, 0x2a, 0, 0, 0]);
        let ev = RowsEvent::parse(&body, RowsKind::Write, 1, 8).unwrap();
        let rows: Vec<_> = ev.rows(&map).collect::<Result<_, _>>().unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(
            rows[0].after.as_deref(),
            Some(&[Value::Int(42), Value::Null, Value::Absent][..])
        );
        assert!(rows[0].before.is_none());
    }

    #[test]
    fn unsupported_type_is_a_column_error() {
        let map = table_map(&[3, 0]);
        let body = write_rows(5, 2, &[0, 1, 0, 0, 0, 9, 9]);
        let ev = RowsEvent::parse(&body, RowsKind::Write, 1, 8).unwrap();
        let mut it = ev.rows(&map);
        match it.next() {
            Some(Err(BinlogError::Column {
                column: 1, source, ..
            })) => {
                assert!(matches!(
                    *source,
                    BinlogError::UnsupportedColumnType { type_code: 0, .. }
                ))
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(it.next().is_none());
    }

    #[test]
    fn wrong_table_map_is_an_error() {
        let map = table_map(&[3]);
        let body = write_rows(6, 1, &[0, 1, 0, 0, 0]);
        let ev = RowsEvent::parse(&body, RowsKind::Write, 1, 8).unwrap();
        let first = ev.rows(&map).next();
        assert!(matches!(
            first,
            Some(Err(BinlogError::TableMapMismatch { .. }))
        ));
    }

    #[test]
    fn truncated_row_is_an_error_not_a_panic() {
        let map = table_map(&[8]);
        let body = write_rows(5, 1, &[0, 1, 2, 3]);
        let ev = RowsEvent::parse(&body, RowsKind::Write, 1, 8).unwrap();
        let first = ev.rows(&map).next();
        assert!(
            matches!(first, Some(Err(BinlogError::Column { .. }))),
            "{first:?}"
        );
    }

    /// MySQL 5.1 `log_event_old.cc` `Old_rows_log_event`: a PRE_GA_UPDATE_ROWS_EVENT
    /// has one columns-present bitmap, then before/after image pairs.
    #[test]
    fn pre_ga_update_has_one_bitmap() {
        let map = table_map(&[3]);
        // table id 5, flags STMT_END_F, 1 column, bitmap; before 7, after 8.
        let mut body = vec![5, 0, 0, 0, 0, 0, 1, 0, 1, 0x01];
        body.extend_from_slice(&[0, 7, 0, 0, 0, 0, 8, 0, 0, 0]);
        let ev = RowsEvent::parse_pre_ga(&body, RowsKind::Update, 8).unwrap();
        assert_eq!((ev.kind, ev.version), (RowsKind::Update, 0));
        let rows: Vec<_> = ev.rows(&map).collect::<Result<_, _>>().unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].before.as_deref(), Some(&[Value::Int(7)][..]));
        assert_eq!(rows[0].after.as_deref(), Some(&[Value::Int(8)][..]));
    }

    #[test]
    fn empty_images_with_data_left_do_not_loop() {
        let map = table_map(&[3]);
        let body = vec![5, 0, 0, 0, 0, 0, 1, 0, 1, 0x00, 0x42];
        let ev = RowsEvent::parse(&body, RowsKind::Write, 1, 8).unwrap();
        let rows: Vec<_> = ev.rows(&map).take(3).collect();
        assert_eq!(rows.len(), 1);
        assert!(rows[0].is_err());
    }
}
