"""Plays a consult recording inside the app, with seeking, and exports it on request.
A damaged part is named (which part, which minutes) and skipped; the rest plays."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from desktop import logs
from desktop.media import playback
from desktop.media.journal import RecordingManifest
from desktop.services.media import BlobStore
from desktop.ui.media.audio_out import AudioOutput
from desktop.ui.media.bridge import LatestBridge, QueueBridge
from desktop.ui.media.preview import PreviewWidget
from desktop.ui.tasks import Operation

log = logs.get("ui")


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes:02d}:{secs:02d}"


class PlayerWidget(QWidget):
    """Decrypts and decodes on the ``playback`` thread; this widget only paints.

    Export is offered only when an audit hook is given: leaving the encrypted store is
    always recorded in the audit log first.

    Signals:
        exported(str): the path of a finished export.
        export_failed(str): a message for the operator (also shown under the player).
        damaged(object): a ``playback.DamagedPart`` met while playing (shown, skipped).
    """

    exported = Signal(str)
    export_failed = Signal(str)
    damaged = Signal(object)

    def __init__(
        self,
        store: BlobStore,
        manifest: RecordingManifest,
        audit: playback.AuditHook | None = None,
        parent: QWidget | None = None,
        *,
        sound: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("recordingPlayer")
        self.store = store
        self.manifest = manifest
        self._audit = audit
        self.player = playback.Player(store, manifest, start=False)
        self.damaged_parts: list[playback.DamagedPart] = []
        self.preview = PreviewWidget()
        self.play_button = QPushButton()
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, int(manifest.duration * 1000))
        self.time_label = QLabel()
        self.export_button = QPushButton()
        self.export_button.setEnabled(audit is not None)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.damage_note = QLabel()
        self.damage_note.setObjectName("damagedParts")
        self.damage_note.setWordWrap(True)
        self.damage_note.setProperty("role", "warning")
        self.damage_note.hide()

        controls = QHBoxLayout()
        controls.addWidget(self.play_button)
        controls.addWidget(self.slider, 1)
        controls.addWidget(self.time_label)
        controls.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.damage_note)
        layout.addLayout(controls)
        layout.addWidget(self.note)

        self._frames = LatestBridge(self)
        self._frames.deliver_to(self.on_frame)
        self.player.frames.subscribe(self._frames.push)
        self.audio_out: AudioOutput | None = AudioOutput(self) if sound else None
        self._sound = QueueBridge(self)
        if self.audio_out is not None and self.audio_out.available:
            self._sound.deliver_to(self.audio_out.write)
            self.player.audio.subscribe(self._sound.push)
        self.player.finished.subscribe(lambda _pos: self._frames.push(None))
        self._damage = QueueBridge(self)
        self._damage.deliver_to(self.on_damaged_part)
        self.player.damaged.subscribe(self._damage.push)
        self.play_button.clicked.connect(self.on_play_clicked)
        self.slider.sliderReleased.connect(self.on_slider_released)
        self.slider.actionTriggered.connect(self.on_slider_action)
        self.export_button.clicked.connect(self.on_export_clicked)
        self._refresh = QTimer(self)
        self._refresh.setInterval(250)
        self._refresh.timeout.connect(self.on_refresh)
        self._refresh.start()
        self.retranslate()
        self.player.start()  # after every subscription: nothing it publishes is missed

    @Slot(object)
    def on_frame(self, frame: object) -> None:
        if frame is not None:
            self.preview.on_frame(frame)  # type: ignore[arg-type]

    @Slot(object)
    def on_damaged_part(self, part: object) -> None:
        assert isinstance(part, playback.DamagedPart)
        if part not in self.damaged_parts:
            self.damaged_parts.append(part)
            self.damaged_parts.sort(key=lambda p: p.number)
            self._show_damage()
        self.damaged.emit(part)

    def _show_damage(self) -> None:
        parts = [
            self.tr("part %1 of %2 (%3 to %4)")
            .replace("%1", str(p.number))
            .replace("%2", str(p.total))
            .replace("%3", _clock(p.start))
            .replace("%4", _clock(p.end))
            for p in self.damaged_parts
        ]
        self.damage_note.setText(
            self.tr("Damaged and skipped: %1. The rest of the recording plays.").replace(
                "%1", ", ".join(parts)
            )
            if parts
            else ""
        )
        self.damage_note.setVisible(bool(parts))

    @Slot()
    def on_refresh(self) -> None:
        if not self.slider.isSliderDown():
            self.slider.setValue(int(self.player.position * 1000))
        self.time_label.setText(
            f"{_clock(self.player.position)} / {_clock(self.manifest.duration)}"
        )
        self.retranslate()

    @Slot()
    def on_play_clicked(self) -> None:
        if self.player.playing:
            self.player.pause()
            self._drop_sound()
        else:
            self.player.play()
        self.retranslate()

    def seek(self, seconds: float) -> None:
        self.player.seek(seconds)
        self._drop_sound()

    def _drop_sound(self) -> None:
        self._sound.clear()
        if self.audio_out is not None:
            self.audio_out.reset()

    @Slot()
    def on_slider_released(self) -> None:
        self.seek(self.slider.value() / 1000)

    @Slot(int)
    def on_slider_action(self, action: int) -> None:
        if not self.slider.isSliderDown():  # page step / click on the groove
            QTimer.singleShot(0, lambda: self.seek(self.slider.value() / 1000))

    @Slot()
    def on_export_clicked(self) -> None:
        if self._audit is None:
            return
        name, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Export recording"), "", self.tr("MP4 video (*.mp4)")
        )
        if name:
            self.export_to(Path(name))

    def export_to(self, destination: Path) -> Operation[Path]:
        """Export in the background (the user chose ``destination``); audited first."""
        assert self._audit is not None
        audit = self._audit
        self.export_button.setEnabled(False)
        op = Operation(lambda: playback.export_mp4(self.store, self.manifest, destination, audit))
        op.success(self._export_done).failure(self._export_error).run_in_background()
        return op

    def _export_done(self, path: Path) -> None:
        self.export_button.setEnabled(True)
        self.note.setText(self.tr("Exported. The exported file is not encrypted: keep it safe."))
        self.exported.emit(str(path))

    def _export_error(self, exc: BaseException) -> None:
        log.error("export failed: %s", type(exc).__name__)
        self.export_button.setEnabled(True)
        if isinstance(exc, playback.DamagedRecordingError):
            p = exc.part
            message = (
                self.tr(
                    "The recording could not be exported: part %1 of %2 (%3 to %4) is "
                    "damaged. Nothing was saved."
                )
                .replace("%1", str(p.number))
                .replace("%2", str(p.total))
                .replace("%3", _clock(p.start))
                .replace("%4", _clock(p.end))
            )
        else:
            message = self.tr("The recording could not be exported. Nothing was saved.")
        self.note.setText(message)
        self.export_failed.emit(message)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.play_button.setText(self.tr("Pause") if self.player.playing else self.tr("Play"))
        self.export_button.setText(self.tr("Export as MP4..."))
        self.export_button.setToolTip(
            self.tr("Saves an unencrypted copy; the export is recorded in the audit log.")
        )
        self._show_damage()

    def close_player(self) -> None:
        """Stop the playback thread; call before the widget goes away."""
        self._refresh.stop()
        self.player.close()
        if self.audio_out is not None:
            self.audio_out.close()
