//! Grammar rules for what goes between the parentheses of CREATE TABLE and after
//! ALTER TABLE ... ADD/MODIFY/CHANGE: data types, column definitions and their
//! attributes, DEFAULT values, key parts, table constraints, table options.
//!
//! One function per rule, named after the rule of the MySQL manual ("CREATE TABLE
//! Statement", "Data Types"). It must not interpret what a definition means for a
//! table model (lengths, JDBC types, charsets): that is `schema`'s job.

use nom::Parser;
use nom::combinator::opt;
use nom::multi::separated_list1;

use super::ast::{
    ColumnAttribute, ColumnDefinition, DataTypeSpec, DefaultValue, IndexKind, KeyPart, ObjectName,
    TableConstraint, TableElement, TableOption,
};
use super::lexical::{
    Res, at_kw, charset_name, fail, identifier, integer, kw, kws, number, object_name, opt_eq,
    parenthesized_text, radix_literal, string_literal, sym, text_until_separator,
};

/// Type names made of one word (MySQL 8 and MariaDB 10.11 "Data Types" chapters).
const SINGLE_WORD_TYPES: &[&str] = &[
    "TINYINT",
    "SMALLINT",
    "MEDIUMINT",
    "MIDDLEINT",
    "INTEGER",
    "INT1",
    "INT2",
    "INT3",
    "INT4",
    "INT8",
    "INT",
    "BIGINT",
    "REAL",
    "FLOAT4",
    "FLOAT8",
    "FLOAT",
    "DECIMAL",
    "DEC",
    "NUMERIC",
    "FIXED",
    "BIT",
    "BOOLEAN",
    "BOOL",
    "SERIAL",
    "DATETIME",
    "DATE",
    "TIMESTAMP",
    "TIME",
    "YEAR",
    "VARCHARACTER",
    "VARCHAR",
    "NVARCHAR",
    "TINYTEXT",
    "MEDIUMTEXT",
    "LONGTEXT",
    "TEXT",
    "VARBINARY",
    "BINARY",
    "TINYBLOB",
    "MEDIUMBLOB",
    "LONGBLOB",
    "BLOB",
    "ENUM",
    "SET",
    "JSON",
    "GEOMETRYCOLLECTION",
    "GEOMCOLLECTION",
    "GEOMETRY",
    "MULTIPOINT",
    "MULTILINESTRING",
    "MULTIPOLYGON",
    "POINT",
    "LINESTRING",
    "POLYGON",
    "VECTOR",
    "UUID",
    "INET4",
    "INET6",
];

/// `data_type`: name words, dimensions or ENUM/SET members, then SIGNED/UNSIGNED/
/// ZEROFILL/BINARY/CHARACTER SET/COLLATE modifiers.
pub fn data_type(i: &str) -> Res<'_, DataTypeSpec> {
    let (i, name) = data_type_name(i)?;
    let mut spec = DataTypeSpec::named(&name);
    let i = if spec.name == "ENUM" || spec.name == "SET" {
        let (i, values) = enum_members(i)?;
        spec.values = values;
        i
    } else {
        let (i, dims) = opt(dimensions).parse(i)?;
        spec.dimensions = dims.unwrap_or_default();
        i
    };
    data_type_modifiers(i, spec)
}

