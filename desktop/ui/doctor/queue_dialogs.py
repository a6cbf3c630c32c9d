"""The decline dialog: a consult goes back to the queue only with a reason the doctor typed."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)


class DeclineDialog(QDialog):
    """``reason()`` after ``accepted``; OK stays disabled while the reason is empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Decline consultation"))
        self.setMinimumWidth(420)
        self.label = QLabel(
            self.tr(
                "The consultation goes back to the queue for another doctor. "
                "Please say why you decline it."
            )
        )
        self.label.setWordWrap(True)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("declineReason")
        self.text.setPlaceholderText(self.tr("Reason (required)"))
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.text.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.text.setMaximumHeight(120)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Decline"))
        self.ok.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.text.textChanged.connect(self.on_text_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.text)
        layout.addWidget(self.buttons)

    def reason(self) -> str:
        return self.text.toPlainText().strip()

    @Slot()
    def on_text_changed(self) -> None:
        self.ok.setEnabled(bool(self.reason()))
