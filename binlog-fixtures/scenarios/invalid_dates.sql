-- Days a month does not have (2021-02-30), stored with sql_mode='ALLOW_INVALID_DATES'.
-- Debezium's row deserializer cannot build a LocalDate from them: with
-- event.processing.failure.handling.mode=fail (the default) the connector stops, with
-- warn or skip the value becomes 1970-01-01 (RowDeserializers.handleException).
SET SESSION sql_mode = 'ALLOW_INVALID_DATES';
CREATE DATABASE ecommerce;
USE ecommerce;
CREATE TABLE invalid_dates (
  id INT NOT NULL PRIMARY KEY,
  d DATE, d_nn DATE NOT NULL, dt DATETIME, dt6 DATETIME(6) NOT NULL, dt_ok DATETIME
);
INSERT INTO invalid_dates VALUES (1, '2021-02-30', '2021-04-31', '2021-02-31 10:00:00', '2021-06-31 01:02:03.5', '2021-01-01 00:00:00');
INSERT INTO invalid_dates VALUES (2, '2021-02-28', '2021-02-29', NULL, '2020-02-29 00:00:00', NULL);
UPDATE invalid_dates SET d = '2021-03-01' WHERE id = 1;
