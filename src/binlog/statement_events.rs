//! Bodies of the events that accompany statement-based replication: INTVAR_EVENT,
//! RAND_EVENT, USER_VAR_EVENT and the LOAD DATA family (LOAD_EVENT, NEW_LOAD_EVENT,
//! CREATE_FILE_EVENT, APPEND_BLOCK_EVENT, EXEC_LOAD_EVENT, DELETE_FILE_EVENT,
//! BEGIN_LOAD_QUERY_EVENT, EXECUTE_LOAD_QUERY_EVENT).
//!
//! Layouts from MySQL `libs/mysql/binlog/event/statement_events.cpp` (`Intvar_event`,
//! `Rand_event`, `User_var_event`) and `load_data_events.cpp` (`Load_event`,
//! `Create_file_event`, `Append_block_event`, `Delete_file_event`,
//! `Execute_load_event`, `Begin_load_query_event`, `Execute_load_query_event`).
//! Only the header fields are decoded; the LOAD DATA payloads stay raw views.
//! Must not do I/O or interpret the values (no charset conversion).

use super::cursor::Cursor;
use super::error::BinlogError;
use super::query::QueryEvent;
use super::table_map::decimal_bin_size;
use super::value::PackedDecimal;

/// `INVALID_INT_EVENT`: the type byte of an INTVAR_EVENT that carries nothing.
pub const INVALID_INT_EVENT: u8 = 0;
/// `LAST_INSERT_ID_EVENT`: the INTVAR_EVENT sets `LAST_INSERT_ID()`.
pub const LAST_INSERT_ID_EVENT: u8 = 1;
/// `INSERT_ID_EVENT`: the INTVAR_EVENT sets the next AUTO_INCREMENT value.
pub const INSERT_ID_EVENT: u8 = 2;

/// INTVAR_EVENT: an integer session value the next statement depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IntvarEvent {
    /// [`LAST_INSERT_ID_EVENT`] or [`INSERT_ID_EVENT`].
    pub kind: u8,
    /// The value.
    pub value: u64,
}

impl IntvarEvent {
    /// `Intvar_event`: type (1 byte), value (8 bytes); no post-header.
    pub(crate) fn parse(body: &[u8]) -> Result<IntvarEvent, BinlogError> {
        let mut c = Cursor::new(body);
        let kind = c.u8("INTVAR_EVENT type")?;
        if kind != LAST_INSERT_ID_EVENT && kind != INSERT_ID_EVENT {
            return Err(BinlogError::Invalid {
                what: "INTVAR_EVENT type (expected 1 LAST_INSERT_ID or 2 INSERT_ID)",
                found: u64::from(kind),
            });
        }
        let value = c.u64("INTVAR_EVENT value")?;
        c.expect_end("INTVAR_EVENT")?;
        Ok(IntvarEvent { kind, value })
    }
}

/// RAND_EVENT: the seeds of `RAND()` for the next statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RandEvent {
    /// `@@RAND_SEED1`.
    pub seed1: u64,
    /// `@@RAND_SEED2`.
    pub seed2: u64,
}

impl RandEvent {
    /// `Rand_event`: seed1 (8 bytes), seed2 (8 bytes).
    pub(crate) fn parse(body: &[u8]) -> Result<RandEvent, BinlogError> {
        let mut c = Cursor::new(body);
        let seed1 = c.u64("RAND_EVENT seed1")?;
        let seed2 = c.u64("RAND_EVENT seed2")?;
        c.expect_end("RAND_EVENT")?;
        Ok(RandEvent { seed1, seed2 })
    }
}

/// `Item_result` of a user variable: a string.
pub const STRING_RESULT: u8 = 0;
/// `Item_result`: a double.
pub const REAL_RESULT: u8 = 1;
/// `Item_result`: an integer (8 bytes, signed unless `UNSIGNED_F`).
pub const INT_RESULT: u8 = 2;
/// `Item_result`: a row (never logged).
pub const ROW_RESULT: u8 = 3;
/// `Item_result`: a decimal (precision, scale, packed decimal).
pub const DECIMAL_RESULT: u8 = 4;
/// USER_VAR_EVENT flag: the integer value is unsigned.
pub const USER_VAR_UNSIGNED_F: u8 = 1;

