//! A table schema built from a TABLE_MAP_EVENT alone, for `tributary.schema.fallback=table_map`:
//! replaying a binlog whose tables were created before the file begins.
//!
//! Owns the translation of a table map's column types, metadata and optional metadata
//! (`binlog_row_metadata=MINIMAL|FULL`, MySQL `sql/log_event.cc`
//! `Table_map_log_event::init_*_field`) into a column *definition*, which is then
//! modelled by the same rules as DDL (`table_editor::build_column`), so a column gets
//! the `typeName`, `jdbcType`, `length`, `scale` and charset a `CREATE TABLE` of the
//! same SQL type would give it. It must not invent what the event does not say beyond
//! the documented choices below, and it must not decide when the fallback applies
//! (the engine does).
//!
//! What the event gives, and the choices made where it says nothing:
//! - names: `COLUMN_NAME` metadata (FULL); otherwise `_1`, `_2`, … (1-based ordinal).
//! - signedness: `SIGNEDNESS` metadata (MINIMAL and FULL); otherwise signed.
//! - charsets: `DEFAULT_CHARSET`/`COLUMN_CHARSET` collation ids (MINIMAL and FULL),
//!   mapped with [`super::charset::collation_by_id`]; collation 63 (`binary`) makes
//!   BINARY/VARBINARY/BLOB. Without charset metadata (MySQL before 8.0, MariaDB's
//!   default `binlog_row_metadata=NO_LOG`) a STRING/VARCHAR/BLOB column cannot be told
//!   from its binary twin; it is modelled as **text in `utf8mb4`** (CHAR/VARCHAR/TEXT):
//!   most such columns are text, the Connect field type is then the one the DDL would
//!   most likely have given, and invalid UTF-8 bytes are replaced (U+FFFD) by the
//!   envelope rather than failing. A binary column is thereby shown lossily.
//! - lengths: CHAR/VARCHAR lengths in the event are in bytes; they are divided by the
//!   charset's maximum bytes per character to get the declared length in characters
//!   (`utf8mb4` 4, `utf8mb3` 3, ...).
//! - ENUM/SET members: `ENUM_STR_VALUE`/`SET_STR_VALUE` (FULL); otherwise the members
//!   are named by their 1-based ordinal (`'1'`, `'2'`, …), as many as the stored width
//!   can address (255 or 65535 ENUM members, 8 per byte for SET).
//! - primary key: `SIMPLE_PRIMARY_KEY`/`PRIMARY_KEY_WITH_PREFIX` (FULL); otherwise none.
//! - nullability: the table map's null bitmap. Defaults, comments, auto-increment:
//!   unknown (none).
//! - GEOMETRY subtypes: `GEOMETRY_TYPE` metadata; otherwise `GEOMETRY`.

use crate::binlog::{ColumnDesc, ColumnType, TableMapEvent};
use crate::ddl::{ColumnAttribute, ColumnDefinition, DataTypeSpec, KeyPart, StringLiteral};

use super::charset;
use super::table::{TableId, TableSchema};
use super::table_editor::{ColumnModelError, TableEditor, build_column};

/// Collation id of the `binary` pseudo-charset.
const BINARY_COLLATION: u32 = 63;

/// Charset assumed for character columns when the event carries no charset metadata.
const UNKNOWN_CHARSET_ASSUMED: &str = "utf8mb4";

/// Why a table map cannot be turned into a schema.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TableMapSchemaError {
    /// A column type code no row decoder or model knows.
    #[error(
        "table `{database}`.`{table}` column {index} (`{column}`): TABLE_MAP_EVENT column type {type_code} cannot be modelled"
    )]
    UnsupportedType {
        /// Database name.
        database: String,
        /// Table name.
        table: String,
        /// 1-based column ordinal.
        index: usize,
        /// The column's name (or `_n`).
        column: String,
        /// The type code found.
        type_code: u8,
    },
    /// The column model refused the definition built from the event.
    #[error("table `{database}`.`{table}`: {source}")]
    Column {
        /// Database name.
        database: String,
        /// Table name.
        table: String,
        /// The model's error.
        #[source]
        source: ColumnModelError,
    },
}