/// The words naming a type, upper-cased and single-spaced.
fn data_type_name(i: &str) -> Res<'_, String> {
    if let Ok((i, _)) = kw("NATIONAL")(i) {
        let (i, base) = nom::branch::alt((kw("CHARACTER"), kw("CHAR"), kw("VARCHAR"))).parse(i)?;
        let (i, varying) = opt(kw("VARYING")).parse(i)?;
        return Ok((i, join_words(&["NATIONAL", base], varying)));
    }
    if let Ok((i, _)) = kw("NCHAR")(i) {
        let (i, next) = opt(nom::branch::alt((kw("VARCHAR"), kw("VARYING")))).parse(i)?;
        return Ok((i, join_words(&["NCHAR"], next)));
    }
    if let Ok((i, base)) = nom::branch::alt((kw("CHARACTER"), kw("CHAR"))).parse(i) {
        let (i, varying) = opt(kw("VARYING")).parse(i)?;
        return Ok((i, join_words(&[base], varying)));
    }
    if let Ok((i, _)) = kw("LONG")(i) {
        if let Ok((i, _)) = kws(&["CHAR", "VARYING"])(i) {
            return Ok((i, "LONG CHAR VARYING".to_owned()));
        }
        let (i, next) = opt(nom::branch::alt((kw("VARBINARY"), kw("VARCHAR")))).parse(i)?;
        return Ok((i, join_words(&["LONG"], next)));
    }
    if let Ok((i, _)) = kw("DOUBLE")(i) {
        let (i, precision) = opt(kw("PRECISION")).parse(i)?;
        return Ok((i, join_words(&["DOUBLE"], precision)));
    }
    for word in SINGLE_WORD_TYPES {
        if let Ok((rest, written)) = kw(word)(i) {
            return Ok((rest, written.to_ascii_uppercase()));
        }
    }
    fail(i, "data type")
}

fn join_words(words: &[&str], last: Option<&str>) -> String {
    let mut all: Vec<String> = words.iter().map(|w| w.to_ascii_uppercase()).collect();
    if let Some(l) = last {
        all.push(l.to_ascii_uppercase());
    }
    all.join(" ")
}

/// `(M)` or `(M,D)`: numbers as written.
fn dimensions(i: &str) -> Res<'_, Vec<String>> {
    let (i, _) = sym("(")(i)?;
    let (i, dims) = separated_list1(sym(","), number).parse(i)?;
    let (i, _) = sym(")")(i)?;
    Ok((i, dims.into_iter().map(str::to_owned).collect()))
}

/// `('a','b',...)` of ENUM and SET.
fn enum_members(i: &str) -> Res<'_, Vec<super::ast::StringLiteral>> {
    let (i, _) = sym("(")(i)?;
    let (i, values) = separated_list1(sym(","), string_literal).parse(i)?;
    let (i, _) = sym(")")(i)?;
    Ok((i, values))
}

fn data_type_modifiers(mut i: &str, mut spec: DataTypeSpec) -> Res<'_, DataTypeSpec> {
    loop {
        if let Ok((r, _)) = kw("UNSIGNED")(i) {
            spec.unsigned = Some(true);
            i = r;
        } else if let Ok((r, _)) = kw("SIGNED")(i) {
            spec.unsigned = Some(false);
            i = r;
        } else if let Ok((r, _)) = kw("ZEROFILL")(i) {
            spec.zerofill = true;
            i = r;
        } else if let Ok((r, _)) = kw("BINARY")(i) {
            spec.binary = true;
            i = r;
        } else if let Ok((r, _)) = kw("ASCII")(i) {
            // MySQL 8.4 13.3.1 "String Data Type Syntax": ASCII is shorthand for
            // CHARACTER SET latin1, UNICODE for CHARACTER SET ucs2.
            spec.charset = Some("latin1".to_owned());
            i = r;
        } else if let Ok((r, _)) = kw("UNICODE")(i) {
            spec.charset = Some("ucs2".to_owned());
            i = r;
        } else if let Ok((r, _)) = kw("BYTE")(i) {
            // MariaDB "CHAR BYTE": an alias for BINARY.
            if matches!(spec.name.as_str(), "CHAR" | "CHARACTER") {
                spec.name = "BINARY".to_owned();
            }
            i = r;
        } else if let Ok((r, cs)) = charset_clause(i) {
            spec.charset = Some(cs);
            i = r;
        } else if let Ok((r, co)) = collate_clause(i) {
            spec.collation = Some(co);
            i = r;
        } else {
            return Ok((i, spec));
        }
    }
}

/// `CHARACTER SET name` / `CHARSET name` / `CHAR SET name` (with optional `=`).
pub fn charset_clause(i: &str) -> Res<'_, String> {
    let (i, _) = nom::branch::alt((
        kws(&["CHARACTER", "SET"]),
        kws(&["CHAR", "SET"]),
        kws(&["CHARSET"]),
    ))
    .parse(i)?;
    let (i, ()) = opt_eq(i)?;
    charset_name(i)
}

