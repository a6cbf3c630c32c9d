"""Start-up time vs a bare Qt window, all in fresh processes, same run:

- ``first``: the first window on screen, as ``python -m desktop`` shows it (Qt app, style,
  the start window with its busy bar), vs a bare PySide6 QMainWindow;
- ``window``: the main window shell (``build_shell``) vs the bare window;
- ``signin``: an existing profile (set up here, key in the keyring) to the interactive
  sign-in dialog, as ``python -m desktop`` reaches it (Qt app, start window, the clinic's
  screens imported, storage opened off the main thread, LoginDialog shown) vs the bare window.

    dbus-run-session -- scripts/with-keyring.sh .venv/bin/python bench/startup.py [runs]

Each child prints the wall-clock moment its window is shown; the figure is that moment minus
the moment the parent started it (interpreter start included, teardown not). Prints one line
per run, then one JSON summary line per measurement (ratio = reference / ours).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SHOWN = "import time; print(time.time())\n"
BARE = (
    "from PySide6.QtWidgets import QApplication, QMainWindow\n"
    "app = QApplication([]); w = QMainWindow(); w.show(); app.processEvents()\n" + SHOWN
)
WINDOW = (
    "from desktop import paths; paths.init({profile!r})\n"
    "from desktop.settings import Settings\n"
    "from desktop.ui.app import create_application\n"
    "from desktop.ui.shell import build_shell\n"
    "app = create_application([]); shell = build_shell(Settings()); shell.window.show()\n"
    "app.processEvents()\n" + SHOWN
)
FIRST = (
    "from desktop import paths; paths.init({profile!r})\n"
    "from desktop.ui.app import create_application\n"
    "from desktop.ui.start_window import StartWindow\n"
    "app = create_application([]); start = StartWindow(); start.show_step('loading')\n" + SHOWN
)
SIGNIN = (
    "from desktop import paths; locs = paths.init({profile!r})\n"
    "from desktop.ui.app import create_application\n"
    "from desktop.ui.start_window import StartWindow\n"
    "app = create_application([]); start = StartWindow(); start.show_step('loading')\n"
    "from desktop.ui.clinic_app import ClinicApp\n"
    "start.show_step('opening')\n"
    "from desktop.storage.keys import KeyStore\n"
    "from desktop.ui.storage_gate import obtain_storage\n"
    "storage = obtain_storage(locs, KeyStore(service={service!r}))\n"
    "from desktop.storage.session import UserSession\n"
    "from desktop.ui.login_dialog import LoginDialog\n"
    "start.close()\n"
    "dialog = LoginDialog(UserSession(storage)); dialog.show(); app.processEvents()\n"
    + SHOWN
    + "storage.close()\n"
)


def timed(code: str) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    start = time.time()
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, env=env, capture_output=True, cwd=ROOT
    ).stdout.decode()
    return float(out.strip().splitlines()[-1]) - start


def existing_profile(root: Path) -> tuple[str, str]:
    """A set-up profile (facility, one operator) with its key in the keyring."""
    from desktop import paths
    from desktop.storage.keys import KeyStore
    from desktop.storage.startup import FacilityDetails, FirstAccount, set_up

    service = f"spoke-clinic-bench-{uuid.uuid4().hex[:12]}"
    profile = root / "existing"
    locs = paths.init(profile)
    storage, _code = set_up(
        locs,
        KeyStore(service=service),
        FacilityDetails("HWC Bench", code="IN0000BENCH", state="Bihar", district="Gaya"),
        FirstAccount("asha", "Bench Operator", "operator", "correct horse 1"),
    )
    storage.close()
    return str(profile), service


def summary(name: str, ours: list[float], bare: list[float]) -> dict[str, object]:
    o, r = statistics.median(ours), statistics.median(bare)
    return {
        "metric": name,
        "unit": "ms",
        "ours": round(o * 1000, 1),
        "reference": round(r * 1000, 1),
        "reference_name": "bare PySide6 QMainWindow",
        "ratio": round(r / o, 3),
    }


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    with tempfile.TemporaryDirectory() as tmp:
        window_code = WINDOW.format(profile=str(Path(tmp) / "fresh"))
        profile, service = existing_profile(Path(tmp))
        signin_code = SIGNIN.format(profile=profile, service=service)
        first_code = FIRST.format(profile=profile)
        timed(BARE)  # warm the disk cache
        timed(signin_code)
        bare, first, window, signin = [], [], [], []
        for _ in range(runs):
            bare.append(timed(BARE))
            first.append(timed(first_code))
            window.append(timed(window_code))
            signin.append(timed(signin_code))
            print(
                f"bare {bare[-1] * 1000:.0f} ms   first window {first[-1] * 1000:.0f} ms   "
                f"shell {window[-1] * 1000:.0f} ms   "
                f"sign-in (existing profile) {signin[-1] * 1000:.0f} ms"
            )
    print(
        json.dumps(
            summary("first window (start window) shown (median, fresh process)", first, bare)
        )
    )
    print(json.dumps(summary("main window shell shown (median, fresh process)", window, bare)))
    print(
        json.dumps(
            summary("existing profile to interactive sign-in (median, fresh process)", signin, bare)
        )
    )


if __name__ == "__main__":
    main()
