# Shared by bench/edge.sh and bench/ab.sh.
LOAD_CP=""
ensure_load_client() {
  if [ ! -f target/test.cp ] || [ ! -d target/test-classes/bookshard/bench ]; then
    mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test.cp -Dmdep.includeScope=test >&2
  fi
  LOAD_CP="$PWD/target/test-classes:$PWD/target/classes:$(cat target/test.cp)"
}

# The Java client (client/, a member of the node's cluster): client/examples' LoadTest.
java_client() {
  local mode=$1; shift
  BOOKSHARD_SYMBOL_PATTERN='BENCH-[0-9]+' java -XX:+UseParallelGC -Xmx1g -Dpekko.loglevel=WARNING \
    -cp "$PWD/client/target/bookshard-client-0.1.0-SNAPSHOT.jar:$PWD/target/bookshard.jar" \
    bookshard.client.examples.LoadTest "$mode" "pekko://bookshard@127.0.0.1:$NODE_REMOTE_PORT" "$@" 2>/dev/null \
    | grep "^Java client"
}

# fix_load IN_FLIGHT SECONDS: pipelined FIX on one session against the node started with NODE_FIX=1,
# measured after FIX_WARMUP seconds of the same load (default 20).
fix_load() {
  java -XX:+UseParallelGC -Xmx1g -Dwarmup="${FIX_WARMUP:-20}" -cp "$LOAD_CP" bookshard.bench.FixLoad "$NODE_FIX_PORT" "$NODE_PORT" "$@" 2>/dev/null \
    | grep "^FIX"
}

load_client() {
  java -XX:+UseParallelGC -Xmx1g -cp "$LOAD_CP" bookshard.bench.EdgeLoad "$@"
}

peak_of() { sed -n 's/.* peak \([0-9]*\) orders\/s.*/\1/p' <<<"$1" | head -1; }

# start_durable_postgres ROUNDS: an embedded PostgreSQL with fsync and synchronous commit on, with
# databases bench1 .. benchN; sets PG_PORT. It stops when this shell's end of its input closes.
start_durable_postgres() {
  coproc PG { exec java -cp "$LOAD_CP" bookshard.bench.DurablePostgresServer "$1"; }
  while read -r line <&"${PG[0]}"; do
    echo "$line" >&2
    case "$line" in PGPORT*) PG_PORT=${line#PGPORT }; break ;; esac
  done
}

# in_process_peak JAR h2|pg [pg database]: the `bench 1 $ORDERS 4000` peak of that jar.
in_process_peak() {
  local jar=$1 journal=$2 log tmp
  log=$(mktemp)
  # Its own temporary directory, removed after: older commits' bench leaves its journal behind.
  tmp=$(mktemp -d)
  if [ "$journal" = pg ]; then
    BOOKSHARD_JOURNAL=postgres BOOKSHARD_PG_URL="jdbc:postgresql://localhost:$PG_PORT/$3" BOOKSHARD_PG_USER=postgres \
      BOOKSHARD_PG_PASSWORD= java -XX:+UseParallelGC -Djava.io.tmpdir="$tmp" -jar "$jar" bench 1 "$ORDERS" 4000 >"$log" 2>&1
  else
    java -XX:+UseParallelGC -Djava.io.tmpdir="$tmp" -jar "$jar" bench 1 "$ORDERS" 4000 >"$log" 2>&1
  fi
  grep -E '^(peak|at |allocated)' "$log" >&2 || { tail -20 "$log" >&2; }
  sed -n 's/^peak: \([0-9]*\) commands.*/\1/p' "$log"
  rm -rf "$log" "$tmp"
}

NODE_PID=""
NODE_PORT=""
# start_node JAR h2|pg [pg database]: a node of that jar on H2 or on the durable PostgreSQL at $PG_PORT.
start_node() {
  local jar=$1 journal=${2:-h2} dir
  local -a env=()
  if [ "$journal" = pg ]; then
    env=(BOOKSHARD_JOURNAL=postgres "BOOKSHARD_PG_URL=jdbc:postgresql://localhost:$PG_PORT/$3" BOOKSHARD_PG_USER=postgres
      BOOKSHARD_PG_PASSWORD=)
  fi
  # NODE_FIX=1: the node's FIX gateway on, on port $NODE_FIX_PORT (default sessions: CLIENT1 for alice and bob).
  if [ "${NODE_FIX:-0}" = 1 ]; then
    NODE_FIX_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    env+=(BOOKSHARD_FIX=on BOOKSHARD_FIX_PORT=$NODE_FIX_PORT)
  fi
  dir=$(mktemp -d)
  NODE_DIR=$dir
  NODE_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  NODE_REMOTE_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  env "${env[@]}" BOOKSHARD_HTTP_PORT=$NODE_PORT BOOKSHARD_REMOTE_PORT=$NODE_REMOTE_PORT BOOKSHARD_MANAGEMENT_PORT=0 BOOKSHARD_DATA_DIR="$dir" \
    BOOKSHARD_SYMBOL_PATTERN='BENCH-[0-9]+' java -XX:+UseParallelGC -Dpekko.loglevel=WARNING -jar "$jar" \
    >"$dir/node.log" 2>&1 &
  NODE_PID=$!
  for _ in $(seq 1 600); do
    grep -q "bookshard listening on" "$dir/node.log" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "node did not start: $(tail -5 "$dir/node.log")" >&2
  return 1
}

NODE_DIR=""
stop_node() {
  kill "$NODE_PID" 2>/dev/null || true
  wait "$NODE_PID" 2>/dev/null || true
  # A node's journal grows by ~1 GB a minute at these rates: a few runs would fill /tmp.
  [ -n "$NODE_DIR" ] && rm -rf "$NODE_DIR"
}
