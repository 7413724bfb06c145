#!/usr/bin/env bash
# Import throughput: imports a corpus into a fresh store, RUNS times, and prints each run's rate and the median.
#   bench/import.sh [CORPUS] [RUNS]                          SQLite in a scratch data directory
#   DATABASE=postgresql bench/import.sh [CORPUS] [RUNS]      a scratch PostgreSQL 15 server (Debian's, on port 55432)
# The rate is papers read per second of import (JVM start-up and schema migration excluded), as printed by
# `paperboy import`; each run starts from an empty store.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CORPUS="${1:-$ROOT/../shared/data/demo-corpus/arxiv-cs-74k.jsonl.gz}"
RUNS="${2:-5}"
DATABASE="${DATABASE:-sqlite}"
SCRATCH="$(mktemp -d /tmp/paperboy-bench.XXXXXX)"
chmod 755 "$SCRATCH"
PG_PORT=55432
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"

cleanup() {
  if [ "$DATABASE" = postgresql ] && [ -f "$SCRATCH/pg/postmaster.pid" ]; then
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$SCRATCH/pg" -m fast stop >/dev/null
  fi
  rm -rf "$SCRATCH"
}
trap cleanup EXIT

"$ROOT/paperboy" build
args=()
if [ "$DATABASE" = postgresql ]; then
  [ -n "$PG_BIN" ] || { echo "PostgreSQL server binaries not found: apt-get install postgresql" >&2; exit 1; }
  mkdir -p "$SCRATCH/pg" && chown postgres "$SCRATCH" "$SCRATCH/pg"
  runuser -u postgres -- "$PG_BIN/initdb" -D "$SCRATCH/pg" -U postgres --auth=trust >/dev/null
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$SCRATCH/pg" -o "-p $PG_PORT -k $SCRATCH -c listen_addresses=127.0.0.1" \
    -l "$SCRATCH/pg.log" -w start >/dev/null
fi

rates=()
for run in $(seq 1 "$RUNS"); do
  if [ "$DATABASE" = postgresql ]; then
    runuser -u postgres -- "$PG_BIN/psql" -q -o /dev/null -h 127.0.0.1 -p $PG_PORT -U postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS bench" -c "CREATE DATABASE bench"
    args=(--database-url "jdbc:postgresql://127.0.0.1:$PG_PORT/bench" )
    export PAPERBOY_DATABASE_USER=postgres
  else
    rm -rf "$SCRATCH/data"
    args=(--data-dir "$SCRATCH/data")
  fi
  line=$("$ROOT/paperboy" import "${args[@]}" "$CORPUS" 2>/dev/null | tail -1)
  rate=$(echo "$line" | sed -n 's/.* \([0-9,]*\) records\/s/\1/p' | tr -d ,)
  echo "run $run: $line"
  rates+=("$rate")
done
median=$(printf '%s\n' "${rates[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}')
printf 'database=%s corpus=%s runs=%s median=%s papers/s\n' "$DATABASE" "$(basename "$CORPUS")" "$RUNS" "$median"