/// `COLLATE name` (with optional `=`).
pub fn collate_clause(i: &str) -> Res<'_, String> {
    let (i, _) = kw("COLLATE")(i)?;
    let (i, ()) = opt_eq(i)?;
    charset_name(i)
}

/// `column_definition`: `name data_type attribute...`.
pub fn column_definition(i: &str) -> Res<'_, ColumnDefinition> {
    let (i, name) = identifier(i)?;
    let (mut i, data_type) = data_type(i)?;
    let mut attributes = Vec::new();
    while let Ok((rest, attribute)) = column_attribute(i) {
        attributes.push(attribute);
        i = rest;
    }
    Ok((
        i,
        ColumnDefinition {
            name,
            data_type,
            attributes,
        },
    ))
}

/// One column attribute.
fn column_attribute(i: &str) -> Res<'_, ColumnAttribute> {
    if let Ok((i, _)) = kws(&["NOT", "NULL"])(i) {
        return Ok((i, ColumnAttribute::NotNull));
    }
    if let Ok((i, _)) = kw("NULL")(i) {
        return Ok((i, ColumnAttribute::Null));
    }
    if let Ok((i, _)) = kw("DEFAULT")(i) {
        let (i, v) = default_value(i)?;
        return Ok((i, ColumnAttribute::Default(v)));
    }
    if let Ok((i, _)) = kws(&["ON", "UPDATE"])(i) {
        let (i, f) = now_function(i)?;
        return Ok((i, ColumnAttribute::OnUpdate(f)));
    }
    if let Ok((i, _)) = kw("AUTO_INCREMENT")(i) {
        return Ok((i, ColumnAttribute::AutoIncrement));
    }
    if let Ok((i, _)) = kws(&["SERIAL", "DEFAULT", "VALUE"])(i) {
        return Ok((i, ColumnAttribute::SerialDefaultValue));
    }
    if let Ok((i, _)) = kws(&["PRIMARY", "KEY"])(i) {
        return Ok((i, ColumnAttribute::PrimaryKey));
    }
    if let Ok((i, _)) = kw("UNIQUE")(i) {
        let (i, _) = opt(nom::branch::alt((kw("KEY"), kw("INDEX")))).parse(i)?;
        return Ok((i, ColumnAttribute::Unique));
    }
    if let Ok((i, _)) = kw("KEY")(i) {
        return Ok((i, ColumnAttribute::PrimaryKey));
    }
    if let Ok((i, _)) = kw("COMMENT")(i) {
        let (i, c) = string_literal(i)?;
        return Ok((i, ColumnAttribute::Comment(c)));
    }
    if let Ok((i, cs)) = charset_clause(i) {
        return Ok((i, ColumnAttribute::Charset(cs)));
    }
    if let Ok((i, co)) = collate_clause(i) {
        return Ok((i, ColumnAttribute::Collate(co)));
    }
    if at_kw(i, "GENERATED") || at_kw(i, "AS") {
        return generated_column(i);
    }
    if let Ok((i, _)) = kw("INVISIBLE")(i) {
        return Ok((i, ColumnAttribute::Invisible));
    }
    if let Ok((i, _)) = kw("VISIBLE")(i) {
        return Ok((i, ColumnAttribute::Visible));
    }
    if at_kw(i, "CHECK") || at_kw(i, "CONSTRAINT") {
        let (i, _) = opt(constraint_symbol).parse(i)?;
        let (i, _) = kw("CHECK")(i)?;
        let (i, expr) = parenthesized_text(i)?;
        let (i, _) = opt(enforcement).parse(i)?;
        return Ok((i, ColumnAttribute::Check(expr.to_owned())));
    }
    if at_kw(i, "REFERENCES") {
        let (i, table) = reference_definition(i)?;
        return Ok((i, ColumnAttribute::References(table)));
    }
    other_column_attribute(i)
}

