"""How the app was started: whether a desktop session is there to answer a dialog, which
command starts it here (for advice the user can paste), and the demo keyring's folder.

Qt-free: ``scripts/run.sh`` asks it (``--demo-keyring-dir``) before the app itself starts.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from pathlib import Path

from desktop.paths import Locations

# Set by scripts/run.sh when it found no session D-Bus and started one of its own for the
# demo keyring: the bus it hands the app is not a desktop session's.
NO_DESKTOP_ENV = "SPOKE_CLINIC_NO_DESKTOP_SESSION"
SOURCE_ROOT = Path(__file__).resolve().parent.parent
RUN_SCRIPT = SOURCE_ROOT / "scripts" / "run.sh"


def session_bus_present() -> bool:
    """A session D-Bus is announced (every desktop session on Linux has one)."""
    if os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return True
    runtime = os.environ.get("XDG_RUNTIME_DIR") or f"/run/user/{os.getuid()}"
    return Path(runtime, "bus").exists()


def no_desktop_session() -> bool:
    """True when nobody can answer a dialog: an offscreen Qt platform, or (Linux) no desktop
    session, e.g. ``xvfb-run`` from a root shell. Then refusals at start are printed and the
    app exits instead of waiting on a window nobody sees."""
    platform = os.environ.get("QT_QPA_PLATFORM", "").split(":")[0]
    if platform in ("offscreen", "minimal"):
        return True
    if not sys.platform.startswith("linux"):
        return False
    return os.environ.get(NO_DESKTOP_ENV) == "1" or not session_bus_present()


def from_source() -> bool:
    """Running from a source checkout, where ``scripts/run.sh`` starts the app."""
    return not getattr(sys, "frozen", False) and RUN_SCRIPT.exists()


def run_command() -> str:
    """The command that starts Spoke Clinic here, as typed in a terminal (demo mode for a
    source checkout, whose ``scripts/run.sh`` also installs what is missing and starts a demo
    keyring where there is none)."""
    if from_source():
        at_root = Path.cwd().resolve() == SOURCE_ROOT
        return shlex.quote(str(RUN_SCRIPT.relative_to(SOURCE_ROOT) if at_root else RUN_SCRIPT))
    # The frozen app is its own executable; a virtual environment has a console script
    # beside its Python (which is on PATH only while the environment is activated).
    here = Path(sys.executable) if getattr(sys, "frozen", False) else None
    here = here or Path(sys.executable).parent / "spoke-clinic"
    on_path = shutil.which("spoke-clinic")
    if on_path and Path(on_path).resolve() == here.resolve():
        return "spoke-clinic"
    if here.exists():
        return shlex.quote(str(here))
    return f"{shlex.quote(sys.executable)} -m desktop"


def demo_run_command() -> str:
    """``run_command()`` with the demo switch when it does not imply it already."""
    command = run_command()
    return command if command.endswith("run.sh") else f"{command} --demo"


def demo_keyring_dir(locs: Locations) -> Path:
    """Where scripts/run.sh keeps the demo keyring (gnome-keyring's files) of this profile."""
    return locs.data / "demo-keyring"


def secure_keyring_reachable() -> bool:
    """An OS keyring answers (on Linux: a Secret Service on the session bus)."""
    from desktop.storage.errors import KeyringUnavailableError
    from desktop.storage.keys import find_secure_backend

    try:
        find_secure_backend()
    except KeyringUnavailableError:
        return False
    return True
