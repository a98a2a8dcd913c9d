#!/usr/bin/env bash
# Starts a throwaway Redis on 127.0.0.1:$1 (no persistence) with its files in $2 and prints its URL.
# Installs Debian's redis-server package when it is missing.
set -euo pipefail
port="${1:-56379}"
dir="${2:-$(mktemp -d /tmp/troupe-redis-XXXXXX)}"
if ! command -v redis-server >/dev/null; then
  echo "Installing Redis (apt-get)..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq redis-server >&2
fi
mkdir -p "$dir"
redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --daemonize yes \
  --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --dir "$dir" >&2
for _ in $(seq 1 50); do
  redis-cli -p "$port" ping >/dev/null 2>&1 && break
  sleep 0.1
done
echo "redis://127.0.0.1:$port"
