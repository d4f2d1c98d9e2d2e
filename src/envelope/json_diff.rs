//! The after document of a MySQL partial JSON update (`PARTIAL_UPDATE_ROWS_EVENT`,
//! `binlog_row_value_options=PARTIAL_JSON`): the before image's binary JSON with the
//! event's diffs applied, rendered as the text Debezium would emit for the server's
//! new document.
//!
//! Owns a small JSON tree built from MySQL's binary format (objects keep MySQL's key
//! order: by length, then bytewise), the JSON path grammar the server writes into
//! diffs (`$`, `.key`, `."quoted key"`, `[n]`, `[last]`, `[last-n]`), and the diff
//! semantics of MySQL `apply_json_diffs` (`sql/json_diff.cc`, read, not copied):
//! REPLACE an existing value, INSERT a new object member or an array element (at the
//! index, clamped to the end), REMOVE an existing one; no auto-wrapping, no diff at
//! `$`; what the server's applier rejects is an error here. Scalars are rendered by `json_binary`, so the
//! text is byte for byte what [`super::render_json_binary`] makes of the same
//! document. Must not decode the diff list itself (the binlog layer does).

use crate::binlog::{JsonDiff, JsonDiffOperation, JsonDiffs};

use super::json_binary::{push_escaped, render_json_binary, render_json_binary_at};

/// A partial JSON update could not be applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JsonDiffError {
    /// The before image does not hold the column's document (binlog_row_image=MINIMAL
    /// logs only the key columns), so the after document cannot be rebuilt.
    #[error(
        "partial JSON update: the before image does not hold the JSON document (found {found}); \
         the after document cannot be rebuilt from the diffs alone (use binlog_row_image=FULL \
         or binlog_row_value_options='')"
    )]
    MissingBefore {
        /// What the before image held instead.
        found: &'static str,
    },
    /// A binary JSON document (the before image or a diff's value) is malformed.
    #[error("partial JSON update: {what} is not valid MySQL binary JSON (at byte {offset})")]
    Binary {
        /// Which document.
        what: &'static str,
        /// Byte offset of the failure in that document.
        offset: usize,
    },
    /// A diff's path is not a path the server writes (or uses wildcards/ranges).
    #[error("partial JSON update: unsupported JSON path `{path}` ({why})")]
    Path {
        /// The path, lossily decoded.
        path: String,
        /// What was expected.
        why: &'static str,
    },
    /// A diff does not fit the document (its target or parent is missing).
    #[error("partial JSON update: {operation:?} at `{path}`: {why}")]
    Apply {
        /// The diff's operation.
        operation: JsonDiffOperation,
        /// The path, lossily decoded.
        path: String,
        /// What was found instead.
        why: &'static str,
    },
}

/// Appends to `out` the Debezium text of the document MySQL holds after applying
/// `diffs` (in order) to the binary JSON `before_binary`.
pub fn apply_json_diffs(
    before_binary: &[u8],
    diffs: &JsonDiffs<'_>,
    out: &mut Vec<u8>,
) -> Result<(), JsonDiffError> {
    let mut root = parse_document(before_binary, "the before image's document")?;
    for diff in diffs.iter() {
        apply_diff(&mut root, &diff)?;
    }
    root.render(out);
    Ok(())
}

/// MySQL's `JSON_DOCUMENT_MAX_DEPTH`.
const MAX_DEPTH: usize = 100;

const SMALL_OBJECT: u8 = 0x00;
const LARGE_OBJECT: u8 = 0x01;
const SMALL_ARRAY: u8 = 0x02;
const LARGE_ARRAY: u8 = 0x03;
const LITERAL: u8 = 0x04;
const INT16: u8 = 0x05;
const UINT16: u8 = 0x06;
const INT32: u8 = 0x07;
const UINT32: u8 = 0x08;

/// A JSON value: scalars already rendered, containers in MySQL's order.
#[derive(Debug, Clone, PartialEq)]
enum Node {
    Scalar(Vec<u8>),
    Object(Vec<(Vec<u8>, Node)>),
    Array(Vec<Node>),
}

