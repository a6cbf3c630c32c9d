"""Parts of the intake form that stand on their own: the common-complaints picker, the
addendum box shown once a consult has been sent, and the page's heading and status line
(both built from the bound consult)."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core import lifecycle
from desktop.core.consult import COMMON_COMPLAINTS, Addendum
from desktop.ui import i18n, messages
from desktop.ui.consult.binding import ConsultView


class ComplaintPicker(QListWidget):
    """Checkable common complaints, laid out as wrapping chips; Space ticks the current one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMaximumHeight(130)
        self.setFlow(QListWidget.Flow.LeftToRight)
        self.setWrapping(True)
        # Chips wrap again whenever the width changes (the default Fixed mode lays them out
        # once, at the first width, and scrolls sideways on a narrower 1366x768 screen).
        self.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.retranslate()

    def retranslate(self) -> None:
        checked = set(self.checked())
        self.blockSignals(True)
        self.clear()
        for code in COMMON_COMPLAINTS:
            item = QListWidgetItem(messages.label(code))
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if code in checked else Qt.CheckState.Unchecked
            )
            self.addItem(item)
        self.blockSignals(False)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def checked(self) -> list[str]:
        return [
            str(self.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.count())
            if self.item(i).checkState() == Qt.CheckState.Checked
        ]

    def set_checked(self, codes: Iterable[str]) -> None:
        wanted = set(codes)
        for i in range(self.count()):
            item = self.item(i)
            on = item.data(Qt.ItemDataRole.UserRole) in wanted
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)


class AddendumBox(QGroupBox):
    """The addenda so far and a box to add one.

    Signals:
        add_requested(str): the text to add.
    """

    add_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.addenda = QLabel()
        self.addenda.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setMaximumHeight(60)
        self.button = QPushButton()
        layout = QVBoxLayout(self)
        layout.addWidget(self.addenda)
        layout.addWidget(self.text)
        layout.addWidget(self.button)
        self.button.clicked.connect(self.on_add)
        self.retranslate()
        self.clear()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Addendum"))
        self.button.setText(self.tr("Add addendum"))
        self.text.setPlaceholderText(
            self.tr("The record is locked once sent. Add what changed here.")
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    @Slot()
    def on_add(self) -> None:
        self.add_requested.emit(self.text.toPlainText())

    def show_addenda(self, addenda: Iterable[Addendum]) -> None:
        self.addenda.setText(
            "\n".join(f"{i18n.format_datetime(a.added_at)} {a.author}: {a.text}" for a in addenda)
        )

    def bind(self, view: ConsultView) -> None:
        """Shown once the consult has been sent: its addenda and an empty box."""
        self.text.clear()
        self.show_addenda(view.consult.addenda)
        self.setVisible(view.consult.status in lifecycle.ADDENDUM_STATES)

    def clear(self) -> None:
        self.text.clear()
        self.show_addenda([])
        self.hide()


class ConsultHeading(QLabel):
    """ "Consult for <patient>" of the bound consult."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pageHeading")
        self._name = ""
        self.retranslate()

    def retranslate(self) -> None:
        self.setText(self.tr("Consult for {name}").format(name=self._name) if self._name else "")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def show_patient(self, name: str) -> None:
        self._name = name
        self.retranslate()

    def bind(self, view: ConsultView) -> None:
        self.show_patient(view.patient.full_name)

    def clear(self) -> None:
        self.show_patient("")


class ConsultStatusLine(QLabel):
    """The page's one-line status: the bound consult's state, then what last happened to it
    (saved, consent recorded, a failure); empty without a consult."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("formStatus")
        self.setWordWrap(True)

    def bind(self, view: ConsultView) -> None:
        self.setText(messages.label(view.consult.status.value))

    def clear(self) -> None:
        self.setText("")
