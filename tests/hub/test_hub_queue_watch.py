"""The doctors' queue long-poll: every queue change bumps the hub's version in its transaction;
a watch answers at once when behind, is woken by a change in its worker, finds other workers'
changes by its database re-check, and times out with the current version. Timers are injected
and fired by the tests (no sleeping)."""

from __future__ import annotations

import asyncio
import threading
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import select

from hub.app import build_context, housekeeping
from hub.config import HubConfig
from hub.models import User
from hub.queue_watch import read_version
from tests.hub.world import World, consult_body

WAIT = 20.0  # seconds a test waits for an event before failing


class Timers:
    """An injected ``sleep``: each call waits until the test fires a timer of its length."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._pending: list[tuple[float, asyncio.AbstractEventLoop, asyncio.Future[None]]] = []
        self.released = False

    async def sleep(self, seconds: float) -> None:
        loop = asyncio.get_running_loop()
        entry = (seconds, loop, loop.create_future())
        with self._cond:
            if self.released:
                return
            self._pending.append(entry)
            self._cond.notify_all()
        try:
            await entry[2]
        finally:
            with self._cond:
                if entry in self._pending:
                    self._pending.remove(entry)

    def count(self, seconds: float) -> int:
        with self._cond:
            return sum(1 for s, _, f in self._pending if s == seconds and not f.done())

    def await_pending(self, seconds: float, n: int = 1) -> None:
        with self._cond:
            assert self._cond.wait_for(lambda: self.count(seconds) >= n, WAIT), (seconds, n)

    def fire(self, seconds: float | None) -> None:
        """Every pending timer of that length (None: all of them)."""
        if seconds is not None:
            self.await_pending(seconds)
        with self._cond:
            for s, loop, fut in self._pending:
                if seconds in (None, s) and not fut.done():
                    loop.call_soon_threadsafe(lambda f=fut: f.done() or f.set_result(None))

    def release(self) -> None:
        """From now on every timer fires at once (a failed test's watches end)."""
        with self._cond:
            self.released = True
        self.fire(None)


@pytest.fixture
def timers(world: World) -> Iterator[Timers]:
    t = Timers()
    world.hub.queue_watch.sleep = t.sleep
    yield t
    t.release()


class Watch(threading.Thread):
    """A watch request on its own thread; ``answer()`` waits for its result."""

    def __init__(self, world: World, who: str, since: int, timeout: int = 25) -> None:
        super().__init__(daemon=True)
        self.call: Callable[[], Any] = lambda: world.client.get(
            "/api/v1/doctors/me/queue/watch",
            params={"since": since, "timeout": timeout},
            headers=world[who].h,
        )
        self.response: Any = None
        self.start()

    def run(self) -> None:
        self.response = self.call()

    def answer(self) -> Any:
        self.join(WAIT)
        assert not self.is_alive(), "the watch did not answer"
        assert self.response.status_code == 200, self.response.text
        return self.response.json()


def version(world: World, hub: str = "hub1") -> int:
    return read_version(world.hub.sessions, world.facilities[hub])


def test_every_queue_change_bumps_the_version(world: World) -> None:
    seen = [version(world)]

    def moved() -> None:
        now = version(world)
        assert now > seen[-1]
        seen.append(now)

    h1 = world["doc1"].h
    draft = world.consult("opA", final=False)
    assert version(world) == seen[-1]  # a draft is not in the queue
    first = world.consult("opA")  # queued
    moved()
    world.online("doc1")  # availability; the consult is offered
    moved()
    assert world.client.post(f"/api/v1/consults/{first['id']}/decline", headers=h1).is_success
    moved()
    world.online("doc2")
    moved()
    world.hub.config.clock.advance(world.hub.config.accept_timeout_seconds + 1)  # type: ignore[attr-defined]
    housekeeping(world.hub)  # the offer to doc2 timed out; back to doc1
    moved()
    assert world.client.post(f"/api/v1/consults/{first['id']}/accept", headers=h1).is_success
    moved()
    assert world.client.post(f"/api/v1/consults/{first['id']}/complete", headers=h1).is_success
    moved()
    world.client.put(
        f"/api/v1/consults/{draft['id']}",
        json=consult_body(draft["patient_id"]),
        headers=world["opA"].h,
    )
    moved()
    r = world.client.delete(f"/api/v1/consults/{draft['id']}", headers=world["opA"].h)
    assert r.json()["status"] == "cancelled"
    moved()
    assert version(world, "hub2") == 0  # another hub's queue did not move


def test_watch_answers_at_once_when_the_client_is_behind(world: World, timers: Timers) -> None:
    world.consult("opA")
    now = version(world)
    assert Watch(world, "doc1", since=-1).answer() == {"version": now}
    assert Watch(world, "doc1", since=now - 1).answer() == {"version": now}


def test_a_change_in_this_worker_wakes_the_watch_at_once(world: World, timers: Timers) -> None:
    since = version(world)
    watch = Watch(world, "doc1", since=since)
    timers.await_pending(2.0)  # it read the version and waits (its re-check is armed)
    world.consult("opA")  # a spoke's final PUT queues a consult
    # The re-check timer is never fired here: only the commit's wake-up can answer.
    assert watch.answer() == {"version": since + 1}


def test_a_change_by_another_worker_is_found_by_the_recheck(
    world: World, timers: Timers, config: HubConfig
) -> None:
    other = build_context(config, run_migrations=False)  # another worker on the same database
    try:
        since = version(world)
        watch = Watch(world, "doc1", since=since)
        timers.await_pending(2.0)
        with other.sessions() as s:
            doctor = s.scalar(select(User).where(User.username == "doc2"))
            assert doctor is not None
            doctor.availability = "away"
            s.commit()
        assert version(world) == since + 1
        assert watch.is_alive()  # this worker was not told
        timers.fire(2.0)
        assert watch.answer() == {"version": since + 1}
    finally:
        other.engine.dispose()


def test_watch_times_out_with_the_current_version(world: World, timers: Timers) -> None:
    world.consult("opA")
    now = version(world)
    watch = Watch(world, "doc1", since=now, timeout=7)
    timers.fire(7.0)
    assert watch.answer() == {"version": now}


def test_many_watches_do_not_block_other_requests(world: World, timers: Timers) -> None:
    """On SQLite at most 16 requests are inside the app; waiting watches hold no slot."""
    since = version(world)
    watches = [Watch(world, "doc1", since=since) for _ in range(20)]
    timers.await_pending(25.0, n=20)
    r = world.client.put(
        f"/api/v1/consults/{uuid.uuid4()}",
        json=consult_body(world.patient("opA")),
        headers=world["opA"].h,
    )
    assert r.status_code == 201
    assert {w.answer()["version"] for w in watches} == {since + 1}


@pytest.mark.parametrize("who", ["opA", "admin"])
def test_only_doctors_watch(world: World, who: str) -> None:
    r = world.client.get(
        "/api/v1/doctors/me/queue/watch", params={"timeout": 1}, headers=world[who].h
    )
    assert r.status_code == 403


@pytest.mark.parametrize("params", [{"timeout": 0}, {"timeout": 31}, {"since": -2}])
def test_watch_parameters_are_checked(world: World, params: dict[str, int]) -> None:
    r = world.client.get("/api/v1/doctors/me/queue/watch", params=params, headers=world["doc1"].h)
    assert r.status_code == 422
