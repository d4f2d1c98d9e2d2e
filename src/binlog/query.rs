//! QUERY_EVENT: a statement with its session context (status variables).
//!
//! Owns the QUERY_EVENT post-header and the status-variable block (MySQL
//! `libbinlogevents/src/statement_events.cpp`, MariaDB `sql/log_event.cc`
//! `Query_log_event::Query_log_event`). An unknown status-variable code stops the
//! parsing of the block (its length cannot be known): the variables before it are
//! kept, the rest is handed out raw in [`QueryStatusVars::unparsed`], and the
//! statement itself is still read, since the block's length is in the post-header.

use super::cursor::Cursor;
use super::error::BinlogError;

/// `Q_FLAGS2_CODE`.
pub const Q_FLAGS2_CODE: u8 = 0;
/// `Q_SQL_MODE_CODE`.
pub const Q_SQL_MODE_CODE: u8 = 1;
/// `Q_CATALOG_CODE` (old, NUL-terminated).
pub const Q_CATALOG_CODE: u8 = 2;
/// `Q_AUTO_INCREMENT`.
pub const Q_AUTO_INCREMENT: u8 = 3;
/// `Q_CHARSET_CODE`.
pub const Q_CHARSET_CODE: u8 = 4;
/// `Q_TIME_ZONE_CODE`.
pub const Q_TIME_ZONE_CODE: u8 = 5;
/// `Q_CATALOG_NZ_CODE`.
pub const Q_CATALOG_NZ_CODE: u8 = 6;
/// `Q_LC_TIME_NAMES_CODE`.
pub const Q_LC_TIME_NAMES_CODE: u8 = 7;
/// `Q_CHARSET_DATABASE_CODE`.
pub const Q_CHARSET_DATABASE_CODE: u8 = 8;
/// `Q_TABLE_MAP_FOR_UPDATE_CODE`.
pub const Q_TABLE_MAP_FOR_UPDATE_CODE: u8 = 9;
/// `Q_MASTER_DATA_WRITTEN_CODE`.
pub const Q_MASTER_DATA_WRITTEN_CODE: u8 = 10;
/// `Q_INVOKER`.
pub const Q_INVOKER: u8 = 11;
/// `Q_UPDATED_DB_NAMES`.
pub const Q_UPDATED_DB_NAMES: u8 = 12;
/// `Q_MICROSECONDS`.
pub const Q_MICROSECONDS: u8 = 13;
/// `Q_COMMIT_TS` (unused by servers; carries no value).
pub const Q_COMMIT_TS: u8 = 14;
/// `Q_COMMIT_TS2` (unused by servers; carries no value).
pub const Q_COMMIT_TS2: u8 = 15;
/// `Q_EXPLICIT_DEFAULTS_FOR_TIMESTAMP`.
pub const Q_EXPLICIT_DEFAULTS_FOR_TIMESTAMP: u8 = 16;
/// `Q_DDL_LOGGED_WITH_XID`.
pub const Q_DDL_LOGGED_WITH_XID: u8 = 17;
/// `Q_DEFAULT_COLLATION_FOR_UTF8MB4`.
pub const Q_DEFAULT_COLLATION_FOR_UTF8MB4: u8 = 18;
/// `Q_SQL_REQUIRE_PRIMARY_KEY`.
pub const Q_SQL_REQUIRE_PRIMARY_KEY: u8 = 19;
/// `Q_DEFAULT_TABLE_ENCRYPTION`.
pub const Q_DEFAULT_TABLE_ENCRYPTION: u8 = 20;
/// MariaDB `Q_HRNOW`: microseconds of the statement start.
pub const Q_HRNOW: u8 = 128;
/// MariaDB `Q_XID`.
pub const Q_XID: u8 = 129;
/// MariaDB `Q_GTID_FLAGS3`.
pub const Q_GTID_FLAGS3: u8 = 130;
/// MariaDB `Q_CHARACTER_SET_COLLATIONS` (11.2+).
pub const Q_CHARACTER_SET_COLLATIONS: u8 = 131;

/// `Q_UPDATED_DB_NAMES` count meaning "too many to list".
const OVER_MAX_DBS_IN_EVENT_MTS: u8 = 254;
/// MariaDB `Gtid_log_event::FL_COMMIT_ALTER_E1 | FL_ROLLBACK_ALTER_E1`: a start-alter
/// sequence number follows the `Q_GTID_FLAGS3` byte.
const FL_COMMIT_OR_ROLLBACK_ALTER_E1: u8 = 4 | 8;