/// Attributes with no effect on the table model.
fn other_column_attribute(i: &str) -> Res<'_, ColumnAttribute> {
    let start = i;
    let (i, _) = if let Ok(r) = kw("COLUMN_FORMAT")(i) {
        let (i, _) = identifier(r.0)?;
        (i, ())
    } else if let Ok(r) = kw("STORAGE")(i) {
        let (i, _) = identifier(r.0)?;
        (i, ())
    } else if let Ok(r) = kw("SRID")(i) {
        let (i, _) = integer(r.0)?;
        (i, ())
    } else if let Ok(r) =
        nom::branch::alt((kw("ENGINE_ATTRIBUTE"), kw("SECONDARY_ENGINE_ATTRIBUTE"))).parse(i)
    {
        let (i, ()) = opt_eq(r.0)?;
        let (i, _) = string_literal(i)?;
        (i, ())
    } else if let Ok(r) = kw("COMPRESSED")(i) {
        let (i, _) = opt((sym("="), identifier)).parse(r.0)?;
        (i, ())
    } else if let Ok(r) = kw("REF_SYSTEM_ID")(i) {
        let (i, ()) = opt_eq(r.0)?;
        let (i, _) = integer(i)?;
        (i, ())
    } else if let Ok(r) = nom::branch::alt((
        kws(&["WITH", "SYSTEM", "VERSIONING"]),
        kws(&["WITHOUT", "SYSTEM", "VERSIONING"]),
    ))
    .parse(i)
    {
        (r.0, ())
    } else {
        return fail(i, "column attribute");
    };
    let written = start.get(..start.len() - i.len()).unwrap_or("").trim();
    Ok((i, ColumnAttribute::Other(written.to_owned())))
}

/// `[GENERATED ALWAYS] AS (expr) [VIRTUAL|STORED|PERSISTENT]`.
fn generated_column(i: &str) -> Res<'_, ColumnAttribute> {
    let (i, _) = opt(kws(&["GENERATED", "ALWAYS"])).parse(i)?;
    let (i, _) = kw("AS")(i)?;
    let (i, expression) = parenthesized_text(i)?;
    let (i, storage) = opt(nom::branch::alt((
        kw("VIRTUAL"),
        kw("STORED"),
        kw("PERSISTENT"),
    )))
    .parse(i)?;
    let stored = storage.is_some_and(|s| !s.eq_ignore_ascii_case("VIRTUAL"));
    Ok((
        i,
        ColumnAttribute::Generated {
            expression: expression.to_owned(),
            stored,
        },
    ))
}

/// `[NOT] ENFORCED`.
fn enforcement(i: &str) -> Res<'_, ()> {
    let (i, _) = opt(kw("NOT")).parse(i)?;
    let (i, _) = kw("ENFORCED")(i)?;
    Ok((i, ()))
}

/// `CONSTRAINT [symbol]`; the symbol if written.
fn constraint_symbol(i: &str) -> Res<'_, Option<String>> {
    let (i, _) = kw("CONSTRAINT")(i)?;
    let starts_constraint = ["PRIMARY", "UNIQUE", "FOREIGN", "CHECK"]
        .iter()
        .any(|w| at_kw(i, w));
    if starts_constraint {
        return Ok((i, None));
    }
    let (i, name) = identifier(i)?;
    Ok((i, Some(name)))
}

