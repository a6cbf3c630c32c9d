"""Hub under load, two modes; the last line is the JSON summary (higher is better).

``--mode scaling`` (default): record PUTs per second on PostgreSQL (fsync on) with 1, 2 and 4
uvicorn workers (``spoke-hub serve --workers N``), against the ceiling in the same run: a bare
FastAPI + psycopg app (bench/bare_put_app.py) doing the same insert with the same worker
counts. Concurrent clients PUT patients (each a new record: auth, FHIR validation, insert, the
audit row, chained by the workers' sweepers); one login per run, so argon2 is not measured.
Each worker count runs ``--rounds`` times, hub and bare alternating with one server up at a
time, and the median run of each is compared (a shared machine's bursts fall on both); the
JSON line compares the best worker count of each.

``--mode mixed``: N simulated spokes upserting patients and consults and uploading small blobs
over tus, against the hub on PostgreSQL and the embedded SQLite hub (one worker each).

    .venv/bin/python bench/hub_load.py --mode scaling --clients 32 --requests 1500 --rounds 3
    .venv/bin/python bench/hub_load.py --mode mixed --spokes 20 --consults 10
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hub.api.admin import add_facility, add_user  # noqa: E402
from hub.app import build_context  # noqa: E402
from hub.config import HubConfig  # noqa: E402
from hub.db import make_engine  # noqa: E402
from hub.models import Device, Facility  # noqa: E402
from hub.pgtemp import TempPostgres, free_port  # noqa: E402
from hub.schemas import FacilityIn, UserIn  # noqa: E402
from hub.security import new_device_secret  # noqa: E402

PASSWORD = "bench password 1"
BLOB = 8 * 1024


def setup(data: Path, db_url: str | None, spokes: int) -> list[tuple[str, str, str]]:
    """A hub, N spokes with one operator and one device each; returns (user, device, secret)."""
    config = HubConfig.for_data_dir(data, db_url)
    context = build_context(config)
    accounts = []
    with context.sessions() as s:
        hub = add_facility(s, config, FacilityIn(kind="hub", name="Bench hub", state="Bihar"))
        for i in range(spokes):
            body = FacilityIn(
                kind="spoke",
                name=f"HWC {i}",
                state="Bihar",
                district="Patna",
                hub_id=uuid.UUID(hub.id),
            )
            spoke = add_facility(s, config, body)
            user = UserIn(
                username=f"op{i}",
                password=PASSWORD,
                role="spoke_operator",
                facility_id=uuid.UUID(spoke.id),
            )
            add_user(s, config, context.passwords, user)
            secret, digest = new_device_secret()
            device = Device(
                id=str(uuid.uuid4()),
                facility_id=spoke.id,
                secret_hash=digest,
                name="bench",
                enrolled_at=config.clock.now(),
            )
            s.add(device)
            accounts.append((f"op{i}", device.id, secret))
        s.commit()
    context.engine.dispose()
    return accounts


def serve(data: Path, db_url: str | None) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    cmd = [sys.executable, "-m", "hub", "--data", str(data)]
    if db_url:
        cmd += ["--db", db_url]
    cmd += ["serve", "--port", str(port)]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                return proc, base
        except httpx.TransportError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("hub did not start")


async def spoke(
    base: str,
    account: tuple[str, str, str],
    consults: int,
    latencies: list[float],
    errors: list[str],
    go: asyncio.Barrier,
    marks: list[float],
) -> None:
    user, device, secret = account
    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        r = await http.post(
            "/api/v1/auth/token",
            data={
                "grant_type": "password",
                "username": user,
                "password": PASSWORD,
                "client_id": device,
                "client_secret": secret,
            },
        )
        r.raise_for_status()
        h = {"Authorization": f"Bearer {r.json()['access_token']}"}
        # Logins (argon2id, deliberately slow) are not part of the measurement.
        if await go.wait() == 0:
            marks.append(time.perf_counter())

        async def timed(method: str, url: str, expect: int, **kw: Any) -> httpx.Response:
            t0 = time.perf_counter()
            resp = await http.request(method, url, **kw)
            latencies.append(time.perf_counter() - t0)
            if resp.status_code != expect:
                errors.append(f"{method} {url.split('/')[3]} -> {resp.status_code}")
            return resp

        for _ in range(consults):
            pid, cid = str(uuid.uuid4()), str(uuid.uuid4())
            patient = {
                "resourceType": "Patient",
                "id": pid,
                "gender": "female",
                "birthDate": "1990-05-01",
                "name": [{"text": "Synthetic Person"}],
            }
            await timed(
                "PUT", f"/api/v1/patients/{pid}", 201, json={"resource": patient}, headers=h
            )
            body = {
                "patient_id": pid,
                "specialty": "general_medicine",
                "final": True,
                "resources": [
                    {
                        "resourceType": "Condition",
                        "id": "c1",
                        "subject": {"reference": f"Patient/{pid}"},
                        "code": {"text": "fever"},
                    }
                ],
            }
            await timed("PUT", f"/api/v1/consults/{cid}", 201, json=body, headers=h)
            blob = os.urandom(BLOB)
            meta = "consult_id " + base64.b64encode(cid.encode()).decode()
            tus = h | {"Tus-Resumable": "1.0.0"}
            r = await timed(
                "POST",
                "/api/v1/uploads",
                201,
                headers=tus | {"Upload-Length": str(BLOB), "Upload-Metadata": meta},
            )
            digest = base64.b64encode(hashlib.sha256(blob).digest()).decode()
            await timed(
                "PATCH",
                r.headers.get("Location", "/api/v1/uploads/x"),
                204,
                content=blob,
                headers=tus
                | {
                    "Upload-Offset": "0",
                    "Upload-Checksum": f"sha256 {digest}",
                    "Content-Type": "application/offset+octet-stream",
                },
            )


def run_load(base: str, accounts: list[tuple[str, str, str]], consults: int) -> dict[str, float]:
    latencies: list[float] = []
    errors: list[str] = []

    async def main() -> float:
        go = asyncio.Barrier(len(accounts))
        marks: list[float] = []
        await asyncio.gather(
            *(spoke(base, a, consults, latencies, errors, go, marks) for a in accounts)
        )
        return time.perf_counter() - marks[0]

    elapsed = asyncio.run(main())
    if errors:
        raise RuntimeError(f"{len(errors)} failed requests, e.g. {errors[:3]}")
    q = statistics.quantiles(latencies, n=100)
    return {
        "requests": len(latencies),
        "seconds": elapsed,
        "rps": len(latencies) / elapsed,
        "p50_ms": q[49] * 1000,
        "p99_ms": q[98] * 1000,
    }


def measure(name: str, db_url: str | None, args: argparse.Namespace) -> dict[str, float]:
    data = Path(tempfile.mkdtemp(prefix=f"hub-bench-{name}-"))
    try:
        accounts = setup(data, db_url, args.spokes)
        proc, base = serve(data, db_url)
        try:
            result = run_load(base, accounts, args.consults)
        finally:
            proc.terminate()
            proc.wait(30)
    finally:
        shutil.rmtree(data, ignore_errors=True)
    print(
        f"{name:>10}: {result['requests']} requests in {result['seconds']:.1f} s = "
        f"{result['rps']:.0f} req/s, p50 {result['p50_ms']:.1f} ms, p99 {result['p99_ms']:.1f} ms"
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mode", choices=["scaling", "mixed"], default="scaling")
    parser.add_argument("--spokes", type=int, default=20)
    parser.add_argument("--consults", type=int, default=10, help="per spoke")
    parser.add_argument("--clients", type=int, default=32, help="scaling: concurrent clients")
    parser.add_argument("--requests", type=int, default=1500, help="scaling: PUTs per run")
    parser.add_argument(
        "--rounds", type=int, default=3, help="scaling: runs of each (median compared)"
    )
    parser.add_argument("--workers", default="1,2,4", help="scaling: worker counts")
    args = parser.parse_args()
    if args.mode == "scaling":
        scaling(args)
    else:
        mixed(args)


def _start(
    cmd: list[str], env: dict[str, str] | None = None, workers: int = 1
) -> tuple[subprocess.Popen[bytes], str]:
    """Start a server and wait until every one of its ``workers`` has finished starting
    (uvicorn logs "Application startup complete" once per worker): ``/readyz`` answers as soon
    as the first is up, and the others' imports would otherwise run inside the measurement."""
    port = free_port()
    with tempfile.TemporaryFile() as log:  # the server keeps writing to it once unnamed
        proc = subprocess.Popen(
            [*cmd, "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            log.seek(0)
            started = log.read().count(b"Application startup complete")
            try:
                if started >= workers and httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                    return proc, base
            except httpx.TransportError:
                pass
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"{cmd[:3]} did not start")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)


