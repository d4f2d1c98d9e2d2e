#!/usr/bin/env bash
# End-to-end live benchmark on a throwaway MariaDB: `tributary bench live` streams while the
# workload runs through the mariadb client, then (unless --no-debezium is passed through)
# the real Debezium streams the same workload in the same run (dbz-oracle, Java 17).
#
#   scripts/bench-live.sh [WORKLOAD.sql] [extra bench-live args...]
#
# Default workload: binlog-fixtures/scenarios/bench-orders.sql (200,000 rows in 20
# transactions). The Debezium peer's server uses port ${DBZ_PORT:-33171}.
# Schemas on/off: SCHEMAS=false uses benches/schemas-off.properties settings.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
workload=${1:-$here/binlog-fixtures/scenarios/bench-orders.sql}; shift || true
bin=${TRIBUTARY:-$here/target/release/tributary}
dir=$(mktemp -d /tmp/tributary-live.XXXXXX)
trap '"$here/scripts/throwaway-mariadb.sh" stop "$dir/db" || true' EXIT
port=$("$here/scripts/throwaway-mariadb.sh" start "$dir/db")
schemas=${SCHEMAS:-true}
sed -e "s/^database.port=.*/database.port=$port/" \
    -e "s|/tmp/dbz-oracle-state|$dir/state|" \
    -e "s/schemas.enable=.*/schemas.enable=$schemas/" \
    "$here/binlog-fixtures/scenarios/connector.properties" >"$dir/connector.properties"
${TIME:-} "$bin" bench live --config "$dir/connector.properties" --workload "$workload" \
  --debezium-oracle /work/shared/tools/dbz-oracle --debezium-port "${DBZ_PORT:-33171}" "$@"
