"""A patient's earlier consults as the hub lists them, and the vital-sign trends over them.

``parse_history`` reads ``GET /consults/{id}/history`` tolerantly: a list of earlier consults
(or an object holding one under ``history``/``consults``/``entries``/``items``), each with its
date, spoke, specialty, status, vitals observations ``{code, value, unit, time}``,
complaints text and prescriptions ``{content, signature}``. Unknown or malformed parts are
skipped, never raised. ``trends`` gives per-vital time series for the charts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from desktop.core.review import VITAL_NAMES, ConsultReview, VitalReading, reading

TREND_VITALS = ("systolic", "diastolic", "weight_kg", "glucose_random", "spo2")
_LIST_KEYS = ("history", "consults", "entries", "items", "results")
# The reading codes of the hub's history endpoint (protocol.schemas.VitalReading).
HUB_CODES = {
    "bp_systolic": "systolic",
    "bp_diastolic": "diastolic",
    "weight": "weight_kg",
    "glucose": "glucose_random",
}


@dataclass(frozen=True)
class PrescriptionSummary:
    medicines: tuple[str, ...] = ()
    advice: str = ""
    follow_up_days: int | None = None  # content v1
    signed: bool = False
    doctor: str = ""
    diagnosis: str = ""  # content v2 (protocol.schemas.PrescriptionContent)
    follow_up_date: str = ""  # content v2: ISO date


@dataclass(frozen=True)
class HistoryEntry:
    consult_id: str
    date: str  # ISO date-time as the hub sent it
    spoke: str = ""
    specialty: str = ""
    status: str = ""
    complaints: str = ""
    vitals: tuple[VitalReading, ...] = ()
    prescriptions: tuple[PrescriptionSummary, ...] = ()

    @property
    def when(self) -> datetime | None:
        return parse_time(self.date)


@dataclass(frozen=True)
class TrendPoint:
    at: datetime
    value: float
    current: bool = False  # the consult under review, not an earlier one


def parse_time(text: str) -> datetime | None:
    """An ISO date or date-time as an aware datetime (UTC when the text has no zone)."""
    if not text:
        return None
    try:
        at = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            day = date.fromisoformat(text[:10])
        except ValueError:
            return None
        at = datetime(day.year, day.month, day.day)
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def _first(row: dict[str, Any], *keys: str) -> Any:
    for key in keys:
        if row.get(key) not in (None, ""):
            return row[key]
    return None


def _s(value: Any) -> str:
    if isinstance(value, dict):
        value = _first(value, "name", "text", "display", "value")
    return value.strip() if isinstance(value, str) else ""


def _n(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if value == value and abs(value) != float("inf") else None
    if isinstance(value, str):
        try:
            return _n(float(value))
        except ValueError:
            return None
    return None


def vital_name(code: str) -> str:
    """The core.vitals name of a LOINC code or of a name already."""
    if code in VITAL_NAMES:
        return VITAL_NAMES[code]
    if code in HUB_CODES:
        return HUB_CODES[code]
    known = set(VITAL_NAMES.values())
    return code if code in known else ""


def _vitals(rows: Any, age: int | None, when: str) -> tuple[VitalReading, ...]:
    out: dict[str, VitalReading] = {}
    for row in rows if isinstance(rows, list) else []:
        if not isinstance(row, dict):
            continue
        parts = [row, *(c for c in row.get("component") or [] if isinstance(c, dict))]
        for part in parts:
            code = part.get("code")
            if isinstance(code, dict):  # a CodeableConcept
                codings = code.get("coding") or []
                code = next((c.get("code") for c in codings if isinstance(c, dict)), "")
            name = vital_name(_s(code) or _s(part.get("name")))
            value = _n(part.get("value"))
            if not name or value is None:
                continue
            out[name] = reading(name, value, _s(part.get("unit")), age, _s(row.get("time")) or when)
    return tuple(out.values())


def _medicine(med: Any) -> str:
    if isinstance(med, str):
        return med.strip()
    if not isinstance(med, dict):
        return ""
    name = " ".join(p for p in (_s(med.get("name")), _s(med.get("strength"))) if p)
    how = " ".join(p for p in (_s(med.get("dose")), _s(med.get("frequency"))) if p)
    days = _n(med.get("duration_days"))
    tail = ", ".join(p for p in (how, f"{int(days)} d" if days else "") if p)
    return f"{name} ({tail})" if name and tail else name


def _prescription(row: Any) -> PrescriptionSummary | None:
    if not isinstance(row, dict):
        return None
    inner = row.get("content")
    content: dict[str, Any] = inner if isinstance(inner, dict) else row
    meds = content.get("medications") or content.get("medicines") or []
    follow = _n(content.get("follow_up_days"))
    return PrescriptionSummary(
        medicines=tuple(m for x in (meds if isinstance(meds, list) else []) if (m := _medicine(x))),
        advice=_s(content.get("advice")),
        follow_up_days=int(follow) if follow is not None else None,
        signed=bool(_s(row.get("signature"))),
        doctor=_s(_first(row, "doctor", "doctor_name")) or _prescriber(content),
        diagnosis=_diagnosis(content),
        follow_up_date=_s(content.get("follow_up_date")),
    )


def _diagnosis(content: dict[str, Any]) -> str:
    value = content.get("diagnosis")
    return _s(value.get("text")) if isinstance(value, dict) else _s(value)


def _prescriber(content: dict[str, Any]) -> str:
    value = content.get("prescriber")
    return _s(value.get("name")) if isinstance(value, dict) else _s(value)


def _complaints(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(t for v in value if (t := _s(v)))
    return _s(value)


def history_entry(row: Any, age: int | None = None) -> HistoryEntry | None:
    """One earlier consult, or None when the row is not one."""
    if not isinstance(row, dict):
        return None
    when = _s(_first(row, "date", "completed_at", "created_at", "queued_at", "updated_at"))
    rx_rows = row.get("prescriptions")
    return HistoryEntry(
        consult_id=_s(_first(row, "consult_id", "id")),
        date=when,
        spoke=_s(_first(row, "spoke", "spoke_name", "facility_name", "facility")),
        specialty=_s(row.get("specialty")),
        status=_s(row.get("status")),
        complaints=_complaints(_first(row, "complaints", "complaint_text", "complaints_text")),
        vitals=_vitals(_first(row, "vitals", "observations"), age, when),
        prescriptions=tuple(
            p for r in (rx_rows if isinstance(rx_rows, list) else []) if (p := _prescription(r))
        ),
    )


def parse_history(body: Any, age: int | None = None) -> tuple[HistoryEntry, ...]:
    """Earlier consults, newest first (undated ones last)."""
    rows: Any = body
    if isinstance(body, dict):
        rows = next((body[k] for k in _LIST_KEYS if isinstance(body.get(k), list)), [])
    entries = [e for r in (rows if isinstance(rows, list) else []) if (e := history_entry(r, age))]
    floor = datetime.min.replace(tzinfo=UTC)
    return tuple(sorted(entries, key=lambda e: e.when or floor, reverse=True))


def trends(
    history: tuple[HistoryEntry, ...], current: ConsultReview | None = None
) -> dict[str, tuple[TrendPoint, ...]]:
    """Per trend vital, its points in time order: the earlier consults, then the current
    consult's reading (marked ``current``). Vitals with no point are left out."""
    series: dict[str, list[TrendPoint]] = {name: [] for name in TREND_VITALS}
    for entry in history:
        for v in entry.vitals:
            at = parse_time(v.time) or entry.when
            if v.name in series and at is not None:
                series[v.name].append(TrendPoint(at, v.value))
    if current is not None:
        now_at = parse_time(current.date)
        for v in current.vitals:
            at = parse_time(v.time) or now_at
            if v.name in series and at is not None:
                series[v.name].append(TrendPoint(at, v.value, current=True))
    return {
        name: tuple(sorted(points, key=lambda p: (p.at, p.current)))
        for name, points in series.items()
        if points
    }
