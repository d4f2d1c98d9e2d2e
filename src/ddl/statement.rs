//! Grammar rules for whole statements: database DDL, table DDL, index DDL, USE, SET,
//! and the classification of everything else as [`Statement::Other`].
//!
//! One function per statement rule (MySQL manual "Data Definition Statements"). It
//! must not apply statements: it only says what they are. Once a rule has recognised
//! the keywords of table or database DDL it commits (`cut`), so a malformed statement
//! of that kind is an error at the offending token, never silently `Other`.

use nom::Parser;
use nom::combinator::{cut, opt};
use nom::multi::separated_list1;

use super::ast::{
    AlterSpec, ColumnPosition, CreateTable, DatabaseOptions, IndexKind, ObjectName, OtherStatement,
    SetAssignment, Statement, TableElement, VariableScope,
};
use super::column::{
    charset_clause, collate_clause, column_definition, default_value, key_parts, table_constraint,
    table_element, table_options,
};
use super::lexical::{
    Res, at_kw, charset_name, fail, identifier, kw, kws, number, object_name, opt_eq,
    statement_end, string_literal, sym, text_until_separator, ws,
};

/// One statement, starting at its first token; stops before `;` or end of input.
pub fn statement(i: &str) -> Res<'_, Statement> {
    if let Ok((r, _)) = kw("CREATE")(i) {
        return create_statement(i, r);
    }
    if let Ok((r, _)) = kw("ALTER")(i) {
        return alter_statement(i, r);
    }
    if let Ok((r, _)) = kw("DROP")(i) {
        return drop_statement(i, r);
    }
    if let Ok((r, _)) = kw("RENAME")(i)
        && (at_kw(r, "TABLE") || at_kw(r, "TABLES"))
    {
        return cut(rename_table).parse(i);
    }
    if let Ok((r, _)) = kw("TRUNCATE")(i) {
        return cut(truncate_table).parse(r);
    }
    if let Ok((r, _)) = kw("USE")(i) {
        let (r, db) = cut(identifier).parse(r)?;
        return Ok((r, Statement::Use(db)));
    }
    if let Ok((r, ())) = kws(&["SET", "STATEMENT"])(i) {
        return set_statement_for(r);
    }
    if let Ok((r, _)) = kw("SET")(i)
        && let Ok(parsed) = set_statement(r)
    {
        return Ok(parsed);
    }
    other_statement(i)
}

fn create_statement<'a>(start: &'a str, i: &'a str) -> Res<'a, Statement> {
    let (i, or_replace) = opt(kws(&["OR", "REPLACE"])).parse(i)?;
    let or_replace = or_replace.is_some();
    if let Ok((r, _)) = kw("DATABASE")(i).or_else(|_| kw("SCHEMA")(i)) {
        return cut(create_database).parse(r);
    }
    let (after_temp, temporary) = match kw("TEMPORARY")(i) {
        Ok((r, _)) => (r, true),
        Err(_) => (i, false),
    };
    if let Ok((r, _)) = kw("TABLE")(after_temp) {
        return cut(|r| create_table(r, temporary, or_replace)).parse(r);
    }
    let (r, _) = opt(nom::branch::alt((kw("ONLINE"), kw("OFFLINE")))).parse(i)?;
    let (r, kind) = match nom::branch::alt((kw("UNIQUE"), kw("FULLTEXT"), kw("SPATIAL"))).parse(r) {
        Ok((r, k)) if k.eq_ignore_ascii_case("UNIQUE") => (r, IndexKind::Unique),
        Ok((r, k)) if k.eq_ignore_ascii_case("FULLTEXT") => (r, IndexKind::Fulltext),
        Ok((r, _)) => (r, IndexKind::Spatial),
        Err(_) => (r, IndexKind::Plain),
    };
    if let Ok((r, _)) = kw("INDEX")(r) {
        return cut(|r| create_index(r, kind)).parse(r);
    }
    other_statement(start)
}

fn alter_statement<'a>(start: &'a str, i: &'a str) -> Res<'a, Statement> {
    if let Ok((r, _)) = kw("DATABASE")(i).or_else(|_| kw("SCHEMA")(i)) {
        return cut(alter_database).parse(r);
    }
    let (r, _) = opt(kw("ONLINE")).parse(i)?;
    let (r, _) = opt(kw("IGNORE")).parse(r)?;
    if let Ok((r, _)) = kw("TABLE")(r) {
        return cut(alter_table).parse(r);
    }
    other_statement(start)
}

