"""The optional patient photo: from a file or the newest camera frame, encrypted into the
blob store at once (kind "photo"), previewed; the registration records it with the patient."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QWidget

from desktop.media import snapshot
from desktop.services.errors import StorageError
from desktop.services.media import BlobRef, BlobStore
from desktop.ui import file_dialogs, messages
from desktop.ui.patients.camera_frames import CameraFrames, Image
from desktop.ui.storage_messages import storage_error_text
from desktop.ui.tasks import Operation

CAMERA_POLL_MS = 100
CAMERA_WAIT_S = 5.0  # a camera just opened needs a moment for its first frame


class PhotoPicker(QWidget):
    """Preview, "Photo from file…" and, once a camera is given, "Photo from camera".

    Signals:
        failed(str): a translated message for the operator (not a picture, no camera
            picture, storage full or damaged).
    """

    failed = Signal(str)

    def __init__(self, store: BlobStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._camera: CameraFrames | None = None
        self._deadline = 0.0
        self.ref: BlobRef | None = None
        self.dialog: QFileDialog | None = None
        self.preview = QLabel()
        self.preview.setObjectName("patientPhoto")
        self.preview.setFixedSize(96, 96)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setStyleSheet("border: 1px dashed #9fb3bd; background: #ffffff;")
        self.button = QPushButton()
        self.camera_button = QPushButton()
        self.camera_button.setVisible(False)
        self.camera_timer = QTimer(self)
        self.camera_timer.setInterval(CAMERA_POLL_MS)
        self.camera_timer.timeout.connect(self.on_camera_tick)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.preview)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addWidget(self.camera_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addStretch(1)
        self.setFocusProxy(self.button)
        self.button.clicked.connect(self.on_choose)
        self.camera_button.clicked.connect(self.on_camera)
        self.retranslate()

    def set_camera(self, latest: CameraFrames | None) -> None:
        """Where camera pictures come from (see ``camera_frames``); None hides the button."""
        self._camera = latest
        self.camera_button.setVisible(latest is not None)

    def retranslate(self) -> None:
        self.button.setText(self.tr("Photo from file…"))
        self.camera_button.setText(self.tr("Photo from camera"))
        if self.preview.pixmap().isNull():
            self.preview.setText(self.tr("No photo"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- from a file -------------------------------------------------------------------
    @Slot()
    def on_choose(self) -> None:
        dialog = QFileDialog(self, self.tr("Photo of the patient"))
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        file_dialogs.readable(dialog)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilter(self.tr("Pictures (*.png *.jpg *.jpeg *.bmp)"))
        dialog.fileSelected.connect(self.use_file)
        self.dialog = dialog
        dialog.open()

    @Slot(str)
    def use_file(self, path: str) -> None:
        store = self._store

        def encrypt() -> tuple[BlobRef, bytes]:
            data = Path(path).read_bytes()
            if QImage.fromData(data).isNull():
                raise ValueError("not a picture")
            return store.put("photo", data), data

        Operation(encrypt).success(self._on_stored).failure(self._on_failed).run()

    # -- from the camera ---------------------------------------------------------------
    @Slot()
    def on_camera(self) -> None:
        """Take the newest camera frame (waiting a moment for a camera just opened)."""
        if self._camera is None or self.camera_timer.isActive():
            return
        self._deadline = time.monotonic() + CAMERA_WAIT_S
        self.camera_timer.start()
        self.on_camera_tick()

    @Slot()
    def on_camera_tick(self) -> None:
        image = self._camera() if self._camera is not None else None
        if image is not None:
            self._stop_camera()
            self.use_frame(image)
        elif time.monotonic() > self._deadline:
            self._stop_camera()
            self.failed.emit(
                self.tr("No picture from the camera. Check the Camera page, then try again.")
            )

    def _stop_camera(self) -> None:
        self.camera_timer.stop()
        if self._camera is not None:
            self._camera.release()

    def use_frame(self, image: Image) -> None:
        """Encrypt one BGR camera frame (as JPEG) as the photo."""
        store = self._store

        def encrypt() -> tuple[BlobRef, bytes]:
            data = snapshot.encode(image, "jpeg")
            return store.put("photo", data), data

        Operation(encrypt).success(self._on_stored).failure(self._on_failed).run()

    # -- results -----------------------------------------------------------------------
    def _on_failed(self, exc: BaseException) -> None:
        if isinstance(exc, StorageError):
            self.failed.emit(storage_error_text(exc))
        else:
            self.failed.emit(messages.code_text("qr.not_an_image"))

    def _on_stored(self, result: tuple[BlobRef, bytes]) -> None:
        self.ref, data = result
        pixmap = QPixmap.fromImage(QImage.fromData(data))
        self.preview.setPixmap(
            pixmap.scaled(
                self.preview.size(),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
