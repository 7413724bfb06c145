#!/usr/bin/env bash
# Soak test: mixed traffic for a long while against the demo server (10,000 papers, a fresh data directory) on
# loopback, looking for errors, slowdowns and memory growth rather than peak throughput.
#   bench/soak.sh
# Environment (defaults in brackets): DURATION seconds of traffic [600], CONNECTIONS visitors sending one request
# after another [64], SLOW slow clients trickling a login form's body a byte every 3 s [16], PORT [18091], JAR a built
# jar to run instead of this checkout's, JAVA_OPTS extra JVM flags for the server.
# The traffic (bench/SoakTraffic.java): reads (daily feeds by day, week and month, paper pages, trending, Atom feeds,
# the daily-papers API), searches (API, page and feed; keyword, semantic and hybrid), and as members sign-ups, logins,
# votes and comments with session cookies and CSRF tokens. The server runs with http.behind-proxy=true and each
# visitor sends its own X-Forwarded-For address, so rate limits apply per visitor as they would per person: 429s are
# expected answers and are counted apart from errors (5xx, failed connections, timeouts). Prints a table per route
# (requests, answers, p50/p99), the server's memory (RSS) over the run, and the errors in the server's log.
# Exits non-zero when there was any error.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DURATION="${DURATION:-600}"
CONNECTIONS="${CONNECTIONS:-64}"
SLOW="${SLOW:-16}"
PORT="${PORT:-18091}"
# shellcheck source=bench/demo-server.sh
. "$ROOT/bench/demo-server.sh"
# Behind a (pretend) proxy: each visitor's X-Forwarded-For is its address, so rate limits apply per visitor.
start_demo_server soak PAPERBOY_HTTP_BEHIND_PROXY=true

rss_mb() { awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$SERVER/status"; }
echo "server: $("$JAVA" -version 2>&1 | head -1); $(curl -fs "$BASE/healthz"); RSS $(rss_mb) MB before the load"
echo "soak: ${DURATION}s, $CONNECTIONS connections, $SLOW slow clients, on $BASE"

# RSS every 10 s during the run, for the growth over time.
( while kill -0 "$SERVER" 2>/dev/null; do echo "$SECONDS $(rss_mb)"; sleep 10; done ) >"$SCRATCH/rss.log" 2>/dev/null &
SAMPLER=$!
status=0
"$JAVA" "$ROOT/bench/SoakTraffic.java" "$BASE" "$DURATION" "$CONNECTIONS" "$SLOW" || status=$?
kill "$SAMPLER" 2>/dev/null || true
wait "$SAMPLER" 2>/dev/null || true

samples=$(awk '{print $2}' "$SCRATCH/rss.log" | grep -c . || true)
echo "server RSS: $(rss_mb) MB at the end (peak $(awk '/^VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$SERVER/status") MB;" \
  "every 10 s: $(awk '{printf "%s ", $2}' "$SCRATCH/rss.log")MB, $samples samples)"
logged=$(grep -c "request failed" "$SCRATCH/server.log" || true)
echo "server log: $logged requests failed (500), $(grep -c ' ERROR ' "$SCRATCH/server.log" || true) ERROR lines"
if [ "$logged" -gt 0 ]; then grep -A3 "request failed" "$SCRATCH/server.log" | head -20; fi
[ "$status" -eq 0 ] && [ "$logged" -eq 0 ]
