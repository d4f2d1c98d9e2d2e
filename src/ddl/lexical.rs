//! Lexical rules of MySQL/MariaDB SQL as the DDL grammar needs them: whitespace and
//! comments, keywords, identifiers, literals, balanced parenthesised text.
//!
//! Owns the token-level nom parsers and the parser error type. It must not know any
//! statement: grammar rules built from these live in `statement.rs` and `column.rs`.
//! Every parser here consumes the whitespace and comments that follow its token, so
//! grammar rules never deal with blanks.

use nom::error::{ErrorKind, ParseError};
use nom::{IResult, Parser};

use super::ast::StringLiteral;

/// A parse failure: where, and what the grammar expected there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError<'a> {
    /// The input remaining where the failure happened.
    pub input: &'a str,
    /// What was expected (a keyword, "identifier", "string literal"...).
    pub expected: &'static str,
}

impl<'a> ParseError<&'a str> for SyntaxError<'a> {
    fn from_error_kind(input: &'a str, _kind: ErrorKind) -> Self {
        SyntaxError {
            input,
            expected: "valid syntax",
        }
    }

    fn append(_input: &'a str, _kind: ErrorKind, other: Self) -> Self {
        other
    }

    fn or(self, other: Self) -> Self {
        // Keep the error that got furthest: it says the most about the input.
        if other.input.len() <= self.input.len() {
            other
        } else {
            self
        }
    }
}

/// Result of every rule.
pub type Res<'a, T> = IResult<&'a str, T, SyntaxError<'a>>;

/// A recoverable failure at `input` expecting `what`.
pub fn fail<'a, T>(input: &'a str, what: &'static str) -> Res<'a, T> {
    Err(nom::Err::Error(SyntaxError {
        input,
        expected: what,
    }))
}

/// Replaces the markers of executable comments (`/*!50100 ... */`, MariaDB's
/// `/*M!100100 ... */`) by spaces so that their content is parsed like any other
/// text. The result has the same byte length, so offsets still point into `sql`.
pub fn unwrap_versioned_comments(sql: &str) -> String {
    let bytes = sql.as_bytes();
    let mut out = bytes.to_vec();
    let mut i = 0;
    let mut open_versioned = 0usize;
    while i < bytes.len() {
        let b = bytes.get(i).copied().unwrap_or(b' ');
        match b {
            b'\'' | b'"' | b'`' => i = skip_quoted(bytes, i, b),
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let versioned = match bytes.get(i + 2) {
                    Some(b'!') => Some(3),
                    Some(b'M') if bytes.get(i + 3) == Some(&b'!') => Some(4),
                    _ => None,
                };
                match versioned {
                    Some(marker) => {
                        let mut j = i + marker;
                        while bytes.get(j).is_some_and(u8::is_ascii_digit) {
                            j += 1;
                        }
                        if newer_than_any_server(bytes.get(i + marker..j).unwrap_or(b"")) {
                            i = skip_block_comment(bytes, i);
                            continue;
                        }
                        blank(&mut out, i, j);
                        open_versioned += 1;
                        i = j;
                    }
                    None => i = skip_block_comment(bytes, i),
                }
            }
            b'*' if open_versioned > 0 && bytes.get(i + 1) == Some(&b'/') => {
                blank(&mut out, i, i + 2);
                open_versioned -= 1;
                i += 2;
            }
            b'-' if bytes.get(i + 1) == Some(&b'-')
                && bytes.get(i + 2).is_none_or(|c| c.is_ascii_whitespace()) =>
            {
                i = skip_line(bytes, i)
            }
            b'#' => i = skip_line(bytes, i),
            _ => i += 1,
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| sql.to_owned())
}

/// The highest version number a released server answers to in `/*!NNNNNN ... */`
/// (MariaDB 12.x is `12xxyy`; MySQL 9.x `90xyy`). A server runs the content of a
/// versioned comment only if its own version is at least the number, so content
/// marked for a later version was not run and is a plain comment here.
const NEWEST_SERVER_VERSION: u64 = 129_999;

fn newer_than_any_server(digits: &[u8]) -> bool {
    std::str::from_utf8(digits)
        .ok()
        .and_then(|d| d.parse::<u64>().ok())
        .is_some_and(|v| v > NEWEST_SERVER_VERSION)
}

fn blank(out: &mut [u8], from: usize, to: usize) {
    for b in out.iter_mut().take(to).skip(from) {
        *b = b' ';
    }
}