impl Node {
    fn render(&self, out: &mut Vec<u8>) {
        match self {
            Node::Scalar(text) => out.extend_from_slice(text),
            Node::Object(members) => {
                out.push(b'{');
                for (i, (key, value)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(b',');
                    }
                    out.push(b'"');
                    push_escaped(out, key);
                    out.extend_from_slice(b"\":");
                    value.render(out);
                }
                out.push(b'}');
            }
            Node::Array(items) => {
                out.push(b'[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(b',');
                    }
                    item.render(out);
                }
                out.push(b']');
            }
        }
    }
}

fn parse_document(doc: &[u8], what: &'static str) -> Result<Node, JsonDiffError> {
    let kind = *doc
        .first()
        .ok_or(JsonDiffError::Binary { what, offset: 0 })?;
    if (0x10..0x80).contains(&kind) {
        // Text, not binary JSON: only the MariaDB path produces it, never a diff.
        return Err(JsonDiffError::Binary { what, offset: 0 });
    }
    BinaryTree { doc, what }.value(kind, 1, 0)
}

/// Builds a [`Node`] from one binary JSON document.
struct BinaryTree<'a> {
    doc: &'a [u8],
    what: &'static str,
}

impl BinaryTree<'_> {
    fn err(&self, offset: usize) -> JsonDiffError {
        JsonDiffError::Binary {
            what: self.what,
            offset,
        }
    }

    fn bytes(&self, pos: usize, len: usize) -> Result<&[u8], JsonDiffError> {
        pos.checked_add(len)
            .and_then(|end| self.doc.get(pos..end))
            .ok_or(self.err(pos))
    }

    fn le(&self, pos: usize, len: usize) -> Result<usize, JsonDiffError> {
        let v = self
            .bytes(pos, len)?
            .iter()
            .rev()
            .fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
        usize::try_from(v).map_err(|_| self.err(pos))
    }

    fn value(&self, kind: u8, pos: usize, depth: usize) -> Result<Node, JsonDiffError> {
        match kind {
            SMALL_OBJECT | LARGE_OBJECT | SMALL_ARRAY | LARGE_ARRAY if depth >= MAX_DEPTH => {
                Err(self.err(pos))
            }
            SMALL_OBJECT | LARGE_OBJECT | SMALL_ARRAY | LARGE_ARRAY => self.container(
                pos,
                matches!(kind, SMALL_OBJECT | SMALL_ARRAY),
                matches!(kind, SMALL_OBJECT | LARGE_OBJECT),
                depth + 1,
            ),
            _ => {
                let mut text = Vec::new();
                render_json_binary_at(self.doc, kind, pos, &mut text)
                    .map_err(|e| self.err(e.offset))?;
                Ok(Node::Scalar(text))
            }
        }
    }

    fn container(
        &self,
        pos: usize,
        small: bool,
        object: bool,
        depth: usize,
    ) -> Result<Node, JsonDiffError> {
        let width = if small { 2 } else { 4 };
        let count = self.le(pos, width)?;
        let size = self.le(pos + width, width)?;
        let keys_at = pos + 2 * width;
        let key_entries = if object {
            count.checked_mul(width + 2).ok_or(self.err(pos))?
        } else {
            0
        };
        let values_at = keys_at.checked_add(key_entries).ok_or(self.err(pos))?;
        let entries_end = count
            .checked_mul(1 + width)
            .and_then(|n| values_at.checked_add(n))
            .ok_or(self.err(pos))?;
        if entries_end > self.doc.len() {
            return Err(self.err(pos));
        }
        let mut members = Vec::new();
        let mut items = Vec::new();
        for i in 0..count {
            let entry_at = values_at + i * (1 + width);
            let value = self.entry(entry_at, small, size, pos, entries_end, depth)?;
            if object {
                let key_entry = keys_at + i * (width + 2);
                let key_offset = self.le(key_entry, width)?;
                let key_len = self.le(key_entry + width, 2)?;
                let key_at = pos.checked_add(key_offset).ok_or(self.err(key_entry))?;
                members.push((self.bytes(key_at, key_len)?.to_vec(), value));
            } else {
                items.push(value);
            }
        }
        Ok(if object {
            Node::Object(members)
        } else {
            Node::Array(items)
        })
    }

    fn entry(
        &self,
        at: usize,
        small: bool,
        size: usize,
        container: usize,
        entries_end: usize,
        depth: usize,
    ) -> Result<Node, JsonDiffError> {
        let kind = *self.doc.get(at).ok_or(self.err(at))?;
        let body = at + 1;
        let inline_len = match kind {
            LITERAL => Some(1),
            INT16 | UINT16 => Some(2),
            INT32 if !small => Some(4),
            // A large container's inline UINT32: the renderer prints nothing for it
            // (Debezium's binlog library quirk), so neither do we.
            UINT32 if !small => return Ok(Node::Scalar(Vec::new())),
            _ => None,
        };
        if let Some(len) = inline_len {
            let mut scalar = vec![kind];
            scalar.extend_from_slice(self.bytes(body, len)?);
            let mut text = Vec::new();
            render_json_binary(&scalar, &mut text).map_err(|_| self.err(body))?;
            return Ok(Node::Scalar(text));
        }
        let offset = self.le(body, if small { 2 } else { 4 })?;
        let value_at = container.checked_add(offset).ok_or(self.err(body))?;
        if offset >= size || value_at < entries_end {
            return Err(self.err(body));
        }
        self.value(kind, value_at, depth)
    }
}

