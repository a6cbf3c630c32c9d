"""Acceptance: exactly once through a faulty network, lost responses, conflicts."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from sqlalchemy import select

from desktop.storage.models.blobs import BlobRecord
from desktop.storage.models.outbox import OutboxEntry
from desktop.sync.events import ItemFailed, ItemSent
from desktop.sync.outbox import REVIEW
from hub.models import Consult, Patient, Upload
from tests.helpers.waiting import wait_for
from tests.sync_support.faultproxy import FaultProxy
from tests.sync_support.hubctl import LiveHub
from tests.sync_support.spoke import Spoke, consult_payload

FAULTS = {
    "drop": 0.04,
    "delay": 0.04,
    "cut_request": 0.04,
    "cut_response": 0.05,
    "html200": 0.03,
    "json_other": 0.03,
    "busy503": 0.03,
}


def on_hub(hub: LiveHub, entity_type: str, entity_id: str, payload: dict[str, Any]) -> bool:
    """Is this item really, completely on the hub right now?"""
    with hub.context.sessions() as s:
        if entity_type == "patient":
            return s.get(Patient, str(uuid.UUID(entity_id))) is not None
        if entity_type == "consult":
            return s.get(Consult, str(uuid.UUID(entity_id))) is not None
        ups = s.scalars(
            select(Upload).where(Upload.consult_id == str(uuid.UUID(payload["consult_id"])))
        ).all()
        return any(u.completed_at is not None and u.sha256 == payload["sha256"] for u in ups)


def test_500_records_and_20_blobs_arrive_exactly_once_through_faults(
    hub: LiveHub, enrolled: Spoke
) -> None:
    proxy = FaultProxy(hub.port, FAULTS, seed=7, max_delay=0.1, exempt=(b"/api/v1/auth/",)).start()
    early: list[int] = []
    items: dict[int, tuple[str, str, dict[str, Any]]] = {}

    def check(event: object) -> None:
        # Runs on the sync thread right after the row was marked done.
        if isinstance(event, ItemSent):
            etype, eid, payload = items[event.item_id]
            # The hub commits before it answers (function-scoped DB session), so anything
            # marked sent must already be there.
            if not on_hub(hub, etype, eid, payload):
                early.append(event.item_id)

    try:
        consults = []
        for n in range(250):
            pid = enrolled.add_patient(n)
            consults.append(enrolled.add_consult(pid))
        blobs = [
            enrolled.add_blob(consults[i * 12], 40_000 + i * 23_000, seed=i) for i in range(20)
        ]
        with enrolled.db.read_session() as s:
            for row in s.scalars(select(OutboxEntry)):
                items[row.id] = (row.entity_type, row.entity_id, dict(row.payload))
        assert len(items) == 520
        engine = enrolled.engine(hub_url=proxy.url)
        orig = enrolled.recorder
        engine.listener = lambda e: (check(e), orig(e))  # type: ignore[func-returns-value]
        engine.start()
        try:
            wait_for(lambda: enrolled.states() == {"done": 520}, timeout=240)
        except AssertionError:
            with enrolled.db.read_session() as s:
                stuck = [
                    (r.id, r.entity_type, r.state, r.attempts, r.last_error)
                    for r in s.scalars(select(OutboxEntry).where(OutboxEntry.state != "done"))
                ]
            raise AssertionError(f"not all sent: {stuck[:20]}") from None
    finally:
        engine.stop()
        proxy.stop()
    assert early == []
    print(f"faults: {dict(proxy.counts)}")
    # Every fault kind really happened.
    assert all(proxy.counts[m] > 0 for m in FAULTS), proxy.counts
    # Counted on the hub: exactly once each.
    assert (hub.patients(), hub.consults()) == (250, 250)
    uploads = hub.uploads()
    complete = [u for u in uploads if u.completed_at is not None]
    assert len(complete) == 20
    names = sorted(u.metadata_json["filename"] for u in complete)
    assert names == sorted(f"{b}.age" for b in blobs)
    with enrolled.db.read_session() as s:
        recs = {r.blob_id: r for r in s.scalars(select(BlobRecord))}
    for u in complete:
        blob_id = u.metadata_json["filename"].removesuffix(".age")
        assert u.sha256 == recs[blob_id].sha256 and u.length == recs[blob_id].size
        assert recs[blob_id].uploaded_at is not None
        stored = hashlib.sha256((hub.config.blobs_dir / u.id[:2] / u.id).read_bytes()).hexdigest()
        assert stored == u.sha256


def test_lost_response_after_commit_gives_one_record(hub: LiveHub, enrolled: Spoke) -> None:
    # The first PUT reaches the hub and commits, but its answer is cut.
    proxy = FaultProxy(hub.port, {}, exempt=(b"/api/v1/auth/",), script=["cut_response"]).start()
    try:
        pid = enrolled.add_patient()
        engine = enrolled.engine(hub_url=proxy.url)
        engine.start()
        wait_for(lambda: enrolled.states() == {"done": 1})
        engine.stop()
    finally:
        proxy.stop()
    puts = [line for line, _ in proxy.log if line.startswith("PUT /api/v1/patients/")]
    assert len(puts) == 2 and proxy.log[[x[0] for x in proxy.log].index(puts[0])][1] == (
        "cut_response"
    )
    assert hub.patients() == 1
    with hub.context.sessions() as s:
        assert s.get(Patient, str(uuid.UUID(pid))).version == 1  # type: ignore[union-attr]


def test_conflicting_payload_needs_review_and_keeps_both(hub: LiveHub, enrolled: Spoke) -> None:
    pid = enrolled.add_patient()
    cid = enrolled.add_consult(pid, final=True)
    engine = enrolled.engine()
    engine.start()
    wait_for(lambda: enrolled.states() == {"done": 2})
    # Edited locally after the hub already holds the finalized consult.
    changed = consult_payload(str(uuid.UUID(pid)), final=True, specialty="paediatrics")
    row_id = enrolled.add("consult", cid, "update", changed)
    engine.notify_new_work()
    wait_for(lambda: enrolled.states().get("failed") == 1)
    item = engine.queue.get(row_id)
    assert item is not None and item.needs_review and item.meta["status"] == REVIEW
    assert item.payload["specialty"] == "paediatrics"  # ours, kept
    assert item.meta["hub_version"]["specialty"] == "general_medicine"  # theirs, kept
    assert [e.needs_review for e in enrolled.recorder.of(ItemFailed)] == [True]
    with hub.context.sessions() as s:
        assert s.get(Consult, str(uuid.UUID(cid))).specialty == "general_medicine"  # type: ignore[union-attr]
    engine.resolve(row_id, "hub")
    resolved = engine.queue.get(row_id)
    assert resolved is not None and resolved.state == "done"
    assert resolved.payload["specialty"] == "paediatrics"
    assert resolved.meta["hub_version"]["specialty"] == "general_medicine"
    assert resolved.meta["resolution"] == "hub"
