#!/usr/bin/env bash
# Harvest throughput and memory: `paperboy harvest` against a local stand-in for arXiv's OAI-PMH service
# (bench/OaiReplay.java: arXivRaw pages of 2,500 records made from the 74k-paper corpus, linked by resumption tokens)
# with the politeness interval set to 0, into a fresh SQLite store each run.
#   bench/harvest.sh [RUNS]
# Environment: SIZES records per harvest ["1000 10000 100000"], CORPUS [../shared/data/demo-corpus/arxiv-cs-74k.jsonl.gz],
# HEAP the small heap every size must also complete in [64m].
# For each size: the median over RUNS [3] of records parsed and stored per second (from the harvest's own elapsed
# time, JVM start-up excluded) and the process's peak RSS with the launcher's defaults (the JVM grows its heap while
# there is memory to spare); then one run in a HEAP heap, which fails with OutOfMemoryError if memory grew with size.
# Reference in the same go: `paperboy import` of the same 74,728 papers from the corpus file (no HTTP, no XML), so the
# ratio says what OAI-PMH costs on top of storing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${1:-3}"
SIZES="${SIZES:-1000 10000 100000}"
CORPUS="${CORPUS:-$ROOT/../shared/data/demo-corpus/arxiv-cs-74k.jsonl.gz}"
HEAP="${HEAP:-64m}"
PORT=18124
SCRATCH="$(mktemp -d /tmp/paperboy-harvest.XXXXXX)"
REPLAY=""
cleanup() {
  [ -n "$REPLAY" ] && kill "$REPLAY" 2>/dev/null || true
  rm -rf "$SCRATCH"
}
trap cleanup EXIT

"$ROOT/paperboy" build >/dev/null
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
[ -n "${JAVA_HOME:-}" ] || JAVA="$(ls -d /usr/lib/jvm/*/bin/java 2>/dev/null | sort -V | tail -1)"
export PAPERBOY_ARXIV_OAI_URL="http://127.0.0.1:$PORT/oai" PAPERBOY_ARXIV_REQUEST_INTERVAL=0 PAPERBOY_EMBEDDING_PROVIDER=none

start_replay() { # RECORDS
  [ -n "$REPLAY" ] && kill "$REPLAY" 2>/dev/null && wait "$REPLAY" 2>/dev/null || true
  "$JAVA" -cp "$ROOT/target/paperboy.jar" "$ROOT/bench/OaiReplay.java" "$CORPUS" "$1" 2500 "$PORT" >"$SCRATCH/replay.log" 2>&1 &
  REPLAY=$!
  for _ in $(seq 1 120); do grep -q listening "$SCRATCH/replay.log" && return; sleep 0.5; done
  echo "the stand-in did not start: $(cat "$SCRATCH/replay.log")" >&2; exit 1
}

harvest() { # prints "SECONDS PEAK_RSS_MB"; extra environment in "$@"
  rm -rf "$SCRATCH/data"
  env "$@" /usr/bin/time -f "%M" -o "$SCRATCH/rss" "$ROOT/paperboy" harvest --data-dir "$SCRATCH/data" --from 2015-01-01 \
    >"$SCRATCH/out" 2>&1 || { cat "$SCRATCH/out" >&2; return 1; }
  awk '/elapsed/ {print $2}' "$SCRATCH/out" | tr -d '\n'
  echo " $(( $(cat "$SCRATCH/rss") / 1024 ))"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

printf '%-9s %12s %10s %14s %26s\n' records "elapsed (s)" records/s "peak RSS (MB)" "in a $HEAP heap: peak RSS"
for size in $SIZES; do
  start_replay "$size"
  secs=(); rss=()
  for _ in $(seq 1 "$RUNS"); do
    read -r s r < <(harvest)
    secs+=("$s"); rss+=("$r")
  done
  s=$(printf '%s\n' "${secs[@]}" | median)
  r=$(printf '%s\n' "${rss[@]}" | median)
  if read -r _ small < <(harvest PAPERBOY_JAVA_OPTS="-Xmx$HEAP"); then small="$small MB"; else small="FAILED"; fi
  printf '%-9s %12s %10.0f %14s %26s\n' "$size" "$s" "$(echo "$size / $s" | bc -l)" "$r" "$small"
done

# The reference: the same papers imported from the corpus file, and harvested, alternately.
count=$(zcat "$CORPUS" | wc -l)
start_replay "$count"
hs=(); is=()
for _ in $(seq 1 "$RUNS"); do
  read -r s _ < <(harvest)
  hs+=("$s")
  rm -rf "$SCRATCH/data"
  line=$("$ROOT/paperboy" import --data-dir "$SCRATCH/data" "$CORPUS" 2>/dev/null | tail -1)
  is+=("$(echo "$line" | sed -n 's/.* \([0-9,]*\) records\/s/\1/p' | tr -d ,)")
done
harvest_rate=$(echo "$count / $(printf '%s\n' "${hs[@]}" | median)" | bc -l)
import_rate=$(printf '%s\n' "${is[@]}" | median)
printf '\nsame %s papers: harvest %.0f records/s, import %s records/s: harvest/import = %.2f (medians of %s)\n' \
  "$count" "$harvest_rate" "$import_rate" "$(echo "$harvest_rate / $import_rate" | bc -l)" "$RUNS"
