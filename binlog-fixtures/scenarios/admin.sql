-- Administrative statements between DDL (reference/admin.stream.jsonl): Debezium
-- emits no schema-change record for FLUSH PRIVILEGES, CREATE/DROP USER, GRANT or
-- ANALYZE, and a database-level one for FLUSH TABLES, CREATE INDEX and DROP INDEX.
FLUSH PRIVILEGES;
CREATE USER IF NOT EXISTS 'u1'@'%' IDENTIFIED BY 'x';
GRANT SELECT ON *.* TO 'u1'@'%';
CREATE DATABASE ecommerce;
USE ecommerce;
CREATE TABLE t (id INT PRIMARY KEY, v INT);
INSERT INTO t VALUES (1, 1);
ANALYZE TABLE t;
FLUSH PRIVILEGES;
FLUSH TABLES;
CREATE INDEX idx_v ON t(v);
DROP INDEX idx_v ON t;
DROP USER 'u1'@'%';
INSERT INTO t VALUES (2, 2);
