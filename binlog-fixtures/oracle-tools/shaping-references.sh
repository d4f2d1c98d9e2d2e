#!/usr/bin/env bash
# Produce the references of the selection/shaping options: for each
# binlog-fixtures/scenarios/shaping/<case>.properties, Debezium 3.6.3 (HeaderOracle, so
# Kafka headers are kept) streams scenarios/shaping.sql (or scenarios/<name>.sql when the
# file has a "# scenario: <name>" line) with those properties added to
# scenarios/connector.properties (a "# drop: k1 k2" line removes base keys), writing
# reference/shaping-<case>.stream.jsonl and the run's binlogs to mariadb/shaping-<case>/.
#
#   shaping-references.sh PORT [CASE...]      # default: every case
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
fx=$(cd "$here/.." && pwd)
port=${1:?PORT}; shift
cases=("$@")
if [[ ${#cases[@]} -eq 0 ]]; then
  for f in "$fx"/scenarios/shaping/*.properties; do cases+=("$(basename "$f" .properties)"); done
fi
for c in "${cases[@]}"; do
  props="$fx/scenarios/shaping/$c.properties"
  drop=$(sed -n 's/^# drop: //p' "$props")
  scenario=$(sed -n 's/^# scenario: //p' "$props"); scenario=${scenario:-shaping}
  extra=$(grep -v '^#' "$props" | sed 's/\\/\\\\/g')
  rm -rf "$fx/mariadb/shaping-$c"
  DROP_PROPS="$drop" PROPS_EXTRA="$extra" BINLOG_OUT="$fx/mariadb/shaping-$c" \
    "$here/reference.sh" "$fx/scenarios/$scenario.sql" stream "$fx/reference/shaping-$c.stream.jsonl" "$port"
  echo "$c: $(wc -l < "$fx/reference/shaping-$c.stream.jsonl") records"
done
