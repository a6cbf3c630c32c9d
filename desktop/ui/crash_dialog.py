"""Offers crash reports left by an earlier run; they carry no patient data."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class CrashReportDialog(QDialog):
    """Shows the reports and lets the operator copy them for support."""

    def __init__(self, reports: list[Path], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("crashReportDialog")
        self.setWindowTitle(self.tr("Spoke Clinic closed unexpectedly"))
        self.resize(640, 420)
        intro = QLabel(
            self.tr(
                "Spoke Clinic closed unexpectedly last time. Your saved work is safe. "
                "This report contains no patient data; you can copy it for your support team."
            )
        )
        intro.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setPlainText(
            "\n\n".join(p.read_text(encoding="utf-8", errors="replace") for p in reports)
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = QPushButton(self.tr("Copy report"))
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.text.toPlainText()))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
