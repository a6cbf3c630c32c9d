"""Capture panel: live preview of a labelled test pattern, camera messages, consent-gated
recording with an indicator, snapshots, and remembered choices."""

from __future__ import annotations

import threading

import numpy as np
from PySide6.QtCore import QCoreApplication, Qt

from desktop.media import snapshot, sources
from desktop.media.camera_service import CameraService
from desktop.media.cameras import camera_address
from desktop.media.frames import VideoFrame
from desktop.media.journal import RecordingManifest
from desktop.media.snapshot import Snapshot
from desktop.media.sources import SourceUnavailable, Unavailable
from desktop.settings import Settings
from desktop.storage.blobs import BlobStore
from desktop.ui.media.capture_panel import CapturePanel
from desktop.ui.media.devices import CameraChoice, MicrophoneChoice
from desktop.ui.media.indicator import RecordingIndicator
from desktop.ui.media.preview import PreviewWidget


def test_preview_shows_a_labelled_test_pattern(panel: CapturePanel, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel.start_capture(sources.test_pattern(640, 480, 30), sources.test_tone())
    qtbot.waitUntil(lambda: panel.preview.painted >= 10, timeout=5000)
    assert panel.preview._test_pattern
    assert "TEST PATTERN" in panel.preview._badge
    assert "test pattern" in panel.hint.text().lower() or not panel.recording_allowed
    qtbot.waitUntil(lambda: panel.meter.level > -30, timeout=3000)  # the tone is on the meter


def test_record_button_needs_consent(panel: CapturePanel, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel.start_capture(sources.test_pattern(320, 240, 30), None)
    qtbot.waitUntil(lambda: panel.snapshot_button.isEnabled(), timeout=5000)
    assert not panel.record_button.isEnabled()
    assert "consent" in panel.record_button.toolTip()
    panel.set_recording_allowed(True)
    assert panel.record_button.isEnabled()
    panel.set_recording_allowed(False)
    assert not panel.record_button.isEnabled()
    qtbot.mouseClick(panel.record_button, Qt.MouseButton.LeftButton)
    assert panel.recorder is None


def test_recording_shows_the_indicator_and_yields_segments(
    panel: CapturePanel,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    panel.preset_box.setCurrentIndex(panel.preset_box.findData("low"))
    panel.start_capture(sources.test_pattern(640, 480, 15), sources.test_tone())
    panel.set_recording_allowed(True)
    qtbot.waitUntil(lambda: panel.record_button.isEnabled(), timeout=5000)
    assert panel.indicator.text.text() == "Not recording"
    with qtbot.waitSignal(panel.recording_state_changed) as on:
        qtbot.mouseClick(panel.record_button, Qt.MouseButton.LeftButton)
    assert on.args == [True]
    assert panel.indicator.recording and panel.indicator.isVisible()
    assert not panel.preset_box.isEnabled()  # no quality change mid-recording
    qtbot.waitUntil(lambda: panel.indicator.text.text() == "REC 00:01", timeout=5000)
    with (
        qtbot.waitSignal(panel.recording_finished, timeout=10000) as finished,
        qtbot.waitSignal(panel.recording_state_changed, timeout=10000) as off,
    ):
        qtbot.mouseClick(panel.record_button, Qt.MouseButton.LeftButton)
        assert panel.indicator.recording  # still on until the last segment is safe
    assert off.args == [False]
    manifest: RecordingManifest = finished.args[0]
    assert manifest.finished and manifest.segments and manifest.preset == "low"
    assert not panel.indicator.recording


def test_snapshot_freezes_and_stores_an_attachment(
    panel: CapturePanel,
    store: BlobStore,
    qtbot,  # type: ignore[no-untyped-def]
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    saving, release = threading.Event(), threading.Event()
    save = snapshot.save

    def held_save(*args, **kwargs):  # type: ignore[no-untyped-def]
        saving.set()
        release.wait(10)  # the store is slow: the save lasts until the test lets it end
        return save(*args, **kwargs)

    monkeypatch.setattr(snapshot, "save", held_save)
    panel.start_capture(sources.test_pattern(640, 480, 30), None)
    qtbot.waitUntil(lambda: panel.snapshot_button.isEnabled(), timeout=5000)
    with qtbot.waitSignal(panel.snapshot_saved, timeout=5000) as saved:
        qtbot.mouseClick(panel.snapshot_button, Qt.MouseButton.LeftButton)
        frozen = panel.preview.frame
        assert frozen is not None and saving.wait(5)
        # The camera moves on, and what it sent has reached the panel's slots...
        qtbot.waitUntil(lambda: panel.video.latest is not frozen, timeout=5000)
        QCoreApplication.sendPostedEvents()
        assert panel.preview.frame is frozen  # ...but the picture holds while it is saved
        release.set()
    shot: Snapshot = saved.args[0]
    assert (
        shot.media_type == "image/jpeg" and store.read_all(shot.ref.blob_id)[:3] == b"\xff\xd8\xff"
    )
    qtbot.waitUntil(lambda: panel.preview.frame is not frozen, timeout=5000)


class _Unplugged:
    """A test pattern that is pulled out after 15 frames and comes back after 4 retries."""

    label, is_test_pattern, fps = "cam", False, 30.0

    def __init__(self) -> None:
        self.inner = sources.test_pattern(320, 240, 30)
        self.reads = 0
        self.refusals = 4

    def open(self) -> None:
        if self.reads >= 15 and self.refusals:
            self.refusals -= 1
            raise SourceUnavailable(Unavailable.MISSING)
        self.inner.open()

    def read(self) -> VideoFrame:
        self.reads += 1
        if self.reads == 16:
            raise SourceUnavailable(Unavailable.LOST)
        return self.inner.read()

    def close(self) -> None:
        self.inner.close()


def test_unplugged_camera_message_then_picture_returns(panel: CapturePanel, qtbot) -> None:  # type: ignore[no-untyped-def]
    seen: list[str] = []
    panel.start_capture(_Unplugged(), None)

    def message_seen() -> bool:
        seen.append(panel.preview.message)
        return "disconnected" in panel.preview.message

    qtbot.waitUntil(message_seen, timeout=5000)
    assert not panel.snapshot_button.isEnabled()
    qtbot.waitUntil(lambda: panel.preview.message == "", timeout=10000)
    painted = panel.preview.painted
    qtbot.waitUntil(lambda: panel.preview.painted > painted + 5, timeout=5000)
    assert panel.snapshot_button.isEnabled()


CAMERAS = [
    CameraChoice("USB Camera", b"/dev/video63".hex(), camera_address(b"/dev/video63", 0), ()),
]
MICS = [MicrophoneChoice("Headset", "6d6963", 0)]


def test_choices_are_remembered(store: BlobStore, qtbot) -> None:  # type: ignore[no-untyped-def]
    settings = Settings()
    first = CapturePanel(store, settings, cameras=CAMERAS, microphones=MICS)
    qtbot.addWidget(first)
    assert first.camera_box.currentText() == "USB Camera"  # a real camera comes first
    assert first.camera_box.itemText(1) == "Test pattern (demo)"
    with qtbot.waitSignal(first.choice_changed):
        first.size_box.setCurrentText("1280x720")
    first.preset_box.setCurrentIndex(first.preset_box.findData("high"))
    first.fps_box.setCurrentIndex(first.fps_box.findData(15))
    first.camera_box.setCurrentIndex(1)
    first.mic_box.setCurrentIndex(first.mic_box.findData("none"))
    assert (settings.camera_resolution, settings.recording_preset) == ("1280x720", "high")
    assert (settings.camera_id, settings.camera_fps, settings.microphone_id) == (
        "test-pattern",
        15,
        "none",
    )
    again = CapturePanel(store, settings, cameras=CAMERAS, microphones=MICS)
    qtbot.addWidget(again)
    assert again.frame_size == (1280, 720) and again.preset == "high" and again.fps == 15
    assert again.camera_box.currentIndex() == 1
    assert again.mic_box.currentText() == "No microphone"
    video, audio = again.selected_sources()
    assert video.is_test_pattern and video.fps == 15 and audio is None


def test_missing_camera_is_reported_through_opencv(store: BlobStore, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The real OpenCV path: the listed camera is not there (no /dev/video63)."""
    panel = CapturePanel(store, Settings(), cameras=CAMERAS, microphones=MICS)
    qtbot.addWidget(panel)
    video, audio = panel.selected_sources()
    assert not video.is_test_pattern and audio is not None and audio.label == "Headset"
    panel.start_capture(video, None)
    try:
        qtbot.waitUntil(lambda: "Camera not found" in panel.preview.message, timeout=5000)
        assert not panel.snapshot_button.isEnabled() and not panel.record_button.isEnabled()
        panel.camera_box.setCurrentIndex(1)  # switch to the test pattern: the picture comes
        qtbot.waitUntil(lambda: panel.preview.message == "", timeout=5000)
        qtbot.waitUntil(lambda: panel.preview.frame is not None, timeout=5000)
    finally:
        panel.stop_capture()


def test_preview_frames_are_scaled_off_the_ui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    preview = PreviewWidget()
    qtbot.addWidget(preview)
    preview.resize(640, 400)
    preview.show()
    qtbot.waitExposed(preview)
    big = VideoFrame(np.zeros((720, 1280, 3), np.uint8), 12.5, 7)
    small = preview.prepare(big)
    assert (small.width, small.height) == (640, 360) and (small.time, small.seq) == (12.5, 7)
    same = VideoFrame(np.zeros((360, 640, 3), np.uint8), 1.0, 1)
    assert preview.prepare(same) is same  # already the painted size: untouched


def test_held_capture_runs_on_through_a_recording_then_stops(
    panel: CapturePanel,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    """The Camera page holds the camera while shown; leaving it mid-recording keeps the
    recording going, and the camera stops once that recording is safe."""
    assert not panel.capturing and panel.latest_frame() is None
    panel.preset_box.setCurrentIndex(panel.preset_box.findData("low"))
    panel.hold("page")  # no cameras listed: the chosen source is the test pattern
    panel.hold("photo")
    assert panel.capturing
    qtbot.waitUntil(lambda: panel.latest_frame() is not None, timeout=5000)
    frame = panel.latest_frame()
    assert frame is not None and frame.image.shape == (480, 640, 3)
    panel.release("photo")
    assert panel.capturing  # the page still holds it
    panel.set_recording_allowed(True)
    qtbot.waitUntil(panel.record_button.isEnabled, timeout=5000)
    panel.start_recording()
    panel.release("page")
    assert panel.capturing and panel.recorder is not None
    qtbot.waitUntil(lambda: panel.recorder is not None and panel.recorder.elapsed > 0.5)
    with qtbot.waitSignal(panel.recording_finished, timeout=20000):
        panel.stop_recording()
    assert not panel.capturing and panel.latest_frame() is None


def test_the_panel_shows_a_camera_another_holder_opened_and_lets_go_when_deleted(
    store: BlobStore,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    """The camera belongs to the service: a call (or photo) opening it shows in the panel's
    preview, and a deleted panel stops listening to the service."""
    camera = CameraService(choose=lambda: (sources.test_pattern(320, 240, 15), None))
    panel = CapturePanel(store, Settings(), cameras=CAMERAS, microphones=MICS, camera=camera)
    assert camera.choose is not None and len(camera.frames) == 1
    try:
        camera.acquire("call")  # not the panel
        qtbot.waitUntil(lambda: panel.preview.frame is not None, timeout=5000)
        qtbot.waitUntil(panel.snapshot_button.isEnabled, timeout=5000)
        camera.release("call")
        qtbot.waitUntil(lambda: not panel.snapshot_button.isEnabled(), timeout=5000)
        panel.deleteLater()
        qtbot.waitUntil(lambda: len(camera.frames) == 0, timeout=5000)
        assert len(camera.sounds) == len(camera.status) == len(camera.running) == 0
    finally:
        camera.close()


class _Clocked:
    """A recorder stand-in whose running time the test sets (the tick is driven by hand)."""

    def __init__(self) -> None:
        self.elapsed = 0.0


def test_status_bar_indicator_counts_with_the_recording(panel: CapturePanel, qtbot) -> None:  # type: ignore[no-untyped-def]
    status = RecordingIndicator()  # the main window's status bar has one like it
    qtbot.addWidget(status)
    status.follow(panel)
    recorder = _Clocked()
    panel.recorder = recorder  # type: ignore[assignment]
    panel.recording_state_changed.emit(True)
    assert status.text.text() == "REC 00:00"
    recorder.elapsed = 65.4
    panel.on_clock()  # one tick of the panel's clock
    assert status.text.text() == "REC 01:05"
    recorder.elapsed = 3599.9
    panel.on_clock()
    assert status.text.text() == "REC 59:59"
    panel.recorder = None
    panel.recording_state_changed.emit(False)
    assert status.text.text() == "Not recording" and not status.recording
