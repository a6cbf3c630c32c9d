"""The window shown the moment the app starts, before anything slow (loading the clinic's
screens, opening the encrypted records, a migration): the app's name, what it is doing and a
moving bar, so a clinic PC never looks as if nothing happened."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QLabel, QProgressBar, QVBoxLayout, QWidget

from desktop import APP_NAME

STEPS = ("loading", "opening")


class StartWindow(QWidget):
    """A small ordinary window (never on top: the set-up wizard or a refusal may open over
    it): title, the current step, a busy bar (no count is known)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("startWindow")
        self.title = QLabel()
        self.title.setObjectName("pageHeading")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.step_label = QLabel()
        self.step_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.step_label.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # busy: the work reports no counts
        self.bar.setTextVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(self.title)
        layout.addWidget(self.step_label)
        layout.addWidget(self.bar)
        self.setFixedSize(460, 170)
        self.step = "loading"
        self.retranslate()

    def show_step(self, step: str) -> None:
        """Show ``step`` (one of STEPS) and paint it now: the next work may hold the thread."""
        self.step = step
        self.retranslate()
        if not self.isVisible():
            self.show()
        self.raise_()
        self.repaint()
        QCoreApplication.processEvents()  # once, so the window is on screen before the work

    def retranslate(self) -> None:
        texts = {
            "loading": self.tr("Starting…"),
            "opening": self.tr("Opening the clinic's records…"),
        }
        self.step_label.setText(texts.get(self.step, ""))
        self.title.setText(self.tr("Spoke Clinic"))
        self.setWindowTitle(APP_NAME)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
