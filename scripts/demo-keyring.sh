#!/usr/bin/env bash
# Usage: demo-keyring.sh DIR COMMAND...  (inside `dbus-run-session`, started by scripts/run.sh)
# Starts gnome-keyring's Secret Service on the current (private) D-Bus session with its keyring
# files in DIR, inside the demo profile, unlocked with a fixed password, then runs COMMAND.
# The same DIR on the next start opens the same keyring, so the demo profile opens again.
#
# The fixed password protects nothing: anyone who can read the profile folder can read the
# demo keys. That is acceptable only because demo data is synthetic; never put real patient
# data in a demo profile. The daemon exits when the session bus ends with COMMAND.
set -euo pipefail
dir="$1"
shift
mkdir -p "$dir"
chmod 700 "$dir"
# gnome-keyring wants a runtime folder for its control socket; without a login session
# (root, a container) there is none, so it gets a private one.
runtime="${XDG_RUNTIME_DIR:-}"
scratch=""
if [ -z "$runtime" ] || [ ! -d "$runtime" ] || [ ! -w "$runtime" ]; then
  scratch="$(mktemp -d -t spoke-demo-keyring.XXXXXX)"
  runtime="$scratch"
fi
cleanup() { [ -z "$scratch" ] || rm -rf "$scratch"; }
trap cleanup EXIT
trap 'exit 143' TERM HUP
trap 'exit 130' INT
# XDG_DATA_HOME only for the daemon: the app's own folders must not move.
printf 'spoke-clinic-demo\n' |
  XDG_DATA_HOME="$dir" XDG_RUNTIME_DIR="$runtime" \
    gnome-keyring-daemon --unlock --components=secrets >/dev/null
status=0
"$@" || status=$?
exit "$status"
