#!/usr/bin/env bash
# Stops the engine started by start-dockerd.sh (and its containers) and removes its state.
set -euo pipefail
dir="$1"
if [ -f "$dir/dockerd.pid" ]; then
  pid="$(cat "$dir/dockerd.pid")"
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
fi
rm -rf "$dir"
