"""The doctor's day at a glance (issue 17): my queue now, offers and calls, consults done
today and this week, my median consult duration, declines this week, follow-ups of my
patients due. Figures from the hub, loaded off the UI thread; ``refresh`` is called when the
hub's queue changes (the queue watch's announcement), never by a timer.

Signals:
    open_queue(): the queue page (what the queue counts stand for).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.core.report import DoctorDay
from desktop.ui import i18n
from desktop.ui.failure_report import failure_text
from desktop.ui.reports.spoke_dashboard import span_text
from desktop.ui.tasks import Operation

KEYS = (
    "queue_now",
    "offered_to_me",
    "in_progress",
    "done_today",
    "done_this_week",
    "declined_this_week",
)


def utc_offset_minutes() -> int:
    """This PC's offset from UTC now, in minutes (India: 330)."""
    offset = dt.datetime.now().astimezone().utcoffset() or dt.timedelta(0)
    return int(offset.total_seconds() // 60)


class DoctorDashboardPanel(QFrame):
    open_queue = Signal()

    def __init__(self, load: Callable[[], DoctorDay], parent: QWidget | None = None) -> None:
        """``load`` fetches the figures (blocking; run off the UI thread)."""
        super().__init__(parent)
        self.setObjectName("doctorDashboard")
        self._load = load
        self._ticket = 0
        self.day: DoctorDay | None = None
        self.heading = QLabel()
        self.heading.setObjectName("sectionHeading")
        self.labels: dict[str, QLabel] = {}
        self.values: dict[str, QPushButton] = {}
        grid = QGridLayout()
        grid.setVerticalSpacing(2)
        for row, key in enumerate(KEYS):
            label, value = QLabel(), QPushButton("—")
            value.setObjectName(key)
            value.setFlat(True)
            value.setFixedSize(64, 24)
            if key in ("queue_now", "offered_to_me", "in_progress"):
                value.clicked.connect(self.open_queue)
            self.labels[key], self.values[key] = label, value
            grid.addWidget(label, row, 0)
            grid.addWidget(value, row, 1)
        grid.setColumnStretch(0, 1)
        self.duration, self.follow_ups, self.message = QLabel(), QLabel(), QLabel()
        for label in (self.duration, self.follow_ups, self.message):
            label.setWordWrap(True)
        self.message.setObjectName("errorLabel")
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.heading)
        layout.addLayout(grid)
        layout.addWidget(self.duration)
        layout.addWidget(self.follow_ups)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.retranslate()

    def refresh(self) -> Operation[DoctorDay]:
        """Fetch the figures again (the newest answer wins)."""
        self._ticket += 1
        ticket = self._ticket

        def shown(day: DoctorDay) -> None:
            if ticket == self._ticket:
                self.day = day
                self.message.hide()
                self.retranslate()

        def failed(exc: BaseException) -> None:
            if ticket == self._ticket:
                self.message.setText(failure_text(exc))
                self.message.show()

        return Operation(self._load).success(shown).failure(failed).run()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("My day"))
        titles = {
            "queue_now": self.tr("Waiting in my specialties"),
            "offered_to_me": self.tr("Offered to me"),
            "in_progress": self.tr("In progress"),
            "done_today": self.tr("Completed today"),
            "done_this_week": self.tr("Completed this week"),
            "declined_this_week": self.tr("Declined this week"),
        }
        for key in KEYS:
            self.labels[key].setText(titles[key])
            value = getattr(self.day, key) if self.day is not None else None
            self.values[key].setText("—" if value is None else i18n.format_number(value))
        median = self.day.median_duration_seconds if self.day is not None else None
        span = None if median is None else dt.timedelta(seconds=median)
        self.duration.setText(
            self.tr("Median consult duration this week: %1").replace("%1", span_text(span))
        )
        due = self.day.follow_ups_due if self.day is not None else ()
        if not due:
            self.follow_ups.setText(self.tr("No follow-ups of my patients due this week."))
        else:
            first = i18n.format_date(dt.date.fromisoformat(due[0]))
            self.follow_ups.setText(
                self.tr("Follow-ups of my patients due this week: %1 (next on %2)")
                .replace("%1", i18n.format_number(len(due)))
                .replace("%2", first)
            )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
