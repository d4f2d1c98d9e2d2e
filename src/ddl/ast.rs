//! The DDL syntax tree: what a MySQL/MariaDB statement says, not what it does.
//!
//! Owns the statement, column, type and option nodes the parser produces and their
//! `Display` (which prints SQL that parses back to the same tree). It must not apply
//! statements to anything: the effect on a table model belongs to `schema`.

use std::fmt;

/// A possibly database-qualified name (`db.table` or `table`), unquoted.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ObjectName {
    /// The qualifier (`db` in `db.table`), if written.
    pub database: Option<String>,
    /// The object name.
    pub name: String,
}

impl ObjectName {
    /// A name without qualifier.
    pub fn bare(name: impl Into<String>) -> Self {
        ObjectName {
            database: None,
            name: name.into(),
        }
    }
}

/// Writes an identifier in backticks, doubling embedded backticks.
pub fn quote_identifier(f: &mut impl fmt::Write, name: &str) -> fmt::Result {
    f.write_char('`')?;
    for c in name.chars() {
        if c == '`' {
            f.write_str("``")?;
        } else {
            f.write_char(c)?;
        }
    }
    f.write_char('`')
}

/// An identifier as it prints in SQL (always backtick-quoted).
pub struct Quoted<'a>(pub &'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        quote_identifier(f, self.0)
    }
}

impl fmt::Display for ObjectName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(db) = &self.database {
            write!(f, "{}.", Quoted(db))?;
        }
        write!(f, "{}", Quoted(&self.name))
    }
}

/// A string literal as written: its source text (quotes, introducer and escapes
/// included) and its value after unescaping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StringLiteral {
    /// Source text, e.g. `'it''s'` or `_utf8mb4'x'`; adjacent literals are joined
    /// without the whitespace between them (as an ANTLR `getText()` would).
    pub raw: String,
    /// The unescaped value.
    pub value: String,
}

impl fmt::Display for StringLiteral {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_char('\'')?;
        for c in self.value.chars() {
            match c {
                '\'' => f.write_str("''")?,
                '\\' => f.write_str("\\\\")?,
                c => f.write_char(c)?,
            }
        }
        f.write_char('\'')
    }
}

use std::fmt::Write as _;

/// Database options of CREATE/ALTER DATABASE.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DatabaseOptions {
    /// `[DEFAULT] CHARACTER SET|CHARSET [=] name`.
    pub charset: Option<String>,
    /// `[DEFAULT] COLLATE [=] name`.
    pub collation: Option<String>,
}

impl fmt::Display for DatabaseOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(cs) = &self.charset {
            write!(f, " CHARACTER SET {cs}")?;
        }
        if let Some(co) = &self.collation {
            write!(f, " COLLATE {co}")?;
        }
        Ok(())
    }
}

/// A column's data type as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataTypeSpec {
    /// The type's name words, upper-cased, single-spaced: `INT`, `DOUBLE PRECISION`,
    /// `CHARACTER VARYING`, `NATIONAL CHAR`, `LONG VARBINARY`, `ENUM`...
    pub name: String,
    /// The numbers in parentheses as written (`(6,2)` → `["6", "2"]`); empty if none.
    pub dimensions: Vec<String>,
    /// ENUM/SET members as literals.
    pub values: Vec<StringLiteral>,
    /// `SIGNED`/`UNSIGNED` (the last one written wins), `None` if neither.
    pub unsigned: Option<bool>,
    /// ZEROFILL.
    pub zerofill: bool,
    /// The BINARY attribute of character types (`CHAR(10) BINARY`).
    pub binary: bool,
    /// `CHARACTER SET name` / `CHARSET name` written with the type.
    pub charset: Option<String>,
    /// `COLLATE name` written with the type.
    pub collation: Option<String>,
}

impl DataTypeSpec {
    /// A type with just a name.
    pub fn named(name: &str) -> Self {
        DataTypeSpec {
            name: name.to_ascii_uppercase(),
            dimensions: Vec::new(),
            values: Vec::new(),
            unsigned: None,
            zerofill: false,
            binary: false,
            charset: None,
            collation: None,
        }
    }
}

