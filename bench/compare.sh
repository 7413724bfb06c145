#!/usr/bin/env bash
# Paperboy side by side with nginx sending the same bytes, on this machine, in one go: the figures of issue 13 as a
# markdown table (figure | value | goal), with the CPU model. Starts the demo server (10,000 papers, a fresh data
# directory) and an nginx of its own (temporary config, pid and logs, loopback only; no root needed).
#   bench/compare.sh
# Environment (defaults in brackets): RUNS [3] and DURATION [15s] of the measured wrk runs, WARMUP seconds of load
# per endpoint before them [30], CONNECTIONS [64], PORT [18090] and NGINX_PORT [PORT + 10], JAR a built jar to
# measure instead of this checkout's, JAVA_OPTS extra JVM flags, PAPERBOY_HEAP the server's heap (as ./paperboy
# reads it; "auto" for the JVM's default), ONLY=daily,search,paper,start,memory,floor a subset of the figures.
# The figures:
#   daily   GET /daily, CONNECTIONS connections: Paperboy's req/s ÷ nginx's req/s for the same bytes (the page fetched
#           once from Paperboy, served by nginx from a file with the same Content-Type); the two alternate run by run
#   search  GET /api/papers/search?q=...&limit=20, hybrid and keyword: the server's CPU time per request (from /proc),
#           rotating the 2,500 distinct queries of bench/search-queries.txt, so that no cache answers them
#   paper   GET /papers/ID over all the demo's papers: the server's CPU time per request
#   start   the server restarted on its imported data directory; from the first /healthz 200 (the definition of
#           "search answers"), 10 s of load on /daily: its req/s ÷ the steady req/s measured later (the daily runs);
#           and the time from the JVM's launch to that first 200
#   memory  after all the load: the server's resident memory (VmRSS; of it RssAnon, the heap and native memory,
#           and RssFile, mostly Lucene's memory-mapped index files) from /proc, and its maximum heap
#   floor   GET /healthz on one kept-alive connection (wrk -c1), the median latency, Paperboy's and nginx's (a
#           small file)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${RUNS:-3}"
DURATION="${DURATION:-15s}"
WARMUP="${WARMUP:-30}"
PORT="${PORT:-18090}"
NGINX_PORT="${NGINX_PORT:-$((PORT + 10))}"
ONLY="${ONLY:-}"
figures=(daily search paper start memory floor)
wanted() { [ -z "$ONLY" ] || [[ ",$ONLY," == *",$1,"* ]]; }
for figure in ${ONLY//,/ }; do
  [[ " ${figures[*]} " == *" $figure "* ]] || { echo "ONLY=$ONLY: no figure '$figure'; choose from: ${figures[*]}" >&2; exit 1; }
done
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
if wanted daily || wanted floor; then
  [ -x "$NGINX" ] || { echo "nginx not found: apt-get install nginx-light" >&2; exit 1; }
fi
# shellcheck source=bench/demo-server.sh
. "$ROOT/bench/demo-server.sh"
# shellcheck source=bench/wrk-runs.sh
. "$ROOT/bench/wrk-runs.sh"

NGINX_DIR=""
NGINX_PID=""
stop_all() {
  if [ -n "$NGINX_PID" ] && kill -0 "$NGINX_PID" 2>/dev/null; then
    kill -QUIT "$NGINX_PID" && wait "$NGINX_PID" 2>/dev/null || true
  fi
  [ -z "$NGINX_DIR" ] || rm -rf "$NGINX_DIR"
  cleanup
}
trap stop_all EXIT

# wrk is one client sending thousands of searches a second: the per-client search limit is off; and it repeats its
# list of queries run after run, so the memory of query vectors is off too: each search is embedded.
start_demo_server compare PAPERBOY_SEARCH_RATE_LIMIT=0 PAPERBOY_SEARCH_QUERY_VECTORS=0
# After indexing, Lucene merges segments (and their HNSW graphs) in the background: wait for that to end.
wait_for 300 "the server to go idle" quiet

# Request paths, one file per endpoint, for bench/web.lua.
echo "/daily" >"$SCRATCH/daily.paths"
cp "$SCRATCH/daily.paths" "$SCRATCH/nginx-daily.paths"
echo "/healthz" >"$SCRATCH/floor.paths"
cp "$SCRATCH/floor.paths" "$SCRATCH/nginx-floor.paths"
cp "$SCRATCH/daily.paths" "$SCRATCH/first-10s.paths"
queries() { grep -v '^#' "$ROOT/bench/search-queries.txt" | tr ' ' '+'; }
queries | sed 's|^|/api/papers/search?limit=20\&mode=hybrid\&q=|' >"$SCRATCH/search-hybrid.paths"
queries | sed 's|^|/api/papers/search?limit=20\&mode=keyword\&q=|' >"$SCRATCH/search-keyword.paths"
zcat "$ROOT/demo/arxiv-cs-10k.jsonl.gz" | sed -n 's|^{"id": *"\([^"]*\)".*|/papers/\1|p' >"$SCRATCH/paper.paths"

if wanted start; then
  stop_demo_server
  launched=$(date +%s%N)
  launch_demo_server
  until curl -fs -o /dev/null --max-time 5 "$BASE/healthz"; do
    kill -0 "$SERVER" 2>/dev/null || { echo "the server exited; its log:" >&2; cat "$SCRATCH/server.log" >&2; exit 1; }
    [ $(( $(date +%s%N) - launched )) -lt 300000000000 ] || { echo "no /healthz 200 in 300 s" >&2; exit 1; }
    sleep 0.05
  done
  ready_ms=$(( ($(date +%s%N) - launched) / 1000000 ))
  echo "restarted on the imported data: /healthz 200 after $ready_ms ms; 10 s of load on /daily at once"
  measure "first 10 s" first-10s 10s
  wait_for 120 "the server to go idle" quiet
fi
echo "server: $("$JAVA" -version 2>&1 | head -1); $(curl -fs "$BASE/healthz")"

if wanted daily || wanted floor; then
  NGINX_DIR="$(mktemp -d /tmp/paperboy-compare-nginx.XXXXXX)"
  chmod 755 "$NGINX_DIR"  # nginx started by root serves as nobody
  mkdir "$NGINX_DIR/www"
  daily_type=$(curl -fs -o "$NGINX_DIR/www/daily" -w '%{content_type}' "$BASE/daily")
  curl -fs -o "$NGINX_DIR/www/healthz" "$BASE/healthz"
  cat >"$NGINX_DIR/nginx.conf" <<EOF
worker_processes auto;
pid $NGINX_DIR/nginx.pid;
error_log $NGINX_DIR/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  types { }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $NGINX_DIR/www;
    location = /daily { default_type "$daily_type"; }
    location = /healthz { default_type "application/json"; }
  }
}
EOF
  # -e (nginx 1.19.5 and later): not even the error log of the system's nginx is opened.
  error_log=()
  "$NGINX" -h 2>&1 | grep -q -- '-e filename' && error_log=(-e "$NGINX_DIR/error.log")
  "$NGINX" -p "$NGINX_DIR" "${error_log[@]}" -c "$NGINX_DIR/nginx.conf" -g 'daemon off;' &
  NGINX_PID=$!
  NGINX_BASE="http://127.0.0.1:$NGINX_PORT"
  wait_for 10 "nginx" curl -fs -o /dev/null "$NGINX_BASE/daily"
  NGINX_PIDS="$NGINX_PID $(pgrep -P "$NGINX_PID" | tr '\n' ' ')"
  cmp -s "$NGINX_DIR/www/daily" <(curl -fs "$NGINX_BASE/daily") || { echo "nginx sends other bytes for /daily" >&2; exit 1; }
  echo "nginx: $("$NGINX" -v 2>&1), $(wc -c <"$NGINX_DIR/www/daily") bytes of /daily as $daily_type"
