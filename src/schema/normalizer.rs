//! The rewrite Debezium applies to DDL text before parsing it (`DdlNormalizer` of the
//! 3.6 MySQL connector). It matters because the `ddl` of CREATE/ALTER/DROP records
//! and the raw `enumValues` are cut from the rewritten text: double-quoted string
//! literals become single-quoted (`"a'b"` → `'a''b'`), and the window-function names
//! MySQL 8 reserved (`RANK`, `LAG`, ...) get backticks where they are used as table or
//! column names.
//!
//! Owns only that text rewrite; comments, single-quoted strings and backtick
//! identifiers are copied unchanged. Assumes the server is not in ANSI_QUOTES mode.

/// MySQL 8 window-function keywords Debezium backticks when used as identifiers.
const RESERVED: &[&str] = &[
    "CUME_DIST",
    "DENSE_RANK",
    "FIRST_VALUE",
    "JSON_TABLE",
    "LAG",
    "LAST_VALUE",
    "LEAD",
    "NTH_VALUE",
    "NTILE",
    "PERCENT_RANK",
    "RANK",
    "ROW_NUMBER",
];

/// Keyword sequences after which a reserved word is a table name.
const TABLE_CONTEXTS: &[&[&str]] = &[
    &["CREATE", "TABLE"],
    &["ALTER", "TABLE"],
    &["DROP", "TABLE"],
    &["LEFT", "JOIN"],
    &["RIGHT", "JOIN"],
    &["INNER", "JOIN"],
    &["OUTER", "JOIN"],
    &["FROM"],
    &["JOIN"],
    &["INTO"],
];

/// Type words after which a reserved word is a column name.
const COLUMN_TYPES: &[&str] = &[
    "CHAR",
    "VARCHAR",
    "INT",
    "BIGINT",
    "DECIMAL",
    "NUMERIC",
    "FLOAT",
    "DOUBLE",
    "JSON",
    "TEXT",
    "BLOB",
    "DATE",
    "DATETIME",
    "TIMESTAMP",
    "TIME",
    "YEAR",
    "ENUM",
    "SET",
    "BINARY",
    "VARBINARY",
    "BIT",
    "BOOL",
    "BOOLEAN",
];

/// Debezium's normalized form of `sql`.
pub fn normalize_ddl(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut plain_start = 0;
    let mut pos = 0;
    let bytes = sql.as_bytes();
    while let Some(&b) = bytes.get(pos) {
        let protected_end = match b {
            b'-' if bytes.get(pos + 1) == Some(&b'-') => Some(line_end(bytes, pos)),
            b'#' => Some(line_end(bytes, pos)),
            b'/' if bytes.get(pos + 1) == Some(&b'*') && bytes.get(pos + 2) != Some(&b'!') => {
                block_comment_end(bytes, pos)
            }
            b'\'' => quoted_end(bytes, pos, b'\'', true),
            b'`' => quoted_end(bytes, pos, b'`', false),
            b'"' => quoted_end(bytes, pos, b'"', true),
            _ => None,
        };
        let Some(end) = protected_end else {
            pos += 1;
            continue;
        };
        out.push_str(&backtick_reserved_words(
            sql.get(plain_start..pos).unwrap_or(""),
        ));
        let token = sql.get(pos..end).unwrap_or("");
        if b == b'"' {
            out.push('\'');
            out.push_str(
                &token
                    .get(1..token.len().saturating_sub(1))
                    .unwrap_or("")
                    .replace('\'', "''"),
            );
            out.push('\'');
        } else {
            out.push_str(token);
        }
        pos = end;
        plain_start = end;
    }
    out.push_str(&backtick_reserved_words(
        sql.get(plain_start..).unwrap_or(""),
    ));
    out
}

fn line_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start;
    while bytes.get(i).is_some_and(|&b| b != b'\n') {
        i += 1;
    }
    i
}

/// End of `/* ... */`; `None` if unterminated (then it is plain text, as for the regex).
fn block_comment_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 2;
    while i + 1 < bytes.len() {
        if bytes.get(i) == Some(&b'*') && bytes.get(i + 1) == Some(&b'/') {
            return Some(i + 2);
        }
        i += 1;
    }
    None
}

/// End of a quoted run (doubled quotes, and backslash escapes when `escapes`);
/// `None` if unterminated.
fn quoted_end(bytes: &[u8], start: usize, quote: u8, escapes: bool) -> Option<usize> {
    let mut i = start + 1;
    while let Some(&b) = bytes.get(i) {
        if escapes && b == b'\\' {
            i += 2;
        } else if b == quote {
            if bytes.get(i + 1) == Some(&quote) {
                i += 2;
            } else {
                return Some(i + 1);
            }
        } else {
            i += 1;
        }
    }
    None
}

