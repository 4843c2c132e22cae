#!/usr/bin/env bash
# PUT + resolve of 1 KiB workflow payloads, 16 concurrent clients, embedded SQLite catalog.
# Usage: bench/payloads.sh [clients] [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
source bin/java-env.sh
mvn -B -q -o test -Dtest=PayloadBench -Dsurefire.failIfNoSpecifiedTests=false -Dbench=true ${BENCH_OPTS:-} \
  -Dbench.clients="${1:-16}" -Dbench.seconds="${2:-10}" 2>&1 | grep -E "PUT|resolve|ERROR" || true
