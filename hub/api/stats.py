"""Statistics endpoints: the per-state table as JSON or CSV, its drill-down (state ->
district -> facility), breakdowns by day, specialty and facility, and waiting times.

Admins see the whole network; a programme manager sees the states or districts assigned to
the account (a state outside them answers 403, a district outside them is simply not
counted); every other role gets 403. Only counts leave: no patient data.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Path, Query, Response

from hub import stats
from hub.api import ERRORS
from hub.deps import DB, Principal, StatsReader
from hub.schemas import CountRow, Instant, StateTableOut, WaitRow

router = APIRouter(prefix="/stats", tags=["statistics"], responses=ERRORS)

Place = Annotated[str, Path(min_length=1, max_length=80)]
PlaceFilter = Annotated[str | None, Query(min_length=1, max_length=80)]


def _scope(who: Principal) -> stats.Scope:
    return stats.scope_of(who.role, who.user.stat_scope)


def _allowed(scope: stats.Scope, state: str | None, district: str | None = None) -> None:
    if state is None:  # a district alone narrows what the scope covers anyway
        return
    if not stats.covers(scope, state, district or ""):
        raise HTTPException(403, "outside the statistics assigned to this account")


@router.get(
    "/states",
    response_model=StateTableOut,
    responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}}},
)
def states(
    session: DB,
    who: StatsReader,
    since: Instant | None = None,
    until: Instant | None = None,
    format: Literal["json", "csv"] = "json",
) -> StateTableOut | Response:
    """Completed consultations per state: Sr No, State, Total, AB-HWC, OPD, INDIA row."""
    table = stats.by_state(session, since, until, _scope(who))
    if format == "csv":
        return Response(stats.state_csv(table), media_type="text/csv; charset=utf-8")
    return StateTableOut.model_validate(table)


@router.get("/states/{state}/districts", response_model=list[CountRow])
def districts(
    session: DB,
    who: StatsReader,
    state: Place,
    since: Instant | None = None,
    until: Instant | None = None,
) -> list[dict[str, object]]:
    """The state's completed consultations per district, largest first."""
    scope = _scope(who)
    _allowed(scope, state)
    return stats.by_district(session, since, until, scope, state)


@router.get("/states/{state}/districts/{district}/facilities", response_model=list[CountRow])
def facilities(
    session: DB,
    who: StatsReader,
    state: Place,
    district: Place,
    since: Instant | None = None,
    until: Instant | None = None,
) -> list[dict[str, object]]:
    """The district's completed consultations per facility, largest first."""
    scope = _scope(who)
    _allowed(scope, state, district)
    return stats.by_facility(session, since, until, scope, state, district)


@router.get("/waiting", response_model=list[WaitRow])
def waiting(
    session: DB,
    who: StatsReader,
    since: Instant | None = None,
    until: Instant | None = None,
) -> list[dict[str, object]]:
    """Median time from queued to accepted, per state, of consults completed in the range."""
    return stats.median_wait_by_state(session, since, until, _scope(who))


@router.get("/{dimension}", response_model=list[CountRow])
def breakdown(
    session: DB,
    who: StatsReader,
    dimension: Literal["days", "specialties", "facilities"],
    since: Instant | None = None,
    until: Instant | None = None,
    state: PlaceFilter = None,
    district: PlaceFilter = None,
) -> list[dict[str, object]]:
    """Completed consultations by day (UTC), specialty or facility, split by type."""
    scope = _scope(who)
    _allowed(scope, state, district)
    fn = {"days": stats.by_day, "specialties": stats.by_specialty, "facilities": stats.by_facility}
    return fn[dimension](session, since, until, scope, state, district)