impl fmt::Display for DataTypeSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)?;
        if !self.values.is_empty() {
            f.write_char('(')?;
            for (i, v) in self.values.iter().enumerate() {
                if i > 0 {
                    f.write_char(',')?;
                }
                write!(f, "{v}")?;
            }
            f.write_char(')')?;
        } else if !self.dimensions.is_empty() {
            write!(f, "({})", self.dimensions.join(","))?;
        }
        match self.unsigned {
            Some(true) => f.write_str(" UNSIGNED")?,
            Some(false) => f.write_str(" SIGNED")?,
            None => {}
        }
        if self.zerofill {
            f.write_str(" ZEROFILL")?;
        }
        if self.binary {
            f.write_str(" BINARY")?;
        }
        if let Some(cs) = &self.charset {
            write!(f, " CHARACTER SET {cs}")?;
        }
        if let Some(co) = &self.collation {
            write!(f, " COLLATE {co}")?;
        }
        Ok(())
    }
}

/// The value of a `DEFAULT` clause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DefaultValue {
    /// `DEFAULT NULL`.
    Null,
    /// A string literal, with an optional leading sign (`DEFAULT -'1'`).
    String {
        /// `-` or `+` if written.
        sign: Option<char>,
        /// The literal.
        literal: StringLiteral,
    },
    /// A number as written (`0`, `1.5`, `-3`, `1e3`).
    Number(String),
    /// `TRUE`/`FALSE` as written.
    Boolean(String),
    /// A bit literal as written: `b'101'` or `0b101`.
    Bit(String),
    /// A hex literal as written: `x'0A'` or `0x0A`.
    Hex(String),
    /// A temporal literal: `DATE '...'`, `TIME '...'`, `TIMESTAMP '...'`.
    Temporal {
        /// `DATE`, `TIME` or `TIMESTAMP` as written.
        keyword: String,
        /// The literal.
        literal: StringLiteral,
    },
    /// CURRENT_TIMESTAMP / NOW() / LOCALTIME / LOCALTIMESTAMP, with precision; the
    /// text as written (`current_timestamp()`).
    Now(String),
    /// `(expression)` or a function call such as `uuid()`: the source text.
    Expression(String),
}

impl fmt::Display for DefaultValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DefaultValue::Null => f.write_str("NULL"),
            DefaultValue::String { sign, literal } => {
                if let Some(s) = sign {
                    f.write_char(*s)?;
                }
                write!(f, "{literal}")
            }
            DefaultValue::Number(n) => f.write_str(n),
            DefaultValue::Boolean(b) => f.write_str(b),
            DefaultValue::Bit(b) => f.write_str(b),
            DefaultValue::Hex(h) => f.write_str(h),
            DefaultValue::Temporal { keyword, literal } => write!(f, "{keyword} {literal}"),
            DefaultValue::Now(t) => f.write_str(t),
            DefaultValue::Expression(e) => f.write_str(e),
        }
    }
}

/// One attribute after a column's type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColumnAttribute {
    /// `NULL`.
    Null,
    /// `NOT NULL`.
    NotNull,
    /// `DEFAULT value`.
    Default(DefaultValue),
    /// `ON UPDATE CURRENT_TIMESTAMP[(n)]`: the function as written.
    OnUpdate(String),
    /// `AUTO_INCREMENT`.
    AutoIncrement,
    /// `SERIAL DEFAULT VALUE`.
    SerialDefaultValue,
    /// `[PRIMARY] KEY`.
    PrimaryKey,
    /// `UNIQUE [KEY]`.
    Unique,
    /// `COMMENT 'text'`.
    Comment(StringLiteral),
    /// `CHARACTER SET name` written after other attributes.
    Charset(String),
    /// `COLLATE name` written after other attributes.
    Collate(String),
    /// `[GENERATED ALWAYS] AS (expr) [VIRTUAL|STORED|PERSISTENT]`.
    Generated {
        /// The expression's source text, without the parentheses.
        expression: String,
        /// STORED/PERSISTENT (true) or VIRTUAL/unspecified (false).
        stored: bool,
    },
    /// `INVISIBLE`.
    Invisible,
    /// `VISIBLE`.
    Visible,
    /// `[CONSTRAINT [name]] CHECK (expr) [[NOT] ENFORCED]`: the expression text.
    Check(String),
    /// `REFERENCES tbl (cols) ...`: the referenced table.
    References(ObjectName),
    /// Attributes with no effect on the table model, as written
    /// (`COLUMN_FORMAT FIXED`, `STORAGE DISK`, `COMPRESSED`, `SRID 0`...).
    Other(String),
}

