"""The UI thread stays responsive: preview at 30 fps while recording at 720p, with a
main-thread lag probe (a 10 ms timer measuring how late it fires) under 50 ms."""

from __future__ import annotations

import gc
import time

from PySide6.QtCore import QTimer

from desktop.media import sources
from desktop.ui.media.capture_panel import CapturePanel

PROBE_MS = 10
RUN_S = 4.0


def test_main_thread_lag_under_50ms_while_recording_720p(
    panel: CapturePanel,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    panel.size_box.setCurrentText("1280x720")
    panel.preset_box.setCurrentIndex(panel.preset_box.findData("high"))
    panel.start_capture(sources.test_pattern(1280, 720, 30), sources.test_tone())
    panel.set_recording_allowed(True)
    qtbot.waitUntil(lambda: panel.record_button.isEnabled(), timeout=5000)
    panel.start_recording()
    assert panel.recorder is not None

    lags: list[float] = []
    last = [time.monotonic()]

    def probe() -> None:
        now = time.monotonic()
        lags.append(now - last[0] - PROBE_MS / 1000)
        last[0] = now

    timer = QTimer()
    timer.setInterval(PROBE_MS)
    timer.timeout.connect(probe)
    qtbot.wait(500)  # encoder and first segment warmed up
    # The test session's heap (every earlier test's objects) makes a full garbage
    # collection on the main thread long; the app's own heap is small. Freeze what exists.
    gc.collect()
    gc.freeze()
    try:
        painted_before = panel.preview.painted
        last[0] = time.monotonic()
        timer.start()
        qtbot.wait(int(RUN_S * 1000))
        timer.stop()
    finally:
        gc.unfreeze()
    fps = (panel.preview.painted - painted_before) / RUN_S

    with qtbot.waitSignal(panel.recording_finished, timeout=20000) as done:
        panel.stop_recording()
    manifest = done.args[0]
    worst = max(lags) * 1000
    print(f"lag probe: worst {worst:.1f} ms over {len(lags)} probes; preview {fps:.1f} fps")
    assert worst < 50
    assert len(lags) > RUN_S * 1000 / PROBE_MS * 0.5
    # The preview keeps up with the 30 fps camera: 10% slack for the edges of the
    # counting window and a busy shared machine (measured 29-30 fps with load 3 on 2 cores).
    assert fps >= 27
    assert (manifest.width, manifest.height) == (1280, 720)
    assert manifest.duration > RUN_S
