#!/usr/bin/env bash
# A local OpenSearch cluster for benchmarks (the tests start their own, see src/test/java/org/paperboy/testing).
#   bench/opensearch.sh start N   starts N nodes (1 or 2) on loopback: HTTP $PORT.. (default 19401), transport
#                                 $PORT+100..; waits for green
#   bench/opensearch.sh stop      stops them
#   bench/opensearch.sh hosts     prints the value for search.opensearch.hosts
# Runs the OpenSearch 3.5.0 + k-NN zips that the Maven build copies into target/opensearch-dist (run `./mvnw -B
# test-compile` once), as user nobody when run as root (OpenSearch refuses root). HEAP (default 1g) per node.
# Nodes live in /tmp/paperboy-opensearch (DIR=...), emptied on every start.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="${DIR:-/tmp/paperboy-opensearch}"
PORT="${PORT:-19401}"
HEAP="${HEAP:-1g}"
DIST="$ROOT/target/opensearch-dist"
NOBODY=65534

java_home() {
  if [ -n "${JAVA_HOME:-}" ]; then echo "$JAVA_HOME"; return; fi
  dirname "$(dirname "$(ls -d /usr/lib/jvm/*/bin/java | sort -V | tail -1)")"
}

install() {
  local marker="$DIR/dist/.installed"
  [ -f "$marker" ] && return
  [ -f "$DIST/opensearch.zip" ] && [ -f "$DIST/opensearch-knn.zip" ] \
    || { echo "no OpenSearch zips in $DIST: run './mvnw -B test-compile' once (it copies them from Maven Central)" >&2; exit 1; }
  command -v unzip >/dev/null || { echo "unzip not found: apt-get install unzip" >&2; exit 1; }
  rm -rf "$DIR/dist" && mkdir -p "$DIR/dist"
  unzip -q "$DIST/opensearch.zip" -d "$DIR/dist"
  OPENSEARCH_JAVA_HOME="$(java_home)" "$(home)/bin/opensearch-plugin" install --batch "file://$DIST/opensearch-knn.zip" \
    > "$DIR/install.log" 2>&1 || { cat "$DIR/install.log" >&2; exit 1; }
  touch "$marker"
}

home() { ls -d "$DIR"/dist/opensearch-*/ | head -1; }

configure() { # configure NAME HTTP TRANSPORT SEEDS MANAGERS
  local node="$DIR/$1"
  rm -rf "$node" && mkdir -p "$node"/{config/jvm.options.d,data,logs,tmp}
  cp "$(home)/config/log4j2.properties" "$node/config/"
  sed -e "s|logs/|$node/logs/|" -e "s|HeapDumpPath=data|HeapDumpPath=$node|" "$(home)/config/jvm.options" > "$node/config/jvm.options"
  printf -- '-Xms%s\n-Xmx%s\n' "$HEAP" "$HEAP" > "$node/config/jvm.options.d/heap.options"
  cat > "$node/config/opensearch.yml" <<EOF
cluster.name: paperboy-bench
node.name: $1
network.host: 127.0.0.1
http.port: $2
transport.port: $3
discovery.seed_hosts: [$4]
cluster.initial_cluster_manager_nodes: [$5]
path.data: $node/data
path.logs: $node/logs
cluster.routing.allocation.disk.threshold_enabled: false
EOF
  [ "$(id -u)" != 0 ] || chown -R "$NOBODY:$NOBODY" "$node"
}

start() {
  local n="${1:-1}" seeds="" managers="" i
  [ "$n" = 1 ] || [ "$n" = 2 ] || { echo "start 1 or 2 nodes" >&2; exit 2; }
  stop
  install
  [ "$(id -u)" != 0 ] || chown -R "$NOBODY:$NOBODY" "$DIR/dist"
  for i in $(seq 1 "$n"); do
    seeds="$seeds${seeds:+, }\"127.0.0.1:$((PORT + 99 + i))\""
    managers="$managers${managers:+, }\"b$i\""
  done
  for i in $(seq 1 "$n"); do
    configure "b$i" $((PORT - 1 + i)) $((PORT + 99 + i)) "$seeds" "$managers"
    local run=()
    [ "$(id -u)" != 0 ] || run=(setpriv --reuid=$NOBODY --regid=$NOBODY --clear-groups --)
    OPENSEARCH_JAVA_HOME="$(java_home)" OPENSEARCH_PATH_CONF="$DIR/b$i/config" OPENSEARCH_TMPDIR="$DIR/b$i/tmp" \
      nohup "${run[@]}" "$(home)/bin/opensearch" > "$DIR/b$i.out" 2>&1 &
    echo $! > "$DIR/b$i.pid"
  done
  local deadline=$((SECONDS + 300))
  until curl -sf "http://127.0.0.1:$PORT/_cluster/health?wait_for_status=green&wait_for_nodes=$n&timeout=5s" >/dev/null; do
    [ $SECONDS -lt $deadline ] || { echo "the cluster did not go green in 300 s; see $DIR/b*.out" >&2; exit 1; }
    sleep 2
  done
  echo "OpenSearch: $n node(s) green; search.opensearch.hosts=$(hosts "$n")"
}

hosts() {
  local n="${1:-$(ls "$DIR"/b*.pid 2>/dev/null | wc -l)}" list="" i
  for i in $(seq 1 "$n"); do list="$list${list:+,}http://127.0.0.1:$((PORT - 1 + i))"; done
  echo "$list"
}

stop() {
  local pidfile
  for pidfile in "$DIR"/b*.pid; do
    [ -f "$pidfile" ] || continue
    local pid; pid="$(cat "$pidfile")"
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid"
      for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$pidfile"
  done
}

case "${1:-}" in
  start) start "${2:-1}" ;;
  stop) stop ;;
  hosts) hosts ;;
  *) echo "usage: bench/opensearch.sh start N | stop | hosts" >&2; exit 2 ;;
esac
