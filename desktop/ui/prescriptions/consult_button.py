"""The consult screen's way to its prescription: a button, a panel of the consult binding,
shown only while the bound consult is prescribed (or closed after it), naming that consult,
or while the prescription received for it did not verify; then a warning panel says not to
print or dispense from it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal, Slot
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

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
        shown = view.consult.status in SHOWN_IN or view.consult.rx_refused
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


REFUSED_STYLE = (
    "background: #fde8e8; color: #7f1d1d; border: 1px solid #f0a8a8; border-radius: 3px;"
    " padding: 6px 10px; font-weight: 600;"
)


class RxRefusedNotice(QLabel):
    """A panel of the consult binding: shown only while the newest prescription received
    for the bound consult did not verify."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rxRefusedNotice")
        self.setWordWrap(True)
        self.setStyleSheet(REFUSED_STYLE)
        self.retranslate()
        self.clear()

    def bind(self, view: ConsultView) -> None:
        self.setVisible(view.consult.rx_refused)

    def clear(self) -> None:
        self.setVisible(False)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setText(
            self.tr(
                "The prescription received could not be verified: do not print it and do not "
                "dispense from it. Ask the hub to send it again."
            )
        )
