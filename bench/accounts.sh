#!/usr/bin/env bash
# Accounts on against off, side by side in one run: PostgreSQL durable (fsync and synchronous
# commit on), BOOKS books, 64 accounts, alternating off/on ROUNDS times. Prints each run's peak
# and the ratio of the medians. Usage: bench/accounts.sh [BOOKS] [COMMANDS] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
books=${1:-1}
commands=${2:-1000000}
rounds=${3:-2}
ensure_load_client
declare -a off on
for r in $(seq 1 "$rounds"); do
  for mode in false true; do
    peak=$(java -Dbench.client-order-ids=true -Dbench.accounts=$mode -cp "$LOAD_CP" bookshard.bench.PostgresLoad \
        "$books" "$commands" 4000 2>/dev/null | awk '/^peak:/ {print $2}')
    echo "round $r accounts=$mode books=$books peak $peak commands/s"
    if [ "$mode" = false ]; then off+=("$peak"); else on+=("$peak"); fi
  done
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
mo=$(median "${off[@]}"); mn=$(median "${on[@]}")
echo "books=$books off median $mo, on median $mn: on/off $(awk -v a="$mn" -v b="$mo" 'BEGIN {printf "%.1f%%", 100 * a / b}')"