fn drop_statement<'a>(start: &'a str, i: &'a str) -> Res<'a, Statement> {
    if let Ok((r, _)) = kw("DATABASE")(i).or_else(|_| kw("SCHEMA")(i)) {
        return cut(drop_database).parse(r);
    }
    let (after_temp, temporary) = match kw("TEMPORARY")(i) {
        Ok((r, _)) => (r, true),
        Err(_) => (i, false),
    };
    if let Ok((r, _)) = kw("TABLE")(after_temp).or_else(|_| kw("TABLES")(after_temp)) {
        return cut(|r| drop_table(start, r, temporary)).parse(r);
    }
    let (r, _) = opt(nom::branch::alt((kw("ONLINE"), kw("OFFLINE")))).parse(i)?;
    if let Ok((r, _)) = kw("INDEX")(r) {
        return cut(drop_index).parse(r);
    }
    other_statement(start)
}

/// `CREATE DATABASE [IF NOT EXISTS] name [options]` (after DATABASE/SCHEMA).
fn create_database(i: &str) -> Res<'_, Statement> {
    let (i, if_not_exists) = opt(kws(&["IF", "NOT", "EXISTS"])).parse(i)?;
    let (i, name) = identifier(i)?;
    let (i, options) = database_options(i)?;
    Ok((
        i,
        Statement::CreateDatabase {
            name,
            if_not_exists: if_not_exists.is_some(),
            options,
        },
    ))
}

/// `ALTER DATABASE [name] options` (after DATABASE/SCHEMA).
fn alter_database(i: &str) -> Res<'_, Statement> {
    let starts_option = [
        "DEFAULT",
        "CHARACTER",
        "CHARSET",
        "CHAR",
        "COLLATE",
        "ENCRYPTION",
        "READ",
        "COMMENT",
        "UPGRADE",
    ]
    .iter()
    .any(|w| at_kw(i, w));
    let (i, name) = if starts_option {
        (i, None)
    } else {
        identifier(i).map(|(r, n)| (r, Some(n)))?
    };
    let (i, options) = database_options(i)?;
    Ok((i, Statement::AlterDatabase { name, options }))
}

/// `[DEFAULT] CHARACTER SET [=] cs | [DEFAULT] COLLATE [=] co | ENCRYPTION [=] 'Y' |
/// READ ONLY [=] ... | COMMENT [=] '...'`, repeated.
fn database_options(mut i: &str) -> Res<'_, DatabaseOptions> {
    let mut options = DatabaseOptions::default();
    loop {
        let (r, _) = opt(kw("DEFAULT")).parse(i)?;
        if let Ok((r, cs)) = charset_clause(r) {
            options.charset = Some(cs);
            i = r;
        } else if let Ok((r, co)) = collate_clause(r) {
            options.collation = Some(co);
            i = r;
        } else if let Ok((r, _)) = nom::branch::alt((kw("ENCRYPTION"), kw("COMMENT"))).parse(r) {
            let (r, ()) = opt_eq(r)?;
            i = string_literal(r)?.0;
        } else if let Ok((r, _)) = kws(&["READ", "ONLY"])(r) {
            let (r, ()) = opt_eq(r)?;
            i = text_until_separator(r)?.0;
        } else {
            return Ok((i, options));
        }
    }
}

/// `DROP DATABASE [IF EXISTS] name` (after DATABASE/SCHEMA).
fn drop_database(i: &str) -> Res<'_, Statement> {
    let (i, if_exists) = opt(kws(&["IF", "EXISTS"])).parse(i)?;
    let (i, name) = identifier(i)?;
    Ok((
        i,
        Statement::DropDatabase {
            name,
            if_exists: if_exists.is_some(),
        },
    ))
}