/// Index after the quoted run starting at `start` (which holds `quote`).
fn skip_quoted(bytes: &[u8], start: usize, quote: u8) -> usize {
    let mut i = start + 1;
    while let Some(&b) = bytes.get(i) {
        if b == b'\\' && quote != b'`' {
            i += 2;
        } else if b == quote {
            if bytes.get(i + 1) == Some(&quote) {
                i += 2;
            } else {
                return i + 1;
            }
        } else {
            i += 1;
        }
    }
    bytes.len()
}

fn skip_block_comment(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 2;
    while i < bytes.len() {
        if bytes.get(i) == Some(&b'*') && bytes.get(i + 1) == Some(&b'/') {
            return i + 2;
        }
        i += 1;
    }
    bytes.len()
}

fn skip_line(bytes: &[u8], start: usize) -> usize {
    let mut i = start;
    while let Some(&b) = bytes.get(i) {
        if b == b'\n' {
            return i + 1;
        }
        i += 1;
    }
    bytes.len()
}

/// Skips whitespace and comments (`-- `, `#`, `/* */`). Never fails.
pub fn ws(i: &str) -> Res<'_, ()> {
    let bytes = i.as_bytes();
    let mut pos = 0;
    loop {
        match bytes.get(pos) {
            Some(b) if b.is_ascii_whitespace() => pos += 1,
            Some(b'#') => pos = skip_line(bytes, pos),
            Some(b'-')
                if bytes.get(pos + 1) == Some(&b'-')
                    && bytes.get(pos + 2).is_none_or(|c| c.is_ascii_whitespace()) =>
            {
                pos = skip_line(bytes, pos)
            }
            Some(b'/') if bytes.get(pos + 1) == Some(&b'*') => pos = skip_block_comment(bytes, pos),
            _ => break,
        }
    }
    Ok((i.get(pos..).unwrap_or(""), ()))
}

/// Whether `c` can be part of an unquoted identifier.
pub fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '$' || !c.is_ascii()
}

/// The keyword `word` (ASCII, upper-case), matched case-insensitively as a whole word.
pub fn kw<'a>(word: &'static str) -> impl Fn(&'a str) -> Res<'a, &'a str> {
    move |i: &'a str| {
        let len = word.len();
        match i.get(..len) {
            Some(head) if head.eq_ignore_ascii_case(word) => {
                let rest = i.get(len..).unwrap_or("");
                if rest.chars().next().is_some_and(is_ident_char) {
                    return fail(i, word);
                }
                let (rest, ()) = ws(rest)?;
                Ok((rest, head))
            }
            _ => fail(i, word),
        }
    }
}

/// A sequence of keywords, e.g. `kws(&["IF", "NOT", "EXISTS"])`.
pub fn kws<'a>(words: &'static [&'static str]) -> impl Fn(&'a str) -> Res<'a, ()> {
    move |mut i: &'a str| {
        for w in words {
            let (rest, _) = kw(w)(i)?;
            i = rest;
        }
        Ok((i, ()))
    }
}

/// Whether the input starts with the keyword `word`.
pub fn at_kw(i: &str, word: &'static str) -> bool {
    kw(word)(i).is_ok()
}

/// The punctuation `p` (e.g. `(`, `,`, `=`).
pub fn sym<'a>(p: &'static str) -> impl Fn(&'a str) -> Res<'a, &'a str> {
    move |i: &'a str| match i.strip_prefix(p) {
        Some(rest) => {
            let (rest, ()) = ws(rest)?;
            Ok((rest, p))
        }
        None => fail(i, p),
    }
}

/// An optional `=` (table and database options allow both `X=v` and `X v`).
pub fn opt_eq(i: &str) -> Res<'_, ()> {
    let (i, _) = nom::combinator::opt(sym("=")).parse(i)?;
    Ok((i, ()))
}

/// An identifier: backtick-quoted (with doubled backticks), double-quoted, or bare;
/// also single-quoted, because a statement logged under `ANSI_QUOTES` writes
/// identifiers in double quotes and Debezium's normalizer (`schema::normalizer`)
/// turns those into single quotes before parsing.
pub fn identifier(i: &str) -> Res<'_, String> {
    let (rest, name) = match i.chars().next() {
        Some(q @ ('`' | '"')) => quoted_identifier(i, q)?,
        Some('\'') => quoted_string(i).map(|(rest, (_raw, value))| (rest, value))?,
        Some(c) if is_ident_char(c) => bare_identifier(i)?,
        _ => return fail(i, "identifier"),
    };
    let (rest, ()) = ws(rest)?;
    Ok((rest, name))
}

