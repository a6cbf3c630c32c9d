"""Attachments of a consult: pictures and PDFs from a file (or a camera snapshot handed in
as bytes), stored encrypted, listed with thumbnails. The list is the bound consult's; its
thumbnails are decrypted in the background and dropped if another consult is shown by then."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from desktop.core.consult import Attachment
from desktop.services.media import BlobStore
from desktop.ui import file_dialogs
from desktop.ui.consult.binding import ConsultView
from desktop.ui.tasks import Operation

log = logging.getLogger("spoke.ui")
Index = QModelIndex | QPersistentModelIndex
TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".pdf": "application/pdf",
}


class AttachmentListModel(QAbstractListModel):
    """Attachments with their decrypted thumbnails (held in memory only)."""

    def __init__(self) -> None:
        super().__init__()
        self.items: list[tuple[Attachment, QIcon]] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        attachment, icon = self.items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return attachment.title
        if role == Qt.ItemDataRole.DecorationRole:
            return icon
        return None

    def add(self, attachment: Attachment, icon: QIcon) -> None:
        row = len(self.items)
        self.beginInsertRows(QModelIndex(), row, row)
        self.items.append((attachment, icon))
        self.endInsertRows()

    def set_items(self, items: list[tuple[Attachment, QIcon]]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def set_icon(self, attachment_id: str, icon: QIcon) -> None:
        for row, (attachment, _old) in enumerate(self.items):
            if attachment.id == attachment_id:
                self.items[row] = (attachment, icon)
                index = self.index(row)
                self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])


def icon_for(thumbnail_png: bytes | None, fallback: QIcon) -> QIcon:
    if thumbnail_png:
        image = QImage.fromData(thumbnail_png)
        if not image.isNull():
            return QIcon(QPixmap.fromImage(image))
    return fallback


class AttachmentsPanel(QWidget):
    """ "Add file…" (Ctrl+O) and the thumbnails.

    Signals:
        file_chosen(str, str): path and media type of a file to attach.
    """

    file_chosen = Signal(str, str)

    def __init__(self, blobs: BlobStore | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attachmentsPanel")
        self._blobs = blobs
        self.loading: Operation[dict[str, bytes | None]] | None = None  # thumbnails
        self.model = AttachmentListModel()
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setViewMode(QListView.ViewMode.IconMode)
        self.view.setIconSize(QSize(96, 96))
        self.view.setGridSize(QSize(132, 128))
        self.view.setWordWrap(True)
        self.view.setMinimumHeight(140)
        self.add_button = QPushButton()
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.dialog: QFileDialog | None = None
        top = QHBoxLayout()
        top.addWidget(self.add_button)
        top.addWidget(self.hint, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view)
        self.add_button.clicked.connect(self.on_add)
        self.pdf_icon = self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        self.retranslate()
        self.clear()

    def retranslate(self) -> None:
        self.add_button.setText(self.tr("Add picture or PDF… (Ctrl+O)"))
        self.hint.setText(self.tr("Stored encrypted on this computer; sent with the consult."))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    @Slot()
    def on_add(self) -> None:
        dialog = QFileDialog(self, self.tr("Attach a picture or PDF"))
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        file_dialogs.readable(dialog)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilter(self.tr("Pictures and PDFs (*.png *.jpg *.jpeg *.pdf)"))
        dialog.fileSelected.connect(self.on_file_selected)
        self.dialog = dialog
        dialog.open()

    @Slot(str)
    def on_file_selected(self, path: str) -> None:
        media_type = TYPES.get(Path(path).suffix.lower())
        if media_type is None:
            self.hint.setText(self.tr("Only pictures (PNG, JPEG) and PDFs can be attached."))
            return
        self.file_chosen.emit(path, media_type)

    def add(self, attachment: Attachment, thumbnail_png: bytes | None) -> None:
        """One more attachment of the bound consult, just stored."""
        self.model.add(attachment, icon_for(thumbnail_png, self.pdf_icon))

    # -- the bound consult --------------------------------------------------------------
    def bind(self, view: ConsultView) -> None:
        """The consult's attachments at once; their thumbnails as they are decrypted."""
        attachments = list(view.consult.attachments)
        self.model.set_items([(a, self.pdf_icon) for a in attachments])
        self.add_button.setEnabled(view.editable)
        self.retranslate()
        wanted = {a.id: a.thumbnail_blob_id for a in attachments if a.thumbnail_blob_id}
        self.loading = None
        if not wanted or self._blobs is None:
            return
        store = self._blobs

        def decrypt() -> dict[str, bytes | None]:  # a pool thread; no widgets
            found: dict[str, bytes | None] = {}
            for attachment_id, blob_id in wanted.items():
                try:
                    found[attachment_id] = store.read_all(blob_id)
                except Exception as exc:  # noqa: BLE001 -- one bad thumbnail hides no other
                    log.error("attachment thumbnail unreadable: %s", type(exc).__name__)
                    found[attachment_id] = None
            return found

        self.loading = Operation(decrypt).success(view.ticket.guard(self._show_thumbnails)).run()

    def clear(self) -> None:
        self.model.set_items([])
        self.add_button.setEnabled(False)
        self.retranslate()

    def _show_thumbnails(self, found: dict[str, bytes | None]) -> None:
        for attachment_id, png in found.items():
            if png:
                self.model.set_icon(attachment_id, icon_for(png, self.pdf_icon))
