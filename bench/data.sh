#!/usr/bin/env bash
# Issue 16's stage: a generated ten-year company history at DATA_EVENTS events (bench/DataScale generate: accounts,
# courses, packages and current enrollments through the grains, the history with COPY) on a database of its own, then
# every admin and author read path measured over HTTP as an admin (bench/DataScale reads). bench/run.sh calls it after
# its other stages (RESULTS set, its PostgreSQL running: the stage makes its own database there, so the figures
# above never meet ten million rows); run alone it starts a throwaway PostgreSQL and writes $OUT (bench/data.md).
# Environment: DATA_EVENTS (10000000), DATA_YEARS (10), DATA_REQUESTS per path (20), DATA_BUDGET seconds per path (60),
# DATA_DEEP_PAGES (200), DATA_EXTRA ("name=/path;..." more read paths), DATA_REBUILD_FUNCTION (found by name when empty),
# DATA_UNTIL (yyyy-MM-dd; today when empty: fix it to write the same history on another day), DATA_READS=0 to generate only.
set -euo pipefail
DATA_EVENTS=${DATA_EVENTS:-10000000}
DATA_YEARS=${DATA_YEARS:-10}
DATA_REQUESTS=${DATA_REQUESTS:-20}
DATA_BUDGET=${DATA_BUDGET:-60}
DATA_DEEP_PAGES=${DATA_DEEP_PAGES:-200}
DATA_UNTIL=${DATA_UNTIL:-$(date -u +%Y-%m-%d)}
STANDALONE=0
if [ -z "${RESULTS:-}" ]; then
  STANDALONE=1
  cd "$(dirname "$0")/.."
  ROOT=$PWD
  WORK=$(mktemp -d /tmp/courseportal-data.XXXXXX)
  RESULTS=$WORK/results
  mkdir -p "$RESULTS"
  # shellcheck source=bench/lib.sh
  source "$ROOT/bench/lib.sh"
  trap cleanup EXIT
  say "building Release"
  build_release src/Silo src/Web bench/DataScale
  say "starting a throwaway PostgreSQL"
  start_postgres
fi

DS() { dotnet "$ROOT/bench/DataScale/bin/Release/net10.0/CoursePortal.DataScale.dll" "$@"; }
START_DATA=$(date +%s)
$PSQL -c "CREATE DATABASE datascale"
MAIN_CONN=$CONN
CONN="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=datascale;Maximum Pool Size=200"
say "data: a silo on its own database, then $DATA_EVENTS events of a $DATA_YEARS-year history"
start_silo Orleans__ClusterId=datascale Orleans__ServiceId=datascale
DS generate --connection "$CONN" --cluster datascale --service datascale --events "$DATA_EVENTS" --years "$DATA_YEARS" --until "$DATA_UNTIL" \
  ${DATA_REBUILD_FUNCTION:+--rebuild-function "$DATA_REBUILD_FUNCTION"} --manifest "$RESULTS/data-manifest.json" --markdown "$RESULTS/data-generate.md" \
  | tee "$RESULTS/data-generate.txt"
if [ "${DATA_READS:-1}" = 1 ]; then
  start_web Orleans__ClusterId=datascale Orleans__ServiceId=datascale
  say "data: the read paths, one request at a time"
  DS reads --url "$PORTAL" --connection "$CONN" --manifest "$RESULTS/data-manifest.json" --requests "$DATA_REQUESTS" --budget "$DATA_BUDGET" \
    --deep-pages "$DATA_DEEP_PAGES" ${DATA_EXTRA:+--extra "$DATA_EXTRA"} --out "$RESULTS/data-reads.md"
  stop_process "$WEB_PID"
else
  echo "(not measured: DATA_READS=0)" > "$RESULTS/data-reads.md"
fi
stop_process "$SILO_PID"
CONN=$MAIN_CONN
echo "$(( $(date +%s) - START_DATA ))" > "$RESULTS/data-elapsed.txt"
echo "$DATA_EVENTS" > "$RESULTS/data-events.txt"

if [ "$STANDALONE" = 1 ]; then
  OUT=${OUT:-$ROOT/bench/data.md}
  {
    echo "# Ten years of history: $DATA_EVENTS events"
    echo
    echo "Written by \`DATA_EVENTS=$DATA_EVENTS bash bench/data.sh\` in $(( ($(date +%s) - START_DATA) / 60 )) minutes on $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB ($("$PGBIN/postgres" --version))."
    echo
    echo "## Generation"
    echo
    cat "$RESULTS/data-generate.md"
    echo
    echo "## Read paths"
    echo
    cat "$RESULTS/data-reads.md"
  } > "$OUT"
  say "done: $OUT"
fi
