#!/usr/bin/env bash
# Runs Spoke Clinic in demo mode (embedded hub on loopback, demo accounts, synthetic camera
# when no camera exists), installing what is missing first. Extra arguments go to the app,
# e.g. `scripts/run.sh --lang hi`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bootstrap.sh
source "$ROOT/scripts/bootstrap.sh"
bootstrap
exec "$PY" -m desktop --demo "$@"
