"""A store-and-forward consult: recording segments filed before "ready" travel in the hub's
consult body as one DocumentReference (segments in the order written), which the doctor's
review reads as one recording; a consult with no recording carries none."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from desktop.core.consent import Consent, ConsentKind, GivenBy
from desktop.core.duplicates import Decision
from desktop.core.review import parse_review
from desktop.storage import blob_records, consult_repo, patient_repo
from desktop.storage.blobs import BlobRef
from desktop.storage.models.outbox import OutboxEntry
from tests.helpers.clinical import OPERATOR, TODAY, Clinic, clinic, person
from tests.helpers.review_data import hub_bundle

_ = clinic
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def _ready(c: Clinic, segments: list[bytes]) -> tuple[dict, list[str]]:  # type: ignore[type-arg]
    p = person("Kamla", "Bai")
    c.writer.run(lambda s: patient_repo.register(s, p, OPERATOR, TODAY, Decision.NEW_PATIENT))
    draft = c.writer.run(lambda s: consult_repo.create_draft(s, p.id, OPERATOR))
    draft.complaints, draft.specialty = ["cough"], "general_medicine"
    c.writer.run(lambda s: consult_repo.autosave(s, draft, OPERATOR))
    given = Consent(ConsentKind.TELECONSULTATION, True, GivenBy.PATIENT, "cho.meena", NOW)
    c.writer.run(lambda s: consult_repo.record_consent(s, draft.id, given, p, TODAY, OPERATOR))
    ids = []
    for data in segments:
        ref = c.blobs.put(blob_records.SEGMENT_KIND, data)

        def file(session: Any, ref: BlobRef = ref) -> None:
            consult_repo.queue_recording_segment(session, draft.id, ref, OPERATOR)

        c.writer.run(file)
        ids.append(ref.blob_id)
    ready = c.writer.run(lambda s: consult_repo.mark_ready(s, draft.id, p, TODAY, OPERATOR))
    with c.db.read_session() as s:
        body = s.scalar(
            select(OutboxEntry.payload).where(
                OutboxEntry.entity_type == "consult", OutboxEntry.entity_id == ready.id
            )
        )
    return {"patient": p, "consult": ready, "body": body}, ids


def test_segments_filed_before_ready_travel_as_one_recording(clinic: Clinic) -> None:
    sent, ids = _ready(clinic, [b"segment one", b"segment two", b"segment three"])
    docs = [r for r in sent["body"]["resources"] if r["resourceType"] == "DocumentReference"]
    assert len(docs) == 1
    urls = [c["attachment"]["url"] for c in docs[0]["content"]]
    assert urls == [f"urn:spoke-clinic:blob:{i}" for i in ids]
    assert {c["attachment"]["contentType"] for c in docs[0]["content"]} == {"video/mp4"}
    # The doctor's review (through the hub's own OPConsultRecord builder) sees one recording.
    review = parse_review(hub_bundle(sent["patient"], sent["consult"], docs), TODAY)
    assert [[s.media.upload_id for s in r.segments] for r in review.recordings] == [ids]


def test_a_consult_without_a_recording_sends_none(clinic: Clinic) -> None:
    sent, _ids = _ready(clinic, [])
    kinds = [r["resourceType"] for r in sent["body"]["resources"]]
    assert "DocumentReference" not in kinds
