"""The consult screen's way into a live call with the doctor: a button, a panel of the
consult binding, shown while a hub doctor has the bound consult (assigned or consulting)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal, Slot
from PySide6.QtWidgets import QPushButton, QWidget

from desktop.core.consult import Status
from desktop.ui.consult.binding import ConsultView

SHOWN_IN = (Status.ASSIGNED, Status.IN_PROGRESS)


class CallButton(QPushButton):
    """Signals:
    call_requested(object): the bound ``ConsultView``, when pressed."""

    call_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("videoCall")
        self._view: ConsultView | None = None
        self.clicked.connect(self.on_clicked)
        self.retranslate()
        self.clear()

    def bind(self, view: ConsultView) -> None:
        shown = view.consult.status in SHOWN_IN
        self._view = view if shown else None
        self.setVisible(shown)

    def clear(self) -> None:
        self._view = None
        self.setVisible(False)

    @Slot()
    def on_clicked(self) -> None:
        if self._view is not None:
            self.call_requested.emit(self._view)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setText(self.tr("Video call with the doctor"))
