//! The record-shaping properties: `column.include.list` / `column.exclude.list` (old
//! `column.whitelist` / `column.blacklist`), `message.key.columns`,
//! `column.mask.with.N.chars`, `column.mask.hash[.v2].<algorithm>.with.salt.<salt>`,
//! `column.truncate.to.N.chars`, `skipped.operations`, `include.query` and
//! `extended.headers.enabled` (default true: Debezium's `__debezium.context.*` headers
//! on every Kafka record).
//!
//! Owns their syntax as Debezium 3.6 reads it (`ColumnMappers.create`,
//! `Key.CustomKeyMapper.getInstance`, `CommonConnectorConfig.getSkippedOperations`) and
//! turns them into the envelope's [`ColumnOptions`]. It must not apply them.
//!
//! Debezium collects the mapper properties by kind — truncate, mask, hash, hash v2 —
//! and, within a kind, in the order of its configuration's keys (a hash map's order);
//! the first rule matching a column applies. Tributary keeps the kinds' order and takes
//! the keys of one kind in name order, which only matters when two rules of one kind
//! match the same column.

use std::collections::BTreeMap;

use regex::Regex;

use super::filter::compile_regex_list;
use super::{ConfigError, Keys};
use crate::engine::filters::SkippedOperations;
use crate::envelope::{ColumnOptions, ColumnSelection, HashAlgorithm, MapperKind, MapperRule};

/// What the shaping properties say.
#[derive(Debug, Clone, Default)]
pub struct ShapingSettings {
    /// Column selection, key columns and mappers.
    pub columns: ColumnOptions,
    /// `skipped.operations` (default `t`).
    pub skipped_operations: SkippedOperations,
    /// `include.query` (default false).
    pub include_query: bool,
    /// `extended.headers.enabled` (default true): Debezium's `__debezium.context.*`
    /// headers on every record sent to Kafka.
    pub extended_headers: bool,
}

pub(super) fn read_shaping(keys: &mut Keys<'_>) -> Result<ShapingSettings, ConfigError> {
    let include = keys.get("column.include.list", &["column.whitelist"])?;
    let exclude = keys.get("column.exclude.list", &["column.blacklist"])?;
    let selection = match (include, exclude) {
        (Some((ik, iv)), Some((ek, ev))) if !iv.trim().is_empty() && !ev.trim().is_empty() => {
            return Err(ConfigError::Conflict {
                first: ik.to_owned(),
                second: ek.to_owned(),
                reason: "Debezium accepts either a column include list or an exclude list".into(),
            });
        }
        (Some((k, v)), _) if !v.trim().is_empty() => {
            ColumnSelection::Include(compile_regex_list(k, v)?)
        }
        (_, Some((k, v))) if !v.trim().is_empty() => {
            ColumnSelection::Exclude(compile_regex_list(k, v)?)
        }
        _ => ColumnSelection::All,
    };
    let key_columns = match keys.get("message.key.columns", &[])? {
        Some((k, v)) => message_key_columns(k, v)?,
        None => Vec::new(),
    };
    let mappers = read_mappers(keys)?;
    let skipped_operations = match keys.get("skipped.operations", &[])? {
        None => SkippedOperations::default(),
        Some((k, v)) => SkippedOperations::parse(v).map_err(|item| ConfigError::InvalidValue {
            key: k.to_owned(),
            value: v.to_owned(),
            expected: format!("a comma-separated list of c, u, d, t or none (found {item:?})"),
        })?,
    };
    let include_query = keys.bool("include.query", &[], false)?;
    let extended_headers = keys.bool("extended.headers.enabled", &[], true)?;
    Ok(ShapingSettings {
        columns: ColumnOptions {
            selection,
            mappers,
            key_columns,
        },
        skipped_operations,
        include_query,
        extended_headers,
    })
}

