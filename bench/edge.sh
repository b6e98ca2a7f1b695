#!/usr/bin/env bash
# The front doors beside the engine path, in one run on one machine: the in-process `bench`
# peak, then a node of the same jar on H2 (its own JVM, ParallelGC as `bench`) driven over the
# WebSocket (1 and 4 pipelined connections), one order at a time, and REST keep-alive (64
# clients) and the Java client (client/: pipelined, then one order at a time), each printed with
# its ratio to the in-process peak; then FIX (one session, pipelined) on a node with its gateway on.
#   bench/edge.sh [JAR]            (default target/bookshard.jar; build both first: mvn -B verify -DskipTests)
# Environment: SECONDS_EACH (default 20), ORDERS (in-process, default 1000000), FIX_WARMUP (default
# 60); PG=1 adds one order at a time on a node whose journal is a durable embedded PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${1:-target/bookshard.jar}
SECONDS_EACH=${SECONDS_EACH:-20}
ORDERS=${ORDERS:-1000000}
source bench/lib.sh
ensure_load_client

inproc=$(in_process_peak "$JAR" h2)
echo "in-process bench 1 $ORDERS 4000 (H2): $inproc commands/s"
start_node "$JAR" h2
ratio_line() { awk -v v="$2" -v base="$inproc" -v what="$1" 'BEGIN { printf "%-34s %8.0f orders/s  %5.1f%% of in-process\n", what, v, 100 * v / base }'; }
out=$(load_client ws "$NODE_PORT" 1 4096 "$SECONDS_EACH"); echo "$out"
ratio_line "WebSocket, 1 connection, pipelined" "$(peak_of "$out")"
out=$(load_client ws "$NODE_PORT" 4 2048 "$SECONDS_EACH"); echo "$out"
ratio_line "WebSocket, 4 connections" "$(peak_of "$out")"
load_client single "$NODE_PORT" 5000
out=$(load_client rest "$NODE_PORT" 64 "$SECONDS_EACH"); echo "$out"
ratio_line "REST keep-alive, 64 clients" "$(peak_of "$out")"
if [ -f client/target/bookshard-client-0.1.0-SNAPSHOT.jar ]; then
  out=$(java_client pipelined 4096 "$SECONDS_EACH"); echo "$out"
  ratio_line "Java client, pipelined" "$(peak_of "$out")"
  java_client single 5000
fi
stop_node

# FIX: a node with its gateway on, one session pipelined (book BTC-USD). Its node is fresh, so it
# gets a minute of the same load first: 35 s in, C2 was still compiling QuickFIX/J's, MINA's and
# H2's paths at 10-15% of the node (the other rows share a node warmed by those before them).
NODE_FIX=1 start_node "$JAR" h2
out=$(FIX_WARMUP=${FIX_WARMUP:-60} fix_load 1024 "$SECONDS_EACH"); echo "$out"
ratio_line "FIX, one session, pipelined" "$(peak_of "$out")"
stop_node

if [ "${PG:-0}" = 1 ]; then
  # One order at a time on a node whose journal is PostgreSQL with fsync and synchronous commit on.
  start_durable_postgres 2
  start_node "$JAR" pg bench1
  echo "PostgreSQL durable (fsync=on, synchronous_commit=on):"
  load_client single "$NODE_PORT" 5000
  [ -f client/target/bookshard-client-0.1.0-SNAPSHOT.jar ] && java_client single 5000
  stop_node
  exec {PG[1]}>&-
fi
