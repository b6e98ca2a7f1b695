#!/usr/bin/env bash
# False downings under load: nodes 1-3 (`java -jar target/bookshard.jar node N`) on a durable
# PostgreSQL, WebSocket load through node 1 over BOOKS books (so every node hosts some) for about
# MINUTES, at the peak for half of it and at half the peak for the rest. Then counts what the
# failure detector and the split-brain resolver did; a healthy run has none of either.
# Usage: bench/soak.sh [MINUTES] [BOOKS]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
minutes=${1:-10}
books=${2:-12}
ensure_load_client
[ -f target/bookshard.jar ] || mvn -B -q package -DskipTests
start_durable_postgres 1
logs=$(mktemp -d)
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait "${pids[@]}" 2>/dev/null || true; }
trap cleanup EXIT
for n in 1 2 3; do
  BOOKSHARD_JOURNAL=postgres BOOKSHARD_PG_URL="jdbc:postgresql://localhost:$PG_PORT/bench1" BOOKSHARD_PG_USER=postgres \
    BOOKSHARD_PG_PASSWORD= BOOKSHARD_DATA_DIR="$logs/data$n" BOOKSHARD_SYMBOL_PATTERN='BENCH-[0-9]+' \
    java -XX:+UseParallelGC -Xmx2g -jar target/bookshard.jar node "$n" >"$logs/node$n.log" 2>&1 &
  pids+=($!)
  sleep 3
done
for n in 1 2 3; do
  for _ in $(seq 1 600); do
    curl -sf "localhost:808$n/ready" >/dev/null 2>&1 && break
    sleep 0.2
  done
done
echo "3 nodes ready; logs in $logs" >&2
java -XX:+UseParallelGC -Xmx1g -Dbooks="$books" -Dwarmup=0 -cp "$LOAD_CP" bookshard.bench.EdgeLoad ws 8081 4 4096 \
  $((minutes * 30)) 2>/dev/null | grep '^WS\|unexpected'
for n in 1 2 3; do
  printf 'node %s: unreachable marks %s, downing decisions %s, downed %s\n' "$n" \
    "$(grep -c 'Marking node as UNREACHABLE' "$logs/node$n.log" || true)" \
    "$(grep -c 'majority downing: downing' "$logs/node$n.log" || true)" \
    "$(grep -c 'was downed by the cluster' "$logs/node$n.log" || true)"
done
