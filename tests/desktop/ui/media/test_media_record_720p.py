"""Recording at 720p ("high") while the preview runs: the preview keeps painting new frames
and the recording ends with a 720p manifest. How fast, and how responsive the UI thread
stays meanwhile, is measured by bench/media_recording_lag.py, not asserted here."""

from __future__ import annotations

from desktop.media import sources
from desktop.ui.media.capture_panel import CapturePanel


def test_preview_keeps_painting_while_recording_720p(
    panel: CapturePanel,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    panel.size_box.setCurrentText("1280x720")
    panel.preset_box.setCurrentIndex(panel.preset_box.findData("high"))
    panel.start_capture(sources.test_pattern(1280, 720, 30), sources.test_tone())
    panel.set_recording_allowed(True)
    qtbot.waitUntil(lambda: panel.record_button.isEnabled(), timeout=5000)
    panel.start_recording()
    recorder = panel.recorder
    assert recorder is not None
    qtbot.waitUntil(lambda: recorder.elapsed > 0.2, timeout=20000)  # recording for real
    painted = panel.preview.painted
    qtbot.waitUntil(lambda: panel.preview.painted >= painted + 30, timeout=20000)
    qtbot.waitUntil(lambda: recorder.elapsed > 1.5, timeout=20000)
    with qtbot.waitSignal(panel.recording_finished, timeout=20000) as done:
        panel.stop_recording()
    manifest = done.args[0]
    assert (manifest.width, manifest.height) == (1280, 720)
    assert manifest.duration > 1.5