impl fmt::Display for ColumnAttribute {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ColumnAttribute::Null => f.write_str("NULL"),
            ColumnAttribute::NotNull => f.write_str("NOT NULL"),
            ColumnAttribute::Default(v) => write!(f, "DEFAULT {v}"),
            ColumnAttribute::OnUpdate(t) => write!(f, "ON UPDATE {t}"),
            ColumnAttribute::AutoIncrement => f.write_str("AUTO_INCREMENT"),
            ColumnAttribute::SerialDefaultValue => f.write_str("SERIAL DEFAULT VALUE"),
            ColumnAttribute::PrimaryKey => f.write_str("PRIMARY KEY"),
            ColumnAttribute::Unique => f.write_str("UNIQUE"),
            ColumnAttribute::Comment(c) => write!(f, "COMMENT {c}"),
            ColumnAttribute::Charset(c) => write!(f, "CHARACTER SET {c}"),
            ColumnAttribute::Collate(c) => write!(f, "COLLATE {c}"),
            ColumnAttribute::Generated { expression, stored } => {
                write!(
                    f,
                    "GENERATED ALWAYS AS ({expression}) {}",
                    if *stored { "STORED" } else { "VIRTUAL" }
                )
            }
            ColumnAttribute::Invisible => f.write_str("INVISIBLE"),
            ColumnAttribute::Visible => f.write_str("VISIBLE"),
            ColumnAttribute::Check(e) => write!(f, "CHECK ({e})"),
            ColumnAttribute::References(t) => write!(f, "REFERENCES {t}"),
            ColumnAttribute::Other(t) => f.write_str(t),
        }
    }
}

/// `name type attributes...`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnDefinition {
    /// Column name, unquoted.
    pub name: String,
    /// The type.
    pub data_type: DataTypeSpec,
    /// Attributes in the order written.
    pub attributes: Vec<ColumnAttribute>,
}

impl fmt::Display for ColumnDefinition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", Quoted(&self.name), self.data_type)?;
        for a in &self.attributes {
            write!(f, " {a}")?;
        }
        Ok(())
    }
}

/// One part of an index key: a column (with optional prefix length) or an expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyPart {
    /// `col [(len)] [ASC|DESC]`.
    Column(String),
    /// `(expr) [ASC|DESC]`: the expression text.
    Expression(String),
}

impl fmt::Display for KeyPart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyPart::Column(c) => write!(f, "{}", Quoted(c)),
            KeyPart::Expression(e) => write!(f, "({e})"),
        }
    }
}

/// Kinds of index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexKind {
    /// `PRIMARY KEY`.
    Primary,
    /// `UNIQUE [KEY|INDEX]`.
    Unique,
    /// `KEY`/`INDEX`.
    Plain,
    /// `FULLTEXT`.
    Fulltext,
    /// `SPATIAL`.
    Spatial,
}

/// A table constraint or index inside CREATE TABLE or after ALTER TABLE ... ADD.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TableConstraint {
    /// PRIMARY KEY / UNIQUE / KEY / INDEX / FULLTEXT / SPATIAL.
    Index {
        /// Which kind.
        kind: IndexKind,
        /// `CONSTRAINT name` or the index name, if written.
        name: Option<String>,
        /// Key parts in order.
        parts: Vec<KeyPart>,
    },
    /// `[CONSTRAINT name] FOREIGN KEY [name] (cols) REFERENCES tbl (cols) ...`.
    ForeignKey {
        /// Constraint name, if written.
        name: Option<String>,
        /// Referencing columns.
        columns: Vec<String>,
        /// Referenced table.
        references: ObjectName,
    },
    /// `[CONSTRAINT name] CHECK (expr)`.
    Check {
        /// Constraint name, if written.
        name: Option<String>,
        /// The expression text.
        expression: String,
    },
}

