#!/usr/bin/env bash
# Runs the test suite after starting the services the tests need.
# Each scripts/services/*.sh is sourced: it installs/starts one service when it can
# and exports the variable its tests read (RASD_TEST_PG_URL, RASD_CHROMIUM, ...).
set -euo pipefail
cd "$(dirname "$0")/.."
for service in scripts/services/*.sh; do
  [[ -e $service ]] || continue
  # shellcheck disable=SC1090
  source "$service"
done
exec .venv/bin/pytest -q -p no:cacheprovider "$@"
