"""The pull under faults: a prescription is never missed after a failed request, and every
consult the spoke sent stays watched until the hub closes it."""

from __future__ import annotations

import json
import uuid

import pytest

from desktop.sync.client import HubClient
from desktop.sync.errors import SyncError
from desktop.sync.events import ConsultUpdate, PrescriptionArrived
from desktop.sync.pull import Puller, PullState
from desktop.sync.worker import WorkerConfig
from tests.helpers.waiting import wait_for
from tests.sync_support.doctor import Doctor
from tests.sync_support.faultproxy import FaultProxy
from tests.sync_support.hubctl import LiveHub
from tests.sync_support.spoke import FAST, Recorder, Spoke

PULLING = WorkerConfig(
    backoff_base=FAST.backoff_base,
    backoff_cap=FAST.backoff_cap,
    probe_interval=FAST.probe_interval,
    pull_interval=0.05,
    progress_interval=FAST.progress_interval,
)


def send_consults(spoke: Spoke, hub: LiveHub, count: int) -> list[str]:
    """``count`` ready consults, sent to the hub by a sync engine that is then stopped."""
    cids = [spoke.add_consult(spoke.add_patient(n), final=True) for n in range(count)]
    engine = spoke.engine(hub_url=hub.base_url)
    engine.start()
    try:
        wait_for(lambda: spoke.states() == {"done": 2 * count}, timeout=120)
    finally:
        engine.stop()
    return [str(uuid.UUID(c)) for c in cids]


def test_prescription_read_failing_once_is_read_again(
    hub: LiveHub, enrolled: Spoke, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    (cid,) = send_consults(enrolled, hub, 1)
    doctor = Doctor(hub)
    try:
        doctor.accept(cid)
        rx_id = doctor.prescribe(cid)
        doctor.complete(cid)
    finally:
        doctor.close()
    # The spoke pulls only now: it first sees the consult already completed, and its first
    # read of the prescriptions is reset.
    proxy = FaultProxy(hub.port, exempt=(b"/api/v1/auth/",)).start()
    proxy.aim(b"/prescriptions", ["drop"])
    client = HubClient(proxy.url, enrolled.tokens)
    events = Recorder()
    puller = Puller(client, PullState(tmp_path / "pull.json"), events)
    try:
        with pytest.raises(SyncError):
            puller.run_once()
        assert proxy.counts["drop"] == 1
        puller.run_once()
        arrived = events.of(PrescriptionArrived)
        assert [(e.consult_id, e.prescription["id"]) for e in arrived] == [(cid, rx_id)]
        # Announced once, and the closed consult is no longer watched.
        puller.run_once()
        assert len(events.of(PrescriptionArrived)) == 1
        assert cid not in puller.state.active
        # What it remembers survives a restart of the spoke.
        saved = json.loads((tmp_path / "pull.json").read_text())
        assert rx_id in saved["seen_rx"] and cid not in saved["active"]
    finally:
        client.close()
        proxy.stop()


def test_every_sent_consult_stays_watched_until_closed(hub: LiveHub, enrolled: Spoke) -> None:
    count = 100
    proxy = FaultProxy(
        hub.port, {"drop": 0.05, "cut_response": 0.05}, seed=11, exempt=(b"/api/v1/auth/",)
    ).start()
    # Uploads pass; only the pulls (GET) are reset at random.
    proxy.enabled = False
    cids = [enrolled.add_consult(enrolled.add_patient(n), final=True) for n in range(count)]
    cids = [str(uuid.UUID(c)) for c in cids]
    engine = enrolled.engine(hub_url=proxy.url, config=PULLING)
    engine.start()
    try:
        wait_for(lambda: enrolled.states() == {"done": 2 * count}, timeout=120)
        proxy.enabled = True
        # Every consult gets its place in the queue announced, through the resets.
        wait_for(
            lambda: (
                {
                    e.consult_id
                    for e in enrolled.recorder.of(ConsultUpdate)
                    if e.position is not None
                }
                >= set(cids)
            ),
            timeout=120,
        )
        assert proxy.counts["drop"] + proxy.counts["cut_response"] > 0
        # The hub closes half of them: those leave the watch list, the rest stay.
        proxy.enabled = False
        closed = set(cids[::2])
        with hub.context.sessions() as s:
            from hub.models import Consult

            for cid in closed:
                consult = s.get(Consult, cid)
                assert consult is not None
                consult.status = "cancelled"
            s.commit()
        state_file = enrolled.root / "sync-state.json"

        def watched() -> set[str]:
            try:
                return set(json.loads(state_file.read_text())["active"])
            except (OSError, ValueError):
                return set()

        wait_for(lambda: watched() == set(cids) - closed, timeout=60)
    finally:
        engine.stop()
        proxy.stop()
