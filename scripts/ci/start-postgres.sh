#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server on 127.0.0.1:$1 with its data in $2 and prints its URL.
# Installs Debian's postgresql package when the server binaries are missing.
set -euo pipefail
port="${1:-55432}"
dir="${2:-$(mktemp -d /tmp/troupe-pg-XXXXXX)}"

bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "Installing PostgreSQL (apt-get)..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
fi

mkdir -p "$dir"
chown postgres:postgres "$dir"
as_postgres() { runuser -u postgres -- "$@"; }
as_postgres "$bin/initdb" -D "$dir/data" -A trust -U postgres --no-sync >/dev/null
as_postgres "$bin/pg_ctl" -D "$dir/data" -w -l "$dir/server.log" \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
  start >&2
echo "postgres://postgres@127.0.0.1:$port/postgres"