/// `message.key.columns=<table regex>:<column>[,<column>...][;...]`, expanded as
/// `Key.CustomKeyMapper` does into one `<table regex>.<column>` pattern per column.
fn message_key_columns(key: &str, value: &str) -> Result<Vec<Regex>, ConfigError> {
    let invalid = |expected: &str| ConfigError::InvalidValue {
        key: key.to_owned(),
        value: value.to_owned(),
        expected: expected.to_owned(),
    };
    let mut entries: Vec<&str> = value.split(';').collect();
    // Java's String.split drops trailing empty strings.
    while entries.last().is_some_and(|e| e.is_empty()) {
        entries.pop();
    }
    let mut patterns = Vec::new();
    for entry in entries {
        let Some((table, columns)) = entry.split_once(':') else {
            return Err(invalid(
                "<fully-qualified table regex>:<column>[,<column>...] entries separated by ';'",
            ));
        };
        if table.trim().is_empty() || columns.contains(':') {
            return Err(invalid(
                "<fully-qualified table regex>:<column>[,<column>...] entries separated by ';'",
            ));
        }
        for column in columns.split(',') {
            let column = column.trim();
            if column.is_empty() {
                return Err(invalid("non-empty column names"));
            }
            patterns.extend(compile_regex_list(key, &format!("{table}.{column}"))?);
        }
    }
    Ok(patterns)
}

/// The `column.truncate.*`, `column.mask.*` rules, in Debezium's kind order.
fn read_mappers(keys: &mut Keys<'_>) -> Result<Vec<MapperRule>, ConfigError> {
    let mut truncate = BTreeMap::new();
    let mut mask = BTreeMap::new();
    let mut hash = BTreeMap::new();
    let mut hash_v2 = BTreeMap::new();
    let names: Vec<&str> = keys
        .map
        .keys()
        .map(String::as_str)
        .filter(|k| k.starts_with("column.truncate.") || k.starts_with("column.mask."))
        .collect();
    for name in names {
        let Some((k, v)) = keys.get(name, &[])? else {
            continue;
        };
        let columns = compile_regex_list(k, v)?;
        let bad_name = |expected: &str| ConfigError::InvalidValue {
            key: k.to_owned(),
            value: v.to_owned(),
            expected: expected.to_owned(),
        };
        if let Some(n) = between(k, "column.truncate.to.", ".chars") {
            let n = n
                .parse::<usize>()
                .map_err(|_| bad_name("column.truncate.to.<N>.chars with N a number"))?;
            truncate.insert(
                k,
                MapperRule {
                    columns,
                    kind: MapperKind::Truncate(n),
                },
            );
        } else if let Some(n) = between(k, "column.mask.with.", ".chars") {
            let n = n
                .parse::<usize>()
                .map_err(|_| bad_name("column.mask.with.<N>.chars with N a number"))?;
            mask.insert(
                k,
                MapperRule {
                    columns,
                    kind: MapperKind::Mask(n),
                },
            );
        } else if let Some(rest) = k.strip_prefix("column.mask.hash.") {
            let (v2, rest) = match rest.strip_prefix("v2.") {
                Some(rest) if rest.contains(".with.salt.") => (true, rest),
                _ => (false, rest),
            };
            let Some((algorithm, salt)) = rest.split_once(".with.salt.") else {
                return Err(bad_name(
                    "column.mask.hash[.v2].<algorithm>.with.salt.<salt>",
                ));
            };
            if algorithm.is_empty() || algorithm.contains('.') || salt.is_empty() {
                return Err(bad_name(
                    "column.mask.hash[.v2].<algorithm>.with.salt.<salt>",
                ));
            }
            let algorithm = HashAlgorithm::from_java_name(algorithm).ok_or_else(|| {
                ConfigError::Unsupported {
                    key: k.to_owned(),
                    value: v.to_owned(),
                    reason: format!(
                        "hash algorithm {algorithm:?}: Tributary implements MD5, SHA-1, \
                         SHA-224, SHA-256, SHA-384, SHA-512, SHA-512/224 and SHA-512/256"
                    ),
                }
            })?;
            let rule = MapperRule {
                columns,
                kind: MapperKind::Hash {
                    algorithm,
                    salt: salt.as_bytes().to_vec(),
                    v2,
                },
            };
            if v2 {
                hash_v2.insert(k, rule);
            } else {
                hash.insert(k, rule);
            }
        } else {
            return Err(ConfigError::Unsupported {
                key: k.to_owned(),
                value: v.to_owned(),
                reason: "not a column mapper Debezium defines (column.mask.with.N.chars, \
                         column.mask.hash[.v2].<algorithm>.with.salt.<salt>, \
                         column.truncate.to.N.chars)"
                    .into(),
            });
        }
    }
    Ok(truncate
        .into_values()
        .chain(mask.into_values())
        .chain(hash.into_values())
        .chain(hash_v2.into_values())
        .collect())
}

