#!/usr/bin/env bash
# CPU profile of the portal under one load-generator scenario, on the stack bench/run.sh measures: a throwaway
# PostgreSQL, one silo, the web as its client. perf samples the web and the silo with the JIT's symbol maps
# (DOTNET_PerfMapEnabled), and prints each process's hottest methods, self time first.
# Environment: SCENARIO (progress | complete | mylearning), CONCURRENCY (32), SECONDS of sampling (15), WARMUP (20),
# TOP rows (40), TRACE=1 to also take a dotnet-trace of the web (needs `dotnet tool install -g dotnet-trace`), KEEP=dir
# to keep perf.data and the trace there.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SCENARIO=${SCENARIO:-progress}
CONCURRENCY=${CONCURRENCY:-32}
SECONDS_SAMPLED=${SECONDS:-15}
WARMUP=${WARMUP:-20}
TOP=${TOP:-40}
WORK=$(mktemp -d /tmp/courseportal-profile.XXXXXX)
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
trap cleanup EXIT
export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0

build_release src/Silo src/Web bench/LoadGenerator
start_postgres
start_silo
start_web
LG setup --url "$PORTAL" --admin-email admin@bench.local --admin-password bench-root-password-1 --learners $(( 4 * CONCURRENCY )) \
  --courses 10 --lessons 100 >&2
LG run --url "$PORTAL" --scenario "$SCENARIO" --concurrency "$CONCURRENCY" --learners $(( 4 * CONCURRENCY )) --courses 10 --lessons 100 \
  --warmup "$WARMUP" --duration $(( SECONDS_SAMPLED + 5 )) --out "$WORK/run.json" > "$WORK/run.txt" 2>/dev/null &
LOAD=$!
sleep $(( WARMUP + 2 ))
say "sampling the web ($WEB_PID) and the silo ($SILO_PID) for ${SECONDS_SAMPLED}s under '$SCENARIO'"
# CPU seconds each process used (user + system, from /proc), so the profile's shares become time per request.
cpu_ticks() { # pids...
  local total=0
  for pid in "$@"; do [ -r "/proc/$pid/stat" ] && total=$(( total + $(awk '{print $14 + $15}' "/proc/$pid/stat") )); done
  echo "$total"
}
# PostgreSQL: its live backends, and the postmaster with the time of the backends that already ended (cutime, cstime).
postgres_ticks() {
  local postmaster; postmaster=$(head -1 "$WORK/pg/postmaster.pid")
  echo $(( $(cpu_ticks $(pgrep -P "$postmaster" | tr '\n' ' ')) + $(awk '{print $14 + $15 + $16 + $17}' "/proc/$postmaster/stat") ))
}
BEFORE="$(cpu_ticks "$WEB_PID") $(cpu_ticks "$SILO_PID") $(postgres_ticks) $(cpu_ticks "$LOAD" $(pgrep -P "$LOAD" | tr '\n' ' '))"
perf record -F 999 -g -o "$WORK/web.data" -p "$WEB_PID" -- sleep "$SECONDS_SAMPLED" 2>/dev/null &
WEB_PERF=$!
perf record -F 999 -g -o "$WORK/silo.data" -p "$SILO_PID" -- sleep "$SECONDS_SAMPLED" 2>/dev/null &
SILO_PERF=$!
if [ "${TRACE:-0}" = 1 ]; then
  "$HOME/.dotnet/tools/dotnet-trace" collect -p "$WEB_PID" --profile dotnet-sampled-thread-time --duration "00:00:00:$SECONDS_SAMPLED" -o "$WORK/web.nettrace" >/dev/null
fi
wait "$WEB_PERF" "$SILO_PERF"
AFTER="$(cpu_ticks "$WEB_PID") $(cpu_ticks "$SILO_PID") $(postgres_ticks) $(cpu_ticks "$LOAD" $(pgrep -P "$LOAD" | tr '\n' ' '))"
wait "$LOAD"
cat "$WORK/run.txt"
python3 - "$WORK/run.json" "$SECONDS_SAMPLED" "$(getconf CLK_TCK)" $BEFORE $AFTER <<'PY'
import json, sys
run = json.load(open(sys.argv[1])); seconds = float(sys.argv[2]); tick = 1000.0 / float(sys.argv[3])
before, after = [int(x) for x in sys.argv[4:8]], [int(x) for x in sys.argv[8:12]]
requests = run["perSecond"] * seconds
print("== CPU per request while sampled (perf itself adds a little):")
for name, b, a in zip(["web", "silo", "postgresql", "load generator"], before, after):
    print(f"  {name:15} {(a - b) * tick / requests:6.3f} ms  ({(a - b) * tick / 1000 / seconds:4.2f} cores)")
PY
for process in web silo; do
  echo "== $process: hottest methods (self %)"
  perf report -i "$WORK/$process.data" --no-children --sort symbol --percent-limit 0.4 --stdio 2>/dev/null | grep -E '^ +[0-9.]+%' | head -"$TOP"
done
if [ -n "${KEEP:-}" ]; then mkdir -p "$KEEP" && cp "$WORK"/*.data "$WORK"/*.nettrace "$WORK/run.txt" "$KEEP"/ 2>/dev/null || true; fi
