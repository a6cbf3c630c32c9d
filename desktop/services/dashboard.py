"""The spoke dashboard beside the operator's worklist: the day's figures (blocking: call
from an ``Operation``) and the consults behind each count (an audited read)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from desktop import paths
from desktop.core.consult import Status
from desktop.services.clinic import Clinic
from desktop.storage import dashboard
from desktop.storage.dashboard import SpokeDay
from desktop.storage.daybook import WorkItem

__all__ = ["DashboardService", "SpokeDashboard", "SpokeDay"]

# What a count opens: the states it counts, and whether it is limited to today or the month.
TODAY, MONTH, TO_PRINT = "today", "month", "to_print"


@dataclass(frozen=True)
class SpokeDashboard:
    day: SpokeDay
    storage_used: int  # bytes: the clinic database and the encrypted files
    storage_free: int  # bytes free on that disk


def _folder_size(folder: Path) -> int:
    total = 0
    for root, _dirs, files in os.walk(folder):
        for name in files:
            try:
                total += (Path(root) / name).stat().st_size
            except OSError:
                continue  # a file replaced meanwhile
    return total


class DashboardService:
    """``now`` is the clock (local time, aware); tests inject one."""

    def __init__(
        self,
        clinic: Clinic,
        now: Callable[[], datetime] = lambda: datetime.now().astimezone(),
    ) -> None:
        self._clinic = clinic
        self._now = now

    def _starts(self) -> tuple[datetime, datetime, datetime]:
        now = self._now()
        day = now.replace(hour=0, minute=0, second=0, microsecond=0)
        return now, day, day.replace(day=1)

    def load(self) -> SpokeDashboard:
        """The figures as of now (blocking)."""
        now, day, month = self._starts()
        figures = self._clinic.read(lambda s: dashboard.spoke_day(s, day, month, now))
        data = paths.get().data
        return SpokeDashboard(
            day=figures,
            storage_used=_folder_size(data),
            storage_free=shutil.disk_usage(data).free,
        )

    def behind(self, key: str, status: Status | None = None) -> Future[list[WorkItem]]:
        """The consults behind a count: ``today``/``month`` with a ``status``, or
        ``to_print`` (prescriptions received and not printed)."""
        _now, day, month = self._starts()
        actor = self._clinic.actor
        if key == TO_PRINT:
            return self._clinic.write(lambda s: dashboard.consults_behind(s, actor, to_print=True))
        statuses, since = [status or Status.DRAFT], (day if key == TODAY else month)
        return self._clinic.write(lambda s: dashboard.consults_behind(s, actor, statuses, since))
