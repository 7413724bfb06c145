#!/usr/bin/env bash
# A day's digests: `paperboy bench-digests` fills a fresh SQLite store (the corpus's first 1,000 papers announced on one
# day, 40 of them community picks with upvotes; SUBSCRIBERS confirmed daily subscribers, a tenth of them members with
# 3 saved alerts each and their matches of the day), then times the queuing of every digest (DigestRun), their
# delivery through the outbox (OutboxDelivery) to a local SMTP server (bench/SmtpSink.java: it accepts and counts
# every message), and, for reference, a bare Jakarta Mail loop sending as many pre-built digests to that server (a
# connection per message, as the outbox's sender).
#   bench/digests.sh [RUNS]
# Environment: QUEUE_SIZES subscribers whose digests are only queued ["10000"], SEND_SIZES subscribers whose digests
# are queued and sent ["1000"], CORPUS [../shared/data/demo-corpus/arxiv-cs-10k.jsonl.gz], HEAP the heap of every run
# [512m], SMALL_HEAP a heap the largest queue-only size must also complete in [128m].
# Each size: one warm-up run (discarded), then the medians over RUNS [3] runs, each in a fresh JVM on a fresh store.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${1:-3}"
QUEUE_SIZES="${QUEUE_SIZES:-10000}"
SEND_SIZES="${SEND_SIZES:-1000}"
CORPUS="${CORPUS:-$ROOT/../shared/data/demo-corpus/arxiv-cs-10k.jsonl.gz}"
HEAP="${HEAP:-512m}"
SMALL_HEAP="${SMALL_HEAP:-128m}"
PORT=18125
SCRATCH="$(mktemp -d /tmp/paperboy-digests.XXXXXX)"
SINK=""
cleanup() {
  [ -n "$SINK" ] && kill "$SINK" 2>/dev/null || true
  rm -rf "$SCRATCH"
}
trap cleanup EXIT

"$ROOT/paperboy" build >/dev/null
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
[ -n "${JAVA_HOME:-}" ] || JAVA="$(ls -d /usr/lib/jvm/*/bin/java 2>/dev/null | sort -V | tail -1)"

start_sink() {
  "$JAVA" -Xmx256m "$ROOT/bench/SmtpSink.java" "$PORT" >"$SCRATCH/sink.log" 2>&1 &
  SINK=$!
  for _ in $(seq 1 120); do grep -q listening "$SCRATCH/sink.log" && return; sleep 0.5; done
  echo "the SMTP server did not start: $(cat "$SCRATCH/sink.log")" >&2; exit 1
}

stop_sink() { # the server says in its log how many messages it received
  kill "$SINK"; wait "$SINK" || true; SINK=""
}

bench() { # SUBSCRIBERS HEAP [--queue-only]: prints the figures line
  rm -rf "$SCRATCH/data"
  "$JAVA" "-Xmx$2" --enable-native-access=ALL-UNNAMED -Dpaperboy.tty=false -cp "$ROOT/target/paperboy.jar" \
    org.paperboy.cli.PaperboyCommand bench-digests --corpus "$CORPUS" --smtp-port "$PORT" --subscribers "$1" \
    --members "$(( $1 / 10 ))" --scratch "$SCRATCH/data" ${3:-} 2>"$SCRATCH/err" | tail -1 \
    || { echo "bench-digests failed ($?):" >&2; cat "$SCRATCH/err" >&2; return 1; }
}

field() { sed -n "s/.*\b$1=\([0-9.]*\).*/\1/p"; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
medians() { # FIELD...: the median of each field over the lines in $SCRATCH/lines
  for f in "$@"; do printf '%s=%s ' "$f" "$(field "$f" <"$SCRATCH/lines" | median)"; done; echo
}

echo "queue only (medians of $RUNS, -Xmx$HEAP):"
for size in $QUEUE_SIZES; do
  bench "$size" "$HEAP" --queue-only >/dev/null
  : >"$SCRATCH/lines"
  for _ in $(seq 1 "$RUNS"); do bench "$size" "$HEAP" --queue-only | tee -a "$SCRATCH/lines"; done
  echo "subscribers=$size $(medians digests build_s build_per_s heap_build_mb rss_peak_mb)"
done
if [ -n "$QUEUE_SIZES" ]; then
  small=$(bench "${QUEUE_SIZES##* }" "$SMALL_HEAP" --queue-only) || small=FAILED
  echo "in a $SMALL_HEAP heap: $small"
fi

echo "queue and send (medians of $RUNS, -Xmx$HEAP):"
for size in $SEND_SIZES; do
  start_sink; bench "$size" "$HEAP" >/dev/null; stop_sink
  : >"$SCRATCH/lines"
  for _ in $(seq 1 "$RUNS"); do
    start_sink
    line=$(bench "$size" "$HEAP")
    stop_sink
    echo "$line received=$(sed -n 's/^received //p' "$SCRATCH/sink.log")" | tee -a "$SCRATCH/lines"
  done
  echo "subscribers=$size $(medians digests build_s send_s send_per_s raw_s raw_per_s heap_send_mb rss_peak_mb received)"
done