fn write_list<T: fmt::Display>(f: &mut fmt::Formatter<'_>, items: &[T]) -> fmt::Result {
    for (i, it) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{it}")?;
    }
    Ok(())
}

impl fmt::Display for TableConstraint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TableConstraint::Index { kind, name, parts } => {
                if let (IndexKind::Primary, Some(n)) = (kind, name) {
                    write!(f, "CONSTRAINT {} ", Quoted(n))?;
                }
                f.write_str(match kind {
                    IndexKind::Primary => "PRIMARY KEY",
                    IndexKind::Unique => "UNIQUE KEY",
                    IndexKind::Plain => "KEY",
                    IndexKind::Fulltext => "FULLTEXT KEY",
                    IndexKind::Spatial => "SPATIAL KEY",
                })?;
                if let (false, Some(n)) = (*kind == IndexKind::Primary, name) {
                    write!(f, " {}", Quoted(n))?;
                }
                f.write_str(" (")?;
                write_list(f, parts)?;
                f.write_char(')')
            }
            TableConstraint::ForeignKey {
                name,
                columns,
                references,
            } => {
                if let Some(n) = name {
                    write!(f, "CONSTRAINT {} ", Quoted(n))?;
                }
                f.write_str("FOREIGN KEY (")?;
                let quoted: Vec<Quoted<'_>> = columns.iter().map(|c| Quoted(c)).collect();
                write_list(f, &quoted)?;
                write!(f, ") REFERENCES {references}")
            }
            TableConstraint::Check { name, expression } => {
                if let Some(n) = name {
                    write!(f, "CONSTRAINT {} ", Quoted(n))?;
                }
                write!(f, "CHECK ({expression})")
            }
        }
    }
}

/// One element between the parentheses of CREATE TABLE.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TableElement {
    /// A column.
    Column(ColumnDefinition),
    /// A constraint or index.
    Constraint(TableConstraint),
    /// An element with no effect on columns or keys (MariaDB `PERIOD FOR ...`), as
    /// written.
    Other(String),
}

impl fmt::Display for TableElement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TableElement::Column(c) => write!(f, "{c}"),
            TableElement::Constraint(c) => write!(f, "{c}"),
            TableElement::Other(t) => f.write_str(t),
        }
    }
}

/// A table option (CREATE TABLE ... options, ALTER TABLE options).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TableOption {
    /// `[DEFAULT] CHARACTER SET|CHARSET [=] name`.
    Charset(String),
    /// `[DEFAULT] COLLATE [=] name`.
    Collate(String),
    /// `COMMENT [=] 'text'`.
    Comment(StringLiteral),
    /// `ENGINE [=] name`.
    Engine(String),
    /// Any other `NAME [=] value` option: name upper-cased, value as written.
    Other {
        /// Option name (e.g. `AUTO_INCREMENT`, `ROW_FORMAT`).
        name: String,
        /// Value as written.
        value: String,
    },
}

impl fmt::Display for TableOption {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TableOption::Charset(c) => write!(f, "DEFAULT CHARSET={c}"),
            TableOption::Collate(c) => write!(f, "COLLATE={c}"),
            TableOption::Comment(c) => write!(f, "COMMENT={c}"),
            TableOption::Engine(e) => write!(f, "ENGINE={e}"),
            TableOption::Other { name, value } => write!(f, "{name}={value}"),
        }
    }
}

/// `CREATE TABLE name (elements) options`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateTable {
    /// TEMPORARY.
    pub temporary: bool,
    /// MariaDB's `OR REPLACE`.
    pub or_replace: bool,
    /// IF NOT EXISTS.
    pub if_not_exists: bool,
    /// Table name.
    pub name: ObjectName,
    /// Columns and constraints in order.
    pub elements: Vec<TableElement>,
    /// Table options in order.
    pub options: Vec<TableOption>,
    /// Whatever follows the options (partitioning, `AS SELECT ...`), as written.
    pub tail: Option<String>,
}