/// A word of plain text with its byte range.
struct Word<'a> {
    text: &'a str,
    start: usize,
    end: usize,
}

fn words(plain: &str) -> Vec<Word<'_>> {
    let mut words = Vec::new();
    let mut start = None;
    for (i, c) in plain.char_indices() {
        let word_char = c.is_alphanumeric() || c == '_';
        match (word_char, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                words.push(Word {
                    text: plain.get(s..i).unwrap_or(""),
                    start: s,
                    end: i,
                });
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        words.push(Word {
            text: plain.get(s..).unwrap_or(""),
            start: s,
            end: plain.len(),
        });
    }
    words
}

fn is_reserved(word: &str) -> bool {
    RESERVED.iter().any(|r| r.eq_ignore_ascii_case(word))
}

fn only_whitespace(s: &str) -> bool {
    !s.is_empty() && s.chars().all(char::is_whitespace)
}

/// The three rewrites of `addBackticksToReservedKeywords`: a reserved word after a
/// table context, before a column type, or before a `:` label.
fn backtick_reserved_words(plain: &str) -> String {
    let words = words(plain);
    let mut quote = vec![false; words.len()];
    for (i, word) in words.iter().enumerate() {
        if !is_reserved(word.text) {
            continue;
        }
        let between = |a: &Word<'_>, b: &Word<'_>| plain.get(a.end..b.start).unwrap_or("");
        let after_table_context = TABLE_CONTEXTS.iter().any(|context| {
            let n = context.len();
            i >= n
                && words.get(i - n..i).is_some_and(|prev| {
                    prev.iter()
                        .zip(context.iter())
                        .all(|(w, k)| w.text.eq_ignore_ascii_case(k))
                        && prev.windows(2).all(|p| {
                            p.first()
                                .zip(p.get(1))
                                .is_some_and(|(a, b)| only_whitespace(between(a, b)))
                        })
                        && prev
                            .last()
                            .is_some_and(|last| only_whitespace(between(last, word)))
                })
        });
        let before_type = words.get(i + 1).is_some_and(|next| {
            COLUMN_TYPES
                .iter()
                .any(|t| t.eq_ignore_ascii_case(next.text))
                && only_whitespace(between(word, next))
        });
        let before_label = plain
            .get(word.end..)
            .is_some_and(|rest| rest.trim_start().starts_with(':'));
        if let Some(q) = quote.get_mut(i) {
            *q = after_table_context || before_type || before_label;
        }
    }
    if !quote.contains(&true) {
        return plain.to_owned();
    }
    let mut out = String::with_capacity(plain.len() + 4);
    let mut last = 0;
    for (word, q) in words.iter().zip(quote) {
        if q {
            out.push_str(plain.get(last..word.start).unwrap_or(""));
            out.push('`');
            out.push_str(word.text);
            out.push('`');
            last = word.end;
        }
    }
    out.push_str(plain.get(last..).unwrap_or(""));
    out
}

#[cfg(test)]
mod tests {
    use super::normalize_ddl;

    #[test]
    fn double_quoted_strings_become_single_quoted() {
        // DdlNormalizer (Debezium 3.6): `"` strings → `'` strings with `'` doubled;
        // comments, `'` strings and backtick names unchanged.
        assert_eq!(
            normalize_ddl(
                r#"CREATE TABLE t (a ENUM("x","it's") DEFAULT "x" COMMENT 'say "hi"', `b"` INT) -- "c""#
            ),
            r#"CREATE TABLE t (a ENUM('x','it''s') DEFAULT 'x' COMMENT 'say "hi"', `b"` INT) -- "c""#
        );
        assert_eq!(normalize_ddl("/*!40101 \"a\" */"), "/*!40101 'a' */");
        assert_eq!(normalize_ddl("/* \"a\" */"), "/* \"a\" */");
    }

    #[test]
    fn window_function_names_get_backticks_as_identifiers() {
        assert_eq!(
            normalize_ddl("CREATE TABLE rank (lag INT, lead VARCHAR(3), n INT)"),
            "CREATE TABLE `rank` (`lag` INT, `lead` VARCHAR(3), n INT)"
        );
        assert_eq!(
            normalize_ddl("SELECT RANK() OVER w FROM t"),
            "SELECT RANK() OVER w FROM t"
        );
        assert_eq!(
            normalize_ddl("CREATE TABLE t (`rank` INT)"),
            "CREATE TABLE t (`rank` INT)"
        );
    }
}
