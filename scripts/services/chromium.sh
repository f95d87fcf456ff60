# Sourced by scripts/test.sh (set -euo pipefail is active): makes Debian's Chromium
# available to the browser tests and exports RASD_CHROMIUM. Never fails the run:
# without Chromium the browser tests skip, and we say so on one line.
# (playwright's own `install` downloads a browser build, which is not reachable here.)
_rasd_chromium=/usr/bin/chromium
if [[ ! -x $_rasd_chromium && $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } \
    >/tmp/rasd-chromium-install.log 2>&1 || true
fi
if [[ -x $_rasd_chromium ]]; then
  export RASD_CHROMIUM=$_rasd_chromium
else
  echo "chromium.sh: Chromium not available (see /tmp/rasd-chromium-install.log); browser tests will skip"
fi
unset _rasd_chromium
