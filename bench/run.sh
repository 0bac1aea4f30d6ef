#!/usr/bin/env bash
# Reproduces docs/benchmarks.md on this machine: builds Release, starts a throwaway PostgreSQL, measures the
# ceilings (pgbench; the bare ASP.NET Core + Orleans app), then the portal (a silo and the web on that database)
# with the load generator, runs the micro-benchmarks, and writes every figure with its ratio to its ceiling.
# Environment: CONCURRENCY (32), DURATION seconds per scenario (20), WARMUP (5), CROWD learners (10000),
# CROWD_DURATION (60), ACTIVATIONS (100000), MICRO=0 to skip the micro-benchmarks, OUT (docs/benchmarks.md).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CONCURRENCY=${CONCURRENCY:-32}
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-5}
# The portal's processes start cold: tiered compilation needs its warm-up before the figures mean anything.
PORTAL_WARMUP=${PORTAL_WARMUP:-20}
CROWD=${CROWD:-10000}
CROWD_DURATION=${CROWD_DURATION:-60}
MICRO=${MICRO:-1}
ACTIVATIONS=${ACTIVATIONS:-100000}
OUT=${OUT:-$ROOT/docs/benchmarks.md}
WORK=$(mktemp -d /tmp/courseportal-bench.XXXXXX)
RESULTS=$WORK/results
mkdir -p "$RESULTS"
PIDS=()

say() { echo "bench: $*" >&2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
cleanup() {
  for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  if [ -n "${PGBIN:-}" ] && [ -d "$WORK/pg" ]; then as_pg "$PGBIN/pg_ctl" -D "$WORK/pg" -m immediate stop >/dev/null 2>&1 || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
wait_ready() { # url, seconds
  for _ in $(seq 1 "$2"); do curl -fs -o /dev/null "$1" && return 0; sleep 1; done
  say "not ready: $1"; return 1
}
LG() { dotnet "$ROOT/bench/LoadGenerator/bin/Release/net10.0/CoursePortal.LoadGenerator.dll" "$@"; }
# Four busy processes share two cores here: idle thread-pool threads yield the core instead of spinning for work
# (measured: +40% lesson completions at concurrency 8; see docs/benchmarks.md).
export DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0

START=$(date +%s)
say "building Release"
for project in src/Silo src/Web bench/LoadGenerator bench/Ceiling bench/Benchmarks bench/Activations; do
  dotnet build "$project" -c Release -warnaserror -nologo -v q >/dev/null
done

say "starting a throwaway PostgreSQL"
PGBIN=$(dirname "$(readlink -f "$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -1 || command -v initdb)")")
PGPORT=$(free_port)
mkdir -p "$WORK/pg" && chmod 777 "$WORK"
if [ "$(id -u)" = 0 ]; then id postgres >/dev/null 2>&1 || useradd -r -m postgres; chown postgres "$WORK/pg"; fi
as_pg "$PGBIN/initdb" -D "$WORK/pg" -U postgres --auth=trust >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg.log" -o "-p $PGPORT -k /tmp -c max_connections=400 -c shared_buffers=512MB" -w start >/dev/null
PSQL="$PGBIN/psql -h 127.0.0.1 -p $PGPORT -U postgres -v ON_ERROR_STOP=1 -q"
$PSQL -c "CREATE DATABASE bench" -c "CREATE DATABASE portal"
CONN="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=portal;Maximum Pool Size=200"

say "pgbench: the database's ceiling at concurrency $CONCURRENCY"
$PSQL -d bench -c "CREATE TABLE docs (id int PRIMARY KEY, doc jsonb NOT NULL)"
DOC=$(python3 -c 'import json; print(json.dumps({"lessons": [{"id": f"lesson-{i}", "module": f"module-{i//4}", "required": True} for i in range(12)], "completed": [f"lesson-{i}" for i in range(6)], "version": 3, "started": "2026-03-01T09:00:00Z"}))')
$PSQL -d bench -c "INSERT INTO docs SELECT g, '$DOC'::jsonb FROM generate_series(1, 100000) g"
printf '\\set id random(1, 100000)\nINSERT INTO docs (id, doc) VALUES (:id, %s::jsonb) ON CONFLICT (id) DO UPDATE SET doc = EXCLUDED.doc;\n' "'$DOC'" > "$WORK/upsert.sql"
printf '\\set id random(1, 100000)\nSELECT doc FROM docs WHERE id = :id;\n' > "$WORK/select.sql"
for kind in upsert select; do
  "$PGBIN/pgbench" -h 127.0.0.1 -p "$PGPORT" -U postgres -n -c "$CONCURRENCY" -j 2 -T "$DURATION" -f "$WORK/$kind.sql" bench > "$RESULTS/pgbench-$kind.txt" 2>&1
  grep -E "^tps|latency average" "$RESULTS/pgbench-$kind.txt" >&2
done
echo "${#DOC}" > "$RESULTS/doc-bytes.txt"

say "the bare ceiling app: one grain read, one in-memory write per request"
CEILING_PORT=$(free_port)
ASPNETCORE_URLS="http://127.0.0.1:$CEILING_PORT" Orleans__SiloPort=$(free_port) Orleans__GatewayPort=$(free_port) DOTNET_gcServer=1 \
  dotnet bench/Ceiling/bin/Release/net10.0/CoursePortal.Ceiling.dll > "$WORK/ceiling.log" 2>&1 &
PIDS+=($!); CEILING_PID=$!
wait_ready "http://127.0.0.1:$CEILING_PORT/health/ready" 60
for kind in read write; do
  LG run --url "http://127.0.0.1:$CEILING_PORT" --scenario "ceiling-$kind" --concurrency "$CONCURRENCY" --warmup "$WARMUP" --duration "$DURATION" --out "$RESULTS/ceiling-$kind.json"
done
kill "$CEILING_PID"; wait "$CEILING_PID" 2>/dev/null || true

say "the portal: one silo and the web on PostgreSQL"
SILO_HEALTH=$(free_port); WEB_PORT=$(free_port); GATEWAY=$(free_port)
ConnectionStrings__CoursePortal="$CONN" Orleans__ClusterId=bench Orleans__ServiceId=bench Orleans__SiloPort=$(free_port) Orleans__GatewayPort=$GATEWAY \
  Orleans__AdvertisedIP=127.0.0.1 Health__Port=$SILO_HEALTH DOTNET_gcServer=1 \
  dotnet src/Silo/bin/Release/net10.0/CoursePortal.Silo.dll > "$WORK/silo.log" 2>&1 &
PIDS+=($!); SILO_PID=$!
wait_ready "http://127.0.0.1:$SILO_HEALTH/health/ready" 120
ConnectionStrings__CoursePortal="$CONN" Orleans__ClusterId=bench Orleans__ServiceId=bench ASPNETCORE_URLS="http://127.0.0.1:$WEB_PORT" \
  Bootstrap__AdminEmail=admin@bench.local Bootstrap__AdminPassword=bench-root-password-1 Security__SignInAttemptsPerMinute=100000000 \
  Security__LearnerWritesPerMinute=100000000 Security__PasswordHashIterations=1000 DOTNET_gcServer=1 \
  dotnet src/Web/bin/Release/net10.0/CoursePortal.Web.dll --contentRoot "$ROOT/src/Web" > "$WORK/web.log" 2>&1 &
PIDS+=($!)
wait_ready "http://127.0.0.1:$WEB_PORT/health/ready" 120
PORTAL="http://127.0.0.1:$WEB_PORT"
# Every scenario gets learners of its own (four per connection, the crowd its own), so no lesson is completed twice.
LEARNERS=$(( CROWD + 12 * CONCURRENCY ))
LG setup --url "$PORTAL" --admin-email admin@bench.local --admin-password bench-root-password-1 --learners "$LEARNERS" --courses 10 --lessons 100 \
  | tee "$RESULTS/setup.txt"
IDLE_RSS=$(awk '/VmRSS/ {print $2}' "/proc/$SILO_PID/status")
for scenario in complete progress mylearning; do
  case $scenario in complete) first=0;; progress) first=$((4 * CONCURRENCY));; mylearning) first=$((8 * CONCURRENCY));; esac
  LG run --url "$PORTAL" --scenario "$scenario" --concurrency "$CONCURRENCY" --learners $((4 * CONCURRENCY)) --first-learner "$first" \
    --courses 10 --lessons 100 --warmup "$PORTAL_WARMUP" --duration "$DURATION" --out "$RESULTS/portal-$scenario.json"
