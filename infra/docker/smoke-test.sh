#!/usr/bin/env bash
# Builds infra/docker/Dockerfile for real and runs the image: `migrate`, then `start` (until its
# HEALTHCHECK reports healthy) and `worker` in queue mode, a webhook flow end to end through both,
# the metrics both serve, `migrate` again on the now populated database (the upgrade path), and a
# clean SIGTERM stop. Needs a Docker engine (DOCKER_HOST), and PostgreSQL and Redis on this machine (DATABASE_URL
# and REDIS_URL on 127.0.0.1; the containers use the host's network). Prints what it checked.
#
# No registry is reachable here, so the base image node:20-bookworm-slim cannot be pulled: the
# build gets a stand-in instead (--build-arg NODE_IMAGE), imported from this machine's own files:
# its Node.js and npm, glibc, busybox for /bin/sh, a `node` user with uid 1000 as in the official image,
# and the machine's CA bundle and npm settings so that `npm ci` reaches the registry as the host
# does. Everything after FROM is the real Dockerfile.
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${DATABASE_URL:?DATABASE_URL (a PostgreSQL server on this machine) is required}"
: "${REDIS_URL:?REDIS_URL (a Redis on this machine) is required}"

base=troupe-ci/node-standin:20
image=troupe:ci-smoke
port="${TROUPE_SMOKE_PORT:-38030}"
work="$(mktemp -d /tmp/troupe-smoke-XXXXXX)"
containers=()
cleanup() {
  for container in "${containers[@]}"; do docker rm -f "$container" >/dev/null 2>&1 || true; done
  rm -rf "$work"
}
trap cleanup EXIT
step() { printf '%s (%ss)\n' "$1" "$SECONDS"; }

if ! command -v busybox >/dev/null; then
  echo "Installing busybox-static (apt-get)..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq busybox-static >/dev/null
fi

# The stand-in base image.
root="$work/rootfs"
add() { mkdir -p "$root$(dirname "$1")" && cp -L "$1" "$root$1"; }
node="$(readlink -f "$(command -v node)")"
mkdir -p "$root/usr/local/bin" "$root/usr/local/lib" "$root/usr/local/etc" "$root/bin" "$root/usr/bin" "$root/etc/ssl/certs" "$root/tmp" "$root/home/node"
cp -L "$node" "$root/usr/local/bin/node"
# Node's libraries, and all of glibc's and the C++ runtime's as in a Debian image (native addons such
# as nx's and rolldown's link against more of them than node does).
for lib in $(ldd "$node" | grep -o '/[^ ]*') $(dpkg -L libc6 libgcc-s1 libstdc++6 | grep -E '^/(usr/)?lib/x86_64-linux-gnu/[^/]+\.so[.0-9]*$'); do
  [ -e "$root$lib" ] || add "$lib"
