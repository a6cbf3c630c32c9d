"""The review's history parser reads the hub's own history rows (protocol.schemas
HistoryConsult as JSON): its reading codes become the trend vitals."""

from __future__ import annotations

from datetime import UTC, datetime

from desktop.core.review_history import parse_history, trends
from protocol.schemas import HistoryConsult, VitalReading

AT = datetime(2026, 10, 1, 9, 30, tzinfo=UTC)


def test_the_hubs_reading_codes_become_trend_vitals() -> None:
    row = HistoryConsult(
        id="c1",
        date=AT,
        facility_id="f1",
        facility_name="HWC Kolar",
        specialty="general_medicine",
        status="completed",
        same_patient=True,
        complaints="cough",
        vitals=[
            VitalReading(code="bp_systolic", value=150, unit="mm[Hg]", time=AT),
            VitalReading(code="bp_diastolic", value=95, unit="mm[Hg]", time=AT),
            VitalReading(code="weight", value=61.5, unit="kg", time=AT),
            VitalReading(code="glucose", value=180, unit="mg/dL", time=AT),
            VitalReading(code="spo2", value=96, unit="%", time=AT),
        ],
        prescriptions=[],
    )
    (entry,) = parse_history([row.model_dump(mode="json")])
    assert entry.spoke == "HWC Kolar" and entry.complaints == "cough"
    series = trends((entry,))
    assert {name: [p.value for p in points] for name, points in series.items()} == {
        "systolic": [150.0],
        "diastolic": [95.0],
        "weight_kg": [61.5],
        "glucose_random": [180.0],
        "spo2": [96.0],
    }
