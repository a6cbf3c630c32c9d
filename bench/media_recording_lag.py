"""Main-thread responsiveness while recording: a 10 ms timer on the UI thread measures how
late it fires while the capture panel previews and records a 720p30 test pattern ("high"
preset), and the preview's paint rate meanwhile. The reference is the same probe, in the
same run, with the panel idle (nothing captured): the machine's own lateness. Was a pass/fail
test (worst < 50 ms, preview >= 27 fps) until timings left the test suite.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/media_recording_lag.py [--seconds 4]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pyrage import x25519  # noqa: E402
from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop import paths  # noqa: E402
from desktop.media import sources  # noqa: E402
from desktop.storage.blobs import BlobStore  # noqa: E402
from desktop.ui.media.capture_panel import CapturePanel  # noqa: E402

PROBE_MS = 10


def spin(seconds: float) -> None:
    """Run the event loop for ``seconds``."""
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def spin_until(cond: Callable[[], bool], timeout: float = 20.0) -> None:
    end = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > end:
            raise SystemExit("timed out")
        spin(0.02)


def probe(seconds: float) -> list[float]:
    """Lateness (ms) of each tick of a 10 ms main-thread timer over ``seconds``."""
    lags: list[float] = []
    last = [time.monotonic()]

    def tick() -> None:
        now = time.monotonic()
        lags.append((now - last[0]) * 1000 - PROBE_MS)
        last[0] = now

    timer = QTimer()
    timer.setInterval(PROBE_MS)
    timer.timeout.connect(tick)
    gc.collect()
    gc.freeze()
    try:
        last[0] = time.monotonic()
        timer.start()
        spin(seconds)
        timer.stop()
    finally:
        gc.unfreeze()
    return lags


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[int(0.95 * (len(ordered) - 1))] if ordered else 0.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=4.0)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        locs = paths.init(Path(tmp) / "profile")
        store = BlobStore(locs.blobs, x25519.Identity.generate())
        panel = CapturePanel(store, cameras=[], microphones=[])
        panel.resize(720, 640)
        panel.show()
        spin(0.5)  # shown and laid out
        idle = probe(args.seconds)

        panel.size_box.setCurrentText("1280x720")
        panel.preset_box.setCurrentIndex(panel.preset_box.findData("high"))
        panel.start_capture(sources.test_pattern(1280, 720, 30), sources.test_tone())
        panel.set_recording_allowed(True)
        spin_until(panel.record_button.isEnabled)
        finished: list[object] = []
        panel.recording_finished.connect(finished.append)
        panel.start_recording()
        spin(0.5)  # encoder and first segment warmed up
        painted = panel.preview.painted
        busy = probe(args.seconds)
        fps = (panel.preview.painted - painted) / args.seconds
        panel.stop_recording()
        spin_until(lambda: bool(finished))
        panel.stop_capture()
        panel.close()
    del app
    ours, reference = max(busy), max(idle)
    print(
        f"main-thread lateness over {args.seconds:.0f} s: recording 720p worst {ours:.1f} ms "
        f"(p95 {p95(busy):.1f}), idle worst {reference:.1f} ms (p95 {p95(idle):.1f}); "
        f"preview {fps:.1f} fps"
    )
    print(
        json.dumps(
            {
                "metric": "worst main-thread timer lateness while recording 720p30",
                "unit": "ms",
                "ours": round(ours, 1),
                "reference": round(reference, 1),
                "reference_name": "the same probe with the panel idle",
                "ratio": round(reference / ours, 3) if ours > 0 else None,
                "preview_fps": round(fps, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
