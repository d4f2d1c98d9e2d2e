#!/usr/bin/env bash
# ../../tools/dbz-oracle/reference.sh with HeaderOracle.java (records' Kafka headers too).
# Same arguments and environment (PROPS_EXTRA, BINLOG_OUT, IDLE_MS, MAX_MS), plus DROP_PROPS.
# DBZ_ORACLE names the dbz-oracle directory (default /work/shared/tools/dbz-oracle); its
# run.sh compiles and runs the class named by ORACLE from the directory it lives in, so
# this script runs a private copy of that directory with HeaderOracle.java added.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dbz=${DBZ_ORACLE:-/work/shared/tools/dbz-oracle}
copy=$(mktemp -d /tmp/dbz-header-oracle.XXXXXX)
trap 'rm -rf "$copy"' EXIT
mkdir -p "$copy/dbz-oracle"
cp -r "$dbz"/. "$copy/dbz-oracle/"
ln -s "$(cd "$dbz/.." && pwd)/mariadb-binlog-server.sh" "$copy/mariadb-binlog-server.sh"
cp "$here/HeaderOracle.java" "$copy/dbz-oracle/"
# DROP_PROPS="k1 k2": remove these keys from the base connector.properties (e.g.
# database.include.list, to run an exclude list, which Debezium refuses beside it).
for key in ${DROP_PROPS:-}; do
  grep -v "^${key//./\\.}=" "$copy/dbz-oracle/scenarios/connector.properties" > "$copy/props.tmp"
  mv "$copy/props.tmp" "$copy/dbz-oracle/scenarios/connector.properties"
done
ORACLE=HeaderOracle "$copy/dbz-oracle/reference.sh" "$@"
