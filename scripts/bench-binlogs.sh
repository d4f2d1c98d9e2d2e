#!/usr/bin/env bash
# Generate the benchmark binlogs with a throwaway local MariaDB (row binlog, FULL image):
#
#   scripts/bench-binlogs.sh OUT_DIR [orders-200k|orders-1m-one-txn|wide-200k ...]
#
#   orders-200k        the seed's orders table, 200,000 inserts in 20 transactions
#                      (binlog-fixtures/scenarios/bench-orders.sql, as Debezium's bench)
#   orders-1m-one-txn  the same table, 1,000,000 inserts in ONE transaction
#   wide-200k          a 40-column mixed-type table, 200,000 inserts in 20 transactions
#
# Each workload gets its own server and ends up in OUT_DIR/<workload>/mariadb-bin.*.
# The server binds 127.0.0.1 on a free port and is stopped afterwards; the machine's own
# MariaDB is not touched. Then e.g.:
#   tributary bench decode OUT_DIR/orders-200k/mariadb-bin.000001
#   tributary replay --config binlog-fixtures/scenarios/connector.properties OUT_DIR/orders-200k/mariadb-bin.0* >/dev/null
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?OUT_DIR}; shift
workloads=("$@"); ((${#workloads[@]})) || workloads=(orders-200k orders-1m-one-txn wide-200k)
export PATH="$PATH:/usr/sbin"

orders_table="CREATE DATABASE ecommerce; USE ecommerce;
CREATE TABLE orders (order_id VARCHAR(255), customer_id VARCHAR(255), item_description VARCHAR(255),
  price DECIMAL(6,2), order_date DATETIME DEFAULT CURRENT_TIMESTAMP);"

sql_for() {
  case "$1" in
    orders-200k) cat "$here/binlog-fixtures/scenarios/bench-orders.sql" ;;
    orders-1m-one-txn)
      echo "$orders_table"
      echo "INSERT INTO orders SELECT CONCAT('', seq), CONCAT('', seq % 977),
        'A super noisy mechanical keyboard', (seq % 9999) / 100, '2021-08-16 10:11:12'
        FROM seq_1_to_1000000;" ;;
    wide-200k)
      echo "CREATE DATABASE ecommerce; USE ecommerce; CREATE TABLE wide (id BIGINT PRIMARY KEY"
      for i in $(seq 1 8); do
        echo ", i$i INT, s$i VARCHAR(64), d$i DECIMAL(12,4), t$i DATETIME(3), f$i DOUBLE"
      done
      echo ") DEFAULT CHARSET=utf8mb4;"
      echo "DELIMITER //"
      echo "FOR b IN 0..19 DO INSERT INTO wide SELECT b * 10000 + seq"
      for i in $(seq 1 8); do
        echo ", seq * $i, CONCAT('value-', seq, '-$i'), seq / 7.0 + $i, '2021-08-16 10:11:12.345' + INTERVAL seq SECOND, seq / 3.0"
      done
      echo "FROM seq_1_to_10000; END FOR //"
      echo "DELIMITER ;" ;;
    *) echo "unknown workload $1" >&2; exit 2 ;;
  esac
}

for w in "${workloads[@]}"; do
  dir=$(mktemp -d /tmp/tributary-bench.XXXXXX)
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  user=$(id -un)
  mariadb-install-db --no-defaults --user="$user" --datadir="$dir/data" --tmpdir="$dir" \
    --auth-root-authentication-method=normal >"$dir/install.log" 2>&1
  mariadbd --no-defaults --user="$user" --datadir="$dir/data" --tmpdir="$dir" --socket="$dir/sock" \
    --pid-file="$dir/pid" --port="$port" --bind-address=127.0.0.1 --log-bin=mariadb-bin \
    --server-id=1 --binlog-format=ROW --binlog-row-image=FULL --binlog-annotate-row-events=ON \
    --max-binlog-size=1G --innodb-buffer-pool-size=512M --log-error="$dir/error.log" &
  for _ in $(seq 1 150); do mariadb --no-defaults -uroot --socket="$dir/sock" -e 'SELECT 1' >/dev/null 2>&1 && break; sleep 0.2; done
  sql_for "$w" | mariadb --no-defaults -uroot --socket="$dir/sock"
  mariadb --no-defaults -uroot --socket="$dir/sock" -e 'FLUSH BINARY LOGS'
  mkdir -p "$out/$w" && cp "$dir"/data/mariadb-bin.[0-9]* "$out/$w/"
  kill "$(cat "$dir/pid")"; while [[ -f "$dir/pid" ]]; do sleep 0.2; done
  rm -rf "$dir"
  echo "$w: $(ls -1 "$out/$w" | tr '\n' ' ')($(du -sh "$out/$w" | cut -f1))"
done