/// `default_value` of a DEFAULT clause.
pub fn default_value(i: &str) -> Res<'_, DefaultValue> {
    if let Ok((i, _)) = kw("NULL")(i) {
        return Ok((i, DefaultValue::Null));
    }
    if let Ok((i, text)) = now_function(i) {
        return Ok((i, DefaultValue::Now(text)));
    }
    if let Ok((i, b)) = nom::branch::alt((kw("TRUE"), kw("FALSE"))).parse(i) {
        return Ok((i, DefaultValue::Boolean(b.to_owned())));
    }
    if let Ok((i, b)) = radix_literal('b')(i) {
        return Ok((i, DefaultValue::Bit(b.to_owned())));
    }
    if let Ok((i, h)) = radix_literal('x')(i) {
        return Ok((i, DefaultValue::Hex(h.to_owned())));
    }
    if let Ok((i, keyword)) = nom::branch::alt((kw("DATE"), kw("TIMESTAMP"), kw("TIME"))).parse(i) {
        let (i, literal) = string_literal(i)?;
        return Ok((
            i,
            DefaultValue::Temporal {
                keyword: keyword.to_owned(),
                literal,
            },
        ));
    }
    let (after_sign, sign) = match i.chars().next() {
        Some(c @ ('-' | '+')) => (super::lexical::ws(i.get(1..).unwrap_or(""))?.0, Some(c)),
        _ => (i, None),
    };
    if let Ok((rest, literal)) = string_literal(after_sign) {
        return Ok((rest, DefaultValue::String { sign, literal }));
    }
    if let Ok((rest, n)) = number(after_sign) {
        let text = match sign {
            Some(s) => format!("{s}{n}"),
            None => n.to_owned(),
        };
        return Ok((rest, DefaultValue::Number(text)));
    }
    if i.starts_with('(') {
        let (rest, inner) = parenthesized_text(i)?;
        return Ok((rest, DefaultValue::Expression(format!("({inner})"))));
    }
    function_call(i).map(|(rest, text)| (rest, DefaultValue::Expression(text)))
}

/// `name(args)` as written, e.g. `uuid()` or `nextval(seq)`.
fn function_call(i: &str) -> Res<'_, String> {
    let start = i;
    let (i, _) = identifier(i)?;
    if !i.starts_with('(') {
        return fail(start, "DEFAULT value");
    }
    let (i, _) = parenthesized_text(i)?;
    Ok((
        i,
        start
            .get(..start.len() - i.len())
            .unwrap_or("")
            .trim()
            .to_owned(),
    ))
}

/// CURRENT_TIMESTAMP[(n)] / NOW([n]) / LOCALTIME[([n])] / LOCALTIMESTAMP[([n])], as
/// written.
pub fn now_function(i: &str) -> Res<'_, String> {
    let start = i;
    let (i, word) = nom::branch::alt((
        kw("CURRENT_TIMESTAMP"),
        kw("LOCALTIMESTAMP"),
        kw("LOCALTIME"),
        kw("NOW"),
    ))
    .parse(i)?;
    let (i, precision) = opt(|i| {
        let (i, _) = sym("(")(i)?;
        let (i, _) = opt(integer).parse(i)?;
        sym(")")(i)
    })
    .parse(i)?;
    if word.eq_ignore_ascii_case("NOW") && precision.is_none() {
        return fail(start, "NOW()");
    }
    Ok((
        i,
        start
            .get(..start.len() - i.len())
            .unwrap_or("")
            .trim()
            .to_owned(),
    ))
}

/// `REFERENCES tbl [(cols)] [MATCH ...] [ON DELETE|UPDATE action]...`; the table.
fn reference_definition(i: &str) -> Res<'_, ObjectName> {
    let (i, _) = kw("REFERENCES")(i)?;
    let (mut i, table) = object_name(i)?;
    if i.starts_with('(') {
        i = parenthesized_text(i)?.0;
    }
    loop {
        if let Ok((r, _)) = kw("MATCH")(i) {
            i = identifier(r)?.0;
        } else if let Ok((r, _)) =
            nom::branch::alt((kws(&["ON", "DELETE"]), kws(&["ON", "UPDATE"]))).parse(i)
        {
            i = reference_action(r)?.0;
        } else {
            return Ok((i, table));
        }
    }
}

fn reference_action(i: &str) -> Res<'_, ()> {
    let (i, _) = nom::branch::alt((
        kw("RESTRICT"),
        kw("CASCADE"),
        |i| kws(&["SET", "NULL"])(i).map(|(r, ())| (r, "")),
        |i| kws(&["SET", "DEFAULT"])(i).map(|(r, ())| (r, "")),
        |i| kws(&["NO", "ACTION"])(i).map(|(r, ())| (r, "")),
    ))
    .parse(i)?;
    Ok((i, ()))
}

