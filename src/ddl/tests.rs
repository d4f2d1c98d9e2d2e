//! Parser tests: tables of real DDL (SHOW CREATE TABLE output of MariaDB 10.11, the
//! statements Debezium recorded in `binlog-fixtures/reference/`, MySQL/MariaDB manual
//! examples) with the expected tree, plus "parse, print, parse again" round trips.

use super::*;

fn one(sql: &str) -> Statement {
    match parse_statement(sql) {
        Ok(s) => s,
        Err(e) => panic!("{sql}: {e}"),
    }
}

fn create_table(sql: &str) -> CreateTable {
    match one(sql) {
        Statement::CreateTable(c) => c,
        other => panic!("not CREATE TABLE: {other:?}"),
    }
}

fn columns(c: &CreateTable) -> Vec<&ColumnDefinition> {
    c.elements
        .iter()
        .filter_map(|e| match e {
            TableElement::Column(c) => Some(c),
            _ => None,
        })
        .collect()
}

/// Every DDL text Debezium recorded for the three MariaDB scenarios parses, and the
/// reprint parses back to the same tree.
#[test]
fn reference_ddl_texts_parse_and_round_trip() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/binlog-fixtures/reference");
    let mut count = 0;
    for file in ["seed", "types", "ddl"]
        .iter()
        .flat_map(|s| [format!("{s}.stream.jsonl"), format!("{s}.snapshot.jsonl")])
    {
        let text = std::fs::read_to_string(format!("{dir}/{file}")).expect("reference file");
        for line in text.lines() {
            let record: serde_json::Value = serde_json::from_str(line).expect("json line");
            let Some(ddl) = record
                .pointer("/value/payload/ddl")
                .and_then(|d| d.as_str())
            else {
                continue;
            };
            let statement = one(ddl);
            assert!(
                !matches!(statement, Statement::Other(_)),
                "{ddl} classified as Other"
            );
            let printed = statement.to_string();
            if !matches!(
                statement,
                Statement::Set(_) | Statement::DropTable { .. } | Statement::RenameTable { .. }
            ) {
                assert_eq!(
                    one(&printed),
                    statement,
                    "round trip of {ddl} via {printed}"
                );
            }
            count += 1;
        }
    }
    assert!(count >= 30, "only {count} DDL texts found");
}

#[test]
fn show_create_table_output_of_mariadb() {
    // `SHOW CREATE TABLE` of binlog-fixtures/scenarios/types.sql on MariaDB 10.11
    // (recorded by Debezium in reference/types.snapshot.jsonl).
    let c = create_table(
        "CREATE TABLE `all_types` (\n  `id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,\n  `c_ts` timestamp NULL DEFAULT NULL,\n  `c_latin` varchar(20) CHARACTER SET latin1 COLLATE latin1_swedish_ci DEFAULT NULL,\n  `c_enum` enum('small','medium','large') DEFAULT NULL,\n  `c_json` longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT NULL CHECK (json_valid(`c_json`)),\n  `d` datetime DEFAULT current_timestamp(),\n  PRIMARY KEY (`id`)\n) ENGINE=InnoDB AUTO_INCREMENT=4 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci",
    );
    let cols = columns(&c);
    assert_eq!(cols.len(), 6);
    let id = cols[0];
    assert_eq!(id.data_type.name, "BIGINT");
    assert_eq!(id.data_type.dimensions, ["20"]);
    assert_eq!(id.data_type.unsigned, Some(true));
    assert_eq!(
        id.attributes,
        [ColumnAttribute::NotNull, ColumnAttribute::AutoIncrement]
    );
    assert_eq!(cols[2].data_type.charset.as_deref(), Some("latin1"));
    assert_eq!(
        cols[2].data_type.collation.as_deref(),
        Some("latin1_swedish_ci")
    );
    assert_eq!(
        cols[3]
            .data_type
            .values
            .iter()
            .map(|v| v.raw.as_str())
            .collect::<Vec<_>>(),
        ["'small'", "'medium'", "'large'"]
    );
    assert!(
        matches!(cols[4].attributes.last(), Some(ColumnAttribute::Check(e)) if e == "json_valid(`c_json`)")
    );
    assert_eq!(
        cols[5].attributes,
        [ColumnAttribute::Default(DefaultValue::Now(
            "current_timestamp()".into()
        ))]
    );
    assert!(c.elements.iter().any(|e| matches!(e, TableElement::Constraint(TableConstraint::Index { kind: IndexKind::Primary, parts, .. }) if parts == &[KeyPart::Column("id".into())])));
    assert_eq!(
        c.options,
        [
            TableOption::Engine("InnoDB".into()),
            TableOption::Other {
                name: "AUTO_INCREMENT".into(),
                value: "4".into()
            },
            TableOption::Charset("utf8mb4".into()),
            TableOption::Collate("utf8mb4_general_ci".into()),
        ]
    );
}

