#!/usr/bin/env bash
# Installs Debian's Chromium for the Playwright journeys (e2e/), unless it is already there.
# Playwright never downloads a browser here: e2e/playwright.config.ts points at /usr/bin/chromium.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
echo "Installing Chromium (apt-get)..." >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq chromium >&2
