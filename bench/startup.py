"""Start-up time of the main window vs a bare Qt window, both in fresh processes, same run.

    python bench/startup.py [runs]

Prints one figure per run, then the JSON summary line (ratio > 1: ours is faster).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

BARE = (
    "from PySide6.QtWidgets import QApplication, QMainWindow\n"
    "app = QApplication([]); w = QMainWindow(); w.show(); app.processEvents()\n"
)
OURS = (
    "from desktop import paths; paths.init({profile!r})\n"
    "from desktop.settings import Settings\n"
    "from desktop.ui.app import build_shell, create_application\n"
    "app = create_application([]); shell = build_shell(Settings()); shell.window.show()\n"
    "app.processEvents()\n"
)


def timed(code: str) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, env=env, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    with tempfile.TemporaryDirectory() as profile:
        ours_code = OURS.format(profile=profile)
        timed(BARE)  # warm the disk cache for both
        ours, bare = [], []
        for _ in range(runs):
            bare.append(timed(BARE))
            ours.append(timed(ours_code))
            print(f"bare {bare[-1] * 1000:.0f} ms   ours {ours[-1] * 1000:.0f} ms")
    o, r = statistics.median(ours), statistics.median(bare)
    print(
        json.dumps(
            {
                "metric": "main window start-up (median, fresh process)",
                "unit": "ms",
                "ours": round(o * 1000, 1),
                "reference": round(r * 1000, 1),
                "reference_name": "bare PySide6 QMainWindow",
                "ratio": round(r / o, 3),
            }
        )
    )


if __name__ == "__main__":
    main()
