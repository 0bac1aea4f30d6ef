# Shared by bench/run.sh and bench/profile.sh (sourced, not run): a throwaway PostgreSQL and the portal's processes
# started the same way in both, so a profile is taken on the stack the report measures.
# Needs ROOT and WORK set; fills PIDS (killed on exit), PGBIN, PGPORT, PSQL, CONN.

say() { echo "bench: $*" >&2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
PIDS=()
cleanup() {
  for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  if [ -n "${PGBIN:-}" ] && [ -d "$WORK/pg" ]; then as_pg "$PGBIN/pg_ctl" -D "$WORK/pg" -m immediate stop >/dev/null 2>&1 || true; fi
  rm -rf "$WORK"
}
wait_ready() { # url, seconds[, log to show when it does not come up]
  for _ in $(seq 1 "$2"); do curl -fs -o /dev/null "$1" && return 0; sleep 1; done
  say "not ready: $1"; [ -n "${3:-}" ] && tail -30 "$3" >&2; return 1
}
# Stops one of the portal's processes and waits until it is gone, so the next one can take over its cluster role.
stop_process() {
  kill "$1" 2>/dev/null || true
  for _ in $(seq 1 60); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.5; done
  kill -9 "$1" 2>/dev/null || true
}
LG() { dotnet "$ROOT/bench/LoadGenerator/bin/Release/net10.0/CoursePortal.LoadGenerator.dll" "$@"; }
# Four busy processes share two cores here: idle thread-pool threads yield the core instead of spinning for work
# (measured: +40% lesson completions at concurrency 8; see docs/benchmarks.md).
export DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0

build_release() { # projects...
  for project in "$@"; do
    dotnet build "$ROOT/$project" -c Release -warnaserror -nologo -v q >/dev/null
  done
}

# PostgreSQL with fsync and synchronous_commit at their defaults (on): an acknowledged write is on disk.
start_postgres() {
  PGBIN=$(dirname "$(readlink -f "$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -1 || command -v initdb)")")
  PGPORT=$(free_port)
  mkdir -p "$WORK/pg" && chmod 777 "$WORK"
  if [ "$(id -u)" = 0 ]; then id postgres >/dev/null 2>&1 || useradd -r -m postgres; chown postgres "$WORK/pg"; fi
  as_pg "$PGBIN/initdb" -D "$WORK/pg" -U postgres --auth=trust >/dev/null
  as_pg "$PGBIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg.log" -o "-p $PGPORT -k /tmp -c max_connections=600 -c shared_buffers=512MB" -w start >/dev/null
  PSQL="$PGBIN/psql -h 127.0.0.1 -p $PGPORT -U postgres -v ON_ERROR_STOP=1 -q"
  $PSQL -c "CREATE DATABASE bench" -c "CREATE DATABASE portal"
  CONN="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=portal;Maximum Pool Size=200${CONNECTION_OPTIONS:+;$CONNECTION_OPTIONS}"
}

# Sets a PostgreSQL setting that a reload applies (commit_delay, commit_siblings) for every new transaction.
pg_setting() { # name value
  $PSQL -c "ALTER SYSTEM SET $1 = '$2'" -c "SELECT pg_reload_conf()" >/dev/null
}

# The web's settings for a bench run: sign-in and per-learner write limits raised (every virtual learner signs in from
# one address), cheap password hashing so that setup creates thousands of accounts in seconds.
web_environment() {
  WEB_ENVIRONMENT=(ConnectionStrings__CoursePortal="$CONN" Orleans__ClusterId=bench Orleans__ServiceId=bench
    Bootstrap__AdminEmail=admin@bench.local Bootstrap__AdminPassword=bench-root-password-1 Security__SignInAttemptsPerMinute=100000000
    Security__LearnerWritesPerMinute=100000000 Security__PasswordHashIterations=1000 DOTNET_gcServer=1)
}

# One silo on the bench database; sets SILO_PID. Extra environment (NAME=value ...) as arguments.
start_silo() {
  local health; health=$(free_port)
  env ConnectionStrings__CoursePortal="$CONN" Orleans__ClusterId=bench Orleans__ServiceId=bench Orleans__SiloPort="$(free_port)" \
    Orleans__GatewayPort="$(free_port)" Orleans__AdvertisedIP=127.0.0.1 Health__Port="$health" DOTNET_gcServer=1 "$@" \
    dotnet "$ROOT/src/Silo/bin/Release/net10.0/CoursePortal.Silo.dll" >> "$WORK/silo.log" 2>&1 &
  SILO_PID=$!; PIDS+=("$SILO_PID")
  wait_ready "http://127.0.0.1:$health/health/ready" 180 "$WORK/silo.log"
}

# The web as an Orleans client of the silos; sets WEB_PID and PORTAL. Extra environment as arguments.
start_web() {
  local port; port=$(free_port)
  web_environment
  env "${WEB_ENVIRONMENT[@]}" ASPNETCORE_URLS="http://127.0.0.1:$port" "$@" \
    dotnet "$ROOT/src/Web/bin/Release/net10.0/CoursePortal.Web.dll" --contentRoot "$ROOT/src/Web" >> "$WORK/web.log" 2>&1 &
  WEB_PID=$!; PIDS+=("$WEB_PID")
  PORTAL="http://127.0.0.1:$port"
  wait_ready "$PORTAL/health/ready" 180 "$WORK/web.log"
}

# The web as a silo of its own (Orleans:CoHosted): no separate silo process, no client hop.
start_cohosted_web() {
  start_web Orleans__CoHosted=true Orleans__SiloPort="$(free_port)" Orleans__GatewayPort="$(free_port)" Orleans__AdvertisedIP=127.0.0.1 "$@"
}
