#!/usr/bin/env bash
# Fuzzes each parser of outside input with Jazzer, one fuzz test after another, and prints a table of targets,
# executions and findings.
#   bench/fuzz.sh [SECONDS_PER_TARGET]      (default 60; CI runs it for 10 s a target)
# Exits 1 when a target found something or did not run.
# Environment: ONLY=Class#method,... a subset of the targets (names as in the table).
# Every test run already replays the fuzz tests' seed inputs (src/test/resources/<package>/<Class>Inputs/<method>/);
# this script fuzzes them (JAZZER_FUZZ=1, one fuzz test per JVM, as Jazzer requires). Each target keeps the corpus it
# grows, and its findings, under target/fuzz/<Class>#<method>/: a finding is a crash-* file (the input) with its
# exception in fuzz.log. Findings never go into the seed directories by themselves; copy one there (as a regression
# test) once the bug it shows is fixed.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECONDS_PER_TARGET="${1:-60}"
ONLY="${ONLY:-}"
OUT="$ROOT/target/fuzz"

# Target, and the libraries whose code it should also steer by (coverage of our own classes always counts).
TARGETS=(
  "org.paperboy.ingest.RecordFormatFuzzTest#paperboyRecords|com.fasterxml.jackson.**"
  "org.paperboy.ingest.RecordFormatFuzzTest#arxivSnapshotRecords|com.fasterxml.jackson.**"
  "org.paperboy.ingest.RecordFormatFuzzTest#beirRecords|com.fasterxml.jackson.**"
  "org.paperboy.ingest.RecordFormatFuzzTest#detectedRecords|com.fasterxml.jackson.**"
  "org.paperboy.ingest.ImportFuzzTest#importsAnyFile|"
  "org.paperboy.ingest.JsonLinesFuzzTest#readerReturnsEveryLine|"
  "org.paperboy.ingest.JsonLinesFuzzTest#utf8AgreesWithTheJdk|"
  "org.paperboy.ingest.arxiv.OaiReaderFuzzTest#readsOrRefuses|"
  "org.paperboy.ingest.arxiv.ArxivApiReaderFuzzTest#readsOrRefuses|"
  "org.paperboy.ingest.arxiv.ListingReaderFuzzTest#readsOrRefuses|"
  "org.paperboy.catalog.PaperIdFuzzTest#parsesOrRefuses|"
  "org.paperboy.search.QueryFuzzTest#searchesAnyQuery|org.apache.lucene.util.QueryBuilder"
  "org.paperboy.community.CommentMarkdownFuzzTest#rendersSafeHtml|org.commonmark.**"
  "org.paperboy.web.QueryParametersFuzzTest#answersEveryQueryWithoutAServerError|"
)

[[ "$SECONDS_PER_TARGET" =~ ^[1-9][0-9]*$ ]] || { echo "usage: bench/fuzz.sh [SECONDS_PER_TARGET]" >&2; exit 2; }
if [ -z "${JAVA_HOME:-}" ]; then
  JAVA_HOME="$(dirname "$(dirname "$(ls -d /usr/lib/jvm/*/bin/java 2>/dev/null | sort -V | tail -1)")")"
  export JAVA_HOME
fi
cd "$ROOT"
./mvnw -B -q -o test-compile || { echo "the build failed" >&2; exit 1; }
mkdir -p "$OUT"

results=()
failed=0
for entry in "${TARGETS[@]}"; do
  target="${entry%%|*}" extra="${entry#*|}"
  short="${target##*.}"
  if [ -n "$ONLY" ] && [[ ",$ONLY," != *",$short,"* ]]; then continue; fi
  dir="$OUT/$short"
  mkdir -p "$dir"
  rm -f "$dir"/crash-* "$dir"/timeout-* "$dir"/slow-unit-* "$dir/fuzz.log"
  echo "fuzzing $short for ${SECONDS_PER_TARGET}s (log: ${dir#"$ROOT/"}/fuzz.log)"
  # jazzer.internal.basedir: the corpus and the findings go to the target's directory, not into the source tree.
  # keep_going: a finding does not end the run; Jazzer reports each distinct one (by stack) once.
  # -timeout: an input that takes 10 s is a finding (a hang), not a stalled run.
  JAZZER_FUZZ=1 timeout $((SECONDS_PER_TARGET + 600)) ./mvnw -B -q -o surefire:test -Dtest="$target" \
    -Djazzer.internal.basedir="$dir" -Djazzer.max_duration="${SECONDS_PER_TARGET}s" -Djazzer.keep_going=100 \
    -Djazzer.instrument="org.paperboy.**${extra:+,$extra}" \
    -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1=-timeout=10 >"$dir/fuzz.log" 2>&1
  status=$?
  runs=$(grep -ao 'Done [0-9]* runs in [0-9]* second' "$dir/fuzz.log" | tail -1 | awk '{print $2 " " $5}')
  findings=$(grep -ac '^== Java Exception:' "$dir/fuzz.log")
  timeouts=$(grep -ac 'ERROR: libFuzzer: timeout' "$dir/fuzz.log")
  first=$(grep -a -m1 '^== Java Exception:' "$dir/fuzz.log" | sed 's/^== Java Exception: //' | cut -c1-100)
  [ -z "$runs" ] && first="${first:-no fuzzing summary (exit $status): see the log}"
  if [ -z "$runs" ] || [ $((findings + timeouts)) -gt 0 ]; then failed=$((failed + 1)); fi
  results+=("$short|${runs:-0 0}|$((findings + timeouts))|$(ls "$dir" | grep -c '^\(crash\|timeout\)-')|$first")
done

echo
echo "| target | executions | exec/s | findings | inputs saved | first finding |"
echo "|---|---|---|---|---|---|"
for r in "${results[@]}"; do
  IFS='|' read -r name runs found saved first <<<"$r"
  read -r n s <<<"$runs"
  printf '| %s | %s | %s | %s | %s | %s |\n' "$name" "$n" "$(( s > 0 ? n / s : 0 ))" "$found" "$saved" "${first:--}"
done
echo "(${SECONDS_PER_TARGET}s per target; findings' inputs and logs under ${OUT#"$ROOT/"}/<target>/)"
if [ "$failed" -gt 0 ]; then
  echo "$failed target(s) found something or did not run: see their fuzz.log" >&2
  exit 1
fi
