//! A reader for Java `.properties` text, following `java.util.Properties.load(Reader)`.
//!
//! Owns only the file syntax: natural lines ending in `\n`, `\r` or `\r\n`; leading
//! whitespace (space, tab, form feed) ignored; `#`/`!` comment lines; a line ending in an
//! odd number of backslashes continues on the next line (whose leading whitespace is
//! dropped); the key ends at the first unescaped `=`, `:` or whitespace, after which
//! whitespace and at most one `=`/`:` are skipped; `\t \n \r \f \uXXXX` escapes, any
//! other escaped character stands for itself. A later duplicate key replaces an earlier
//! one, as in `Properties`. It must not interpret keys: that is `config`'s job.
//!
//! The text is UTF-8 (what `Properties.load(Reader)` sees through a UTF-8 reader); an
//! ASCII file reads the same as with `Properties.load(InputStream)`.

use std::collections::BTreeMap;

use super::ConfigError;

/// Whitespace as `java.util.Properties` sees it.
fn is_properties_whitespace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{000C}')
}

/// Parses `.properties` text into a key → value map. `source` names the text in errors
/// (a file path, or `<string>`).
pub fn parse_properties(text: &str, source: &str) -> Result<BTreeMap<String, String>, ConfigError> {
    let mut properties = BTreeMap::new();
    let mut lines = natural_lines(text).peekable();
    while let Some((line_number, natural)) = lines.next() {
        let trimmed = natural.trim_start_matches(is_properties_whitespace);
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with('!') {
            continue;
        }
        let mut logical = String::from(trimmed);
        while ends_with_odd_backslashes(&logical) {
            logical.pop();
            match lines.next() {
                Some((_, next)) => {
                    logical.push_str(next.trim_start_matches(is_properties_whitespace))
                }
                None => break,
            }
        }
        let (raw_key, raw_value) = split_key_value(&logical);
        let key =
            unescape(raw_key).map_err(|message| syntax_error(source, line_number, message))?;
        let value =
            unescape(raw_value).map_err(|message| syntax_error(source, line_number, message))?;
        properties.insert(key, value);
    }
    Ok(properties)
}

fn syntax_error(source: &str, line: usize, message: String) -> ConfigError {
    ConfigError::PropertiesSyntax {
        source_name: source.to_string(),
        line,
        message,
    }
}

/// The natural lines of `text` with their 1-based numbers, split at `\r\n`, `\r` or `\n`.
fn natural_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut rest = text;
    let mut number = 0;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        number += 1;
        let end = rest.find(['\r', '\n']).unwrap_or(rest.len());
        let line = rest.get(..end).unwrap_or_default();
        let after = rest.get(end..).unwrap_or_default();
        rest = after
            .strip_prefix("\r\n")
            .or_else(|| after.strip_prefix('\r'))
            .or_else(|| after.strip_prefix('\n'))
            .unwrap_or(after);
        Some((number, line))
    })
}

fn ends_with_odd_backslashes(line: &str) -> bool {
    line.chars().rev().take_while(|c| *c == '\\').count() % 2 == 1
}

/// Splits a logical line into its raw (still escaped) key and value.
fn split_key_value(line: &str) -> (&str, &str) {
    let mut key_end = line.len();
    let mut escaped = false;
    for (index, c) in line.char_indices() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == '=' || c == ':' || is_properties_whitespace(c) {
            key_end = index;
            break;
        }
    }
    let key = line.get(..key_end).unwrap_or_default();
    let rest = line.get(key_end..).unwrap_or_default();
    let rest = rest.trim_start_matches(is_properties_whitespace);
    let rest = match rest.strip_prefix(['=', ':']) {
        Some(after_separator) => after_separator.trim_start_matches(is_properties_whitespace),
        None => rest,
    };
    (key, rest)
}

/// Resolves `\t \n \r \f \uXXXX` and `\<any>` escapes; `\uXXXX` pairs form surrogate pairs.
fn unescape(raw: &str) -> Result<String, String> {
    let mut out = String::with_capacity(raw.len());
    let mut utf16: Vec<u16> = Vec::new();
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            flush_utf16(&mut utf16, &mut out)?;
            out.push(c);
            continue;
        }
        let Some(escaped) = chars.next() else {
            // A lone trailing backslash (only possible at end of file) is dropped, as Java does.
            break;
        };
        if escaped == 'u' {
            utf16.push(read_unicode_escape(&mut chars)?);
            continue;
        }
        flush_utf16(&mut utf16, &mut out)?;
        out.push(match escaped {
            't' => '\t',
            'n' => '\n',
            'r' => '\r',
            'f' => '\u{000C}',
            other => other,
        });
    }
    flush_utf16(&mut utf16, &mut out)?;
    Ok(out)
}

fn read_unicode_escape(chars: &mut std::str::Chars<'_>) -> Result<u16, String> {
    let mut unit: u16 = 0;
    for _ in 0..4 {
        let digit = chars.next().and_then(|c| c.to_digit(16)).ok_or_else(|| {
            "malformed \\uxxxx escape: expected 4 hexadecimal digits after \\u".to_string()
        })?;
        unit = unit * 16 + digit as u16;
    }
    Ok(unit)
}

fn flush_utf16(utf16: &mut Vec<u16>, out: &mut String) -> Result<(), String> {
    if utf16.is_empty() {
        return Ok(());
    }
    for decoded in char::decode_utf16(utf16.iter().copied()) {
        let c = decoded.map_err(|e| {
            format!(
                "\\u{:04x} is an unpaired UTF-16 surrogate, which a Rust string cannot hold",
                e.unpaired_surrogate()
            )
        })?;
        out.push(c);
    }
    utf16.clear();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> BTreeMap<String, String> {
        match parse_properties(text, "<test>") {
            Ok(map) => map,
            Err(e) => panic!("{e}"),
        }
    }

    fn get<'a>(map: &'a BTreeMap<String, String>, key: &str) -> Option<&'a str> {
        map.get(key).map(String::as_str)
    }

    // Expected values follow the java.util.Properties.load javadoc examples.
    #[test]
    fn separators_as_documented_by_java() {
        let map = parse("Truth = Beauty\n  Truth:Beauty\nTruth                    :Beauty\n");
        assert_eq!(get(&map, "Truth"), Some("Beauty"));
        let map = parse(
            "fruits                           apple, banana, pear, \\\n                                  cantaloupe, watermelon, \\\n                                  kiwi, mango\n",
        );
        assert_eq!(
            get(&map, "fruits"),
            Some("apple, banana, pear, cantaloupe, watermelon, kiwi, mango")
        );
        let map = parse("cheeses\n");
        assert_eq!(get(&map, "cheeses"), Some(""));
    }

    #[test]
    fn surrogate_pairs_join() {
        let map = parse("smile=\\uD83D\\uDE00\n");
        assert_eq!(get(&map, "smile"), Some("\u{1F600}"));
    }

    #[test]
    fn unpaired_surrogate_is_an_error_naming_the_line() {
        let err = parse_properties("a=1\nb=\\uD83D\n", "x.properties").err();
        let message = err.map(|e| e.to_string()).unwrap_or_default();
        assert!(message.contains("x.properties:2"), "{message}");
    }

    #[test]
    fn malformed_unicode_escape_is_an_error_naming_the_line() {
        let err = parse_properties("ok=1\n\nbad=\\u12G4\n", "x.properties").err();
        let message = err.map(|e| e.to_string()).unwrap_or_default();
        assert!(message.contains("x.properties:3"), "{message}");
        assert!(message.contains("\\uxxxx"), "{message}");
    }
}