#[test]
fn comments_and_versioned_comments() {
    let parsed = parse(
        "/* leading */ CREATE DATABASE /*!32312 IF NOT EXISTS*/ `shop` /*!40100 DEFAULT CHARACTER SET utf8mb4 */ -- trailing\n; # done",
    )
    .expect("parses");
    assert_eq!(parsed.len(), 1);
    assert_eq!(
        parsed[0].statement,
        Statement::CreateDatabase {
            name: "shop".into(),
            if_not_exists: true,
            options: DatabaseOptions {
                charset: Some("utf8mb4".into()),
                collation: None
            }
        }
    );
    assert_eq!(parsed[0].offset, 14);
}

#[test]
fn statements_from_the_manuals() {
    // (statement, expected Display of the parsed tree)
    let cases = [
        (
            "create schema if not exists db1 character set = 'latin1' collate latin1_bin",
            "CREATE DATABASE IF NOT EXISTS `db1` CHARACTER SET latin1 COLLATE latin1_bin",
        ),
        ("DROP SCHEMA IF EXISTS db1", "DROP DATABASE IF EXISTS `db1`"),
        (
            "ALTER DATABASE mydb CHARACTER SET utf8mb4",
            "ALTER DATABASE `mydb` CHARACTER SET utf8mb4",
        ),
        (
            "DROP TEMPORARY TABLE IF EXISTS t1, db2.t2 CASCADE",
            "DROP TEMPORARY TABLE IF EXISTS `t1`, `db2`.`t2` CASCADE",
        ),
        (
            "RENAME TABLE old_table TO tmp_table, new_table TO old_table",
            "RENAME TABLE `old_table` TO `tmp_table`, `new_table` TO `old_table`",
        ),
        ("TRUNCATE t", "TRUNCATE TABLE `t`"),
        (
            "CREATE UNIQUE INDEX part_of_name ON customer (name(10))",
            "CREATE UNIQUE INDEX `part_of_name` ON `customer` (`name`)",
        ),
        (
            "DROP INDEX `PRIMARY` ON t ALGORITHM=INPLACE",
            "DROP INDEX `PRIMARY` ON `t`",
        ),
        ("USE `db`", "USE `db`"),
        (
            "SET character_set_server=latin1, collation_server=latin1_swedish_ci",
            "SET character_set_server=latin1, collation_server=latin1_swedish_ci",
        ),
        (
            "SET NAMES utf8mb4 COLLATE utf8mb4_unicode_ci",
            "SET NAMES utf8mb4",
        ),
        (
            "SET @@global.character_set_server = 'utf8mb4'",
            "SET GLOBAL character_set_server=utf8mb4",
        ),
        ("CREATE TABLE t2 LIKE t1", "CREATE TABLE `t2` LIKE `t1`"),
        (
            "CREATE TEMPORARY TABLE IF NOT EXISTS t2 (LIKE db.t1)",
            "CREATE TEMPORARY TABLE IF NOT EXISTS `t2` LIKE `db`.`t1`",
        ),
        (
            "ALTER TABLE t1 RENAME t2",
            "ALTER TABLE `t1` RENAME TO `t2`",
        ),
        (
            "ALTER TABLE t2 MODIFY a TINYINT NOT NULL, CHANGE b c CHAR(20)",
            "ALTER TABLE `t2` MODIFY COLUMN `a` TINYINT NOT NULL, CHANGE COLUMN `b` `c` CHAR(20)",
        ),
        (
            "ALTER TABLE t2 ADD d TIMESTAMP",
            "ALTER TABLE `t2` ADD COLUMN `d` TIMESTAMP",
        ),
        (
            "ALTER TABLE t2 ADD INDEX (d), ADD UNIQUE (a)",
            "ALTER TABLE `t2` ADD KEY (`d`), ADD UNIQUE KEY (`a`)",
        ),
        (
            "ALTER TABLE t2 DROP COLUMN c",
            "ALTER TABLE `t2` DROP COLUMN `c`",
        ),
        (
            "ALTER TABLE t2 ADD c INT UNSIGNED NOT NULL AUTO_INCREMENT, ADD PRIMARY KEY (c)",
            "ALTER TABLE `t2` ADD COLUMN `c` INT UNSIGNED NOT NULL AUTO_INCREMENT, ADD PRIMARY KEY (`c`)",
        ),
        (
            "ALTER TABLE t1 ENGINE = InnoDB",
            "ALTER TABLE `t1` ENGINE=InnoDB",
        ),
        (
            "ALTER TABLE t1 ROW_FORMAT = COMPRESSED",
            "ALTER TABLE `t1` ROW_FORMAT=COMPRESSED",
        ),
        (
            "ALTER TABLE t1 CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin",
            "ALTER TABLE `t1` CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin",
        ),
        (
            "ALTER TABLE t1 DEFAULT CHARACTER SET latin1, ALGORITHM=INPLACE, LOCK=NONE",
            "ALTER TABLE `t1` DEFAULT CHARSET=latin1, ALGORITHM=INPLACE, LOCK=NONE",
        ),
        (
            "ALTER TABLE t1 ALTER COLUMN a SET DEFAULT 10, ALTER b DROP DEFAULT",
            "ALTER TABLE `t1` ALTER COLUMN `a` SET DEFAULT 10, ALTER COLUMN `b` DROP DEFAULT",
        ),
        (
            "ALTER TABLE t1 RENAME COLUMN a TO b, RENAME INDEX i1 TO i2",
            "ALTER TABLE `t1` RENAME COLUMN `a` TO `b`, RENAME INDEX `i1` TO `i2`",
        ),
        (
            "ALTER TABLE t1 DROP PRIMARY KEY, DROP FOREIGN KEY fk1, DROP INDEX i2, DROP CHECK c1",
            "ALTER TABLE `t1` DROP PRIMARY KEY, DROP FOREIGN KEY `fk1`, DROP INDEX `i2`, DROP CONSTRAINT `c1`",
        ),
        (
            "ALTER TABLE t1 ADD COLUMN (x INT, y VARCHAR(3))",
            "ALTER TABLE `t1` ADD COLUMN (`x` INT, `y` VARCHAR(3))",
        ),
        (
            "ALTER TABLE t1 ADD COLUMN z INT FIRST, MODIFY y VARCHAR(5) AFTER z",
            "ALTER TABLE `t1` ADD COLUMN `z` INT FIRST, MODIFY COLUMN `y` VARCHAR(5) AFTER `z`",
        ),
        (
            "ALTER TABLE t1 ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES p (id) ON DELETE SET NULL",
            "ALTER TABLE `t1` ADD CONSTRAINT `fk` FOREIGN KEY (`a`) REFERENCES `p`",
        ),
        (
            "ALTER TABLE t1 ADD CONSTRAINT chk CHECK (a > 0)",
            "ALTER TABLE `t1` ADD CONSTRAINT `chk` CHECK (a > 0)",
        ),
        (
            "ALTER TABLE t1 PARTITION BY HASH(id) PARTITIONS 8",
            "ALTER TABLE `t1` PARTITION BY HASH(id) PARTITIONS 8",
        ),
        (
            "SET STATEMENT max_statement_time=60, sql_mode='' FOR ALTER TABLE t ADD a INT",
            "ALTER TABLE `t` ADD COLUMN `a` INT",
        ),
        (
            "CREATE OR REPLACE TABLE t (a INT)",
            "CREATE OR REPLACE TABLE `t` (`a` INT)",
        ),
    ];
    for (sql, printed) in cases {
        let statement = one(sql);
        assert_eq!(statement.to_string(), printed, "{sql}");
    }
}

