//! The `gtids` value of an offset: the GTIDs of every transaction completely processed,
//! as Debezium's `BinlogOffsetContext` keeps it (`restartGtidSet`).
//!
//! Owns the two text forms and how a transaction's GTID joins them: a MariaDB GTID
//! position (`@@gtid_binlog_pos` syntax, `domain-server-seq` per domain, e.g.
//! `0-1-42,1-2-7`; a new GTID replaces its domain's entry, as MariaDB's
//! `MariadbGtidSet` does) and a MySQL GTID set (`@@gtid_executed` syntax, e.g.
//! `3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5:7`; a new GTID is added to its source's
//! intervals). While a transaction is open its GTID is pending: the restart set is the
//! one before it, so a restart inside the transaction reads it again (and skips the
//! events already delivered), as Debezium's `startGtid`/`commitTransaction` do. It
//! does no I/O and never talks to a server.

use std::collections::BTreeMap;

/// A GTID text that is neither a MariaDB nor a MySQL GTID (set).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{text}' is not a {kind}: {why}")]
pub struct GtidParseError {
    text: String,
    kind: &'static str,
    why: String,
}

/// The completed GTIDs of a stream, in the server's flavour.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GtidState {
    /// MariaDB: per domain, the last completed GTID as `(server_id, sequence)`.
    MariaDb(BTreeMap<u32, (u32, u64)>),
    /// MySQL: per source (`uuid` or `uuid:tag`, lower case), sorted closed intervals.
    MySql(BTreeMap<String, Vec<(u64, u64)>>),
}

impl GtidState {
    /// Parses a MariaDB GTID position (`0-1-42,1-2-7`; empty: nothing yet).
    pub fn parse_mariadb(text: &str) -> Result<GtidState, GtidParseError> {
        let err = |why: String| GtidParseError {
            text: text.to_string(),
            kind: "MariaDB GTID position",
            why,
        };
        let mut domains = BTreeMap::new();
        for gtid in text.split(',').map(str::trim).filter(|g| !g.is_empty()) {
            let (domain, server, seq) = parse_mariadb_gtid(gtid)
                .ok_or_else(|| err(format!("'{gtid}' is not domain-server-sequence")))?;
            domains.insert(domain, (server, seq));
        }
        Ok(GtidState::MariaDb(domains))
    }

    /// Parses a MySQL GTID set (`uuid:1-5:7,uuid2:3`, newlines allowed; empty: nothing).
    pub fn parse_mysql(text: &str) -> Result<GtidState, GtidParseError> {
        let err = |why: String| GtidParseError {
            text: text.to_string(),
            kind: "MySQL GTID set",
            why,
        };
        let mut set = BTreeMap::new();
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (source, intervals) = split_mysql_source(part)
                .ok_or_else(|| err(format!("'{part}' is not uuid[:tag]:interval...")))?;
            let entry: &mut Vec<(u64, u64)> = set.entry(source).or_default();
            for interval in intervals.split(':') {
                let (start, end) = match interval.split_once('-') {
                    Some((a, b)) => (a.parse::<u64>(), b.parse::<u64>()),
                    None => (interval.parse::<u64>(), interval.parse::<u64>()),
                };
                match (start, end) {
                    (Ok(a), Ok(b)) if a >= 1 && a <= b => add_interval(entry, a, b),
                    _ => return Err(err(format!("'{interval}' is not an interval n or n-m"))),
                }
            }
        }
        Ok(GtidState::MySql(set))
    }

    /// Adds a MariaDB GTID (`domain-server-seq`): it replaces its domain's entry.
    /// Ignored on a MySQL state.
    pub fn add_mariadb(&mut self, domain: u32, server: u32, seq: u64) {
        if let GtidState::MariaDb(domains) = self {
            domains.insert(domain, (server, seq));
        }
    }

    /// Adds a MySQL GTID (`uuid[:tag]:n` as `MysqlGtidEvent::gtid_string` prints it).
    /// Ignored on a MariaDB state or when the text is not a GTID.
    pub fn add_mysql(&mut self, gtid: &str) {
        let GtidState::MySql(set) = self else {
            return;
        };
        let Some((source, number)) = gtid.rsplit_once(':') else {
            return;
        };
        let Ok(n) = number.parse::<u64>() else {
            return;
        };
        if n == 0 {
            return;
        }
        add_interval(set.entry(source.to_ascii_lowercase()).or_default(), n, n);
    }

    /// True when no GTID is in the state.
    pub fn is_empty(&self) -> bool {
        match self {
            GtidState::MariaDb(d) => d.is_empty(),
            GtidState::MySql(s) => s.is_empty(),
        }
    }
}

