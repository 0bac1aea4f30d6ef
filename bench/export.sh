#!/usr/bin/env bash
# Issue 16's export target, measured once: EVENTS learning events (1,000,000) written by SQL into a throwaway database,
# one silo and the web as its client started as bench/run.sh starts them, then the events CSV and the xAPI export of the
# whole table downloaded with curl while VmRSS of both processes is sampled every 100 ms. Prints events/s and each
# process's resident memory before the export and at its peak during it. Not part of bench/run.sh (it adds a minute of
# both cores); run it under the build lock where cores are shared: flock /work/build.lock bash bench/export.sh
# Environment: EVENTS (1000000), PAGE_SIZE (the web's Exports:PageSize, default unset = 5000).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
EVENTS=${EVENTS:-1000000}
WORK=$(mktemp -d /tmp/courseportal-export.XXXXXX)
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
trap cleanup EXIT

build_release src/Silo src/Web
start_postgres
start_silo
say "writing $EVENTS learning events by SQL"
# A plausible mix: lesson completions with a little JSON, every tenth an assessment attempt with a score, users and
# courses spread out, ten events a second over the years before now.
$PSQL -d portal -c "
  INSERT INTO learning_events (event_id, occurred_at, kind, actor_id, user_id, package_id, package_version, course_id, course_version, lesson_id, details)
  SELECT md5('export' || i)::uuid, now() - interval '1 day' - ($EVENTS - i) * interval '100 milliseconds',
         CASE WHEN i % 10 = 0 THEN 'assessment_attempted' ELSE 'lesson_completed' END,
         'u' || (i % 100000), 'u' || (i % 100000), 'pkg-' || (i % 7), 1 + i % 3, 'course-' || (i % 500), 1 + i % 2, 'lesson-' || (i % 20),
         CASE WHEN i % 10 = 0 THEN jsonb_build_object('score', i % 101, 'passed', i % 101 >= 80, 'answers', 'a, \"b\"')
              ELSE jsonb_build_object('source', 'course') END
    FROM generate_series(1, $EVENTS) AS i" -c "VACUUM ANALYZE learning_events"
start_web ${PAGE_SIZE:+Exports__PageSize=$PAGE_SIZE}
curl -fs -c "$WORK/jar" -H 'Content-Type: application/json' -d '{"email":"admin@bench.local","password":"bench-root-password-1"}' "$PORTAL/v1/session" >/dev/null

rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
sample() { # file: "web silo" in kB every 100 ms until killed
  while true; do echo "$(rss_kb "$WEB_PID") $(rss_kb "$SILO_PID")" >> "$1"; sleep 0.1; done
}
# One download with its figures: events (lines or statements counted from the body), seconds, events/s, and each process's
# resident memory before and at its peak, in MB.
measure() { # name url counter-command
  local name=$1 url=$2 counter=$3 before start end count
  before="$(rss_kb "$WEB_PID") $(rss_kb "$SILO_PID")"
  : > "$WORK/$name.rss"
  sample "$WORK/$name.rss" & local sampler=$!
  start=$(date +%s.%N)
  count=$(curl -fsS -b "$WORK/jar" "$url" | eval "$counter")
  end=$(date +%s.%N)
  kill "$sampler"; wait "$sampler" 2>/dev/null || true
  python3 - "$name" "$count" "$start" "$end" $before "$WORK/$name.rss" <<'PY'
import sys
name, count, start, end, web0, silo0, path = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), sys.argv[7]
samples = [tuple(int(x) for x in line.split()) for line in open(path) if len(line.split()) == 2]
web_peak, silo_peak = max(s[0] for s in samples), max(s[1] for s in samples)
seconds = end - start
print(f"{name}: {count:,} events in {seconds:.1f} s = {count / seconds:,.0f} events/s; "
      f"web RSS {web0 / 1024:.0f} MB before, {web_peak / 1024:.0f} MB peak (+{(web_peak - web0) / 1024:.0f} MB); "
      f"silo RSS {silo0 / 1024:.0f} MB before, {silo_peak / 1024:.0f} MB peak (+{(silo_peak - silo0) / 1024:.0f} MB); {len(samples)} samples")
PY
}

# The first export of a process pays for its JIT and its pools: a small one first, as any running portal has done.
curl -fsS -b "$WORK/jar" "$PORTAL/v1/events?format=csv&packageId=pkg-1&courseId=course-1" > /dev/null
measure csv "$PORTAL/v1/events?format=csv" "tail -n +2 | wc -l"
# The array is one line of about 400 MB: split it at each object's brace first, since grep -o over one such line is
# slower than the portal (it made the first measurement 18,000 statements/s).
measure xapi "$PORTAL/v1/events/xapi" "tr '{' '\\n' | grep -c '\"actor\":'"
measure csv-again "$PORTAL/v1/events?format=csv" "tail -n +2 | wc -l"