def put_patients(base: str, headers: dict[str, str], clients: int, total: int) -> dict[str, float]:
    """``total`` PUTs of new patients from ``clients`` concurrent connections (after a warm-up
    of one PUT per client, not counted); every answer must be 201."""
    latencies: list[float] = []
    errors: list[str] = []
    patient = {
        "resourceType": "Patient",
        "gender": "female",
        "birthDate": "1990-05-01",
        "name": [{"text": "Synthetic Person"}],
        "address": [{"district": "Patna", "state": "Bihar", "country": "IN"}],
    }

    async def client(n: int, go: asyncio.Barrier, marks: list[float], counted: bool) -> None:
        async with httpx.AsyncClient(base_url=base, timeout=120, headers=headers) as http:
            await go.wait()
            if counted and not marks:
                marks.append(time.perf_counter())
            for _ in range(n):
                pid = str(uuid.uuid4())
                body = {"resource": patient | {"id": pid}}
                t0 = time.perf_counter()
                r = await http.put(f"/api/v1/patients/{pid}", json=body)
                if counted:
                    latencies.append(time.perf_counter() - t0)
                if r.status_code != 201:
                    errors.append(str(r.status_code))

    async def run(per_client: list[int], counted: bool) -> float:
        go = asyncio.Barrier(len(per_client))
        marks: list[float] = []
        await asyncio.gather(*(client(n, go, marks, counted) for n in per_client))
        return time.perf_counter() - marks[0] if marks else 0.0

    asyncio.run(run([1] * clients, False))
    shares = [total // clients + (1 if i < total % clients else 0) for i in range(clients)]
    elapsed = asyncio.run(run(shares, True))
    if errors:
        raise RuntimeError(f"{len(errors)} failed PUTs, e.g. {errors[:3]}")
    q = statistics.quantiles(latencies, n=100)
    return {"rps": total / elapsed, "p50_ms": q[49] * 1000, "p99_ms": q[98] * 1000}


def _rates(runs: list[dict[str, float]]) -> str:
    return ", ".join(f"{r['rps']:.0f}" for r in runs)


def _median_run(runs: list[dict[str, float]]) -> dict[str, float]:
    """The run with the median throughput (its latencies with it)."""
    ordered = sorted(runs, key=lambda r: r["rps"])
    return ordered[(len(ordered) - 1) // 2]


def scaling(args: argparse.Namespace) -> None:
    counts = [int(n) for n in args.workers.split(",")]
    print(
        f"record PUTs on PostgreSQL: {args.clients} clients, {args.requests} PUTs per run, "
        f"median of {args.rounds} alternating rounds"
    )
    pg = TempPostgres(durable=True)
    data = Path(tempfile.mkdtemp(prefix="hub-bench-scaling-"))
    hub_rps: dict[int, float] = {}
    bare_rps: dict[int, float] = {}
    try:
        pg.start()
        url = pg.create_database("hub_bench")
        user, device, secret = setup(data, url, 1)[0]
        engine = make_engine(url)
        with engine.connect() as conn:
            facility = str(
                conn.execute(select(Facility.id).where(Facility.kind == "spoke")).scalar()
            )
        engine.dispose()
        hub_cmd = [sys.executable, "-m", "hub", "--data", str(data), "--db", url, "serve"]
        bare_cmd = [sys.executable, "-m", "uvicorn", "--factory", "bench.bare_put_app:app"]
        bare_env = dict(os.environ, BARE_DB_URL=url, BARE_FACILITY=facility)
        form = {
            "grant_type": "password",
            "username": user,
            "password": PASSWORD,
            "client_id": device,
            "client_secret": secret,
        }
        for n in counts:
            hub_runs: list[dict[str, float]] = []
            bare_runs: list[dict[str, float]] = []
            # Rounds alternate hub and bare (one server up at a time), so a burst of load from
            # elsewhere on a shared machine falls on both; the median of each is compared.
            for _ in range(args.rounds):
                proc, base = _start([*hub_cmd, "--workers", str(n)], workers=n)
                try:
                    r = httpx.post(f"{base}/api/v1/auth/token", data=form, timeout=60)
                    r.raise_for_status()
                    h = {"Authorization": f"Bearer {r.json()['access_token']}"}
                    hub_runs.append(put_patients(base, h, args.clients, args.requests))
                finally:
                    _stop(proc)
                proc, base = _start([*bare_cmd, "--workers", str(n)], bare_env, n)
                try:
                    bare_runs.append(put_patients(base, {}, args.clients, args.requests))
                finally:
                    _stop(proc)
            ours, ceiling = _median_run(hub_runs), _median_run(bare_runs)
            hub_rps[n], bare_rps[n] = ours["rps"], ceiling["rps"]
            print(
                f"{n} worker(s): hub {ours['rps']:.0f} PUT/s (p50 {ours['p50_ms']:.0f} ms, "
                f"p99 {ours['p99_ms']:.0f} ms), bare {ceiling['rps']:.0f} PUT/s "
                f"(p50 {ceiling['p50_ms']:.0f} ms, p99 {ceiling['p99_ms']:.0f} ms), "
                f"ratio {ours['rps'] / ceiling['rps']:.2f}  "
                f"[rounds: hub {_rates(hub_runs)}; bare {_rates(bare_runs)}]"
            )
    finally:
        pg.stop()
        shutil.rmtree(data, ignore_errors=True)
    best_hub, best_bare = max(hub_rps.values()), max(bare_rps.values())
    print(
        json.dumps(
            {
                "metric": "hub_record_puts_per_second",
                "unit": "PUT/s",
                "ours": round(best_hub, 1),
                "reference": round(best_bare, 1),
                "reference_name": "bare FastAPI + psycopg doing the same insert (same workers)",
                "ratio": round(best_hub / best_bare, 3),
                "hub_by_workers": {str(k): round(v, 1) for k, v in hub_rps.items()},
                "bare_by_workers": {str(k): round(v, 1) for k, v in bare_rps.items()},
            }
        )
    )


def mixed(args: argparse.Namespace) -> None:
    print(f"{args.spokes} spokes x {args.consults} consults x 4 requests (8 KiB blob each)")
    pg = TempPostgres(durable=True)  # fsync on: a fair comparison with SQLite's WAL
    try:
        pg.start()
        ours = measure("postgresql", pg.create_database("hub_bench"), args)
    finally:
        pg.stop()
    ref = measure("sqlite", None, args)
    print(f"p99 latency: postgresql {ours['p99_ms']:.1f} ms, sqlite {ref['p99_ms']:.1f} ms")
    print(
        json.dumps(
            {
                "metric": "hub_requests_per_second",
                "unit": "req/s",
                "ours": round(ours["rps"], 1),
                "reference": round(ref["rps"], 1),
                "reference_name": "embedded hub on SQLite (same requests)",
                "ratio": round(ours["rps"] / ref["rps"], 3),
                # Tail latency, same runs: ratio > 1 means PostgreSQL has the shorter p99.
                "p99_ms": round(ours["p99_ms"], 1),
                "reference_p99_ms": round(ref["p99_ms"], 1),
                "p99_ratio": round(ref["p99_ms"] / ours["p99_ms"], 3),
            }
        )
    )


if __name__ == "__main__":
    main()
