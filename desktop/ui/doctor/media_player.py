"""A spoke recording for the doctor: fetched segment bytes decoded in memory, with seek.

The segments (fragmented MP4, H.264 + AAC, as the spoke's recorder writes them) are fetched
and probed on a worker (an ``Operation``); playback then runs on the ``playback`` thread of
``desktop.media.playback.Player`` reading each segment from a ``BytesIO`` (never a file).
The controls are the spoke's own player widget (play/pause, seek slider, sound through
QtMultimedia's QAudioSink when the PC has an output); export is not offered to the doctor.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop import logs
from desktop.media.journal import RecordingManifest
from desktop.media.memory_recording import MemorySegments, SegmentBytes, probe_manifest
from desktop.ui.media.player import PlayerWidget
from desktop.ui.tasks import Operation

log = logs.get("ui")

Loaded = tuple[MemorySegments, RecordingManifest]


def load_segments(segments: Sequence[SegmentBytes], recording_id: str = "") -> Loaded:
    """Probe fetched segments (worker side): the in-memory store and its manifest."""
    return MemorySegments(segments), probe_manifest(recording_id, segments)


class RecordingPlayer(QWidget):
    """Shows one recording at a time; ``load`` replaces whatever was shown.

    Signals:
        ready(float): the recording is probed and its first picture is on the way;
            its duration in seconds.
        failed(): the recording could not be fetched or read.
    """

    ready = Signal(float)
    failed = Signal()

    def __init__(self, parent: QWidget | None = None, *, sound: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("doctorRecordingPlayer")
        self._sound = sound
        self._generation = 0
        self._state = "empty"  # empty | loading | failed | ready
        self.player: PlayerWidget | None = None
        self.status = QLabel()
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status.setWordWrap(True)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(self.status, 1)
        self.retranslate()

    def load(
        self, fetch: Callable[[], Sequence[SegmentBytes]], recording_id: str = ""
    ) -> Operation[Loaded]:
        """Fetch and probe on a worker, then play (paused at the first picture). A result
        for a recording no longer asked for is dropped."""
        self.clear()
        self._generation += 1
        generation = self._generation
        self._set_state("loading")

        def work() -> Loaded:
            return load_segments(fetch(), recording_id)

        op: Operation[Loaded] = Operation(work)
        op.success(lambda loaded: self._loaded(generation, loaded))
        op.failure(lambda exc: self._failed(generation, exc))
        return op.run_in_background()

    def _loaded(self, generation: int, loaded: Loaded) -> None:
        if generation != self._generation:
            return
        store, manifest = loaded
        self.player = PlayerWidget(store.as_store(), manifest, None, self, sound=self._sound)
        self.player.export_button.hide()
        self._layout.addWidget(self.player, 1)
        self._set_state("ready")
        self.ready.emit(manifest.duration)

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        log.warning("recording could not be opened: %s", type(exc).__name__)
        self._set_state("failed")
        self.failed.emit()

    def clear(self) -> None:
        """Stop playback and forget the recording (its bytes go with the player)."""
        self._generation += 1
        if self.player is not None:
            self.player.close_player()
            self._layout.removeWidget(self.player)
            self.player.deleteLater()
            self.player = None
        self._set_state("empty")

    # -- convenience for the page and tests --------------------------------------------
    def seek(self, seconds: float) -> None:
        if self.player is not None:
            self.player.seek(seconds)

    def play(self) -> None:
        if self.player is not None and not self.player.player.playing:
            self.player.on_play_clicked()

    def pause(self) -> None:
        if self.player is not None and self.player.player.playing:
            self.player.on_play_clicked()

    def _set_state(self, state: str) -> None:
        self._state = state
        self.status.setVisible(state != "ready")
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        texts = {
            "empty": self.tr("No recording open."),
            "loading": self.tr("Fetching the recording..."),
            "failed": self.tr("The recording could not be fetched or read."),
            "ready": "",
        }
        self.status.setText(texts[self._state])
