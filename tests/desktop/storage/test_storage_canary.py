"""Plaintext canary: register a patient with a unique name, vitals and a photo through the
real workflow, then scan the profile, the temp dirs and the logs (UTF-8 and UTF-16)."""

from __future__ import annotations

import logging
import tempfile
import time
from datetime import date
from pathlib import Path

import cv2
import numpy as np
from sqlalchemy import select

from desktop import logs, redact
from desktop.core.duplicates import Decision
from desktop.core.patient import Patient
from desktop.core.vitals import Vitals
from desktop.storage import consult_repo, patient_repo
from desktop.storage.models.outbox import OutboxEntry
from desktop.storage.session import UserSession
from desktop.storage.startup import open_storage
from tests.helpers.canary import canary, needles, scan

TODAY = date(2026, 11, 25)


def test_no_plaintext_anywhere(ready) -> None:
    started = time.time() - 1
    locs, keystore, _ = ready
    logs.setup(locs.logs, level=logging.DEBUG)
    given, family, complaint = canary(), canary(), canary()
    try:
        storage = open_storage(locs, keystore)
        session = UserSession(storage)
        assert session.login("asha", "correct horse 1").result(10).ok
        actor = session.current.actor(storage.device)
        patient = Patient(
            given_name=given,
            family_name=family,
            sex="female",
            birth_date=date(1990, 1, 2),
            mobile="9876501234",
            state_lgd=10,
            district="Gaya",
            locality="Bodh Gaya",
        )
        storage.writer.run(
            lambda s: patient_repo.register(s, patient, actor, TODAY, Decision.NEW_PATIENT)
        )
        # Saving (or opening) a patient registers their names with the log redaction.
        assert redact.scrub(f"{given} {family}") == f"{redact.MASK} {redact.MASK}"
        consult = storage.writer.run(lambda s: consult_repo.create_draft(s, patient.id, actor))
        consult.complaint_text = f"{complaint} since three days"
        consult.vitals = Vitals(systolic=131, diastolic=87, temperature_c=38.4, spo2=96)
        storage.writer.run(lambda s: consult_repo.autosave(s, consult, actor))
        image = np.full((240, 320, 3), 200, dtype=np.uint8)
        ok, png = cv2.imencode(".png", image)
        assert ok
        photo = png.tobytes() + f"photo of {given} {family}".encode()  # canary inside the file
        ref, thumb = consult_repo.store_attachment_blobs(storage.blobs, photo, "image/png")
        storage.writer.run(
            lambda s: consult_repo.attach(s, consult.id, ref, thumb, "image/png", "Rash", actor)
        )
        logging.getLogger("spoke.storage").info("consult saved for patient %s", patient.id)
        # The data is really there (so a clean scan means encrypted, not absent).
        assert storage.blobs.read_all(ref.blob_id, ref.sha256) == photo
        with storage.db.read_session() as s:
            payloads = [str(p) for p in s.scalars(select(OutboxEntry.payload))]
        assert any(given in p for p in payloads)

        wanted = needles(given, family, complaint)
        profile_root = locs.data.parent
        folders = [profile_root, locs.temp, locs.logs]
        assert scan(folders, wanted) == []  # while open: WAL and -shm included
        assert list(locs.data.glob("clinic.db-wal"))
        session.logout().result(10)
        storage.close()
    finally:
        logs.shutdown()
        redact.forget_all()
    assert (locs.logs / logs.LOG_FILE).stat().st_size > 0
    assert scan(folders, wanted) == []
    # Nothing of ours landed in the system temp folder either.
    assert scan([Path(tempfile.gettempdir())], wanted, since=started) == []
    assert not locs.database.read_bytes()[:16].startswith(b"SQLite format 3")
