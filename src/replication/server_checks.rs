//! Typed answers to the questions a CDC client asks a server before streaming: where
//! the binlog currently ends, and how it is configured.
//!
//! Owns the SQL for these checks and its differences between server versions (MySQL
//! 8.4 renamed `SHOW MASTER STATUS` to `SHOW BINARY LOG STATUS`; servers before MySQL
//! 5.6 lack `binlog_checksum` and `binlog_row_image`). It must not decide whether a
//! configuration is acceptable: that is the engine's policy (Debezium requires
//! `binlog_format=ROW` and `binlog_row_image=FULL`).

use super::connection::Connection;
use super::error::ReplicationError;
use super::result_set::ResultSet;

/// MySQL `ER_PARSE_ERROR`: MySQL 8.4 no longer knows `SHOW MASTER STATUS`.
const ER_PARSE_ERROR: u16 = 1064;

/// The end of the binlog: file and position of the next event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BinlogPosition {
    /// Binlog file name, e.g. `mariadb-bin.000003`.
    pub file: String,
    /// Byte position in it.
    pub pos: u64,
    /// `Executed_Gtid_Set` of MySQL when GTIDs are on (MariaDB reports GTIDs in
    /// `@@gtid_binlog_pos` instead, see [`Connection::mariadb_gtid_binlog_pos`]).
    pub executed_gtid_set: Option<String>,
}

/// Global server variables that decide what the binlog contains.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BinlogSettings {
    /// `binlog_checksum` (`CRC32` or `NONE`); `None` before MySQL 5.6.
    pub checksum: Option<String>,
    /// `binlog_format` (`ROW`, `STATEMENT`, `MIXED`).
    pub format: Option<String>,
    /// `binlog_row_image` (`FULL`, `MINIMAL`, `NOBLOB`); `None` before MySQL 5.6.
    pub row_image: Option<String>,
    /// `character_set_server`.
    pub character_set_server: Option<String>,
    /// `collation_server`.
    pub collation_server: Option<String>,
    /// `server_id`.
    pub server_id: Option<u32>,
    /// `log_bin` (`ON`/`OFF`, or `1`/`0`).
    pub log_bin: Option<String>,
}

impl Connection {
    /// Where the binlog currently ends (`SHOW MASTER STATUS`, or `SHOW BINARY LOG
    /// STATUS` on MySQL 8.4 and later). `None` when binary logging is off.
    pub async fn binlog_position(&mut self) -> Result<Option<BinlogPosition>, ReplicationError> {
        let status = match self.query_with_columns("SHOW MASTER STATUS").await {
            Err(ReplicationError::Server { code, .. }) if code == ER_PARSE_ERROR => {
                self.query_with_columns("SHOW BINARY LOG STATUS").await?
            }
            other => other?,
        };
        binlog_position_from(&status)
    }

    /// The binlog-related global variables, read with `SHOW GLOBAL VARIABLES` so that
    /// variables an old server does not have are `None` instead of an error.
    pub async fn binlog_settings(&mut self) -> Result<BinlogSettings, ReplicationError> {
        let vars = self
            .query_with_columns(
                "SHOW GLOBAL VARIABLES WHERE Variable_name IN ('binlog_checksum', 'binlog_format', \
                 'binlog_row_image', 'character_set_server', 'collation_server', 'server_id', 'log_bin')",
            )
            .await?;
        binlog_settings_from(&vars)
    }

    /// MariaDB's `@@gtid_binlog_pos`: the last GTID written to the binlog per domain
    /// (e.g. `0-1-42`), the position to resume a GTID dump from; empty when none.
    pub async fn mariadb_gtid_binlog_pos(&mut self) -> Result<String, ReplicationError> {
        let rows = self.query("SELECT @@GLOBAL.gtid_binlog_pos").await?;
        Ok(rows
            .first()
            .and_then(|row| row.first().cloned().flatten())
            .unwrap_or_default())
    }
}