/// The part of `name` between `prefix` and `suffix`.
fn between<'a>(name: &'a str, prefix: &str, suffix: &str) -> Option<&'a str> {
    name.strip_prefix(prefix)?.strip_suffix(suffix)
}

#[cfg(test)]
mod tests {
    use super::super::{ConnectorConfig, parse_properties};
    use crate::envelope::{ColumnSelection, HashAlgorithm, MapperKind, Op};
    use crate::schema::TableId;

    fn config(extra: &str) -> Result<ConnectorConfig, String> {
        let text = format!(
            "topic.prefix=p\nschema.history.internal=io.debezium.relational.history.MemorySchemaHistory\n{extra}"
        );
        let map = parse_properties(&text, "test").map_err(|e| e.to_string())?;
        ConnectorConfig::from_properties(&map).map_err(|e| e.to_string())
    }

    #[test]
    fn mappers_come_in_debezium_kind_order() {
        let c = config(
            "column.mask.hash.v2.MD5.with.salt.a.b=db\\\\.t\\\\.h2\n\
             column.mask.hash.SHA-256.with.salt.pepper=db\\\\.t\\\\.h1\n\
             column.mask.with.3.chars=db\\\\.t\\\\.m\n\
             column.truncate.to.2.chars=db\\\\.t\\\\.c\n",
        )
        .unwrap();
        let kinds: Vec<&MapperKind> = c.shaping.columns.mappers.iter().map(|r| &r.kind).collect();
        assert_eq!(kinds[0], &MapperKind::Truncate(2));
        assert_eq!(kinds[1], &MapperKind::Mask(3));
        assert_eq!(
            kinds[2],
            &MapperKind::Hash {
                algorithm: HashAlgorithm::Sha256,
                salt: b"pepper".to_vec(),
                v2: false
            }
        );
        assert_eq!(
            kinds[3],
            &MapperKind::Hash {
                algorithm: HashAlgorithm::Md5,
                salt: b"a.b".to_vec(),
                v2: true
            }
        );
    }

    #[test]
    fn unknown_algorithms_and_bad_names_name_the_key() {
        let e = config("column.mask.hash.SHA3-256.with.salt.x=db\\\\.t\\\\.c\n").unwrap_err();
        assert!(e.contains("column.mask.hash.SHA3-256.with.salt.x"), "{e}");
        let e = config("column.mask.with.x.chars=db\\\\.t\\\\.c\n").unwrap_err();
        assert!(e.contains("column.mask.with.x.chars"), "{e}");
        let e = config("skipped.operations=c,z\n").unwrap_err();
        assert!(e.contains("skipped.operations"), "{e}");
        let e = config("column.include.list=a\ncolumn.exclude.list=b\n").unwrap_err();
        assert!(e.contains("column.include.list"), "{e}");
        assert!(config("extended.headers.enabled=true\n").is_ok());
        assert!(config("extended.headers.enabled=false\n").is_ok());
    }

    #[test]
    fn message_key_columns_expand_per_column() {
        let c = config("message.key.columns=shop.events:kind, ts;inv\\\\.items:sku;\n").unwrap();
        let patterns: Vec<&str> = c
            .shaping
            .columns
            .key_columns
            .iter()
            .map(|r| r.as_str())
            .collect();
        assert_eq!(
            patterns,
            vec![
                "^(?:shop.events.kind)$",
                "^(?:shop.events.ts)$",
                "^(?:inv\\.items.sku)$"
            ]
        );
        assert!(config("message.key.columns=shop.events\n").is_err());
    }

    #[test]
    fn selection_and_operations() {
        let c = config("column.exclude.list=db\\\\.t\\\\.secret\nskipped.operations=none\ninclude.query=true\n")
            .unwrap();
        assert!(matches!(
            c.shaping.columns.selection,
            ColumnSelection::Exclude(_)
        ));
        let t = TableId::new("db", "t");
        assert!(!c.shaping.columns.includes(&t, "SECRET"));
        assert!(c.shaping.columns.includes(&t, "secret2"));
        assert!(!c.shaping.skipped_operations.skips(Op::Truncate));
        assert!(c.shaping.include_query);
    }
}