/// The value of a non-NULL user variable, raw as logged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UserVarValue<'a> {
    /// `Item_result`: [`STRING_RESULT`], [`REAL_RESULT`], [`INT_RESULT`],
    /// [`DECIMAL_RESULT`].
    pub item_result: u8,
    /// Collation id of a string value.
    pub charset: u32,
    /// The value bytes (little-endian for numbers).
    pub value: &'a [u8],
    /// `USER_VAR_UNSIGNED_F`..., when the server wrote the flags byte (MySQL 5.6+).
    pub flags: Option<u8>,
}

impl<'a> UserVarValue<'a> {
    /// An `INT_RESULT` value as a signed integer (its 8 bytes); see
    /// [`UserVarValue::is_unsigned`].
    pub fn as_i64(&self) -> Option<i64> {
        let bytes: [u8; 8] = self.value.try_into().ok()?;
        (self.item_result == INT_RESULT).then(|| i64::from_le_bytes(bytes))
    }

    /// The flags byte has `USER_VAR_UNSIGNED_F`: read an `INT_RESULT` as `u64`.
    pub fn is_unsigned(&self) -> bool {
        self.flags.is_some_and(|f| f & USER_VAR_UNSIGNED_F != 0)
    }

    /// A `REAL_RESULT` value (8-byte little-endian double).
    pub fn as_f64(&self) -> Option<f64> {
        let bytes: [u8; 8] = self.value.try_into().ok()?;
        (self.item_result == REAL_RESULT).then(|| f64::from_le_bytes(bytes))
    }

    /// A `DECIMAL_RESULT` value: precision (1), scale (1), then the packed decimal
    /// (MySQL `User_var_log_event::print`, `bin2decimal`); `None` when the sizes
    /// disagree.
    pub fn as_decimal(&self) -> Option<PackedDecimal<'a>> {
        if self.item_result != DECIMAL_RESULT {
            return None;
        }
        let (&precision, rest) = self.value.split_first()?;
        let (&scale, bytes) = rest.split_first()?;
        let size = decimal_bin_size(precision, scale)?;
        (usize::from(size) == bytes.len()).then_some(PackedDecimal {
            bytes,
            precision,
            scale,
        })
    }
}

/// USER_VAR_EVENT: a user variable (`@name`) the next statement reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UserVarEvent<'a> {
    /// The variable name, without `@`.
    pub name: &'a [u8],
    /// The value; `None` when it is NULL.
    pub value: Option<UserVarValue<'a>>,
}

impl<'a> UserVarEvent<'a> {
    /// `User_var_event`: name length (4), name, is_null (1); when not NULL: type (1),
    /// charset (4), value length (4), value, then an optional flags byte.
    pub(crate) fn parse(body: &'a [u8]) -> Result<UserVarEvent<'a>, BinlogError> {
        let mut c = Cursor::new(body);
        let name_len = c.u32("USER_VAR_EVENT name length")?;
        let name = c.take(name_len as usize, "USER_VAR_EVENT name")?;
        let is_null = c.u8("USER_VAR_EVENT is_null")?;
        if is_null != 0 {
            c.expect_end("USER_VAR_EVENT (NULL value)")?;
            return Ok(UserVarEvent { name, value: None });
        }
        let item_result = c.u8("USER_VAR_EVENT type")?;
        if item_result > DECIMAL_RESULT {
            return Err(BinlogError::Invalid {
                what: "USER_VAR_EVENT type (Item_result 0..=4)",
                found: u64::from(item_result),
            });
        }
        let charset = c.u32("USER_VAR_EVENT charset")?;
        let value_len = c.u32("USER_VAR_EVENT value length")?;
        let value = c.take(value_len as usize, "USER_VAR_EVENT value")?;
        let flags = match c.remaining() {
            0 => None,
            _ => Some(c.u8("USER_VAR_EVENT flags")?),
        };
        c.expect_end("USER_VAR_EVENT")?;
        Ok(UserVarEvent {
            name,
            value: Some(UserVarValue {
                item_result,
                charset,
                value,
                flags,
            }),
        })
    }
}

/// The LOAD_EVENT post-header (`Load_event`, 18 bytes), shared by NEW_LOAD_EVENT and
/// CREATE_FILE_EVENT.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoadHeader {
    /// Thread that ran LOAD DATA.
    pub thread_id: u32,
    /// Execution time in seconds.
    pub exec_time: u32,
    /// `IGNORE n LINES`.
    pub skip_lines: u32,
    /// Length of the table name in the body.
    pub table_name_len: u8,
    /// Length of the database name in the body.
    pub db_len: u8,
    /// Number of field names in the body.
    pub num_fields: u32,
}

