#!/usr/bin/env bash
# A/B regression guard: builds two commits and runs, alternately on this machine (A B A B ...),
# the engine-path benchmark on H2 and on a durable PostgreSQL (fsync and synchronous_commit on),
# and pipelined WebSocket order entry against a node of each jar; prints every run and each
# ratio B/A. Absolute figures differ ~2x between machines here; the ratios are what to read.
#   bench/ab.sh BASE [HEAD] [ROUNDS]     (HEAD defaults to the work tree's HEAD, ROUNDS to 2)
# Environment: ORDERS (default 1000000), SECONDS_EACH (WebSocket, default 10), SKIP_PG=1.
set -euo pipefail
cd "$(dirname "$0")/.."
BASE=$(git rev-parse --short "$1")
HEAD_REV=$(git rev-parse --short "${2:-HEAD}")
ROUNDS=${3:-2}
ORDERS=${ORDERS:-1000000}
SECONDS_EACH=${SECONDS_EACH:-10}
source bench/lib.sh
ensure_load_client

build() {
  local rev=$1 dir=/tmp/bookshard-ab/$1
  if [ ! -f "$dir/target/bookshard.jar" ]; then
    rm -rf "$dir"; mkdir -p /tmp/bookshard-ab
    git worktree add -f --detach "$dir" "$rev" >/dev/null 2>&1
    (cd "$dir" && mvn -B -q package -DskipTests >&2)
  fi
  echo "$dir/target/bookshard.jar"
}
JAR_A=$(build "$BASE")
JAR_B=$(build "$HEAD_REV")

PG_PORT=""
if [ "${SKIP_PG:-0}" != 1 ]; then
  start_durable_postgres $((ROUNDS * 2 + 2))
fi

declare -A results
db=0
for round in $(seq 1 "$ROUNDS"); do
  for side in A B; do
    if [ $side = A ]; then jar=$JAR_A; rev=$BASE; else jar=$JAR_B; rev=$HEAD_REV; fi
    echo "== round $round, $side = $rev" >&2
    results[$side,h2]+=" $(in_process_peak "$jar" h2)"
    if [ -n "$PG_PORT" ]; then
      db=$((db + 1))
      results[$side,pg]+=" $(in_process_peak "$jar" pg "bench$db")"
    fi
    start_node "$jar" h2
    if out=$(load_client ws "$NODE_PORT" 1 4096 "$SECONDS_EACH" 2>&1); then
      echo "$out" >&2
      results[$side,ws]+=" $(peak_of "$out")"
    else
      results[$side,ws]+=" n/a"
      echo "no WebSocket order entry in $rev" >&2
    fi
    stop_node
  done
done
[ -n "$PG_PORT" ] && exec {PG[1]}>&-

echo
echo "A = $BASE, B = $HEAD_REV, $(date -u +%Y-%m-%d), $(nproc) cores, $ROUNDS rounds alternating"
printf '%-44s %-24s %-24s %s\n' "benchmark (orders or commands/s)" "A runs" "B runs" "B/A (means)"
for k in h2 pg ws; do
  case $k in
    h2) name="bench 1 $ORDERS 4000, H2" ;;
    pg) name="bench 1 $ORDERS 4000, PostgreSQL durable" ;;
    ws) name="WebSocket, 1 connection, 4096 in flight" ;;
  esac
  a=${results[A,$k]:-}; b=${results[B,$k]:-}
  [ -z "$a$b" ] && continue
  ratio=$(awk -v a="$a" -v b="$b" 'BEGIN { na = split(a, x); nb = split(b, y); sa = 0; sb = 0;
    for (i = 1; i <= na; i++) { if (x[i] == "n/a") { print "n/a"; exit } sa += x[i] }
    for (i = 1; i <= nb; i++) { if (y[i] == "n/a") { print "n/a"; exit } sb += y[i] }
    printf "%.2f", (sb / nb) / (sa / na) }')
  printf '%-44s %-24s %-24s %s\n' "$name" "$a" "$b" "$ratio"
done
