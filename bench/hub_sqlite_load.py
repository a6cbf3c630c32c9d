"""The embedded SQLite hub under sustained load: 50 clients for 30 s, logins and record PUTs.

Each client loops: a password login (one in ``--login-every`` rounds, argon2id at production
cost), PUT patient, PUT consult (final). Every answer other than the expected one counts as an
error (issue 14 saw 8-13 answers 500 "database is locked" and p99 of 30 s). The reference is
the same load in the same run against the hub on PostgreSQL (fsync on). Both hubs run as
``spoke-hub serve`` (one uvicorn worker) in their own process.

    .venv/bin/python bench/hub_sqlite_load.py --clients 50 --seconds 30
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from hub_load import PASSWORD, serve, setup  # noqa: E402

from hub.pgtemp import TempPostgres  # noqa: E402


async def client(
    base: str,
    account: tuple[str, str, str],
    until: float,
    login_every: int,
    latencies: list[float],
    errors: list[str],
) -> None:
    user, device, secret = account
    form = {
        "grant_type": "password",
        "username": user,
        "password": PASSWORD,
        "client_id": device,
        "client_secret": secret,
    }
    async with httpx.AsyncClient(base_url=base, timeout=120) as http:
        headers: dict[str, str] = {}

        async def timed(method: str, url: str, expect: int, **kw: object) -> httpx.Response:
            t0 = time.perf_counter()
            try:
                r = await http.request(method, url, **kw)  # type: ignore[arg-type]
            except httpx.TransportError as exc:
                latencies.append(time.perf_counter() - t0)
                errors.append(f"{method} {url.split('/')[3]}: {type(exc).__name__}")
                raise
            latencies.append(time.perf_counter() - t0)
            if r.status_code != expect:
                errors.append(f"{method} {url.split('/')[3]} -> {r.status_code}")
            return r

        rounds = 0
        while time.perf_counter() < until:
            if rounds % login_every == 0:
                r = await timed("POST", "/api/v1/auth/token", 200, data=form)
                if r.status_code == 200:
                    headers = {"Authorization": f"Bearer {r.json()['access_token']}"}
            rounds += 1
            pid, cid = str(uuid.uuid4()), str(uuid.uuid4())
            patient = {"resourceType": "Patient", "id": pid, "gender": "female"}
            await timed(
                "PUT", f"/api/v1/patients/{pid}", 201, json={"resource": patient}, headers=headers
            )
            body = {"patient_id": pid, "specialty": "general_medicine", "final": True}
            await timed("PUT", f"/api/v1/consults/{cid}", 201, json=body, headers=headers)


def measure(name: str, db_url: str | None, args: argparse.Namespace) -> dict[str, float]:
    data = Path(tempfile.mkdtemp(prefix=f"hub-sqlite-load-{name}-"))
    try:
        accounts = setup(data, db_url, args.clients)
        proc, base = serve(data, db_url)
        latencies: list[float] = []
        errors: list[str] = []
        try:
            until = time.perf_counter() + args.seconds
            began = time.perf_counter()

            async def run() -> None:
                await asyncio.gather(
                    *(
                        client(base, a, until, args.login_every, latencies, errors)
                        for a in accounts
                    ),
                    return_exceptions=True,
                )

            asyncio.run(run())
            elapsed = time.perf_counter() - began
        finally:
            proc.terminate()
            proc.wait(30)
    finally:
        shutil.rmtree(data, ignore_errors=True)
    q = statistics.quantiles(latencies, n=100)
    result = {
        "requests": len(latencies),
        "errors": len(errors),
        "rps": len(latencies) / elapsed,
        "p50_ms": q[49] * 1000,
        "p99_ms": q[98] * 1000,
        "max_ms": max(latencies) * 1000,
    }
    print(
        f"{name:>10}: {result['requests']} requests, {result['errors']} errors "
        f"{sorted(set(errors))[:4]}, {result['rps']:.0f} req/s, p50 {result['p50_ms']:.0f} ms, "
        f"p99 {result['p99_ms']:.0f} ms, max {result['max_ms']:.0f} ms"
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--login-every", type=int, default=5, help="rounds per login")
    args = parser.parse_args()
    print(f"{args.clients} clients for {args.seconds:.0f} s, a login every {args.login_every}")
    ours = measure("sqlite", None, args)
    pg = TempPostgres(durable=True)
    try:
        pg.start()
        ref = measure("postgresql", pg.create_database("hub_bench"), args)
    finally:
        pg.stop()
    print(
        json.dumps(
            {
                "metric": "embedded_hub_p99_under_load",
                "unit": "ms",
                "ours": round(ours["p99_ms"], 1),
                "reference": round(ref["p99_ms"], 1),
                "reference_name": "hub on PostgreSQL, same load (one worker)",
                "ratio": round(ref["p99_ms"] / ours["p99_ms"], 3),
                "errors": ours["errors"],
                "reference_errors": ref["errors"],
                "p50_ms": round(ours["p50_ms"], 1),
                "reference_p50_ms": round(ref["p50_ms"], 1),
                "rps": round(ours["rps"], 1),
                "reference_rps": round(ref["rps"], 1),
            }
        )
    )


if __name__ == "__main__":
    main()
