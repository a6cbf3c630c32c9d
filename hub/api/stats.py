"""Statistics endpoints (admin): per-state table as JSON or CSV, and breakdowns."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Response

from hub import stats
from hub.api import ERRORS
from hub.deps import DB, AdminOnly
from hub.schemas import CountRow, Instant, StateTableOut

router = APIRouter(prefix="/stats", tags=["statistics"], responses=ERRORS)


@router.get(
    "/states",
    response_model=StateTableOut,
    responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}}},
)
def states(
    session: DB,
    who: AdminOnly,
    since: Instant | None = None,
    until: Instant | None = None,
    format: Literal["json", "csv"] = "json",
) -> StateTableOut | Response:
    """Completed consultations per state: Sr No, State, Total, AB-HWC, OPD, INDIA row."""
    table = stats.by_state(session, since, until)
    if format == "csv":
        return Response(stats.state_csv(table), media_type="text/csv; charset=utf-8")
    return StateTableOut.model_validate(table)


@router.get("/{dimension}", response_model=list[CountRow])
def breakdown(
    session: DB,
    who: AdminOnly,
    dimension: Literal["days", "specialties", "facilities"],
    since: Instant | None = None,
    until: Instant | None = None,
) -> list[dict[str, object]]:
    """Completed consultations by day (UTC), specialty or facility, split by type."""
    fn = {"days": stats.by_day, "specialties": stats.by_specialty, "facilities": stats.by_facility}
    return fn[dimension](session, since, until)
