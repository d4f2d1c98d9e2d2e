-- Transaction metadata (provide.transaction.metadata=true): autocommit statements,
-- multi-table transactions, several transactions with DDL in between, a transaction
-- touching a table outside the include list, one touching only such a table, a
-- rolled-back one (nothing logged), a non-transactional (MyISAM) table, whose
-- transaction ends with a COMMIT query event instead of an XID event, and a
-- multi-row statement (one rows event, several records).
CREATE DATABASE ecommerce;
CREATE DATABASE other;
USE ecommerce;
CREATE TABLE orders (id INT PRIMARY KEY, customer VARCHAR(20), total DECIMAL(8,2));
CREATE TABLE items (order_id INT, line INT, sku VARCHAR(20), PRIMARY KEY (order_id, line));
CREATE TABLE audit (msg VARCHAR(50));
CREATE TABLE journal (id INT PRIMARY KEY, note VARCHAR(20)) ENGINE=MyISAM;
CREATE TABLE other.t (id INT PRIMARY KEY);
INSERT INTO orders VALUES (1, 'ann', 10.00);
BEGIN;
INSERT INTO orders VALUES (2, 'bob', 20.00);
INSERT INTO items VALUES (2, 1, 'A'), (2, 2, 'B');
INSERT INTO audit VALUES ('order 2');
COMMIT;
BEGIN;
UPDATE orders SET total = 25.00 WHERE id = 2;
DELETE FROM items WHERE order_id = 2 AND line = 2;
INSERT INTO other.t VALUES (1);
COMMIT;
ALTER TABLE orders ADD COLUMN status VARCHAR(10) DEFAULT 'new';
BEGIN;
INSERT INTO orders VALUES (3, 'cy', 30.00, 'paid');
UPDATE orders SET status = 'paid' WHERE id IN (1, 2);
COMMIT;
BEGIN;
INSERT INTO other.t VALUES (2);
COMMIT;
BEGIN;
INSERT INTO orders VALUES (9, 'x', 1.00, 'x');
ROLLBACK;
INSERT INTO journal VALUES (1, 'non-transactional');
DELETE FROM audit;
TRUNCATE TABLE items;
BEGIN;
INSERT INTO items VALUES (3, 1, 'C');
INSERT INTO orders VALUES (4, 'dee', 40.00, 'new');
UPDATE items SET sku = 'D' WHERE order_id = 3;
INSERT INTO journal VALUES (2, 'mixed');
COMMIT;
DROP TABLE audit;
INSERT INTO orders VALUES (5, 'eve', 50.00, 'new');