fn quoted_identifier(i: &str, quote: char) -> Res<'_, String> {
    let mut name = String::new();
    let mut chars = i.char_indices().skip(1).peekable();
    while let Some((pos, c)) = chars.next() {
        if c == quote {
            if chars.peek().is_some_and(|&(_, n)| n == quote) {
                chars.next();
                name.push(quote);
            } else {
                return Ok((i.get(pos + c.len_utf8()..).unwrap_or(""), name));
            }
        } else {
            name.push(c);
        }
    }
    fail(i, "closing identifier quote")
}

fn bare_identifier(i: &str) -> Res<'_, String> {
    let end = i.find(|c: char| !is_ident_char(c)).unwrap_or(i.len());
    let word = i.get(..end).unwrap_or("");
    if word.is_empty() || word.bytes().all(|b| b.is_ascii_digit()) {
        return fail(i, "identifier");
    }
    Ok((i.get(end..).unwrap_or(""), word.to_owned()))
}

/// `name` or `qualifier.name` (a table or other schema object).
pub fn object_name(i: &str) -> Res<'_, super::ast::ObjectName> {
    let (i, first) = identifier(i)?;
    match sym(".")(i) {
        Ok((i, _)) => {
            let (i, second) = identifier(i)?;
            Ok((
                i,
                super::ast::ObjectName {
                    database: Some(first),
                    name: second,
                },
            ))
        }
        Err(_) => Ok((
            i,
            super::ast::ObjectName {
                database: None,
                name: first,
            },
        )),
    }
}

/// A charset or collation name: identifier or string literal (`'utf8mb4'`), or the
/// words `DEFAULT`/`BINARY`.
pub fn charset_name(i: &str) -> Res<'_, String> {
    if let Ok((rest, lit)) = string_literal(i) {
        return Ok((rest, lit.value));
    }
    identifier(i)
}

/// One quoted string (no introducer), returning (raw text, value) and the rest
/// without skipping whitespace.
fn quoted_string(i: &str) -> Res<'_, (String, String)> {
    let quote = match i.chars().next() {
        Some(q @ ('\'' | '"')) => q,
        _ => return fail(i, "string literal"),
    };
    let mut value = String::new();
    let mut chars = i.char_indices().skip(1).peekable();
    while let Some((pos, c)) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some((_, e)) => value.push(unescape(e)),
                None => break,
            }
        } else if c == quote {
            if chars.peek().is_some_and(|&(_, n)| n == quote) {
                chars.next();
                value.push(quote);
            } else {
                let end = pos + c.len_utf8();
                let raw = i.get(..end).unwrap_or("").to_owned();
                return Ok((i.get(end..).unwrap_or(""), (raw, value)));
            }
        } else {
            value.push(c);
        }
    }
    fail(i, "closing string quote")
}

/// MySQL's backslash escapes (`\n`, `\t`, `\0`, `\Z`, ...); others stand for themselves.
fn unescape(c: char) -> char {
    match c {
        '0' => '\0',
        'b' => '\u{8}',
        'n' => '\n',
        'r' => '\r',
        't' => '\t',
        'Z' => '\u{1a}',
        other => other,
    }
}

/// A string literal: optional charset introducer (`_utf8mb4`) or `N`, then one or
/// more adjacent quoted strings (which MySQL concatenates).
pub fn string_literal(i: &str) -> Res<'_, StringLiteral> {
    let (after_intro, introducer) = string_introducer(i);
    let (mut rest, (mut raw, mut value)) = quoted_string(after_intro)?;
    raw.insert_str(0, introducer);
    loop {
        let (after_ws, ()) = ws(rest)?;
        match quoted_string(after_ws) {
            Ok((r, (more_raw, more_value))) => {
                raw.push_str(&more_raw);
                value.push_str(&more_value);
                rest = r;
            }
            Err(_) => return Ok((after_ws, StringLiteral { raw, value })),
        }
    }
}

fn string_introducer(i: &str) -> (&str, &str) {
    if let Some(rest) = i.strip_prefix('_') {
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let after = rest.get(end..).unwrap_or("");
        if end > 0 && after.starts_with('\'') {
            return (after, i.get(..end + 1).unwrap_or(""));
        }
    }
    if (i.starts_with('N') || i.starts_with('n')) && i.get(1..).is_some_and(|r| r.starts_with('\''))
    {
        return (i.get(1..).unwrap_or(""), i.get(..1).unwrap_or(""));
    }
    (i, "")
}