done
cp -r "$(dirname "$(readlink -f "$(command -v npm)")")/.." "$root/usr/local/lib/node_modules-npm"
mkdir -p "$root/usr/local/lib/node_modules" && mv "$root/usr/local/lib/node_modules-npm" "$root/usr/local/lib/node_modules/npm"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"
cp "$(command -v busybox)" "$root/bin/busybox"
for applet in $(busybox --list); do [ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"; done
ln -s /bin/env "$root/usr/bin/env"
cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/"
globalrc="$(npm config get globalconfig)"
if [ -f "$globalrc" ]; then cp "$globalrc" "$root/usr/local/etc/npmrc"; fi
printf 'root:x:0:0:root:/root:/bin/sh\nnode:x:1000:1000::/home/node:/bin/sh\n' >"$root/etc/passwd"
printf 'root:x:0:\nnode:x:1000:\n' >"$root/etc/group"
chown 1000:1000 "$root/home/node"
chmod 1777 "$root/tmp"
tar -C "$root" --numeric-owner -c . | docker import \
  --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' --change 'CMD ["node"]' - "$base" >/dev/null
step "stand-in base image $base"

# The real Dockerfile. The legacy builder: BuildKit would fetch its frontend from a registry.
DOCKER_BUILDKIT=0 docker build --network host --build-arg "NODE_IMAGE=$base" \
  -f infra/docker/Dockerfile -t "$image" . >"$work/build.log" 2>&1 || { tail -n 40 "$work/build.log"; exit 1; }
step "docker build -f infra/docker/Dockerfile ($(docker image inspect -f '{{.Size}}' "$image" | awk '{printf "%d MB", $1 / 1e6}'))"
user="$(docker image inspect -f '{{.Config.User}}' "$image")"
[ "$user" = node ] || { echo "the image runs as '$user', not node"; exit 1; }

# A database and a Redis namespace of its own.
db="troupe_smoke_$$"
psql "$DATABASE_URL" -qc "create database $db"
smoke_db="${DATABASE_URL%/*}/$db"
trap 'cleanup; psql "$DATABASE_URL" -qc "drop database if exists $db with (force)" || true' EXIT
env_args=(-e "DATABASE_URL=$smoke_db" -e "REDIS_URL=$REDIS_URL" -e TROUPE_REDIS_NAMESPACE="smoke$$"
  -e TROUPE_SECRET_KEY=smoke-test-secret-key-0123456789abcdef -e LOG_LEVEL=warn)

docker run --rm --network host --read-only --tmpfs /tmp "${env_args[@]}" "$image" migrate
step "migrate: exit 0 (read-only root, user node)"

api="smoke-api-$$"
containers+=("$api")
docker run -d --name "$api" --network host --read-only --tmpfs /tmp --health-interval 2s \
  -e PORT="$port" -e TROUPE_METRICS_PORT="$((port + 2))" "${env_args[@]}" "$image" >/dev/null
for _ in $(seq 1 90); do
  [ "$(docker inspect -f '{{.State.Health.Status}}' "$api")" = healthy ] && break
  sleep 1
done
if [ "$(docker inspect -f '{{.State.Health.Status}}' "$api")" != healthy ]; then
  docker logs "$api" 2>&1 | tail -n 30
  echo "start: the HEALTHCHECK never reported healthy"
  exit 1
fi
step "start: HEALTHCHECK healthy, GET /health = $(curl -fsS "http://127.0.0.1:$port/health")"

worker="smoke-worker-$$"
containers+=("$worker")
docker run -d --name "$worker" --network host --read-only --tmpfs /tmp -e TROUPE_METRICS_PORT="$((port + 1))" \
  "${env_args[@]}" "$image" worker >/dev/null
for _ in $(seq 1 60); do
  docker logs "$worker" 2>&1 | grep -q 'Troupe worker .* is running' && break
  sleep 1
done
docker logs "$worker" 2>&1 | grep -q 'Troupe worker .* is running' || { docker logs "$worker" 2>&1 | tail -n 30; exit 1; }
step "worker: running"

# A webhook flow: the API enqueues it, the worker runs it, the API answers with its output.
api_url="http://127.0.0.1:$port/api/v1"
json() { node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>console.log(JSON.parse(s)$1))"; }
token="$(curl -fsS -X POST "$api_url/signup" -H 'content-type: application/json' \
  -d '{"tenant":{"name":"Smoke"},"name":"Ann","email":"ann@smoke.test","password":"a long password"}' | json .accessToken)"
flow="$(curl -fsS -X POST "$api_url/flows" -H "authorization: Bearer $token" -H 'content-type: application/json' \
  -d '{"name":"Echo","nodes":[{"id":"hook","type":"trigger.webhook"},{"id":"out","type":"flow.output"}],"edges":[{"id":"e1","source":"hook","target":"out"}]}' | json .id)"
answer="$(curl -fsS -X POST "$api_url/hooks/$flow" -H 'content-type: application/json' -d '{"name":"Bob"}')"
[ "$answer" = '{"name":"Bob"}' ] || { echo "webhook answered $answer"; docker logs "$worker" 2>&1 | tail -n 20; exit 1; }
ran_on="$(curl -fsS "$api_url/executions?flowId=$flow" -H "authorization: Bearer $token" | json '.data[0].status')"
step "webhook flow through API and worker: $answer ($ran_on)"

# The metric names the dashboard and the alert rules use, as the API and the worker serve them.
metrics="$(curl -fsS "http://127.0.0.1:$((port + 2))/metrics"; curl -fsS "http://127.0.0.1:$((port + 1))/metrics")"
for name in troupe_http_request_duration_seconds troupe_executions_total troupe_node_duration_seconds \
  troupe_queue_depth troupe_llm_tokens_total troupe_llm_cost_usd_total troupe_sandbox_runs_total; do
  grep -q "^# TYPE $name " <<<"$metrics" || { echo "neither /metrics serves $name"; exit 1; }
done
step "/metrics of the API and of the worker (TROUPE_METRICS_PORT) serve the 7 metrics of the dashboard"
closed="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/metrics")"
[ "$closed" = 404 ] || { echo "the API port answered /metrics with $closed; without TROUPE_METRICS_TOKEN it must not serve it"; exit 1; }
step "/metrics on the API port: 404 without TROUPE_METRICS_TOKEN"

# The upgrade path (docs/guides/upgrading.md): migrate a database that now holds a tenant.
docker run --rm --network host --read-only --tmpfs /tmp "${env_args[@]}" "$image" migrate
step "migrate again with a tenant in the database (the upgrade path): exit 0"

docker stop -t 20 "$api" "$worker" >/dev/null
for container in "$api" "$worker"; do
  code="$(docker inspect -f '{{.State.ExitCode}}' "$container")"
  [ "$code" = 0 ] || { echo "$container exited $code on SIGTERM"; exit 1; }
done
step "SIGTERM: API and worker exit 0"
