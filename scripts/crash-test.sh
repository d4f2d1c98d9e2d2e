#!/usr/bin/env bash
# The full-size crash test of issue 7: 100,000 row changes, 50 SIGKILLs of
# `tributary run --sink kafka`, at-least-once and exactly-once (tests/crash_resume.rs).
# Prints each run's figures (changes, duplicates, tombstones, seed); the whole output
# (engine logs of a failure included) goes to ${LOG:-/tmp/tributary-crash-test.log}.
#   scripts/crash-test.sh [ROWS] [KILLS]
set -euo pipefail
cd "$(dirname "$0")/.."
log=${LOG:-/tmp/tributary-crash-test.log}
status=0
TRIBUTARY_CRASH_ROWS=${1:-100000} TRIBUTARY_CRASH_KILLS=${2:-50} TRIBUTARY_CRASH_CATCHUP_S=${CATCHUP_S:-3600} \
  cargo test --test crash_resume -- --nocapture --test-threads=1 >"$log" 2>&1 || status=$?
grep -E '^crash_|^test |test result|panicked|only |engine exited' "$log" || true
exit $status
