//! The schema tracker: databases (with their charsets) and tables as they are at the
//! current binlog position, changed by applying QUERY_EVENT statements in binlog
//! order, and the schema-change records Debezium's MySQL connector would emit for
//! each statement.
//!
//! Owns the decisions of Debezium's `BinlogDatabaseSchema.parseDdl` (which statements
//! give which records, with which `databaseName` and `ddl`) and of its listeners for
//! database-level statements. It must not read binlogs, talk to servers or build
//! envelopes: callers hand it SQL text and the session's charsets, and turn the
//! returned [`SchemaChange`]s into records.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use crate::ddl::{
    self, DdlError, ObjectName, ParsedStatement, SetAssignment, Statement, TableElement,
    TableOption, VariableScope,
};

use super::charset;
use super::normalizer::normalize_ddl;
use super::table::{SchemaChange, TableChange, TableChangeKind, TableId, TableSchema};
use super::table_editor::{AlterError, ColumnModelError, TableEditor};

/// The charsets a QUERY_EVENT carries in its status variables (`Q_CHARSET_CODE`'s
/// server collation, MySQL's `Q_CHARSET_DATABASE_CODE`), as collation ids.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SessionCharsets {
    /// `collation_server` of the session (what CREATE DATABASE without charset uses).
    pub server_collation: Option<u16>,
    /// `collation_database` of the session's default database.
    pub database_collation: Option<u16>,
}

impl SessionCharsets {
    /// Server charset name, if the id is known.
    pub fn server_charset(&self) -> Option<&'static str> {
        self.server_collation
            .and_then(charset::charset_of_collation_id)
    }

    /// Database charset name, if the id is known.
    pub fn database_charset(&self) -> Option<&'static str> {
        self.database_collation
            .and_then(charset::charset_of_collation_id)
    }
}

/// Why a statement could not be applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SchemaError {
    /// The statement looks like DDL but does not parse.
    #[error(transparent)]
    Ddl(#[from] DdlError),
    /// A column definition cannot be modelled (unsupported type...).
    #[error("table {table}: {source} in `{ddl}`")]
    Column {
        /// The table.
        table: TableId,
        /// What is wrong.
        source: Box<ColumnModelError>,
        /// The statement (excerpt).
        ddl: String,
    },
    /// ALTER TABLE MODIFY/CHANGE/RENAME COLUMN of a column the table does not have.
    #[error("table {table}: no column `{column}` for `{ddl}`")]
    UnknownColumn {
        /// The table.
        table: TableId,
        /// The column named by the statement.
        column: String,
        /// The statement (excerpt).
        ddl: String,
    },
    /// CREATE UNIQUE INDEX on a table that is not known.
    #[error("unknown table {table} in `{ddl}`")]
    UnknownTable {
        /// The table.
        table: TableId,
        /// The statement (excerpt).
        ddl: String,
    },
    /// A statement needing a database when none is selected.
    #[error("no database selected for `{ddl}`")]
    NoDatabase {
        /// The statement (excerpt).
        ddl: String,
    },
    /// [`SchemaTracker::load_create_table`] got something else than CREATE TABLE.
    #[error("expected a CREATE TABLE statement, found `{ddl}`")]
    NotCreateTable {
        /// The statement (excerpt).
        ddl: String,
    },
}

/// A database the tracker knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatabaseInfo {
    /// Its default charset, if known.
    pub charset: Option<String>,
}

/// One table event of a statement, before grouping into records.
struct TableEvent {
    kind: TableChangeKind,
    id: TableId,
    ddl: String,
}

/// What one parsed statement produced.
enum Effect {
    /// Table events (CREATE/ALTER/DROP).
    Tables(Vec<TableEvent>),
    /// A database-level event (CREATE/DROP DATABASE, USE, SET) for this database.
    Database { database: String, ddl: String },
    /// A TRUNCATE of this table: Debezium turns it into a data event (`op: "t"`),
    /// never a schema-change record.
    Truncate(TableId),
    /// Nothing Debezium's parser signals: the whole query becomes one database-level
    /// record (unless filtered).
    Unsignalled,
}

/// What one QUERY_EVENT did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QueryEffects {
    /// The schema-change records Debezium emits, in order.
    pub schema_changes: Vec<SchemaChange>,
    /// Tables emptied by TRUNCATE, in order.
    pub truncated_tables: Vec<TableId>,
}