/// Reads `File`, `Position` and `Executed_Gtid_Set` of a `SHOW MASTER STATUS` result.
fn binlog_position_from(status: &ResultSet) -> Result<Option<BinlogPosition>, ReplicationError> {
    let Some(row) = status.rows.first() else {
        return Ok(None);
    };
    let column = |name: &str| {
        status
            .column_index(name)
            .and_then(|i| row.get(i).cloned().flatten())
    };
    let missing = |what: &str| ReplicationError::InvalidResult {
        command: "SHOW MASTER STATUS".to_owned(),
        detail: format!("{what}; columns are {:?}", status.columns),
    };
    let file = column("File").ok_or_else(|| missing("no File value"))?;
    let pos_text = column("Position").ok_or_else(|| missing("no Position value"))?;
    let pos = pos_text
        .parse()
        .map_err(|_| missing(&format!("Position '{pos_text}' is not a number")))?;
    let executed_gtid_set = column("Executed_Gtid_Set").filter(|s| !s.is_empty());
    Ok(Some(BinlogPosition {
        file,
        pos,
        executed_gtid_set,
    }))
}

/// Reads the `Variable_name`/`Value` rows of `SHOW GLOBAL VARIABLES`.
fn binlog_settings_from(vars: &ResultSet) -> Result<BinlogSettings, ReplicationError> {
    let value = |name: &str| {
        vars.rows.iter().find_map(|row| match row.as_slice() {
            [Some(var), value] if var.eq_ignore_ascii_case(name) => value.clone(),
            _ => None,
        })
    };
    let server_id = match value("server_id") {
        None => None,
        Some(text) => Some(text.parse().map_err(|_| ReplicationError::InvalidResult {
            command: "SHOW GLOBAL VARIABLES".to_owned(),
            detail: format!("server_id '{text}' is not a 32-bit number"),
        })?),
    };
    Ok(BinlogSettings {
        checksum: value("binlog_checksum"),
        format: value("binlog_format"),
        row_image: value("binlog_row_image"),
        character_set_server: value("character_set_server"),
        collation_server: value("collation_server"),
        server_id,
        log_bin: value("log_bin"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(columns: &[&str], rows: &[&[Option<&str>]]) -> ResultSet {
        ResultSet {
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows: rows
                .iter()
                .map(|r| r.iter().map(|v| v.map(str::to_owned)).collect())
                .collect(),
        }
    }

    #[test]
    fn master_status_of_mysql_and_mariadb() {
        // Column layout from the MySQL 8.0 reference manual, SHOW MASTER STATUS.
        let mysql = result(
            &[
                "File",
                "Position",
                "Binlog_Do_DB",
                "Binlog_Ignore_DB",
                "Executed_Gtid_Set",
            ],
            &[&[
                Some("binlog.000002"),
                Some("157"),
                Some(""),
                Some(""),
                Some("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5"),
            ]],
        );
        assert_eq!(
            binlog_position_from(&mysql).unwrap(),
            Some(BinlogPosition {
                file: "binlog.000002".into(),
                pos: 157,
                executed_gtid_set: Some("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5".into()),
            })
        );
        let mariadb = result(
            &["File", "Position", "Binlog_Do_DB", "Binlog_Ignore_DB"],
            &[&[Some("mariadb-bin.000001"), Some("4"), Some(""), Some("")]],
        );
        assert_eq!(binlog_position_from(&mariadb).unwrap().unwrap().pos, 4);
        let off = result(&["File", "Position"], &[]);
        assert_eq!(binlog_position_from(&off).unwrap(), None);
        let bad = result(&["File", "Position"], &[&[Some("f"), Some("x")]]);
        assert!(binlog_position_from(&bad).is_err());
    }

    #[test]
    fn settings_tolerate_missing_variables() {
        let vars = result(
            &["Variable_name", "Value"],
            &[
                &[Some("binlog_format"), Some("ROW")],
                &[Some("server_id"), Some("7")],
            ],
        );
        let settings = binlog_settings_from(&vars).unwrap();
        assert_eq!(settings.format.as_deref(), Some("ROW"));
        assert_eq!(settings.server_id, Some(7));
        assert_eq!(settings.checksum, None);
        let bad = result(
            &["Variable_name", "Value"],
            &[&[Some("server_id"), Some("-1")]],
        );
        assert!(binlog_settings_from(&bad).is_err());
    }
}