/// One leg of a JSON path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Leg {
    /// `.key` or `."key"`: the unescaped key.
    Member(Vec<u8>),
    /// `[n]`.
    Index(usize),
    /// `[last]` (0) or `[last-n]` (n).
    FromLast(usize),
}

/// Parses the path text of a diff (MySQL's JSON path syntax, without wildcards).
fn parse_path(path: &[u8]) -> Result<Vec<Leg>, JsonDiffError> {
    let fail = |why| JsonDiffError::Path {
        path: String::from_utf8_lossy(path).into_owned(),
        why,
    };
    let mut p = PathCursor { s: path, at: 0 };
    p.skip_ws();
    if !p.eat(b'$') {
        return Err(fail("a path starts with `$`"));
    }
    let mut legs = Vec::new();
    loop {
        p.skip_ws();
        match p.peek() {
            None => return Ok(legs),
            Some(b'.') => {
                p.at += 1;
                p.skip_ws();
                legs.push(Leg::Member(p.member().map_err(fail)?));
            }
            Some(b'[') => {
                p.at += 1;
                legs.push(p.array_leg().map_err(fail)?);
            }
            Some(b'*') => return Err(fail("`**` wildcards are not supported")),
            Some(_) => return Err(fail("expected `.` or `[` after a path leg")),
        }
    }
}

struct PathCursor<'a> {
    s: &'a [u8],
    at: usize,
}

impl PathCursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.at).copied()
    }

    fn eat(&mut self, b: u8) -> bool {
        let found = self.peek() == Some(b);
        if found {
            self.at += 1;
        }
        found
    }

    fn eat_word(&mut self, word: &[u8]) -> bool {
        let found = self.s.get(self.at..).is_some_and(|r| r.starts_with(word));
        if found {
            self.at += word.len();
        }
        found
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_whitespace()) {
            self.at += 1;
        }
    }

    fn member(&mut self) -> Result<Vec<u8>, &'static str> {
        match self.peek() {
            Some(b'*') => Err("`.*` wildcards are not supported"),
            Some(b'"') => self.quoted_key(),
            _ => {
                let start = self.at;
                while self
                    .peek()
                    .is_some_and(|b| !matches!(b, b'.' | b'[' | b'*') && !b.is_ascii_whitespace())
                {
                    self.at += 1;
                }
                let key = self.s.get(start..self.at).unwrap_or_default();
                if key.is_empty() {
                    return Err("expected a key after `.`");
                }
                Ok(key.to_vec())
            }
        }
    }

    /// A double-quoted key with JSON string escapes.
    fn quoted_key(&mut self) -> Result<Vec<u8>, &'static str> {
        let start = self.at;
        self.at += 1;
        loop {
            match self.peek() {
                None => return Err("unterminated quoted key"),
                Some(b'\\') => self.at += 2,
                Some(b'"') => {
                    self.at += 1;
                    break;
                }
                Some(_) => self.at += 1,
            }
        }
        let literal = self
            .s
            .get(start..self.at)
            .ok_or("unterminated quoted key")?;
        let key: String =
            serde_json::from_slice(literal).map_err(|_| "a quoted key is a JSON string")?;
        Ok(key.into_bytes())
    }

    fn array_leg(&mut self) -> Result<Leg, &'static str> {
        self.skip_ws();
        let leg = if self.peek() == Some(b'*') {
            return Err("`[*]` wildcards are not supported");
        } else if self.eat_word(b"last") {
            self.skip_ws();
            if self.eat(b'-') {
                self.skip_ws();
                Leg::FromLast(self.number()?)
            } else {
                Leg::FromLast(0)
            }
        } else {
            Leg::Index(self.number()?)
        };
        self.skip_ws();
        if self.eat_word(b"to") {
            return Err("`[m to n]` ranges are not supported");
        }
        if !self.eat(b']') {
            return Err("expected `]` after an array index");
        }
        Ok(leg)
    }

    fn number(&mut self) -> Result<usize, &'static str> {
        let start = self.at;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.at += 1;
        }
        std::str::from_utf8(self.s.get(start..self.at).unwrap_or_default())
            .ok()
            .and_then(|d| d.parse().ok())
            .ok_or("expected an array index (digits, `last` or `last-n`)")
    }
}

