#!/usr/bin/env bash
# Runs Spoke Clinic in demo mode (embedded hub on loopback, demo accounts, synthetic camera
# when no camera exists), installing what is missing first. Extra arguments go to the app,
# e.g. `scripts/run.sh --lang hi`.
#
# Where no OS keyring answers (a server, a container, a root shell without a desktop session,
# e.g. `xvfb-run -a scripts/run.sh`), it starts a private D-Bus session with a demo keyring
# (gnome-keyring) whose files live in the demo profile, so a restart finds the same key: see
# scripts/demo-keyring.sh.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bootstrap.sh
source "$ROOT/scripts/bootstrap.sh"
bootstrap
# The app says where this profile's demo keyring goes, if one is needed at all.
answer="$("$PY" -m desktop --demo --demo-keyring-dir "$@" 2>/dev/null || true)"
keyring_dir="$(sed -n 's/^demo-keyring-dir=//p' <<<"$answer")"
if [ -z "$keyring_dir" ]; then
  exec "$PY" -m desktop --demo "$@"
fi
for tool in dbus-run-session gnome-keyring-daemon; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "run.sh: no OS keyring answers, and $tool is missing to start a demo keyring." >&2
    echo "  Install it with: sudo apt-get install -y dbus gnome-keyring dbus-x11" >&2
    exit 1
  fi
done
if grep -qx 'no-desktop-session=1' <<<"$answer"; then
  # The bus run.sh starts is not a desktop session's: refusals at start are printed and
  # the app exits, rather than waiting on a dialog nobody can see.
  export SPOKE_CLINIC_NO_DESKTOP_SESSION=1
fi
echo "run.sh: no OS keyring answers; using the demo keyring in $keyring_dir" >&2
exec dbus-run-session -- "$ROOT/scripts/demo-keyring.sh" "$keyring_dir" "$PY" -m desktop --demo "$@"
