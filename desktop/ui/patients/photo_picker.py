"""The optional patient photo: chosen from a file, encrypted into the blob store at once
(kind "photo"), previewed; the registration records it with the patient."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QWidget

from desktop.storage.blobs import BlobRef, BlobStore
from desktop.ui.tasks import Operation


class PhotoPicker(QWidget):
    """Preview and "Photo from file…".

    Signals:
        failed(str): a message code when the file is not a picture.
    """

    failed = Signal(str)

    def __init__(self, store: BlobStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self.ref: BlobRef | None = None
        self.dialog: QFileDialog | None = None
        self.preview = QLabel()
        self.preview.setObjectName("patientPhoto")
        self.preview.setFixedSize(96, 96)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setStyleSheet("border: 1px dashed #9fb3bd; background: #ffffff;")
        self.button = QPushButton()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.preview)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addStretch(1)
        self.setFocusProxy(self.button)
        self.button.clicked.connect(self.on_choose)
        self.retranslate()

    def retranslate(self) -> None:
        self.button.setText(self.tr("Photo from file…"))
        if self.preview.pixmap().isNull():
            self.preview.setText(self.tr("No photo"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    @Slot()
    def on_choose(self) -> None:
        dialog = QFileDialog(self, self.tr("Photo of the patient"))
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
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

        Operation(encrypt).success(self._on_stored).failure(
            lambda _exc: self.failed.emit("qr.not_an_image")
        ).run()

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
