"""The look of a locked consult: its fields greyed as read-only and a note above them saying it
is locked and that an addendum is the way to add to it. Which fields lock is IntakeFields' job."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QBoxLayout, QLabel, QWidget

from desktop.core import lifecycle
from desktop.core.consult import Consult

# Read-only and disabled inputs lose the white "type here" background of style.qss.
LOCKED_STYLE = """
QLineEdit:read-only, QLineEdit:disabled, QPlainTextEdit[readOnly="true"], QPlainTextEdit:disabled,
QSpinBox:disabled, QComboBox:disabled, QListWidget:disabled {
    background: #e9edf0; color: #33424b; border: 1px solid #c9d3d8;
}
"""
NOTE_STYLE = (
    "background: #fff4d6; color: #5c4300; border: 1px solid #e0c36a; border-radius: 3px;"
    " padding: 6px 10px;"
)


class LockedNote(QLabel):
    """ "Locked — add an addendum": shown above a consult that can no longer be edited."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockedNote")
        self.setWordWrap(True)
        self.setStyleSheet(NOTE_STYLE)
        self.addendum = False
        self.hide()

    def show_for(self, consult: Consult) -> None:
        locked = not lifecycle.is_editable(consult)
        self.addendum = consult.status in lifecycle.ADDENDUM_STATES
        self.retranslate()
        self.setVisible(locked)

    def retranslate(self) -> None:
        if self.addendum:
            self.setText(
                self.tr(
                    "Locked — this consult has been sent and can no longer be changed."
                    " To correct or add something, add an addendum at the end of the page."
                )
            )
        else:
            self.setText(self.tr("Locked — this consult can no longer be changed."))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def apply(page: QWidget, fields: QWidget, consult: Consult) -> LockedNote:
    """Give ``page`` the look of ``consult``'s state: read-only fields and the locked note
    (made on first use, under the page's heading) when locked; the ordinary look otherwise."""
    note = page.findChild(LockedNote, "lockedNote")
    if note is None:
        note = LockedNote(page)
        layout = page.layout()
        if isinstance(layout, QBoxLayout):
            layout.insertWidget(1, note)
    note.show_for(consult)
    fields.setStyleSheet("" if lifecycle.is_editable(consult) else LOCKED_STYLE)
    return note


def clear(page: QWidget, fields: QWidget) -> None:
    """No consult on the page: no note, the ordinary look."""
    note = page.findChild(LockedNote, "lockedNote")
    if note is not None:  # gone, not hidden: nothing of the last consult stays on the page
        note.setParent(None)
        note.deleteLater()
    fields.setStyleSheet("")
