# Sourced by bench/web.sh, bench/soak.sh and bench/compare.sh: starts the demo server for a benchmark, from the jar
# in $JAR (else this checkout's, built when stale and run in place with the launcher's start-up cache; AOT=FILE gives
# a cache for $JAR) on a fresh data directory, and waits until it has settled.
#   start_demo_server NAME [VAR=VALUE...]   scratch directory /tmp/paperboy-NAME.*, server environment VAR=VALUE...
#   stop_demo_server, then launch_demo_server: restarts it on the same data directory (launch returns at once)
# Sets SCRATCH (removed on exit, with the server stopped), SERVER (its pid), JAVA and BASE (from PORT). The server
# runs with the launcher's flags (PAPERBOY_HEAP as ./paperboy reads it), plus JAVA_OPTS; its log is
# $SCRATCH/server.log.

# The JVM: JAVA_HOME's when set, else the newest under /usr/lib/jvm (as the launcher picks), else java on the PATH.
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if [ -z "${JAVA_HOME:-}" ]; then
  JAVA="$(ls -d /usr/lib/jvm/*/bin/java 2>/dev/null | sort -V | tail -1)"
  [ -n "$JAVA" ] || JAVA=java
fi
java_major=$( ("$JAVA" -XshowSettings:properties -version 2>&1 || true) | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p')
[ "${java_major:-0}" -ge 21 ] || { echo "needs a JDK 21 or newer (found '${java_major:-none}' at $JAVA): set JAVA_HOME" >&2; exit 1; }
command -v curl >/dev/null || { echo "curl not found: apt-get install curl" >&2; exit 1; }
BASE="http://127.0.0.1:$PORT"
DEMO_HEAP="$(sed -n 's/^DEFAULT_HEAP=//p' "$ROOT/paperboy")"  # the launcher's default
NATIVE_TRIM=""  # the launcher's, from JDK 22
[ "$java_major" -ge 22 ] && NATIVE_TRIM="$(sed -n 's/^NATIVE_TRIM=(\(.*\))$/\1/p' "$ROOT/paperboy")"

SCRATCH=""
SERVER=""
cleanup() {
  if [ -n "$SERVER" ] && kill -0 "$SERVER" 2>/dev/null; then
    kill -TERM "$SERVER" && wait "$SERVER" 2>/dev/null || true
  fi
  [ -z "$SCRATCH" ] || rm -rf "$SCRATCH"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...
  local deadline=$((SECONDS + $1)) what="$2"
  shift 2
  until "$@"; do
    kill -0 "$SERVER" 2>/dev/null || { echo "the server exited; its log:" >&2; cat "$SCRATCH/server.log" >&2; exit 1; }
    [ $SECONDS -lt $deadline ] || { echo "timed out waiting for $what; server log:" >&2; cat "$SCRATCH/server.log" >&2; exit 1; }
    sleep 0.2
  done
}

start_demo_server() {
  SCRATCH="$(mktemp -d "/tmp/paperboy-$1.XXXXXX")"
  shift
  if [ -z "${JAR:-}" ]; then
    # This checkout's jar, in place and with the start-up cache the launcher trained for it (the cache holds only
    # for the jar at the path it was trained on); do not rebuild during the run.
    "$ROOT/paperboy" build
    SERVER_JAR="$ROOT/target/paperboy.jar"
    if [ "${PAPERBOY_AOT:-on}" != off ] && [ -f "$ROOT/target/paperboy.aot" ]; then AOT="${AOT:-$ROOT/target/paperboy.aot}"; fi
  else
    [ -f "$JAR" ] || { echo "no jar at $JAR" >&2; exit 1; }
    # A copy, so that a rebuild during the run does not change the jar under the server.
    SERVER_JAR="$SCRATCH/paperboy.jar"
    cp "$JAR" "$SERVER_JAR"
  fi
  SERVER_ENV=("$@")
  # The data directory starts empty: the demo imports its corpus.
  launch_demo_server
  # /healthz answers 200 once the index has caught up and the model and searches are warm (503 before).
  wait_for 300 "/healthz" curl -fs -o /dev/null "$BASE/healthz"
  wait_for 180 "the search index" grep -q "index caught up" "$SCRATCH/server.log"
  wait_for 120 "the embedding model" sh -c "curl -fs '$BASE/healthz' | grep -q 'semantic index: [0-9]'"
}

# Starts the server (again) on $SCRATCH/data, with the environment start_demo_server was given; returns at once.
# The heap as the launcher sizes it (PAPERBOY_HEAP, see ./paperboy), and its native heap trimming.
launch_demo_server() {
  local heap="${PAPERBOY_HEAP:-$DEMO_HEAP}"
  [ "$heap" = auto ] && heap="" || heap="-Xmx$heap"
  # shellcheck disable=SC2086
  env "${SERVER_ENV[@]}" "$JAVA" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC \
    -Xss1m $heap $NATIVE_TRIM ${JAVA_OPTS:-} -Dpaperboy.home="$ROOT" -Dpaperboy.tty=false \
    ${AOT:+"-XX:AOTCache=$AOT"} -jar "$SERVER_JAR" demo --data-dir "$SCRATCH/data" --port "$PORT" >>"$SCRATCH/server.log" 2>&1 &
  SERVER=$!
}

stop_demo_server() {
  kill -TERM "$SERVER" && wait "$SERVER" 2>/dev/null || true
}
