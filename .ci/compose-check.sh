#!/usr/bin/env bash
# Validates docker-compose.yml without a Docker engine: renders it with .env.example,
# checks that a missing POSTGRES_PASSWORD is rejected, and checks that silo/web only use
# configuration keys the application actually reads.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

fail() { echo "compose: FAIL: $*" >&2; exit 1; }

if ! command -v docker-compose >/dev/null 2>&1; then
  sudo_cmd=""
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
  echo "compose: installing docker-compose via apt-get" >&2
  $sudo_cmd apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq docker-compose >/dev/null
fi

env_file=.env.example
[ -f docker-compose.yml ] || fail "docker-compose.yml not found in $(pwd)"
[ -f "$env_file" ] || fail "$env_file not found in $(pwd)"

# Variables from the caller's shell would override the env file; keep the check hermetic.
unset_vars=(-u POSTGRES_DB -u POSTGRES_USER -u POSTGRES_PASSWORD -u ORLEANS_CLUSTER_ID
            -u ORLEANS_SERVICE_ID -u ASPNETCORE_ENVIRONMENT -u PUBLISHING_REQUIRE_SECOND_PERSON
            -u BOOTSTRAP_ADMIN_EMAIL -u BOOTSTRAP_ADMIN_PASSWORD -u OTLP_ENDPOINT
            -u EXPORT_RETENTION_DAYS -u EXPORTS_VOLUME_SIZE -u SMTP_HOST -u SMTP_PORT -u SMTP_USE_TLS -u SMTP_USER
            -u SMTP_PASSWORD -u MAIL_FROM -u PORTAL_PUBLIC_URL)

env "${unset_vars[@]}" docker-compose --env-file "$env_file" config -q \
  || fail "docker-compose config rejected docker-compose.yml with $env_file"
rendered="$(env "${unset_vars[@]}" docker-compose --env-file "$env_file" config)"

# A missing POSTGRES_PASSWORD must stop compose with a clear message.
tmp_env="$(mktemp)"
trap 'rm -f "$tmp_env"' EXIT
grep -v '^POSTGRES_PASSWORD=' "$env_file" > "$tmp_env"
if env "${unset_vars[@]}" docker-compose --env-file "$tmp_env" config -q >/dev/null 2>&1; then
  fail "config succeeded without POSTGRES_PASSWORD; it must be required (\${POSTGRES_PASSWORD:?...})"
fi

# Environment keys per service from the rendered config (mapping or list form).
env_keys() {
  printf '%s\n' "$rendered" | awk -v svc="$1" '
    /^services:/                 { in_services = 1; next }
    /^[^ ]/                      { in_services = 0; current = ""; next }
    in_services && /^  [^ ]/     { current = $1; sub(/:$/, "", current); in_env = 0; next }
    current == svc && /^    [^ ]/ { in_env = ($1 == "environment:"); next }
    current == svc && in_env && /^      - / { k = $2; sub(/=.*/, "", k); print k; next }
    current == svc && in_env && /^      [^ ]/ { k = $1; sub(/:$/, "", k); print k; next }
  '
}

allowed='^(ConnectionStrings__CoursePortal|Orleans__(ClusterId|ServiceId|SiloName|SiloPort|GatewayPort|AdvertisedIP)|Database__ApplySchema|Health__Port|Storage__ExportsPath|Storage__ExportRetentionDays|Publishing__RequireSecondPerson|ASPNETCORE_HTTP_PORTS|ASPNETCORE_ENVIRONMENT|Bootstrap__AdminEmail|Bootstrap__AdminPassword|Authentication__OpenIdConnect__(Authority|ClientId|ClientSecret)|Logging__Console__FormatterName|Logging__Console__FormatterOptions__IncludeScopes|Telemetry__OtlpEndpoint|Mail__(SmtpHost|SmtpPort|UseTls|User|Password|From|TemplatesPath|PickupDirectory)|Portal__PublicUrl)$'

for svc in silo web; do
  keys="$(env_keys "$svc")"
  [ -n "$keys" ] || fail "service '$svc' has no environment in the rendered config"
  bad="$(printf '%s\n' "$keys" | grep -Ev "$allowed" || true)"
  [ -z "$bad" ] || fail "service '$svc' uses unknown environment key(s): $(echo $bad)"
  for required in ConnectionStrings__CoursePortal Orleans__ClusterId Orleans__ServiceId; do
    printf '%s\n' "$keys" | grep -qx "$required" || fail "service '$svc' does not set $required"
  done
done

service_block() { printf '%s\n' "$rendered" | awk -v svc="  $1:" '$0 == svc { on = 1; next } /^  [^ ]/ { on = 0 } on'; }

# Silos must stay scalable (no fixed host ports, no container_name), and their silo and gateway ports must not be
# reachable from outside the compose network: a gateway client can call any grain, with no sign-in at all.
silo_block="$(service_block silo)"
[ -n "$silo_block" ] || fail "service 'silo' not found in the rendered config"
if printf '%s\n' "$silo_block" | grep -Eq '^    (ports|container_name|network_mode):'; then
  fail "service 'silo' sets ports, network_mode or container_name; its ports must stay inside the compose network and --scale silo=N must work"
fi
# The database holds every grain state (password hashes included): no host port either.
if service_block postgres | grep -Eq '^    (ports|network_mode):'; then
  fail "service 'postgres' publishes a port or shares the host network"
fi

# Exports must not share an unbounded disk with the database: the volume at Storage__ExportsPath is bounded (a tmpfs
# with a size) and is not the volume PostgreSQL writes to.
service_block() { printf '%s\n' "$rendered" | awk -v svc="$1" '$0 == "  " svc ":" { on = 1; next } /^  [^ ]/ { on = 0 } on'; }
# The named volume a service mounts at a path (short "name:path" or long "source:/target:" form).
volume_at() {
  service_block "$1" | awk -v path="$2" '
    /^      - / && index($0, ":" path) { v = $2; sub(/:.*/, "", v); print v; exit }
    /^    - / && index($0, ":" path) { v = $2; sub(/:.*/, "", v); print v; exit }
    /source: / { src = $2 }
    /target: / && $2 == path { print src; exit }
  '
}
postgres_volume="$(volume_at postgres /var/lib/postgresql/data)"
[ -n "$postgres_volume" ] || fail "postgres keeps its data in no named volume"
for svc in silo web; do
  exports_volume="$(volume_at "$svc" /data/exports)"
  [ -n "$exports_volume" ] || fail "service '$svc' mounts no named volume at /data/exports (Storage__ExportsPath)"
  [ "$exports_volume" != "$postgres_volume" ] || fail "service '$svc' writes exports to the database's volume '$postgres_volume'"
  if service_block "$svc" | grep -Eq "^ +- ${postgres_volume}:|source: ${postgres_volume}\$"; then
    fail "service '$svc' mounts the database's volume '$postgres_volume'"
  fi
  volume_block="$(printf '%s\n' "$rendered" | awk -v vol="$exports_volume" '/^volumes:/ { top = 1; next } /^[^ ]/ { top = 0 } top && $0 == "  " vol ":" { on = 1; next } top && /^  [^ ]/ { on = 0 } top && on')"
  printf '%s\n' "$volume_block" | grep -Eq '^      type: tmpfs$' || fail "the exports volume '$exports_volume' is not a tmpfs of its own (driver_opts type: tmpfs)"
  printf '%s\n' "$volume_block" | grep -Eq '^      o: .*size=[0-9]+[kmg]?' || fail "the exports volume '$exports_volume' has no size limit (driver_opts o: size=...)"
done

echo "compose: ok"
