"""The network report's per-state table over 10 lakh consults on PostgreSQL (issue 17).

Seeds a temporary PostgreSQL with synthetic completed consults spread over the states of the
18-10-2021 eSanjeevani report (in its proportions, 5 districts each), then times, in the same
run: the hub's ``GET /api/v1/stats/states`` (as an admin and as a programme manager of one
state, answered through the ASGI app: routing, auth, the scoped query, validation, JSON)
against the same aggregate as one plain SQL query through psycopg. Goal: ratio >= 0.5 and
the API under 1 s.

    .venv/bin/python bench/report_states.py [--consults 1000000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
from starlette.testclient import TestClient  # noqa: E402

from hub.api.admin import add_facility, add_user  # noqa: E402
from hub.app import build_context, create_app  # noqa: E402
from hub.config import HubConfig  # noqa: E402
from hub.pgtemp import TempPostgres  # noqa: E402
from hub.schemas import FacilityIn, ScopeIn, UserIn  # noqa: E402

REPORT = ROOT / "tests" / "hub" / "esanjeevani-consultations-2021-10-18.csv"
PASSWORD = "bench password 1"
PLAIN = """
SELECT f.state, c.consult_type, count(*)
FROM consults c JOIN facilities f ON f.id = c.facility_id
WHERE c.status = 'completed'
GROUP BY f.state, c.consult_type
"""


def shares() -> list[tuple[str, float, float]]:
    with REPORT.open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["state"] != "INDIA"]
    total = sum(int(r["total"]) for r in rows)
    return [(r["state"], int(r["ab_hwc"]) / total, int(r["opd"]) / total) for r in rows]


def seed(config: HubConfig, dsn: str, consults: int) -> None:
    context = build_context(config)
    with context.sessions() as s:
        hub = add_facility(
            s, config, FacilityIn(kind="hub", name="Bench hub", state="Delhi", district="New Delhi")
        )
        spokes: list[tuple[str, float, float]] = []
        for state, ab, opd in shares():
            for d in range(5):
                body = FacilityIn(
                    kind="spoke",
                    name=f"HWC {state} {d}",
                    state=state,
                    district=f"District {d}",
                    hub_id=uuid.UUID(hub.id),
                )
                spokes.append((add_facility(s, config, body).id, ab / 5, opd / 5))
        add_user(
            s, config, context.passwords, UserIn(username="admin", password=PASSWORD, role="admin")
        )
        add_user(
            s,
            config,
            context.passwords,
            UserIn(
                username="pm-karnataka",
                password=PASSWORD,
                role="programme_manager",
                scope=[ScopeIn(state="Karnataka")],
            ),
        )
        s.commit()
    context.engine.dispose()
    patient = str(uuid.uuid4())
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO patients (id, facility_id, resource, payload_sha256, version,"
            " created_at, updated_at) VALUES (%s, %s, '{}', '', 1, now(), now())",
            (patient, spokes[0][0]),
        )
        for fid, ab, opd in spokes:
            for ctype, share in (("hub_spoke", ab), ("doctor_patient", opd)):
                n = round(consults * share)
                if n:
                    conn.execute(
                        "INSERT INTO consults (id, facility_id, hub_id, patient_id, specialty,"
                        " priority, mode, consult_type, resources, payload_sha256, version,"
                        " finalized, status, declined_by, queued_at, accepted_at, completed_at,"
                        " created_at, updated_at) SELECT gen_random_uuid()::text, %s, %s, %s,"
                        " 'general_medicine', 0, 'video', %s, '[]', '', 1, true, 'completed',"
                        " '[]', now(), now(), now() - (i %% 300) * interval '1 day', now(), now()"
                        " FROM generate_series(1, %s) AS i",
                        (fid, hub.id, patient, ctype, n),
                    )
        conn.execute("ANALYZE")


def timed(fn: object, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--consults", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    pg = TempPostgres()
    pg.start()
    try:
        url = pg.create_database("bench_report")
        dsn = url.replace("+psycopg", "")
        tmp = Path(tempfile.mkdtemp(prefix="bench-report-"))
        config = HubConfig(
            db_url=url,
            blobs_dir=tmp / "blobs",
            key_file=tmp / "hub-key.txt",
            jwt_secret="bench-secret-" + "x" * 40,
            argon2_time_cost=1,
            argon2_memory_kib=1024,
            background_sweep_seconds=0,
        )
        started = time.perf_counter()
        seed(config, dsn, args.consults)
        print(f"seeded {args.consults:,} consults in {time.perf_counter() - started:.1f} s")
        context = build_context(config, run_migrations=False)
        with TestClient(create_app(config, context)) as client:

            def token(name: str) -> dict[str, str]:
                form = {"grant_type": "password", "username": name, "password": PASSWORD}
                r = client.post("/api/v1/auth/token", data=form)
                r.raise_for_status()
                return {"Authorization": f"Bearer {r.json()['access_token']}"}

            admin, pm = token("admin"), token("pm-karnataka")

            def api_admin() -> None:
                r = client.get("/api/v1/stats/states", headers=admin)
                assert r.status_code == 200 and r.json()["india"]["total"] > 0

            def api_pm() -> None:
                r = client.get("/api/v1/stats/states", headers=pm)
                assert r.status_code == 200 and len(r.json()["rows"]) == 1

            with psycopg.connect(dsn) as conn:

                def plain() -> None:
                    assert conn.execute(PLAIN).fetchall()

                api_admin(), api_pm(), plain()  # warm caches alike
                t_plain = timed(plain, args.repeat)
                t_admin = timed(api_admin, args.repeat)
                t_pm = timed(api_pm, args.repeat)
        context.engine.dispose()
    finally:
        pg.stop()
    print(f"plain SQL aggregate (reference):   {t_plain * 1000:8.1f} ms")
    for label, took in (("admin", t_admin), ("state manager", t_pm)):
        print(f"GET /stats/states as {label:14s} {took * 1000:8.1f} ms  ratio {t_plain / took:.2f}")
    print("goal: ratio >= 0.5 and under 1 s")
    print(
        json.dumps(
            {
                "metric": "per-state table, 10 lakh consults, PostgreSQL",
                "unit": "ms",
                "ours": round(t_admin * 1000, 1),
                "reference": round(t_plain * 1000, 1),
                "reference_name": "the same aggregate as one plain SQL query (psycopg)",
                "ratio": round(t_plain / t_admin, 2),
            }
        )
    )


if __name__ == "__main__":
    main()