#[test]
fn column_attributes_of_the_create_table_manual() {
    let c = create_table(
        "CREATE TABLE IF NOT EXISTS `db`.`t` (
          a INT(10) UNSIGNED ZEROFILL NOT NULL DEFAULT '0' COMMENT 'it''s',
          b TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
          c DECIMAL(10,2) DEFAULT -1.50,
          d BIT(3) DEFAULT b'101',
          e VARCHAR(10) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin UNIQUE KEY,
          f INT AS (a + 1) VIRTUAL INVISIBLE,
          g INT GENERATED ALWAYS AS (a * 2) STORED,
          h JSON DEFAULT (JSON_ARRAY()),
          i CHAR(36) DEFAULT uuid(),
          j DOUBLE PRECISION,
          k NATIONAL VARCHAR(5),
          l SERIAL,
          m INT REFERENCES p(id),
          n BOOL DEFAULT TRUE,
          o TEXT CHARSET latin1,
          p SET('x','y') CHARACTER SET latin1,
          q LONG VARBINARY,
          CONSTRAINT pk PRIMARY KEY USING BTREE (a, b DESC),
          UNIQUE KEY uk (c) COMMENT 'x',
          KEY idx_d (d) USING HASH,
          FULLTEXT KEY ft (e),
          FOREIGN KEY (m) REFERENCES p (id) ON UPDATE CASCADE,
          CONSTRAINT chk CHECK (a > 0) NOT ENFORCED
        ) ENGINE = InnoDB, DEFAULT CHARACTER SET = utf8mb4 COMMENT = 'tbl' ROW_FORMAT=DYNAMIC
        PARTITION BY RANGE (a) (PARTITION p0 VALUES LESS THAN (10), PARTITION p1 VALUES LESS THAN MAXVALUE)",
    );
    assert_eq!(
        c.name,
        ObjectName {
            database: Some("db".into()),
            name: "t".into()
        }
    );
    assert!(c.if_not_exists);
    let cols = columns(&c);
    assert_eq!(cols.len(), 17);
    assert!(cols[0].data_type.zerofill);
    assert!(
        matches!(&cols[0].attributes[1], ColumnAttribute::Default(DefaultValue::String { sign: None, literal }) if literal.raw == "'0'")
    );
    assert!(matches!(&cols[0].attributes[2], ColumnAttribute::Comment(c) if c.value == "it's"));
    assert_eq!(
        cols[1].attributes[2],
        ColumnAttribute::OnUpdate("CURRENT_TIMESTAMP(3)".into())
    );
    assert_eq!(
        cols[2].attributes[0],
        ColumnAttribute::Default(DefaultValue::Number("-1.50".into()))
    );
    assert_eq!(
        cols[3].attributes[0],
        ColumnAttribute::Default(DefaultValue::Bit("b'101'".into()))
    );
    assert_eq!(cols[4].attributes, [ColumnAttribute::Unique]);
    assert_eq!(
        cols[5].attributes,
        [
            ColumnAttribute::Generated {
                expression: "a + 1".into(),
                stored: false
            },
            ColumnAttribute::Invisible
        ]
    );
    assert_eq!(
        cols[6].attributes,
        [ColumnAttribute::Generated {
            expression: "a * 2".into(),
            stored: true
        }]
    );
    assert_eq!(
        cols[7].attributes,
        [ColumnAttribute::Default(DefaultValue::Expression(
            "(JSON_ARRAY())".into()
        ))]
    );
    assert_eq!(
        cols[8].attributes,
        [ColumnAttribute::Default(DefaultValue::Expression(
            "uuid()".into()
        ))]
    );
    assert_eq!(cols[9].data_type.name, "DOUBLE PRECISION");
    assert_eq!(cols[10].data_type.name, "NATIONAL VARCHAR");
    assert_eq!(cols[11].data_type.name, "SERIAL");
    assert_eq!(
        cols[12].attributes,
        [ColumnAttribute::References(ObjectName::bare("p"))]
    );
    assert_eq!(
        cols[13].attributes,
        [ColumnAttribute::Default(DefaultValue::Boolean(
            "TRUE".into()
        ))]
    );
    assert_eq!(cols[14].data_type.charset.as_deref(), Some("latin1"));
    assert_eq!(cols[15].data_type.charset.as_deref(), Some("latin1"));
    assert_eq!(cols[16].data_type.name, "LONG VARBINARY");
    assert_eq!(c.options.len(), 4);
    assert!(
        c.tail
            .as_deref()
            .is_some_and(|t| t.starts_with("PARTITION BY RANGE"))
    );
}

