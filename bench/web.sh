#!/usr/bin/env bash
# HTTP throughput and latency of the web pages and the search API under concurrent load, measured with wrk on
# loopback against the demo server (10,000 papers, a fresh data directory). Prints each run and a table of medians.
#   bench/web.sh [RUNS]
# Environment (defaults in brackets): DURATION of each wrk run [15s], CONNECTIONS [64], THREADS wrk threads [1],
# WARMUP seconds of load per endpoint before the first run [15], PORT [18090], GZIP=1 to send Accept-Encoding: gzip
# as browsers do [0: plain wrk, uncompressed], ONLY=daily,paper,... a subset of the endpoints, JAR a built jar to
# measure instead of this checkout's (e.g. an older build, for before/after), JAVA_OPTS extra JVM flags for the
# server (e.g. -XX:StartFlightRecording=filename=/tmp/web.jfr), QUERIES a file of search queries, one a line, for the
# search endpoints instead of the eight fixed ones (a long list of distinct queries measures search, not caches;
# only its first ten are checked before the runs).
# Each run also reports the server's CPU time per request (from /proc), which is steadier than req/s on a shared
# machine (see bench/wrk-runs.sh).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${1:-5}"
DURATION="${DURATION:-15s}"
WARMUP="${WARMUP:-15}"
PORT="${PORT:-18090}"
ONLY="${ONLY:-}"
QUERIES="${QUERIES:-}"
[ -z "$QUERIES" ] || [ -s "$QUERIES" ] || { echo "QUERIES=$QUERIES is not a file of queries" >&2; exit 1; }
# shellcheck source=bench/demo-server.sh
. "$ROOT/bench/demo-server.sh"
# shellcheck source=bench/wrk-runs.sh
. "$ROOT/bench/wrk-runs.sh"
# wrk is one client sending thousands of searches a second: the per-client search limit is off. wrk repeats its
# queries, so the server's memory of query vectors is off too: each search is embedded, as a new query is.
start_demo_server web PAPERBOY_SEARCH_RATE_LIMIT=0 PAPERBOY_SEARCH_QUERY_VECTORS=0
# Then for the server to go quiet: after indexing, Lucene merges segments (and their HNSW graphs) in the background.
wait_for 300 "the server to go idle" quiet
echo "server: $("$JAVA" -version 2>&1 | head -1); $(curl -fs "$BASE/healthz")"

# Endpoints: name and request paths (wrk rotates through them). The paper and query lists are fixed for repeatability.
PAPERS="2503.11731 2503.11794 2503.11906 2503.11958 2503.12009 2503.12035 2503.12068 2503.12096 2503.12168 2503.12230"
QUERIES_FIXED="graph+neural+networks diffusion+models+for+image+generation large+language+model+reasoning \
reinforcement+learning+for+robot+manipulation federated+learning+privacy retrieval+augmented+generation \
vision+transformer+object+detection speech+recognition+low+resource+languages"
endpoints=(daily daily-busiest paper search-api-keyword search-api-hybrid search-page)
# The search queries, URL-encoded, one a line.
queries() {
  if [ -n "$QUERIES" ]; then
    python3 -c 'import sys, urllib.parse
for line in open(sys.argv[1], encoding="utf-8"):
    if line.strip(): print(urllib.parse.quote_plus(line.strip()))' "$QUERIES"
  else
    for q in $QUERIES_FIXED; do echo "$q"; done
  fi
}
paths_for() {
  case "$1" in
    daily) echo "/daily" ;;
    daily-busiest) echo "/daily?date=2026-06-02" ;;  # the demo corpus's busiest day: 95 papers
    paper) for id in $PAPERS; do echo "/papers/$id"; done ;;
    search-api-keyword) queries | while read -r q; do echo "/api/papers/search?q=$q&mode=keyword"; done ;;
    search-api-hybrid) queries | while read -r q; do echo "/api/papers/search?q=$q&mode=hybrid"; done ;;
    search-page) queries | while read -r q; do echo "/search?q=$q"; done ;;
  esac
}
selected=()
for name in "${endpoints[@]}"; do
  if [ -z "$ONLY" ] || [[ ",$ONLY," == *",$name,"* ]]; then selected+=("$name"); fi
done
[ ${#selected[@]} -gt 0 ] || { echo "ONLY=$ONLY names no endpoint; choose from: ${endpoints[*]}" >&2; exit 1; }
for name in "${selected[@]}"; do
  paths_for "$name" >"$SCRATCH/$name.paths"
  check_paths "$name" "$BASE" 10
done

echo "warming up: ${WARMUP}s per endpoint"
for name in "${selected[@]}"; do
  measure warm-up "$name" "${WARMUP}s" >/dev/null; rm "$SCRATCH/$name.results"
  wait_for 120 "the server to go idle" quiet
done

printf 'wrk -t%s -c%s -d%s --latency, Accept-Encoding: %s, %s runs\n' "$THREADS" "$CONNECTIONS" "$DURATION" "$encoding" "$RUNS"
for run in $(seq 1 "$RUNS"); do
  for name in "${selected[@]}"; do
    measure "run $run" "$name" "$DURATION"
    # wrk stops at the deadline, but the server still owes the requests it had queued (a second's worth for the
    # searches): let it finish them, so that they do not land in the next endpoint's latencies.
    wait_for 120 "the server to finish the last run's requests" quiet
  done
done

echo
echo "| endpoint | req/s | p50 ms | p99 ms | server CPU ms/req |"
echo "|---|---|---|---|---|"
for name in "${selected[@]}"; do
  col() { cut -d' ' -f"$1" "$SCRATCH/$name.results" | median; }
  printf '| %s | %s | %s | %s | %s |\n' "$name" "$(col 1)" "$(col 2)" "$(col 3)" "$(col 4)"
done
echo "(medians of $RUNS runs of wrk -t$THREADS -c$CONNECTIONS -d$DURATION, Accept-Encoding: $encoding; each column's median on its own)"