/// Databases and tables at the current binlog position.
///
/// ```
/// use tributary::schema::{SchemaTracker, SessionCharsets, TableId};
/// let mut tracker = SchemaTracker::new();
/// tracker.set_server_charset("latin1");
/// let ctx = SessionCharsets::default();
/// tracker.apply_query("", "CREATE DATABASE shop", &ctx)?;
/// let changes = tracker.apply_query("shop", "CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(10))", &ctx)?;
/// assert_eq!(changes[0].database, "shop");
/// let table = tracker.table(&TableId::new("shop", "t")).expect("tracked");
/// assert_eq!(table.columns[1].charset.as_deref(), Some("latin1"));
/// # Ok::<(), tributary::schema::SchemaError>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct SchemaTracker {
    databases: BTreeMap<String, DatabaseInfo>,
    tables: HashMap<TableId, Arc<TableSchema>>,
    versions: HashMap<TableId, u64>,
    last_version: u64,
    server_charset: Option<String>,
    include_comments: bool,
    lower_case_table_names: bool,
}

impl SchemaTracker {
    /// An empty tracker.
    pub fn new() -> Self {
        Self::default()
    }

    /// The server's default charset (`character_set_server`), used by CREATE DATABASE
    /// without charset when the QUERY_EVENT does not say.
    pub fn set_server_charset(&mut self, charset: &str) {
        self.server_charset = Some(charset.to_owned());
    }

    /// The tracked server charset.
    pub fn server_charset(&self) -> Option<&str> {
        self.server_charset.as_deref()
    }

    /// Keep column and table comments (Debezium's `include.schema.comments`, off by
    /// default: comments are then `None`).
    pub fn set_include_schema_comments(&mut self, include: bool) {
        self.include_comments = include;
    }

    /// Registers a database (e.g. from `SHOW CREATE DATABASE` at startup).
    pub fn set_database(&mut self, name: &str, charset: Option<&str>) {
        self.databases.insert(
            self.case_db(name),
            DatabaseInfo {
                charset: charset.map(str::to_owned),
            },
        );
    }

    /// Treat database and table names case-insensitively, as Debezium does when the
    /// server's `lower_case_table_names` is not 0: ids are kept lower-cased.
    pub fn set_lower_case_table_names(&mut self, lower: bool) {
        self.lower_case_table_names = lower;
    }

    fn case_db(&self, name: &str) -> String {
        if self.lower_case_table_names {
            name.to_lowercase()
        } else {
            name.to_owned()
        }
    }

    fn case_id(&self, id: TableId) -> TableId {
        if self.lower_case_table_names {
            TableId::new(id.database.to_lowercase(), id.table.to_lowercase())
        } else {
            id
        }
    }

    /// A database, if known.
    pub fn database(&self, name: &str) -> Option<&DatabaseInfo> {
        self.databases.get(&self.case_db(name))
    }

    /// The table with this id.
    pub fn table(&self, id: &TableId) -> Option<Arc<TableSchema>> {
        self.tables.get(&self.case_id(id.clone())).cloned()
    }

    /// The table and its version: a number that changes whenever the table changes,
    /// for caching converters per table version.
    pub fn table_with_version(&self, id: &TableId) -> Option<(Arc<TableSchema>, u64)> {
        let id = self.case_id(id.clone());
        let table = self.tables.get(&id)?;
        Some((
            Arc::clone(table),
            self.versions.get(&id).copied().unwrap_or(0),
        ))
    }

    /// The version of a table (see [`table_with_version`](Self::table_with_version)).
    pub fn table_version(&self, id: &TableId) -> Option<u64> {
        self.versions.get(&self.case_id(id.clone())).copied()
    }

    /// All tracked table ids, sorted.
    pub fn table_ids(&self) -> Vec<TableId> {
        let mut ids: Vec<TableId> = self.tables.keys().cloned().collect();
        ids.sort();
        ids
    }

