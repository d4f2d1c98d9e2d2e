//! The column options of a connector: which columns a record's value carries
//! (`column.include.list` / `column.exclude.list`), which columns make the key
//! (`message.key.columns`), and the column mappers that rewrite values
//! (`column.mask.with.N.chars`, `column.mask.hash[.v2].<algorithm>.with.salt.<salt>`,
//! `column.truncate.to.N.chars`), as Debezium 3.6's `TableSchemaBuilder`,
//! `Key.CustomKeyMapper`, `ColumnMappers`, `MaskStrings` and `TruncateColumn` do.
//!
//! Owns the matching rules (patterns against `db.table.column`, first mapper rule
//! wins), the schema parameters the mappers add (`masked`, `truncateLength`) and the
//! rewriting of one converted value. It must not parse properties (the engine's config
//! does, and hands over compiled patterns) nor serialize anything.
//!
//! Debezium facts kept here (debezium-connector-common, `relational/mapping/`):
//! - a mapper applies to the value the column converter produced, never to the key
//!   fields nor to the schema default;
//! - `MaskStrings` rewrites only character columns (JDBC CHAR, VARCHAR, LONGVARCHAR,
//!   CLOB, NCHAR, NVARCHAR, LONGNVARCHAR, NCLOB, DATALINK) but marks every matched
//!   field `masked=true`; a fixed mask replaces NULL too, a hash keeps NULL;
//! - a hash is the lower-case hex digest of the salt followed by the value's bytes —
//!   v1: Java serialization of the String (`ObjectOutputStream`), v2: the String's bytes
//!   in the JVM's default charset (UTF-8 here) — cut to the column length when it has one;
//! - `TruncateColumn` applies when the column length is unknown or longer than N
//!   (then the field gets `truncateLength=N`), cutting strings (also the ones a
//!   converter makes: TIMESTAMP, JSON, DECIMAL as string, binary as base64/hex) to N
//!   UTF-16 units and byte buffers to N bytes; other values pass unchanged.

use regex::Regex;

use super::datum::{BinaryTextEncoding, Charset, Datum, OwnedDatum, write_zoned_timestamp};
use super::json_binary::render_json_binary;
use crate::schema::{ColumnSchema, TableId};

/// `column.include.list` / `column.exclude.list`, as compiled patterns matched against
/// `db.table.column`.
#[derive(Debug, Clone, Default)]
pub enum ColumnSelection {
    /// No list: every column is in the value.
    #[default]
    All,
    /// Only matching columns are in the value.
    Include(Vec<Regex>),
    /// Matching columns are left out of the value.
    Exclude(Vec<Regex>),
}

/// A digest Java's `MessageDigest` offers under the given name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HashAlgorithm {
    /// `MD5`.
    Md5,
    /// `SHA-1` (also `SHA`, `SHA1`).
    Sha1,
    /// `SHA-224`.
    Sha224,
    /// `SHA-256`.
    Sha256,
    /// `SHA-384`.
    Sha384,
    /// `SHA-512`.
    Sha512,
    /// `SHA-512/224`.
    Sha512_224,
    /// `SHA-512/256`.
    Sha512_256,
}

impl HashAlgorithm {
    /// The algorithm Java's `MessageDigest.getInstance(name)` returns (names are
    /// case-insensitive there); `None` for names Tributary does not implement.
    pub fn from_java_name(name: &str) -> Option<Self> {
        Some(match name.to_ascii_uppercase().as_str() {
            "MD5" => HashAlgorithm::Md5,
            "SHA-1" | "SHA" | "SHA1" => HashAlgorithm::Sha1,
            "SHA-224" => HashAlgorithm::Sha224,
            "SHA-256" => HashAlgorithm::Sha256,
            "SHA-384" => HashAlgorithm::Sha384,
            "SHA-512" => HashAlgorithm::Sha512,
            "SHA-512/224" => HashAlgorithm::Sha512_224,
            "SHA-512/256" => HashAlgorithm::Sha512_256,
            _ => return None,
        })
    }