impl fmt::Display for CreateTable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CREATE ")?;
        if self.or_replace {
            f.write_str("OR REPLACE ")?;
        }
        if self.temporary {
            f.write_str("TEMPORARY ")?;
        }
        f.write_str("TABLE ")?;
        if self.if_not_exists {
            f.write_str("IF NOT EXISTS ")?;
        }
        write!(f, "{} (", self.name)?;
        write_list(f, &self.elements)?;
        f.write_char(')')?;
        for o in &self.options {
            write!(f, " {o}")?;
        }
        if let Some(t) = &self.tail {
            write!(f, " {t}")?;
        }
        Ok(())
    }
}

/// Where ADD/MODIFY/CHANGE puts a column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColumnPosition {
    /// `FIRST`.
    First,
    /// `AFTER col`.
    After(String),
}

impl fmt::Display for ColumnPosition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ColumnPosition::First => f.write_str(" FIRST"),
            ColumnPosition::After(c) => write!(f, " AFTER {}", Quoted(c)),
        }
    }
}

/// One specification of ALTER TABLE.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AlterSpec {
    /// `ADD [COLUMN] def [FIRST|AFTER c]`.
    AddColumn {
        /// The column.
        column: ColumnDefinition,
        /// Position, if written.
        position: Option<ColumnPosition>,
        /// MariaDB's `IF NOT EXISTS`.
        if_not_exists: bool,
    },
    /// `ADD [COLUMN] (create_definition, ...)`: columns and constraints.
    AddColumns {
        /// The definitions in order.
        elements: Vec<TableElement>,
        /// MariaDB's `IF NOT EXISTS`.
        if_not_exists: bool,
    },
    /// `ADD constraint/index`.
    AddConstraint(TableConstraint),
    /// `DROP [COLUMN] c`.
    DropColumn(String),
    /// `MODIFY [COLUMN] def [FIRST|AFTER c]`.
    ModifyColumn {
        /// The new definition.
        column: ColumnDefinition,
        /// Position, if written.
        position: Option<ColumnPosition>,
        /// MariaDB's `IF EXISTS`.
        if_exists: bool,
    },
    /// `CHANGE [COLUMN] old def [FIRST|AFTER c]`.
    ChangeColumn {
        /// The column's current name.
        old_name: String,
        /// The new definition (with the new name).
        column: ColumnDefinition,
        /// Position, if written.
        position: Option<ColumnPosition>,
        /// MariaDB's `IF EXISTS`.
        if_exists: bool,
    },
    /// `ALTER [COLUMN] c SET DEFAULT v` (`Some`) / `DROP DEFAULT` (`None`).
    AlterColumnDefault {
        /// Column name.
        column: String,
        /// New default, `None` for DROP DEFAULT.
        default: Option<DefaultValue>,
    },
    /// `ALTER [COLUMN] c SET VISIBLE|INVISIBLE`.
    AlterColumnVisibility {
        /// Column name.
        column: String,
        /// VISIBLE (true) or INVISIBLE.
        visible: bool,
    },
    /// `RENAME COLUMN old TO new`.
    RenameColumn {
        /// Current name.
        old_name: String,
        /// New name.
        new_name: String,
    },
    /// `RENAME [TO|AS] name`.
    RenameTable(ObjectName),
    /// `RENAME INDEX|KEY old TO new`.
    RenameIndex {
        /// Current name.
        old_name: String,
        /// New name.
        new_name: String,
    },
    /// `DROP PRIMARY KEY`.
    DropPrimaryKey,
    /// `DROP INDEX|KEY name`.
    DropIndex(String),
    /// `DROP FOREIGN KEY name`.
    DropForeignKey(String),
    /// `DROP CONSTRAINT|CHECK name`.
    DropConstraint(String),
    /// `CONVERT TO CHARACTER SET cs [COLLATE co]`.
    ConvertToCharset {
        /// Charset (`DEFAULT` kept as written).
        charset: String,
        /// Collation, if written.
        collation: Option<String>,
    },
    /// Table options (`[DEFAULT] CHARACTER SET`, `ENGINE=`, `COMMENT=`...).
    Options(Vec<TableOption>),
    /// `ALGORITHM=...`, `LOCK=...`, `FORCE`, `ENABLE KEYS`, `ORDER BY`, partition
    /// maintenance and other specs with no effect on the table model, as written.
    NoSchemaEffect(String),
}

