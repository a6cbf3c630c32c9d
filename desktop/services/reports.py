"""The network report for programme managers and admins: figures from the hub's statistics
API, the drill-down, and the CSV export. Blocking calls (network, file): run them from an
``Operation``. A range is loaded as one piece of work that can be cancelled between calls."""

from __future__ import annotations

import csv
import io
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from desktop.core.report import HEADER, CountRow, NetworkReport, StateTable
from desktop.sync.stats_api import StatsApi

__all__ = ["Cancelled", "NetworkReportService", "state_csv"]


class Cancelled(Exception):
    """The user cancelled the loading of a report."""


def state_csv(table: StateTable) -> str:
    """The table as CSV in the published report's columns, the total row first."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for row in (table.top, *table.rows):
        writer.writerow(row.cells())
    return out.getvalue()


class NetworkReportService:
    """``api`` gives the statistics client of the signed-in account (None when signed out)."""

    def __init__(self, api: Callable[[], StatsApi]) -> None:
        self._api = api

    def load(
        self,
        since: datetime | None,
        until: datetime | None,
        cancel: threading.Event | None = None,
    ) -> NetworkReport:
        """The report of a range; ``cancel`` set meanwhile raises ``Cancelled``."""
        if cancel is not None and cancel.is_set():
            raise Cancelled
        report = self._api().report(since, until)
        if cancel is not None and cancel.is_set():
            raise Cancelled
        return report

    def districts(
        self, state: str, since: datetime | None, until: datetime | None
    ) -> tuple[CountRow, ...]:
        return self._api().districts(state, since, until)

    def facilities(
        self, state: str, district: str, since: datetime | None, until: datetime | None
    ) -> tuple[CountRow, ...]:
        return self._api().facilities(state, district, since, until)

    @staticmethod
    def export_csv(table: StateTable, path: Path) -> None:
        """Write the table as CSV (UTF-8 with a BOM, so spreadsheet programs read the
        Devanagari of state names right)."""
        path.write_text(state_csv(table), encoding="utf-8-sig")