/// The schema of the table a TABLE_MAP_EVENT describes (see the module doc for what
/// is taken from the event and what is assumed).
pub fn table_schema_from_table_map(
    map: &TableMapEvent,
) -> Result<TableSchema, TableMapSchemaError> {
    let id = TableId::new(
        String::from_utf8_lossy(map.database()),
        String::from_utf8_lossy(map.table()),
    );
    let mut editor = TableEditor::new(id.clone());
    editor.default_charset = map
        .optional_metadata()
        .default_charset
        .as_ref()
        .and_then(|d| charset_of(d.default_collation))
        .map(str::to_owned);
    let mut ordinals = Ordinals::default();
    for (index, desc) in map.columns().iter().enumerate() {
        let definition = column_definition(map, index, desc, &mut ordinals).ok_or_else(|| {
            TableMapSchemaError::UnsupportedType {
                database: id.database.clone(),
                table: id.table.clone(),
                index: index + 1,
                column: column_name(map, index),
                type_code: desc.real_type,
            }
        })?;
        let built = build_column(&definition, None, false).map_err(|source| {
            TableMapSchemaError::Column {
                database: id.database.clone(),
                table: id.table.clone(),
                source,
            }
        })?;
        editor.add_column(built.column);
    }
    let key = primary_key_parts(map);
    if !key.is_empty() {
        editor.set_primary_key_columns(&key);
    }
    Ok(editor.create())
}

/// Running counts of ENUM, SET and GEOMETRY columns: their metadata lists are indexed
/// by the nth column of that kind.
#[derive(Default)]
struct Ordinals {
    enums: usize,
    sets: usize,
    geometries: usize,
}

fn column_name(map: &TableMapEvent, index: usize) -> String {
    match map.column_name(index) {
        Some(name) => String::from_utf8_lossy(name).into_owned(),
        None => format!("_{}", index + 1),
    }
}

fn charset_of(collation: u32) -> Option<&'static str> {
    u16::try_from(collation)
        .ok()
        .and_then(charset::charset_of_collation_id)
}

/// A column definition equivalent to what `CREATE TABLE` would have said, as far as
/// the event tells; `None` for a type that cannot be modelled.
fn column_definition(
    map: &TableMapEvent,
    index: usize,
    desc: &ColumnDesc,
    ordinals: &mut Ordinals,
) -> Option<ColumnDefinition> {
    let collation = map.column_collation(index);
    let mut spec = data_type_spec(desc, collation, map, ordinals)?;
    if map.is_unsigned(index) == Some(true) {
        spec.unsigned = Some(true);
    }
    let attributes = if desc.nullable {
        vec![ColumnAttribute::Null]
    } else {
        vec![ColumnAttribute::NotNull]
    };
    Some(ColumnDefinition {
        name: column_name(map, index),
        data_type: spec,
        attributes,
    })
}

