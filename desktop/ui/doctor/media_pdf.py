"""A PDF attachment for the doctor, page by page, read from bytes in memory.

QPdfDocument reads a QBuffer over the bytes (never a file); QPdfView shows one page at a
time, fitted to the width, with previous/next buttons and PgUp/PgDn.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QPointF, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class PdfViewer(QWidget):
    """Pages of one PDF. ``page`` counts from 0; ``page_count`` is 0 with nothing open.

    Signals:
        page_changed(int): the page shown now.
        loaded(int): a document was opened; its page count.
    """

    page_changed = Signal(int)
    loaded = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pdfViewer")
        self.document = QPdfDocument(self)
        self._buffer: QBuffer | None = None
        self._bytes = QByteArray()
        self._failed = False
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.SinglePage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.prev_button = QPushButton()
        self.next_button = QPushButton()
        self.page_label = QLabel()
        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.prev_button.clicked.connect(self.previous_page)
        self.next_button.clicked.connect(self.next_page)
        self.view.pageNavigator().currentPageChanged.connect(self.on_page_changed)
        self.document.statusChanged.connect(self.on_status_changed)
        bar = QHBoxLayout()
        bar.addWidget(self.prev_button)
        bar.addWidget(self.next_button)
        bar.addWidget(self.page_label)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty, 1)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.clear()

    @property
    def page(self) -> int:
        return int(self.view.pageNavigator().currentPage())

    @property
    def page_count(self) -> int:
        return int(self.document.pageCount()) if self._buffer is not None else 0

    def show_bytes(self, data: bytes) -> bool:
        """Open the PDF in ``data``; False (and the empty state) when it cannot be read."""
        self.clear()
        self._bytes = QByteArray(data)
        self._buffer = QBuffer(self._bytes, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        return self._settle()

    def _settle(self) -> bool:
        status = self.document.status()
        if status == QPdfDocument.Status.Ready:
            self._failed = False
            self.empty.hide()
            self.view.show()
            self.go_to(0)
            self.loaded.emit(self.page_count)
            self.retranslate()
            return True
        if status == QPdfDocument.Status.Error:
            self._failed = True
            self._drop()
            self.retranslate()
            return False
        return True  # still loading: statusChanged finishes it

    @Slot(QPdfDocument.Status)
    def on_status_changed(self, status: QPdfDocument.Status) -> None:
        if self._buffer is not None and status in (
            QPdfDocument.Status.Ready,
            QPdfDocument.Status.Error,
        ):
            self._settle()

    def clear(self) -> None:
        self._failed = False
        self._drop()
        self.retranslate()

    def _drop(self) -> None:
        self.document.close()
        if self._buffer is not None:
            self._buffer.close()
            self._buffer.deleteLater()
        self._buffer = None
        self._bytes = QByteArray()
        self.view.hide()
        self.empty.show()

    # -- pages -------------------------------------------------------------------------
    def go_to(self, page: int) -> None:
        if not self.page_count:
            return
        page = min(max(0, page), self.page_count - 1)
        self.view.pageNavigator().jump(page, QPointF(), self.view.zoomFactor())
        self._update_buttons()

    @Slot()
    def next_page(self) -> None:
        self.go_to(self.page + 1)

    @Slot()
    def previous_page(self) -> None:
        self.go_to(self.page - 1)

    @Slot(int)
    def on_page_changed(self, page: int) -> None:
        self._update_buttons()
        self.page_changed.emit(page)

    def _update_buttons(self) -> None:
        count = self.page_count
        self.prev_button.setEnabled(count > 0 and self.page > 0)
        self.next_button.setEnabled(count > 0 and self.page < count - 1)
        self.page_label.setText(
            self.tr("Page %1 of %2").replace("%1", str(self.page + 1)).replace("%2", str(count))
            if count
            else ""
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_PageDown, Qt.Key.Key_Right):
            self.next_page()
        elif event.key() in (Qt.Key.Key_PageUp, Qt.Key.Key_Left):
            self.previous_page()
        else:
            super().keyPressEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.prev_button.setText(self.tr("Previous page"))
        self.next_button.setText(self.tr("Next page"))
        self.empty.setText(
            self.tr("This file is not a PDF that can be shown.")
            if self._failed
            else self.tr("No document open.")
        )
        self._update_buttons()