/// `CREATE [TEMPORARY] TABLE [IF NOT EXISTS] name (...) options` or `... LIKE other`
/// (after TABLE).
fn create_table(i: &str, temporary: bool, or_replace: bool) -> Res<'_, Statement> {
    let (i, if_not_exists) = opt(kws(&["IF", "NOT", "EXISTS"])).parse(i)?;
    let if_not_exists = if_not_exists.is_some();
    let (i, name) = object_name(i)?;
    if let Ok((r, like)) = create_table_like(i) {
        return Ok((
            r,
            Statement::CreateTableLike {
                temporary,
                or_replace,
                if_not_exists,
                name,
                like,
            },
        ));
    }
    let (i, elements) = if i.starts_with('(') {
        table_elements(i)?
    } else {
        (i, Vec::new())
    };
    let (i, options) = table_options(i)?;
    let (i, tail) = create_table_tail(i)?;
    Ok((
        i,
        Statement::CreateTable(CreateTable {
            or_replace,
            temporary,
            if_not_exists,
            name,
            elements,
            options,
            tail,
        }),
    ))
}

/// `LIKE other` or `(LIKE other)`.
fn create_table_like(i: &str) -> Res<'_, ObjectName> {
    if let Ok((r, _)) = kw("LIKE")(i) {
        return object_name(r);
    }
    let (r, _) = sym("(")(i)?;
    let (r, _) = kw("LIKE")(r)?;
    let (r, name) = object_name(r)?;
    let (r, _) = sym(")")(r)?;
    Ok((r, name))
}

/// `(create_definition, ...)`.
fn table_elements(i: &str) -> Res<'_, Vec<TableElement>> {
    let (i, _) = sym("(")(i)?;
    let (i, elements) = separated_list1(sym(","), table_element).parse(i)?;
    let (i, _) = sym(")")(i)?;
    Ok((i, elements))
}

/// Partitioning and `[IGNORE|REPLACE] [AS] SELECT ...` after the options: kept as text.
fn create_table_tail(i: &str) -> Res<'_, Option<String>> {
    let starts_tail = [
        "PARTITION",
        "AS",
        "SELECT",
        "IGNORE",
        "REPLACE",
        "WITH",
        "TABLE",
        "VALUES",
    ]
    .iter()
    .any(|w| at_kw(i, w))
        || i.starts_with('(');
    if !starts_tail {
        return Ok((i, None));
    }
    let end = statement_end(i);
    let text = i.get(..end).unwrap_or("").trim_end();
    Ok((i.get(end..).unwrap_or(""), Some(text.to_owned())))
}

/// `DROP [TEMPORARY] TABLE [IF EXISTS] t, ... [RESTRICT|CASCADE]` (after TABLE).
fn drop_table<'a>(start: &'a str, i: &'a str, temporary: bool) -> Res<'a, Statement> {
    let (i, if_exists) = opt(kws(&["IF", "EXISTS"])).parse(i)?;
    let prefix = start.get(..start.len() - i.len()).unwrap_or("").to_owned();
    let (i, names) = separated_list1(sym(","), object_name).parse(i)?;
    let (i, behavior) = opt(nom::branch::alt((kw("RESTRICT"), kw("CASCADE")))).parse(i)?;
    Ok((
        i,
        Statement::DropTable {
            temporary,
            if_exists: if_exists.is_some(),
            names,
            prefix,
            drop_behavior: behavior.map(str::to_ascii_uppercase),
        },
    ))
}

/// `RENAME TABLE a TO b [, c TO d]` (from RENAME).
fn rename_table(start: &str) -> Res<'_, Statement> {
    let (i, _) = kw("RENAME")(start)?;
    let (i, _) = nom::branch::alt((kw("TABLES"), kw("TABLE"))).parse(i)?;
    let prefix = start.get(..start.len() - i.len()).unwrap_or("").to_owned();
    let mut pairs = Vec::new();
    let mut pair_texts = Vec::new();
    let mut i = i;
    loop {
        let pair_start = i;
        // MariaDB 10.5.2+: `RENAME TABLE [IF EXISTS] a TO b`, per pair.
        let (r, _) = opt(kws(&["IF", "EXISTS"])).parse(i)?;
        let (r, from) = object_name(r)?;
        let (r, _) = opt(kws(&["WAIT"])).parse(r)?;
        let (r, _) = kw("TO")(r)?;
        let (r, to) = object_name(r)?;
        pair_texts.push(
            pair_start
                .get(..pair_start.len() - r.len())
                .unwrap_or("")
                .trim_end()
                .to_owned(),
        );
        pairs.push((from, to));
        match sym(",")(r) {
            Ok((r, _)) => i = r,
            Err(_) => {
                return Ok((
                    r,
                    Statement::RenameTable {
                        pairs,
                        pair_texts,
                        prefix,
                    },
                ));
            }
        }
    }
}

