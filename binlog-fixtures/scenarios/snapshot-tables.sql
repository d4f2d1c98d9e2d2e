-- Several captured tables for the snapshot markers: rows in the first and the third,
-- an empty second table, and an empty table last (Debezium then marks the last row
-- of the third table `last`), a table without a primary key, and a latin1 column.
CREATE DATABASE ecommerce;
USE ecommerce;
CREATE TABLE a_items (id INT PRIMARY KEY, name VARCHAR(20) CHARACTER SET latin1, price DECIMAL(8,3));
INSERT INTO a_items VALUES (1, 'café', 1.5), (2, 'naïve', -20.125), (3, NULL, NULL);
CREATE TABLE b_empty (id INT PRIMARY KEY);
CREATE TABLE c_nokey (note TEXT, at DATETIME(3), ts TIMESTAMP(2) NULL);
INSERT INTO c_nokey VALUES ('x', '2020-02-29 23:59:59.999', '2020-02-29 23:59:59.99'), ('y', NULL, NULL);
CREATE TABLE d_empty (id BIGINT UNSIGNED PRIMARY KEY);
