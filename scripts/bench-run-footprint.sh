#!/usr/bin/env bash
# Footprint of `tributary run` on a throwaway MariaDB, records to stdout (counted by wc):
#
#   scripts/bench-run-footprint.sh [IDLE_SECONDS=20] [ROWS=1000000]
#
# 1. idle: after startup, RSS (VmRSS) and CPU (utime+stime from /proc) over IDLE_SECONDS
#    with nothing to do;
# 2. one transaction of ROWS inserts (the orders table of scripts/bench-binlogs.sh's
#    orders-1m-one-txn); waits until every record was written, then prints the peak
#    RSS (VmHWM) of the whole run; then SIGINT, which must end it with status 0.
# Schemas on (binlog-fixtures/scenarios/connector.properties); SCHEMAS=false for off.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
idle=${1:-20}; rows=${2:-1000000}
bin=${TRIBUTARY:-$here/target/release/tributary}
dir=$(mktemp -d /tmp/tributary-footprint.XXXXXX)
trap '"$here/scripts/throwaway-mariadb.sh" stop "$dir/db" || true; rm -rf "$dir"' EXIT
port=$("$here/scripts/throwaway-mariadb.sh" start "$dir/db")
sed -e "s/^database.port=.*/database.port=$port/" -e "s|/tmp/dbz-oracle-state|$dir/state|" \
    -e "s/schemas.enable=.*/schemas.enable=${SCHEMAS:-true}/" \
    "$here/binlog-fixtures/scenarios/connector.properties" >"$dir/connector.properties"
mkdir -p "$dir/state"
mariadb --no-defaults -uroot --socket="$dir/db/sock" -e "CREATE DATABASE ecommerce;
  CREATE TABLE ecommerce.orders (order_id VARCHAR(255), customer_id VARCHAR(255),
  item_description VARCHAR(255), price DECIMAL(6,2), order_date DATETIME DEFAULT CURRENT_TIMESTAMP)"
"$bin" run --config "$dir/connector.properties" > >(wc -l >"$dir/count") 2>"$dir/stderr" &
pid=$!
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
hz=$(getconf CLK_TCK)
sleep 3
t0=$(ticks); s0=$(date +%s.%N)
sleep "$idle"
t1=$(ticks); s1=$(date +%s.%N)
rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")
python3 -c "print(f'idle: RSS {$rss/1024:.1f} MiB, CPU {($t1-$t0)/$hz:.2f} s over {$s1-$s0:.1f} s = {100*($t1-$t0)/$hz/($s1-$s0):.2f} %')"
mariadb --no-defaults -uroot --socket="$dir/db/sock" -D ecommerce -e "INSERT INTO ecommerce.orders
  SELECT CONCAT('', seq), CONCAT('', seq % 977), 'A super noisy mechanical keyboard',
  (seq % 9999) / 100, '2021-08-16 10:11:12' FROM seq_1_to_$rows"
start=$(date +%s.%N)
# Done once the CPU time stopped growing for 2 s.
prev=-1
while true; do now=$(ticks); [[ $now == "$prev" ]] && break; prev=$now; sleep 2; done
hwm=$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status")
cpu=$(python3 -c "print(($(ticks)-$t1)/$hz)")
kill -INT "$pid"; status=0; wait "$pid" || status=$?
sleep 0.5
echo "one transaction of $rows rows: $(cat "$dir/count") records written, peak RSS (VmHWM) $((hwm / 1024)) MiB, CPU ${cpu}s; exit status after SIGINT: $status"
[[ -s "$dir/stderr" ]] && { echo "stderr:"; cat "$dir/stderr"; }
exit 0