/// `TRUNCATE [TABLE] name` (after TRUNCATE).
fn truncate_table(i: &str) -> Res<'_, Statement> {
    let (i, _) = opt(kw("TABLE")).parse(i)?;
    let (i, name) = object_name(i)?;
    Ok((i, Statement::TruncateTable(name)))
}

/// `CREATE [UNIQUE|FULLTEXT|SPATIAL] INDEX name [USING t] ON tbl (parts) ...` (after
/// INDEX).
fn create_index(i: &str, kind: IndexKind) -> Res<'_, Statement> {
    let (i, _) = opt(kws(&["IF", "NOT", "EXISTS"])).parse(i)?;
    let (i, name) = identifier(i)?;
    let (i, _) = opt((kw("USING"), identifier)).parse(i)?;
    let (i, _) = kw("ON")(i)?;
    let (i, table) = object_name(i)?;
    let (i, parts) = key_parts(i)?;
    let end = statement_end(i);
    let rest = i.get(end..).unwrap_or("");
    Ok((
        rest,
        Statement::CreateIndex {
            kind,
            name,
            table,
            parts,
        },
    ))
}

/// `DROP INDEX name ON tbl ...` (after INDEX).
fn drop_index(i: &str) -> Res<'_, Statement> {
    let (i, _) = opt(kws(&["IF", "EXISTS"])).parse(i)?;
    let (i, name) = identifier(i)?;
    let (i, _) = kw("ON")(i)?;
    let (i, table) = object_name(i)?;
    let end = statement_end(i);
    Ok((
        i.get(end..).unwrap_or(""),
        Statement::DropIndex { name, table },
    ))
}

/// `ALTER TABLE name spec, spec ...` (after TABLE).
fn alter_table(i: &str) -> Res<'_, Statement> {
    let (i, _) = opt(kws(&["IF", "EXISTS"])).parse(i)?;
    let (i, name) = object_name(i)?;
    let mut specs = Vec::new();
    let mut i = i;
    if i.is_empty() || i.starts_with(';') {
        return Ok((i, Statement::AlterTable { name, specs }));
    }
    loop {
        if starts_partition_clause(i) {
            // Partitioning clauses may contain top-level commas: they take the rest.
            let end = statement_end(i);
            let text = i.get(..end).unwrap_or("").trim_end().to_owned();
            specs.push(AlterSpec::NoSchemaEffect(text));
            return Ok((
                i.get(end..).unwrap_or(""),
                Statement::AlterTable { name, specs },
            ));
        }
        let (r, spec) = alter_spec(i)?;
        specs.push(spec);
        match sym(",")(r) {
            Ok((r, _)) => i = r,
            Err(_) => return Ok((r, Statement::AlterTable { name, specs })),
        }
    }
}

/// One `alter_specification`.
fn alter_spec(i: &str) -> Res<'_, AlterSpec> {
    if let Ok((r, _)) = kw("ADD")(i) {
        return alter_add(r);
    }
    if let Ok((r, _)) = kw("DROP")(i) {
        return alter_drop(r);
    }
    if let Ok((r, _)) = kw("MODIFY")(i) {
        let (r, _) = opt(kw("COLUMN")).parse(r)?;
        let (r, if_exists) = opt(kws(&["IF", "EXISTS"])).parse(r)?;
        let (r, column) = column_definition(r)?;
        let (r, position) = opt(column_position).parse(r)?;
        let if_exists = if_exists.is_some();
        return Ok((
            r,
            AlterSpec::ModifyColumn {
                column,
                position,
                if_exists,
            },
        ));
    }
    if let Ok((r, _)) = kw("CHANGE")(i) {
        let (r, _) = opt(kw("COLUMN")).parse(r)?;
        let (r, if_exists) = opt(kws(&["IF", "EXISTS"])).parse(r)?;
        let (r, old_name) = identifier(r)?;
        let (r, column) = column_definition(r)?;
        let (r, position) = opt(column_position).parse(r)?;
        return Ok((
            r,
            AlterSpec::ChangeColumn {
                old_name,
                column,
                position,
                if_exists: if_exists.is_some(),
            },
        ));
    }
    if let Ok((r, _)) = kw("ALTER")(i) {
        return alter_alter(i, r);
    }
    if let Ok((r, _)) = kw("RENAME")(i) {
        return alter_rename(r);
    }
    if let Ok((r, _)) = kws(&["CONVERT", "TO"])(i) {
        let (r, charset) = charset_clause(r)?;
        let (r, collation) = opt(collate_clause).parse(r)?;
        return Ok((r, AlterSpec::ConvertToCharset { charset, collation }));
    }
    if let Ok((r, options)) = table_options(i)
        && !options.is_empty()
    {
        return Ok((r, AlterSpec::Options(options)));
    }
    no_schema_effect_spec(i)
}