impl LoadHeader {
    fn parse(c: &mut Cursor<'_>) -> Result<LoadHeader, BinlogError> {
        Ok(LoadHeader {
            thread_id: c.u32("LOAD_EVENT thread_id")?,
            exec_time: c.u32("LOAD_EVENT exec_time")?,
            skip_lines: c.u32("LOAD_EVENT skip_lines")?,
            table_name_len: c.u8("LOAD_EVENT table_name_len")?,
            db_len: c.u8("LOAD_EVENT db_len")?,
            num_fields: c.u32("LOAD_EVENT num_fields")?,
        })
    }
}

/// LOAD_EVENT or NEW_LOAD_EVENT (MySQL 3.23–4.x LOAD DATA): the post-header, and the
/// rest (field/line options, field names, table, database, file name) raw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoadEvent<'a> {
    /// The post-header.
    pub header: LoadHeader,
    /// The body after the post-header.
    pub rest: &'a [u8],
}

impl<'a> LoadEvent<'a> {
    pub(crate) fn parse(body: &'a [u8], post_header_len: usize) -> Result<Self, BinlogError> {
        let mut c = Cursor::new(body);
        let header = LoadHeader::parse(&mut c)?;
        c.take(post_header_len.saturating_sub(18), "LOAD_EVENT post-header")?;
        Ok(LoadEvent {
            header,
            rest: c.rest(),
        })
    }
}

/// CREATE_FILE_EVENT (MySQL 4.x LOAD DATA): the LOAD_EVENT post-header, the file id,
/// and the rest (LOAD_EVENT body, then the first data block) raw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CreateFileEvent<'a> {
    /// The LOAD_EVENT post-header it starts with.
    pub header: LoadHeader,
    /// The file id later APPEND_BLOCK/EXEC_LOAD/DELETE_FILE events name.
    pub file_id: u32,
    /// The body after the file id.
    pub rest: &'a [u8],
}

impl<'a> CreateFileEvent<'a> {
    /// `Create_file_event`: LOAD_EVENT post-header (18), then its own post-header
    /// (file id, 4 bytes), then the LOAD_EVENT body and the block.
    pub(crate) fn parse(body: &'a [u8]) -> Result<Self, BinlogError> {
        let mut c = Cursor::new(body);
        let header = LoadHeader::parse(&mut c)?;
        let file_id = c.u32("CREATE_FILE_EVENT file_id")?;
        Ok(CreateFileEvent {
            header,
            file_id,
            rest: c.rest(),
        })
    }
}

/// APPEND_BLOCK_EVENT or BEGIN_LOAD_QUERY_EVENT: a block of the file LOAD DATA reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AppendBlockEvent<'a> {
    /// The file the block belongs to.
    pub file_id: u32,
    /// The block.
    pub block: &'a [u8],
}