/// `key_part`: `col [(len)] [ASC|DESC]` or `(expr) [ASC|DESC]`.
fn key_part(i: &str) -> Res<'_, KeyPart> {
    let (i, part) = if i.starts_with('(') {
        let (i, e) = parenthesized_text(i)?;
        (i, KeyPart::Expression(e.to_owned()))
    } else {
        let (i, name) = identifier(i)?;
        let (i, _) = opt(|i| {
            let (i, _) = sym("(")(i)?;
            let (i, _) = integer(i)?;
            sym(")")(i)
        })
        .parse(i)?;
        (i, KeyPart::Column(name))
    };
    let (i, _) = opt(nom::branch::alt((kw("ASC"), kw("DESC")))).parse(i)?;
    Ok((i, part))
}

/// `(key_part, ...)`.
pub fn key_parts(i: &str) -> Res<'_, Vec<KeyPart>> {
    let (i, _) = sym("(")(i)?;
    let (i, parts) = separated_list1(sym(","), key_part).parse(i)?;
    let (i, _) = sym(")")(i)?;
    Ok((i, parts))
}

/// Index options after the key parts (USING, KEY_BLOCK_SIZE, COMMENT, VISIBLE...).
fn index_options(mut i: &str) -> Res<'_, ()> {
    loop {
        if let Ok((r, _)) = kw("USING")(i) {
            i = identifier(r)?.0;
        } else if let Ok((r, _)) = kw("KEY_BLOCK_SIZE")(i) {
            let (r, ()) = opt_eq(r)?;
            i = integer(r)?.0;
        } else if let Ok((r, _)) = kw("COMMENT")(i) {
            i = string_literal(r)?.0;
        } else if let Ok((r, _)) = kws(&["WITH", "PARSER"])(i) {
            i = identifier(r)?.0;
        } else if let Ok((r, _)) =
            nom::branch::alt((kw("VISIBLE"), kw("INVISIBLE"), kw("IGNORED"))).parse(i)
        {
            i = r;
        } else if let Ok((r, _)) = kws(&["NOT", "IGNORED"])(i) {
            i = r;
        } else if let Ok((r, _)) = nom::branch::alt((
            kw("ENGINE_ATTRIBUTE"),
            kw("SECONDARY_ENGINE_ATTRIBUTE"),
            kw("CLUSTERING"),
        ))
        .parse(i)
        {
            let (r, ()) = opt_eq(r)?;
            i = text_until_separator(r)?.0;
        } else {
            return Ok((i, ()));
        }
    }
}

/// An optional index name, then optional `USING type`, before the key parts.
fn index_name(i: &str) -> Res<'_, Option<String>> {
    // MariaDB 10.0.2+: `ADD {INDEX|KEY|UNIQUE ...} IF NOT EXISTS name (...)`.
    let (i, _) = opt(kws(&["IF", "NOT", "EXISTS"])).parse(i)?;
    let (i, name) = if i.starts_with('(') || at_kw(i, "USING") {
        (i, None)
    } else {
        let (i, n) = identifier(i)?;
        (i, Some(n))
    };
    let (i, _) = opt((kw("USING"), identifier)).parse(i)?;
    Ok((i, name))
}

