#!/usr/bin/env bash
# Runs a command with a private, unlocked Secret Service (gnome-keyring) on the current D-Bus
# session bus. Used inside `dbus-run-session` by scripts/test.sh; never touches the user's own
# keyrings (XDG_DATA_HOME points at a throwaway folder).
set -euo pipefail
scratch="$(mktemp -d -t spoke-keyring.XXXXXX)"
export XDG_DATA_HOME="$scratch/data" XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$scratch/run}"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"; chmod 700 "$XDG_RUNTIME_DIR"
# The password only unlocks this throwaway keyring.
eval "$(printf 'spoke-test\n' | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL
cleanup() {
  pkill -u "$(id -u)" -f "gnome-keyring-daemon.*--components=secrets" -P $$ 2>/dev/null || true
  [ -n "${GNOME_KEYRING_PID:-}" ] && kill "$GNOME_KEYRING_PID" 2>/dev/null || true
  rm -rf "$scratch"
}
trap cleanup EXIT
status=0
"$@" || status=$?
exit $status
