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
BASE="http://127.0.0.1:$PORT"

command -v curl >/dev/null || { echo "curl not found: apt-get install curl" >&2; exit 1; }
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if [ -z "${JAVA_HOME:-}" ]; then
  JAVA="$(ls -d /usr/lib/jvm/*/bin/java 2>/dev/null | sort -V | tail -1)"
  [ -n "$JAVA" ] || JAVA=java
fi
java_major=$( ("$JAVA" -XshowSettings:properties -version 2>&1 || true) | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p')
[ "${java_major:-0}" -ge 21 ] || { echo "needs a JDK 21 or newer (found '${java_major:-none}' at $JAVA): set JAVA_HOME" >&2; exit 1; }

SCRATCH="$(mktemp -d /tmp/paperboy-soak.XXXXXX)"
SERVER=""
cleanup() {
  if [ -n "$SERVER" ] && kill -0 "$SERVER" 2>/dev/null; then
    kill -TERM "$SERVER" && wait "$SERVER" 2>/dev/null || true
  fi
  rm -rf "$SCRATCH"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ -z "${JAR:-}" ]; then
  "$ROOT/paperboy" build
  JAR="$ROOT/target/paperboy.jar"
fi
[ -f "$JAR" ] || { echo "no jar at $JAR" >&2; exit 1; }
cp "$JAR" "$SCRATCH/paperboy.jar"

# The launcher's flags (see ./paperboy), as bench/web.sh starts the demo; behind a (pretend) proxy, see above.
# shellcheck disable=SC2086
PAPERBOY_HTTP_BEHIND_PROXY=true "$JAVA" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
  -XX:+UseSerialGC -Xss1m ${JAVA_OPTS:-} -Dpaperboy.home="$ROOT" -Dpaperboy.tty=false \
  -jar "$SCRATCH/paperboy.jar" demo --data-dir "$SCRATCH/data" --port "$PORT" >"$SCRATCH/server.log" 2>&1 &
SERVER=$!

wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...
  local deadline=$((SECONDS + $1)) what="$2"
  shift 2
  until "$@"; do
    kill -0 "$SERVER" 2>/dev/null || { echo "the server exited; its log:" >&2; cat "$SCRATCH/server.log" >&2; exit 1; }
    [ $SECONDS -lt $deadline ] || { echo "timed out waiting for $what; server log:" >&2; cat "$SCRATCH/server.log" >&2; exit 1; }
    sleep 0.2
  done
}
wait_for 120 "/healthz" curl -fs -o /dev/null "$BASE/healthz"
wait_for 180 "the search index" grep -q "index caught up" "$SCRATCH/server.log"
wait_for 120 "the embedding model" sh -c "curl -fs '$BASE/healthz' | grep -q 'semantic index: [0-9]'"

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
