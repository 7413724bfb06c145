# Sourced by bench/web.sh and bench/compare.sh, after bench/demo-server.sh has started the server: wrk runs against
# it and the server's CPU time per request, from /proc.
#   measure LABEL NAME DURATION [URL] [CONNECTIONS]
#       one wrk run of DURATION over the paths in $SCRATCH/NAME.paths (one a line, rotated by bench/web.lua) against
#       URL [$BASE]; prints a line, appends "req/s p50 p99 server-CPU-ms/req" to $SCRATCH/NAME.results
#   check_paths NAME [URL] [MAX]   the first MAX [all] paths of NAME answer 200, else exit
#       (CPU_PIDS="PID..." measure ...: the CPU of those processes instead of the server's)
#   quiet                          true when the server used under a tenth of a core for two seconds
#   median                         of the numbers on stdin
# Environment: THREADS wrk threads [1], CONNECTIONS [64], GZIP=1 to send Accept-Encoding: gzip [0].
# wrk runs on the same machine as the server and takes CPU from it (one wrk thread: up to one core, in practice
# 0.1-0.3 of one). Each run also reports the CPU the rest of the machine used (wrk and anything else), to spot a
# noisy run.
command -v wrk >/dev/null || { echo "wrk not found: apt-get install wrk" >&2; exit 1; }
THREADS="${THREADS:-1}"
CONNECTIONS="${CONNECTIONS:-64}"
GZIP="${GZIP:-0}"
encoding=identity
[ "$GZIP" = 1 ] && encoding=gzip

HZ=$(getconf CLK_TCK)
# user + system CPU of the processes in CPU_PIDS [the server], in clock ticks
server_cpu() { local pid; for pid in ${CPU_PIDS:-$SERVER}; do cat "/proc/$pid/stat"; done | awk '{t += $14 + $15} END {print t}'; }
machine_busy() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }  # all but idle and iowait
quiet() { local a; a=$(server_cpu); sleep 2; [ $(( $(server_cpu) - a )) -lt $(( HZ / 10 )) ]; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

check_paths() {
  local name="$1" url="${2:-$BASE}" max="${3:-0}" path code
  while read -r path; do
    code=$(curl -s -o /dev/null -w '%{http_code}' "$url$path")
    [ "$code" = 200 ] || { echo "$name: GET $url$path answered $code, not 200" >&2; exit 1; }
  done < <(if [ "$max" -gt 0 ]; then head -n "$max" "$SCRATCH/$name.paths"; else cat "$SCRATCH/$name.paths"; fi)
}

# run_wrk NAME DURATION URL CONNECTIONS: the RESULT line of bench/web.lua, then the server's CPU ticks and the whole
# machine's busy CPU ticks during the run.
run_wrk() {
  local s0 m0 result
  s0=$(server_cpu); m0=$(machine_busy)
  result=$(wrk -t"$THREADS" -c"$4" -d"$2" --timeout 10s --latency -s "$ROOT/bench/web.lua" "$3" \
    -- "$SCRATCH/$1.paths" "$encoding" | grep '^RESULT') || { echo "wrk failed on $1" >&2; exit 1; }
  echo "$result $(( $(server_cpu) - s0 )) $(( $(machine_busy) - m0 ))"
}

measure() {
  local label="$1" name="$2" duration="$3" url="${4:-$BASE}" connections="${5:-$CONNECTIONS}"
  local requests seconds rate p50 p99 errors non2xx server_ticks busy_ticks cpu_ms server_cores other_cores
  read -r _ requests seconds rate p50 p99 errors non2xx server_ticks busy_ticks < <(run_wrk "$name" "$duration" "$url" "$connections")
  read -r cpu_ms server_cores other_cores < <(awk -v s="$server_ticks" -v b="$busy_ticks" -v hz="$HZ" \
    -v n="$requests" -v t="$seconds" 'BEGIN { printf "%.3f %.2f %.2f\n", s / hz * 1000 / n, s / hz / t, (b - s) / hz / t }')
  printf '%s %-20s %8s req/s  p50 %7s ms  p99 %7s ms  server CPU %s ms/req (%s cores)  wrk+other %s cores%s\n' \
    "$label" "$name" "$rate" "$p50" "$p99" "$cpu_ms" "$server_cores" "$other_cores" \
    "$( [ "$errors" = 0 ] && [ "$non2xx" = 0 ] || echo "  ERRORS: $errors socket, $non2xx non-2xx")"
  echo "$rate $p50 $p99 $cpu_ms" >>"$SCRATCH/$name.results"
}
