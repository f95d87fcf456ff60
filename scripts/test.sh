#!/usr/bin/env bash
# Runs the test suite after starting the services the tests need.
# Each scripts/services/*.sh is sourced: it installs/starts one service when it can,
# exports the variable its tests read (RASD_TEST_PG_URL, RASD_CHROMIUM, ...) and, for
# what it started, adds a command to `cleanups`. Those run when the suite ends however
# it ends (passed, failed, Ctrl-C, killed with TERM), so no test server is left behind.
set -euo pipefail
cd "$(dirname "$0")/.."
cleanups=()
run_cleanups() {
  local command
  for command in ${cleanups[@]+"${cleanups[@]}"}; do
    eval "$command" || true
  done
}
trap run_cleanups EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
for service in scripts/services/*.sh; do
  [[ -e $service ]] || continue
  # shellcheck disable=SC1090
  source "$service"
done
# Not exec: this shell must outlive pytest to stop the services.
.venv/bin/pytest -q -p no:cacheprovider "$@"