    /// Loads a table from `SHOW CREATE TABLE` output of database `db` (snapshot or
    /// startup), replacing any table with that id. No record is produced.
    pub fn load_create_table(
        &mut self,
        db: &str,
        show_create_table_sql: &str,
    ) -> Result<Arc<TableSchema>, SchemaError> {
        let statement = ddl::parse_statement(&normalize_ddl(show_create_table_sql))?;
        let Statement::CreateTable(create) = statement else {
            return Err(SchemaError::NotCreateTable {
                ddl: excerpt(show_create_table_sql),
            });
        };
        let id = self.resolve(&create.name, db, show_create_table_sql)?;
        self.remove_table(&id);
        let ctx = SessionCharsets::default();
        let table = self.build_created_table(
            &id,
            &create.elements,
            &create.options,
            db,
            &ctx,
            show_create_table_sql,
        )?;
        Ok(self.put_table(table))
    }

    /// Applies the statement(s) of one QUERY_EVENT run with default database
    /// `session_db` (empty if none), returning the schema-change records Debezium
    /// emits for it, in order.
    pub fn apply_query(
        &mut self,
        session_db: &str,
        sql: &str,
        ctx: &SessionCharsets,
    ) -> Result<Vec<SchemaChange>, SchemaError> {
        self.apply_query_event(session_db, sql, ctx)
            .map(|effects| effects.schema_changes)
    }

    /// Like [`apply_query`](Self::apply_query), also returning the tables a TRUNCATE
    /// emptied (Debezium emits an `op: "t"` record for them unless
    /// `skipped.operations` contains `t`, its default).
    pub fn apply_query_event(
        &mut self,
        session_db: &str,
        sql: &str,
        ctx: &SessionCharsets,
    ) -> Result<QueryEffects, SchemaError> {
        let mut effects = QueryEffects::default();
        if handled_before_ddl_parsing(sql) {
            return Ok(effects);
        }
        // Debezium parses (and cuts its `ddl` texts from) the normalized text.
        let parsed = ddl::parse(&normalize_ddl(sql))?;
        if filtered_by_default_ddl_filter(&parsed, sql) {
            return Ok(effects);
        }
        let mut current_db = session_db.to_owned();
        let mut signals = Vec::new();
        let mut unsignalled = false;
        for statement in &parsed {
            match self.apply_statement(statement, &mut current_db, ctx)? {
                Effect::Tables(events) => signals.extend(events.into_iter().map(Signal::Table)),
                Effect::Database { database, ddl } => {
                    signals.push(Signal::Database { database, ddl })
                }
                Effect::Truncate(id) => {
                    effects.truncated_tables.push(id);
                    signals.push(Signal::Truncate);
                }
                Effect::Unsignalled => unsignalled = true,
            }
        }
        if signals.is_empty() {
            if unsignalled {
                effects.schema_changes.push(SchemaChange {
                    database: session_db.to_owned(),
                    ddl: sql.trim().to_owned(),
                    table_changes: Vec::new(),
                    // Debezium's `databaseEvent`: an empty table name, not null
                    // (binlog-fixtures/reference/admin.stream.jsonl).
                    source_table: Some(String::new()),
                });
            }
            return Ok(effects);
        }
        effects.schema_changes = self.records_by_database(signals);
        Ok(effects)
    }

    /// Debezium's `DdlChanges.getEventsByDatabase`: events grouped by database in order
    /// of first appearance, each event one record.
    fn records_by_database(&self, signals: Vec<Signal>) -> Vec<SchemaChange> {
        let mut order: Vec<String> = Vec::new();
        let mut groups: HashMap<String, Vec<Signal>> = HashMap::new();
        for signal in signals {
            let db = match &signal {
                Signal::Table(e) => e.id.database.clone(),
                Signal::Database { database, .. } => database.clone(),
                Signal::Truncate => continue,
            };
            if !groups.contains_key(&db) {
                order.push(db.clone());
            }
            groups.entry(db).or_default().push(signal);
        }
        let mut records = Vec::new();
        for db in order {
            for signal in groups.remove(&db).unwrap_or_default() {
                records.push(match signal {
                    Signal::Table(event) => {
                        let source_table = Some(event.id.table.clone());
                        let table = match event.kind {
                            TableChangeKind::Drop => None,
                            _ => self.tables.get(&event.id).cloned(),
                        };
                        let table_changes = match (event.kind, table) {
                            (TableChangeKind::Drop, _) => vec![TableChange {
                                kind: event.kind,
                                id: event.id,
                                table: None,
                            }],
                            (kind, Some(t)) => vec![TableChange {
                                kind,
                                id: event.id,
                                table: Some(t),
                            }],
                            (_, None) => Vec::new(),
                        };
                        SchemaChange {
                            database: db.clone(),
                            ddl: event.ddl,
                            table_changes,
                            source_table,
                        }
                    }
                    Signal::Database { ddl, .. } => SchemaChange {
                        database: db.clone(),
                        ddl,
                        table_changes: Vec::new(),
                        source_table: None,
                    },
                    Signal::Truncate => continue,
                });
            }
        }
        records
    }

