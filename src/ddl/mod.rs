//! MySQL/MariaDB DDL parser: statement text in, AST out. Knows nothing of binlogs or
//! Debezium.
//!
//! Owns the grammar (nom 8 combinators, one function per rule) and the syntax tree.
//! It must not apply statements to a table model (`schema` does) and must not guess:
//! a statement that starts like table or database DDL but cannot be read is a
//! [`DdlError`] with its position; anything that is not DDL (DML, GRANT, views,
//! routines, transaction control...) is [`Statement::Other`], never an error.
//!
//! ```
//! use tributary::ddl::{parse, Statement};
//! let parsed = parse("CREATE TABLE t (id INT PRIMARY KEY); INSERT INTO t VALUES (1)")?;
//! assert!(matches!(parsed[0].statement, Statement::CreateTable(_)));
//! assert!(matches!(parsed[1].statement, Statement::Other(_)));
//! # Ok::<(), tributary::ddl::DdlError>(())
//! ```

pub mod ast;
mod column;
mod lexical;
mod statement;

pub use ast::{
    AlterSpec, ColumnAttribute, ColumnDefinition, ColumnPosition, CreateTable, DataTypeSpec,
    DatabaseOptions, DefaultValue, IndexKind, KeyPart, ObjectName, OtherStatement, ParsedStatement,
    Quoted, SetAssignment, Statement, StringLiteral, TableConstraint, TableElement, TableOption,
    VariableScope,
};

/// A statement that looks like DDL but does not follow the grammar.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot parse DDL at byte {offset}: expected {expected}, found `{found}` in `{statement}`")]
pub struct DdlError {
    /// Byte offset of the failure in the input.
    pub offset: usize,
    /// What the grammar expected there.
    pub expected: String,
    /// The input at the failure (up to 40 characters).
    pub found: String,
    /// The statement being parsed (up to 200 characters).
    pub statement: String,
}

/// Parses every statement of `sql` (separated by `;`).
pub fn parse(sql: &str) -> Result<Vec<ParsedStatement>, DdlError> {
    let source = lexical::unwrap_versioned_comments(sql);
    let mut parsed = Vec::new();
    let mut rest = skip_separators(&source);
    while !rest.is_empty() {
        let offset = source.len() - rest.len();
        let (after, statement) = match statement::statement(rest) {
            Ok(ok) => ok,
            Err(nom::Err::Error(e) | nom::Err::Failure(e)) => {
                return Err(error_at(sql, &source, offset, e.input, e.expected));
            }
            Err(nom::Err::Incomplete(_)) => {
                return Err(error_at(sql, &source, offset, "", "more input"));
            }
        };
        let (after, ()) = lexical::ws(after).unwrap_or((after, ()));
        if !(after.is_empty() || after.starts_with(';') || starts_next_statement(after)) {
            return Err(error_at(sql, &source, offset, after, "end of statement"));
        }
        let end = source.len() - after.len();
        let text = sql.get(offset..end).unwrap_or("").trim_end().to_owned();
        parsed.push(ParsedStatement {
            statement,
            text,
            offset,
        });
        rest = skip_separators(after);
    }
    Ok(parsed)
}

/// Parses the single statement of `sql`; a trailing `;` is allowed.
pub fn parse_statement(sql: &str) -> Result<Statement, DdlError> {
    let mut all = parse(sql)?;
    match all.len() {
        1 => Ok(all.remove(0).statement),
        n => Err(DdlError {
            offset: 0,
            expected: "exactly one statement".to_owned(),
            found: format!("{n} statements"),
            statement: excerpt(sql, 200),
        }),
    }
}

/// Like MySQL's own grammar in Debezium (`sqlStatement SEMI?`), a statement may
/// follow another without `;` when it starts with a statement keyword.
fn starts_next_statement(i: &str) -> bool {
    const STARTS: &[&str] = &[
        "CREATE", "ALTER", "DROP", "RENAME", "TRUNCATE", "USE", "SET", "INSERT", "UPDATE",
        "DELETE", "REPLACE", "GRANT", "REVOKE", "FLUSH", "ANALYZE", "OPTIMIZE", "LOCK", "UNLOCK",
        "BEGIN", "COMMIT",
    ];
    STARTS.iter().any(|w| lexical::at_kw(i, w))
}

fn skip_separators(mut i: &str) -> &str {
    loop {
        i = lexical::ws(i).map(|(r, ())| r).unwrap_or(i);
        match i.strip_prefix(';') {
            Some(r) => i = r,
            None => return i,
        }
    }
}

fn error_at(
    sql: &str,
    source: &str,
    statement_offset: usize,
    remaining: &str,
    expected: &str,
) -> DdlError {
    let offset = source.len().saturating_sub(remaining.len());
    let statement_end =
        statement_offset + lexical::statement_end(source.get(statement_offset..).unwrap_or(""));
    DdlError {
        offset,
        expected: expected.to_owned(),
        found: if remaining.is_empty() {
            "end of input".to_owned()
        } else {
            excerpt(sql.get(offset..).unwrap_or(""), 40)
        },
        statement: excerpt(sql.get(statement_offset..statement_end).unwrap_or(""), 200),
    }
}

fn excerpt(s: &str, max_chars: usize) -> String {
    let trimmed = s.trim();
    match trimmed.char_indices().nth(max_chars) {
        Some((cut, _)) => format!("{}...", trimmed.get(..cut).unwrap_or("")),
        None => trimmed.to_owned(),
    }
}

#[cfg(test)]
mod tests;
