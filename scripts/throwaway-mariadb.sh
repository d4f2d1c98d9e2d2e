#!/usr/bin/env bash
# A throwaway local MariaDB for the benchmark scripts (row binlog, FULL image), in DIR:
#
#   scripts/throwaway-mariadb.sh start DIR [PORT]   # prints the port; user cdc/cdc, all privileges
#   scripts/throwaway-mariadb.sh stop DIR           # stops it and removes DIR
#
# It binds 127.0.0.1 (a free port unless PORT is given); the machine's own MariaDB is not
# touched. The same server settings as scripts/bench-binlogs.sh, plus $MARIADBD_EXTRA.
set -euo pipefail
export PATH="$PATH:/usr/sbin"
cmd=${1:?start|stop}; dir=${2:?DIR}
case "$cmd" in
  start)
    port=${3:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
    user=$(id -un)
    mkdir -p "$dir"
    mariadb-install-db --no-defaults --user="$user" --datadir="$dir/data" --tmpdir="$dir" \
      --auth-root-authentication-method=normal >"$dir/install.log" 2>&1
    mariadbd --no-defaults --user="$user" --datadir="$dir/data" --tmpdir="$dir" --socket="$dir/sock" \
      --pid-file="$dir/pid" --port="$port" --bind-address=127.0.0.1 --log-bin=mariadb-bin \
      --server-id=1 --binlog-format=ROW --binlog-row-image=FULL --binlog-annotate-row-events=ON \
      --max-binlog-size=1G --innodb-buffer-pool-size=512M --log-error="$dir/error.log" \
      ${MARIADBD_EXTRA:-} >/dev/null 2>&1 &
    for _ in $(seq 1 150); do
      mariadb --no-defaults -uroot --socket="$dir/sock" -e 'SELECT 1' >/dev/null 2>&1 && break
      sleep 0.2
    done
    mariadb --no-defaults -uroot --socket="$dir/sock" -e \
      "DELETE FROM mysql.global_priv WHERE User=''; FLUSH PRIVILEGES; CREATE USER cdc@'%' IDENTIFIED BY 'cdc'; GRANT ALL PRIVILEGES ON *.* TO cdc@'%';"
    echo "$port" >"$dir/port"
    echo "$port" ;;
  stop)
    if [[ -f "$dir/pid" ]]; then
      kill "$(cat "$dir/pid")"
      for _ in $(seq 1 300); do [[ -f "$dir/pid" ]] || break; sleep 0.2; done
    fi
    rm -rf "$dir" ;;
  *) echo "usage: $0 start|stop DIR [PORT]" >&2; exit 2 ;;
esac