fn starts_partition_clause(i: &str) -> bool {
    const PARTITION_VERBS: &[&str] = &[
        "ANALYZE",
        "CHECK",
        "COALESCE",
        "DISCARD",
        "EXCHANGE",
        "IMPORT",
        "OPTIMIZE",
        "REBUILD",
        "REORGANIZE",
        "REPAIR",
        "TRUNCATE",
        "ADD",
        "DROP",
        "CONVERT",
    ];
    if at_kw(i, "PARTITION") || kws(&["REMOVE", "PARTITIONING"])(i).is_ok() {
        return true;
    }
    PARTITION_VERBS
        .iter()
        .any(|verb| kw(verb)(i).is_ok_and(|(r, _)| at_kw(r, "PARTITION") || at_kw(r, "PARTITIONS")))
}

/// Specs that do not change columns, keys or charsets.
fn no_schema_effect_spec(i: &str) -> Res<'_, AlterSpec> {
    const VALUED: &[&str] = &["ALGORITHM", "LOCK"];
    const BARE: &[&[&str]] = &[
        &["FORCE"],
        &["ENABLE", "KEYS"],
        &["DISABLE", "KEYS"],
        &["DISCARD", "TABLESPACE"],
        &["IMPORT", "TABLESPACE"],
        &["WITH", "VALIDATION"],
        &["WITHOUT", "VALIDATION"],
        &["ADD", "SYSTEM", "VERSIONING"],
        &["DROP", "SYSTEM", "VERSIONING"],
        &["NOWAIT"],
    ];
    let start = i;
    let rest = if let Some(r) = VALUED.iter().find_map(|w| kw(w)(i).ok().map(|(r, _)| r)) {
        let (r, ()) = opt_eq(r)?;
        identifier(r)?.0
    } else if let Some(r) = BARE
        .iter()
        .find_map(|ws_| kws(ws_)(i).ok().map(|(r, ())| r))
    {
        r
    } else if let Ok((r, _)) = kw("WAIT")(i) {
        super::lexical::integer(r)?.0
    } else if let Ok((r, _)) = kws(&["ORDER", "BY"])(i) {
        let mut r = r;
        loop {
            let (rr, _) = identifier(r)?;
            let (rr, _) = opt(nom::branch::alt((kw("ASC"), kw("DESC")))).parse(rr)?;
            match sym(",")(rr) {
                Ok((after, _))
                    if identifier(after).is_ok() && alter_spec_keyword(after).is_none() =>
                {
                    r = after
                }
                _ => break rr,
            }
        }
    } else {
        return fail(i, "ALTER TABLE specification");
    };
    let text = start
        .get(..start.len() - rest.len())
        .unwrap_or("")
        .trim_end();
    Ok((rest, AlterSpec::NoSchemaEffect(text.to_owned())))
}

fn alter_spec_keyword(i: &str) -> Option<&'static str> {
    [
        "ADD",
        "DROP",
        "MODIFY",
        "CHANGE",
        "ALTER",
        "RENAME",
        "CONVERT",
        "ALGORITHM",
        "LOCK",
        "FORCE",
    ]
    .into_iter()
    .find(|w| at_kw(i, w))
}