impl std::fmt::Display for GtidState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GtidState::MariaDb(domains) => {
                let mut first = true;
                for (domain, (server, seq)) in domains {
                    if !first {
                        f.write_str(",")?;
                    }
                    first = false;
                    write!(f, "{domain}-{server}-{seq}")?;
                }
                Ok(())
            }
            GtidState::MySql(set) => {
                let mut first = true;
                for (source, intervals) in set {
                    if !first {
                        f.write_str(",")?;
                    }
                    first = false;
                    f.write_str(source)?;
                    for (a, b) in intervals {
                        if a == b {
                            write!(f, ":{a}")?;
                        } else {
                            write!(f, ":{a}-{b}")?;
                        }
                    }
                }
                Ok(())
            }
        }
    }
}

fn parse_mariadb_gtid(gtid: &str) -> Option<(u32, u32, u64)> {
    let mut parts = gtid.split('-');
    let domain = parts.next()?.parse().ok()?;
    let server = parts.next()?.parse().ok()?;
    let seq = parts.next()?.parse().ok()?;
    parts.next().is_none().then_some((domain, server, seq))
}

/// `uuid[:tag]:intervals` → (`uuid[:tag]` lower case, `intervals`): the source ends
/// before the first part that starts with a digit after the UUID.
fn split_mysql_source(part: &str) -> Option<(String, &str)> {
    let uuid_end = part.find(':')?;
    let uuid = &part[..uuid_end];
    if uuid.len() != 36 || !uuid.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-') {
        return None;
    }
    let rest = &part[uuid_end + 1..];
    match rest.split_once(':') {
        // A tag (MySQL 8.3+) starts with a letter or underscore.
        Some((tag, intervals)) if !tag.starts_with(|c: char| c.is_ascii_digit()) => Some((
            format!("{}:{}", uuid.to_ascii_lowercase(), tag.to_ascii_lowercase()),
            intervals,
        )),
        _ => Some((uuid.to_ascii_lowercase(), rest)),
    }
}

/// Adds `[a, b]` to sorted disjoint intervals, merging neighbours (`1-5` + `6` = `1-6`).
fn add_interval(intervals: &mut Vec<(u64, u64)>, a: u64, b: u64) {
    intervals.push((a, b));
    intervals.sort_unstable();
    let mut merged: Vec<(u64, u64)> = Vec::with_capacity(intervals.len());
    for &(start, end) in intervals.iter() {
        match merged.last_mut() {
            Some(last) if start <= last.1.saturating_add(1) => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    *intervals = merged;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mariadb_position_keeps_the_last_gtid_per_domain() {
        let mut state = GtidState::parse_mariadb("1-2-7, 0-1-42").unwrap();
        assert_eq!(state.to_string(), "0-1-42,1-2-7");
        state.add_mariadb(0, 1, 43);
        state.add_mariadb(2, 5, 1);
        assert_eq!(state.to_string(), "0-1-43,1-2-7,2-5-1");
        assert!(GtidState::parse_mariadb("").unwrap().is_empty());
        assert!(GtidState::parse_mariadb("0-1").is_err());
        assert!(GtidState::parse_mariadb("0-1-2-3").is_err());
    }

    // Set syntax per the MySQL manual, "GTID Sets" (intervals joined by ':', sources
    // by ',', consecutive numbers merged).
    #[test]
    fn mysql_set_merges_intervals() {
        let uuid = "3E11FA47-71CA-11E1-9E33-C80AA9429562";
        let mut state = GtidState::parse_mysql(&format!("{uuid}:1-5:7,\n{uuid}:9")).unwrap();
        assert_eq!(
            state.to_string(),
            "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5:7:9"
        );
        state.add_mysql(&format!("{uuid}:6"));
        state.add_mysql(&format!("{uuid}:8"));
        assert_eq!(
            state.to_string(),
            "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-9"
        );
        state.add_mysql("00000000-0000-0000-0000-000000000001:tag_a:3");
        assert_eq!(
            state.to_string(),
            "00000000-0000-0000-0000-000000000001:tag_a:3,3e11fa47-71ca-11e1-9e33-c80aa9429562:1-9"
        );
        assert!(GtidState::parse_mysql("not-a-uuid:1").is_err());
        assert!(GtidState::parse_mysql(&format!("{uuid}:5-3")).is_err());
    }
}
