-- Names Avro refuses: schema.name.adjustment.mode / field.name.adjustment.mode.
CREATE DATABASE ecommerce;
USE ecommerce;
CREATE TABLE `odd-names` (id INT PRIMARY KEY, `col with space` INT, `1st` INT, `a.b` INT, `é` INT, `naïve` INT, `x€` INT, `_ok` INT, `mid_under` INT);
INSERT INTO `odd-names` VALUES (1, 2, 3, 4, 5, 6, 7, 8, 9);
