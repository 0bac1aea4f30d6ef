#!/usr/bin/env bash
# Reproduces docs/benchmarks.md on this machine: builds Release, starts a throwaway PostgreSQL, measures the
# ceilings (pgbench; the bare ASP.NET Core + Orleans app), then the portal with the load generator in both topologies
# (the web as an Orleans client of a silo; the web co-hosting the silo), PostgreSQL's group commit, the crowd's knee,
# a crowd past the knee on one core, activations and the micro-benchmarks, and writes every figure beside its ceiling.
# Environment: CONCURRENCY (32), DURATION seconds per scenario (20), WARMUP (5), KNEE_STEPS ("10000 20000 50000 100000"),
# CROWD_DURATION (60), GROUP_COMMIT_DELAYS µs ("0 100 1000"), GROUP_COMMIT_CONCURRENCY ("32 256"), ACTIVATIONS (100000),
# COHOSTED=0 to skip the co-hosted topology, MICRO=0 to skip the micro-benchmarks, OUT (docs/benchmarks.md),
# DATA=0 to skip the ten-year history and its read paths (bench/data.sh: DATA_EVENTS, default 10000000, and its own settings).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CONCURRENCY=${CONCURRENCY:-32}
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-5}
# The portal's processes start cold: tiered compilation needs its warm-up before the figures mean anything.
PORTAL_WARMUP=${PORTAL_WARMUP:-20}
KNEE_STEPS=${KNEE_STEPS:-10000 20000 50000 100000}
CROWD_DURATION=${CROWD_DURATION:-60}
GROUP_COMMIT_DELAYS=${GROUP_COMMIT_DELAYS:-0 100 1000}
GROUP_COMMIT_CONCURRENCY=${GROUP_COMMIT_CONCURRENCY:-32 256}
GROUP_COMMIT_DURATION=${GROUP_COMMIT_DURATION:-10}
COHOSTED=${COHOSTED:-1}
MICRO=${MICRO:-1}
DATA=${DATA:-1}
ACTIVATIONS=${ACTIVATIONS:-100000}
OUT=${OUT:-$ROOT/docs/benchmarks.md}
WORK=$(mktemp -d /tmp/courseportal-bench.XXXXXX)
RESULTS=$WORK/results
mkdir -p "$RESULTS"
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
trap cleanup EXIT

START=$(date +%s)
say "building Release"
build_release src/Silo src/Web bench/LoadGenerator bench/Ceiling bench/Benchmarks bench/Activations bench/DataScale

say "starting a throwaway PostgreSQL"
start_postgres

say "pgbench: the database's ceiling at concurrency $CONCURRENCY, then its group commit at concurrency $GROUP_COMMIT_CONCURRENCY"
$PSQL -d bench -c "CREATE TABLE docs (id int PRIMARY KEY, doc jsonb NOT NULL)"
DOC=$(python3 -c 'import json; print(json.dumps({"lessons": [{"id": f"lesson-{i}", "module": f"module-{i//4}", "required": True} for i in range(12)], "completed": [f"lesson-{i}" for i in range(6)], "version": 3, "started": "2026-03-01T09:00:00Z"}))')
$PSQL -d bench -c "INSERT INTO docs SELECT g, '$DOC'::jsonb FROM generate_series(1, 100000) g"
printf '\\set id random(1, 100000)\nINSERT INTO docs (id, doc) VALUES (:id, %s::jsonb) ON CONFLICT (id) DO UPDATE SET doc = EXCLUDED.doc;\n' "'$DOC'" > "$WORK/upsert.sql"
printf '\\set id random(1, 100000)\nSELECT doc FROM docs WHERE id = :id;\n' > "$WORK/select.sql"
pgbench_run() { # script clients seconds out
  "$PGBIN/pgbench" -h 127.0.0.1 -p "$PGPORT" -U postgres -n -c "$2" -j 2 -T "$3" -f "$WORK/$1.sql" bench > "$4" 2>&1
}
for kind in upsert select; do
  pgbench_run "$kind" "$CONCURRENCY" "$DURATION" "$RESULTS/pgbench-$kind.txt"
  grep -E "^tps|latency average" "$RESULTS/pgbench-$kind.txt" >&2
