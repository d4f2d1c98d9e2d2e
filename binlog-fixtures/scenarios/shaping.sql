-- Workload for the selection and shaping options (filters, column options,
-- message.key.columns, skipped.operations, tombstones, include.query, key changes).
-- Several databases whose names prefix each other (regex anchoring), composite keys,
-- a table without primary key, key-changing updates, REPLACE, INSERT ... ON DUPLICATE
-- KEY UPDATE, a multi-table transaction and strings for truncation and masking.
CREATE DATABASE shop;
CREATE DATABASE shop_archive;
CREATE DATABASE inventory;
USE shop;
CREATE TABLE customers (
  id INT NOT NULL PRIMARY KEY,
  email VARCHAR(40) NOT NULL,
  name VARCHAR(30),
  code CHAR(8) DEFAULT 'none',
  note TEXT,
  secret VARBINARY(16),
  score INT
) DEFAULT CHARSET=utf8mb4;
CREATE TABLE order_lines (
  order_id INT NOT NULL,
  line_no INT NOT NULL,
  sku VARCHAR(12) NOT NULL,
  qty INT NOT NULL,
  PRIMARY KEY (order_id, line_no)
);
CREATE TABLE events_log (
  ts DATETIME NOT NULL,
  kind VARCHAR(10) NOT NULL,
  payload VARCHAR(100)
);
CREATE TABLE orders (
  id INT NOT NULL PRIMARY KEY,
  customer_id INT NOT NULL,
  total DECIMAL(10,2)
);
CREATE TABLE orders_2024 (id INT NOT NULL PRIMARY KEY, total DECIMAL(10,2));
CREATE TABLE shop_archive.orders (id INT NOT NULL PRIMARY KEY, total DECIMAL(10,2));
CREATE TABLE inventory.items (sku VARCHAR(12) NOT NULL PRIMARY KEY, stock INT NOT NULL);

INSERT INTO customers VALUES
  (1, 'ann@example.com', 'Ann', 'A1', 'first customer', X'0102030405', 10),
  (2, 'bob@example.com', 'Zoë Ångström', 'B2', 'ab🙂cd and more text here', NULL, 20),
  (3, 'cy@example.com', NULL, NULL, NULL, NULL, NULL);
INSERT INTO order_lines VALUES (1, 1, 'SKU-1', 2), (1, 2, 'SKU-2', 1), (2, 1, 'SKU-1', 5);
INSERT INTO events_log VALUES ('2024-01-02 03:04:05', 'login', 'ann'), ('2024-01-02 03:04:06', 'logout', NULL);
INSERT INTO orders_2024 VALUES (1, 9.99);
INSERT INTO shop_archive.orders VALUES (1, 1.50);
INSERT INTO inventory.items VALUES ('SKU-1', 100), ('SKU-2', 50);

-- a multi-table transaction
BEGIN;
INSERT INTO orders VALUES (10, 1, 19.90);
INSERT INTO order_lines VALUES (10, 1, 'SKU-2', 3);
UPDATE inventory.items SET stock = stock - 3 WHERE sku = 'SKU-2';
UPDATE customers SET score = score + 1 WHERE id = 1;
COMMIT;

-- plain updates, then key changes: single column, composite, several rows at once
UPDATE customers SET email = 'ann@example.org', name = 'Ann B' WHERE id = 1;
UPDATE customers SET id = 100 WHERE id = 1;
UPDATE order_lines SET line_no = line_no + 10 WHERE order_id = 1;
UPDATE customers SET id = id + 1000, score = 7 WHERE id IN (2, 3);
UPDATE events_log SET payload = 'ann again' WHERE kind = 'login';
UPDATE events_log SET kind = 'signin' WHERE kind = 'login';

-- REPLACE (conflicting and new) and INSERT ... ON DUPLICATE KEY UPDATE
REPLACE INTO customers VALUES (100, 'ann@example.net', 'Ann C', 'A9', 'replaced', NULL, 1);
REPLACE INTO customers VALUES (4, 'dee@example.com', 'Dee', 'D4', NULL, X'FF', 4);
INSERT INTO order_lines VALUES (2, 1, 'SKU-1', 1) ON DUPLICATE KEY UPDATE qty = qty + VALUES(qty);
INSERT INTO order_lines VALUES (2, 2, 'SKU-3', 1) ON DUPLICATE KEY UPDATE qty = qty + VALUES(qty);
INSERT INTO inventory.items VALUES ('SKU-1', 1) ON DUPLICATE KEY UPDATE sku = 'SKU-9';

-- deletes, on each kind of table
DELETE FROM order_lines WHERE order_id = 2 AND line_no = 2;
DELETE FROM events_log WHERE kind = 'logout';
DELETE FROM customers WHERE id = 4;
DELETE FROM shop_archive.orders;
DELETE FROM orders_2024;
TRUNCATE TABLE orders;