impl<'a> AppendBlockEvent<'a> {
    /// `Append_block_event`/`Begin_load_query_event`: file id (4), then the block.
    pub(crate) fn parse(
        body: &'a [u8],
        post_header_len: usize,
        what: &'static str,
    ) -> Result<Self, BinlogError> {
        let mut c = Cursor::new(body);
        let file_id = c.u32(what)?;
        c.take(post_header_len.saturating_sub(4), what)?;
        Ok(AppendBlockEvent {
            file_id,
            block: c.rest(),
        })
    }
}

/// The body of EXEC_LOAD_EVENT and DELETE_FILE_EVENT: a file id (4 bytes).
pub(crate) fn parse_file_id(body: &[u8], what: &'static str) -> Result<u32, BinlogError> {
    let mut c = Cursor::new(body);
    let file_id = c.u32(what)?;
    c.expect_end(what)?;
    Ok(file_id)
}

/// EXECUTE_LOAD_QUERY_EVENT: the LOAD DATA statement, a QUERY_EVENT whose
/// post-header carries the file id and where the file name sits in the query.
#[derive(Debug, Clone)]
pub struct ExecuteLoadQueryEvent<'a> {
    /// The statement, parsed as a QUERY_EVENT (its post-header is skipped there).
    pub query: QueryEvent<'a>,
    /// The file the preceding BEGIN_LOAD_QUERY/APPEND_BLOCK events filled.
    pub file_id: u32,
    /// Offset of the file name in the query text.
    pub fn_pos_start: u32,
    /// Offset after the file name in the query text.
    pub fn_pos_end: u32,
    /// `LOAD_DUP_ERROR` (0), `LOAD_DUP_IGNORE` (1) or `LOAD_DUP_REPLACE` (2).
    pub dup_handling: u8,
}

/// Length of the QUERY_EVENT post-header that EXECUTE_LOAD_QUERY_EVENT extends.
const QUERY_HEADER_LEN: usize = 13;

