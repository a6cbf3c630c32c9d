"""The pre-call check at the spoke: does the camera deliver pictures, does the microphone
hear, how long is the round trip to the hub and how much gets through each way; then a
verdict in plain words ("Video is likely to work", "Use audio only", "No connection to the
hub") with each figure. Shows its progress and can be cancelled; the rules are
``desktop.core.precheck``, the network part ``desktop.call.precheck``."""

from __future__ import annotations

import concurrent.futures
import threading
import time
from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QEvent, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.call.precheck import PROBE_KIB, LinkFigures, measure_link
from desktop.call.runtime import CallRuntime
from desktop.core.precheck import Figures, Problem, Result, Verdict, judge, level_dbfs
from desktop.media.camera_service import CameraService
from desktop.media.frames import AudioChunk, VideoFrame
from desktop.ui.i18n import format_number
from desktop.ui.media.bridge import QueueBridge
from desktop.ui.tasks import Operation

HOLDER = "precheck"
CAMERA_MS = 2000  # pictures and sound are counted this long
STEPS = ("camera", "round-trip", "bandwidth", "done")

HubAccess = Callable[[], tuple[str, str]]


def _ms(value: float) -> str:
    """Milliseconds as read: one decimal under ten (loopback), whole ones above."""
    return f"{value:.1f}" if value < 10 else format_number(round(value))


