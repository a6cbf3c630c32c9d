#!/usr/bin/env bash
# The whole test suite, from a fresh machine: installs what is missing (Debian packages when
# root, the virtual environment, translations), then runs pytest offscreen inside a private
# D-Bus session with an unlocked gnome-keyring. Extra arguments go to pytest.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bootstrap.sh
source "$ROOT/scripts/bootstrap.sh"
bootstrap
cd "$ROOT"
export QT_QPA_PLATFORM=offscreen PYTHONDONTWRITEBYTECODE=1
unset DISPLAY WAYLAND_DISPLAY
for tool in dbus-run-session gnome-keyring-daemon; do
  command -v "$tool" >/dev/null || { echo "missing $tool: sudo apt-get install -y dbus gnome-keyring"; exit 1; }
done
# A hard crash (segfault, abort) prints nothing of its own through pytest's capture: the
# tests keep faulthandler's stacks in this file (tests/conftest.py), shown here if one comes.
FAULTS="$ROOT/build/test-faults.log"
mkdir -p "$ROOT/build" && : > "$FAULTS"
export SPOKE_TEST_FAULTS="$FAULTS"
status=0
dbus-run-session -- "$ROOT/scripts/with-keyring.sh" "$PY" -m pytest "$@" || status=$?
if [ "$status" -ge 128 ] && [ -s "$FAULTS" ]; then
  echo "--- the test process died (status $status); faulthandler's stacks:" >&2
  tail -n 300 "$FAULTS" >&2
fi
exit "$status"
