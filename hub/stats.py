"""Consultation statistics, including the per-state table of the public eSanjeevani reports.

Counted: completed consults. "AB-HWC" is hub-and-spoke (consult_type hub_spoke), "OPD" is
doctor-to-patient. Rows are sorted by total (largest first) and numbered; the INDIA row
(sr_no empty) comes first, as in the published CSV.

Every query takes a ``Scope``: ``None`` for everything (admins), else the (state, district)
pairs a programme manager may see (district "" = the whole state). A scoped table's first row
is the total of what the scope covers, named "TOTAL" rather than "INDIA".
"""

from __future__ import annotations

import csv
import io
import statistics
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, false, func, or_, select, true
from sqlalchemy.orm import Session

from hub.models import Consult, Facility


def indian_grouping(n: int) -> str:
    """12345678 -> "1,23,45,678" (lakh and crore grouping: 3 digits, then pairs)."""
    sign, digits = ("-", str(-n)) if n < 0 else ("", str(n))
    if len(digits) <= 3:
        return sign + digits
    head, tail = digits[:-3], digits[-3:]
    pairs: list[str] = []
    while len(head) > 2:
        pairs.insert(0, head[-2:])
        head = head[:-2]
    return sign + ",".join([head, *pairs, tail])


Scope = tuple[tuple[str, str], ...] | None


def scope_of(role: str, stat_scope: list[Any] | None) -> Scope:
    """What an account may count: everything for an admin, else its assigned units."""
    if role == "admin":
        return None
    return tuple((str(u.get("state", "")), str(u.get("district", ""))) for u in stat_scope or [])


def covers(scope: Scope, state: str, district: str = "") -> bool:
    """Whether ``scope`` sees anything of ``state`` (and of ``district`` when one is given)."""
    if scope is None:
        return True
    return any(s == state and (not d or not district or d == district) for s, d in scope)


def _scoped(scope: Scope, state: str | None = None, district: str | None = None) -> Any:
    """The condition on Facility for ``scope``, narrowed to ``state``/``district``."""
    cond: Any = true()
    if scope is not None:
        units = [
            and_(Facility.state == s, Facility.district == d) if d else Facility.state == s
            for s, d in scope
        ]
        cond = or_(*units) if units else false()
    if state is not None:
        cond = and_(cond, Facility.state == state)
    if district is not None:
        cond = and_(cond, Facility.district == district)
    return cond


def _completed(since: datetime | None, until: datetime | None) -> Any:
    cond = Consult.status == "completed"
    if since is not None:
        cond = cond & (Consult.completed_at >= since)
    if until is not None:
        cond = cond & (Consult.completed_at < until)
    return cond


def _row(sr: int | None, state: str, ab_hwc: int, opd: int) -> dict[str, Any]:
    total = ab_hwc + opd
    return {
        "sr_no": sr,
        "state": state,
        "total": total,
        "ab_hwc": ab_hwc,
        "opd": opd,
        "total_display": indian_grouping(total),
    }


