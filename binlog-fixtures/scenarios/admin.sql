-- Administrative statements between DDL: Debezium emits no schema-change record
-- for FLUSH, CREATE/DROP USER, GRANT or ANALYZE (reference/admin.stream.jsonl).
FLUSH PRIVILEGES;
CREATE USER IF NOT EXISTS 'u1'@'%' IDENTIFIED BY 'x';
GRANT SELECT ON *.* TO 'u1'@'%';
CREATE DATABASE ecommerce;
USE ecommerce;
CREATE TABLE t (id INT PRIMARY KEY);
INSERT INTO t VALUES (1);
ANALYZE TABLE t;
DROP USER 'u1'@'%';
