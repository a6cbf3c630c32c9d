"""The network report's figures as the hub's statistics API gives them (issue 17): the
per-state table in the shape of the public eSanjeevani reports, its drill-down rows, daily
counts by type and median waiting times. Plain data, parsed leniently from JSON."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

HEADER = ("sr_no", "state", "total", "ab_hwc", "opd")


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


@dataclass(frozen=True)
class StateRow:
    """One row: ``sr_no`` is None for the INDIA (or a scoped TOTAL) row."""

    sr_no: int | None
    state: str
    total: int
    ab_hwc: int
    opd: int

    @classmethod
    def of(cls, raw: Mapping[str, Any]) -> StateRow:
        sr = raw.get("sr_no")
        return cls(
            sr_no=None if sr in (None, "") else _int(sr),
            state=str(raw.get("state", "")),
            total=_int(raw.get("total")),
            ab_hwc=_int(raw.get("ab_hwc")),
            opd=_int(raw.get("opd")),
        )

    def cells(self) -> tuple[str, str, int, int, int]:
        """The CSV cells in the published report's column order."""
        return ("" if self.sr_no is None else str(self.sr_no), self.state, self.total,
                self.ab_hwc, self.opd)  # fmt: skip


@dataclass(frozen=True)
class StateTable:
    """The total row (INDIA, or TOTAL for a programme manager's scope) and the states."""

    top: StateRow
    rows: tuple[StateRow, ...]

    @classmethod
    def of(cls, raw: Mapping[str, Any]) -> StateTable:
        rows = raw.get("rows") or []
        return cls(StateRow.of(raw.get("india") or {}), tuple(StateRow.of(r) for r in rows))

    @property
    def whole_network(self) -> bool:
        return self.top.state == "INDIA"

    def biggest(self, n: int) -> tuple[StateRow, ...]:
        return self.rows[:n]


@dataclass(frozen=True)
class CountRow:
    """A drill-down or breakdown row: a district, a facility, a day or a specialty."""

    key: str
    hub_spoke: int
    doctor_patient: int

    @property
    def total(self) -> int:
        return self.hub_spoke + self.doctor_patient

    @classmethod
    def of(cls, raw: Mapping[str, Any]) -> CountRow:
        return cls(str(raw.get("key", "")), _int(raw.get("hub_spoke")),
                   _int(raw.get("doctor_patient")))  # fmt: skip


@dataclass(frozen=True)
class WaitRow:
    state: str
    median_wait_seconds: int
    consults: int

    @classmethod
    def of(cls, raw: Mapping[str, Any]) -> WaitRow:
        return cls(str(raw.get("state", "")), _int(raw.get("median_wait_seconds")),
                   _int(raw.get("consults")))  # fmt: skip


@dataclass(frozen=True)
class NetworkReport:
    """Everything the report page shows for one date range."""

    table: StateTable
    waits: tuple[WaitRow, ...]
    days: tuple[CountRow, ...]

    def wait_of(self, state: str) -> int | None:
        return next((w.median_wait_seconds for w in self.waits if w.state == state), None)


def count_rows(raw: Sequence[Mapping[str, Any]] | None) -> tuple[CountRow, ...]:
    return tuple(CountRow.of(r) for r in raw or [])


def wait_rows(raw: Sequence[Mapping[str, Any]] | None) -> tuple[WaitRow, ...]:
    return tuple(WaitRow.of(r) for r in raw or [])


@dataclass(frozen=True)
class DoctorDay:
    """The doctor's dashboard: the hub's ``GET /doctors/me/dashboard``."""

    queue_now: int
    offered_to_me: int
    in_progress: int
    done_today: int
    done_this_week: int
    median_duration_seconds: int | None
    declined_this_week: int
    follow_ups_due: tuple[str, ...]  # ISO dates, soonest first

    @classmethod
    def of(cls, raw: Mapping[str, Any]) -> DoctorDay:
        median = raw.get("median_duration_seconds")
        return cls(
            queue_now=_int(raw.get("queue_now")),
            offered_to_me=_int(raw.get("offered_to_me")),
            in_progress=_int(raw.get("in_progress")),
            done_today=_int(raw.get("done_today")),
            done_this_week=_int(raw.get("done_this_week")),
            median_duration_seconds=None if median is None else _int(median),
            declined_this_week=_int(raw.get("declined_this_week")),
            follow_ups_due=tuple(str(d) for d in raw.get("follow_ups_due") or []),
        )