fn if_not_exists_text(on: bool) -> &'static str {
    if on { "IF NOT EXISTS " } else { "" }
}

fn if_exists_text(on: bool) -> &'static str {
    if on { "IF EXISTS " } else { "" }
}

impl fmt::Display for AlterSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AlterSpec::AddColumn {
                column,
                position,
                if_not_exists,
            } => {
                write!(
                    f,
                    "ADD COLUMN {}{column}",
                    if_not_exists_text(*if_not_exists)
                )?;
                if let Some(p) = position {
                    write!(f, "{p}")?;
                }
                Ok(())
            }
            AlterSpec::AddColumns {
                elements,
                if_not_exists,
            } => {
                write!(f, "ADD COLUMN {}(", if_not_exists_text(*if_not_exists))?;
                write_list(f, elements)?;
                f.write_char(')')
            }
            AlterSpec::AddConstraint(c) => write!(f, "ADD {c}"),
            AlterSpec::DropColumn(c) => write!(f, "DROP COLUMN {}", Quoted(c)),
            AlterSpec::ModifyColumn {
                column,
                position,
                if_exists,
            } => {
                write!(f, "MODIFY COLUMN {}{column}", if_exists_text(*if_exists))?;
                if let Some(p) = position {
                    write!(f, "{p}")?;
                }
                Ok(())
            }
            AlterSpec::ChangeColumn {
                old_name,
                column,
                position,
                if_exists,
            } => {
                write!(
                    f,
                    "CHANGE COLUMN {}{} {column}",
                    if_exists_text(*if_exists),
                    Quoted(old_name)
                )?;
                if let Some(p) = position {
                    write!(f, "{p}")?;
                }
                Ok(())
            }
            AlterSpec::AlterColumnDefault { column, default } => match default {
                Some(d) => write!(f, "ALTER COLUMN {} SET DEFAULT {d}", Quoted(column)),
                None => write!(f, "ALTER COLUMN {} DROP DEFAULT", Quoted(column)),
            },
            AlterSpec::AlterColumnVisibility { column, visible } => write!(
                f,
                "ALTER COLUMN {} SET {}",
                Quoted(column),
                if *visible { "VISIBLE" } else { "INVISIBLE" }
            ),
            AlterSpec::RenameColumn { old_name, new_name } => {
                write!(
                    f,
                    "RENAME COLUMN {} TO {}",
                    Quoted(old_name),
                    Quoted(new_name)
                )
            }
            AlterSpec::RenameTable(n) => write!(f, "RENAME TO {n}"),
            AlterSpec::RenameIndex { old_name, new_name } => {
                write!(
                    f,
                    "RENAME INDEX {} TO {}",
                    Quoted(old_name),
                    Quoted(new_name)
                )
            }
            AlterSpec::DropPrimaryKey => f.write_str("DROP PRIMARY KEY"),
            AlterSpec::DropIndex(n) => write!(f, "DROP INDEX {}", Quoted(n)),
            AlterSpec::DropForeignKey(n) => write!(f, "DROP FOREIGN KEY {}", Quoted(n)),
            AlterSpec::DropConstraint(n) => write!(f, "DROP CONSTRAINT {}", Quoted(n)),
            AlterSpec::ConvertToCharset { charset, collation } => {
                write!(f, "CONVERT TO CHARACTER SET {charset}")?;
                if let Some(c) = collation {
                    write!(f, " COLLATE {c}")?;
                }
                Ok(())
            }
            AlterSpec::Options(opts) => {
                for (i, o) in opts.iter().enumerate() {
                    if i > 0 {
                        f.write_char(' ')?;
                    }
                    write!(f, "{o}")?;
                }
                Ok(())
            }
            AlterSpec::NoSchemaEffect(t) => f.write_str(t),
        }
    }
}

/// Scope of a SET assignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VariableScope {
    /// `GLOBAL` / `@@global.`.
    Global,
    /// `SESSION`/`LOCAL` / `@@session.` / unqualified.
    Session,
    /// A user variable `@name`.
    User,
}

