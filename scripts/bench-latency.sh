#!/usr/bin/env bash
# Commit-to-emit latency at a steady insert rate, on a throwaway MariaDB:
#
#   scripts/bench-latency.sh [SECONDS=10] [ROWS_PER_TXN=40] [TXN_INTERVAL_S=0.004]
#
# The workload inserts ROWS_PER_TXN rows per transaction and sleeps TXN_INTERVAL_S
# seconds (default 40 rows / 4 ms ≈ 10,000 rows/s; the achieved rate is printed as
# records/s) into a table whose DATETIME(6) column `committed_at` holds SYSDATE(6) in a
# UTC session, i.e. the moment the row was written, just before its commit. `tributary
# bench live --latency-column committed_at` compares it with the wall clock when the
# record reaches the emitter (after decode and serialization) and prints p50/p99/max.
# The binlog event timestamp is not used: it has one-second resolution.
# SYSDATE(6) is taken before the server's commit, so the server's own commit time (its
# redo-log fsync) is included; MARIADBD_EXTRA=--innodb-flush-log-at-trx-commit=2 takes
# the fsync out of the measurement.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-10}; rows=${2:-40}; interval=${3:-0.004}
txns=$(python3 -c "print(int($secs / $interval))")
sql=$(mktemp /tmp/tributary-latency.XXXXXX.sql)
trap 'rm -f "$sql"' EXIT
cat >"$sql" <<SQL
CREATE DATABASE ecommerce;
USE ecommerce;
CREATE TABLE lat (id BIGINT PRIMARY KEY, note VARCHAR(64), committed_at DATETIME(6));
SET time_zone = '+00:00';
DELIMITER //
FOR t IN 0..$((txns - 1)) DO
  INSERT INTO lat SELECT t * $rows + seq, 'A super noisy mechanical keyboard', SYSDATE(6)
    FROM seq_1_to_$rows;
  DO SLEEP($interval);
END FOR //
DELIMITER ;
SQL
"$here/scripts/bench-live.sh" "$sql" --latency-column committed_at --no-debezium