/// `ADD ...` (after ADD).
fn alter_add(i: &str) -> Res<'_, AlterSpec> {
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
    if CONSTRAINT_STARTS.iter().any(|w| at_kw(i, w)) {
        let (r, constraint) = table_constraint(i)?;
        return Ok((r, AlterSpec::AddConstraint(constraint)));
    }
    let (i, _) = opt(kw("COLUMN")).parse(i)?;
    let (i, if_not_exists) = opt(kws(&["IF", "NOT", "EXISTS"])).parse(i)?;
    let if_not_exists = if_not_exists.is_some();
    if i.starts_with('(') {
        let (i, _) = sym("(")(i)?;
        let (i, elements) = separated_list1(sym(","), table_element).parse(i)?;
        let (i, _) = sym(")")(i)?;
        return Ok((
            i,
            AlterSpec::AddColumns {
                elements,
                if_not_exists,
            },
        ));
    }
    let (i, column) = column_definition(i)?;
    let (i, position) = opt(column_position).parse(i)?;
    Ok((
        i,
        AlterSpec::AddColumn {
            column,
            position,
            if_not_exists,
        },
    ))
}

/// `DROP ...` (after DROP).
fn alter_drop(i: &str) -> Res<'_, AlterSpec> {
    if let Ok((r, _)) = kws(&["PRIMARY", "KEY"])(i) {
        return Ok((r, AlterSpec::DropPrimaryKey));
    }
    if let Ok((r, _)) = nom::branch::alt((kw("INDEX"), kw("KEY"))).parse(i) {
        let (r, _) = opt(kws(&["IF", "EXISTS"])).parse(r)?;
        let (r, name) = identifier(r)?;
        return Ok((r, AlterSpec::DropIndex(name)));
    }
    if let Ok((r, _)) = kws(&["FOREIGN", "KEY"])(i) {
        let (r, _) = opt(kws(&["IF", "EXISTS"])).parse(r)?;
        let (r, name) = identifier(r)?;
        return Ok((r, AlterSpec::DropForeignKey(name)));
    }
    if let Ok((r, _)) = nom::branch::alt((kw("CONSTRAINT"), kw("CHECK"))).parse(i) {
        let (r, _) = opt(kws(&["IF", "EXISTS"])).parse(r)?;
        let (r, name) = identifier(r)?;
        return Ok((r, AlterSpec::DropConstraint(name)));
    }
    let (i, _) = opt(kw("COLUMN")).parse(i)?;
    let (i, _) = opt(kws(&["IF", "EXISTS"])).parse(i)?;
    let (i, name) = identifier(i)?;
    let (i, _) = opt(nom::branch::alt((kw("RESTRICT"), kw("CASCADE")))).parse(i)?;
    Ok((i, AlterSpec::DropColumn(name)))
}

/// `ALTER [COLUMN] c SET DEFAULT v | DROP DEFAULT | SET [IN]VISIBLE`, `ALTER INDEX i
/// [IN]VISIBLE`, `ALTER CHECK|CONSTRAINT c [NOT] ENFORCED` (after ALTER).
fn alter_alter<'a>(start: &'a str, i: &'a str) -> Res<'a, AlterSpec> {
    if let Ok((r, _)) =
        nom::branch::alt((kw("INDEX"), kw("KEY"), kw("CHECK"), kw("CONSTRAINT"))).parse(i)
    {
        let (r, _) = identifier(r)?;
        let (r, _) = text_until_separator(r)?;
        let text = start.get(..start.len() - r.len()).unwrap_or("").trim_end();
        return Ok((r, AlterSpec::NoSchemaEffect(text.to_owned())));
    }
    let (i, _) = opt(kw("COLUMN")).parse(i)?;
    let (i, column) = identifier(i)?;
    if let Ok((r, _)) = kws(&["SET", "DEFAULT"])(i) {
        let (r, value) = default_value(r)?;
        return Ok((
            r,
            AlterSpec::AlterColumnDefault {
                column,
                default: Some(value),
            },
        ));
    }
    if let Ok((r, _)) = kws(&["DROP", "DEFAULT"])(i) {
        return Ok((
            r,
            AlterSpec::AlterColumnDefault {
                column,
                default: None,
            },
        ));
    }
    if let Ok((r, _)) = kws(&["SET", "VISIBLE"])(i) {
        return Ok((
            r,
            AlterSpec::AlterColumnVisibility {
                column,
                visible: true,
            },
        ));
    }
    if let Ok((r, _)) = kws(&["SET", "INVISIBLE"])(i) {
        return Ok((
            r,
            AlterSpec::AlterColumnVisibility {
                column,
                visible: false,
            },
        ));
    }
    fail(i, "SET DEFAULT, DROP DEFAULT, SET VISIBLE or SET INVISIBLE")
}