#[test]
fn non_ddl_statements_are_other() {
    for (sql, kind) in [
        ("INSERT INTO t VALUES (1, 'a;b')", "INSERT"),
        ("BEGIN", "BEGIN"),
        ("COMMIT", "COMMIT"),
        ("SAVEPOINT s1", "SAVEPOINT"),
        ("GRANT ALL ON *.* TO 'u'@'%'", "GRANT"),
        ("CREATE USER 'u'@'%' IDENTIFIED BY 'p'", "CREATE USER"),
        (
            "CREATE ALGORITHM=UNDEFINED DEFINER=`root`@`localhost` SQL SECURITY DEFINER VIEW v AS SELECT 1",
            "CREATE VIEW",
        ),
        (
            "CREATE DEFINER=`root`@`%` PROCEDURE p() BEGIN SELECT 1; SELECT 2; END",
            "CREATE PROCEDURE",
        ),
        (
            "CREATE OR REPLACE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET NEW.a = 1",
            "CREATE TRIGGER",
        ),
        ("FLUSH TABLES", "FLUSH"),
        ("ANALYZE TABLE t", "ANALYZE"),
        ("SET PASSWORD FOR 'u' = PASSWORD('x')", "SET"),
        ("DROP VIEW v", "DROP VIEW"),
        ("XA START 'x'", "XA"),
    ] {
        match parse(sql) {
            Ok(p) => {
                assert_eq!(p.len(), 1, "{sql}");
                assert_eq!(
                    p[0].statement,
                    Statement::Other(OtherStatement { kind: kind.into() }),
                    "{sql}"
                );
                assert_eq!(p[0].text, sql);
            }
            Err(e) => panic!("{sql}: {e}"),
        }
    }
}