    fn apply_statement(
        &mut self,
        parsed: &ParsedStatement,
        current_db: &mut String,
        ctx: &SessionCharsets,
    ) -> Result<Effect, SchemaError> {
        let text = parsed.text.as_str();
        match &parsed.statement {
            Statement::CreateDatabase { name, options, .. } => {
                let charset = options
                    .charset
                    .as_deref()
                    .map(|cs| self.charset_or_server_default(cs, ctx))
                    .or_else(|| {
                        options
                            .collation
                            .as_deref()
                            .and_then(charset::charset_of_collation_name)
                            .map(str::to_owned)
                    })
                    .or_else(|| ctx.server_charset().map(str::to_owned))
                    .or_else(|| self.server_charset.clone());
                self.databases
                    .insert(self.case_db(name), DatabaseInfo { charset });
                Ok(Effect::Database {
                    database: name.clone(),
                    ddl: text.to_owned(),
                })
            }
            Statement::AlterDatabase { name, options } => {
                let db = self.case_db(name.as_deref().unwrap_or(current_db));
                if let Some(cs) = options.charset.as_deref() {
                    let cs = self.charset_or_server_default(cs, ctx);
                    self.databases
                        .entry(db)
                        .or_insert(DatabaseInfo { charset: None })
                        .charset = Some(cs);
                }
                Ok(Effect::Unsignalled)
            }
            Statement::DropDatabase { name, .. } => {
                let key = self.case_db(name);
                self.databases.remove(&key);
                let ids: Vec<TableId> = self
                    .tables
                    .keys()
                    .filter(|id| id.database == key)
                    .cloned()
                    .collect();
                for id in ids {
                    self.remove_table(&id);
                }
                Ok(Effect::Database {
                    database: name.clone(),
                    ddl: text.to_owned(),
                })
            }
            Statement::Use(db) => {
                current_db.clone_from(db);
                Ok(Effect::Database {
                    database: db.clone(),
                    ddl: text.to_owned(),
                })
            }
            Statement::Set(assignments) => Ok(self.apply_set(assignments, current_db, text)),
            Statement::CreateTable(create) => {
                let id = self.resolve(&create.name, current_db, text)?;
                if create.or_replace {
                    // MariaDB replaces the table; Debezium's MySQL grammar has no such form.
                    self.remove_table(&id);
                }
                if self.tables.contains_key(&id) {
                    return Ok(Effect::Unsignalled);
                }
                let table = self.build_created_table(
                    &id,
                    &create.elements,
                    &create.options,
                    current_db,
                    ctx,
                    text,
                )?;
                self.put_table(table);
                Ok(Effect::Tables(vec![TableEvent {
                    kind: TableChangeKind::Create,
                    id,
                    ddl: text.to_owned(),
                }]))
            }
            Statement::CreateTableLike {
                name,
                like,
                or_replace,
                ..
            } => {
                let id = self.resolve(name, current_db, text)?;
                if *or_replace {
                    self.remove_table(&id);
                }
                let source_id = self.resolve(like, current_db, text)?;
                let Some(source) = self.tables.get(&source_id).cloned() else {
                    return Ok(Effect::Unsignalled);
                };
                let copy = TableSchema {
                    id: id.clone(),
                    comment: None,
                    ..(*source).clone()
                };
                self.put_table(copy);
                Ok(Effect::Tables(vec![TableEvent {
                    kind: TableChangeKind::Create,
                    id,
                    ddl: text.to_owned(),
                }]))
            }
            Statement::DropTable {
                names,
                prefix,
                drop_behavior,
                ..
            } => {
                let mut events = Vec::new();
                for name in names {
                    let id = self.resolve(name, current_db, text)?;
                    self.remove_table(&id);
                    let mut ddl = format!(
                        "{prefix}{}.{}",
                        ddl::Quoted(&id.database),
                        ddl::Quoted(&id.table)
                    );
                    if let Some(b) = drop_behavior {
                        ddl.push(' ');
                        ddl.push_str(b);
                    }
                    events.push(TableEvent {
                        kind: TableChangeKind::Drop,
                        id,
                        ddl,
                    });
                }
                Ok(Effect::Tables(events))
            }
            Statement::AlterTable { name, specs } => {
                let id = self.resolve(name, current_db, text)?;
                let Some(existing) = self.tables.get(&id).cloned() else {
                    return Ok(Effect::Unsignalled);
                };
                let mut editor = TableEditor::edit(&existing);
                for spec in specs {
                    match editor.apply_alter_spec(spec, self.include_comments) {
                        Ok(_) => {}
                        Err(AlterError::UnknownColumn(column)) => {
                            return Err(SchemaError::UnknownColumn {
                                table: editor.id.clone(),
                                column,
                                ddl: excerpt(text),
                            });
                        }
                        Err(AlterError::Column(source)) => {
                            return Err(SchemaError::Column {
                                table: editor.id.clone(),
                                source: Box::new(source),
                                ddl: excerpt(text),
                            });
                        }
                    }
                }
                editor.id = self.case_id(editor.id.clone());
                let new_id = editor.id.clone();
                if new_id != id {
                    self.remove_table(&id);
                }
                check_primary_key(&editor, text)?;
                self.put_table(editor.create());
                Ok(Effect::Tables(vec![TableEvent {
                    kind: TableChangeKind::Alter,
                    id: new_id,
                    ddl: text.to_owned(),
                }]))
            }
            Statement::RenameTable {
                pairs,
                pair_texts,
                prefix,
            } => {
                let mut events = Vec::new();
                for ((from, to), pair_text) in pairs.iter().zip(pair_texts) {
                    let old = self.resolve(from, current_db, text)?;
                    let new = self.resolve(to, current_db, text)?;
                    if let Some(table) = self.tables.get(&old).cloned() {
                        self.remove_table(&old);
                        self.put_table(TableSchema {
                            id: new.clone(),
                            ..(*table).clone()
                        });
                    }
                    events.push(TableEvent {
                        kind: TableChangeKind::Alter,
                        id: new,
                        ddl: format!("{prefix}{pair_text}"),
                    });
                }
                Ok(Effect::Tables(events))
            }
            Statement::TruncateTable(name) => {
                Ok(Effect::Truncate(self.resolve(name, current_db, text)?))
            }
            Statement::CreateIndex {
                kind, table, parts, ..
            } => {
                if *kind != ddl::IndexKind::Unique {
                    return Ok(Effect::Unsignalled);
                }
                let id = self.resolve(table, current_db, text)?;
                let Some(existing) = self.tables.get(&id).cloned() else {
                    return Err(SchemaError::UnknownTable {
                        table: id,
                        ddl: excerpt(text),
                    });
                };
                let mut editor = TableEditor::edit(&existing);
                if editor.has_primary_key() {
                    return Ok(Effect::Unsignalled);
                }
                editor.consider_unique_key(parts);
                if !editor.has_primary_key() {
                    return Ok(Effect::Unsignalled);
                }
                check_primary_key(&editor, text)?;
                self.put_table(editor.create());
                Ok(Effect::Tables(vec![TableEvent {
                    kind: TableChangeKind::Alter,
                    id,
                    ddl: text.to_owned(),
                }]))
            }
            Statement::DropIndex { .. } => Ok(Effect::Unsignalled),
            Statement::Other(_) => Ok(Effect::Unsignalled),
        }
    }

