"""Dependency order against the real hub: a blob waits for its consult (even one written
after it, or a draft never sent), and a refused patient holds its consult and blobs while
unrelated records go through."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from desktop.core.duplicates import Decision
from desktop.storage import consult_repo, patient_repo
from desktop.storage.models.outbox import OutboxEntry
from desktop.sync.events import ItemFailed, ItemSent
from tests.helpers.clinical import OPERATOR, TODAY, person
from tests.helpers.waiting import wait_for
from tests.sync_support.hubctl import LiveHub
from tests.sync_support.spoke import Spoke, consult_payload


def _states(spoke: Spoke) -> dict[str, str]:
    with spoke.db.read_session() as s:
        return {r.entity_type + ":" + r.entity_id: r.state for r in s.scalars(select(OutboxEntry))}


def _complete(hub: LiveHub) -> int:
    return len([u for u in hub.uploads() if u.completed_at is not None])


def test_blob_written_before_its_consult_row_waits_and_arrives_once(
    hub: LiveHub, enrolled: Spoke
) -> None:
    pid = enrolled.add_patient()
    cid = uuid.uuid4().hex
    blob_id = enrolled.add_blob(cid, 200_000, seed=7)  # the consult is not on the hub yet
    engine = enrolled.engine()
    engine.start()

    def refusals() -> list[ItemFailed]:
        return [e for e in enrolled.recorder.of(ItemFailed) if e.code == "ConsultNotOnHubError"]

    wait_for(lambda: len(refusals()) >= 3)  # several backoff rounds with the 404
    assert _states(enrolled)[f"blob:{blob_id}"] == "pending"  # waiting, not refused for good
    assert all(e.will_retry for e in refusals())
    # Now the consult is written (as mark_ready does after recording started).
    enrolled.add("consult", cid, "create", consult_payload(str(uuid.UUID(pid))))
    engine.notify_new_work()
    wait_for(lambda: set(_states(enrolled).values()) == {"done"})
    assert _complete(hub) == 1 and len(hub.uploads()) == 1
    # The row is marked done before its ItemSent event is announced: wait for the event too.
    wait_for(lambda: "blob" in [e.entity_type for e in enrolled.recorder.of(ItemSent)])
    sent = [e.entity_type for e in enrolled.recorder.of(ItemSent)]
    assert sent.index("consult") < sent.index("blob")


def test_recording_segment_of_a_draft_waits_for_mark_ready(hub: LiveHub, enrolled: Spoke) -> None:
    """The real workflow: a segment recorded during intake (draft) is held without even
    asking the hub, then uploaded once after mark_ready."""
    from pyrage import x25519

    from desktop.storage.blobs import BlobStore

    w = enrolled.writer
    store = BlobStore(enrolled.blob_root, x25519.Identity.generate())
    p = person("Kamala", "Bai", sex="female")
    w.run(lambda s: patient_repo.register(s, p, OPERATOR, TODAY, Decision.NEW_PATIENT))
    c = w.run(lambda s: consult_repo.create_draft(s, p.id, OPERATOR))
    engine = enrolled.engine()
    engine.start()
    wait_for(lambda: "done" in _states(enrolled).values())  # the patient went
    ref = store.put("recording-segment", b"\x00fragmented mp4 segment" * 5000)
    w.run(lambda s: consult_repo.queue_recording_segment(s, c.id, ref, OPERATOR))
    engine.notify_new_work()
    assert engine.worker.settled()  # it looked at the new row, and holds it
    assert _states(enrolled)[f"blob:{ref.blob_id}"] == "pending"
    assert not enrolled.recorder.of(ItemFailed)  # held locally: no 404 round trips
    assert hub.uploads() == []

    c.complaints = ["cough"]
    c.complaint_text = "Cough for a week"
    c.specialty = "general_medicine"
    w.run(lambda s: consult_repo.autosave(s, c, OPERATOR))
    from datetime import UTC, datetime

    from desktop.core.consent import Consent, ConsentKind, GivenBy

    given = Consent(
        ConsentKind.TELECONSULTATION,
        True,
        GivenBy.PATIENT,
        "cho.meena",
        datetime(2026, 11, 25, 10, tzinfo=UTC),
    )
    w.run(lambda s: consult_repo.record_consent(s, c.id, given, p, TODAY, OPERATOR))
    w.run(lambda s: consult_repo.mark_ready(s, c.id, p, TODAY, OPERATOR))
    engine.notify_new_work()
    wait_for(lambda: set(_states(enrolled).values()) == {"done"}, timeout=30)
    uploads = hub.uploads()
    assert len(uploads) == 1 and uploads[0].completed_at is not None
    assert uploads[0].sha256 == ref.sha256


def test_refused_patient_holds_its_consult_and_blob_while_others_go(
    hub: LiveHub, enrolled: Spoke
) -> None:
    """Fails without the dependency check: the consult would be sent and refused too."""
    bad = uuid.uuid4().hex
    enrolled.add(
        "patient",
        bad,
        "create",
        {"resource": {"resourceType": "Patient", "birthDate": "not a date", "name": "x"}},
    )
    cid = enrolled.add_consult(bad)
    blob_id = enrolled.add_blob(cid, 50_000)
    good = enrolled.add_patient(1)
    good_consult = enrolled.add_consult(good)
    engine = enrolled.engine()
    engine.start()
    wait_for(lambda: _states(enrolled)[f"consult:{good_consult}"] == "done")
    assert engine.worker.settled()  # nothing more it can send
    states = _states(enrolled)
    assert states[f"patient:{bad}"] == "failed"  # refused by the hub (invalid FHIR)
    assert states[f"consult:{cid}"] == "pending"  # held, never sent
    assert states[f"blob:{blob_id}"] == "pending"  # waits for its held consult
    assert states[f"patient:{good}"] == "done"
    assert (hub.patients(), hub.consults(), hub.uploads()) == (1, 1, [])
    sent = {e.item_id for e in enrolled.recorder.of(ItemSent)}
    failed = {e.item_id for e in enrolled.recorder.of(ItemFailed)}
    assert len(sent) == 2 and len(failed) == 1