#[test]
fn malformed_table_ddl_is_an_error_with_position() {
    let sql = "CREATE TABLE t (id INT, name VARCHAR(10) FROBNICATE)";
    let err = parse(sql).expect_err("must not parse");
    assert_eq!(&sql[err.offset..err.offset + 10], "FROBNICATE");
    assert_eq!(err.statement, sql);
    assert!(err.to_string().contains("FROBNICATE"), "{err}");

    let err = parse("ALTER TABLE t ADD COLUMN").expect_err("must not parse");
    assert_eq!(err.found, "end of input");
    let err = parse("DROP TABLE").expect_err("must not parse");
    assert_eq!(err.offset, 10);
}

#[test]
fn multi_statement_input_keeps_each_text_and_offset() {
    let sql = "USE a; CREATE TABLE t (x INT) ;\n DROP TABLE t";
    let parsed = parse(sql).expect("parses");
    let texts: Vec<_> = parsed.iter().map(|p| (p.offset, p.text.as_str())).collect();
    assert_eq!(
        texts,
        [
            (0, "USE a"),
            (7, "CREATE TABLE t (x INT)"),
            (33, "DROP TABLE t")
        ]
    );
    assert!(
        matches!(&parsed[2].statement, Statement::DropTable { prefix, .. } if prefix == "DROP TABLE ")
    );
}

