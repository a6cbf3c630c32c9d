"""Start-up time vs a bare Qt window, all in fresh processes, same run:

- ``first``: the first window on screen, as ``python -m desktop`` shows it (Qt app, style,
  the start window with its busy bar), vs a bare PySide6 QMainWindow;
- ``window``: the main window shell (``build_shell``) vs the bare window;
- ``signin``: an existing profile (set up here, key in the keyring) to the interactive
  sign-in dialog, as ``python -m desktop`` reaches it (Qt app, start window, the clinic's
  screens imported, storage opened off the main thread, LoginDialog shown) vs the bare window.

    dbus-run-session -- scripts/with-keyring.sh .venv/bin/python bench/startup.py [runs]

With ``--frozen DIR`` (a built onedir bundle, e.g. from installers/build_release.py), it also
measures an existing profile to the "sign-in window shown" log line of the real entry point:
the frozen ``DIR/spoke-clinic --profile P`` and ``python -m desktop --profile P`` against the
bare window, same run (the profile's key in the session's default keyring service).

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


def existing_profile(root: Path, service: str = "") -> tuple[str, str]:
    """A set-up profile (facility, one operator) with its key in the keyring (``service``
    "": a new private one; None would be the app's default)."""
    from desktop import paths
    from desktop.storage.keys import KeyStore
    from desktop.storage.startup import FacilityDetails, FirstAccount, set_up

    service = service or f"spoke-clinic-bench-{uuid.uuid4().hex[:12]}"
    profile = root / ("existing" if service.startswith("spoke-clinic-bench-") else "default")
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


SIGNED_IN_LINE = "sign-in window shown"


def time_to_sign_in(cmd: list[str], profile: str) -> float:
    """Seconds from spawn to the app's "sign-in window shown" log line; then ended."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SPOKE_CLINIC_")}
    env["QT_QPA_PLATFORM"] = os.environ.get("QT_QPA_PLATFORM", "offscreen")
    log = Path(profile) / "logs" / "spoke-clinic.log"

    def count() -> int:
        return log.read_text("utf-8", "replace").count(SIGNED_IN_LINE) if log.exists() else 0

    seen, start = count(), time.time()
    proc = subprocess.Popen(
        [*cmd, "--profile", profile], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        while count() == seen:
            if proc.poll() is not None or time.time() - start > 60:
                raise RuntimeError(f"{cmd[0]}: no sign-in window")
            time.sleep(0.005)
        return time.time() - start
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def frozen_runs(onedir: Path, runs: int) -> None:
    from desktop.storage.keys import KeyStore

    with tempfile.TemporaryDirectory() as tmp:
        profile, _ = existing_profile(Path(tmp), KeyStore().service)
        frozen_cmd = [str(onedir / "spoke-clinic")]
        source_cmd = [sys.executable, "-m", "desktop"]
        time_to_sign_in(frozen_cmd, profile)  # warm the disk cache
        time_to_sign_in(source_cmd, profile)
        bare, frozen, source = [], [], []
        for _ in range(runs):
            bare.append(timed(BARE))
            frozen.append(time_to_sign_in(frozen_cmd, profile))
            source.append(time_to_sign_in(source_cmd, profile))
            print(
                f"bare {bare[-1] * 1000:.0f} ms   frozen sign-in {frozen[-1] * 1000:.0f} ms   "
                f"python -m desktop sign-in {source[-1] * 1000:.0f} ms"
            )
    name = "existing profile to the sign-in log line (median, fresh process)"
    print(json.dumps(summary("frozen bundle: " + name, frozen, bare)))
    print(json.dumps(summary("python -m desktop: " + name, source, bare)))


def main() -> None:
    args = sys.argv[1:]
    if "--frozen" in args:
        at = args.index("--frozen")
        onedir = Path(args[at + 1])
        rest = args[:at] + args[at + 2 :]
        frozen_runs(onedir, int(rest[0]) if rest else 5)
        return
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
