#!/usr/bin/env bash
# Stops the server started by start-postgres.sh and removes its data.
set -euo pipefail
dir="$1"
bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null || true
rm -rf "$dir"
