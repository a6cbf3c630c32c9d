"""The hub's statistics API for the network report (admins and programme managers): the
per-state table, its drill-down, daily counts by type and median waits. Worker threads only;
what the hub refuses arrives as the usual ``SyncError`` (a state outside the account's scope
is a ``RejectedError`` with status 403)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import quote

from desktop.core.report import (
    CountRow,
    DoctorDay,
    NetworkReport,
    StateTable,
    count_rows,
    wait_rows,
)
from desktop.sync.client import HubClient


def _window(since: datetime | None, until: datetime | None) -> dict[str, str]:
    params = {}
    if since is not None:
        params["since"] = since.isoformat()
    if until is not None:
        params["until"] = until.isoformat()
    return params


class StatsApi:
    """Statistics calls over one signed-in ``HubClient``."""

    def __init__(self, client: HubClient) -> None:
        self.client = client

    def _get(self, path: str, **params: Any) -> Any:
        return self.client.call("GET", path, params={k: v for k, v in params.items() if v})

    def report(self, since: datetime | None, until: datetime | None) -> NetworkReport:
        """The table, the waits and the daily series for one range (three calls)."""
        window = _window(since, until)
        return NetworkReport(
            table=StateTable.of(self._get("/stats/states", **window) or {}),
            waits=wait_rows(self._get("/stats/waiting", **window)),
            days=count_rows(self._get("/stats/days", **window)),
        )

    def districts(
        self, state: str, since: datetime | None, until: datetime | None
    ) -> tuple[CountRow, ...]:
        path = f"/stats/states/{quote(state, safe='')}/districts"
        return count_rows(self._get(path, **_window(since, until)))

    def facilities(
        self, state: str, district: str, since: datetime | None, until: datetime | None
    ) -> tuple[CountRow, ...]:
        path = (
            f"/stats/states/{quote(state, safe='')}/districts/{quote(district, safe='')}/facilities"
        )
        return count_rows(self._get(path, **_window(since, until)))

    def doctor_day(self, utc_offset_minutes: int) -> DoctorDay:
        """The signed-in doctor's own figures (``utc_offset_minutes``: the PC's time zone,
        so "today" and "this week" are the doctor's)."""
        raw = self.client.call(
            "GET", "/doctors/me/dashboard", params={"utc_offset_minutes": utc_offset_minutes}
        )
        return DoctorDay.of(raw or {})

    def state_csv(self, since: datetime | None, until: datetime | None) -> str:
        """The hub's own CSV of the table (the published report's columns)."""
        response = self.client.send(
            "GET", "/api/v1/stats/states", params={**_window(since, until), "format": "csv"}
        )
        return response.text