def by_state(
    session: Session,
    since: datetime | None = None,
    until: datetime | None = None,
    scope: Scope = None,
) -> dict[str, Any]:
    """{"india": row, "rows": [row, ...]} with rows ordered by total, largest first."""
    query = (
        select(Facility.state, Consult.consult_type, func.count())
        .join(Facility, Facility.id == Consult.facility_id)
        .where(_completed(since, until), _scoped(scope))
        .group_by(Facility.state, Consult.consult_type)
    )
    counts: dict[str, dict[str, int]] = {}
    for state, ctype, n in session.execute(query):
        counts.setdefault(state, {"hub_spoke": 0, "doctor_patient": 0})[ctype] = int(n)
    ordered = sorted(counts.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    rows = [
        _row(i, state, c["hub_spoke"], c["doctor_patient"])
        for i, (state, c) in enumerate(ordered, start=1)
    ]
    top = "INDIA" if scope is None else "TOTAL"
    india = _row(None, top, sum(r["ab_hwc"] for r in rows), sum(r["opd"] for r in rows))
    return {"india": india, "rows": rows}


def state_csv(table: dict[str, Any]) -> str:
    """CSV in the column order of the published report, plus total_display."""
    out = io.StringIO()
    fields = ["sr_no", "state", "total", "ab_hwc", "opd", "total_display"]
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for row in [table["india"], *table["rows"]]:
        writer.writerow({**row, "sr_no": "" if row["sr_no"] is None else row["sr_no"]})
    return out.getvalue()


def _grouped(
    session: Session,
    key: Any,
    since: datetime | None,
    until: datetime | None,
    where: Any,
    by_total: bool = False,
) -> list[dict[str, Any]]:
    query: Select[Any] = (
        select(key, Consult.consult_type, func.count())
        .join(Facility, Facility.id == Consult.facility_id)
        .where(_completed(since, until), where)
        .group_by(key, Consult.consult_type)
    )
    acc: dict[str, dict[str, int]] = {}
    for k, ctype, n in session.execute(query):
        acc.setdefault(str(k), {"hub_spoke": 0, "doctor_patient": 0})[ctype] = int(n)
    rows: list[dict[str, Any]] = [
        {"key": k, **v, "total": v["hub_spoke"] + v["doctor_patient"]}
        for k, v in sorted(acc.items())
    ]
    if by_total:
        rows.sort(key=lambda r: -int(r["total"]))  # stable: ties keep the name order
    return rows


def _text() -> Any:
    from sqlalchemy import String

    return String()


def by_day(
    session: Session,
    since: datetime | None,
    until: datetime | None,
    scope: Scope = None,
    state: str | None = None,
    district: str | None = None,
) -> list[dict[str, Any]]:
    """Completed consults per day (UTC), by type: the time series of the network report."""
    day = func.substr(func.cast(Consult.completed_at, _text()), 1, 10)
    return _grouped(session, day, since, until, _scoped(scope, state, district))


def by_specialty(
    session: Session,
    since: datetime | None,
    until: datetime | None,
    scope: Scope = None,
    state: str | None = None,
    district: str | None = None,
) -> list[dict[str, Any]]:
    return _grouped(session, Consult.specialty, since, until, _scoped(scope, state, district))


def by_facility(
    session: Session,
    since: datetime | None,
    until: datetime | None,
    scope: Scope = None,
    state: str | None = None,
    district: str | None = None,
) -> list[dict[str, Any]]:
    """Per facility (spoke), largest first: the last step of the drill-down."""
    return _grouped(
        session, Facility.name, since, until, _scoped(scope, state, district), by_total=True
    )


def by_district(
    session: Session,
    since: datetime | None,
    until: datetime | None,
    scope: Scope,
    state: str,
) -> list[dict[str, Any]]:
    """Per district of ``state``, largest first: the first step of the drill-down."""
    return _grouped(session, Facility.district, since, until, _scoped(scope, state), by_total=True)


def median_wait_by_state(
    session: Session, since: datetime | None, until: datetime | None, scope: Scope = None
) -> list[dict[str, Any]]:
    """Median wait from queued to accepted (seconds) of completed consults, per state."""
    cond = and_(
        _completed(since, until),
        _scoped(scope),
        Consult.queued_at.is_not(None),
        Consult.accepted_at.is_not(None),
    )
    joined = (Facility, Facility.id == Consult.facility_id)
    if session.get_bind().dialect.name == "postgresql":
        seconds = func.extract("epoch", Consult.accepted_at - Consult.queued_at)
        median = func.percentile_cont(0.5).within_group(seconds)
        query = (
            select(Facility.state, median, func.count())
            .join(*joined)
            .where(cond)
            .group_by(Facility.state)
        )
        rows = [(st, float(m or 0), int(n)) for st, m, n in session.execute(query)]
    else:  # the embedded hub (SQLite has no percentile): its numbers are small
        waited = select(Facility.state, Consult.queued_at, Consult.accepted_at).join(*joined)
        waits: dict[str, list[float]] = {}
        for st, queued, accepted in session.execute(waited.where(cond)):
            waits.setdefault(st, []).append((accepted - queued).total_seconds())
        rows = [(st, statistics.median(w), len(w)) for st, w in waits.items()]
    return [
        {"state": st, "median_wait_seconds": round(m), "consults": n}
        for st, m, n in sorted(rows, key=lambda r: r[0])
    ]
