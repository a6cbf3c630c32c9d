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
        [--frozen DIR] [--trace]

With ``--frozen DIR`` (a built onedir bundle, e.g. from installers/build_release.py), it
measures the frozen ``DIR/spoke-clinic --profile P`` to the "sign-in window shown" line against
the bare window FROZEN THE SAME WAY (``bench/bare_window.spec``: onedir, the app's excludes and
Qt trimming, built into build/bench-bare/ when missing or stale), and ``python -m desktop
--profile P`` against the bare window run by the interpreter, same run. The profile's keys go to
the session's default keyring service (as the app looks for them) and are deleted at the end:
run it inside ``scripts/with-keyring.sh``, never on a keyring that matters.

With ``--trace``, each run is followed by one more of the app with ``SPOKE_CLINIC_STARTUP_TRACE=1``
(not counted in the figures): the median moment of each step of its start (bootloader and
interpreter, imports, QApplication, translations, window built, shown) is printed last.

Each bare child prints the wall-clock moment its window is shown; the figure is that moment
minus the moment the parent started it (interpreter start included, teardown not). Prints one
line per run, then one JSON summary line per measurement (ratio = reference / ours, of the
medians; paired_ratio = the median of each run's reference / ours).
"""

from __future__ import annotations

import hashlib
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

from desktop import startup_trace  # noqa: E402

SHOWN = "import time; print(time.time())\n"
BARE_SCRIPT = ROOT / "bench" / "bare_window.py"
BARE_SPEC = ROOT / "bench" / "bare_window.spec"
BARE = BARE_SCRIPT.read_text(encoding="utf-8")
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


def timed(code: str, cmd: list[str] | None = None) -> float:
    """Seconds from spawn to the moment the child prints (``python -c code``, or ``cmd``)."""
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    start = time.time()
    out = subprocess.run(
        cmd or [sys.executable, "-c", code], check=True, env=env, capture_output=True, cwd=ROOT
    ).stdout.decode()
    return float(out.strip().splitlines()[-1]) - start


def frozen_bare_window() -> Path:
    """The bare window frozen like the app (bench/bare_window.spec), built when missing or
    when its spec, script or the shared trimming rules changed."""
    out = ROOT / "build" / "bench-bare"
    exe = out / "dist" / "bare-window" / ("bare-window.exe" if os.name == "nt" else "bare-window")
    rules = ROOT / "installers" / "bundle_rules.py"
    digest = hashlib.sha256()
    for path in (BARE_SCRIPT, BARE_SPEC, rules):
        digest.update(path.read_bytes())
    stamp = out / "source-key"
    if exe.exists() and stamp.exists() and stamp.read_text() == digest.hexdigest():
        return exe
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN"]
        + ["--distpath", str(out / "dist"), "--workpath", str(out / "work"), str(BARE_SPEC)],
        check=True,
        cwd=ROOT,
    )
    stamp.write_text(digest.hexdigest())
    return exe


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


TRACES: dict[str, list[dict[str, float]]] = {}  # command name: each run's steps (ms)


def time_to_sign_in(
    cmd: list[str], profile: str, wait_ready: bool = False, trace: str = ""
) -> list[float]:
    """Seconds from spawn to the app's "sign-in window shown" log line (and, with
    ``wait_ready``, to its "sign-in ready" line after it); then ended. With ``trace`` (a
    name), the app's start-up trace marks are kept in ``TRACES[trace]`` as ms from spawn."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SPOKE_CLINIC_")}
    env["QT_QPA_PLATFORM"] = os.environ.get("QT_QPA_PLATFORM", "offscreen")
    if trace:
        env[startup_trace.ENV] = "1"
    err = tempfile.TemporaryFile() if trace else subprocess.DEVNULL  # noqa: SIM115 -- closed below
    log = Path(profile) / "logs" / "spoke-clinic.log"
    lines = [SIGNED_IN_LINE, READY_LINE] if wait_ready else [SIGNED_IN_LINE]

    def count(line: str) -> int:
        return log.read_text("utf-8", "replace").count(line) if log.exists() else 0

    seen = [count(line) for line in lines]
    start = time.time()
    proc = subprocess.Popen(
        [*cmd, "--profile", profile], env=env, stdout=subprocess.DEVNULL, stderr=err
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
        if not isinstance(err, int):
            err.seek(0)
            TRACES.setdefault(trace, []).append(trace_steps(err.read().decode(), start))
            err.close()


def trace_steps(stderr: str, start: float) -> dict[str, float]:
    """The app's ``startup-trace`` marks as {step: ms from spawn}."""
    steps: dict[str, float] = {}
    for line in stderr.splitlines():
        if line.startswith(startup_trace.PREFIX + " "):
            _, moment, step = line.split(" ", 2)
            steps.setdefault(step, round((float(moment) - start) * 1000, 1))
    return steps


def print_traces() -> None:
    """Median ms from spawn at each traced step, per command."""
    for name, runs in TRACES.items():
        steps = list(runs[-1]) if runs else []
        medians = {
            step: round(statistics.median(run[step] for run in runs if step in run), 1)
            for step in steps
        }
        print(json.dumps({"trace": name, "median_ms_from_spawn": medians}, ensure_ascii=False))


def frozen_runs(onedir: Path, runs: int, trace: bool = False) -> None:
    bare_exe = [str(frozen_bare_window())]
    with tempfile.TemporaryDirectory() as tmp:
        profile, profile_id = existing_profile(Path(tmp))
        try:
            frozen_cmd = [str(onedir / "spoke-clinic")]
            source_cmd = [sys.executable, "-m", "desktop"]
            timed(BARE, bare_exe)  # warm the disk cache
            time_to_sign_in(frozen_cmd, profile)
            time_to_sign_in(source_cmd, profile)
            frozen_bare, bare, frozen, source = [], [], [], []
            for _ in range(runs):
                frozen_bare.append(timed(BARE, bare_exe))
                frozen.append(time_to_sign_in(frozen_cmd, profile)[0])
                bare.append(timed(BARE))
                source.append(time_to_sign_in(source_cmd, profile)[0])
                if trace:  # separate runs: the trace's own writes stay out of the figures
                    time_to_sign_in(frozen_cmd, profile, trace="frozen")
                    time_to_sign_in(source_cmd, profile, trace="python -m desktop")
                print(
                    f"frozen: bare {frozen_bare[-1] * 1000:.0f} ms, sign-in "
                    f"{frozen[-1] * 1000:.0f} ms   python: bare {bare[-1] * 1000:.0f} ms, "
                    f"python -m desktop sign-in {source[-1] * 1000:.0f} ms"
                )
        finally:
            forget_keys(profile_id)
    name = "existing profile to the sign-in log line (median, fresh process)"
    frozen_summary = summary("frozen bundle: " + name, frozen, frozen_bare)
    frozen_summary["reference_name"] = "bare PySide6 QMainWindow, frozen the same way"
    print(json.dumps(frozen_summary))
    print(json.dumps(summary("python -m desktop: " + name, source, bare)))
    print_traces()


def main() -> None:
    args = sys.argv[1:]
    trace = "--trace" in args
    args = [a for a in args if a != "--trace"]
    if "--frozen" in args:
        at = args.index("--frozen")
        onedir = Path(args[at + 1])
        rest = args[:at] + args[at + 2 :]
        frozen_runs(onedir, int(rest[0]) if rest else 5, trace)
        return
    runs = int(args[0]) if args else 5
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
                if trace:
                    time_to_sign_in(source_cmd, profile, trace="python -m desktop")
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
    print_traces()


if __name__ == "__main__":
    main()
