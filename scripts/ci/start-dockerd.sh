#!/usr/bin/env bash
# Starts a throwaway Docker engine with its state in $1 and prints its DOCKER_HOST (unix://$1/docker.sock).
# Installs Debian's docker.io package when dockerd is missing. The engine gets no bridge and leaves the
# host's firewall alone (--bridge=none --iptables=false): containers can only use NetworkMode none/host
# or networks created explicitly.
set -euo pipefail
dir="${1:-$(mktemp -d /tmp/troupe-docker-XXXXXX)}"
if ! command -v dockerd >/dev/null; then
  echo "Installing the Docker engine (apt-get)..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq docker.io >&2
fi
mkdir -p "$dir"
sock="$dir/docker.sock"
setsid dockerd --bridge=none --iptables=false --ip6tables=false \
  --data-root "$dir/data" --exec-root "$dir/exec" --pidfile "$dir/dockerd.pid" \
  -H "unix://$sock" </dev/null >"$dir/dockerd.log" 2>&1 &
for _ in $(seq 1 100); do
  DOCKER_HOST="unix://$sock" docker version >/dev/null 2>&1 && break
  sleep 0.1
done
if ! DOCKER_HOST="unix://$sock" docker version >/dev/null 2>&1; then
  echo "dockerd did not answer within 10 s; its log:" >&2
  tail -n 30 "$dir/dockerd.log" >&2
  exit 1
fi
echo "unix://$sock"