/// An unsigned number as written: `12`, `1.5`, `.5`, `1e3`, `2.5E-3`.
pub fn number(i: &str) -> Res<'_, &str> {
    let bytes = i.as_bytes();
    let mut pos = 0;
    while bytes.get(pos).is_some_and(u8::is_ascii_digit) {
        pos += 1;
    }
    let int_digits = pos;
    if bytes.get(pos) == Some(&b'.') && bytes.get(pos + 1).is_some_and(u8::is_ascii_digit) {
        pos += 1;
        while bytes.get(pos).is_some_and(u8::is_ascii_digit) {
            pos += 1;
        }
    } else if int_digits == 0 {
        return fail(i, "number");
    }
    if matches!(bytes.get(pos), Some(b'e' | b'E')) {
        let mut exp = pos + 1;
        if matches!(bytes.get(exp), Some(b'+' | b'-')) {
            exp += 1;
        }
        if bytes.get(exp).is_some_and(u8::is_ascii_digit) {
            pos = exp;
            while bytes.get(pos).is_some_and(u8::is_ascii_digit) {
                pos += 1;
            }
        }
    }
    if i.get(pos..)
        .and_then(|r| r.chars().next())
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
    {
        return fail(i, "number");
    }
    let text = i.get(..pos).unwrap_or("");
    let (rest, ()) = ws(i.get(pos..).unwrap_or(""))?;
    Ok((rest, text))
}

/// An unsigned integer as written.
pub fn integer(i: &str) -> Res<'_, &str> {
    let end = i.find(|c: char| !c.is_ascii_digit()).unwrap_or(i.len());
    if end == 0 {
        return fail(i, "integer");
    }
    let text = i.get(..end).unwrap_or("");
    let (rest, ()) = ws(i.get(end..).unwrap_or(""))?;
    Ok((rest, text))
}

/// A hex literal `x'0A'`/`X'0A'`/`0x0A` or bit literal `b'101'`/`0b101`, as written;
/// `prefix` is `x` or `b`.
pub fn radix_literal<'a>(prefix: char) -> impl Fn(&'a str) -> Res<'a, &'a str> {
    move |i: &'a str| {
        let mut chars = i.chars();
        let first = chars.next().map(|c| c.to_ascii_lowercase());
        let second = chars.next().map(|c| c.to_ascii_lowercase());
        let valid = |c: char| {
            if prefix == 'x' {
                c.is_ascii_hexdigit()
            } else {
                c == '0' || c == '1'
            }
        };
        let end = if first == Some(prefix) && second == Some('\'') {
            let body = i.get(2..).unwrap_or("");
            match body.find('\'') {
                Some(close) if body.get(..close).is_some_and(|d| d.chars().all(valid)) => close + 3,
                _ => return fail(i, "radix literal"),
            }
        } else if first == Some('0') && second == Some(prefix) {
            let body = i.get(2..).unwrap_or("");
            let digits = body.find(|c: char| !valid(c)).unwrap_or(body.len());
            if digits == 0
                || body
                    .get(digits..)
                    .and_then(|r| r.chars().next())
                    .is_some_and(is_ident_char)
            {
                return fail(i, "radix literal");
            }
            digits + 2
        } else {
            return fail(i, "radix literal");
        };
        let text = i.get(..end).unwrap_or("");
        let (rest, ()) = ws(i.get(end..).unwrap_or(""))?;
        Ok((rest, text))
    }
}

/// Text between balanced parentheses: expects `(`, returns the trimmed inner text
/// (strings, quoted names and comments may contain parentheses).
pub fn parenthesized_text(i: &str) -> Res<'_, &str> {
    let bytes = i.as_bytes();
    if bytes.first() != Some(&b'(') {
        return fail(i, "(");
    }
    let mut depth = 0usize;
    let mut pos = 0;
    while let Some(&b) = bytes.get(pos) {
        match b {
            b'(' => {
                depth += 1;
                pos += 1;
            }
            b')' => {
                depth -= 1;
                pos += 1;
                if depth == 0 {
                    let inner = i.get(1..pos - 1).unwrap_or("").trim();
                    let (rest, ()) = ws(i.get(pos..).unwrap_or(""))?;
                    return Ok((rest, inner));
                }
            }
            b'\'' | b'"' | b'`' => pos = skip_quoted(bytes, pos, b),
            b'/' if bytes.get(pos + 1) == Some(&b'*') => pos = skip_block_comment(bytes, pos),
            b'#' => pos = skip_line(bytes, pos),
            _ => pos += 1,
        }
    }
    fail(i, "closing parenthesis")
}