#[test]
fn quoted_names_and_qualified_names() {
    let c = create_table("CREATE TABLE `we!rd ``name` (`select` INT, `col with space` TEXT) ");
    assert_eq!(c.name.name, "we!rd `name");
    assert_eq!(columns(&c)[0].name, "select");
    assert_eq!(
        c.to_string(),
        "CREATE TABLE `we!rd ``name` (`select` INT, `col with space` TEXT)"
    );
    let c = create_table("CREATE TABLE other_db.ignored (id INT)");
    assert_eq!(c.name.database.as_deref(), Some("other_db"));
}

#[test]
fn deeply_nested_input_does_not_overflow_the_stack() {
    let nested = "SET STATEMENT a=1 FOR ".repeat(50_000) + "CREATE TABLE t (a INT)";
    assert!(parse(&nested).is_err());
    let parens = format!(
        "CREATE TABLE t (a INT DEFAULT {}1{})",
        "(".repeat(100_000),
        ")".repeat(100_000)
    );
    assert!(parse(&parens).is_ok());
}

#[test]
fn garbage_never_panics() {
    for sql in [
        "",
        ";",
        "(",
        "CREATE",
        "CREATE TABLE",
        "ALTER TABLE `",
        "'",
        "/*",
        "CREATE TABLE t (a ENUM(",
        "SET @",
        "é",
    ] {
        let _ = parse(sql);
    }
}

/// `SHOW CREATE TABLE` of every base table of `mysql`, `performance_schema` and `sys`
/// on MariaDB 10.11.19, with `information_schema.COLUMNS` of each (collected with
/// read-only queries into `testdata/mariadb-10.11-show-create-table.jsonl`): each
/// parses as CREATE TABLE with the server's column names in the server's order.
#[test]
fn mariadb_show_create_table_corpus() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src/ddl/testdata/mariadb-10.11-show-create-table.jsonl"
    );
    let text = std::fs::read_to_string(path).expect("corpus");
    let mut tables = 0;
    for line in text.lines() {
        let entry: serde_json::Value = serde_json::from_str(line).expect("json");
        let ddl = entry["ddl"].as_str().expect("ddl");
        let c = create_table(ddl);
        let expected: Vec<&str> = entry["columns"]
            .as_array()
            .expect("columns")
            .iter()
            .filter_map(|c| c["name"].as_str())
            .collect();
        let parsed: Vec<&str> = columns(&c).iter().map(|c| c.name.as_str()).collect();
        assert_eq!(parsed, expected, "{ddl}");
        assert_eq!(c.name.name, entry["table"].as_str().expect("table"));
        // Printing is stable: the reprint of the reprint is the reprint.
        let printed = c.to_string();
        assert_eq!(create_table(&printed).to_string(), printed, "{ddl}");
        tables += 1;
    }
    assert!(tables > 100);
}

proptest::proptest! {
    /// Arbitrary text, and arbitrary sequences of DDL-ish tokens, never panic.
    #[test]
    fn parse_never_panics(text in "\\PC{0,120}") {
        let _ = parse(&text);
    }

    #[test]
    fn token_soup_never_panics(tokens in proptest::collection::vec(proptest::sample::select(vec![
        "CREATE", "TABLE", "ALTER", "DROP", "ADD", "COLUMN", "t", "`a``b`", "(", ")", ",", ";", "INT",
        "VARCHAR(10)", "DEFAULT", "'x'", "NULL", "NOT", "PRIMARY", "KEY", "/*!50100", "*/", "--", "\n",
        "ENUM('a','b')", "CHARACTER", "SET", "utf8mb4", "RENAME", "TO", "#", "/*", "\"", "'", "db.t",
    ]), 0..24)) {
        let _ = parse(&tokens.join(" "));
    }
}

