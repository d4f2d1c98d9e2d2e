-- Zero and partly-zero dates and times, written with the permissive sql_mode='': what
-- the binlog carries for them and what Debezium makes of it, in nullable and NOT NULL
-- columns; values each time.precision.mode can hold in the NOT NULL columns, values
-- some modes cannot (negative TIME for connect/isostring, years outside 1677-2262 for
-- nanoseconds) in nullable ones. (Days a month does not have are in invalid_dates.sql,
-- out-of-range values in NOT NULL columns in time_out_of_range.sql: Debezium stops there.)
SET SESSION sql_mode = '';
CREATE DATABASE ecommerce;
USE ecommerce;
CREATE TABLE zero_dates (
  id INT NOT NULL PRIMARY KEY,
  d DATE, d_nn DATE NOT NULL, d_def DATE NOT NULL DEFAULT '0000-00-00',
  dt DATETIME, dt_nn DATETIME NOT NULL, dt3 DATETIME(3), dt6 DATETIME(6) NOT NULL,
  ts TIMESTAMP NULL, ts_nn TIMESTAMP NOT NULL DEFAULT '0000-00-00 00:00:00', ts6 TIMESTAMP(6) NULL,
  t TIME, t_nn TIME NOT NULL, y YEAR, y_nn YEAR NOT NULL
);
INSERT INTO zero_dates VALUES (1, '0000-00-00', '0000-00-00', DEFAULT,
  '0000-00-00 00:00:00', '0000-00-00 00:00:00', '0000-00-00 00:00:00.000', '0000-00-00 00:00:00.000000',
  '0000-00-00 00:00:00', '0000-00-00 00:00:00', '0000-00-00 00:00:00.000000',
  '00:00:00', '00:00:00', 0, 0);
INSERT INTO zero_dates VALUES (2, '2020-00-15', '2020-05-00', '0000-01-01',
  '2020-00-15 10:11:12', '2020-05-00 00:00:01', '0000-01-01 00:00:00.5', '2020-00-00 23:59:59.999999',
  NULL, '1970-01-01 00:00:01', NULL,
  '-00:00:01', '24:00:00', 1970, 2069);
INSERT INTO zero_dates VALUES (3, '0001-01-01', '0099-12-31', '0069-06-01',
  '0001-01-01 00:00:00', '0070-01-01 00:00:00', '9999-12-31 23:59:59.999', '2262-04-11 23:47:16.854775',
  '2038-01-19 03:14:07', '1970-01-01 00:00:01', '2000-02-29 12:34:56.654321',
  '838:59:59', '23:59:59', '00', '99');
INSERT INTO zero_dates VALUES (6, '0050-02-28', '1677-09-21', '0070-01-01',
  '1677-09-21 00:12:44', '0050-02-28 12:00:00', '0005-05-05 05:05:05.005', '1677-09-22 00:00:00.000001',
  NULL, '2038-01-19 03:14:07', '1970-01-01 00:00:01.000001',
  '00:00:00.000001', '00:00:01', 69, 70);
INSERT INTO zero_dates (id, d_nn, dt_nn, dt6, t_nn, y_nn) VALUES (4, '2021-01-01', '2021-01-01 00:00:00', '2021-01-01 00:00:00', '00:00:00', 2021);
UPDATE zero_dates SET d = '0000-00-00', dt = '0000-00-00 00:00:00' WHERE id = 4;
DELETE FROM zero_dates WHERE id = 1;