/// `table_constraint` (PRIMARY KEY, UNIQUE, KEY/INDEX, FULLTEXT, SPATIAL, FOREIGN KEY,
/// CHECK), with an optional `CONSTRAINT [symbol]`.
pub fn table_constraint(i: &str) -> Res<'_, TableConstraint> {
    let (i, symbol) = match constraint_symbol(i) {
        Ok((i, s)) => (i, Some(s)),
        Err(_) => (i, None),
    };
    let symbol = symbol.flatten();
    if let Ok((i, _)) = kws(&["PRIMARY", "KEY"])(i) {
        let (i, _) = index_name(i)?;
        let (i, parts) = key_parts(i)?;
        let (i, ()) = index_options(i)?;
        return Ok((
            i,
            TableConstraint::Index {
                kind: IndexKind::Primary,
                name: symbol,
                parts,
            },
        ));
    }
    if let Ok((i, _)) = kw("UNIQUE")(i) {
        let (i, _) = opt(nom::branch::alt((kw("KEY"), kw("INDEX")))).parse(i)?;
        let (i, name) = index_name(i)?;
        let (i, parts) = key_parts(i)?;
        let (i, ()) = index_options(i)?;
        return Ok((
            i,
            TableConstraint::Index {
                kind: IndexKind::Unique,
                name: name.or(symbol),
                parts,
            },
        ));
    }
    if let Ok((i, _)) = kws(&["FOREIGN", "KEY"])(i) {
        let (i, own_name) = if i.starts_with('(') {
            (i, None)
        } else {
            identifier(i).map(|(r, n)| (r, Some(n)))?
        };
        let (i, _) = sym("(")(i)?;
        let (i, columns) = separated_list1(sym(","), identifier).parse(i)?;
        let (i, _) = sym(")")(i)?;
        let (i, references) = reference_definition(i)?;
        return Ok((
            i,
            TableConstraint::ForeignKey {
                name: symbol.or(own_name),
                columns,
                references,
            },
        ));
    }
    if let Ok((i, _)) = kw("CHECK")(i) {
        let (i, expression) = parenthesized_text(i)?;
        let (i, _) = opt(enforcement).parse(i)?;
        return Ok((
            i,
            TableConstraint::Check {
                name: symbol,
                expression: expression.to_owned(),
            },
        ));
    }
    if symbol.is_some() {
        return fail(i, "PRIMARY KEY, UNIQUE, FOREIGN KEY or CHECK");
    }
    let (i, kind) = if let Ok((i, _)) = nom::branch::alt((kw("KEY"), kw("INDEX"))).parse(i) {
        (i, IndexKind::Plain)
    } else if let Ok((i, _)) = kw("FULLTEXT")(i) {
        (i, IndexKind::Fulltext)
    } else if let Ok((i, _)) = kw("SPATIAL")(i) {
        (i, IndexKind::Spatial)
    } else {
        return fail(i, "table constraint");
    };
    let (i, _) = if kind == IndexKind::Plain {
        (i, None)
    } else {
        opt(nom::branch::alt((kw("KEY"), kw("INDEX")))).parse(i)?
    };
    let (i, name) = index_name(i)?;
    let (i, parts) = key_parts(i)?;
    let (i, ()) = index_options(i)?;
    Ok((i, TableConstraint::Index { kind, name, parts }))
}

/// `create_definition`: a constraint or a column.
pub fn table_element(i: &str) -> Res<'_, TableElement> {
    const CONSTRAINT_STARTS: &[&str] = &[
        "CONSTRAINT",
        "PRIMARY",
        "UNIQUE",
        "FOREIGN",
        "CHECK",
        "KEY",
        "INDEX",
        "FULLTEXT",
        "SPATIAL",
    ];
    if CONSTRAINT_STARTS.iter().any(|w| at_kw(i, w))
        && let Ok((rest, c)) = table_constraint(i)
    {
        return Ok((rest, TableElement::Constraint(c)));
    }
    if let Ok((rest, _)) = kws(&["PERIOD", "FOR"])(i) {
        // MariaDB system versioning / application periods: no column, no key.
        let (rest, _) = identifier(rest)?;
        let (rest, columns) = parenthesized_text(rest)?;
        let written = i.get(..i.len() - rest.len()).unwrap_or("").trim();
        debug_assert!(!columns.is_empty());
        return Ok((rest, TableElement::Other(written.to_owned())));
    }
    let (i, c) = column_definition(i)?;
    Ok((i, TableElement::Column(c)))
}

