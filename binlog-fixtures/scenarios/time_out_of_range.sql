-- A TIME outside 00:00:00..24:00:00 in a NOT NULL column: under
-- time.precision.mode=connect (or isostring) Debezium's converter rejects it, the field
-- would be null, and Struct validation stops the connector ("Invalid value: null used
-- for required field"), whatever event.converting.failure.handling.mode says.
CREATE DATABASE ecommerce;
USE ecommerce;
CREATE TABLE time_out_of_range (id INT NOT NULL PRIMARY KEY, t TIME, t_nn TIME NOT NULL);
INSERT INTO time_out_of_range VALUES (1, '-00:00:01', '12:00:00');
INSERT INTO time_out_of_range VALUES (2, '12:00:00', '-00:00:01');
