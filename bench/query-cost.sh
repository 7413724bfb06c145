#!/usr/bin/env bash
# Latency of one costly search against a normal one, on the demo server, through the search API in hybrid and keyword
# mode: 230 short hyphen-joined words (919 characters, under the 1,000 the API accepts), as an attacker would send,
# and a short topic query.
#   bench/query-cost.sh [RUNS]        (default 20 after 5 warm-up runs; prints the median and p90 of each)
# Environment: JAR a built jar to measure instead of this checkout's (before/after), PORT [18092].
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${1:-20}"
PORT="${PORT:-18092}"
# shellcheck source=bench/demo-server.sh
. "$ROOT/bench/demo-server.sh"
# The same queries again and again: the memory of query vectors is off, so that each is embedded as it was.
start_demo_server query-cost PAPERBOY_SEARCH_RATE_LIMIT=0 PAPERBOY_SEARCH_QUERY_VECTORS=0

LONG=$(python3 -c "import random; random.seed(7); w=['llm','gan','vit','cnn','rnn','nlp','gpu','rag','dpo','ssl']; print('-'.join(random.choice(w) for _ in range(230)))")
SHORT="video generation with diffusion models"
# Seconds and HTTP status of one search.
seconds() { curl -s -o /dev/null -w '%{time_total} %{http_code}\n' -G "$BASE/api/papers/search" --data-urlencode "q=$1" -d "mode=$2" -d limit=20; }
stats() {
  sort -n | awk '{v[NR]=$1; if ($2 != 200) bad++} END {
    printf "median %6.1f ms  p90 %6.1f ms  not 200: %d", 1000*v[int((NR+1)/2)], 1000*v[int(NR*0.9+0.5)], bad}'
}
echo "jar: $JAR"
for mode in hybrid keyword; do
  for name in short long; do
    q=$SHORT; [ "$name" = long ] && q=$LONG
    for _ in 1 2 3 4 5; do seconds "$q" "$mode" >/dev/null; done
    printf '%-8s %-6s %s\n' "$mode" "$name" "$(for _ in $(seq "$RUNS"); do seconds "$q" "$mode"; done | stats)"
  done
done
