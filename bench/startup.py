"""Start-up time vs a bare Qt window, all in fresh processes, same run:

- ``signin``: an existing profile (set up here, key in the keyring) to the interactive
  sign-in window through the real entry point: spawn of ``python -m desktop --profile P`` to
  its "sign-in window shown" log line (emitted once the dialog's event loop runs), vs a bare
  PySide6 QMainWindow. Also reported: the same process to "sign-in ready (records open)",
  when the records behind the window are open and a password can be checked;
- ``first``: the start window as set-up (or a refusal to explain) shows it first (Qt app,
  style, the start window with its busy bar), vs the bare window;
- ``window``: the main window shell (``build_shell``) vs the bare window.

    dbus-run-session -- scripts/with-keyring.sh .venv/bin/python bench/startup.py [runs]

With ``--frozen DIR`` (a built onedir bundle, e.g. from installers/build_release.py), it
measures the frozen ``DIR/spoke-clinic --profile P`` and ``python -m desktop --profile P`` to
the "sign-in window shown" line against the bare window, same run. The profile's keys go to
the session's default keyring service (as the app looks for them) and are deleted at the end:
run it inside ``scripts/with-keyring.sh``, never on a keyring that matters.

Each bare child prints the wall-clock moment its window is shown; the figure is that moment
minus the moment the parent started it (interpreter start included, teardown not). Prints one
line per run, then one JSON summary line per measurement (ratio = reference / ours, of the
medians; paired_ratio = the median of each run's reference / ours).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
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


def timed(code: str) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    start = time.time()
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, env=env, capture_output=True, cwd=ROOT
    ).stdout.decode()
    return float(out.strip().splitlines()[-1]) - start


def existing_profile(root: Path) -> tuple[str, str]:
    """A set-up profile (facility, one operator) with its keys in the session's default
    keyring service, where the app looks for them. Returns (profile folder, profile id)."""
    from desktop import paths
    from desktop.storage.keys import KeyStore
    from desktop.storage.startup import FacilityDetails, FirstAccount, set_up

    profile = root / "existing"
    locs = paths.init(profile)
    storage, _code = set_up(
        locs,
        KeyStore(),
        FacilityDetails("HWC Bench", code="IN0000BENCH", state="Bihar", district="Gaya"),
        FirstAccount("asha", "Bench Operator", "operator", "correct horse 1"),
    )
    profile_id = storage.device
    storage.close()
    return str(profile), profile_id


def forget_keys(profile_id: str) -> None:
    from desktop.storage.keys import KeyStore

    KeyStore().delete(profile_id)


def summary(name: str, ours: list[float], bare: list[float]) -> dict[str, object]:
    o, r = statistics.median(ours), statistics.median(bare)
    return {
        "metric": name,
        "unit": "ms",
        "ours": round(o * 1000, 1),
        "reference": round(r * 1000, 1),
        "reference_name": "bare PySide6 QMainWindow",
        "ratio": round(r / o, 3),
        # Each run's bare window and ours start side by side: on a machine whose load
        # changes from run to run, the median of the runs' own ratios is the steadier figure.
        "paired_ratio": round(statistics.median(b / x for b, x in zip(bare, ours, strict=True)), 3),
    }


SIGNED_IN_LINE = "sign-in window shown"
READY_LINE = "sign-in ready (records open)"


def time_to_sign_in(cmd: list[str], profile: str, wait_ready: bool = False) -> list[float]:
    """Seconds from spawn to the app's "sign-in window shown" log line (and, with
    ``wait_ready``, to its "sign-in ready" line after it); then ended."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SPOKE_CLINIC_")}
    env["QT_QPA_PLATFORM"] = os.environ.get("QT_QPA_PLATFORM", "offscreen")
    log = Path(profile) / "logs" / "spoke-clinic.log"
    lines = [SIGNED_IN_LINE, READY_LINE] if wait_ready else [SIGNED_IN_LINE]

    def count(line: str) -> int:
        return log.read_text("utf-8", "replace").count(line) if log.exists() else 0

    seen = [count(line) for line in lines]
    start = time.time()
    proc = subprocess.Popen(
        [*cmd, "--profile", profile], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    moments: list[float] = []
    try:
        for line, before in zip(lines, seen, strict=True):
            while count(line) == before:
                if proc.poll() is not None or time.time() - start > 60:
                    raise RuntimeError(f"{cmd[0]}: no {line!r}")
                time.sleep(0.002)
            moments.append(time.time() - start)
        return moments
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def frozen_runs(onedir: Path, runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        profile, profile_id = existing_profile(Path(tmp))
        try:
            frozen_cmd = [str(onedir / "spoke-clinic")]
            source_cmd = [sys.executable, "-m", "desktop"]
            time_to_sign_in(frozen_cmd, profile)  # warm the disk cache
            time_to_sign_in(source_cmd, profile)
            bare, frozen, source = [], [], []
            for _ in range(runs):
                bare.append(timed(BARE))
                frozen.append(time_to_sign_in(frozen_cmd, profile)[0])
                source.append(time_to_sign_in(source_cmd, profile)[0])
                print(
                    f"bare {bare[-1] * 1000:.0f} ms   frozen sign-in {frozen[-1] * 1000:.0f} ms"
                    f"   python -m desktop sign-in {source[-1] * 1000:.0f} ms"
                )
        finally:
            forget_keys(profile_id)
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
    source_cmd = [sys.executable, "-m", "desktop"]
    with tempfile.TemporaryDirectory() as tmp:
        window_code = WINDOW.format(profile=str(Path(tmp) / "fresh"))
        profile, profile_id = existing_profile(Path(tmp))
        try:
            first_code = FIRST.format(profile=str(Path(tmp) / "new"))
            timed(BARE)  # warm the disk cache
            time_to_sign_in(source_cmd, profile, wait_ready=True)
            bare, first, window, signin, ready = [], [], [], [], []
            for _ in range(runs):
                bare.append(timed(BARE))
                first.append(timed(first_code))
                window.append(timed(window_code))
                shown, opened = time_to_sign_in(source_cmd, profile, wait_ready=True)
                signin.append(shown)
                ready.append(opened)
                print(
                    f"bare {bare[-1] * 1000:.0f} ms   sign-in window (existing profile) "
                    f"{shown * 1000:.0f} ms (records open {opened * 1000:.0f} ms)   "
                    f"start window {first[-1] * 1000:.0f} ms   shell {window[-1] * 1000:.0f} ms"
                )
        finally:
            forget_keys(profile_id)
    print(
        json.dumps(
            summary(
                "existing profile to the interactive sign-in window, python -m desktop "
                "(median, fresh process)",
                signin,
                bare,
            )
        )
    )
    print(
        json.dumps(
            summary(
                "existing profile to sign-in ready: records open behind the window "
                "(median, fresh process)",
                ready,
                bare,
            )
        )
    )
    print(
        json.dumps(summary("start window (set-up path) shown (median, fresh process)", first, bare))
    )
    print(json.dumps(summary("main window shell shown (median, fresh process)", window, bare)))


if __name__ == "__main__":
    main()
