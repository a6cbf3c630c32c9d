"""The real spoke workflow's outbox rows (storage repos + core FHIR) reach the real hub:
patient, the consult's FHIR bundle as a finalized consult, its encrypted attachment."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import cv2
import numpy as np
from pyrage import x25519
from sqlalchemy import select

from desktop.core.consent import Consent, ConsentKind, GivenBy
from desktop.core.consult import Status
from desktop.core.duplicates import Decision
from desktop.storage import consult_repo, patient_repo
from desktop.storage.blobs import BlobStore
from desktop.storage.models.outbox import OutboxEntry
from hub.models import Consult, ConsultAddendum, Patient, Upload
from tests.helpers.clinical import OPERATOR, TODAY, person
from tests.helpers.waiting import wait_for
from tests.sync_support.hubctl import LiveHub
from tests.sync_support.spoke import Spoke

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def test_workflow_rows_reach_the_hub(hub: LiveHub, enrolled: Spoke) -> None:
    w = enrolled.writer
    hub_key = enrolled.tokens.device().hub_recipient  # type: ignore[union-attr]
    store = BlobStore(
        enrolled.blob_root, x25519.Identity.generate(), [x25519.Recipient.from_str(hub_key)]
    )
    p = person("Sunita", "Devi", sex="female")
    w.run(lambda s: patient_repo.register(s, p, OPERATOR, TODAY, Decision.NEW_PATIENT))
    c = w.run(lambda s: consult_repo.create_draft(s, p.id, OPERATOR))
    c.complaints = ["fever"]
    c.complaint_text = "Fever for three days"
    c.specialty = "general_medicine"
    w.run(lambda s: consult_repo.autosave(s, c, OPERATOR))
    given = Consent(ConsentKind.TELECONSULTATION, True, GivenBy.PATIENT, "cho.meena", NOW)
    w.run(lambda s: consult_repo.record_consent(s, c.id, given, p, TODAY, OPERATOR))
    ok, png = cv2.imencode(".png", np.full((120, 160, 3), 200, np.uint8))
    assert ok
    ref, thumb = consult_repo.store_attachment_blobs(store, png.tobytes(), "image/png")
    att = w.run(lambda s: consult_repo.attach(s, c.id, ref, thumb, "image/png", "Rash", OPERATOR))
    w.run(lambda s: consult_repo.mark_ready(s, c.id, p, TODAY, OPERATOR))
    w.run(lambda s: consult_repo.move(s, c.id, Status.WITH_HUB, OPERATOR))
    w.run(lambda s: consult_repo.add_addendum(s, c.id, "BP rechecked", OPERATOR, NOW))

    engine = enrolled.engine()
    engine.start()
    wait_for(lambda: enrolled.states() == {"done": 5}, timeout=30)
    with hub.context.sessions() as s:
        patient = s.get(Patient, str(uuid.UUID(p.id)))
        consult = s.get(Consult, str(uuid.UUID(c.id)))
        assert patient is not None and consult is not None
        assert consult.finalized and consult.status == "queued"
        assert consult.specialty == "general_medicine" and consult.patient_id == patient.id
        assert {r["resourceType"] for r in consult.resources} >= {"Encounter", "Consent"}
        uploads = list(s.scalars(select(Upload)))
    assert [u.metadata_json["filename"] for u in uploads] == [f"{att.blob_id}.age"]
    assert uploads[0].sha256 == ref.sha256 and uploads[0].completed_at is not None
    with enrolled.db.read_session() as s:
        status_row = s.scalar(select(OutboxEntry).where(OutboxEntry.operation == "update"))
        assert status_row is not None and status_row.payload["_sync"]["status"] == "local_only"
        addendum = s.scalar(select(OutboxEntry).where(OutboxEntry.entity_type == "addendum"))
        assert addendum is not None and addendum.state == "done"
    with hub.context.sessions() as s:
        on_hub = list(s.scalars(select(ConsultAddendum)))
    assert [(a.consult_id, a.text) for a in on_hub] == [(str(uuid.UUID(c.id)), "BP rechecked")]