fn data_type_spec(
    desc: &ColumnDesc,
    collation: Option<u32>,
    map: &TableMapEvent,
    ordinals: &mut Ordinals,
) -> Option<DataTypeSpec> {
    use ColumnType as T;
    let fsp = |spec: DataTypeSpec| with_fsp(spec, desc.length);
    Some(match desc.real_column_type()? {
        T::MYSQL_TYPE_TINY => DataTypeSpec::named("TINYINT"),
        T::MYSQL_TYPE_SHORT => DataTypeSpec::named("SMALLINT"),
        T::MYSQL_TYPE_INT24 => DataTypeSpec::named("MEDIUMINT"),
        T::MYSQL_TYPE_LONG => DataTypeSpec::named("INT"),
        T::MYSQL_TYPE_LONGLONG => DataTypeSpec::named("BIGINT"),
        T::MYSQL_TYPE_FLOAT => DataTypeSpec::named("FLOAT"),
        T::MYSQL_TYPE_DOUBLE => DataTypeSpec::named("DOUBLE"),
        T::MYSQL_TYPE_NEWDECIMAL => with_dimensions(
            DataTypeSpec::named("DECIMAL"),
            &[desc.length, u32::from(desc.scale)],
        ),
        T::MYSQL_TYPE_YEAR => DataTypeSpec::named("YEAR"),
        T::MYSQL_TYPE_DATE | T::MYSQL_TYPE_NEWDATE => DataTypeSpec::named("DATE"),
        T::MYSQL_TYPE_TIME => DataTypeSpec::named("TIME"),
        T::MYSQL_TYPE_TIME2 => fsp(DataTypeSpec::named("TIME")),
        T::MYSQL_TYPE_DATETIME => DataTypeSpec::named("DATETIME"),
        T::MYSQL_TYPE_DATETIME2 => fsp(DataTypeSpec::named("DATETIME")),
        T::MYSQL_TYPE_TIMESTAMP => DataTypeSpec::named("TIMESTAMP"),
        T::MYSQL_TYPE_TIMESTAMP2 => fsp(DataTypeSpec::named("TIMESTAMP")),
        T::MYSQL_TYPE_BIT => with_dimensions(DataTypeSpec::named("BIT"), &[desc.length.max(1)]),
        T::MYSQL_TYPE_VARCHAR | T::MYSQL_TYPE_VAR_STRING | T::MYSQL_TYPE_VARCHAR_COMPRESSED => {
            character_spec("VARCHAR", "VARBINARY", desc.length, collation)
        }
        T::MYSQL_TYPE_STRING => character_spec("CHAR", "BINARY", desc.length, collation),
        T::MYSQL_TYPE_BLOB
        | T::MYSQL_TYPE_TINY_BLOB
        | T::MYSQL_TYPE_MEDIUM_BLOB
        | T::MYSQL_TYPE_LONG_BLOB
        | T::MYSQL_TYPE_BLOB_COMPRESSED => lob_spec(desc.length, collation),
        T::MYSQL_TYPE_ENUM => {
            let nth = ordinals.enums;
            ordinals.enums += 1;
            let names = map
                .optional_metadata()
                .enum_str_values
                .as_ref()
                .and_then(|all| all.get(nth));
            members_spec("ENUM", names, enum_capacity(desc), collation)
        }
        T::MYSQL_TYPE_SET => {
            let nth = ordinals.sets;
            ordinals.sets += 1;
            let names = map
                .optional_metadata()
                .set_str_values
                .as_ref()
                .and_then(|all| all.get(nth));
            members_spec("SET", names, set_capacity(desc), collation)
        }
        T::MYSQL_TYPE_JSON => DataTypeSpec::named("JSON"),
        T::MYSQL_TYPE_GEOMETRY => {
            let nth = ordinals.geometries;
            ordinals.geometries += 1;
            let kind = map
                .optional_metadata()
                .geometry_types
                .as_ref()
                .and_then(|all| all.get(nth).copied());
            DataTypeSpec::named(geometry_type_name(kind))
        }
        // VECTOR's metadata is only its length-prefix width: the dimension count is
        // not in the event, so the type's default applies.
        T::MYSQL_TYPE_VECTOR => DataTypeSpec::named("VECTOR"),
        _ => return None,
    })
}

fn with_dimensions(mut spec: DataTypeSpec, dimensions: &[u32]) -> DataTypeSpec {
    spec.dimensions = dimensions.iter().map(u32::to_string).collect();
    spec
}

/// TIME2/DATETIME2/TIMESTAMP2: the metadata is the fractional-second precision;
/// `(0)` is left unwritten, as `SHOW CREATE TABLE` does.
fn with_fsp(spec: DataTypeSpec, fsp: u32) -> DataTypeSpec {
    if fsp == 0 {
        spec
    } else {
        with_dimensions(spec, &[fsp])
    }
}

/// The charset of a character column, or `None` for the `binary` collation.
/// Without metadata the documented assumption applies.
fn text_charset(collation: Option<u32>) -> Option<(&'static str, Option<&'static str>)> {
    match collation {
        Some(BINARY_COLLATION) => None,
        Some(id) => {
            let found = u16::try_from(id).ok().and_then(charset::collation_by_id);
            Some(match found {
                Some(c) => (c.charset, Some(c.name)),
                // An id this build does not know: its text is read as UTF-8, as
                // Debezium does for charsets it cannot map.
                None => (UNKNOWN_CHARSET_ASSUMED, None),
            })
        }
        None => Some((UNKNOWN_CHARSET_ASSUMED, None)),
    }
}

fn with_charset(mut spec: DataTypeSpec, charset: &str, collation: Option<&str>) -> DataTypeSpec {
    spec.charset = Some(charset.to_owned());
    spec.collation = collation.map(str::to_owned);
    spec
}

/// CHAR/VARCHAR (length in characters) or BINARY/VARBINARY (length in bytes).
fn character_spec(
    text_name: &str,
    binary_name: &str,
    max_bytes: u32,
    collation: Option<u32>,
) -> DataTypeSpec {
    match text_charset(collation) {
        None => with_dimensions(DataTypeSpec::named(binary_name), &[max_bytes]),
        Some((cs, co)) => {
            let chars = max_bytes / max_bytes_per_char(cs);
            with_charset(
                with_dimensions(DataTypeSpec::named(text_name), &[chars]),
                cs,
                co,
            )
        }
    }
}

