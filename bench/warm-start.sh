#!/usr/bin/env bash
# How fast a restarted server serves the daily page in its first seconds, against its steady speed: starts the demo
# on a data directory that has imported its corpus already, times JVM start -> /healthz 200 ("time to ready"), then
# loads /daily with wrk in back-to-back 10-second windows. Prints each window and the first window's share of the
# steady speed (the median of the last three windows).
#   bench/warm-start.sh DATA_DIR [WINDOWS]
# DATA_DIR: a demo data directory (run `./paperboy demo --data-dir DATA_DIR` once and stop it). WINDOWS of 10 s [8].
# Environment: JAR the jar to run [target/paperboy.jar], AOT an ahead-of-time cache to start with (-XX:AOTCache;
# it must have been trained on the same jar path) [none], PAPERBOY_WARMUP_SECONDS for the server [its default],
# JAVA_OPTS extra JVM flags, PORT [18304], CONNECTIONS [64], KEEP_LOG a file to copy the server log to.
# Each window also reports the server's CPU time per request (from /proc), which is steadier than req/s on a shared
# machine.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="${1:?usage: bench/warm-start.sh DATA_DIR [WINDOWS]}"
WINDOWS="${2:-8}"
JAR="${JAR:-$ROOT/target/paperboy.jar}"
PORT="${PORT:-18304}"
CONNECTIONS="${CONNECTIONS:-64}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
BASE="http://127.0.0.1:$PORT"
[ -f "$DATA/demo-corpus.imported" ] || { echo "$DATA has not imported the demo corpus: run ./paperboy demo --data-dir $DATA once" >&2; exit 1; }
[ "$WINDOWS" -ge 4 ] || { echo "needs at least 4 windows (the first, and three for the steady speed)" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk not found: apt-get install wrk" >&2; exit 1; }
LOG="$(mktemp /tmp/paperboy-warm-start.XXXXXX.log)"
PATHS="$(mktemp /tmp/paperboy-warm-start.XXXXXX.paths)"
echo /daily >"$PATHS"
SERVER=""
cleanup() {
  if [ -n "$SERVER" ] && kill -0 "$SERVER" 2>/dev/null; then kill -TERM "$SERVER" && wait "$SERVER" 2>/dev/null || true; fi
  [ -z "${KEEP_LOG:-}" ] || cp "$LOG" "$KEEP_LOG"
  rm -f "$LOG" "$PATHS"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

aot_flag=()
[ -z "${AOT:-}" ] || aot_flag=("-XX:AOTCache=$AOT")
start=$(date +%s.%N)
# shellcheck disable=SC2086
"$JAVA" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -Xss1m \
  "${aot_flag[@]}" ${JAVA_OPTS:-} -Dpaperboy.home="$ROOT" -Dpaperboy.tty=false \
  -jar "$JAR" demo --data-dir "$DATA" --port "$PORT" >"$LOG" 2>&1 &
SERVER=$!
until curl -fs -o /dev/null "$BASE/healthz"; do
  kill -0 "$SERVER" 2>/dev/null || { echo "the server exited; its log:" >&2; cat "$LOG" >&2; exit 1; }
  sleep 0.05
done
ready=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.2f", e - s }')
grep -i "aot\|cds\|shared" "$LOG" | head -3 || true

HZ=$(getconf CLK_TCK)
server_cpu() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }
rates=()
cpus=()
for window in $(seq 1 "$WINDOWS"); do
  c0=$(server_cpu)
  read -r _ requests seconds rate _ <<<"$(wrk -t1 -c"$CONNECTIONS" -d10s --timeout 10s -s "$ROOT/bench/web.lua" "$BASE" -- "$PATHS" | grep '^RESULT')"
  cpu=$(awk -v t="$(( $(server_cpu) - c0 ))" -v hz="$HZ" -v n="$requests" 'BEGIN { printf "%.3f", t / hz * 1000 / n }')
  echo "window $window ($(( (window - 1) * 10 ))-$(( window * 10 )) s): $rate req/s, server CPU $cpu ms/req"
  rates+=("$rate"); cpus+=("$cpu")
done
steady=$(printf '%s\n' "${rates[@]: -3}" | sort -n | sed -n 2p)
steady_cpu=$(printf '%s\n' "${cpus[@]: -3}" | sort -n | sed -n 2p)
awk -v r="$ready" -v f="${rates[0]}" -v s="$steady" -v fc="${cpus[0]}" -v sc="$steady_cpu" 'BEGIN {
  printf "RESULT ready %.2f s, first 10 s %.0f req/s, steady %.0f req/s, ratio %.2f; CPU/req first %.3f ms, steady %.3f ms, ratio %.2f\n",
    r, f, s, f / s, fc, sc, sc / fc }'