class _Tally:
    """Pictures and loudest sound of the capture threads (any thread)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.frames: list[float] = []
        self.peak = 0.0
        self.heard = False

    def on_frame(self, _frame: VideoFrame) -> None:
        with self._lock:
            self.frames.append(time.monotonic())

    def on_sound(self, chunk: AudioChunk) -> None:
        peak = float(np.abs(chunk.samples).max()) if chunk.samples.size else 0.0
        with self._lock:
            self.heard = True
            self.peak = max(self.peak, peak)

    def figures(self) -> tuple[float | None, float | None]:
        with self._lock:
            times, heard, peak = list(self.frames), self.heard, self.peak
        fps = None
        if len(times) >= 2 and times[-1] > times[0]:
            fps = (len(times) - 1) / (times[-1] - times[0])
        return fps, (level_dbfs(peak) if heard else None)


class PrecheckDialog(QDialog):
    """Runs the check once shown (``start``).

    Signals:
        checked(object): the ``Result`` with ``figures`` set, once the check finished.
    """

    checked = Signal(object)

    def __init__(
        self,
        camera: CameraService,
        hub: HubAccess,
        parent: QWidget | None = None,
        *,
        camera_ms: int = CAMERA_MS,
        probe_kib: int = PROBE_KIB,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("precheckDialog")
        self.camera = camera
        self.hub = hub
        self.probe_kib = probe_kib
        self.step = ""
        self.figures = Figures()
        self.outcome: Result | None = None
        self.cancelled = False
        self._tally = _Tally()
        self._runtime: CallRuntime | None = None
        self._future: concurrent.futures.Future[LinkFigures] | None = None
        self._steps = QueueBridge(self)
        self._steps.deliver_to(self.on_step)

        self.heading = QLabel()
        self.heading.setObjectName("precheckHeading")
        self.progress = QProgressBar()
        self.progress.setRange(0, len(STEPS) - 1)
        self.step_label = QLabel()
        self.verdict_label = QLabel()
        self.verdict_label.setObjectName("precheckVerdict")
        self.verdict_label.setWordWrap(True)
        self.details = QLabel()
        self.details.setObjectName("precheckFigures")
        self.details.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.cancel_button = QPushButton()
        self.again_button = QPushButton()
        self.close_button = QPushButton()
        self.buttons.addButton(self.again_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button.clicked.connect(self.on_cancel)
        self.again_button.clicked.connect(self.start)
        self.close_button.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.progress)
        layout.addWidget(self.step_label)
        layout.addWidget(self.verdict_label)
        layout.addWidget(self.details)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self._camera_timer = QTimer(self)
        self._camera_timer.setSingleShot(True)
        self._camera_timer.setInterval(camera_ms)
        self._camera_timer.timeout.connect(self.on_camera_counted)
        self.setMinimumWidth(520)
        self.retranslate()

    # -- the steps ------------------------------------------------------------------------------
    @Slot()
    def start(self) -> None:
        self.cancelled = False
        self.outcome = None
        self.figures = Figures()
        self._tally = _Tally()
        self.camera.frames.subscribe(self._tally.on_frame)
        self.camera.sounds.subscribe(self._tally.on_sound)
        self.camera.acquire(HOLDER)
        self._camera_timer.start()
        self.on_step("camera")

    @Slot()
    def on_camera_counted(self) -> None:
        fps, dbfs = self._tally.figures()
        self._let_camera_go()
        self.figures = Figures(camera_fps=fps, microphone_dbfs=dbfs)
        self.on_step("round-trip")
        Operation(self.hub).success(self._measure).failure(self._no_hub).run_in_background()

    def _measure(self, access: tuple[str, str]) -> None:
        if self.cancelled:
            return
        base_url, token = access
        if self._runtime is None:
            self._runtime = CallRuntime("spoke-precheck").start()
        self._future = self._runtime.submit(
            measure_link(base_url, token, self._steps.push, kib=self.probe_kib)
        )
        Operation.from_future(self._future).success(self._measured).failure(
            self._no_hub
        ).run_in_background()

    def _measured(self, link: LinkFigures) -> None:
        if self.cancelled:
            return
        f = self.figures
        self._finish(
            Figures(
                f.camera_fps,
                f.microphone_dbfs,
                link.round_trip_ms,
                link.download_kbps,
                link.upload_kbps,
            )
        )

    def _no_hub(self, _exc: BaseException) -> None:
        if not self.cancelled:
            self._finish(self.figures)

    def _finish(self, figures: Figures) -> None:
        self.figures = figures
        self.outcome = judge(figures)
        self.on_step("done")
        self.checked.emit(self.outcome)

    @Slot(object)
    def on_step(self, step: str) -> None:
        if self.cancelled:
            return
        self.step = step
        self.progress.setValue(STEPS.index(step))
        self.retranslate()

    @Slot()
    def on_cancel(self) -> None:
        """Stops what runs (the camera count, the transfer); the dialog says so."""
        if self.step == "done" or self.cancelled:
            self.reject()
            return
        self.cancelled = True
        self._camera_timer.stop()
        self._let_camera_go()
        if self._future is not None:
            self._future.cancel()
        self.retranslate()

    def _let_camera_go(self) -> None:
        self.camera.frames.unsubscribe(self._tally.on_frame)
        self.camera.sounds.unsubscribe(self._tally.on_sound)
        if HOLDER in self.camera.holders:
            self.camera.release(HOLDER)

    def done(self, code: int) -> None:
        self.cancelled = True
        self._camera_timer.stop()
        self._let_camera_go()
        if self._runtime is not None:
            self._runtime.stop()
            self._runtime = None
        super().done(code)

    # -- words ---------------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def verdict_text(self) -> str:
        if self.outcome is None:
            return ""
        return {
            Verdict.VIDEO: self.tr("Video is likely to work"),
            Verdict.AUDIO_ONLY: self.tr("Use audio only"),
            Verdict.NO_HUB: self.tr("No connection to the hub"),
        }[self.outcome.verdict]

    def figure_lines(self) -> list[str]:
        f = self.figures
        none = self.tr("not measured")
        fps = self.tr("%1 pictures a second").replace("%1", f"{f.camera_fps or 0:.0f}")
        lines = [
            self.tr("Camera: %1").replace("%1", fps if f.camera_fps else self.tr("no pictures")),
            self.tr("Microphone: %1").replace(
                "%1",
                none
                if f.microphone_dbfs is None
                else self.tr("loudest sound %1 dB").replace("%1", f"{f.microphone_dbfs:.0f}"),
            ),
            self.tr("Round trip to the hub: %1").replace(
                "%1",
                none
                if f.round_trip_ms is None
                else self.tr("%1 ms").replace("%1", _ms(f.round_trip_ms)),
            ),
        ]
        for label, value in (
            (self.tr("From the hub: %1"), f.download_kbps),
            (self.tr("To the hub: %1"), f.upload_kbps),
        ):
            shown = (
                none
                if value is None
                else self.tr("%1 kbit/s").replace("%1", format_number(round(value)))
            )
            lines.append(label.replace("%1", shown))
        problems = {
            Problem.NO_CAMERA: self.tr("The camera sends no pictures: check it is connected."),
            Problem.SILENT_MICROPHONE: self.tr(
                "The microphone hears nothing: check it is connected and not muted."
            ),
            Problem.SLOW_LINK: self.tr("The connection is too slow for video."),
            Problem.SLOW_ROUND_TRIP: self.tr("The connection answers too slowly for video."),
        }
        if self.outcome is not None:
            lines += [problems[p] for p in self.outcome.problems]
        return lines

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Check before the call"))
        self.heading.setText(
            self.tr("Checking the camera, the microphone and the connection to the hub")
        )
        steps = {
            "": "",
            "camera": self.tr("Watching the camera and listening to the microphone..."),
            "round-trip": self.tr("Measuring the round trip to the hub..."),
            "bandwidth": self.tr("Measuring the connection speed..."),
            "done": self.tr("Check finished"),
        }
        self.step_label.setText(
            self.tr("Check cancelled")
            if self.cancelled and self.step != "done"
            else steps[self.step]
        )
        self.verdict_label.setText(self.verdict_text())
        verdict = self.outcome.verdict.value if self.outcome else ""
        if self.verdict_label.property("verdict") != verdict:
            self.verdict_label.setProperty("verdict", verdict)
            self.verdict_label.style().unpolish(self.verdict_label)
            self.verdict_label.style().polish(self.verdict_label)
        self.details.setText("\n".join(self.figure_lines()) if self.step == "done" else "")
        finished = self.step == "done"
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setVisible(not finished and not self.cancelled)
        self.again_button.setText(self.tr("Check again"))
        self.again_button.setVisible(finished or self.cancelled)
        self.close_button.setText(self.tr("Close"))
        self.close_button.setVisible(finished or self.cancelled)
