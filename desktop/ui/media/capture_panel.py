"""The capture panel of a consult: camera preview, device and quality choice, microphone
meter, snapshot, and recording (allowed only once consent to record is on file)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import logs
from desktop.media import snapshot
from desktop.media.camera_service import CameraService
from desktop.media.capture import CaptureStatus, CaptureThread
from desktop.media.encoders import PRESETS
from desktop.media.frames import AudioChunk, Fanout, VideoFrame
from desktop.media.journal import RecordingManifest
from desktop.media.recorder import Recorder, Recording
from desktop.media.sources import AudioSource, Unavailable, VideoSource
from desktop.services.errors import StorageError
from desktop.services.media import BlobRef, BlobStore
from desktop.settings import Settings
from desktop.ui.media import devices
from desktop.ui.media.bridge import LatestBridge
from desktop.ui.media.device_choice import DeviceChoice
from desktop.ui.media.indicator import RecordingIndicator
from desktop.ui.media.level_meter import LevelMeter
from desktop.ui.media.preview import PreviewWidget
from desktop.ui.storage_messages import storage_error_text
from desktop.ui.tasks import Operation

log = logs.get("ui")
SNAPSHOT_FREEZE_MS = 1200


RECORDING_HOLDER = "recording"


class CapturePanel(QWidget):
    """Camera, microphone, snapshot and recording for one consult.

    The devices belong to ``camera`` (a ``CameraService`` shared with the photo, QR scanning
    and the call); the panel is one of its holders and shows what it captures.

    Signals:
        snapshot_saved(object): a ``desktop.media.snapshot.Snapshot`` ready to attach.
        recording_finished(object): the ``RecordingManifest`` of a stopped recording.
        recording_failed(str): a message for the operator.
        snapshot_failed(str): the storage message when a snapshot could not be stored.
        choice_changed(): camera size or preset changed (``settings`` updated).
        recording_state_changed(bool): on when recording starts, off once the last segment
            is safe; for an indicator outside the panel (the main window's status bar).
        recording_elapsed(float): the running time in seconds, on each tick of the clock while
            recording; the status bar's indicator counts with it.
    """

    snapshot_saved = Signal(object)
    recording_finished = Signal(object)
    recording_failed = Signal(str)
    snapshot_failed = Signal(str)
    choice_changed = Signal()
    recording_state_changed = Signal(bool)
    recording_elapsed = Signal(float)
    _recorder_done = Signal(object)

    def __init__(
        self,
        store: BlobStore | None,
        settings: Settings | None = None,
        cameras: list[devices.CameraChoice] | None = None,
        microphones: list[devices.MicrophoneChoice] | None = None,
        parent: QWidget | None = None,
        camera: CameraService | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("capturePanel")
        self.store = store
        self.settings = settings or Settings()
        self.camera = camera if camera is not None else CameraService()
        self.recorder: Recorder | None = None
        self._allowed = False
        self._status = CaptureStatus(Unavailable.MISSING)
        # Called on the recording thread with each finished segment's BlobRef (the consult
        # link queues it for upload); it must not touch widgets.
        self.segment_sink: Callable[[BlobRef], None] | None = None
        # Called when recording starts: the consult the recording belongs to (its journal
        # keeps the id, so the consult lists it, recovered after a crash too).
        self.recording_owner: Callable[[], str | None] | None = None

        self.title = QLabel()
        self.title.setObjectName("panelHeading")
        self.indicator = RecordingIndicator()
        self.preview = PreviewWidget()
        self.choice = DeviceChoice(
            self.settings,
            devices.cameras() if cameras is None else cameras,
            devices.microphones() if microphones is None else microphones,
        )
        c = self.choice
        self.camera_box, self.size_box, self.fps_box = c.camera_box, c.size_box, c.fps_box
        self.mic_box, self.preset_box = c.mic_box, c.preset_box
        self.mic_label = QLabel()
        self.meter = LevelMeter()
        self.snapshot_button = QPushButton()
        self.record_button = QPushButton()
        self.record_button.setObjectName("recordButton")
        self.hint = QLabel()
        self.hint.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.indicator)
        devices_row = QHBoxLayout()
        self.camera_label = QLabel()
        devices_row.addWidget(self.camera_label)
        devices_row.addWidget(self.camera_box, 1)
        devices_row.addWidget(self.size_box)
        devices_row.addWidget(self.fps_box)
        choices = QHBoxLayout()
        self.preset_label = QLabel()
        choices.addWidget(self.preset_label)
        choices.addWidget(self.preset_box)
        choices.addStretch(1)
        mic_row = QHBoxLayout()
        mic_row.addWidget(self.mic_label)
        mic_row.addWidget(self.mic_box)
        mic_row.addWidget(self.meter, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.snapshot_button)
        buttons.addWidget(self.record_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.preview, 1)
        layout.addLayout(devices_row)
        layout.addLayout(mic_row)
        layout.addLayout(choices)
        layout.addLayout(buttons)
        layout.addWidget(self.hint)

        self._frames = LatestBridge(self)
        self._frames.deliver_to(self.preview.on_frame)
        self._levels = LatestBridge(self)
        self._levels.deliver_to(self.on_audio)
        self._statuses = LatestBridge(self)
        self._statuses.deliver_to(self.on_status)
        self._running = LatestBridge(self)
        self._running.deliver_to(self.on_camera_running)
        preview, frames = self.preview, self._frames
        camera = self.camera
        subscriptions: list[tuple[Fanout[Any], Callable[[Any], None]]] = [
            (camera.frames, lambda frame: frames.push(preview.prepare(frame))),
            (camera.sounds, self._levels.push),
            (camera.status, self._statuses.push),
            (camera.running, self._running.push),
        ]
        for fanout, sink in subscriptions:
            fanout.subscribe(sink)

        def unsubscribe() -> None:  # the service outlives the panel: stop feeding it
            for fanout, sink in subscriptions:
                fanout.unsubscribe(sink)

        self.destroyed.connect(lambda _obj=None: unsubscribe())
        if camera.choose is None:
            camera.choose = self.selected_sources
        self._recorder_done.connect(self.on_recorder_done)
        self._clock = QTimer(self)
        self._clock.setInterval(250)
        self._clock.timeout.connect(self.on_clock)
        self.snapshot_button.clicked.connect(self.on_snapshot_clicked)
        self.record_button.clicked.connect(self.on_record_clicked)
        self.choice.connect(self.on_device_choice, self.on_choice)
        self.retranslate()
        self._update_buttons()

    # -- choices ---------------------------------------------------------------------
    @property
    def frame_size(self) -> tuple[int, int]:
        return self.choice.frame_size

    @property
    def preset(self) -> str:
        return self.choice.preset

    @property
    def fps(self) -> int:
        return self.choice.fps

    @Slot()
    def on_choice(self) -> None:
        self.choice.save()
        self.choice_changed.emit()

    @Slot()
    def on_device_choice(self) -> None:
        self.on_choice()
        if self.video is not None and self.recorder is None:
            self.open_selected()

    def selected_sources(self) -> tuple[VideoSource, AudioSource | None]:
        return self.choice.sources()

    def open_selected(self) -> None:
        self.start_capture(*self.selected_sources())

    # -- capture -----------------------------------------------------------------------
    @property
    def video(self) -> CaptureThread[VideoFrame] | None:
        return self.camera.video

    @property
    def audio(self) -> CaptureThread[AudioChunk] | None:
        return self.camera.audio

    def hold(self, who: str) -> None:
        """``who`` (the camera page while shown, a patient photo...) needs the camera: it
        starts with the chosen devices unless it runs already."""
        self.camera.acquire(who)

    def release(self, who: str) -> None:
        """``who`` is done; the camera stops once nobody holds it and no recording runs
        (a recording is a holder until its last segment is safe)."""
        self.camera.release(who)

    @property
    def capturing(self) -> bool:
        return self.camera.is_open

    def latest_frame(self) -> VideoFrame | None:
        """The newest picture of the running capture (BGR ``image``), or None. Any thread."""
        return self.camera.latest_frame()

    def use_test_pattern_by_default(self) -> None:
        """Demo mode: the test pattern and tone unless the operator chose devices before."""
        self.choice.prefer_test_sources()

    def start_capture(self, video: VideoSource, audio: AudioSource | None = None) -> None:
        """Start previewing ``video`` (and metering ``audio``) on their own threads."""
        self.stop_recording()
        self._status = CaptureStatus(Unavailable.MISSING)
        self.preview.set_test_pattern(video.is_test_pattern)
        self.meter.on_level(-100.0)
        self.camera.open(video, audio)
        self.retranslate()

    def stop_capture(self) -> None:
        """Stop the devices (a recording in progress is finished in the background)."""
        self.stop_recording()
        self.camera.close()
        self._status = CaptureStatus(Unavailable.MISSING)
        self._update_buttons()

    @Slot(object)
    def on_camera_running(self, running: object) -> None:
        if not running and not self.camera.is_open:
            self._status = CaptureStatus(Unavailable.MISSING)
        self._update_buttons()

    @Slot(object)
    def on_status(self, status: CaptureStatus) -> None:
        self._status = status
        self.preview.set_message(self.status_message(status))
        self._update_buttons()

    @Slot(object)
    def on_audio(self, chunk: AudioChunk) -> None:
        if self.audio is not None:  # not a late level from a microphone just closed
            self.meter.on_level(chunk.level_dbfs())

    def status_message(self, status: CaptureStatus) -> str:
        messages = {
            Unavailable.MISSING: self.tr(
                "Camera not found. Check that it is plugged in; the picture comes back by itself."
            ),
            Unavailable.BUSY: self.tr(
                "The camera is in use by another program. Close that program; "
                "the picture comes back by itself."
            ),
            Unavailable.LOST: self.tr(
                "The camera was disconnected. Waiting for it to come back..."
            ),
            Unavailable.STALLED: self.tr("The camera stopped sending pictures. Waiting..."),
        }
        return "" if status.reason is None else messages[status.reason]

    # -- consent and recording -----------------------------------------------------------
    @Slot(bool)
    def set_recording_allowed(self, allowed: bool) -> None:
        """The consult screen calls this with whether consent to record is on file."""
        self._allowed = allowed
        self._update_buttons()

    @property
    def recording_allowed(self) -> bool:
        return self._allowed

    def _update_buttons(self) -> None:
        live = self._status.live and self.video is not None
        recording = self.recorder is not None
        self.snapshot_button.setEnabled(live and self.store is not None)
        self.record_button.setEnabled(
            recording or (live and self._allowed and self.store is not None)
        )
        for box in self.choice.boxes():
            box.setEnabled(not recording)
        self.retranslate()

    @Slot()
    def on_record_clicked(self) -> None:
        if self.recorder is not None:
            self.stop_recording()
        else:
            self.start_recording()

    def start_recording(self) -> None:
        if not (self._allowed and self.store is not None and self.video is not None):
            return
        recording = Recording(
            self.store,
            PRESETS[self.preset],
            audio=self.audio is not None,
            on_segment=self.segment_sink,
            consult_id=self.recording_owner() if self.recording_owner is not None else None,
        )
        self.camera.acquire(RECORDING_HOLDER)  # the devices stay open until it is safe
        self.recorder = Recorder(
            recording,
            self.camera.frames,
            self.camera.sounds if self.audio is not None else None,
            on_error=lambda exc: self._recorder_done.emit(exc),
        )
        self.recorder.start()
        self.indicator.set_recording(True)
        self._clock.start()
        self._update_buttons()
        self.recording_state_changed.emit(True)

    def stop_recording(self) -> None:
        recorder, self.recorder = self.recorder, None
        if recorder is None:
            return
        self._clock.stop()
        self.record_button.setEnabled(False)  # until the last segment is safe
        Operation(recorder.stop).success(self._recorder_done.emit).failure(
            self._recorder_done.emit
        ).run_in_background()

    @Slot(object)
    def on_recorder_done(self, result: object) -> None:
        self.indicator.set_recording(False)
        self._clock.stop()
        self.recording_state_changed.emit(False)
        if isinstance(result, BaseException):
            self.recorder = None
            self.recording_failed.emit(
                self.tr("Recording stopped: the recording could not be saved.")
            )
        elif isinstance(result, RecordingManifest):
            self.recording_finished.emit(result)
        if self.recorder is None:
            self.camera.release(RECORDING_HOLDER)  # closes if everyone left meanwhile
        self._update_buttons()

    @Slot()
    def on_clock(self) -> None:
        if self.recorder is not None:
            elapsed = self.recorder.elapsed
            self.indicator.set_elapsed(elapsed)
            self.recording_elapsed.emit(elapsed)

    # -- snapshot ------------------------------------------------------------------------
    @Slot()
    def on_snapshot_clicked(self) -> None:
        frame = self.video.latest if self.video is not None else None
        if frame is None or self.store is None:
            return
        store = self.store
        self.preview.freeze(frame)
        self.snapshot_button.setEnabled(False)
        Operation(lambda: snapshot.save(store, frame.image)).success(self._snapshot_done).failure(
            self._snapshot_failed
        ).run_in_background()

    def _snapshot_done(self, shot: snapshot.Snapshot) -> None:
        self.snapshot_saved.emit(shot)
        QTimer.singleShot(SNAPSHOT_FREEZE_MS, self._unfreeze)

    def _snapshot_failed(self, exc: BaseException) -> None:
        log.error("snapshot failed: %s", type(exc).__name__)
        if isinstance(exc, StorageError):  # disk full or damaged: the operator must know
            self.snapshot_failed.emit(storage_error_text(exc))
        self._unfreeze()

    def _unfreeze(self) -> None:
        self.preview.unfreeze()
        self._update_buttons()

    # -- text ------------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Camera and recording"))
        self.camera_label.setText(self.tr("Camera"))
        self.camera_box.setItemText(self.camera_box.count() - 1, self.tr("Test pattern (demo)"))
        self.mic_box.setItemText(self.mic_box.count() - 2, self.tr("Test tone (demo)"))
        self.mic_box.setItemText(self.mic_box.count() - 1, self.tr("No microphone"))
        self.preset_label.setText(self.tr("Recording quality"))
        names = {
            "low": self.tr("Low bandwidth (360p)"),
            "standard": self.tr("Standard (480p)"),
            "high": self.tr("High (720p)"),
        }
        for i in range(self.preset_box.count()):
            self.preset_box.setItemText(i, names[str(self.preset_box.itemData(i))])
        for i in range(self.fps_box.count()):
            rate = str(self.fps_box.itemData(i))
            self.fps_box.setItemText(i, self.tr("%1 fps").replace("%1", rate))
        self.mic_label.setText(self.tr("Microphone"))
        self.snapshot_button.setText(self.tr("Take snapshot"))
        recording = self.recorder is not None
        self.record_button.setText(self.tr("Stop recording") if recording else self.tr("Record"))
        if not self._allowed and not recording:
            self.hint.setText(self.tr("Recording needs the patient's consent to record, on file."))
        elif self.video is not None and self.video.source.is_test_pattern:
            self.hint.setText(self.tr("Demo mode: the camera shows a test pattern."))
        else:
            self.hint.setText("")
        self.record_button.setToolTip(self.hint.text())
        self.preview.set_message(self.status_message(self._status) if self.video else "")
