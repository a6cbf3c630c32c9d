"""Reads an ABHA QR for the registration form: from a picture file or from live camera
frames. Decoding runs off the UI thread; the answer comes back as a signal."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QFileDialog, QWidget

from desktop.core import abha_qr
from desktop.media import qr_image
from desktop.ui import file_dialogs
from desktop.ui.tasks import Operation

SCAN_INTERVAL_MS = 250


class AbhaQrReader(QObject):
    """One reader per form.

    Signals:
        found(object): the parsed ``AbhaQr``.
        failed(str): a message code (``qr.*``) for the operator.
        waiting(): camera scanning has started.
    """

    found = Signal(object)
    failed = Signal(str)
    waiting = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.dialog: QFileDialog | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(SCAN_INTERVAL_MS)
        self.timer.timeout.connect(self.on_tick)
        self._latest: Callable[[], Any] = lambda: None
        self._deadline = 0.0
        self._busy = False

    def open_file_dialog(self, parent: QWidget) -> None:
        dialog = QFileDialog(parent, self.tr("Picture of the ABHA QR"))
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        file_dialogs.readable(dialog)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilter(self.tr("Pictures (*.png *.jpg *.jpeg *.bmp)"))
        dialog.fileSelected.connect(self.read_file)
        self.dialog = dialog
        dialog.open()

    @Slot(str)
    def read_file(self, path: str) -> None:
        def read() -> abha_qr.AbhaQr:
            return abha_qr.parse(qr_image.decode_file(Path(path)))

        Operation(read).success(self.found.emit).failure(self._fail).run()

    def scan_camera(self, latest_frame: Callable[[], Any], timeout_s: float = 30.0) -> None:
        """Look for a QR in camera frames (``latest_frame()`` gives the newest BGR image, a
        ``VideoFrame`` or None, e.g. ``CaptureThread.latest``), one decode at a time; stop
        at the first ABHA QR or after ``timeout_s``."""
        self._latest = latest_frame
        self._deadline = time.monotonic() + timeout_s
        self._busy = False
        self.timer.start()
        self.waiting.emit()

    def stop(self) -> None:
        self.timer.stop()

    @Slot()
    def on_tick(self) -> None:
        if self._busy:
            return
        if time.monotonic() > self._deadline:
            self.timer.stop()
            self.failed.emit("qr.no_code_found")
            return
        frame = self._latest()
        image = getattr(frame, "image", frame)
        if image is None:
            return
        self._busy = True

        def decode() -> abha_qr.AbhaQr | None:
            try:
                text = qr_image.decode_image(image)
            except abha_qr.QrError:
                return None  # nothing in this frame; try the next one
            return abha_qr.parse(text)

        Operation(decode).success(self._on_frame).failure(self._on_bad_code).run()

    def _on_frame(self, qr: abha_qr.AbhaQr | None) -> None:
        self._busy = False
        if qr is not None:
            self.timer.stop()
            self.found.emit(qr)

    def _on_bad_code(self, exc: BaseException) -> None:
        self._busy = False
        self.timer.stop()  # a QR was read, but it is not a usable ABHA QR
        self._fail(exc)

    def _fail(self, exc: BaseException) -> None:
        self.failed.emit(exc.code if isinstance(exc, abha_qr.QrError) else "qr.not_an_image")