/// The character set ids of `Q_CHARSET_CODE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueryCharset {
    /// `character_set_client` (a collation id).
    pub character_set_client: u16,
    /// `collation_connection`.
    pub collation_connection: u16,
    /// `collation_server`.
    pub collation_server: u16,
}

/// The status variables of a QUERY_EVENT that were present.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueryStatusVars<'a> {
    /// `Q_FLAGS2_CODE`: `OPTION_*` session flags.
    pub flags2: Option<u32>,
    /// `Q_SQL_MODE_CODE`.
    pub sql_mode: Option<u64>,
    /// `Q_CATALOG_CODE` / `Q_CATALOG_NZ_CODE`.
    pub catalog: Option<&'a [u8]>,
    /// `Q_AUTO_INCREMENT`: (increment, offset).
    pub auto_increment: Option<(u16, u16)>,
    /// `Q_CHARSET_CODE`.
    pub charset: Option<QueryCharset>,
    /// `Q_TIME_ZONE_CODE`.
    pub time_zone: Option<&'a [u8]>,
    /// `Q_LC_TIME_NAMES_CODE`.
    pub lc_time_names: Option<u16>,
    /// `Q_CHARSET_DATABASE_CODE`: collation of the default database.
    pub charset_database: Option<u16>,
    /// `Q_TABLE_MAP_FOR_UPDATE_CODE`.
    pub table_map_for_update: Option<u64>,
    /// `Q_MASTER_DATA_WRITTEN_CODE`.
    pub master_data_written: Option<u32>,
    /// `Q_INVOKER`: (user, host).
    pub invoker: Option<(&'a [u8], &'a [u8])>,
    /// `Q_UPDATED_DB_NAMES`: the raw block after the count byte (NUL-terminated names),
    /// and the count (254 = too many to list).
    pub updated_db_names: Option<(u8, &'a [u8])>,
    /// `Q_MICROSECONDS` or MariaDB `Q_HRNOW`: microseconds of the start time.
    pub microseconds: Option<u32>,
    /// `Q_EXPLICIT_DEFAULTS_FOR_TIMESTAMP`.
    pub explicit_defaults_for_timestamp: Option<u8>,
    /// `Q_DDL_LOGGED_WITH_XID`.
    pub ddl_xid: Option<u64>,
    /// `Q_DEFAULT_COLLATION_FOR_UTF8MB4`.
    pub default_collation_for_utf8mb4: Option<u16>,
    /// `Q_SQL_REQUIRE_PRIMARY_KEY`.
    pub sql_require_primary_key: Option<u8>,
    /// `Q_DEFAULT_TABLE_ENCRYPTION`.
    pub default_table_encryption: Option<u8>,
    /// MariaDB `Q_XID`.
    pub xid: Option<u64>,
    /// MariaDB `Q_GTID_FLAGS3`: flags and the start-alter sequence number.
    pub gtid_flags3: Option<(u8, Option<u64>)>,
    /// MariaDB `Q_CHARACTER_SET_COLLATIONS`: raw pairs of (charset id, collation id),
    /// 4 bytes each, little-endian.
    pub character_set_collations: Option<&'a [u8]>,
    /// The first status-variable code this parser does not know, with the bytes after
    /// it; parsing stopped there.
    pub unparsed: Option<(u8, &'a [u8])>,
}

impl<'a> QueryStatusVars<'a> {
    /// Parses a status-variable block.
    pub fn parse(block: &'a [u8]) -> Result<QueryStatusVars<'a>, BinlogError> {
        let mut v = QueryStatusVars::default();
        let mut c = Cursor::new(block);
        while c.remaining() > 0 {
            let code = c.u8("QUERY_EVENT status variable code")?;
            if !v.parse_one(code, &mut c)? {
                v.unparsed = Some((code, c.rest()));
            }
        }
        Ok(v)
    }

    /// Parses one variable; `Ok(false)` when the code is unknown.
    fn parse_one(&mut self, code: u8, c: &mut Cursor<'a>) -> Result<bool, BinlogError> {
        match code {
            Q_FLAGS2_CODE => self.flags2 = Some(c.u32("Q_FLAGS2_CODE")?),
            Q_SQL_MODE_CODE => self.sql_mode = Some(c.u64("Q_SQL_MODE_CODE")?),
            Q_CATALOG_CODE => {
                let s = c.str_u8("Q_CATALOG_CODE")?;
                c.expect_u8(0, "Q_CATALOG_CODE terminator")?;
                self.catalog = Some(s);
            }
            Q_AUTO_INCREMENT => {
                self.auto_increment = Some((c.u16("Q_AUTO_INCREMENT")?, c.u16("Q_AUTO_INCREMENT")?))
            }
            Q_CHARSET_CODE => {
                self.charset = Some(QueryCharset {
                    character_set_client: c.u16("Q_CHARSET_CODE")?,
                    collation_connection: c.u16("Q_CHARSET_CODE")?,
                    collation_server: c.u16("Q_CHARSET_CODE")?,
                })
            }
            Q_TIME_ZONE_CODE => self.time_zone = Some(c.str_u8("Q_TIME_ZONE_CODE")?),
            Q_CATALOG_NZ_CODE => self.catalog = Some(c.str_u8("Q_CATALOG_NZ_CODE")?),
            Q_LC_TIME_NAMES_CODE => self.lc_time_names = Some(c.u16("Q_LC_TIME_NAMES_CODE")?),
            Q_CHARSET_DATABASE_CODE => {
                self.charset_database = Some(c.u16("Q_CHARSET_DATABASE_CODE")?)
            }
            Q_TABLE_MAP_FOR_UPDATE_CODE => {
                self.table_map_for_update = Some(c.u64("Q_TABLE_MAP_FOR_UPDATE_CODE")?)
            }
            Q_MASTER_DATA_WRITTEN_CODE => {
                self.master_data_written = Some(c.u32("Q_MASTER_DATA_WRITTEN_CODE")?)
            }
            Q_INVOKER => {
                let user = c.str_u8("Q_INVOKER user")?;
                let host = c.str_u8("Q_INVOKER host")?;
                self.invoker = Some((user, host));
            }
            Q_UPDATED_DB_NAMES => {
                let count = c.u8("Q_UPDATED_DB_NAMES count")?;
                let start = *c;
                if count != OVER_MAX_DBS_IN_EVENT_MTS {
                    for _ in 0..count {
                        c.str_nul("Q_UPDATED_DB_NAMES name")?;
                    }
                }
                let mut names = start;
                let names = names.take(c.offset() - start.offset(), "Q_UPDATED_DB_NAMES")?;
                self.updated_db_names = Some((count, names));
            }
            Q_MICROSECONDS | Q_HRNOW => {
                self.microseconds = Some(c.uint_n(3, "Q_MICROSECONDS/Q_HRNOW")? as u32)
            }
            Q_COMMIT_TS | Q_COMMIT_TS2 => {}
            Q_EXPLICIT_DEFAULTS_FOR_TIMESTAMP => {
                self.explicit_defaults_for_timestamp =
                    Some(c.u8("Q_EXPLICIT_DEFAULTS_FOR_TIMESTAMP")?)
            }
            Q_DDL_LOGGED_WITH_XID => self.ddl_xid = Some(c.u64("Q_DDL_LOGGED_WITH_XID")?),
            Q_DEFAULT_COLLATION_FOR_UTF8MB4 => {
                self.default_collation_for_utf8mb4 = Some(c.u16("Q_DEFAULT_COLLATION_FOR_UTF8MB4")?)
            }
            Q_SQL_REQUIRE_PRIMARY_KEY => {
                self.sql_require_primary_key = Some(c.u8("Q_SQL_REQUIRE_PRIMARY_KEY")?)
            }
            Q_DEFAULT_TABLE_ENCRYPTION => {
                self.default_table_encryption = Some(c.u8("Q_DEFAULT_TABLE_ENCRYPTION")?)
            }
            Q_XID => self.xid = Some(c.u64("Q_XID")?),
            Q_GTID_FLAGS3 => {
                let flags = c.u8("Q_GTID_FLAGS3")?;
                let seq_no = if flags & FL_COMMIT_OR_ROLLBACK_ALTER_E1 != 0 {
                    Some(c.u64("Q_GTID_FLAGS3 start-alter seq_no")?)
                } else {
                    None
                };
                self.gtid_flags3 = Some((flags, seq_no));
            }
            Q_CHARACTER_SET_COLLATIONS => {
                let count = c.u8("Q_CHARACTER_SET_COLLATIONS count")?;
                self.character_set_collations =
                    Some(c.take(usize::from(count) * 4, "Q_CHARACTER_SET_COLLATIONS")?);
            }
            _ => return Ok(false),
        }
        Ok(true)
    }
}

/// QUERY_EVENT: one statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryEvent<'a> {
    /// Thread (connection) id that ran the statement.
    pub thread_id: u32,
    /// Seconds the statement took.
    pub exec_time: u32,
    /// Error code the statement ended with on the primary.
    pub error_code: u16,
    /// The default database (`USE db`) when it ran; may be empty.
    pub schema: &'a [u8],
    /// Status variables.
    pub status_vars: QueryStatusVars<'a>,
    /// The SQL text (in `character_set_client`).
    pub query: &'a [u8],
}

impl<'a> QueryEvent<'a> {
    /// Parses a body (after the common header, without checksum); `post_header_len` is
    /// the FDE's length for QUERY_EVENT (13 in v4, extra bytes are skipped).
    pub(crate) fn parse(
        body: &'a [u8],
        post_header_len: usize,
    ) -> Result<QueryEvent<'a>, BinlogError> {
        let mut c = Cursor::new(body);
        let thread_id = c.u32("QUERY_EVENT thread_id")?;
        let exec_time = c.u32("QUERY_EVENT exec_time")?;
        let db_len = c.u8("QUERY_EVENT db_len")?;
        let error_code = c.u16("QUERY_EVENT error_code")?;
        let status_len = if post_header_len >= 13 {
            c.u16("QUERY_EVENT status_vars_len")?
        } else {
            0
        };
        c.take(
            post_header_len.saturating_sub(13),
            "QUERY_EVENT post-header",
        )?;
        let status = c.take(usize::from(status_len), "QUERY_EVENT status variables")?;
        let status_vars = QueryStatusVars::parse(status)?;
        let schema = c.take(usize::from(db_len), "QUERY_EVENT db name")?;
        c.expect_u8(0, "QUERY_EVENT db name terminator")?;
        let query = c.rest();
        Ok(QueryEvent {
            thread_id,
            exec_time,
            error_code,
            schema,
            status_vars,
            query,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The "Example With Default db and CRC32" of MariaDB's QUERY_EVENT documentation
    /// (mariadb.com/kb, replication protocol): body after the header, CRC removed.
    #[test]
    fn parses_documented_example() {
        let event: &[u8] = &[
            0x66, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x1a, 0x00, //
            0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x50, 0x00, 0x00, 0x00, 0x00,
            0x06, 0x03, 0x73, 0x74, 0x64, 0x04, 0x08, 0x00, 0x08, 0x00, 0x08, 0x00, 0x74, 0x65,
            0x73, 0x74, 0x00, b'T', b'R', b'U', b'N', b'C', b'A', b'T', b'E', b' ', b'T', b'A',
            b'B', b'L', b'E', b' ', b't', b'4',
        ];
        let q = QueryEvent::parse(event, 13).unwrap();
        assert_eq!(q.thread_id, 358);
        assert_eq!(q.schema, b"test");
        assert_eq!(q.query, b"TRUNCATE TABLE t4");
        assert_eq!(q.status_vars.catalog, Some(&b"std"[..]));
        assert_eq!(q.status_vars.charset.map(|c| c.collation_server), Some(8));
        assert_eq!(q.status_vars.flags2, Some(0));
    }

    #[test]
    fn unknown_status_var_stops_parsing_safely() {
        // Q_SQL_MODE_CODE, then unknown code 0x7f: the mode is kept, the rest raw.
        let block = [1, 2, 0, 0, 0, 0, 0, 0, 0, 0x7f, 9, 9];
        let v = QueryStatusVars::parse(&block).unwrap();
        assert_eq!(v.sql_mode, Some(2));
        assert_eq!(v.unparsed, Some((0x7f, &[9u8, 9][..])));
    }

    #[test]
    fn truncated_status_var_is_an_error() {
        assert!(QueryStatusVars::parse(&[Q_SQL_MODE_CODE, 0, 0]).is_err());
    }
}