    fn digest(self, salt: &[u8], data: &[u8]) -> Vec<u8> {
        use sha2::Digest as _;
        fn run<D: sha2::Digest>(salt: &[u8], data: &[u8]) -> Vec<u8> {
            let mut d = D::new();
            d.update(salt);
            d.update(data);
            d.finalize().to_vec()
        }
        match self {
            HashAlgorithm::Md5 => {
                let mut d = md5::Md5::new();
                d.update(salt);
                d.update(data);
                d.finalize().to_vec()
            }
            HashAlgorithm::Sha1 => run::<sha1::Sha1>(salt, data),
            HashAlgorithm::Sha224 => run::<sha2::Sha224>(salt, data),
            HashAlgorithm::Sha256 => run::<sha2::Sha256>(salt, data),
            HashAlgorithm::Sha384 => run::<sha2::Sha384>(salt, data),
            HashAlgorithm::Sha512 => run::<sha2::Sha512>(salt, data),
            HashAlgorithm::Sha512_224 => run::<sha2::Sha512_224>(salt, data),
            HashAlgorithm::Sha512_256 => run::<sha2::Sha512_256>(salt, data),
        }
    }
}

/// What a mapper rule does to the columns it matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MapperKind {
    /// `column.truncate.to.N.chars`.
    Truncate(usize),
    /// `column.mask.with.N.chars`: this many `*`.
    Mask(usize),
    /// `column.mask.hash[.v2].<algorithm>.with.salt.<salt>`.
    Hash {
        /// The digest.
        algorithm: HashAlgorithm,
        /// The salt's bytes (UTF-8 of the property key's tail).
        salt: Vec<u8>,
        /// `.v2`: hash the string's bytes instead of its Java serialization.
        v2: bool,
    },
}

/// One mapper property: the columns it matches and what it does.
#[derive(Debug, Clone)]
pub struct MapperRule {
    /// Patterns matched (whole, ignoring case) against `db.table.column`.
    pub columns: Vec<Regex>,
    /// The mapper.
    pub kind: MapperKind,
}

/// The column options of a connector (all empty: Debezium's defaults).
#[derive(Debug, Clone, Default)]
pub struct ColumnOptions {
    /// Which columns the value carries.
    pub selection: ColumnSelection,
    /// Mapper rules in Debezium's order (truncate, mask, hash, hash v2; within one kind
    /// in property-name order): the first rule matching a column applies.
    pub mappers: Vec<MapperRule>,
    /// `message.key.columns` as Debezium expands it: one pattern per listed column
    /// (`<table regex>.<column>`), in list order.
    pub key_columns: Vec<Regex>,
}

/// The rewrite one value field gets, chosen once per table version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldMapper {
    /// Every value (NULL included) becomes this string.
    Replace(String),
    /// Strings are cut to this many UTF-16 units, byte values to this many bytes.
    Truncate(usize),
    /// Strings become the hex digest (cut to `truncate` characters); NULL stays NULL.
    Hash {
        /// The digest.
        algorithm: HashAlgorithm,
        /// Salt bytes.
        salt: Vec<u8>,
        /// Hash the plain bytes instead of the Java serialization.
        v2: bool,
        /// The column length, when it has one.
        truncate: Option<usize>,
    },
}

/// JDBC types `MaskStrings.create` rewrites (`java.sql.Types`).
const MASKABLE_JDBC_TYPES: &[i32] = &[1, 12, -1, 2005, -15, -9, -16, 2011, 70];

/// `ColumnId.toString()` of a MySQL column: `db.table.column`.
fn column_id(table: &TableId, column: &str) -> String {
    format!("{}.{}.{}", table.database, table.table, column)
}

fn matches_any(patterns: &[Regex], name: &str) -> bool {
    patterns.iter().any(|p| p.is_match(name))
}

impl ColumnOptions {
    /// True when nothing differs from Debezium's defaults.
    pub fn is_default(&self) -> bool {
        matches!(self.selection, ColumnSelection::All)
            && self.mappers.is_empty()
            && self.key_columns.is_empty()
    }

    /// True when `column` of `table` is a field of the value.
    pub fn includes(&self, table: &TableId, column: &str) -> bool {
        match &self.selection {
            ColumnSelection::All => true,
            ColumnSelection::Include(p) => matches_any(p, &column_id(table, column)),
            ColumnSelection::Exclude(p) => !matches_any(p, &column_id(table, column)),
        }
    }

    /// Indexes of the key columns `message.key.columns` selects for this table, in
    /// Debezium's order (per listed pattern, the matching columns in table order);
    /// `None` when it selects none, so the primary key stands.
    pub fn custom_key_columns(
        &self,
        table: &TableId,
        columns: &[ColumnSchema],
    ) -> Option<Vec<usize>> {
        let mut out = Vec::new();
        for pattern in &self.key_columns {
            for (i, c) in columns.iter().enumerate() {
                if pattern.is_match(&column_id(table, &c.name)) {
                    out.push(i);
                }
            }
        }
        (!out.is_empty()).then_some(out)
    }

