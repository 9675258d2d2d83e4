#!/usr/bin/env bash
# The end-to-end tests drive Debian's Chromium through playwright-core (playwright cannot
# download its own browsers here). Installs it when missing, so `npm ci && npm test` works on a
# fresh machine. Idempotent; a no-op when /usr/bin/chromium exists.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "ensure-chromium: /usr/bin/chromium is missing; run as root or: sudo apt-get install -y chromium" >&2
  exit 1
fi
echo "ensure-chromium: installing Debian's chromium for the end-to-end tests" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
/usr/bin/chromium --version