fi

# The endpoints under load: name and where (Paperboy, or nginx).
loaded=()
wanted daily || wanted start && loaded+=(daily)
wanted daily && loaded+=(nginx-daily)
wanted search && loaded+=(search-hybrid search-keyword)
wanted paper && loaded+=(paper)
run_on() { # run_on LABEL NAME DURATION
  case "$2" in
    nginx-*) CPU_PIDS="$NGINX_PIDS" measure "$1" "$2" "$3" "$NGINX_BASE" ;;
    *) measure "$1" "$2" "$3"; wait_for 120 "the server to finish the last run's requests" quiet ;;
  esac
}
for name in "${loaded[@]}"; do
  case "$name" in nginx-*) check_paths "$name" "$NGINX_BASE" ;; *) check_paths "$name" "$BASE" 10 ;; esac
done
if [ ${#loaded[@]} -gt 0 ]; then
  echo "warming up: ${WARMUP}s per endpoint"
  for name in "${loaded[@]}"; do run_on warm-up "$name" "${WARMUP}s" >/dev/null; rm "$SCRATCH/$name.results"; done
  echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency, Accept-Encoding: $encoding, $RUNS runs"
  for run in $(seq 1 "$RUNS"); do
    order=("${loaded[@]}")
    # Paperboy and nginx take turns at going first, so that neither always meets the machine's quieter moments.
    if [ $((run % 2)) = 0 ] && [ "${order[1]:-}" = nginx-daily ]; then order[0]=nginx-daily; order[1]=daily; fi
    for name in "${order[@]}"; do run_on "run $run" "$name" "$DURATION"; done
  done
fi

if wanted memory; then
  jcmd="$(dirname "$JAVA")/jcmd"
  max_heap=$("$jcmd" "$SERVER" VM.flags 2>/dev/null | tr ' ' '\n' | sed -n 's/^-XX:MaxHeapSize=//p')
  status_kb() { awk -v k="$1:" '$1 == k {print $2}' "/proc/$SERVER/status"; }
  rss=$(status_kb VmRSS); rss_anon=$(status_kb RssAnon); rss_file=$(status_kb RssFile)
fi

if wanted floor; then
  echo "unloaded floor: /healthz on one kept-alive connection, $DURATION"
  measure "floor" floor "$DURATION" "$BASE" 1
  CPU_PIDS="$NGINX_PIDS" measure "floor" nginx-floor "$DURATION" "$NGINX_BASE" 1
fi

# The table: medians over the runs.
col() { [ -f "$SCRATCH/$1.results" ] && cut -d' ' -f"$2" "$SCRATCH/$1.results" | median; }
mb() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo
echo "CPU: $(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo), $(nproc) cores; $("$JAVA" -version 2>&1 | head -1)"
echo "(loopback; wrk -t$THREADS on the same machine; medians of $RUNS × $DURATION after ${WARMUP} s of warm-up per endpoint)"
echo
echo "| figure | value | goal |"
echo "|---|---|---|"
if wanted daily; then
  p=$(col daily 1); n=$(col nginx-daily 1)
  echo "| daily page, $CONNECTIONS connections: Paperboy ÷ nginx with the same $(wc -c <"$NGINX_DIR/www/daily") bytes (req/s) | $p ÷ $n = **$(ratio "$p" "$n")** | ≥ 0.25 |"
  echo "| daily page: server CPU per request | $(col daily 4) ms (nginx: $(col nginx-daily 4) ms) | |"
fi
if wanted search; then
  echo "| search API (hybrid, 20 results, $(queries | wc -l) distinct queries), server CPU per request | **$(col search-hybrid 4) ms** ($(col search-hybrid 1) req/s) | ≤ 10 ms |"
  echo "| search API (keyword, 20 results), server CPU per request | $(col search-keyword 4) ms ($(col search-keyword 1) req/s) | |"
fi
if wanted paper; then
  echo "| paper page ($(wc -l <"$SCRATCH/paper.paths") papers), server CPU per request | **$(col paper 4) ms** ($(col paper 1) req/s) | ≤ 0.17 ms |"
fi
if wanted start; then
  f=$(col first-10s 1); s=$(col daily 1)
  echo "| daily page in the first 10 s after /healthz 200 (restart on imported data) ÷ steady (req/s) | $f ÷ $s = **$(ratio "$f" "$s")** | ≥ 0.7 |"
  echo "| time from the JVM's launch to /healthz 200 (restart on imported data) | $(awk -v m="$ready_ms" 'BEGIN { printf "%.1f", m / 1000 }') s | |"
fi
if wanted memory; then
  echo "| resident memory of the server after the load (VmRSS = RssAnon + RssFile + RssShmem) | **$(mb "$rss") MB** = $(mb "$rss_anon") + $(mb "$rss_file") + $(mb "$(status_kb RssShmem)") MB | ≤ 512 MB |"
  echo "| maximum heap it ran with | $(mb "$(( ${max_heap:-0} / 1024 ))") MB | |"
fi
if wanted floor; then
  echo "| unloaded floor, \`/healthz\` p50 on a kept-alive connection: Paperboy (nginx, a small file) | **$(col floor 2) ms** ($(col nginx-floor 2) ms) | ≤ 0.5 ms |"
fi
