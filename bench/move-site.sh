#!/usr/bin/env bash
# Issue 14's walk-through, end to end on this machine: the demo site on its one-machine defaults (SQLite + Lucene)
# moves to PostgreSQL + an OpenSearch cluster with one command (`paperboy migrate`) and a setting
# (`search.engine=opensearch`), then two `paperboy serve` nodes answer as the one did. Prints what each step took and
# compares the answers of the three servers for the same searches.
#   bench/move-site.sh            (WORK=/tmp/paperboy-move, PG_PORT=55432, OS_PORT=19451, WEB=18700)
# Needs PostgreSQL's server binaries (initdb, pg_ctl; Debian: postgresql) and what bench/opensearch.sh needs.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="${WORK:-/tmp/paperboy-move}"
PG_PORT="${PG_PORT:-55432}"
OS_PORT="${OS_PORT:-19451}"
WEB="${WEB:-18700}"
NOBODY=65534
QUERIES=("graph neural networks" "diffusion models for image generation" "reinforcement learning from human feedback"
         "protein structure prediction" "author:bengio" "speech recognition -whisper")
cd "$ROOT"
command -v initdb >/dev/null && command -v pg_ctl >/dev/null || { echo "needs initdb and pg_ctl (apt-get install postgresql)" >&2; exit 1; }

SERVERS=()
cleanup() {
  for pid in "${SERVERS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  as_nobody pg_ctl -D "$WORK/pg" -m fast stop >/dev/null 2>&1 || true
  DIR="$WORK/os" PORT="$OS_PORT" bench/opensearch.sh stop || true
}
trap cleanup EXIT

as_nobody() { if [ "$(id -u)" = 0 ]; then setpriv --reuid=$NOBODY --regid=$NOBODY --clear-groups -- "$@"; else "$@"; fi; }
step() { printf '\n== %s\n' "$*"; STEP_START=$SECONDS; }
took() { printf '   (%d s)\n' $((SECONDS - STEP_START)); }

serve() { # serve NAME PORT COMMAND [VAR=VALUE...]: `paperboy COMMAND` (serve, demo) in the background, log in $WORK/NAME.log
  local name="$1" port="$2" command="$3"
  shift 3
  env "$@" PAPERBOY_DATA_DIR="$WORK/$name" PAPERBOY_HTTP_WARMUP_SECONDS=0 ./paperboy "$command" --port "$port" \
    > "$WORK/$name.log" 2>&1 &
  SERVERS+=($!)
  local deadline=$((SECONDS + 600))
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz")" = 200 ]; do
    [ $SECONDS -lt $deadline ] || { echo "$name did not get ready; its log:" >&2; tail -30 "$WORK/$name.log" >&2; exit 1; }
    sleep 1
  done
}

answers() { # answers PORT MODE: the top ten ids of each query, one line per query
  local q
  for q in "${QUERIES[@]}"; do
    curl -s -G "http://127.0.0.1:$1/api/papers/search" --data-urlencode "q=$q" -d "mode=$2" -d limit=10 \
      | python3 -c 'import json,sys; print(" ".join(e["paper"]["id"] for e in json.load(sys.stdin)))'
  done
}

rm -rf "$WORK" && mkdir -p "$WORK"
./paperboy build >/dev/null

step "one machine: the demo site on SQLite and the embedded index"
serve one $WEB demo
printf 'secret-password-1\n' | ./paperboy admin create --data-dir "$WORK/one" --username ada --email ada@example.org \
  2>&1 | grep -v "^WARNING"
answers $WEB keyword > "$WORK/one.keyword"
answers $WEB hybrid > "$WORK/one.hybrid"
kill -TERM "${SERVERS[0]}" && wait "${SERVERS[0]}" || true
SERVERS=()
took

step "PostgreSQL and a 2-node OpenSearch cluster"
mkdir -p "$WORK/pg"
[ "$(id -u)" != 0 ] || chown $NOBODY:$NOBODY "$WORK" "$WORK/pg"  # PostgreSQL refuses root too
as_nobody initdb -D "$WORK/pg" -U paperboy --auth=trust >/dev/null
as_nobody pg_ctl -D "$WORK/pg" -o "-p $PG_PORT -k $WORK -c listen_addresses=127.0.0.1" -l "$WORK/pg.log" -w start >/dev/null
psql -h 127.0.0.1 -p "$PG_PORT" -U paperboy -d postgres -qc "CREATE DATABASE paperboy"
DIR="$WORK/os" PORT="$OS_PORT" bench/opensearch.sh start 2
took

URL="jdbc:postgresql://127.0.0.1:$PG_PORT/paperboy"
step "the one command: paperboy migrate --to $URL"
PGPASSWORD=unused ./paperboy migrate --data-dir "$WORK/one" --to "$URL" --user paperboy 2>&1 | grep -v "^WARNING" | tail -40
took

CLUSTER=(PAPERBOY_DATABASE_URL="$URL" PAPERBOY_DATABASE_USER=paperboy PAPERBOY_SEARCH_ENGINE=opensearch
         PAPERBOY_SEARCH_OPENSEARCH_HOSTS="$(DIR="$WORK/os" PORT="$OS_PORT" bench/opensearch.sh hosts)"
         PAPERBOY_SEARCH_OPENSEARCH_SHARDS=2 PAPERBOY_SEARCH_OPENSEARCH_REPLICAS=1)
step "the setting: two nodes on PostgreSQL + OpenSearch (the first builds the index from the catalog)"
serve node1 $((WEB + 1)) serve "${CLUSTER[@]}"
serve node2 $((WEB + 2)) serve "${CLUSTER[@]}"
# ready means searchable in full: wait until the index holds every paper
papers=$(psql -h 127.0.0.1 -p "$PG_PORT" -U paperboy -d paperboy -tAc "SELECT count(*) FROM papers")
until [ "$(curl -s "http://127.0.0.1:$OS_PORT/paperboy/_count" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("count", 0))')" = "$papers" ]; do sleep 2; done
took

step "the same answers?"
for node in 1 2; do
  answers $((WEB + node)) keyword > "$WORK/node$node.keyword"
  answers $((WEB + node)) hybrid > "$WORK/node$node.hybrid"
done
python3 - "$WORK" "${#QUERIES[@]}" <<'EOF'
import sys
work, n = sys.argv[1], int(sys.argv[2])
def read(name): return [line.split() for line in open(f"{work}/{name}")]
for mode in ("keyword", "hybrid"):
    one, a, b = read(f"one.{mode}"), read(f"node1.{mode}"), read(f"node2.{mode}")
    same_nodes = sum(x == y for x, y in zip(a, b))
    overlap = [len(set(x) & set(y)) / max(1, len(x)) for x, y in zip(one, a)]
    print(f"{mode:8} node 1 = node 2 on {same_nodes}/{n} queries; top-10 overlap with the one-machine site: "
          f"mean {sum(overlap) / n:.2f}, min {min(overlap):.2f}")
EOF
echo "members on PostgreSQL: $(psql -h 127.0.0.1 -p "$PG_PORT" -U paperboy -d paperboy -tAc "SELECT string_agg(username, ',') FROM users")"