    /// SET: `character_set_server` changes the server default, `character_set_database`
    /// the current database's charset; Debezium records the statement once.
    fn apply_set(&mut self, assignments: &[SetAssignment], current_db: &str, text: &str) -> Effect {
        for assignment in assignments {
            let SetAssignment::Variable { scope, name, value } = assignment else {
                continue;
            };
            if *scope == VariableScope::User {
                continue;
            }
            match name.as_str() {
                "character_set_server" => self.server_charset = Some(value.clone()),
                "collation_server" if self.server_charset.is_none() => {
                    self.server_charset =
                        charset::charset_of_collation_name(value).map(str::to_owned);
                }
                "character_set_database" if !current_db.is_empty() => {
                    let key = self.case_db(current_db);
                    self.databases
                        .entry(key)
                        .or_insert(DatabaseInfo { charset: None })
                        .charset = Some(value.clone());
                }
                _ => {}
            }
        }
        let signals = assignments.iter().any(
            |a| matches!(a, SetAssignment::Variable { scope, .. } if *scope != VariableScope::User),
        );
        if signals {
            Effect::Database {
                database: current_db.to_owned(),
                ddl: text.to_owned(),
            }
        } else {
            Effect::Unsignalled
        }
    }

    fn charset_or_server_default(&self, cs: &str, ctx: &SessionCharsets) -> String {
        if cs.eq_ignore_ascii_case("DEFAULT") {
            ctx.server_charset()
                .map(str::to_owned)
                .or_else(|| self.server_charset.clone())
                .unwrap_or_else(|| cs.to_owned())
        } else {
            cs.to_owned()
        }
    }

