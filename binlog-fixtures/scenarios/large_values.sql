-- BLOB and TEXT values larger than 64 KiB (MEDIUMBLOB/LONGBLOB/LONGTEXT lengths take 3
-- or 4 bytes in the row image) next to small ones.
CREATE DATABASE ecommerce;
USE ecommerce;
CREATE TABLE large_values (
  id INT NOT NULL PRIMARY KEY,
  c_mblob MEDIUMBLOB, c_lblob LONGBLOB, c_ltext LONGTEXT, c_small VARCHAR(10)
) DEFAULT CHARSET=utf8mb4;
INSERT INTO large_values VALUES (1, UNHEX(REPEAT('00FF7F80', 16400)), X'00', REPEAT('große Daten 🙂 ', 3700), 'end');
INSERT INTO large_values VALUES (2, X'', UNHEX(REPEAT('0102', 100)), '', NULL);
