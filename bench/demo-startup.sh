#!/usr/bin/env bash
# Time from `./paperboy demo` to the first page served, on a built checkout: once with an empty data directory
# (imports the demo corpus), then RUNS times on the existing one. Prints each time and the medians.
#   bench/demo-startup.sh [RUNS]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${1:-5}"
PORT=18080
DATA="$(mktemp -d /tmp/paperboy-demo.XXXXXX)"
trap 'rm -rf "$DATA"' EXIT
"$ROOT/paperboy" build

# Seconds from launch until GET / answers 200, then stops the server.
time_to_first_page() {
  local start end pid
  start=$(date +%s.%N)
  "$ROOT/paperboy" demo --data-dir "$DATA" --port $PORT >/dev/null 2>&1 &
  pid=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$PORT/"; do
    kill -0 $pid 2>/dev/null || { echo "paperboy demo exited early" >&2; exit 1; }
    sleep 0.05
  done
  end=$(date +%s.%N)
  kill -TERM $pid && wait $pid || true
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f\n", e - s }'
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

first=()
for run in $(seq 1 3); do
  rm -rf "$DATA"/*
  t=$(time_to_first_page); echo "first run (empty data dir) $run: ${t}s"; first+=("$t")
done
later=()
for run in $(seq 1 "$RUNS"); do
  t=$(time_to_first_page); echo "later run $run: ${t}s"; later+=("$t")
done
echo "median first run: $(printf '%s\n' "${first[@]}" | median)s   median later run: $(printf '%s\n' "${later[@]}" | median)s"