done
say "the crowd: $CROWD learners thinking 5-15 s between requests"
LG run --url "$PORTAL" --scenario flow --learners "$CROWD" --first-learner $((12 * CONCURRENCY)) --courses 10 --lessons 100 --think-min 5000 --think-max 15000 \
  --warmup 20 --duration "$CROWD_DURATION" --out "$RESULTS/portal-flow.json"
awk '/VmRSS/ {print $2}' "/proc/$SILO_PID/status" > "$RESULTS/silo-rss-after-crowd.txt"
echo "$IDLE_RSS" > "$RESULTS/silo-rss-idle.txt"
say "activations: ${ACTIVATIONS} user grains, course enrollments and package enrollments through an Orleans client, with the silo's resident memory after each; publish latency before and after the package enrollments"
dotnet bench/Activations/bin/Release/net10.0/CoursePortal.Activations.dll --connection "$CONN" --cluster bench --service bench \
  --count "$ACTIVATIONS" --silo-pid "$SILO_PID" --course bench-course-0 | tee "$RESULTS/activations.txt"

if [ "$MICRO" = 1 ]; then
  say "micro-benchmarks"
  (cd bench/Benchmarks && dotnet bin/Release/net10.0/CoursePortal.Benchmarks.dll --filter '*' --exporters json --artifacts "$RESULTS/micro") > "$RESULTS/micro.txt" 2>&1
  grep -E "stored-size" "$RESULTS/micro.txt" >&2 || true
fi

{
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "cores: $(nproc)"
  echo "memory: $(free -g | awk '/Mem:/ {print $2}') GiB"
  echo "os: $(. /etc/os-release; echo "$PRETTY_NAME")"
  echo "dotnet: $(dotnet --version)"
  echo "postgresql: $("$PGBIN/postgres" --version)"
} > "$RESULTS/machine.txt"
ELAPSED=$(( $(date +%s) - START ))
LG report --results "$RESULTS" --out "$OUT" --concurrency "$CONCURRENCY" --duration "$DURATION" --crowd "$CROWD" --crowd-duration "$CROWD_DURATION" \
  --elapsed "$ELAPSED" --notes "$ROOT/bench/profiles.md" --command "bench/run.sh (CONCURRENCY=$CONCURRENCY DURATION=$DURATION CROWD=$CROWD CROWD_DURATION=$CROWD_DURATION)"
say "done in ${ELAPSED}s: $OUT"