/// The array position a leg names in an array of `len` elements, if any.
fn resolve_index(leg_index: &Leg, len: usize) -> Option<usize> {
    match leg_index {
        Leg::Index(i) => Some(*i),
        Leg::FromLast(n) => len.checked_sub(1)?.checked_sub(*n),
        Leg::Member(_) => None,
    }
}

fn find_member<'n>(members: &'n mut [(Vec<u8>, Node)], key: &[u8]) -> Option<&'n mut Node> {
    members
        .iter_mut()
        .find(|(k, _)| k.as_slice() == key)
        .map(|(_, v)| v)
}

fn seek<'n>(mut node: &'n mut Node, legs: &[Leg]) -> Option<&'n mut Node> {
    for leg in legs {
        node = match (node, leg) {
            (Node::Object(members), Leg::Member(key)) => find_member(members, key)?,
            (Node::Array(items), leg) => {
                let i = resolve_index(leg, items.len())?;
                items.get_mut(i)?
            }
            _ => return None,
        };
    }
    Some(node)
}

/// MySQL's binary JSON key order: shorter keys first, equal lengths bytewise.
fn key_order(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

fn apply_diff(root: &mut Node, diff: &JsonDiff<'_>) -> Result<(), JsonDiffError> {
    let legs = parse_path(diff.path)?;
    let fail = |why| JsonDiffError::Apply {
        operation: diff.operation,
        path: String::from_utf8_lossy(diff.path).into_owned(),
        why,
    };
    let value = match diff.value {
        Some(v) => Some(parse_document(v, "a diff's value")?),
        None => None,
    };
    let Some((last, parent_legs)) = legs.split_last() else {
        // The server never logs a diff at `$` (a whole new document is a full update)
        // and its applier rejects one.
        return Err(fail("a diff cannot target the whole document `$`"));
    };
    let parent = seek(root, parent_legs).ok_or_else(|| fail("the parent path does not exist"))?;
    match (diff.operation, parent, last, value) {
        (JsonDiffOperation::Replace, Node::Object(members), Leg::Member(key), Some(v)) => {
            let slot = find_member(members, key).ok_or_else(|| fail("no such member"))?;
            *slot = v;
        }
        (JsonDiffOperation::Replace, Node::Array(items), leg, Some(v)) => {
            let i = resolve_index(leg, items.len()).ok_or_else(|| fail("not an array index"))?;
            let slot = items
                .get_mut(i)
                .ok_or_else(|| fail("the array index is past the end"))?;
            *slot = v;
        }
        (JsonDiffOperation::Insert, Node::Object(members), Leg::Member(key), Some(v)) => {
            // MySQL's applier rejects an INSERT of a member that exists.
            let i = members
                .binary_search_by(|(k, _)| key_order(k, key))
                .err()
                .ok_or_else(|| fail("the member exists already"))?;
            members.insert(i, (key.clone(), v));
        }
        (JsonDiffOperation::Insert, Node::Array(items), leg, Some(v)) => {
            let i = match leg {
                Leg::Member(_) => return Err(fail("a member path into an array")),
                // `[last]` inserts before the last element (JSON_ARRAY_INSERT).
                leg => resolve_index(leg, items.len()).unwrap_or(0),
            };
            items.insert(i.min(items.len()), v);
        }
        (JsonDiffOperation::Remove, Node::Object(members), Leg::Member(key), None) => {
            let i = members
                .iter()
                .position(|(k, _)| k == key)
                .ok_or_else(|| fail("no such member"))?;
            members.remove(i);
        }
        (JsonDiffOperation::Remove, Node::Array(items), leg, None) => {
            let i = resolve_index(leg, items.len())
                .filter(|&i| i < items.len())
                .ok_or_else(|| fail("the array index is past the end"))?;
            items.remove(i);
        }
        _ => return Err(fail("the path's last leg does not fit the parent's type")),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// MySQL binary JSON (small containers only), written from the layout in MySQL's
    /// `sql-common/json_binary.h` for tests: keys sorted by length then bytewise as
    /// the server stores them, INT16-range integers inline, other integers INT64,
    /// strings with a one-byte length.
    fn binary(v: &serde_json::Value) -> Vec<u8> {
        let (kind, body) = encode(v);
        let mut doc = vec![kind];
        doc.extend(body);
        doc
    }

    fn encode(v: &serde_json::Value) -> (u8, Vec<u8>) {
        use serde_json::Value as J;
        match v {
            J::Null => (LITERAL, vec![0]),
            J::Bool(b) => (LITERAL, vec![if *b { 1 } else { 2 }]),
            J::Number(n) => match n.as_i64() {
                Some(i) if i16::try_from(i).is_ok() => (INT16, (i as i16).to_le_bytes().to_vec()),
                Some(i) => (0x09, i.to_le_bytes().to_vec()),
                None => (0x0B, n.as_f64().unwrap_or(0.0).to_le_bytes().to_vec()),
            },
            J::String(s) => {
                assert!(s.len() < 128);
                let mut b = vec![s.len() as u8];
                b.extend(s.as_bytes());
                (0x0C, b)
            }
            J::Array(items) => (SMALL_ARRAY, container(None, items.iter().collect())),
            J::Object(map) => {
                let mut members: Vec<_> = map.iter().collect();
                members.sort_by(|a, b| key_order(a.0.as_bytes(), b.0.as_bytes()));
                let keys = members.iter().map(|(k, _)| k.as_bytes()).collect();
                (
                    SMALL_OBJECT,
                    container(Some(keys), members.into_iter().map(|(_, v)| v).collect()),
                )
            }
        }
    }

    fn container(keys: Option<Vec<&[u8]>>, values: Vec<&serde_json::Value>) -> Vec<u8> {
        let n = values.len();
        let key_entries = keys.as_ref().map_or(0, |_| 4 * n);
        let header = 4 + key_entries + 3 * n;
        let mut tail = Vec::new();
        let mut key_part = Vec::new();
        for k in keys.iter().flatten() {
            key_part.extend(((header + tail.len()) as u16).to_le_bytes());
            key_part.extend((k.len() as u16).to_le_bytes());
            tail.extend(*k);
        }
        let mut value_part = Vec::new();
        for v in values {
            let (kind, body) = encode(v);
            value_part.push(kind);
            if matches!(kind, LITERAL | INT16) {
                let mut inline = body.clone();
                inline.resize(2, 0);
                value_part.extend(inline);
            } else {
                value_part.extend(((header + tail.len()) as u16).to_le_bytes());
                tail.extend(body);
            }
        }
        let mut out = (n as u16).to_le_bytes().to_vec();
        out.extend(((header + tail.len()) as u16).to_le_bytes());
        out.extend(key_part);
        out.extend(value_part);
        out.extend(tail);
        out
    }

    /// A diff list as MySQL `Json_diff_vector::write_binary` lays it out.
    fn diff_list(diffs: &[TestDiff<'_>]) -> Vec<u8> {
        let mut b = Vec::new();
        for (op, path, value) in diffs {
            b.push(*op);
            b.push(path.len() as u8);
            b.extend(path.as_bytes());
            if let Some(v) = value {
                let v = binary(v);
                b.push(v.len() as u8);
                b.extend(v);
            }
        }
        b
    }

    /// Operation byte, path, value.
    type TestDiff<'a> = (u8, &'a str, Option<serde_json::Value>);

    const REPLACE: u8 = 0;
    const INSERT: u8 = 1;
    const REMOVE: u8 = 2;

    fn apply(before: &str, diffs: &[TestDiff<'_>]) -> String {
        try_apply(before, diffs).expect("diffs apply")
    }

    fn try_apply(before: &str, diffs: &[TestDiff<'_>]) -> Result<String, JsonDiffError> {
        let doc = binary(&serde_json::from_str(before).expect("test JSON"));
        let list = diff_list(diffs);
        let diffs = JsonDiffs::parse(&list).expect("diff list");
        let mut out = Vec::new();
        apply_json_diffs(&doc, &diffs, &mut out)?;
        Ok(String::from_utf8(out).unwrap_or_default())
    }

    fn j(text: &str) -> Option<serde_json::Value> {
        Some(serde_json::from_str(text).expect("test JSON"))
    }

    #[test]
    fn paths_parse_like_mysqls_path_syntax() {
        let m = |k: &str| Leg::Member(k.as_bytes().to_vec());
        assert_eq!(parse_path(b"$").unwrap(), vec![]);
        assert_eq!(parse_path(b"$.age").unwrap(), vec![m("age")]);
        assert_eq!(
            parse_path(b"$[1].b[0]").unwrap(),
            vec![Leg::Index(1), m("b"), Leg::Index(0)]
        );
        assert_eq!(
            parse_path(br#"$."a b"."c\"d"[last][last - 2]"#).unwrap(),
            vec![m("a b"), m("c\"d"), Leg::FromLast(0), Leg::FromLast(2)]
        );
        assert_eq!(
            parse_path(b" $ . x [ 3 ] ").unwrap(),
            vec![m("x"), Leg::Index(3)]
        );
        for bad in [
            &b"a"[..],
            b"$.*",
            b"$[*]",
            b"$**.a",
            b"$[1 to 2]",
            b"$[",
            b"$.",
            b"$.\"x",
            b"$[x]",
        ] {
            assert!(parse_path(bad).is_err(), "{}", String::from_utf8_lossy(bad));
        }
    }

    // Expected texts from the MySQL 8.0 Reference Manual, "Functions That Modify JSON
    // Values" (examples of JSON_SET, JSON_INSERT, JSON_REPLACE, JSON_ARRAY_INSERT,
    // JSON_REMOVE), written compactly as Debezium's formatter prints them. The diffs
    // are the ones those calls log: REPLACE for an existing path, INSERT for a new one.

    #[test]
    fn json_set_replaces_and_inserts() {
        let before = r#"{ "a": 1, "b": [2, 3]}"#;
        assert_eq!(
            apply(
                before,
                &[
                    (REPLACE, "$.a", j("10")),
                    (INSERT, "$.c", j(r#""[true, false]""#))
                ]
            ),
            r#"{"a":10,"b":[2,3],"c":"[true, false]"}"#
        );
        assert_eq!(
            apply(before, &[(INSERT, "$.c", j(r#""[true, false]""#))]),
            r#"{"a":1,"b":[2,3],"c":"[true, false]"}"#
        );
        assert_eq!(
            apply(before, &[(REPLACE, "$.a", j("10"))]),
            r#"{"a":10,"b":[2,3]}"#
        );
    }

    #[test]
    fn json_array_insert_positions() {
        let before = r#"["a", {"b": [1, 2]}, [3, 4]]"#;
        assert_eq!(
            apply(before, &[(INSERT, "$[1]", j(r#""x""#))]),
            r#"["a","x",{"b":[1,2]},[3,4]]"#
        );
        assert_eq!(
            apply(before, &[(INSERT, "$[100]", j(r#""x""#))]),
            r#"["a",{"b":[1,2]},[3,4],"x"]"#
        );
        assert_eq!(
            apply(before, &[(INSERT, "$[1].b[0]", j(r#""x""#))]),
            r#"["a",{"b":["x",1,2]},[3,4]]"#
        );
        assert_eq!(
            apply(before, &[(INSERT, "$[2][1]", j(r#""y""#))]),
            r#"["a",{"b":[1,2]},[3,"y",4]]"#
        );
        // JSON_ARRAY_INSERT(@j, '$[0]', 'x', '$[2][1]', 'y') gives
        // ["x", "a", {"b": [1, 2]}, [3, 4]]: pairs apply left to right, so `$[2]` is
        // then the object and the second pair changes nothing (no diff is logged).
        assert_eq!(
            apply(before, &[(INSERT, "$[0]", j(r#""x""#))]),
            r#"["x","a",{"b":[1,2]},[3,4]]"#
        );
        // Diffs apply in order: after the first insert, the array [3, 4] is at `$[3]`.
        assert_eq!(
            apply(
                before,
                &[
                    (INSERT, "$[0]", j(r#""x""#)),
                    (INSERT, "$[3][1]", j(r#""y""#))
                ]
            ),
            r#"["x","a",{"b":[1,2]},[3,"y",4]]"#
        );
    }

    #[test]
    fn json_remove_drops_elements_and_members() {
        assert_eq!(
            apply(r#"["a", ["b", "c"], "d"]"#, &[(REMOVE, "$[1]", None)]),
            r#"["a","d"]"#
        );
        assert_eq!(
            apply(r#"{"a": 1, "bb": 2}"#, &[(REMOVE, "$.a", None)]),
            r#"{"bb":2}"#
        );
        assert_eq!(apply(r#"[1, 2, 3]"#, &[(REMOVE, "$[last]", None)]), "[1,2]");
    }

    /// MySQL stores object keys shorter first, then bytewise (json_binary.h: "keys are
    /// sorted"), and prints them in that order: an inserted key lands in that place.
    #[test]
    fn inserted_keys_take_mysqls_key_order() {
        assert_eq!(
            apply(
                r#"{"id": 1, "name": "x"}"#,
                &[
                    (INSERT, "$.ab", j("2")),
                    (INSERT, "$.z", j("3")),
                    (INSERT, "$.idx", j("4"))
                ]
            ),
            r#"{"z":3,"ab":2,"id":1,"idx":4,"name":"x"}"#
        );
        assert_eq!(
            apply(r#"{"a": {"k": 1}}"#, &[(INSERT, r#"$.a."a b""#, j("[]"))]),
            r#"{"a":{"k":1,"a b":[]}}"#
        );
    }

    #[test]
    fn diffs_that_do_not_fit_are_errors() {
        let cases: &[(&str, TestDiff<'_>)] = &[
            (r#"{"a": 1}"#, (REPLACE, "$.b", j("1"))),
            (r#"{"a": 1}"#, (REMOVE, "$.b", None)),
            (r#"{"a": 1}"#, (INSERT, "$.x.y", j("1"))),
            (r#"[1]"#, (REPLACE, "$[5]", j("1"))),
            (r#"[1]"#, (REMOVE, "$.a", None)),
            (r#"{"a": 1}"#, (REMOVE, "$", None)),
            (r#"{"a": 1}"#, (REPLACE, "$", j("[true]"))),
            (r#"{"a": 1}"#, (INSERT, "$.a", j("2"))),
            (r#"{"a": 1}"#, (REPLACE, "$.*", j("1"))),
        ];
        for (before, diff) in cases {
            assert!(
                try_apply(before, std::slice::from_ref(diff)).is_err(),
                "{before} {diff:?}"
            );
        }
        let list = diff_list(&[(REPLACE, "$.a", j("1"))]);
        let diffs = JsonDiffs::parse(&list).unwrap();
        assert!(apply_json_diffs(&[], &diffs, &mut Vec::new()).is_err());
        assert!(apply_json_diffs(&[0x00, 0x05], &diffs, &mut Vec::new()).is_err());
    }

    /// With no diffs, the rebuilt text is what `render_json_binary` makes of the
    /// document: for every JSON document the MySQL fixture holds (the check of
    /// `json_binary` against Debezium's binlog library covers those).
    #[test]
    fn unchanged_documents_render_like_render_json_binary() {
        for text in [
            r#"{"age":24,"data":"xxxxxxxxxx","name":"Joe"}"#,
            r#"[1,-2,70000,"s",null,true,false,{"":[]},2.5]"#,
            r#""top""#,
        ] {
            let doc = binary(&serde_json::from_str(text).unwrap());
            let mut rendered = Vec::new();
            render_json_binary(&doc, &mut rendered).unwrap();
            let mut rebuilt = Vec::new();
            let empty = JsonDiffs::parse(&[]).unwrap();
            apply_json_diffs(&doc, &empty, &mut rebuilt).unwrap();
            assert_eq!(rebuilt, rendered, "{text}");
        }
    }

    /// `binlog-fixtures/mysql/json.binlog.000001` (MySQL 8.0.22): its
    /// PARTIAL_UPDATE_ROWS_EVENT at 3750 holds, for rows 1..=6 of `mysql.t`, a REPLACE
    /// of `$.age` — but a MINIMAL before image (the key `id` only), so the event alone
    /// cannot give the after document. The documents it updates are the after images
    /// of the UPDATE_ROWS_EVENT at 2612 (no other change to `t` in between). Applying
    /// the diffs to those must give documents whose `age` and `name` are what MySQL
    /// itself computed into the generated columns `age` (`json_col->'$.age'`) and
    /// `name` (`json_col->>'$.name'`) of the same after image, with the rest of the
    /// document (Debezium's text of the before document, decoded-dbz) unchanged.
    ///
    /// The events carry no statement text (their QUERY events are `BEGIN`), but table,
    /// rows and both UPDATEs are those of the published MySQL 8.0 partial-update
    /// example (`create table t(id int auto_increment primary key, json_col json, name
    /// varchar(100) as (json_col->>'$.name'), age int as (json_col->'$.age'))`, rows
    /// Joe 24 / Sue 32 / Pete 40, then `update t set json_col = json_set(json_col,
    /// '$.age', age + 1)` run twice, the second time with PARTIAL_JSON and a MINIMAL
    /// row image): so each after document is the previous one with `age` one higher.
    #[test]
    fn the_mysql_fixtures_partial_update_applied_to_the_previous_documents() {
        use crate::binlog::{BinlogFileReader, Decoder, Event, TableMapEvent, Value};
        let root = env!("CARGO_MANIFEST_DIR");
        let path = format!("{root}/binlog-fixtures/mysql/json.binlog.000001");
        let mut decoder = Decoder::new();
        let mut table: Option<TableMapEvent> = None;
        // id -> binary document after the full UPDATE at 2612.
        let mut documents: std::collections::HashMap<i64, Vec<u8>> = Default::default();
        let mut checked = 0;
        for raw in BinlogFileReader::open(std::path::Path::new(&path)).expect("fixture") {
            let raw = raw.expect("event");
            let bytes = raw.bytes.to_vec();
            match decoder.decode_at(&bytes, raw.pos).expect("decodes") {
                Event::TableMap(map) => table = Some(map),
                Event::Rows(rows) if raw.pos == 2612 || raw.pos == 3750 => {
                    let map = table.as_ref().expect("table map");
                    for row in rows.rows(map) {
                        let row = row.expect("row");
                        let after = row.after.expect("after image");
                        let key = |image: Option<&Vec<Value<'_>>>| match image?.first() {
                            Some(Value::Int(id)) => Some(*id),
                            _ => None,
                        };
                        let id = key(Some(&after))
                            .or(key(row.before.as_ref()))
                            .expect("an id in one image");
                        match after.get(1) {
                            Some(Value::Json(doc)) => {
                                documents.insert(id, doc.to_vec());
                            }
                            Some(Value::JsonDiff(diffs)) => {
                                assert_eq!(
                                    row.before.as_ref().and_then(|b| b.get(1)).copied(),
                                    Some(Value::Absent),
                                    "a MINIMAL before image"
                                );
                                let before = documents.get(&id).expect("previous document");
                                let mut previous = Vec::new();
                                render_json_binary(before, &mut previous).unwrap();
                                let mut expected: serde_json::Map<String, serde_json::Value> =
                                    serde_json::from_slice(&previous).unwrap();
                                let (Some(Value::Bytes(name)), Some(Value::Int(age))) =
                                    (after.get(2).copied(), after.get(3).copied())
                                else {
                                    panic!("generated columns");
                                };
                                expected.insert("age".into(), age.into());
                                assert_eq!(
                                    expected["name"].as_str().map(str::as_bytes),
                                    Some(name)
                                );
                                let mut out = Vec::new();
                                apply_json_diffs(before, diffs, &mut out).expect("applies");
                                let got: serde_json::Value = serde_json::from_slice(&out).unwrap();
                                assert_eq!(got, serde_json::Value::Object(expected), "row {id}");
                                // Key order and formatting: only the age digits changed.
                                let previous = String::from_utf8(previous).unwrap();
                                let out = String::from_utf8(out).unwrap();
                                assert_eq!(
                                    out,
                                    previous.replacen(
                                        &format!("\"age\":{}", age - 1),
                                        &format!("\"age\":{age}"),
                                        1
                                    )
                                );
                                checked += 1;
                            }
                            other => panic!("json_col {other:?}"),
                        }
                    }
                }
                _ => {}
            }
        }
        assert_eq!(checked, 6);
    }
}
