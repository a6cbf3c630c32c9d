"""Installer sizes and frozen start-up time, against the unfrozen app in the same run.

    dbus-run-session -- scripts/with-keyring.sh .venv/bin/python bench/installer_sizes.py [runs]

(The app keeps its database key in the keyring: run it where a Secret Service is unlocked.)

Builds (or reuses, same source key) the onedir bundle, .tar.gz and .deb with
installers/build_release.py into build/installers-test/, prints their sizes, then starts the frozen
app and ``python -m desktop`` alternately ``runs`` times each (fresh process, offscreen,
``--demo --screenshot``: storage, sign-in and window without a person, on a demo profile
each side set up in an untimed first run) and times the moment the main window is shown
(the app logs it right after ``show()``). The JSON line compares the medians: ratio > 1
means the frozen app starts faster.
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
# The folder tests/installers/ builds into: an up-to-date bundle there is reused.
OUT = ROOT / "build" / "installers-test"
SHOWN = "main window shown"
LOG_FILE = "spoke-clinic.log"


def build() -> dict[str, object]:
    cmd = [sys.executable, str(ROOT / "installers" / "build_release.py"), "--reuse"]
    cmd += ["--out", str(OUT / "dist"), "--work", str(OUT / "work")]
    result = subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, text=True)
    summary: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    return summary


def _shown(log: Path) -> int:
    if not log.exists():
        return 0
    return log.read_text(encoding="utf-8", errors="replace").count(SHOWN)


def time_to_window(cmd: list[str], profile: Path) -> float:
    """Seconds from spawn to the 'main window shown' log line; the process is then ended."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SPOKE_CLINIC_")}
    env["QT_QPA_PLATFORM"] = os.environ.get("QT_QPA_PLATFORM", "offscreen")
    log = profile / "logs" / LOG_FILE
    seen = _shown(log)
    start = time.perf_counter()
    proc = subprocess.Popen(
        # Demo mode with a screenshot is the unattended path to the main window: demo
        # profile (database, key in the keyring), embedded hub, sign-in, window.
        [*cmd, "--demo", "--profile", str(profile), "--screenshot", str(profile / "shot.png")],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while True:
            if _shown(log) > seen:
                return time.perf_counter() - start
            if proc.poll() is not None:
                raise RuntimeError(f"{cmd[0]} exited ({proc.returncode}) before showing a window")
            if time.perf_counter() - start > 60:
                raise RuntimeError(f"{cmd[0]} showed no window within 60 s")
            time.sleep(0.005)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def time_to_exit(cmd: list[str]) -> float:
    """Seconds for ``--version``: process start, interpreter and our entry point, exit."""
    start = time.perf_counter()
    subprocess.run([*cmd, "--version"], check=True, capture_output=True)
    return time.perf_counter() - start


def mb(n: object) -> str:
    return f"{int(str(n)) / 1e6:.1f} MB"


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    summary = build()
    print(f"onedir  {mb(summary['onedir_bytes'])}  ({summary['onedir']})")
    for key in ("tar_gz", "deb"):
        if f"{key}_bytes" in summary:
            print(f"{key:<7} {mb(summary[f'{key}_bytes'])}  ({summary[key]})")
    frozen_cmd = [str(Path(str(summary["onedir"])) / "spoke-clinic")]
    source_cmd = [sys.executable, "-m", "desktop"]
    frozen, source = [], []
    with tempfile.TemporaryDirectory() as scratch:
        # A returning start: each side's first run sets up its demo profile (keys, database,
        # migrations) and warms the disk cache; it is reported apart and not in the median.
        fprof, sprof = Path(scratch) / "frozen", Path(scratch) / "unfrozen"
        f, s = time_to_window(frozen_cmd, fprof), time_to_window(source_cmd, sprof)
        print(f"first start (new profile): frozen {f * 1000:.0f} ms   unfrozen {s * 1000:.0f} ms")
        for _ in range(runs):
            f, s = time_to_window(frozen_cmd, fprof), time_to_window(source_cmd, sprof)
            frozen.append(f)
            source.append(s)
            print(f"frozen {f * 1000:.0f} ms   unfrozen {s * 1000:.0f} ms")
    bare_f = statistics.median(time_to_exit(frozen_cmd) for _ in range(runs))
    bare_s = statistics.median(time_to_exit(source_cmd) for _ in range(runs))
    print(
        f"--version (start and exit only): frozen {bare_f * 1000:.0f} ms   "
        f"unfrozen {bare_s * 1000:.0f} ms"
    )
    ours, ref = statistics.median(frozen), statistics.median(source)
    print(
        json.dumps(
            {
                "metric": "frozen start-up to main window, demo profile (median, fresh process)",
                "unit": "ms",
                "ours": round(ours * 1000, 1),
                "reference": round(ref * 1000, 1),
                "reference_name": "unfrozen python -m desktop, same machine and run",
                "ratio": round(ref / ours, 3),
            }
        )
    )


if __name__ == "__main__":
    main()