done
echo "${#DOC}" > "$RESULTS/doc-bytes.txt"
for delay in $GROUP_COMMIT_DELAYS; do
  pg_setting commit_delay "$delay"
  for clients in $GROUP_COMMIT_CONCURRENCY; do
    pgbench_run upsert "$clients" "$GROUP_COMMIT_DURATION" "$RESULTS/group-commit-pgbench-c$clients-d$delay.txt"
  done
done
pg_setting commit_delay 0

say "the bare ceiling app: one grain read, one in-memory write per request"
CEILING_PORT=$(free_port)
ASPNETCORE_URLS="http://127.0.0.1:$CEILING_PORT" Orleans__SiloPort=$(free_port) Orleans__GatewayPort=$(free_port) DOTNET_gcServer=1 \
  dotnet bench/Ceiling/bin/Release/net10.0/CoursePortal.Ceiling.dll > "$WORK/ceiling.log" 2>&1 &
PIDS+=($!); CEILING_PID=$!
wait_ready "http://127.0.0.1:$CEILING_PORT/health/ready" 60
for kind in read write; do
  LG run --url "http://127.0.0.1:$CEILING_PORT" --scenario "ceiling-$kind" --concurrency "$CONCURRENCY" --warmup "$WARMUP" --duration "$DURATION" --out "$RESULTS/ceiling-$kind.json"
done
stop_process "$CEILING_PID"

say "the portal: one silo and the web as its Orleans client, on PostgreSQL"
start_silo
start_web
# Every measurement gets learners of its own (the scenarios four per connection, the crowd its own range, whose later
# steps start further into the course), so no lesson is completed twice.
read -r -a STEPS <<< "$KNEE_STEPS"
CROWD_MAX=${STEPS[-1]}
NEXT_LEARNER=0
take_learners() { FIRST=$NEXT_LEARNER; NEXT_LEARNER=$(( NEXT_LEARNER + $1 )); }
GROUP_COMMIT_LEARNERS=0
for clients in $GROUP_COMMIT_CONCURRENCY; do GROUP_COMMIT_LEARNERS=$(( GROUP_COMMIT_LEARNERS + 4 * clients )); done
# The crowd's learners are set up step by step, so a knee found early spares setting up the largest crowd.
LEARNERS=$(( 2 * 12 * CONCURRENCY + $(wc -w <<< "$GROUP_COMMIT_DELAYS") * GROUP_COMMIT_LEARNERS ))
LG setup --url "$PORTAL" --admin-email admin@bench.local --admin-password bench-root-password-1 --learners "$LEARNERS" --courses 10 --lessons 100 \
  | tee "$RESULTS/setup.txt"
scenarios() { # topology
  for scenario in complete progress mylearning; do
    take_learners $(( 4 * CONCURRENCY ))
    LG run --url "$PORTAL" --scenario "$scenario" --concurrency "$CONCURRENCY" --learners $(( 4 * CONCURRENCY )) --first-learner "$FIRST" \
      --courses 10 --lessons 100 --warmup "$PORTAL_WARMUP" --duration "$DURATION" --out "$RESULTS/$1-$scenario.json"
  done
}
scenarios portal

# The co-hosted topology next, on the same database as it is now, so that both topologies meet the same tables (the
# knee and the activations below add hundreds of thousands of rows).
if [ "$COHOSTED" = 1 ]; then
  say "the portal co-hosted: the web is the cluster's one silo"
  stop_process "$WEB_PID"; stop_process "$SILO_PID"
  start_cohosted_web
  scenarios cohosted
  stop_process "$WEB_PID"
  say "the portal: one silo and the web as its Orleans client again"
  start_silo
  start_web
fi

# Every cell gets the portal's long warm-up: the first one follows a cold restart of the silo and the web (after the
# co-hosted runs), and a short warm-up measured the restart rather than commit_delay.
say "group commit: lesson completions at concurrency $GROUP_COMMIT_CONCURRENCY with commit_delay $GROUP_COMMIT_DELAYS µs"
for delay in $GROUP_COMMIT_DELAYS; do
  pg_setting commit_delay "$delay"
  for clients in $GROUP_COMMIT_CONCURRENCY; do
    take_learners $(( 4 * clients ))
    LG run --url "$PORTAL" --scenario complete --concurrency "$clients" --learners $(( 4 * clients )) --first-learner "$FIRST" \
      --courses 10 --lessons 100 --warmup "$PORTAL_WARMUP" --duration "$GROUP_COMMIT_DURATION" --out "$RESULTS/group-commit-portal-c$clients-d$delay.json"
  done
