"""The doctor's Home: the day at a glance (offered to you, in progress, waiting to claim)."""

from __future__ import annotations

from desktop.services.doctor import QueueItem
from desktop.ui.home_page import HomePage


class DoctorHomePage(HomePage):
    """``show_day(items)`` with a fresh queue read; no spoke worklist."""

    def __init__(self, name: str = "") -> None:
        super().__init__()
        self._name = name
        self._counts = (0, 0, 0)
        self.worklist.hide()
        self.retranslate()

    def show_day(self, items: list[QueueItem]) -> None:
        offered = sum(1 for i in items if i.offered)
        in_progress = sum(1 for i in items if i.status == "in_progress")
        waiting = sum(1 for i in items if i.status == "queued")
        self._counts = (offered, in_progress, waiting)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        if not hasattr(self, "_counts"):
            return
        self.heading.setText(self.tr("Your day at the hub"))
        self.subtitle.setText(
            (self._name + "\n" if self._name else "")
            + self.tr(
                "Consultations from the spokes come to your queue. Go online to receive them."
            )
        )
        offered, in_progress, waiting = self._counts
        self.worklist_heading.setText(self.tr("Today's work"))
        self.worklist_empty.setText(
            self.tr("Offered to you: %1 · In progress: %2 · Waiting to be claimed: %3")
            .replace("%1", str(offered))
            .replace("%2", str(in_progress))
            .replace("%3", str(waiting))
        )
        self.worklist_empty.show()