/// `RENAME COLUMN a TO b | RENAME INDEX|KEY a TO b | RENAME [TO|AS] name` (after
/// RENAME).
fn alter_rename(i: &str) -> Res<'_, AlterSpec> {
    if let Ok((r, _)) = kw("COLUMN")(i) {
        let (r, old_name) = identifier(r)?;
        let (r, _) = kw("TO")(r)?;
        let (r, new_name) = identifier(r)?;
        return Ok((r, AlterSpec::RenameColumn { old_name, new_name }));
    }
    if let Ok((r, _)) = nom::branch::alt((kw("INDEX"), kw("KEY"))).parse(i) {
        let (r, old_name) = identifier(r)?;
        let (r, _) = kw("TO")(r)?;
        let (r, new_name) = identifier(r)?;
        return Ok((r, AlterSpec::RenameIndex { old_name, new_name }));
    }
    let (i, _) = opt(nom::branch::alt((kw("TO"), kw("AS")))).parse(i)?;
    let (i, name) = object_name(i)?;
    Ok((i, AlterSpec::RenameTable(name)))
}

/// `FIRST | AFTER col`.
fn column_position(i: &str) -> Res<'_, ColumnPosition> {
    if let Ok((r, _)) = kw("FIRST")(i) {
        return Ok((r, ColumnPosition::First));
    }
    let (i, _) = kw("AFTER")(i)?;
    let (i, c) = identifier(i)?;
    Ok((i, ColumnPosition::After(c)))
}

/// MariaDB's `SET STATEMENT var = value [, ...] FOR statement` (after SET
/// STATEMENT): the statement, whose effect the variables do not change.
fn set_statement_for(i: &str) -> Res<'_, Statement> {
    let mut i = i;
    loop {
        let (r, _) = identifier(i)?;
        let (r, _) = sym("=")(r)?;
        let (r, _) = nom::branch::alt((
            |i| string_literal(i).map(|(r, _)| (r, ())),
            |i| number(i).map(|(r, _)| (r, ())),
            |i| identifier(i).map(|(r, _)| (r, ())),
        ))
        .parse(r)?;
        match sym(",")(r) {
            Ok((r, _)) => i = r,
            Err(_) => {
                let (r, _) = kw("FOR")(r)?;
                // Not nestable (MariaDB rejects it), which also bounds the recursion.
                if kws(&["SET", "STATEMENT"])(r).is_ok() {
                    return fail(r, "a statement other than SET STATEMENT");
                }
                return statement(r);
            }
        }
    }
}

/// `SET assignment, ...` (after SET). Fails (so the statement is `Other`) for forms
/// that are not variable assignments: SET PASSWORD, SET ROLE, SET TRANSACTION,
/// SET STATEMENT ... FOR.
fn set_statement(i: &str) -> Res<'_, Statement> {
    const NOT_ASSIGNMENTS: &[&str] = &["PASSWORD", "ROLE", "TRANSACTION", "STATEMENT", "DEFAULT"];
    if NOT_ASSIGNMENTS.iter().any(|w| at_kw(i, w)) {
        return fail(i, "variable assignment");
    }
    let (i, assignments) = separated_list1(sym(","), set_assignment).parse(i)?;
    Ok((i, Statement::Set(assignments)))
}

fn set_assignment(i: &str) -> Res<'_, SetAssignment> {
    if let Ok((r, _)) = kw("NAMES")(i) {
        let (r, cs) = charset_name(r)?;
        let (r, _) = opt(collate_clause).parse(r)?;
        let cs = (!cs.eq_ignore_ascii_case("DEFAULT")).then_some(cs);
        return Ok((r, SetAssignment::Names(cs)));
    }
    if let Ok((r, _)) = nom::branch::alt((kws(&["CHARACTER", "SET"]), kws(&["CHARSET"]))).parse(i) {
        let (r, cs) = charset_name(r)?;
        let cs = (!cs.eq_ignore_ascii_case("DEFAULT")).then_some(cs);
        return Ok((r, SetAssignment::CharacterSet(cs)));
    }
    let (i, scope, name) = variable_name(i)?;
    let (i, _) = nom::branch::alt((sym(":="), sym("="))).parse(i)?;
    let (i, value) = text_until_separator(i)?;
    let value = unquote_value(value);
    Ok((
        i,
        SetAssignment::Variable {
            scope,
            name: name.to_ascii_lowercase(),
            value,
        },
    ))
}

