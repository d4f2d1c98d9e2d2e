#!/usr/bin/env bash
# Debezium's reference output like ../shared/tools/dbz-oracle/reference.sh, but with
# the server reporting the MySQL version `5.7.19-log` instead of
# `5.7.19-MariaDB-compat`. The binlog client inside Debezium then does not announce
# MariaDB's GTID capability, and MariaDB sends each GTID event that opens a
# transaction as a `BEGIN` query event (same position and length), which is what
# Debezium's MySQL connector needs to emit transaction metadata. Events such a replica
# cannot take (GTIDs of DDL, GTID lists, binlog checkpoints, ANNOTATE_ROWS) arrive as
# `# Dummy event…` query events. See tests/conformance_transactions.rs.
#
#   reference-mysql-protocol.sh SQL stream|snapshot OUT.jsonl PORT
#   (PROPS_EXTRA and BINLOG_OUT as for reference.sh; DBZ_TOOLS: the shared tools dir)
set -euo pipefail
tools=${DBZ_TOOLS:-$(cd "$(dirname "$0")/../../../shared/tools" && pwd)}
work=$(mktemp -d /tmp/dbz-mysql-protocol.XXXXXX)
trap 'rm -rf "$work"' EXIT
cp -r "$tools/dbz-oracle" "$work/"
sed 's/--version=5.7.19-MariaDB-compat/--version=5.7.19-log/' \
  "$tools/mariadb-binlog-server.sh" > "$work/mariadb-binlog-server.sh"
chmod +x "$work/mariadb-binlog-server.sh"
sql=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
out=$(cd "$(dirname "$3")" && pwd)/$(basename "$3")
"$work/dbz-oracle/reference.sh" "$sql" "$2" "$out" "$4"
