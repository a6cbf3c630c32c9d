"""The worker's timing decisions with a manual clock, stepped on the test's thread: backoff
after a failed send, probes while the hub is away, an early retry when it answers, and a
Retry-After honoured without probing. Nothing waits for real time. And ``settled``, which
tests wait on instead of sleeping."""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable

import httpx
import pytest

from desktop.sync.client import HubClient
from desktop.sync.clock import SYSTEM_CLOCK, Clock, ManualClock
from desktop.sync.events import ItemFailed, ItemSent
from desktop.sync.outbox import OutboxQueue
from desktop.sync.worker import SyncWorker, WorkerConfig
from tests.sync_support.spoke import Spoke

CONFIG = WorkerConfig(backoff_base=10.0, backoff_cap=300.0, probe_interval=5.0)
Handler = Callable[[httpx.Request], httpx.Response]


def _worker(spoke: Spoke, handler: Handler, clock: Clock) -> SyncWorker:
    # A port of its own: the client's pace is per host and process-wide.
    port = random.randint(20_000, 60_000)
    client = HubClient(f"http://127.0.0.1:{port}", transport=httpx.MockTransport(handler))
    client._access = "synthetic-access-token"  # signed in: the tests are about timing
    queue = OutboxQueue(spoke.db, spoke.writer, clock)
    return SyncWorker(
        queue,
        client,
        spoke.recorder,
        blob_path=lambda b: spoke.blob_root / b,
        config=CONFIG,
        clock=clock,
    )


def _delay(worker: SyncWorker, item_id: int, clock: ManualClock) -> float:
    item = worker.queue.get(item_id)
    assert item is not None and item.next_attempt_at is not None
    return (item.next_attempt_at - clock.now()).total_seconds()


def test_an_unreachable_hub_backs_off_probes_meanwhile_and_retries_when_due(spoke: Spoke) -> None:
    clock = ManualClock()
    paths_asked: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        paths_asked.append(request.url.path)
        raise httpx.ConnectError("refused", request=request)

    worker = _worker(spoke, handler, clock)
    spoke.add_patient()
    [item] = worker.queue.unsent()
    try:
        worker._step()  # sends, fails: the row waits for its backoff
        assert worker.queue.get(item.id).attempts == 1  # type: ignore[union-attr]
        first = _delay(worker, item.id, clock)
        assert 10.0 <= first <= 20.0  # attempt 1: base * 2, full jitter in its upper half
        failed = spoke.recorder.of(ItemFailed)
        assert [(f.item_id, f.will_retry, f.code) for f in failed] == [
            (item.id, True, "HubUnreachableError")
        ]
        assert not worker.online

        paths_asked.clear()
        worker._step()  # nothing is due: wait it out, probing every 5 s
        assert sum(w or 0 for w in clock.waits) == pytest.approx(first)
        assert all(w is not None and 0 < w <= 5.0 for w in clock.waits)
        assert paths_asked == ["/healthz"] * len(clock.waits)  # the row was not sent early
        assert _delay(worker, item.id, clock) <= 0  # due now

        paths_asked.clear()
        worker._step()  # due: sent again, and the backoff doubles
        assert paths_asked == [f"/api/v1/patients/{uuid.UUID(item.entity_id)}"]
        assert worker.queue.get(item.id).attempts == 2  # type: ignore[union-attr]
        assert 20.0 <= _delay(worker, item.id, clock) <= 40.0
    finally:
        worker.client.close()


def test_the_hub_answering_a_probe_sends_at_once_not_after_the_backoff(spoke: Spoke) -> None:
    clock = ManualClock()
    hub_up = False
    sent: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if not hub_up:
            raise httpx.ConnectError("refused", request=request)
        if request.url.path == "/healthz":
            return httpx.Response(200, json={"status": "ok"})
        sent.append(request.url.path)
        return httpx.Response(200, json={"id": request.url.path.rsplit("/", 1)[1]})

    worker = _worker(spoke, handler, clock)
    spoke.add_patient()
    [item] = worker.queue.unsent()
    try:
        worker._step()
        backoff = _delay(worker, item.id, clock)
        hub_up = True  # back before the backoff ends: the first probe finds it
        clock.waits.clear()
        worker._step()
        assert clock.waits == [5.0]  # one probe interval, not the 10-20 s backoff
        assert worker.queue.get(item.id).next_attempt_at is None  # type: ignore[union-attr]
        assert sum(clock.waits) < backoff  # type: ignore[arg-type]
        worker._step()
        assert sent == [f"/api/v1/patients/{uuid.UUID(item.entity_id)}"]
        assert [e.item_id for e in spoke.recorder.of(ItemSent)] == [item.id]
        assert worker.online and worker.queue.get(item.id).state == "done"  # type: ignore[union-attr]
    finally:
        worker.client.close()


def test_a_busy_hub_is_left_alone_until_its_retry_after(spoke: Spoke) -> None:
    clock = ManualClock()
    asked: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        asked.append(request.url.path)
        return httpx.Response(503, json={"detail": "busy"}, headers={"Retry-After": "120"})

    worker = _worker(spoke, handler, clock)
    spoke.add_patient()
    [item] = worker.queue.unsent()
    try:
        worker._step()
        assert _delay(worker, item.id, clock) == pytest.approx(120.0)  # a floor over 10-20 s
        asked.clear()
        clock.waits.clear()
        worker._step()
        assert clock.waits == [pytest.approx(120.0)]  # one wait, no probes of a busy hub
        assert asked == []
        assert _delay(worker, item.id, clock) <= 0
    finally:
        worker.client.pace.succeeded()
        worker.client.close()


def test_settled_waits_for_a_pass_begun_after_the_call(spoke: Spoke) -> None:
    """What tests use instead of "sleep, then assert nothing happened": paused, a new row is
    looked at and held; resumed, settled returns once it is sent."""
    asked: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        asked.append(request.url.path)
        return httpx.Response(200, json={"id": request.url.path.rsplit("/", 1)[1]})

    worker = _worker(spoke, handler, SYSTEM_CLOCK)
    worker.start()
    try:
        worker.pause()
        spoke.add_patient()
        assert worker.settled(10)
        assert asked == [] and spoke.states() == {"pending": 1}
        worker.resume()
        assert worker.settled(10)
        assert spoke.states() == {"done": 1} and len(asked) == 1
    finally:
        worker.stop()
        worker.client.close()