    /// The mapper of a value field and the schema parameter it adds, from the first
    /// rule matching the column (`ColumnMappers.mapperFor`).
    pub fn field_mapper(
        &self,
        table: &TableId,
        column: &ColumnSchema,
    ) -> (Option<FieldMapper>, Option<(&'static str, String)>) {
        let id = column_id(table, &column.name);
        let Some(rule) = self.mappers.iter().find(|r| matches_any(&r.columns, &id)) else {
            return (None, None);
        };
        let maskable = MASKABLE_JDBC_TYPES.contains(&column.jdbc_type);
        let length = column.length.unwrap_or(-1);
        match &rule.kind {
            MapperKind::Mask(n) => (
                maskable.then(|| FieldMapper::Replace("*".repeat(*n))),
                Some(("masked", "true".to_owned())),
            ),
            MapperKind::Hash {
                algorithm,
                salt,
                v2,
            } => (
                maskable.then(|| FieldMapper::Hash {
                    algorithm: *algorithm,
                    salt: salt.clone(),
                    v2: *v2,
                    truncate: usize::try_from(length).ok().filter(|n| *n > 0),
                }),
                Some(("masked", "true".to_owned())),
            ),
            MapperKind::Truncate(n) => {
                let possible = length < 0 || usize::try_from(length).is_ok_and(|l| l > *n);
                if possible {
                    (
                        Some(FieldMapper::Truncate(*n)),
                        Some(("truncateLength", n.to_string())),
                    )
                } else {
                    (None, None)
                }
            }
        }
    }
}

impl FieldMapper {
    /// The field value after the mapper, from the converter's value. `scratch` holds a
    /// computed string (hash, truncated text) the result borrows.
    pub fn apply<'s>(&'s self, datum: Datum<'s>, scratch: &'s mut String) -> Datum<'s> {
        match self {
            FieldMapper::Replace(mask) => Datum::Str(mask),
            FieldMapper::Hash {
                algorithm,
                salt,
                v2,
                truncate,
            } => {
                let Some(text) = datum_text(&datum) else {
                    return Datum::Null;
                };
                let input = if *v2 {
                    text.into_bytes()
                } else {
                    java_serialized_string(&text)
                };
                let digest = algorithm.digest(salt, &input);
                scratch.clear();
                for b in digest {
                    scratch.push_str(&format!("{b:02x}"));
                }
                if let Some(n) = truncate {
                    scratch.truncate(*n);
                }
                Datum::Str(scratch)
            }
            FieldMapper::Truncate(n) => match datum {
                Datum::Bytes { bytes, pad_to } => {
                    let len = bytes.len().max(pad_to);
                    if len > *n {
                        Datum::Bytes {
                            bytes: bytes.get(..*n).unwrap_or(bytes),
                            pad_to: pad_to.min(*n),
                        }
                    } else {
                        datum
                    }
                }
                other => match datum_text(&other) {
                    Some(text) => {
                        *scratch = truncate_utf16(text, *n);
                        Datum::Str(scratch)
                    }
                    None => other,
                },
            },
        }
    }
}

/// Java's `s.substring(0, n)` when `s.length() > n` (lengths in UTF-16 units). A cut
/// inside a surrogate pair keeps no half character (Java would keep the lone high
/// surrogate, which JSON cannot carry as text here).
fn truncate_utf16(text: String, n: usize) -> String {
    let mut units = 0;
    for (i, c) in text.char_indices() {
        let w = c.len_utf16();
        if units + w > n {
            return text.get(..i).unwrap_or_default().to_owned();
        }
        units += w;
    }
    text
}

