#!/usr/bin/env bash
# Stops the engine started by start-dockerd.sh (and its containers) and removes its state.
# Cleanup never fails the caller: a mount the engine leaves behind (its network namespace under
# exec/netns) is unmounted first, and what still cannot be removed is reported, not fatal.
set -uo pipefail
dir="$1"
[ -d "$dir" ] || exit 0
sock="unix://$dir/docker.sock"
if [ -f "$dir/dockerd.pid" ]; then
  pid="$(cat "$dir/dockerd.pid")"
  ids="$(DOCKER_HOST="$sock" timeout 20 docker ps -aq 2>/dev/null || true)"
  [ -z "$ids" ] || DOCKER_HOST="$sock" timeout 60 docker rm -f $ids >/dev/null 2>&1 || true
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 300); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -9 "$pid" 2>/dev/null || true
fi
# Deepest mounts first, so a parent is never busy because of a child.
awk -v d="$dir" 'index($2, d) == 1 { print $2 }' /proc/mounts | sort -r | while read -r mount; do
  umount "$mount" 2>/dev/null || umount -l "$mount" 2>/dev/null || true
done
if ! rm -rf "$dir" 2>/dev/null; then
  echo "stop-dockerd: could not remove all of $dir (left for the machine's cleanup)" >&2
fi
exit 0
