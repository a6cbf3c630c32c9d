"""One refresh token presented from 8 connections at once leaves exactly one live successor.

Real concurrency: the hub is served by uvicorn on loopback and each presentation is its own
thread and HTTP connection, released together by a barrier (issue 14, defect 1).
"""

from __future__ import annotations

import threading

import httpx
from sqlalchemy import select

from hub.models import RefreshToken
from hub.security import sha256_hex
from tests.hub.world import World

CONNECTIONS = 8
TRIALS = 20


def present_together(base_url: str, token: str) -> list[httpx.Response]:
    barrier = threading.Barrier(CONNECTIONS)
    answers: list[httpx.Response] = []
    lock = threading.Lock()
    clients = [httpx.Client(base_url=base_url, timeout=60) for _ in range(CONNECTIONS)]
    for c in clients:  # connect first, so the barrier releases requests, not handshakes
        assert c.get("/healthz").status_code == 200

    def present(client: httpx.Client) -> None:
        barrier.wait()
        r = client.post("/api/v1/auth/refresh", json={"refresh_token": token})
        with lock:
            answers.append(r)

    threads = [threading.Thread(target=present, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for c in clients:
        c.close()
    return answers


def live_tokens(world: World, family: str) -> list[RefreshToken]:
    with world.hub.sessions() as s:
        rows = s.scalars(
            select(RefreshToken).where(
                RefreshToken.family_id == family,
                RefreshToken.revoked.is_(False),
                RefreshToken.used_at.is_(None),
            )
        )
        return list(rows)


def test_concurrent_presentations_leave_one_successor(world: World, live: str) -> None:
    world.hub.login_limiter._limit = 10**9
    op = world["opA"]
    for trial in range(TRIALS):
        token = world.login("opA", op.device_id, op.device_secret)["refresh_token"]
        with world.hub.sessions() as s:
            row = s.scalar(select(RefreshToken).where(RefreshToken.token_hash == sha256_hex(token)))
            assert row is not None
            family = row.family_id
        answers = present_together(live, token)
        assert all(r.status_code in (200, 401) for r in answers), [r.status_code for r in answers]
        issued = [r.json()["refresh_token"] for r in answers if r.status_code == 200]
        assert issued, f"trial {trial}: no presentation succeeded"
        live_rows = live_tokens(world, family)
        assert len(live_rows) == 1, f"trial {trial}: {len(live_rows)} live tokens"
        # The live one is one that was handed out, and it alone still rotates.
        survivor = [t for t in issued if sha256_hex(t) == live_rows[0].token_hash]
        assert len(survivor) == 1
        others = [t for t in issued if t != survivor[0]]
        for stale in others[:1]:  # a superseded token is refused (and ends the family)
            r = world.client.post("/api/v1/auth/refresh", json={"refresh_token": stale})
            assert r.status_code == 401
        if not others:
            r = world.client.post("/api/v1/auth/refresh", json={"refresh_token": survivor[0]})
            assert r.status_code == 200
