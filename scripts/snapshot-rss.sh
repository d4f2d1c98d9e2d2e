#!/usr/bin/env bash
# Peak RSS of an initial snapshot of a 1,000,000-row table, with the CLI's progress bar.
#
#   scripts/snapshot-rss.sh [ROWS] [PORT]      (defaults: 1000000, a free port)
#
# Starts a throwaway MariaDB (row binlog, 127.0.0.1 only, own temp dir; the machine's
# own MariaDB is not touched), fills ecommerce.orders (the seed's table plus an
# integer primary key) with ROWS rows, then runs
#   tributary run --config … --sink stdout   (snapshot.mode=initial_only)
# under /usr/bin/time -v with stdout to /dev/null, and prints the records count, the
# wall time and "Maximum resident set size". The progress bar is drawn on the
# terminal (run it in one to see it; under `script -qc` too).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
rows=${1:-1000000}
port=${2:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
export PATH="$PATH:/usr/sbin"
work=$(mktemp -d /tmp/tributary-snapshot-rss.XXXXXX)
server=/work/shared/tools/mariadb-binlog-server.sh
[[ -x $server ]] || server="$here/../shared/tools/mariadb-binlog-server.sh"
"$server" start "$work/db" "$port" >/dev/null
trap '"$server" stop "$work/db" >/dev/null; rm -rf "$work"' EXIT
mariadb --no-defaults -uroot --socket="$work/db/sock" <<SQL
CREATE DATABASE ecommerce; USE ecommerce;
CREATE TABLE orders (id INT PRIMARY KEY, order_id VARCHAR(255), customer_id VARCHAR(255),
  item_description VARCHAR(255), price DECIMAL(6,2), order_date DATETIME DEFAULT CURRENT_TIMESTAMP);
INSERT INTO orders SELECT seq, CONCAT('order-', seq), CONCAT('customer-', seq MOD 1000),
  'A super noisy mechanical keyboard', (seq MOD 10000) / 100, '2021-08-16 10:11:12'
  FROM seq_1_to_${rows};
ANALYZE TABLE orders;
SQL
sed -e "s#^database.port=.*#database.port=$port#" -e "s#/tmp/dbz-oracle-state#$work/state#" \
  "$here/binlog-fixtures/scenarios/connector.properties" > "$work/connector.properties"
echo "snapshot.mode=initial_only" >> "$work/connector.properties"
mkdir -p "$work/state"
(cd "$here" && cargo build --release --no-default-features -q)
/usr/bin/time -v -o "$work/time.txt" "$here/target/release/tributary" run --config "$work/connector.properties" \
  --sink stdout | wc -l | sed 's/^/records: /'
grep -E "Elapsed|Maximum resident" "$work/time.txt"
