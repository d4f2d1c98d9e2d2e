-- NULL in nullable columns that have a DEFAULT: Kafka Connect's Struct.get gives the
-- schema default for a null field, so both converters write the default, not null.
CREATE DATABASE ecommerce;
USE ecommerce;
CREATE TABLE d (
  id INT PRIMARY KEY,
  n INT DEFAULT 5,
  s VARCHAR(10) DEFAULT 'x',
  dt DATETIME DEFAULT '2020-01-02 03:04:05',
  price DECIMAL(5,2) DEFAULT 1.50,
  bits BIT(3) DEFAULT b'101',
  e ENUM('a','b') DEFAULT 'b',
  plain INT,
  nn INT NOT NULL DEFAULT 7
);
INSERT INTO d VALUES (1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 8);
INSERT INTO d (id) VALUES (2);
UPDATE d SET n = NULL, s = 'y' WHERE id = 2;
DELETE FROM d WHERE id = 1;