/// The Java `String` a string-valued field holds; `None` for NULL and non-strings.
fn datum_text(datum: &Datum<'_>) -> Option<String> {
    match datum {
        Datum::Str(s) => Some((*s).to_owned()),
        Datum::Text { bytes, charset } => Some(decode_text(bytes, *charset)),
        Datum::SetMembers { bits, members } => Some(
            members
                .iter()
                .enumerate()
                .filter(|(i, _)| *i < 64 && bits & (1u64 << i) != 0)
                .map(|(_, m)| m.as_str())
                .collect::<Vec<_>>()
                .join(","),
        ),
        Datum::Owned(OwnedDatum::String(s)) => Some(s.clone()),
        // Values Debezium's converters deliver as Java Strings, too.
        Datum::DecimalString { unscaled, scale } => Some(unscaled.to_plain_string(*scale)),
        Datum::ZonedTimestamp {
            epoch_seconds,
            nanos,
            fraction_digits,
        } => {
            let mut text = Vec::new();
            write_zoned_timestamp(&mut text, *epoch_seconds, *nanos, *fraction_digits);
            Some(String::from_utf8_lossy(&text).into_owned())
        }
        Datum::JsonBinary { bytes, optional } => {
            let mut text = Vec::new();
            match render_json_binary(bytes, &mut text) {
                Ok(()) => Some(String::from_utf8_lossy(&text).into_owned()),
                Err(_) if *optional => None,
                Err(_) => Some("{}".to_owned()),
            }
        }
        Datum::BinaryText {
            bytes,
            pad_to,
            encoding,
        } => {
            use base64::Engine as _;
            let mut padded = bytes.to_vec();
            if padded.len() < *pad_to {
                padded.resize(*pad_to, 0);
            }
            Some(match encoding {
                BinaryTextEncoding::Base64 => {
                    base64::engine::general_purpose::STANDARD.encode(&padded)
                }
                BinaryTextEncoding::Base64UrlSafe => {
                    base64::engine::general_purpose::URL_SAFE.encode(&padded)
                }
                BinaryTextEncoding::Hex => padded.iter().map(|b| format!("{b:02x}")).collect(),
            })
        }
        _ => None,
    }
}

/// `new String(bytes, charset)` as the JSON writer decodes it.
fn decode_text(bytes: &[u8], charset: Charset) -> String {
    match charset {
        Charset::Utf8 => String::from_utf8_lossy(bytes).into_owned(),
        Charset::Ascii => bytes
            .iter()
            .map(|&b| if b < 0x80 { char::from(b) } else { '\u{FFFD}' })
            .collect(),
        Charset::Latin1Cp1252 => {
            // Java's Cp1252 leaves 0x81, 0x8D, 0x8F, 0x90, 0x9D unassigned.
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            text.chars()
                .zip(bytes)
                .map(|(c, b)| {
                    if matches!(b, 0x81 | 0x8D | 0x8F | 0x90 | 0x9D) {
                        '\u{FFFD}'
                    } else {
                        c
                    }
                })
                .collect()
        }
        Charset::Utf16Be | Charset::Utf16Le => {
            let little = charset == Charset::Utf16Le;
            let units = bytes.chunks(2).map(|pair| match pair {
                [a, b] if little => u16::from_le_bytes([*a, *b]),
                [a, b] => u16::from_be_bytes([*a, *b]),
                _ => 0xFFFD,
            });
            char::decode_utf16(units)
                .map(|c| c.unwrap_or('\u{FFFD}'))
                .collect()
        }
        Charset::Utf32Be => bytes
            .chunks(4)
            .map(|q| {
                <[u8; 4]>::try_from(q)
                    .ok()
                    .and_then(|q| char::from_u32(u32::from_be_bytes(q)))
                    .unwrap_or('\u{FFFD}')
            })
            .collect(),
        Charset::Other(encoding) => encoding.decode_without_bom_handling(bytes).0.into_owned(),
    }
}