/// Names of table options that take a value (MySQL "CREATE TABLE", MariaDB "CREATE
/// TABLE" table_option lists), other than the charset, collation, comment and engine
/// options which have their own nodes.
const VALUED_TABLE_OPTIONS: &[&str] = &[
    "AUTO_INCREMENT",
    "AVG_ROW_LENGTH",
    "CHECKSUM",
    "TABLE_CHECKSUM",
    "COMPRESSION",
    "CONNECTION",
    "DELAY_KEY_WRITE",
    "ENCRYPTION",
    "ENCRYPTED",
    "ENCRYPTION_KEY_ID",
    "IETF_QUOTES",
    "INSERT_METHOD",
    "KEY_BLOCK_SIZE",
    "MAX_ROWS",
    "MIN_ROWS",
    "PACK_KEYS",
    "PAGE_CHECKSUM",
    "PAGE_COMPRESSED",
    "PAGE_COMPRESSION_LEVEL",
    "PASSWORD",
    "ROW_FORMAT",
    "SEQUENCE",
    "STATS_AUTO_RECALC",
    "STATS_PERSISTENT",
    "STATS_SAMPLE_PAGES",
    "TABLESPACE",
    "TRANSACTIONAL",
    "UNION",
    "ENGINE_ATTRIBUTE",
    "SECONDARY_ENGINE_ATTRIBUTE",
    "SECONDARY_ENGINE",
    "AUTOEXTEND_SIZE",
    "STORAGE",
];

/// One `table_option`.
pub fn table_option(i: &str) -> Res<'_, TableOption> {
    let (i, _) = opt(kw("DEFAULT")).parse(i)?;
    if let Ok((i, cs)) = charset_clause(i) {
        return Ok((i, TableOption::Charset(cs)));
    }
    if let Ok((i, co)) = collate_clause(i) {
        return Ok((i, TableOption::Collate(co)));
    }
    if let Ok((i, _)) = kw("COMMENT")(i) {
        let (i, ()) = opt_eq(i)?;
        let (i, c) = string_literal(i)?;
        return Ok((i, TableOption::Comment(c)));
    }
    if let Ok((i, _)) = nom::branch::alt((kw("ENGINE"), kw("TYPE"))).parse(i) {
        let (i, ()) = opt_eq(i)?;
        let (i, e) = charset_name(i)?;
        return Ok((i, TableOption::Engine(e)));
    }
    if let Ok((i, _)) =
        nom::branch::alt((kws(&["DATA", "DIRECTORY"]), kws(&["INDEX", "DIRECTORY"]))).parse(i)
    {
        let (i, ()) = opt_eq(i)?;
        let (i, v) = string_literal(i)?;
        return Ok((
            i,
            TableOption::Other {
                name: "DIRECTORY".to_owned(),
                value: v.raw,
            },
        ));
    }
    if let Ok((i, _)) = kws(&["WITH", "SYSTEM", "VERSIONING"])(i) {
        return Ok((
            i,
            TableOption::Other {
                name: "WITH SYSTEM VERSIONING".to_owned(),
                value: String::new(),
            },
        ));
    }
    if let Ok((i, _)) = kws(&["START", "TRANSACTION"])(i) {
        return Ok((
            i,
            TableOption::Other {
                name: "START TRANSACTION".to_owned(),
                value: String::new(),
            },
        ));
    }
    for name in VALUED_TABLE_OPTIONS {
        if let Ok((i, _)) = kw(name)(i) {
            let (i, ()) = opt_eq(i)?;
            let (i, value) = table_option_value(i)?;
            return Ok((
                i,
                TableOption::Other {
                    name: (*name).to_owned(),
                    value,
                },
            ));
        }
    }
    fail(i, "table option")
}

fn table_option_value(i: &str) -> Res<'_, String> {
    if i.starts_with('(') {
        let (rest, inner) = parenthesized_text(i)?;
        return Ok((rest, format!("({inner})")));
    }
    if let Ok((rest, lit)) = string_literal(i) {
        return Ok((rest, lit.raw));
    }
    if let Ok((rest, n)) = number(i) {
        return Ok((rest, n.to_owned()));
    }
    identifier(i)
}

/// Table options separated by blanks or commas.
pub fn table_options(mut i: &str) -> Res<'_, Vec<TableOption>> {
    let mut options = Vec::new();
    loop {
        match table_option(i) {
            Ok((rest, o)) => {
                options.push(o);
                i = rest;
                if let Ok((rest, _)) = sym(",")(i)
                    && table_option(rest).is_ok()
                {
                    i = rest;
                }
            }
            Err(_) => return Ok((i, options)),
        }
    }
}