/// One assignment of a SET statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SetAssignment {
    /// `[GLOBAL|SESSION] name = value` / `@@[global.]name = value` / `@name = value`.
    Variable {
        /// Scope.
        scope: VariableScope,
        /// Variable name, lower-cased.
        name: String,
        /// Value text as written, without surrounding quotes.
        value: String,
    },
    /// `NAMES charset [COLLATE c]` / `NAMES DEFAULT` (`None`).
    Names(Option<String>),
    /// `CHARACTER SET charset` / `CHARSET DEFAULT` (`None`).
    CharacterSet(Option<String>),
}

impl fmt::Display for SetAssignment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SetAssignment::Variable { scope, name, value } => match scope {
                VariableScope::Global => write!(f, "GLOBAL {name}={value}"),
                VariableScope::Session => write!(f, "{name}={value}"),
                VariableScope::User => write!(f, "@{name}={value}"),
            },
            SetAssignment::Names(n) => write!(f, "NAMES {}", n.as_deref().unwrap_or("DEFAULT")),
            SetAssignment::CharacterSet(n) => {
                write!(f, "CHARACTER SET {}", n.as_deref().unwrap_or("DEFAULT"))
            }
        }
    }
}

/// What kind of statement an [`Statement::Other`] is, for callers that filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtherStatement {
    /// The first one or two keywords, upper-cased (`INSERT`, `GRANT`, `CREATE VIEW`,
    /// `BEGIN`...).
    pub kind: String,
}

/// A parsed statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Statement {
    /// `CREATE DATABASE|SCHEMA [IF NOT EXISTS] name [options]`.
    CreateDatabase {
        /// Database name.
        name: String,
        /// IF NOT EXISTS.
        if_not_exists: bool,
        /// Charset/collation options.
        options: DatabaseOptions,
    },
    /// `ALTER DATABASE|SCHEMA [name] options`.
    AlterDatabase {
        /// Database name, `None` for the default database.
        name: Option<String>,
        /// Charset/collation options.
        options: DatabaseOptions,
    },
    /// `DROP DATABASE|SCHEMA [IF EXISTS] name`.
    DropDatabase {
        /// Database name.
        name: String,
        /// IF EXISTS.
        if_exists: bool,
    },
    /// `CREATE TABLE` with a definition.
    CreateTable(CreateTable),
    /// `CREATE [TEMPORARY] TABLE [IF NOT EXISTS] name LIKE other`.
    CreateTableLike {
        /// TEMPORARY.
        temporary: bool,
        /// MariaDB's `OR REPLACE`.
        or_replace: bool,
        /// IF NOT EXISTS.
        if_not_exists: bool,
        /// New table.
        name: ObjectName,
        /// Source table.
        like: ObjectName,
    },
    /// `DROP [TEMPORARY] TABLE [IF EXISTS] t1, t2 [RESTRICT|CASCADE]`.
    DropTable {
        /// TEMPORARY.
        temporary: bool,
        /// IF EXISTS.
        if_exists: bool,
        /// Tables in order.
        names: Vec<ObjectName>,
        /// The statement's text before the first table name, as written
        /// (`DROP TABLE IF EXISTS `), which Debezium reuses per table.
        prefix: String,
        /// `RESTRICT` or `CASCADE`, upper-cased, if written.
        drop_behavior: Option<String>,
    },
    /// `ALTER [ONLINE|IGNORE] TABLE name spec, spec...`.
    AlterTable {
        /// Table.
        name: ObjectName,
        /// Specifications in order.
        specs: Vec<AlterSpec>,
    },
    /// `RENAME TABLE a TO b [, c TO d]`.
    RenameTable {
        /// (from, to) pairs in order.
        pairs: Vec<(ObjectName, ObjectName)>,
        /// The text of each pair as written (`a TO b`).
        pair_texts: Vec<String>,
        /// The text before the first pair as written (`RENAME TABLE `).
        prefix: String,
    },
    /// `TRUNCATE [TABLE] name`.
    TruncateTable(ObjectName),
    /// `CREATE [UNIQUE|FULLTEXT|SPATIAL] INDEX name ON table (parts)`.
    CreateIndex {
        /// Index kind.
        kind: IndexKind,
        /// Index name.
        name: String,
        /// Table.
        table: ObjectName,
        /// Key parts.
        parts: Vec<KeyPart>,
    },
    /// `DROP INDEX name ON table`.
    DropIndex {
        /// Index name.
        name: String,
        /// Table.
        table: ObjectName,
    },
    /// `USE db`.
    Use(String),
    /// `SET assignment, ...`.
    Set(Vec<SetAssignment>),
    /// Anything that is not table or database DDL (DML, GRANT, views, routines,
    /// transaction control...).
    Other(OtherStatement),
}