/// `ObjectOutputStream.writeObject(String)` on a fresh stream: the stream header
/// (`AC ED 00 05`), then `TC_STRING` with a 2-byte length or `TC_LONGSTRING` with an
/// 8-byte length, and the string in Java's modified UTF-8 (U+0000 as two bytes, each
/// UTF-16 unit of a supplementary character as three).
fn java_serialized_string(s: &str) -> Vec<u8> {
    let mut utf = Vec::with_capacity(s.len() + 8);
    for unit in s.encode_utf16() {
        match unit {
            0x0001..=0x007F => utf.push(unit as u8),
            0x0000 | 0x0080..=0x07FF => {
                utf.push(0xC0 | (unit >> 6) as u8);
                utf.push(0x80 | (unit & 0x3F) as u8);
            }
            _ => {
                utf.push(0xE0 | (unit >> 12) as u8);
                utf.push(0x80 | ((unit >> 6) & 0x3F) as u8);
                utf.push(0x80 | (unit & 0x3F) as u8);
            }
        }
    }
    let mut out = vec![0xAC, 0xED, 0x00, 0x05];
    match u16::try_from(utf.len()) {
        Ok(len) => {
            out.push(0x74);
            out.extend_from_slice(&len.to_be_bytes());
        }
        Err(_) => {
            out.push(0x7C);
            out.extend_from_slice(&(utf.len() as u64).to_be_bytes());
        }
    }
    out.extend_from_slice(&utf);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // `new ObjectOutputStream(bos).writeObject("ab")` → ac ed 00 05 74 00 02 61 62
    // (Java Object Serialization Specification, 6.4.2 "Terminal Symbols and Constants").
    #[test]
    fn java_serialization_of_strings() {
        assert_eq!(
            java_serialized_string("ab"),
            vec![0xAC, 0xED, 0x00, 0x05, 0x74, 0x00, 0x02, b'a', b'b']
        );
        // U+0000 is C0 80; U+1F642 is the surrogates D83D DE42, three bytes each.
        assert_eq!(
            java_serialized_string("\0🙂")[5..],
            [0x00, 0x08, 0xC0, 0x80, 0xED, 0xA0, 0xBD, 0xED, 0xB9, 0x82]
        );
    }

    #[test]
    fn truncation_counts_utf16_units() {
        assert_eq!(truncate_utf16("Zoë Ångström".into(), 3), "Zoë");
        assert_eq!(truncate_utf16("a🙂b".into(), 3), "a🙂");
        assert_eq!(truncate_utf16("ab".into(), 3), "ab");
    }

    fn column(name: &str, jdbc_type: i32, length: Option<i32>) -> ColumnSchema {
        ColumnSchema {
            name: name.into(),
            position: 1,
            data_type: crate::schema::DataType::Json,
            type_name: "X".into(),
            type_expression: "X".into(),
            jdbc_type,
            charset: None,
            collation: None,
            length,
            scale: None,
            optional: true,
            auto_increment: false,
            generated: false,
            comment: None,
            default_value_expression: None,
            enum_values: None,
        }
    }

    fn options(kind: MapperKind) -> ColumnOptions {
        ColumnOptions {
            mappers: vec![MapperRule {
                columns: vec![Regex::new("(?i)^(?:db\\.t\\..*)$").unwrap()],
                kind,
            }],
            ..ColumnOptions::default()
        }
    }

    // TruncateColumn.isTruncationPossible: length unknown (-1) or longer than N;
    // MaskStrings: `masked=true` on every matched field, values of character types only.
    #[test]
    fn mappers_choose_by_length_and_jdbc_type() {
        let t = TableId::new("db", "t");
        let truncate = options(MapperKind::Truncate(3));
        let (m, p) = truncate.field_mapper(&t, &column("a", 4, None));
        assert_eq!(
            (m, p),
            (
                Some(FieldMapper::Truncate(3)),
                Some(("truncateLength", "3".into()))
            )
        );
        assert_eq!(
            truncate.field_mapper(&t, &column("a", 12, Some(3))),
            (None, None)
        );
        let mask = options(MapperKind::Mask(2));
        assert_eq!(
            mask.field_mapper(&t, &column("a", 4, None)),
            (None, Some(("masked", "true".into())))
        );
        let (m, _) = mask.field_mapper(&t, &column("a", 12, Some(10)));
        let Some(m) = m else {
            panic!("a VARCHAR is masked")
        };
        let mut scratch = String::new();
        assert_eq!(m.apply(Datum::Null, &mut scratch), Datum::Str("**"));
        assert_eq!(
            ColumnOptions::default().field_mapper(&t, &column("a", 12, None)),
            (None, None)
        );
    }

    // Digests of "abc" from FIPS 180-4 / RFC 1321 examples (no salt, v2 bytes).
    #[test]
    fn digests_match_the_standard_vectors() {
        let hex = |v: Vec<u8>| v.iter().map(|b| format!("{b:02x}")).collect::<String>();
        assert_eq!(
            hex(HashAlgorithm::Md5.digest(b"", b"abc")),
            "900150983cd24fb0d6963f7d28e17f72"
        );
        assert_eq!(
            hex(HashAlgorithm::Sha256.digest(b"a", b"bc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            HashAlgorithm::from_java_name("sha-256"),
            Some(HashAlgorithm::Sha256)
        );
        assert_eq!(HashAlgorithm::from_java_name("SHA3-256"), None);
    }
}
