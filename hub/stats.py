"""Consultation statistics, including the per-state table of the public eSanjeevani reports.

Counted: completed consults. "AB-HWC" is hub-and-spoke (consult_type hub_spoke), "OPD" is
doctor-to-patient. Rows are sorted by total (largest first) and numbered; the INDIA row
(sr_no empty) comes first, as in the published CSV.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select
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
    session: Session, since: datetime | None = None, until: datetime | None = None
) -> dict[str, Any]:
    """{"india": row, "rows": [row, ...]} with rows ordered by total, largest first."""
    query = (
        select(Facility.state, Consult.consult_type, func.count())
        .join(Facility, Facility.id == Consult.facility_id)
        .where(_completed(since, until))
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
    india = _row(None, "INDIA", sum(r["ab_hwc"] for r in rows), sum(r["opd"] for r in rows))
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
    session: Session, key: Any, since: datetime | None, until: datetime | None, join: Any = None
) -> list[dict[str, Any]]:
    query: Select[Any] = select(key, Consult.consult_type, func.count()).where(
        _completed(since, until)
    )
    if join is not None:
        query = query.join(*join)
    query = query.group_by(key, Consult.consult_type)
    acc: dict[str, dict[str, int]] = {}
    for k, ctype, n in session.execute(query):
        acc.setdefault(str(k), {"hub_spoke": 0, "doctor_patient": 0})[ctype] = int(n)
    return [
        {"key": k, **v, "total": v["hub_spoke"] + v["doctor_patient"]}
        for k, v in sorted(acc.items())
    ]


def by_day(
    session: Session, since: datetime | None, until: datetime | None
) -> list[dict[str, Any]]:
    day = func.substr(func.cast(Consult.completed_at, _text()), 1, 10)
    return _grouped(session, day, since, until)


def _text() -> Any:
    from sqlalchemy import String

    return String()


def by_specialty(
    session: Session, since: datetime | None, until: datetime | None
) -> list[dict[str, Any]]:
    return _grouped(session, Consult.specialty, since, until)


def by_facility(
    session: Session, since: datetime | None, until: datetime | None
) -> list[dict[str, Any]]:
    return _grouped(
        session, Facility.name, since, until, join=(Facility, Facility.id == Consult.facility_id)
    )
