-- Integer extremes not in types.sql (signed maxima, unsigned zeros, BIGINT UNSIGNED
-- just above the signed range), DECIMAL edge values, column and table comments, and
-- temporal values and defaults of the types whose representation a handling mode changes.
CREATE DATABASE ecommerce;
USE ecommerce;
CREATE TABLE extremes (
  id BIGINT UNSIGNED NOT NULL PRIMARY KEY COMMENT 'row id',
  c_tiny TINYINT COMMENT 'tiny one', c_utiny TINYINT UNSIGNED,
  c_small SMALLINT, c_usmall SMALLINT UNSIGNED,
  c_medium MEDIUMINT, c_umedium MEDIUMINT UNSIGNED,
  c_int INT, c_uint INT UNSIGNED,
  c_big BIGINT, c_ubig BIGINT UNSIGNED NOT NULL DEFAULT 18446744073709551615,
  c_dec DECIMAL(20,0) UNSIGNED, c_dec_neg DECIMAL(5,5), c_dec_def DECIMAL(6,2) NOT NULL DEFAULT '-12.50',
  c_float FLOAT(7,3), c_double DOUBLE,
  c_bin BINARY(3) NOT NULL DEFAULT 'ab', c_varbin VARBINARY(10) DEFAULT X'00FF',
  c_text TEXT COMMENT 'it''s text',
  c_date DATE DEFAULT '2020-01-02', c_dt3 DATETIME(3) DEFAULT '2020-01-02 03:04:05.678',
  c_dt6 DATETIME(6) DEFAULT '1969-12-31 23:59:59.999999', c_time6 TIME(6) DEFAULT '-01:02:03.5',
  c_ts TIMESTAMP NULL DEFAULT '2020-01-02 03:04:05', c_year YEAR DEFAULT 1999
) DEFAULT CHARSET=utf8mb4 COMMENT 'integer extremes';
INSERT INTO extremes VALUES (9223372036854775808, 127, 0, 32767, 0, 8388607, 0,
  2147483647, 0, 9223372036854775807, 0,
  99999999999999999999, -0.99999, -0.01, 1234.567, -1.7976931348623157E308, '', '', 'x',
  '1000-01-01', '1969-12-31 23:59:59.999', '1970-01-01 00:00:00.000001', '23:59:59.999999', '1970-01-01 00:00:01', 1901);
INSERT INTO extremes (id, c_tiny, c_utiny, c_small, c_usmall, c_medium, c_umedium, c_int, c_uint, c_big,
  c_dec, c_dec_neg, c_float, c_double)
  VALUES (18446744073709551615, -1, 128, -1, 32768, -1, 8388608, -1, 2147483648, -1,
  0, 0.00001, -0.001, 4.9E-324);
UPDATE extremes SET c_dec_def = 0, c_bin = X'FF' WHERE id = 9223372036854775808;
DELETE FROM extremes WHERE id = 18446744073709551615;
