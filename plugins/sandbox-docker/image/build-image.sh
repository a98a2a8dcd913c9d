#!/usr/bin/env bash
# Builds the sandbox image offline (no registry): a root filesystem holding only the host's `node`,
# the host's Debian `python3` when there is one (with its standard library), the shared libraries
# both need, an /etc/passwd with `nobody`, and an empty /tmp; then `docker import`s it as $1
# (default: $TROUPE_SANDBOX_IMAGE, else troupe-sandbox:latest) and prints the image name.
# Skips the build when the image exists, unless called with --force. Needs DOCKER_HOST (or the
# default socket) and the `docker` client.
set -euo pipefail
force=0
if [ "${1:-}" = "--force" ]; then force=1; shift; fi
image="${1:-${TROUPE_SANDBOX_IMAGE:-troupe-sandbox:latest}}"

if [ "$force" = 0 ] && docker image inspect "$image" >/dev/null 2>&1; then
  echo "$image exists; pass --force to rebuild it" >&2
  echo "$image"
  exit 0
fi

root="$(mktemp -d /tmp/troupe-sandbox-rootfs-XXXXXX)"
trap 'rm -rf "$root"' EXIT

# Copies a file to the same path in the image, following symlinks.
add() {
  mkdir -p "$root$(dirname "$1")"
  cp -L "$1" "$root$1"
}
# Copies the shared libraries (and the dynamic loader) that ldd lists for a binary.
add_libraries_of() {
  local lib
  for lib in $(ldd "$1" 2>/dev/null | grep -o '/[^ ]*' || true); do
    [ -e "$root$lib" ] || add "$lib"
  done
}

node="$(readlink -f "$(command -v node)")"
mkdir -p "$root/usr/local/bin"
cp -L "$node" "$root/usr/local/bin/node"
add_libraries_of "$node"
languages="javascript"

# Debian's python3 (not a pyenv or venv one: those drag site-packages along). Its prefix is found
# from its own path, so it keeps that path in the image.
python="$(readlink -f /usr/bin/python3 2>/dev/null || true)"
if [ -n "$python" ] && [ -x "$python" ]; then
  stdlib="$("$python" -I -S -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')"
  add "$python"
  ln -s "$python" "$root/usr/local/bin/python3"
  add_libraries_of "$python"
  mkdir -p "$root$stdlib"
  tar -C "$stdlib" --exclude=./test --exclude=./site-packages --exclude=./dist-packages -c . | tar -C "$root$stdlib" -x
  for module in "$stdlib"/lib-dynload/*.so; do add_libraries_of "$module"; done
  languages="$languages,python"
fi

mkdir -p "$root/etc" "$root/tmp"
chmod 1777 "$root/tmp"
printf 'root:x:0:0:root:/root:/usr/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n' >"$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"

echo "Importing $image ($languages, $(du -sh "$root" | cut -f1))..." >&2
tar -C "$root" --numeric-owner --owner=0 --group=0 -c . | docker import \
  --change 'USER 65534:65534' \
  --change 'WORKDIR /tmp' \
  --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
  --change "LABEL troupe.sandbox.languages=$languages" \
  --change 'CMD ["node"]' \
  --message 'Troupe code-tool sandbox (built offline by build-image.sh)' \
  - "$image" >/dev/null
echo "$image"