done
pg_setting commit_delay 0

# A crowd step holds when the p99 over all its requests is under 200 ms with no error and nothing refused (not the
# slowest endpoint's p99: My learning gets a few dozen visits a step, so its p99 is its one slowest page).
holds() { python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
ok = s["p99"] < 200 and sum(e["errors"] for e in s["endpoints"]) == 0 and s.get("refused", 0) == 0
sys.exit(0 if ok else 1)' "$1"; }
say "the knee: crowds of $KNEE_STEPS learners thinking 5-15 s between requests, until one does not hold"
# After every range the scenarios take (the co-hosted ones included), which the first setup covered.
CROWD_FIRST=$LEARNERS
LESSON=0
PAST_KNEE=""
READY=0
for crowd in "${STEPS[@]}"; do
  LG setup --url "$PORTAL" --admin-email admin@bench.local --admin-password bench-root-password-1 --first-learner $(( CROWD_FIRST + READY )) \
    --learners $(( crowd - READY )) --courses 10 --lessons 100 >&2
  READY=$crowd
  LG run --url "$PORTAL" --scenario flow --learners "$crowd" --first-learner "$CROWD_FIRST" --first-lesson "$LESSON" --courses 10 --lessons 100 \
    --think-min 5000 --think-max 15000 --warmup 20 --duration "$CROWD_DURATION" --out "$RESULTS/crowd-$crowd.json"
  awk '/VmRSS/ {print $2}' "/proc/$SILO_PID/status" > "$RESULTS/crowd-$crowd-silo-rss.txt"
  LESSON=$(( LESSON + 15 ))
  if ! holds "$RESULTS/crowd-$crowd.json"; then PAST_KNEE=$crowd; break; fi
done

ONE_CORE_CROWD=${ONE_CORE_CROWD:-${PAST_KNEE:-$CROWD_MAX}}
say "one core: the silo and the web pinned to one core, a crowd of $ONE_CORE_CROWD learners"
taskset -a -pc 0 "$SILO_PID" >/dev/null; taskset -a -pc 0 "$WEB_PID" >/dev/null
LG run --url "$PORTAL" --scenario flow --learners "$ONE_CORE_CROWD" --first-learner "$CROWD_FIRST" --first-lesson "$LESSON" --courses 10 --lessons 100 \
  --think-min 5000 --think-max 15000 --warmup 20 --duration "$CROWD_DURATION" --out "$RESULTS/one-core.json"
taskset -a -pc "0-$(( $(nproc) - 1 ))" "$SILO_PID" >/dev/null; taskset -a -pc "0-$(( $(nproc) - 1 ))" "$WEB_PID" >/dev/null

say "activations: ${ACTIVATIONS} user grains, course enrollments and package enrollments through an Orleans client, with the silo's resident memory after each; publish latency before and after the package enrollments"
dotnet bench/Activations/bin/Release/net10.0/CoursePortal.Activations.dll --connection "$CONN" --cluster bench --service bench \
  --count "$ACTIVATIONS" --silo-pid "$SILO_PID" --course bench-course-0 | tee "$RESULTS/activations.txt"

stop_process "$WEB_PID"; stop_process "$SILO_PID"

# On a database of its own (in the same PostgreSQL), after every other stage, so no figure above meets its rows.
if [ "$DATA" = 1 ]; then
  # shellcheck source=bench/data.sh
  source "$ROOT/bench/data.sh"
fi

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
# The hand-written parts that travel with every generated report: the 100M history (run once) and the profiles.
cat "$ROOT/bench/data-100m.md" <(echo) "$ROOT/bench/profiles.md" > "$RESULTS/notes.md"
LG report --results "$RESULTS" --out "$OUT" --concurrency "$CONCURRENCY" \
  --knee-steps "${KNEE_STEPS// /,}" --group-commit-delays "${GROUP_COMMIT_DELAYS// /,}" --group-commit-concurrency "${GROUP_COMMIT_CONCURRENCY// /,}" \
  --elapsed "$ELAPSED" --notes "$RESULTS/notes.md" \
  --command "bench/run.sh (CONCURRENCY=$CONCURRENCY DURATION=$DURATION KNEE_STEPS=\"$KNEE_STEPS\" CROWD_DURATION=$CROWD_DURATION)"
say "done in ${ELAPSED}s: $OUT"
