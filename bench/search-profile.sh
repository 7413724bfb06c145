#!/usr/bin/env bash
# A JFR profile of hybrid search under load on the demo server: rotates through a file of queries (one a line) with
# wrk, records only the measured load (not the start-up and its indexing), and prints the server's CPU per request.
#   bench/search-profile.sh QUERIES_FILE OUT.jfr
# Environment: JAR a built jar (else this checkout's), PORT [18093], WARMUP seconds [15], DURATION [15s],
# CONNECTIONS [8], PATH_TEMPLATE the request with QUERY for the URL-encoded query
# ['/api/papers/search?q=QUERY&mode=hybrid&limit=20'], SERVER_ENV extra VAR=VALUE settings for the server,
# INDEX_COPY a directory to copy the settled server's search index to (for bench/SearchCpu.java).
# Read the profile with bench/search-breakdown.py OUT.jfr (CPU per search phase), or jfr view hot-methods OUT.jfr;
# it holds jdk.CPUTimeSample events, a sample every 2 ms of a Java thread's CPU time.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
QUERY_FILE="${1:?usage: bench/search-profile.sh QUERIES_FILE OUT.jfr}"
OUT_JFR="$(realpath -m "${2:?usage: bench/search-profile.sh QUERIES_FILE OUT.jfr}")"
PORT="${PORT:-18093}"
WARMUP="${WARMUP:-15}"
DURATION="${DURATION:-15s}"
CONNECTIONS="${CONNECTIONS:-8}"
PATH_TEMPLATE="${PATH_TEMPLATE:-/api/papers/search?q=QUERY&mode=hybrid&limit=20}"
command -v wrk >/dev/null || { echo "wrk not found: apt-get install wrk" >&2; exit 1; }
# shellcheck source=bench/demo-server.sh
. "$ROOT/bench/demo-server.sh"
# shellcheck disable=SC2086
# Every query is embedded, as a new query is (the list's queries are distinct, and the vectors' memory is off too).
start_demo_server search-profile PAPERBOY_SEARCH_RATE_LIMIT=0 PAPERBOY_SEARCH_QUERY_VECTORS=0 ${SERVER_ENV:-}
HZ=$(getconf CLK_TCK)
server_cpu() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }
quiet() { local a; a=$(server_cpu); sleep 2; [ $(( $(server_cpu) - a )) -lt $(( HZ / 10 )) ]; }
wait_for 300 "the server to go idle" quiet
if [ -n "${INDEX_COPY:-}" ]; then
  rm -rf "$INDEX_COPY" && cp -r "$SCRATCH/data/index" "$INDEX_COPY" && rm -f "$INDEX_COPY/write.lock"
fi
python3 -c 'import sys, urllib.parse
for line in open(sys.argv[1], encoding="utf-8"):
    if line.strip(): print(sys.argv[2].replace("QUERY", urllib.parse.quote_plus(line.strip())))' \
  "$QUERY_FILE" "$PATH_TEMPLATE" >"$SCRATCH/paths"
first=$(head -1 "$SCRATCH/paths")
code=$(curl -s -o /dev/null -w '%{http_code}' "$BASE$first")
[ "$code" = 200 ] || { echo "GET $first answered $code, not 200" >&2; exit 1; }
# The warm-up starts halfway down the list, so that the measured load meets its queries for the first time.
lines=$(wc -l <"$SCRATCH/paths")
tail -n +$(( lines / 2 + 1 )) "$SCRATCH/paths" >"$SCRATCH/warmup.paths"
run() { wrk -t1 -c"$CONNECTIONS" -d"$2" --timeout 10s -s "$ROOT/bench/web.lua" "$BASE" -- "$1" identity | grep '^RESULT'; }
run "$SCRATCH/warmup.paths" "${WARMUP}s" >/dev/null
wait_for 120 "the server to go idle" quiet
JCMD="$(dirname "$JAVA")/jcmd"
[ -x "$JCMD" ] || JCMD=jcmd
"$JCMD" "$SERVER" JFR.start name=search settings=profile jdk.CPUTimeSample#enabled=true jdk.CPUTimeSample#throttle=2ms >/dev/null
# Per-thread CPU, grouped by thread name with digits dropped: request threads, GC, JIT, and native threads that the
# JVM does not name (ONNX Runtime's pool shows as "java"). JFR samples Java code only, so this accounts the rest.
threads() { for t in /proc/"$SERVER"/task/*; do
  printf '%s\t%s\n' "$(tr -d '0-9' <"$t/comm" | tr ' ' '_')" "$(awk '{print $14 + $15}' "$t/stat")"; done 2>/dev/null; }
threads >"$SCRATCH/threads.before"
s0=$(server_cpu)
read -r _ requests seconds rate p50 p99 errors non2xx < <(run "$SCRATCH/paths" "$DURATION")
ticks=$(( $(server_cpu) - s0 ))
threads >"$SCRATCH/threads.after"
"$JCMD" "$SERVER" JFR.stop name=search filename="$OUT_JFR" >/dev/null
awk -v s="$ticks" -v hz="$HZ" -v n="$requests" -v r="$rate" -v p="$p50" -v e="$errors" -v x="$non2xx" 'BEGIN {
  printf "%d requests, %s req/s, p50 %s ms, server CPU %.2f ms/req, errors %s, non-2xx %s\n", n, r, p, s / hz * 1000 / n, e, x }'
echo "server CPU ms/req by thread group (threads that ended during the run are not counted):"
awk -F'\t' -v hz="$HZ" -v n="$requests" 'FNR == NR { before[$1] += $2; next } { after[$1] += $2 }
  END { for (g in after) { d = after[g] - before[g]; if (d > 0) printf "  %-16s %6.2f\n", g, d / hz * 1000 / n } }' \
  "$SCRATCH/threads.before" "$SCRATCH/threads.after" | sort -k2 -rn
echo "profile: $OUT_JFR"
