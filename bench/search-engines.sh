#!/usr/bin/env bash
# Search on both engines side by side, same corpus and queries (docs/benchmarks.md, "Search engines side by side"):
#   bench/search-engines.sh CORPUS [QUERIES]
# runs `paperboy bench-search` on the embedded Lucene index, on OpenSearch with 1 node (1 shard, 0 replicas), on
# OpenSearch with 2 nodes (1 shard, 1 replica: Paperboy's defaults), then on the embedded index again (the noise
# between runs). Each OpenSearch run starts an empty cluster with bench/opensearch.sh (HEAP per node, default 1g).
# THREADS (default 1,16); RUNS (default "lucene os1 os2 lucene2") picks runs; logs and sizes go to OUT.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CORPUS="${1:?usage: bench/search-engines.sh CORPUS [QUERIES]}"
QUERIES="${2:-500}"
THREADS="${THREADS:-1,16}"
RUNS="${RUNS:-lucene os1 os2 lucene2}"
OUT="${OUT:-/tmp/paperboy-search-engines}"
mkdir -p "$OUT"

bench() { # bench NAME ARGS...: one bench-search, its output without the progress bar kept in OUT/NAME.txt
  local name="$1"; shift
  echo "== $name, $(date -u +%FT%TZ), load: $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$OUT/$name.txt"
  "$ROOT/paperboy" bench-search --corpus "$CORPUS" --queries "$QUERIES" --threads "$THREADS" "$@" 2>&1 \
    | tr '\r' '\n' | grep -v -e '^Indexing' -e '^WARNING' | tee -a "$OUT/$name.txt"
}

opensearch() { # opensearch NAME NODES REPLICAS
  "$ROOT/bench/opensearch.sh" start "$2"
  bench "$1" --engine opensearch --opensearch-hosts "$("$ROOT/bench/opensearch.sh" hosts)" --shards 1 --replicas "$3"
  { echo "OpenSearch after the run:"; curl -s "http://127.0.0.1:19401/_cat/indices?v&h=index,pri,rep,docs.count,store.size,pri.store.size"
    for pid in /tmp/paperboy-opensearch/b*.pid; do echo "node $(basename "$pid" .pid) resident: $(ps -o rss= -p "$(cat "$pid")") kB"; done
  } | tee -a "$OUT/$1.txt"
  "$ROOT/bench/opensearch.sh" stop
}

for run in $RUNS; do
  case "$run" in
    lucene*) bench "$run" --engine lucene ;;
    os1) opensearch os1 1 0 ;;
    os2) opensearch os2 2 1 ;;
    *) echo "unknown run $run" >&2; exit 2 ;;
  esac
done
