"""The consult screen's way into a live call with the doctor: a button, a panel of the
consult binding, shown while a hub doctor has the bound consult (assigned or consulting),
and while the doctor calls about it: then it says who calls and answers when pressed. The
pre-call check's button (``check``) is shown with it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal, Slot
from PySide6.QtWidgets import QPushButton, QWidget

from desktop.core.consult import Status
from desktop.ui.consult.binding import ConsultView
from protocol.ids import wire_id

SHOWN_IN = (Status.ASSIGNED, Status.IN_PROGRESS)


class CallButton(QPushButton):
    """Signals:
    call_requested(object): the bound ``ConsultView``, when pressed.
    bound(object): the ``ConsultView`` now shown (None when cleared)."""

    call_requested = Signal(object)
    bound = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("videoCall")
        self._view: ConsultView | None = None
        self._ringing: dict[str, str] = {}  # consult wire id -> the calling doctor's name
        # Beside it (the page lays it out), shown with it: the pre-call check.
        self.check = QPushButton()
        self.check.setObjectName("callCheck")
        self.clicked.connect(self.on_clicked)
        self.retranslate()
        self.clear()

    def bind(self, view: ConsultView) -> None:
        self._view = view
        self._show()
        self.bound.emit(view)

    def clear(self) -> None:
        self._view = None
        self._show()
        self.bound.emit(None)

    @property
    def ringing(self) -> bool:
        """The doctor calls about the bound consult."""
        return self._view is not None and wire_id(self._view.consult.id) in self._ringing

    @Slot(str, str)
    def on_ringing(self, consult: str, doctor: str) -> None:
        self._ringing[consult] = doctor
        self._show()

    @Slot(str)
    def on_stopped(self, consult: str) -> None:
        self._ringing.pop(consult, None)
        self._show()

    def _show(self) -> None:
        view = self._view
        shown = view is not None and (view.consult.status in SHOWN_IN or self.ringing)
        self.setVisible(shown)
        self.check.setVisible(shown)
        self.setObjectName("callAccept" if self.ringing else "videoCall")
        self.style().unpolish(self)  # the ringing colour follows the name
        self.style().polish(self)
        self.retranslate()

    @Slot()
    def on_clicked(self) -> None:
        if self._view is not None:
            self.call_requested.emit(self._view)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.check.setText(self.tr("Check camera and connection"))
        view = self._view
        doctor = self._ringing.get(wire_id(view.consult.id)) if view is not None else None
        if doctor is not None:
            name = doctor or self.tr("The doctor")
            self.setText(self.tr("%1 is calling - Accept").replace("%1", name))
        else:
            self.setText(self.tr("Video call with the doctor"))
