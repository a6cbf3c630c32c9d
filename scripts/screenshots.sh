#!/usr/bin/env bash
# Screenshots of the running app (demo mode, real window under Xvfb) for README and docs:
# docs/screenshots/main-window-en.png and -hi.png. Needs the test environment's keyring.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bootstrap.sh
source "$ROOT/scripts/bootstrap.sh"
bootstrap
shoot() {
  local lang="$1" out="$ROOT/docs/screenshots/main-window-$1.png" profile
  profile="$(mktemp -d)"
  SPOKE_CLINIC_PROFILE="$profile" SPOKE_CLINIC_SCREENSHOT_DELAY_MS=6000 \
    dbus-run-session -- "$ROOT/scripts/with-keyring.sh" \
    xvfb-run -a -s "-screen 0 1280x800x24" "$PY" -m desktop --demo --lang "$lang" --screenshot "$out"
  rm -rf "$profile"
  echo "wrote $out"
}
unset QT_QPA_PLATFORM
shoot en
shoot hi