    /// The charset a new table of `db` gets when it names none: the database's, else
    /// the session's database charset, else the server's.
    fn charset_for_table(&self, db: &str, ctx: &SessionCharsets) -> Option<String> {
        self.databases
            .get(db)
            .and_then(|d| d.charset.clone())
            .or_else(|| ctx.database_charset().map(str::to_owned))
            .or_else(|| ctx.server_charset().map(str::to_owned))
            .or_else(|| self.server_charset.clone())
    }

    fn build_created_table(
        &self,
        id: &TableId,
        elements: &[TableElement],
        options: &[TableOption],
        _current_db: &str,
        ctx: &SessionCharsets,
        text: &str,
    ) -> Result<TableSchema, SchemaError> {
        let mut editor = TableEditor::new(id.clone());
        for element in elements {
            match element {
                TableElement::Column(def) => editor
                    .add_definition(def, self.include_comments)
                    .map_err(|source| SchemaError::Column {
                        table: id.clone(),
                        source: Box::new(source),
                        ddl: excerpt(text),
                    })?,
                TableElement::Constraint(c) => editor.apply_constraint(c),
                TableElement::Other(_) => {}
            }
        }
        for option in options {
            match option {
                TableOption::Charset(cs) if cs.eq_ignore_ascii_case("DEFAULT") => {
                    editor.default_charset = self.charset_for_table(&id.database, ctx);
                }
                TableOption::Charset(cs) => editor.default_charset = Some(cs.clone()),
                TableOption::Comment(c) if self.include_comments => {
                    editor.comment = Some(c.value.clone())
                }
                _ => {}
            }
        }
        if editor.default_charset.is_none() {
            editor.default_charset = self.charset_for_table(&id.database, ctx);
        }
        check_primary_key(&editor, text)?;
        Ok(editor.create())
    }

    fn resolve(
        &self,
        name: &ObjectName,
        current_db: &str,
        text: &str,
    ) -> Result<TableId, SchemaError> {
        let id = match &name.database {
            Some(db) => TableId::new(db.clone(), name.name.clone()),
            None if current_db.is_empty() => {
                return Err(SchemaError::NoDatabase { ddl: excerpt(text) });
            }
            None => TableId::new(current_db, name.name.clone()),
        };
        Ok(self.case_id(id))
    }

    fn put_table(&mut self, table: TableSchema) -> Arc<TableSchema> {
        self.last_version += 1;
        let table = Arc::new(table);
        self.versions.insert(table.id.clone(), self.last_version);
        self.tables.insert(table.id.clone(), Arc::clone(&table));
        table
    }

    fn remove_table(&mut self, id: &TableId) {
        self.tables.remove(id);
        self.versions.remove(id);
    }
}

/// Refuses a table whose primary key names a column it does not have.
fn check_primary_key(editor: &TableEditor, text: &str) -> Result<(), SchemaError> {
    match editor.missing_primary_key_column() {
        Some(column) => Err(SchemaError::UnknownColumn {
            table: editor.id.clone(),
            column: column.to_owned(),
            ddl: excerpt(text),
        }),
        None => Ok(()),
    }
}

