#!/usr/bin/env bash
# Sets up what the app and its tests need on Debian/Ubuntu: system packages (when root),
# a virtual environment with the project and its extras, and compiled translations.
# Sourced by scripts/run.sh and scripts/test.sh; safe to run again (it skips what is done).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${SPOKE_VENV:-$ROOT/.venv}"
PY="$VENV/bin/python"

# What Qt (xcb, EGL, fonts, audio), the keyring (Secret Service), the hub's PostgreSQL,
# media tools, the virtual screen and the call tests (coturn, iproute2) need. One line; helpers append here.
DEBIAN_PACKAGES="python3 python3-venv libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libdbus-1-3 libfontconfig1 libglib2.0-0 libnss3 libxcomposite1 libxdamage1 libxrandr2 libxtst6 libasound2 libpulse0 fonts-noto-core fonts-noto-ui-core fonts-dejavu-core dbus dbus-x11 gnome-keyring libsecret-tools xvfb xauth ffmpeg postgresql binutils desktop-file-utils poppler-utils coturn iproute2"

missing_debian_packages() {
  local missing=()
  for pkg in $DEBIAN_PACKAGES; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  echo "${missing[@]:-}"
}

install_debian_packages() {
  command -v dpkg-query >/dev/null 2>&1 || return 0
  local missing
  missing="$(missing_debian_packages)"
  [ -z "$missing" ] && return 0
  if [ "$(id -u)" = "0" ]; then
    echo "bootstrap: installing Debian packages: $missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
  else
    echo "bootstrap: these Debian packages are missing; install them with:"
    echo "  sudo apt-get install -y $missing"
  fi
}

# The oldest Python we support: pyproject's requires-python floor (a test keeps them equal).
PYTHON_FLOOR="3.11"
# Debian 12's own interpreter (3.11.2), the oldest a fresh machine has: preferred for the venv
# so that tests run on the floor, not on whatever newer python3 comes first on the PATH.
SYSTEM_PYTHON="/usr/bin/python3"

# The venv's Python must be $PYTHON_FLOOR or newer: say so plainly rather than leave pip to
# fail on the first dependency it cannot resolve.
check_python() {
  local python="$1" version
  if ! command -v "$python" >/dev/null 2>&1; then
    echo "bootstrap: no $python found. Install it with: sudo apt-get install -y python3 python3-venv" >&2
    return 1
  fi
  if ! "$python" -c "import sys; sys.exit(0 if sys.version_info >= (${PYTHON_FLOOR/./, }) else 1)"; then
    version="$("$python" -c 'import platform; print(platform.python_version())' 2>/dev/null || echo unknown)"
    echo "bootstrap: Spoke Clinic needs Python $PYTHON_FLOOR or newer, but $python is Python $version." >&2
    echo "  Debian 12 ships Python 3.11; elsewhere install Python 3.11 or newer and run again" >&2
    echo "  with PYTHON=/path/to/python3.11 (e.g. PYTHON=python3.11 $0)." >&2
    return 1
  fi
}

# The interpreter for a new venv: $PYTHON if set, else the system's /usr/bin/python3 when it
# is new enough, else the first python3 on the PATH.
venv_python() {
  if [ -n "${PYTHON:-}" ]; then
    echo "$PYTHON"
  elif [ -x "$SYSTEM_PYTHON" ] && check_python "$SYSTEM_PYTHON" >/dev/null 2>&1; then
    echo "$SYSTEM_PYTHON"
  else
    echo python3
  fi
}

ensure_venv() {
  local python
  python="$(venv_python)"
  if [ ! -x "$PY" ]; then
    check_python "$python"
    echo "bootstrap: creating the virtual environment in $VENV"
    "$python" -m venv "$VENV"
    "$PY" -m pip install -q --upgrade pip
  fi
  local stamp="$VENV/.spoke-installed"
  if [ ! -f "$stamp" ] || [ "$ROOT/pyproject.toml" -nt "$stamp" ]; then
    echo "bootstrap: installing Spoke Clinic and its extras into $VENV"
    "$PY" -m pip install -q -e "$ROOT[test,dev]"
    touch "$stamp"
  fi
}

build_translations() {
  "$PY" "$ROOT/scripts/translations.py" compile
}

bootstrap() {
  install_debian_packages
  ensure_venv
  build_translations
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  bootstrap
fi