/// BLOB/TEXT by size class: the metadata is the length prefix width (1..=4 bytes).
fn lob_spec(prefix_bytes: u32, collation: Option<u32>) -> DataTypeSpec {
    let class = match prefix_bytes {
        1 => "TINY",
        3 => "MEDIUM",
        4 => "LONG",
        _ => "",
    };
    match text_charset(collation) {
        None => DataTypeSpec::named(&format!("{class}BLOB")),
        Some((cs, co)) => with_charset(DataTypeSpec::named(&format!("{class}TEXT")), cs, co),
    }
}

/// ENUM/SET with the members the metadata names, or ordinal names.
fn members_spec(
    name: &str,
    names: Option<&Vec<bytes::Bytes>>,
    capacity: u32,
    collation: Option<u32>,
) -> DataTypeSpec {
    let mut spec = DataTypeSpec::named(name);
    let members: Vec<String> = match names {
        Some(list) => list
            .iter()
            .map(|m| String::from_utf8_lossy(m).into_owned())
            .collect(),
        None => (1..=capacity).map(|i| i.to_string()).collect(),
    };
    spec.values = members
        .into_iter()
        .map(|value| StringLiteral {
            raw: format!("'{}'", value.replace('\'', "''")),
            value,
        })
        .collect();
    if let Some((cs, co)) = text_charset(collation).filter(|_| collation.is_some()) {
        spec = with_charset(spec, cs, co);
    }
    spec
}

/// ENUM values are stored in 1 or 2 bytes (the STRING metadata's length byte).
fn enum_capacity(desc: &ColumnDesc) -> u32 {
    if desc.length >= 2 { 65_535 } else { 255 }
}

/// SET values are a bitmap of 1..=8 bytes.
fn set_capacity(desc: &ColumnDesc) -> u32 {
    desc.length.clamp(1, 8) * 8
}

/// MySQL `Field::geometry_type` codes (`GEOMETRY_TYPE` metadata).
fn geometry_type_name(kind: Option<u32>) -> &'static str {
    match kind {
        Some(1) => "POINT",
        Some(2) => "LINESTRING",
        Some(3) => "POLYGON",
        Some(4) => "MULTIPOINT",
        Some(5) => "MULTILINESTRING",
        Some(6) => "MULTIPOLYGON",
        Some(7) => "GEOMETRYCOLLECTION",
        _ => "GEOMETRY",
    }
}

/// Maximum bytes per character (`information_schema.CHARACTER_SETS.MAXLEN`).
fn max_bytes_per_char(charset: &str) -> u32 {
    match charset {
        "utf8mb4" | "utf16" | "utf16le" | "utf32" | "gb18030" => 4,
        "utf8mb3" | "utf8" | "ujis" | "eucjpms" => 3,
        "ucs2" | "big5" | "gbk" | "sjis" | "cp932" | "euckr" | "gb2312" => 2,
        _ => 1,
    }
}

/// The primary key columns named by `SIMPLE_PRIMARY_KEY` or `PRIMARY_KEY_WITH_PREFIX`.
fn primary_key_parts(map: &TableMapEvent) -> Vec<KeyPart> {
    let m = map.optional_metadata();
    let indexes: Vec<u32> = match (&m.simple_primary_key, &m.primary_key_with_prefix) {
        (Some(simple), _) => simple.clone(),
        (None, Some(prefixed)) => prefixed.iter().map(|(i, _)| *i).collect(),
        (None, None) => Vec::new(),
    };
    indexes
        .into_iter()
        .filter_map(|i| usize::try_from(i).ok())
        .filter(|i| *i < map.column_count())
        .map(|i| KeyPart::Column(column_name(map, i)))
        .collect()
}

#[cfg(test)]
mod tests {
    //! Expected schemas come from the `CREATE TABLE` statements in the same binlog
    //! files, modelled by the DDL rules (tested against Debezium's output elsewhere):
    //! a TABLE_MAP_EVENT of a table must give the columns its DDL gives, as far as the
    //! event can say.
    use std::path::{Path, PathBuf};
    use std::sync::Arc;

    use super::*;
    use crate::binlog::{BinlogFileReader, Decoder, Event};
    use crate::schema::{ColumnSchema, SchemaTracker, SessionCharsets};

