#!/usr/bin/env bash
# Kills `paperboy harvest` with SIGKILL at random moments against a loopback arXiv serving several pages, and checks
# after each kill that the next run completes the harvest: every paper stored once in its newest version, and a
# harvest state that only a completed run moved (HarvestKillTest, which the test suite runs with 20 trials).
#   bench/harvest-kill.sh [TRIALS] [SEED]      (default 100 trials, a fresh seed)
# Prints the seed, where each trial's kill landed and how many harvests finished before their kill; exits 1 on a
# failed trial (its number, seed and kill moment are in the message).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TRIALS="${1:-100}"
SEED="${2:-}"
LOGBACK="$(mktemp --suffix=.xml)"
trap 'rm -f "$LOGBACK"' EXIT
cat > "$LOGBACK" <<'XML'
<configuration>
  <appender name="console" class="ch.qos.logback.core.ConsoleAppender">
    <target>System.err</target>
    <encoder><pattern>%msg%n</pattern></encoder>
  </appender>
  <logger name="org.paperboy.ingest.arxiv.HarvestKillTest" level="INFO"/>
  <root level="ERROR"><appender-ref ref="console"/></root>
</configuration>
XML
cd "$ROOT"
# Maven needs a JDK 21+: JAVA_HOME's when set, else the newest under /usr/lib/jvm (as the launcher picks).
[ -n "${JAVA_HOME:-}" ] || export JAVA_HOME="$(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -V | tail -1)"
ARGS=(-B -q -o test -Dtest=HarvestKillTest -Dsurefire.failIfNoSpecifiedTests=false
      "-Dpaperboy.harvest.killTrials=$TRIALS" "-Dlogback.configurationFile=$LOGBACK")
[[ -n "$SEED" ]] && ARGS+=("-Dpaperboy.harvest.killSeed=$SEED")
start=$(date +%s)
./mvnw "${ARGS[@]}" 2>&1 | grep -v '^WARNING' || { echo "harvest-kill: FAILED"; exit 1; }
echo "harvest-kill: $TRIALS trials passed in $(( $(date +%s) - start )) s"