fn variable_name(
    i: &str,
) -> Result<(&str, VariableScope, String), nom::Err<super::lexical::SyntaxError<'_>>> {
    if let Some(r) = i.strip_prefix("@@") {
        let (r, first) = identifier(r)?;
        if let Ok((r, _)) = sym(".")(r) {
            let (r, name) = identifier(r)?;
            let scope = if first.eq_ignore_ascii_case("global") {
                VariableScope::Global
            } else {
                VariableScope::Session
            };
            return Ok((r, scope, name));
        }
        return Ok((r, VariableScope::Session, first));
    }
    if let Some(r) = i.strip_prefix('@') {
        let (r, name) = identifier(r)?;
        return Ok((r, VariableScope::User, name));
    }
    let (r, scope) = match nom::branch::alt((
        kw("GLOBAL"),
        kw("SESSION"),
        kw("LOCAL"),
        kw("PERSIST"),
        kw("PERSIST_ONLY"),
    ))
    .parse(i)
    {
        Ok((r, w)) if w.eq_ignore_ascii_case("SESSION") || w.eq_ignore_ascii_case("LOCAL") => {
            (r, VariableScope::Session)
        }
        Ok((r, _)) => (r, VariableScope::Global),
        Err(_) => (i, VariableScope::Session),
    };
    let (r, name) = identifier(r)?;
    Ok((r, scope, name))
}

fn unquote_value(value: &str) -> String {
    match string_literal(value) {
        Ok(("", lit)) => lit.value,
        _ => value.to_owned(),
    }
}

/// Anything else: classified by its first keywords, its text skipped to the end of the
/// statement (compound statements — routines, triggers, events, BEGIN...END — take the
/// rest of the input, since their bodies contain `;`).
fn other_statement(i: &str) -> Res<'_, Statement> {
    let kind = other_kind(i);
    let compound = ["PROCEDURE", "FUNCTION", "TRIGGER", "EVENT"]
        .iter()
        .any(|w| kind.contains(w))
        || kind.starts_with("BEGIN NOT")
        || (kind.starts_with("BEGIN") && !is_transaction_begin(i));
    let end = if compound { i.len() } else { statement_end(i) };
    Ok((
        i.get(end..).unwrap_or(""),
        Statement::Other(OtherStatement { kind }),
    ))
}

fn is_transaction_begin(i: &str) -> bool {
    let Ok((r, _)) = kw("BEGIN")(i) else {
        return false;
    };
    r.is_empty() || r.starts_with(';') || at_kw(r, "WORK")
}

/// The first keyword, plus the object keyword for CREATE/ALTER/DROP (skipping
/// `OR REPLACE`, `DEFINER = ...`, `ALGORITHM = ...`, `SQL SECURITY ...`).
fn other_kind(i: &str) -> String {
    let Ok((mut r, first)) = identifier(i) else {
        return String::new();
    };
    let first = first.to_ascii_uppercase();
    if !matches!(first.as_str(), "CREATE" | "ALTER" | "DROP") {
        return first;
    }
    for _ in 0..8 {
        let Ok((next, word)) = identifier(r) else {
            break;
        };
        let upper = word.to_ascii_uppercase();
        match upper.as_str() {
            "OR" | "REPLACE" | "AGGREGATE" | "TEMPORARY" | "UNDEFINED" | "MERGE" | "TEMPTABLE"
            | "SECURITY" | "INVOKER" => r = next,
            "DEFINER" | "ALGORITHM" if next.starts_with('=') => {
                let after_eq = sym("=")(next).map(|(r, _)| r).unwrap_or(next);
                r = text_until_space(after_eq);
            }
            "SQL" => r = kws(&["SECURITY"])(next).map(|(r, ())| r).unwrap_or(next),
            "DEFINER" => r = next,
            _ => return format!("{first} {upper}"),
        }
    }
    first
}

fn text_until_space(i: &str) -> &str {
    let end = i.find(char::is_whitespace).unwrap_or(i.len());
    ws(i.get(end..).unwrap_or(""))
        .map(|(r, ())| r)
        .unwrap_or("")
}