    fn fixture(rel: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("binlog-fixtures")
            .join(rel)
    }

    /// Every table map of the file, with the DDL-modelled schema of its table at that
    /// point (`None` when no DDL in the file defined it).
    fn table_maps(rel: &str) -> Vec<(TableMapEvent, Option<Arc<TableSchema>>)> {
        let reader = match BinlogFileReader::open(fixture(rel)) {
            Ok(r) => r,
            Err(e) => panic!("{rel}: {e}"),
        };
        let mut decoder = Decoder::new();
        let mut tracker = SchemaTracker::new();
        let mut out = Vec::new();
        for raw in reader {
            let Ok(raw) = raw else { break };
            let Ok(event) = decoder.decode_at(&raw.bytes, raw.pos) else {
                break;
            };
            match event {
                Event::Query(q) => {
                    let charsets = SessionCharsets {
                        server_collation: q.status_vars.charset.map(|c| c.collation_server),
                        database_collation: q.status_vars.charset_database,
                    };
                    let db = String::from_utf8_lossy(q.schema).into_owned();
                    let sql = String::from_utf8_lossy(q.query).into_owned();
                    let _ = tracker.apply_query(&db, &sql, &charsets);
                }
                Event::TableMap(map) => {
                    let id = TableId::new(
                        String::from_utf8_lossy(map.database()),
                        String::from_utf8_lossy(map.table()),
                    );
                    out.push((map, tracker.table(&id)));
                }
                _ => {}
            }
        }
        out
    }

    fn build(map: &TableMapEvent) -> TableSchema {
        match table_schema_from_table_map(map) {
            Ok(s) => s,
            Err(e) => panic!("{e}"),
        }
    }

    /// The attributes a table map determines (given names), as a comparable tuple.
    fn typed(c: &ColumnSchema) -> (String, String, i32, Option<i32>, Option<i32>, DataTypeKey) {
        (
            c.name.to_ascii_lowercase(),
            c.type_name.clone(),
            c.jdbc_type,
            c.length,
            c.scale,
            DataTypeKey::of(&c.data_type),
        )
    }

    /// `DataType` without the display width (TABLE_MAP does not carry it).
    #[derive(Debug, PartialEq)]
    struct DataTypeKey(String);

    impl DataTypeKey {
        fn of(t: &crate::schema::DataType) -> Self {
            use crate::schema::DataType;
            match t {
                DataType::Int {
                    width, unsigned, ..
                } => DataTypeKey(format!("Int {width:?} unsigned={unsigned}")),
                other => DataTypeKey(format!("{other:?}")),
            }
        }
    }

    /// MySQL 8 files with `binlog_row_metadata=FULL`: names, signedness, charsets,
    /// ENUM/SET members and keys are in the event, so the whole column model matches
    /// the DDL's (nullability and defaults aside: DDL-only columns default to
    /// nullable, the event says what the table really has).
    #[test]
    fn full_metadata_gives_the_ddl_columns() {
        let files = [
            "mysql/mysql-enum-string-set.000001",
            "mysql/mysql_type_bit.000001",
            "mysql/binlog-invisible-columns.000001",
            "mysql/json.binlog.000001",
        ];
        let mut compared = 0;
        for rel in files {
            for (map, ddl) in table_maps(rel) {
                let Some(ddl) = ddl else { continue };
                if map.optional_metadata().column_names.is_none() {
                    continue;
                }
                let built = build(&map);
                assert_eq!(built.id, ddl.id, "{rel}");
                let got: Vec<_> = built.columns.iter().map(typed).collect();
                let want: Vec<_> = ddl.columns.iter().map(typed).collect();
                assert_eq!(got, want, "{rel} table {}", ddl.id);
                for (g, w) in built.columns.iter().zip(&ddl.columns) {
                    assert_eq!(g.enum_values, w.enum_values, "{rel} {}", w.name);
                    if w.charset.is_some() {
                        assert_eq!(g.charset, w.charset, "{rel} {}", w.name);
                    }
                }
                assert_eq!(built.primary_key, ddl.primary_key, "{rel}");
                compared += 1;
            }
        }
        assert!(
            compared >= 4,
            "only {compared} table maps with FULL metadata compared"
        );
    }