#[test]
fn mysql_8_show_create_table_forms() {
    // The forms MySQL 8.0 writes in SHOW CREATE TABLE (MySQL manual "SHOW CREATE
    // TABLE Statement", "CHECK Constraints", "Invisible Columns", "Spatial Data Types").
    let c = create_table(
        "CREATE TABLE `t1` (\n  `i` int DEFAULT NULL,\n  `j` int DEFAULT NULL /*!80023 INVISIBLE */,\n  `g` point NOT NULL /*!80003 SRID 4326 */,\n  `u` binary(16) DEFAULT (uuid_to_bin(uuid())),\n  `ts` timestamp(6) NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),\n  `v` int GENERATED ALWAYS AS ((`i` + 1)) VIRTUAL,\n  KEY `i_idx` (`i`) /*!80000 INVISIBLE */,\n  KEY `f_idx` ((abs(`i`))),\n  SPATIAL KEY `g` (`g`),\n  CONSTRAINT `t1_chk_1` CHECK ((`i` > 0)) /*!80016 NOT ENFORCED */\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci\n/*!50100 PARTITION BY HASH (`i`)\nPARTITIONS 4 */",
    );
    let names: Vec<&str> = columns(&c).iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["i", "j", "g", "u", "ts", "v"]);
    assert!(
        columns(&c)[1]
            .attributes
            .contains(&ColumnAttribute::Invisible)
    );
    assert!(
        c.tail
            .as_deref()
            .is_some_and(|t| t.starts_with("PARTITION BY HASH"))
    );
}

/// Opt-in robustness check over a directory of `.sql`/`.ddl` scripts (e.g. the DDL
/// test resources of Debezium): `DDL_CORPUS_DIR=dir cargo test -- --ignored corpus`.
/// Lists the statements that look like DDL but do not parse.
#[test]
#[ignore = "needs DDL_CORPUS_DIR"]
fn external_corpus() {
    let Ok(dir) = std::env::var("DDL_CORPUS_DIR") else {
        return;
    };
    let mut failures = Vec::new();
    let mut total = 0;
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        if text.contains("DELIMITER") {
            continue;
        }
        let mut rest = text.as_str();
        while !rest.trim().is_empty() {
            let end = lexical::statement_end(rest);
            let statement = rest.get(..end).unwrap_or("");
            rest = rest.get(end + 1..).unwrap_or("");
            if statement.trim().is_empty() {
                continue;
            }
            total += 1;
            if let Err(e) = parse(statement) {
                failures.push(format!("{}: {e}", path.display()));
            }
        }
    }
    for f in &failures {
        println!("{f}");
    }
    println!("{} of {total} statements failed", failures.len());
}

/// MariaDB "ALTER TABLE": `ADD {INDEX|KEY|UNIQUE} [IF NOT EXISTS] name (...)` (10.0.2+),
/// found by the DDL corpus (`tests/ddl-corpus/05_alter.sql`).
#[test]
fn add_index_if_not_exists() {
    let Statement::AlterTable { specs, .. } =
        one("ALTER TABLE t ADD INDEX IF NOT EXISTS im (m2), ADD UNIQUE KEY IF NOT EXISTS u (a)")
    else {
        panic!("not ALTER TABLE");
    };
    let names: Vec<Option<String>> = specs
        .iter()
        .map(|s| match s {
            AlterSpec::AddConstraint(TableConstraint::Index { name, .. }) => name.clone(),
            other => panic!("not an index: {other:?}"),
        })
        .collect();
    assert_eq!(names, [Some("im".to_owned()), Some("u".to_owned())]);
}

/// MariaDB "RENAME TABLE": `RENAME TABLE[S] [IF EXISTS] a TO b, ...` (10.5.2+).
#[test]
fn rename_table_if_exists() {
    let Statement::RenameTable { pairs, .. } =
        one("RENAME TABLE IF EXISTS nothere TO nothere2, c_back TO c")
    else {
        panic!("not RENAME TABLE");
    };
    let names: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(a, b)| (a.name.as_str(), b.name.as_str()))
        .collect();
    assert_eq!(names, [("nothere", "nothere2"), ("c_back", "c")]);
}