/// A parser signal in statement order.
enum Signal {
    Table(TableEvent),
    Database { database: String, ddl: String },
    Truncate,
}

/// Statements Debezium's `handleQueryEvent` consumes before the DDL parser: BEGIN,
/// COMMIT, XA, and statement-based DML (INSERT, UPDATE, DELETE, REPLACE), also behind
/// MariaDB's `SET STATEMENT ... FOR`.
fn handled_before_ddl_parsing(sql: &str) -> bool {
    let trimmed = sql.trim();
    if trimmed.eq_ignore_ascii_case("BEGIN") || trimmed.eq_ignore_ascii_case("COMMIT") {
        return true;
    }
    let statement = match trimmed.strip_prefix("SET STATEMENT ") {
        Some(rest) => rest
            .rfind("FOR")
            .and_then(|at| rest.get(at + 3..))
            .unwrap_or(rest)
            .trim(),
        None => trimmed,
    };
    let head: String = statement
        .chars()
        .take(8)
        .collect::<String>()
        .to_ascii_uppercase();
    ["XA ", "INSERT ", "UPDATE ", "DELETE ", "REPLACE "]
        .iter()
        .any(|p| head.starts_with(p))
}

/// Debezium's default `schema.history.internal.ddl.filter`: statements recorded in no
/// schema-change record (SAVEPOINT, GRANT/REVOKE, ANALYZE/OPTIMIZE/REPAIR TABLE,
/// user/role/view/routine/trigger DDL, REPLACE INTO, FLUSH RELAY LOGS, MariaDB dummy
/// events, server-generated DROP TEMPORARY TABLE, RDS heartbeats).
fn filtered_by_default_ddl_filter(parsed: &[ParsedStatement], sql: &str) -> bool {
    let trimmed = sql.trim_start();
    let upper_head: String = trimmed
        .chars()
        .take(64)
        .collect::<String>()
        .to_ascii_uppercase();
    if upper_head.starts_with("# DUMMY EVENT") || upper_head.starts_with("#DUMMY EVENT") {
        return true;
    }
    if upper_head.starts_with("DROP TEMPORARY TABLE IF EXISTS")
        && sql.trim_end().ends_with("/* generated by server */")
    {
        return true;
    }
    if sql.contains("rds_heartbeat2") || sql.contains("rds_sysinfo") || sql.contains("rds_monitor")
    {
        return true;
    }
    let Some(first) = parsed.first() else {
        return false;
    };
    let Statement::Other(other) = &first.statement else {
        return false;
    };
    const FILTERED: &[&str] = &[
        "SAVEPOINT",
        "GRANT",
        "REVOKE",
        "ANALYZE",
        "OPTIMIZE",
        "REPAIR",
        "REPLACE",
    ];
    const FILTERED_OBJECTS: &[&str] = &["USER", "ROLE", "VIEW", "FUNCTION", "PROCEDURE", "TRIGGER"];
    let mut words = other.kind.split(' ');
    let verb = words.next().unwrap_or("");
    let object = words.next().unwrap_or("");
    FILTERED.contains(&verb)
        || (matches!(verb, "CREATE" | "ALTER" | "DROP") && FILTERED_OBJECTS.contains(&object))
        || (verb == "FLUSH" && upper_head.starts_with("FLUSH RELAY LOGS"))
        // Not in Debezium's filter list, yet Debezium 3.6.3 emits nothing for it while
        // it does emit FLUSH TABLES (binlog-fixtures/reference/admin.stream.jsonl).
        || (verb == "FLUSH" && is_flush_privileges(&upper_head))
}

/// `FLUSH [NO_WRITE_TO_BINLOG | LOCAL] PRIVILEGES`.
fn is_flush_privileges(upper_head: &str) -> bool {
    let words: Vec<&str> = upper_head.split_whitespace().collect();
    matches!(
        words.as_slice(),
        ["FLUSH", "PRIVILEGES", ..] | ["FLUSH", "NO_WRITE_TO_BINLOG" | "LOCAL", "PRIVILEGES", ..]
    )
}

fn excerpt(s: &str) -> String {
    let t = s.trim();
    match t.char_indices().nth(200) {
        Some((cut, _)) => format!("{}...", t.get(..cut).unwrap_or("")),
        None => t.to_owned(),
    }
}
