"""The doctor's history read (``hub.history.earlier_consults``) over 1 lakh patients, each
with an ABHA number, three records of the same person at three spokes: ours (the indexed
``patients.abha_key`` lookup) vs the text search of every patient's FHIR JSON the hub did
before migration 0011, same database, same run, median of ``--repeat`` alternating rounds.

    .venv/bin/python bench/history_abha.py [--patients 100000] [--repeat 7] [--postgres]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import Text, cast, insert, or_, select  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from hub import history  # noqa: E402
from hub.abha import ABHA_SYSTEM, abha_key, abha_number  # noqa: E402
from hub.db import make_engine, make_sessionmaker, migrate  # noqa: E402
from hub.models import Consult, Facility, Patient  # noqa: E402
from hub.pgtemp import TempPostgres  # noqa: E402

NOW = datetime(2026, 12, 5, 9, tzinfo=UTC)
TARGET = "91234567890123"


def text_search(session: Session, patient: Patient) -> list[str]:
    """The query before the index (kept here as the reference): every patient's JSON read as
    text for the digits, then each hit parsed."""
    digits = abha_number(patient.resource or {})
    if digits is None:
        return []
    formatted = f"{digits[:2]}-{digits[2:6]}-{digits[6:10]}-{digits[10:]}"
    text = cast(Patient.resource, Text)
    rows = session.execute(
        select(Patient.id, Patient.resource).where(
            Patient.id != patient.id, or_(text.contains(digits), text.contains(formatted))
        )
    )
    return [pid for pid, resource in rows if abha_number(resource or {}) == digits]


def _resource(pid: str, abha: str, i: int) -> dict[str, Any]:
    value = f"{abha[:2]}-{abha[2:6]}-{abha[6:10]}-{abha[10:]}" if i % 2 else abha
    return {
        "resourceType": "Patient",
        "id": pid,
        "name": [{"given": [f"Given{i}"], "family": "Kumar"}],
        "gender": "female" if i % 2 else "male",
        "birthDate": f"{1950 + i % 60}-0{1 + i % 9}-1{i % 9}",
        "identifier": [{"system": ABHA_SYSTEM, "value": value}],
    }


def seed(url: str, patients: int) -> str:
    """``patients`` patients (three records of TARGET at three spokes), a consult for each
    of those three; returns the id of the newest (whose history is read)."""
    engine = make_engine(url)
    migrate(engine)
    spokes = [str(uuid.uuid4()) for _ in range(3)]
    hub = str(uuid.uuid4())
    with engine.begin() as conn:
        conn.execute(
            insert(Facility),
            [{"id": hub, "kind": "hub", "name": "Hub", "state": "MP", "created_at": NOW}]
            + [
                {
                    "id": s,
                    "kind": "spoke",
                    "name": f"HWC {n}",
                    "state": "MP",
                    "hub_id": hub,
                    "created_at": NOW,
                }
                for n, s in enumerate(spokes)
            ],
        )
        same: list[str] = []
        batch: list[dict[str, Any]] = []
        for i in range(patients):
            pid = str(uuid.uuid4())
            abha = TARGET if i in (10, patients // 2, patients - 10) else f"{10**13 + i:014d}"
            if abha == TARGET:
                same.append(pid)
            resource = _resource(pid, abha, i)
            batch.append(
                {
                    "id": pid,
                    "facility_id": spokes[len(same) % 3],
                    "resource": resource,
                    "payload_sha256": "x",
                    "version": 1,
                    "created_at": NOW,
                    "updated_at": NOW,
                    "abha_key": abha_key(resource),
                }
            )
            if len(batch) == 5000:
                conn.execute(insert(Patient), batch)
                batch = []
        if batch:
            conn.execute(insert(Patient), batch)
        consults = []
        for n, pid in enumerate(same):
            at = NOW - timedelta(days=30 * (3 - n))
            consults.append(
                {
                    "id": str(uuid.uuid4()),
                    "facility_id": spokes[n],
                    "hub_id": hub,
                    "patient_id": pid,
                    "specialty": "general_medicine",
                    "priority": 0,
                    "mode": "video",
                    "consult_type": "hub_spoke",
                    "resources": [],
                    "payload_sha256": "x",
                    "version": 1,
                    "finalized": True,
                    "status": "completed",
                    "declined_by": [],
                    "queued_at": at,
                    "created_at": at,
                    "updated_at": at,
                }
            )
        conn.execute(insert(Consult), consults)
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.exec_driver_sql("ANALYZE")
    engine.dispose()
    return str(consults[-1]["id"])


def timed(url: str, consult_id: str, repeat: int, reference: bool) -> tuple[float, list[str]]:
    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    original = history._abha_patients
    if reference:
        history._abha_patients = text_search  # type: ignore[assignment]
    try:
        times: list[float] = []
        found: list[str] = []
        for _ in range(repeat):
            with sessions() as s:
                consult = s.get(Consult, consult_id)
                assert consult is not None
                start = time.perf_counter()
                found = [c.id for c in history.earlier_consults(s, consult, 20)]
                times.append(time.perf_counter() - start)
        return statistics.median(times), found
    finally:
        history._abha_patients = original  # type: ignore[assignment]
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--patients", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()
    pg: TempPostgres | None = None
    with tempfile.TemporaryDirectory() as tmp:
        if args.postgres:
            pg = TempPostgres()
            pg.start()
            url = pg.create_database("bench_history")
        else:
            url = f"sqlite:///{Path(tmp) / 'hub.db'}"
        try:
            started = time.perf_counter()
            consult_id = seed(url, args.patients)
            print(f"seeded {args.patients} patients in {time.perf_counter() - started:.1f} s")
            run: Callable[[bool], tuple[float, list[str]]] = lambda ref: timed(  # noqa: E731
                url, consult_id, args.repeat, ref
            )
            ours, found = run(False)
            ref, ref_found = run(True)
            ours2, _ = run(False)
            ref2, _ = run(True)
            assert found == ref_found and len(found) == 2, (found, ref_found)
            ours, ref = min(ours, ours2), min(ref, ref2)
        finally:
            if pg is not None:
                pg.stop()
    db = "PostgreSQL" if args.postgres else "SQLite"
    print(f"{db}: history read {ours * 1000:.2f} ms (index) vs {ref * 1000:.2f} ms (text search)")
    print(
        json.dumps(
            {
                "metric": f"history read by ABHA, {args.patients} patients, {db}",
                "unit": "ms",
                "ours": round(ours * 1000, 2),
                "reference": round(ref * 1000, 2),
                "reference_name": "text search of the patients' FHIR JSON (before 0011)",
                "ratio": round(ref / ours, 2),
            }
        )
    )


if __name__ == "__main__":
    main()