/// MySQL 8.4 11.7 "Comments": the content of `/*!NNNNNN ... */` runs only on servers of
/// version NNNNNN or later; a version no server has reached is a plain comment (MariaDB
/// 10.11 accepted `/*!999999 THIS IS NOT SQL */` in the corpus).
#[test]
fn versioned_comment_for_a_future_server_is_a_comment() {
    let c = create_table("CREATE TABLE vc7 (a INT) /*!999999 THIS IS NOT SQL */");
    assert_eq!(c.name.name, "vc7");
    assert!(c.options.is_empty());
    // A version a current server has is still parsed.
    let c = create_table("CREATE TABLE vc8 (a INT) /*!110400 COMMENT 'x' */");
    assert_eq!(c.options.len(), 1);
}

/// Under `ANSI_QUOTES` (MySQL 8.4 7.1.11) a statement names tables and columns in
/// double quotes, which Debezium's normalizer rewrites to single quotes before
/// parsing; those are identifiers in name positions.
#[test]
fn single_quoted_names_after_ansi_quotes_normalisation() {
    let c = create_table(
        "CREATE TABLE 'ansi' ('id' INT NOT NULL, 'x y' VARCHAR(3) DEFAULT 'v', PRIMARY KEY ('id'))",
    );
    assert_eq!(c.name.name, "ansi");
    let names: Vec<&str> = columns(&c).iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["id", "x y"]);
    assert!(c.elements.iter().any(|e| matches!(
        e,
        TableElement::Constraint(TableConstraint::Index { parts, .. })
            if parts == &[KeyPart::Column("id".to_owned())]
    )));
}

/// Hostile input must not take super-linear time (fuzz target `ddl`): deep nesting of
/// parentheses in every place the grammar skips or reads balanced text.
#[test]
fn deep_nesting_parses_in_bounded_time() {
    let depth = 20_000;
    let open = "(".repeat(depth);
    let close = ")".repeat(depth);
    let inputs = [
        format!("CREATE TABLE t (a INT DEFAULT {open}1{close})"),
        format!("CREATE TABLE t (a INT AS {open}1{close})"),
        format!("CREATE TABLE t (a INT, CHECK {open}a{close})"),
        format!("CREATE TABLE t (a INT) PARTITION BY HASH {open}a{close}"),
        format!("ALTER TABLE t ADD CHECK {open}a{close}"),
        format!("CREATE TABLE t (a INT, KEY k {open}a{close})"),
        format!("CREATE TABLE t {open}"),
        format!("CREATE TABLE t (a INT DEFAULT {open}"),
        format!("SELECT {open}1{close}"),
        format!("CREATE TABLE t (a ENUM{open}'x'{close})"),
        "/*!".repeat(depth),
        "CREATE TABLE t (a INT /*".repeat(depth),
    ];
    for input in &inputs {
        let started = std::time::Instant::now();
        let _ = parse(input);
        let elapsed = started.elapsed();
        assert!(
            elapsed < std::time::Duration::from_secs(2),
            "{elapsed:?} for `{}...`",
            input.get(..40).unwrap_or(input)
        );
    }
}

/// MySQL 8.4 13.3.1: `ASCII` = `CHARACTER SET latin1`, `UNICODE` = `CHARACTER SET
/// ucs2`; MariaDB "CHAR BYTE": an alias for BINARY. MariaDB 10.11 reports `ucs2` and
/// `binary(4)` for them (DDL corpus `01_create_types.sql`).
#[test]
fn ascii_unicode_and_byte_type_attributes() {
    let c = create_table("CREATE TABLE t (d CHAR(5) ASCII, e VARCHAR(5) UNICODE, f CHAR(4) BYTE)");
    let cols = columns(&c);
    let summary: Vec<(&str, Option<&str>)> = cols
        .iter()
        .map(|c| (c.data_type.name.as_str(), c.data_type.charset.as_deref()))
        .collect();
    assert_eq!(
        summary,
        [
            ("CHAR", Some("latin1")),
            ("VARCHAR", Some("ucs2")),
            ("BINARY", None)
        ]
    );
}