impl fmt::Display for Statement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Statement::CreateDatabase {
                name,
                if_not_exists,
                options,
            } => {
                f.write_str("CREATE DATABASE ")?;
                if *if_not_exists {
                    f.write_str("IF NOT EXISTS ")?;
                }
                write!(f, "{}{options}", Quoted(name))
            }
            Statement::AlterDatabase { name, options } => {
                f.write_str("ALTER DATABASE")?;
                if let Some(n) = name {
                    write!(f, " {}", Quoted(n))?;
                }
                write!(f, "{options}")
            }
            Statement::DropDatabase { name, if_exists } => {
                f.write_str("DROP DATABASE ")?;
                if *if_exists {
                    f.write_str("IF EXISTS ")?;
                }
                write!(f, "{}", Quoted(name))
            }
            Statement::CreateTable(c) => write!(f, "{c}"),
            Statement::CreateTableLike {
                temporary,
                or_replace,
                if_not_exists,
                name,
                like,
            } => {
                f.write_str("CREATE ")?;
                if *or_replace {
                    f.write_str("OR REPLACE ")?;
                }
                if *temporary {
                    f.write_str("TEMPORARY ")?;
                }
                f.write_str("TABLE ")?;
                if *if_not_exists {
                    f.write_str("IF NOT EXISTS ")?;
                }
                write!(f, "{name} LIKE {like}")
            }
            Statement::DropTable {
                temporary,
                if_exists,
                names,
                drop_behavior,
                ..
            } => {
                f.write_str("DROP ")?;
                if *temporary {
                    f.write_str("TEMPORARY ")?;
                }
                f.write_str("TABLE ")?;
                if *if_exists {
                    f.write_str("IF EXISTS ")?;
                }
                write_list(f, names)?;
                if let Some(b) = drop_behavior {
                    write!(f, " {b}")?;
                }
                Ok(())
            }
            Statement::AlterTable { name, specs } => {
                write!(f, "ALTER TABLE {name} ")?;
                write_list(f, specs)
            }
            Statement::RenameTable { pairs, .. } => {
                f.write_str("RENAME TABLE ")?;
                for (i, (a, b)) in pairs.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{a} TO {b}")?;
                }
                Ok(())
            }
            Statement::TruncateTable(n) => write!(f, "TRUNCATE TABLE {n}"),
            Statement::CreateIndex {
                kind,
                name,
                table,
                parts,
            } => {
                f.write_str("CREATE ")?;
                match kind {
                    IndexKind::Unique | IndexKind::Primary => f.write_str("UNIQUE ")?,
                    IndexKind::Fulltext => f.write_str("FULLTEXT ")?,
                    IndexKind::Spatial => f.write_str("SPATIAL ")?,
                    IndexKind::Plain => {}
                }
                write!(f, "INDEX {} ON {table} (", Quoted(name))?;
                write_list(f, parts)?;
                f.write_char(')')
            }
            Statement::DropIndex { name, table } => {
                write!(f, "DROP INDEX {} ON {table}", Quoted(name))
            }
            Statement::Use(db) => write!(f, "USE {}", Quoted(db)),
            Statement::Set(assignments) => {
                f.write_str("SET ")?;
                write_list(f, assignments)
            }
            Statement::Other(o) => write!(f, "{} ...", o.kind),
        }
    }
}

/// A statement with where it came from in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedStatement {
    /// The statement.
    pub statement: Statement,
    /// Its source text, from its first to its last token (no trailing `;`).
    pub text: String,
    /// Byte offset of the text in the input.
    pub offset: usize,
}