/// Everything up to (not including) the next top-level `,` or `)` or end of input,
/// trimmed; quotes and nested parentheses respected.
pub fn text_until_separator(i: &str) -> Res<'_, &str> {
    let bytes = i.as_bytes();
    let mut depth = 0usize;
    let mut pos = 0;
    while let Some(&b) = bytes.get(pos) {
        match b {
            b'(' => depth += 1,
            b')' if depth == 0 => break,
            b')' => depth -= 1,
            b',' | b';' if depth == 0 => break,
            b'\'' | b'"' | b'`' => {
                pos = skip_quoted(bytes, pos, b);
                continue;
            }
            _ => {}
        }
        pos += 1;
    }
    let text = i.get(..pos).unwrap_or("").trim_end();
    if text.is_empty() {
        return fail(i, "text");
    }
    Ok((i.get(pos..).unwrap_or(""), text))
}

/// Index of the next top-level `;` (outside quotes and comments), or the input length.
pub fn statement_end(i: &str) -> usize {
    let bytes = i.as_bytes();
    let mut pos = 0;
    while let Some(&b) = bytes.get(pos) {
        match b {
            b';' => return pos,
            b'\'' | b'"' | b'`' => pos = skip_quoted(bytes, pos, b),
            b'/' if bytes.get(pos + 1) == Some(&b'*') => pos = skip_block_comment(bytes, pos),
            b'#' => pos = skip_line(bytes, pos),
            b'-' if bytes.get(pos + 1) == Some(&b'-')
                && bytes.get(pos + 2).is_none_or(|c| c.is_ascii_whitespace()) =>
            {
                pos = skip_line(bytes, pos)
            }
            _ => pos += 1,
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versioned_comment_markers_are_blanked_keeping_offsets() {
        let sql = "CREATE DATABASE `x` /*!40100 DEFAULT CHARACTER SET latin1 */";
        let out = unwrap_versioned_comments(sql);
        assert_eq!(out.len(), sql.len());
        assert_eq!(
            out.split_whitespace().collect::<Vec<_>>(),
            [
                "CREATE",
                "DATABASE",
                "`x`",
                "DEFAULT",
                "CHARACTER",
                "SET",
                "latin1"
            ]
        );
        // Inside a string the marker is data.
        assert_eq!(unwrap_versioned_comments("'/*!1 x */'"), "'/*!1 x */'");
        // MariaDB's /*M! form.
        assert_eq!(unwrap_versioned_comments("/*M!100100 a */").trim(), "a");
    }

    #[test]
    fn comments_are_whitespace() {
        let (rest, ()) = ws("  -- line\n # hash\n /* block */ x").unwrap_or(("?", ()));
        assert_eq!(rest, "x");
        // `--` without a following blank is not a comment (MySQL manual, "Comments").
        let (rest, ()) = ws("--1").unwrap_or(("?", ()));
        assert_eq!(rest, "--1");
    }

    #[test]
    fn identifiers_unquote_doubled_backticks() {
        assert_eq!(
            identifier("`we!rd ``name` x"),
            Ok(("x", "we!rd `name".to_owned()))
        );
        assert_eq!(identifier("c_1$ ,"), Ok((",", "c_1$".to_owned())));
        assert!(identifier("123 ").is_err());
    }

    #[test]
    fn string_literals_unescape_and_concatenate() {
        let (rest, lit) = string_literal(r"'it''s' 'a\nb' x").unwrap_or((
            "?",
            StringLiteral {
                raw: String::new(),
                value: String::new(),
            },
        ));
        assert_eq!(rest, "x");
        assert_eq!(lit.value, "it's a\nb".replace(' ', ""));
        assert_eq!(lit.raw, r"'it''s''a\nb'");
        let (_, lit) = string_literal("_utf8mb4'x'").unwrap_or((
            "?",
            StringLiteral {
                raw: String::new(),
                value: String::new(),
            },
        ));
        assert_eq!((lit.raw.as_str(), lit.value.as_str()), ("_utf8mb4'x'", "x"));
    }

    #[test]
    fn keywords_match_whole_words_case_insensitively() {
        assert!(kw("TABLE")("table x").is_ok());
        assert!(kw("TABLE")("tables").is_err());
        assert_eq!(number("2.5e-3,"), Ok((",", "2.5e-3")));
        assert_eq!(radix_literal('x')("X'0A' "), Ok(("", "X'0A'")));
        assert_eq!(radix_literal('b')("0b101)"), Ok((")", "0b101")));
        assert_eq!(parenthesized_text("(a(')')) x"), Ok(("x", "a(')')")));
    }
}
