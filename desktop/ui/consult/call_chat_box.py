"""The consult screen's record of its calls' chat: the conversation as stored on this PC
(``Services.calls``), read-only, shown once the consult has any; re-read when a message of
the bound consult is stored (the call window stores them as they come)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, Slot
from PySide6.QtWidgets import QGroupBox, QVBoxLayout, QWidget

from desktop.changes import Change, ChangeBus, Kind
from desktop.services.calls import CallRecordService
from desktop.services.consults import same_consult
from desktop.ui.call.chat_record import ChatMessage, ChatRecordView
from desktop.ui.changes import ChangeSignal
from desktop.ui.consult.binding import ConsultView
from desktop.ui.tasks import Operation


class CallChatBox(QGroupBox):
    """A binding panel: the bound consult's stored call chat (hidden while there is none)."""

    def __init__(
        self, calls: CallRecordService, bus: ChangeBus, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("consultCallChat")
        self._calls = calls
        self._view: ConsultView | None = None
        self.chat = ChatRecordView()
        self.chat.table.setMinimumHeight(120)
        QVBoxLayout(self).addWidget(self.chat)
        self._changes = ChangeSignal(bus, self)
        self._changes.changed.connect(self.on_changed)
        self.retranslate()
        self.clear()

    def bind(self, view: ConsultView) -> None:
        self._view = view
        self.chat.clear()
        self.hide()
        self.reload()

    def clear(self) -> None:
        self._view = None
        self.chat.clear()
        self.hide()

    def reload(self) -> Operation[Sequence[ChatMessage]] | None:
        """Read the bound consult's chat on a worker; dropped if another consult is bound."""
        view = self._view
        if view is None:
            return None
        calls, consult_id = self._calls, view.consult.id
        op: Operation[Sequence[ChatMessage]] = Operation(lambda: calls.chat(consult_id))
        return op.success(view.ticket.guard(self._show)).run_in_background()

    def _show(self, lines: Sequence[ChatMessage]) -> None:
        self.chat.show_messages(lines)
        self.setVisible(bool(lines))

    @Slot(object)
    def on_changed(self, change: Change) -> None:
        view = self._view
        if view is None or change.kind is not Kind.CONSULT or change.reason != "chat":
            return
        if any(same_consult(i, view.consult.id) for i in change.ids):
            self.reload()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setTitle(self.tr("Chat during the call"))
