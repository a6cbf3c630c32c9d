"""The spoke's day at a glance, beside the operator's worklist: consults today and this
month by state, median time from "ready" to a doctor and to the prescription, prescriptions
to print, items waiting to sync (and the oldest one's age), storage used and free. Every
count is a button that opens the list behind it.

Signals:
    open_list(str, str): ``today``/``month`` and a state, or ``to_print`` and "".
    open_sync(): the sync page (what is waiting).
    open_follow_ups(): the prescriptions page (its list of follow-ups due).
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.ui import i18n
from desktop.ui.sync.messages import size_text
from desktop.ui.worklist_model import state_text

if TYPE_CHECKING:
    from desktop.services.dashboard import SpokeDashboard

# The states a count is shown for, in the order of a consult's life.
STATES = ("draft", "ready", "with_hub", "assigned", "in_progress", "prescribed", "closed")


def span_text(span: timedelta | None) -> str:
    """A duration as the dashboard says it: "—" when there is none yet."""
    if span is None:
        return "—"
    minutes = int(span.total_seconds() // 60)
    if minutes < 60:
        text = QCoreApplication.translate("SpokeDashboard", "%1 min")
        return text.replace("%1", i18n.format_number(minutes))
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return (
            QCoreApplication.translate("SpokeDashboard", "%1 h %2 min")
            .replace("%1", i18n.format_number(hours))
            .replace("%2", i18n.format_number(minutes))
        )
    text = QCoreApplication.translate("SpokeDashboard", "%1 days")
    return text.replace("%1", i18n.format_number(hours // 24))


def _count_button(object_name: str) -> QPushButton:
    button = QPushButton("0")
    button.setObjectName(object_name)
    button.setFlat(True)
    button.setProperty("role", "dashboardCount")
    button.setFixedSize(64, 24)  # compact: the panel fits beside the worklist at 1366x768
    return button


class SpokeDashboardPanel(QFrame):
    open_list = Signal(str, str)
    open_sync = Signal()
    open_follow_ups = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("spokeDashboard")
        self.setFixedWidth(400)  # beside the worklist, which takes the rest
        self.figures: SpokeDashboard | None = None
        self.heading = QLabel()
        self.heading.setObjectName("sectionHeading")
        self.today_title, self.month_title = QLabel(), QLabel()
        self.state_labels: dict[str, QLabel] = {}
        self.today: dict[str, QPushButton] = {}
        self.month: dict[str, QPushButton] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(1)
        grid.addWidget(self.today_title, 0, 1)
        grid.addWidget(self.month_title, 0, 2)
        for row, state in enumerate(STATES, start=1):
            label = QLabel()
            label.setWordWrap(True)
            self.state_labels[state] = label
            today, month = _count_button(f"today-{state}"), _count_button(f"month-{state}")
            today.clicked.connect(lambda _=False, s=state: self.open_list.emit("today", s))
            month.clicked.connect(lambda _=False, s=state: self.open_list.emit("month", s))
            self.today[state], self.month[state] = today, month
            grid.addWidget(label, row, 0)
            grid.addWidget(today, row, 1)
            grid.addWidget(month, row, 2)
        grid.setColumnStretch(0, 1)

        self.to_print = _count_button("to-print")
        self.to_print.clicked.connect(lambda: self.open_list.emit("to_print", ""))
        self.to_print_label = QLabel()
        self.follow_ups = _count_button("follow-ups-due")
        self.follow_ups.clicked.connect(self.open_follow_ups)
        self.follow_ups_label = QLabel()
        self.waiting = _count_button("waiting-to-sync")
        self.waiting.clicked.connect(self.open_sync)
        self.waiting_label = QLabel()
        self.waiting_label.setWordWrap(True)
        self.to_doctor, self.to_prescription, self.storage = QLabel(), QLabel(), QLabel()
        for label in (self.to_doctor, self.to_prescription, self.storage):
            label.setWordWrap(True)
        more = QGridLayout()
        more.addWidget(self.to_print_label, 0, 0)
        more.addWidget(self.to_print, 0, 1)
        more.addWidget(self.follow_ups_label, 1, 0)
        more.addWidget(self.follow_ups, 1, 1)
        more.addWidget(self.waiting_label, 2, 0)
        more.addWidget(self.waiting, 2, 1)
        more.setColumnStretch(0, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.heading)
        layout.addLayout(grid)
        layout.addSpacing(6)
        layout.addLayout(more)
        layout.addWidget(self.to_doctor)
        layout.addWidget(self.to_prescription)
        layout.addWidget(self.storage)
        layout.addStretch(1)
        self.retranslate()

    def show_figures(self, figures: SpokeDashboard) -> None:
        """Figures from a fresh storage read (``DashboardService.load``)."""
        self.figures = figures
        self.retranslate()

    def count(self, column: str, state: str) -> int:
        """What a count shows, as a number (for tests and accessibility)."""
        if self.figures is None:
            return 0
        counts = self.figures.day.today if column == "today" else self.figures.day.month
        return sum(n for s, n in counts.items() if s.value == state)

    def retranslate(self) -> None:
        self.heading.setText(self.tr("At a glance"))
        self.today_title.setText(self.tr("Today"))
        self.month_title.setText(self.tr("This month"))
        for state, label in self.state_labels.items():
            label.setText(state_text(state) if state != "closed" else self.tr("Closed"))
            self.today[state].setText(i18n.format_number(self.count("today", state)))
            self.month[state].setText(i18n.format_number(self.count("month", state)))
        day = self.figures.day if self.figures is not None else None
        self.to_print_label.setText(self.tr("Prescriptions to print"))
        self.to_print.setText(i18n.format_number(day.to_print if day else 0))
        self.follow_ups_label.setText(self.tr("Follow-ups due today"))
        self.follow_ups.setText(i18n.format_number(day.follow_ups_due if day else 0))
        waiting = day.waiting_to_sync if day else 0
        oldest = span_text(day.oldest_waiting) if day and waiting else "—"
        self.waiting_label.setText(self.tr("Waiting to be sent (oldest: %1)").replace("%1", oldest))
        self.waiting.setText(i18n.format_number(waiting))
        self.to_doctor.setText(
            self.tr("Median time from ready to a doctor: %1").replace(
                "%1", span_text(day.to_doctor if day else None)
            )
        )
        self.to_prescription.setText(
            self.tr("Median time from ready to the prescription: %1").replace(
                "%1", span_text(day.to_prescription if day else None)
            )
        )
        if self.figures is None:
            self.storage.setText(self.tr("Storage: —"))
        else:
            self.storage.setText(
                self.tr("Storage: %1 used, %2 free")
                .replace("%1", size_text(self.figures.storage_used))
                .replace("%2", size_text(self.figures.storage_free))
            )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