impl<'a> ExecuteLoadQueryEvent<'a> {
    /// `Execute_load_query_event`: QUERY_EVENT post-header (13), file id (4),
    /// fn_pos_start (4), fn_pos_end (4), dup_handling (1), then as QUERY_EVENT.
    pub(crate) fn parse(body: &'a [u8], post_header_len: usize) -> Result<Self, BinlogError> {
        if post_header_len < QUERY_HEADER_LEN + 13 {
            return Err(BinlogError::Invalid {
                what: "EXECUTE_LOAD_QUERY_EVENT post-header length (expected 26)",
                found: post_header_len as u64,
            });
        }
        let mut c = Cursor::new(body);
        c.take(
            QUERY_HEADER_LEN,
            "EXECUTE_LOAD_QUERY_EVENT query post-header",
        )?;
        let file_id = c.u32("EXECUTE_LOAD_QUERY_EVENT file_id")?;
        let fn_pos_start = c.u32("EXECUTE_LOAD_QUERY_EVENT fn_pos_start")?;
        let fn_pos_end = c.u32("EXECUTE_LOAD_QUERY_EVENT fn_pos_end")?;
        let dup_handling = c.u8("EXECUTE_LOAD_QUERY_EVENT dup_handling")?;
        if dup_handling > 2 {
            return Err(BinlogError::Invalid {
                what: "EXECUTE_LOAD_QUERY_EVENT dup_handling (0..=2)",
                found: u64::from(dup_handling),
            });
        }
        let query = QueryEvent::parse(body, post_header_len)?;
        Ok(ExecuteLoadQueryEvent {
            query,
            file_id,
            fn_pos_start,
            fn_pos_end,
            dup_handling,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `Intvar_event`: type byte then 8-byte value; type 0 is `INVALID_INT_EVENT`.
    #[test]
    fn intvar_layout() {
        let mut body = vec![INSERT_ID_EVENT];
        body.extend_from_slice(&539_886_506u64.to_le_bytes());
        let e = IntvarEvent::parse(&body).unwrap();
        assert_eq!((e.kind, e.value), (INSERT_ID_EVENT, 539_886_506));
        assert!(IntvarEvent::parse(&body[..8]).is_err());
        body[0] = INVALID_INT_EVENT;
        assert!(IntvarEvent::parse(&body).is_err());
    }

    #[test]
    fn rand_layout() {
        let mut body = 1u64.to_le_bytes().to_vec();
        body.extend_from_slice(&2u64.to_le_bytes());
        assert_eq!(
            RandEvent::parse(&body).unwrap(),
            RandEvent { seed1: 1, seed2: 2 }
        );
        body.push(0);
        assert!(RandEvent::parse(&body).is_err());
    }

    /// `User_var_event`: a NULL value ends after is_null; an unsigned integer carries
    /// the flags byte (MySQL 5.6+).
    #[test]
    fn user_var_layouts() {
        let null = [1, 0, 0, 0, b'2', 1];
        let e = UserVarEvent::parse(&null).unwrap();
        assert_eq!((e.name, e.value), (&b"2"[..], None));

        let mut body = vec![3, 0, 0, 0, b'a', b'b', b'c', 0, INT_RESULT];
        body.extend_from_slice(&63u32.to_le_bytes());
        body.extend_from_slice(&8u32.to_le_bytes());
        body.extend_from_slice(&u64::MAX.to_le_bytes());
        body.push(USER_VAR_UNSIGNED_F);
        let v = UserVarEvent::parse(&body).unwrap().value.unwrap();
        assert_eq!((v.charset, v.flags, v.as_i64()), (63, Some(1), Some(-1)));
        assert!(v.is_unsigned() && v.as_f64().is_none() && v.as_decimal().is_none());
        let real = UserVarValue {
            item_result: REAL_RESULT,
            charset: 63,
            value: &1.5f64.to_le_bytes(),
            flags: None,
        };
        assert_eq!(real.as_f64(), Some(1.5));
        // A value length beyond the body is a clean error.
        body[13] = 0xff;
        assert!(matches!(
            UserVarEvent::parse(&body),
            Err(BinlogError::Truncated { .. })
        ));
    }

    /// `Load_event` post-header: thread id, exec time, skip lines, table name length,
    /// db length, field count (18 bytes); `Create_file_event` adds the file id.
    #[test]
    fn load_and_create_file_headers() {
        let mut body = Vec::new();
        for v in [7u32, 1, 2] {
            body.extend_from_slice(&v.to_le_bytes());
        }
        body.extend_from_slice(&[2, 4]);
        body.extend_from_slice(&3u32.to_le_bytes());
        let load_len = body.len();
        body.extend_from_slice(&9u32.to_le_bytes());
        body.extend_from_slice(b"rest");
        let load = LoadEvent::parse(&body, 18).unwrap();
        assert_eq!(
            load.header,
            LoadHeader {
                thread_id: 7,
                exec_time: 1,
                skip_lines: 2,
                table_name_len: 2,
                db_len: 4,
                num_fields: 3,
            }
        );
        assert_eq!(load.rest.len(), body.len() - load_len);
        let create = CreateFileEvent::parse(&body).unwrap();
        assert_eq!((create.file_id, create.rest), (9, &b"rest"[..]));
        assert!(CreateFileEvent::parse(&body[..20]).is_err());
    }

    /// `Append_block_event`/`Delete_file_event`: 4-byte file id first.
    #[test]
    fn load_data_blocks() {
        let body = [2, 0, 0, 0, b'x', b'y'];
        let e = AppendBlockEvent::parse(&body, 4, "APPEND_BLOCK_EVENT file_id").unwrap();
        assert_eq!((e.file_id, e.block), (2, &b"xy"[..]));
        assert_eq!(parse_file_id(&body[..4], "DELETE_FILE_EVENT").unwrap(), 2);
        assert!(parse_file_id(&body[..3], "DELETE_FILE_EVENT").is_err());
    }
}
