#!/usr/bin/env bash
# `npm ci`, held to printing no warning: it fails, naming the lines, when npm warns about anything
# (EBADENGINE: a package whose release needs a newer Node than this one; a peer-dependency
# conflict; a deprecated package; an install script that package.json's allowScripts does not
# record). CI runs Node 20, the oldest Troupe supports (docs/guides/upgrading.md), so an update
# that drops it fails here instead of warning in a user's terminal.
set -euo pipefail
cd "$(dirname "$0")/../.."

log="$(mktemp /tmp/troupe-npm-ci-XXXXXX)"
trap 'rm -f "$log"' EXIT

# --loglevel=warn: a loglevel of error in someone's .npmrc would hide exactly what this looks for.
npm ci --no-audit --no-fund --color=false --loglevel=warn 2>&1 | tee "$log"

if grep -qiE '^npm warn|EBADENGINE' "$log"; then
  echo >&2
  echo "npm ci printed warnings (for EBADENGINE: docs/guides/upgrading.md, Supported Node versions):" >&2
  grep -iE '^npm warn|EBADENGINE' "$log" >&2
  exit 1
fi
