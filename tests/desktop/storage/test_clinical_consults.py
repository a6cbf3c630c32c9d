"""Consults in storage: autosave that survives a kill, consent, attachments into the
encrypted blob store with thumbnails, READY queues the FHIR bundle, then only addenda."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import uuid
from datetime import UTC, datetime
from pathlib import Path

import cv2
import numpy as np
import pytest
from sqlalchemy import select

from desktop.core.consent import Consent, ConsentKind, GivenBy
from desktop.core.consult import Status
from desktop.core.duplicates import Decision
from desktop.core.issues import ValidationError
from desktop.core.lifecycle import ConsultLocked
from desktop.core.vitals import Vitals
from desktop.storage import audit, consult_repo, migrate, patient_repo
from desktop.storage.db import Database
from desktop.storage.models.outbox import OutboxEntry
from tests.helpers.clinical import OPERATOR, TODAY, Clinic, clinic, person

_ = clinic
ROOT = Path(__file__).resolve().parents[3]
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def _registered(c: Clinic):
    p = person("Ramesh", "Kumar")
    c.writer.run(lambda s: patient_repo.register(s, p, OPERATOR, TODAY, Decision.NEW_PATIENT))
    return p


def _png(w: int = 640, h: int = 480) -> bytes:
    image = np.zeros((h, w, 3), dtype=np.uint8)
    cv2.circle(image, (w // 2, h // 2), min(w, h) // 3, (0, 0, 255), -1)
    ok, data = cv2.imencode(".png", image)
    assert ok
    return data.tobytes()


def test_full_intake_to_ready(clinic: Clinic) -> None:
    p = _registered(clinic)
    c = clinic.writer.run(lambda s: consult_repo.create_draft(s, p.id, OPERATOR))
    c.complaints = ["fever"]
    c.complaint_text = "Fever and cough"
    c.specialty = "general_medicine"
    c.vitals = Vitals(systolic=128, diastolic=84, temperature_c=38.2, spo2=97)
    clinic.writer.run(lambda s: consult_repo.autosave(s, c, OPERATOR))

    with pytest.raises(ValidationError) as info:  # no consent, no consult
        clinic.writer.run(lambda s: consult_repo.mark_ready(s, c.id, p, TODAY, OPERATOR))
    assert "consent.teleconsultation_required" in {i.code for i in info.value.issues}

    given = Consent(ConsentKind.TELECONSULTATION, True, GivenBy.PATIENT, "cho.meena", NOW)
    clinic.writer.run(lambda s: consult_repo.record_consent(s, c.id, given, p, TODAY, OPERATOR))
    data = _png()
    ref, thumb = consult_repo.store_attachment_blobs(clinic.blobs, data, "image/png")
    assert thumb is not None
    att = clinic.writer.run(
        lambda s: consult_repo.attach(s, c.id, ref, thumb, "image/png", "Rash", OPERATOR)
    )
    assert clinic.blobs.read_all(att.blob_id, ref.sha256) == data
    small = cv2.imdecode(
        np.frombuffer(clinic.blobs.read_all(att.thumbnail_blob_id), np.uint8), cv2.IMREAD_COLOR
    )
    assert max(small.shape[:2]) == consult_repo.THUMB_PX
    assert data not in clinic.blobs.path_of(att.blob_id).read_bytes()  # encrypted at rest

    ready = clinic.writer.run(lambda s: consult_repo.mark_ready(s, c.id, p, TODAY, OPERATOR))
    assert ready.status is Status.READY
    with clinic.db.read_session() as s:
        loaded = consult_repo.load(s, c.id)
        assert loaded.vitals.temperature_c == 38.2 and loaded.complaint_text == "Fever and cough"
        assert [a.title for a in loaded.attachments] == ["Rash"]
        rows = list(s.scalars(select(OutboxEntry).order_by(OutboxEntry.id)))
        bundle = next(r for r in rows if r.entity_type == "consult")
        patient_row = next(r for r in rows if r.entity_type == "patient")
        # The row holds the hub's body itself, after the patient's own row.
        assert bundle.payload["patient_id"] == str(uuid.UUID(p.id))
        assert bundle.payload["final"] is True and bundle.depends_on == patient_row.id
        assert {r["resourceType"] for r in bundle.payload["resources"]} >= {"Encounter"}
        assert patient_row.payload["resource"]["id"] == str(uuid.UUID(p.id))
        upload = next(r for r in rows if r.entity_type == "blob")
        assert upload.depends_on == bundle.id and upload.entity_id == att.blob_id
        assert audit.verify(s) >= 5

    with pytest.raises(ConsultLocked):
        clinic.writer.run(lambda s: consult_repo.autosave(s, c, OPERATOR))
    with pytest.raises(ConsultLocked):
        clinic.writer.run(
            lambda s: consult_repo.attach(s, c.id, ref, None, "image/png", "x", OPERATOR)
        )
    after = clinic.writer.run(
        lambda s: consult_repo.add_addendum(s, c.id, "BP rechecked 124/80", OPERATOR, NOW)
    )
    assert [a.text for a in after.addenda] == ["BP rechecked 124/80"]
    moved = clinic.writer.run(lambda s: consult_repo.move(s, c.id, Status.WITH_HUB, OPERATOR))
    assert moved.status is Status.WITH_HUB


def test_pdf_attachment_has_no_thumbnail_and_odd_types_are_refused(clinic: Clinic) -> None:
    ref, thumb = consult_repo.store_attachment_blobs(
        clinic.blobs, b"%PDF-1.4\n%%EOF", "application/pdf"
    )
    assert thumb is None and ref.plaintext_size == 14
    with pytest.raises(ValueError):
        consult_repo.store_attachment_blobs(clinic.blobs, b"MZ", "application/x-msdownload")


CRASHER = textwrap.dedent(
    """
    import os, sys
    from desktop.core.vitals import Vitals
    from desktop.storage import consult_repo
    from desktop.storage.db import Database
    from desktop.storage.writer import DbWriter
    from tests.helpers.clinical import OPERATOR
    db = Database(sys.argv[1], bytes.fromhex(sys.argv[2]))
    writer = DbWriter(db)
    c = writer.run(lambda s: consult_repo.load(s, sys.argv[3]))
    c.complaint_text = "typed before the power cut"
    c.vitals = Vitals(pulse=88)
    writer.run(lambda s: consult_repo.autosave(s, c, OPERATOR))
    print("saved", flush=True)
    os._exit(9)  # no close, no checkpoint: the process dies right after the commit
    """
)


def test_autosaved_draft_survives_a_kill(clinic: Clinic, tmp_path: Path) -> None:
    p = _registered(clinic)
    c = clinic.writer.run(lambda s: consult_repo.create_draft(s, p.id, OPERATOR))
    path = clinic.db.path
    out = subprocess.run(
        [sys.executable, "-c", CRASHER, str(path), clinic.key.hex(), c.id],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert out.returncode == 9 and "saved" in out.stdout, out.stderr[-2000:]
    reopened = Database(path, clinic.key)
    try:
        migrate.check_not_newer(reopened)
        with reopened.read_session() as s:
            assert consult_repo.drafts_for(s, p.id) == [c.id]
            draft = consult_repo.load(s, c.id)
        assert draft.complaint_text == "typed before the power cut"
        assert draft.vitals.pulse == 88 and draft.status is Status.DRAFT
    finally:
        reopened.dispose()
