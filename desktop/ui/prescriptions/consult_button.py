"""The consult screen's way to its prescription: a button, a panel of the consult binding,
shown only while the bound consult is prescribed (or closed after it), naming that consult."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal, Slot
from PySide6.QtWidgets import QPushButton, QWidget

from desktop.core.consult import Status
from desktop.ui.consult.binding import ConsultView

SHOWN_IN = (Status.PRESCRIBED, Status.CLOSED)


class PrescriptionButton(QPushButton):
    """Signals:
    open_prescription(str): the bound consult's id, when pressed."""

    open_prescription = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("openPrescription")
        self._consult_id: str | None = None
        self.clicked.connect(self.on_clicked)
        self.retranslate()
        self.clear()

    def bind(self, view: ConsultView) -> None:
        shown = view.consult.status in SHOWN_IN
        self._consult_id = view.consult.id if shown else None
        self.setVisible(shown)

    def clear(self) -> None:
        self._consult_id = None
        self.setVisible(False)

    @Slot()
    def on_clicked(self) -> None:
        if self._consult_id is not None:
            self.open_prescription.emit(self._consult_id)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setText(self.tr("Prescription…"))
