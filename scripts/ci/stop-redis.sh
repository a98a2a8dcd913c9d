#!/usr/bin/env bash
# Stops the Redis started by start-redis.sh and removes its files.
set -euo pipefail
dir="$1"
[ -f "$dir/redis.pid" ] && kill "$(cat "$dir/redis.pid")" 2>/dev/null || true
rm -rf "$dir"