    /// Without optional metadata (MySQL 5.x, MariaDB's default NO_LOG) columns are
    /// `_1`, `_2`, … and every type TABLE_MAP can tell apart matches the DDL's; string
    /// columns become text (the documented choice), so only non-string columns of the
    /// MariaDB `types` scenario are compared, and text columns are checked to be text.
    #[test]
    fn without_metadata_columns_are_numbered_and_typed_from_the_event() {
        let mut compared_columns = 0;
        for rel in [
            "mariadb/types/mariadb-bin.000001",
            "mariadb/types/mariadb-bin.000002",
            "mariadb/seed/mariadb-bin.000001",
        ] {
            for (map, ddl) in table_maps(rel) {
                let Some(ddl) = ddl else { continue };
                assert!(map.optional_metadata().column_names.is_none(), "{rel}");
                let built = build(&map);
                assert_eq!(built.columns.len(), ddl.columns.len(), "{rel} {}", ddl.id);
                assert!(built.primary_key.is_empty());
                for (i, (g, w)) in built.columns.iter().zip(&ddl.columns).enumerate() {
                    assert_eq!(g.name, format!("_{}", i + 1));
                    assert_eq!(g.optional, w.optional, "{rel} {} {}", ddl.id, w.name);
                    use crate::schema::DataType as D;
                    match &w.data_type {
                        // Signedness is not in the event: signed is assumed.
                        D::Int { width, .. } => {
                            assert!(
                                matches!(g.data_type, D::Int { width: w2, unsigned: false, .. } if w2 == *width),
                                "{rel} {}: {:?}",
                                w.name,
                                g.data_type
                            );
                        }
                        D::Decimal { .. } | D::Float { .. } | D::Double { .. } => {
                            assert_eq!(
                                std::mem::discriminant(&g.data_type),
                                std::mem::discriminant(&w.data_type),
                                "{rel} {}",
                                w.name
                            );
                            if let (
                                D::Decimal {
                                    precision: p1,
                                    scale: s1,
                                    ..
                                },
                                D::Decimal {
                                    precision: p2,
                                    scale: s2,
                                    ..
                                },
                            ) = (&g.data_type, &w.data_type)
                            {
                                assert_eq!((p1, s1), (p2, s2), "{rel} {}", w.name);
                            }
                        }
                        D::Boolean => {
                            assert!(matches!(
                                g.data_type,
                                D::Int {
                                    width: crate::schema::IntWidth::Tiny,
                                    ..
                                }
                            ));
                        }
                        D::Date
                        | D::Time { .. }
                        | D::DateTime { .. }
                        | D::Timestamp { .. }
                        | D::Year
                        | D::Bit { .. } => {
                            assert_eq!(g.data_type, w.data_type, "{rel} {}", w.name);
                            assert_eq!(
                                (&g.type_name, g.jdbc_type, g.length),
                                (&w.type_name, w.jdbc_type, w.length),
                                "{rel} {}",
                                w.name
                            );
                        }
                        D::Char { .. } | D::VarChar { .. } | D::Text(_) => {
                            assert!(
                                matches!(
                                    g.data_type,
                                    D::Char { .. } | D::VarChar { .. } | D::Text(_)
                                ),
                                "{rel} {}: {:?}",
                                w.name,
                                g.data_type
                            );
                            assert_eq!(g.charset.as_deref(), Some("utf8mb4"));
                        }
                        _ => continue,
                    }
                    compared_columns += 1;
                }
            }
        }
        assert!(
            compared_columns >= 20,
            "only {compared_columns} columns compared"
        );
    }

    #[test]
    fn members_without_metadata_are_ordinals() {
        let spec = members_spec("SET", None, 8, None);
        assert_eq!(spec.values.len(), 8);
        assert_eq!(spec.values.first().map(|v| v.raw.as_str()), Some("'1'"));
        assert_eq!(spec.charset, None);
    }

    #[test]
    fn char_lengths_are_bytes_divided_by_the_charset_width() {
        // VARCHAR(300) in utf8mb4 is written as 1200 bytes (MySQL `Field_varstring`
        // metadata is `field_length`, in bytes).
        let spec = character_spec("VARCHAR", "VARBINARY", 1200, Some(255));
        assert_eq!(spec.dimensions, vec!["300".to_owned()]);
        assert_eq!(spec.charset.as_deref(), Some("utf8mb4"));
        let spec = character_spec("CHAR", "BINARY", 16, Some(BINARY_COLLATION));
        assert_eq!(
            (spec.name.as_str(), spec.dimensions.as_slice()),
            ("BINARY", &["16".to_owned()][..])
        );
    }
}
