"""Whole-profile plaintext canary for demo mode: a demo session in process (embedded hub,
sync, an attachment, a recording) with a patient whose names, mobile, ABHA number and
complaint are unique words, then a byte scan of the whole profile (spoke and embedded hub),
its temp and log folders and the system temp: no hit while the app runs, none after."""

from __future__ import annotations

import dataclasses
import json
import logging
import random
import sqlite3
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

import cv2
import numpy as np
import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from desktop import logs, paths, redact
from desktop.core import abha
from desktop.core.consent import Consent, ConsentKind, GivenBy
from desktop.core.duplicates import Decision
from desktop.core.patient import Patient
from desktop.core.vitals import Vitals
from desktop.settings import Settings
from desktop.storage import consult_repo, patient_repo
from desktop.storage.models.outbox import OutboxEntry
from desktop.ui import demo
from desktop.ui.clinic_app import ClinicApp
from hub import models as hub_models
from tests.helpers.canary import canary, needles, scan

# A plain fragmented-MP4 fragment starts so: a recording must never reach the disk like this.
PLAIN_MP4_FRAGMENT = b"moof\x00\x00\x00\x10mfhd"


def _outbox_done(clinic: ClinicApp) -> bool:
    assert clinic.storage is not None
    with clinic.storage.db.read_session() as s:
        states = set(s.scalars(select(OutboxEntry.state)))
    if "failed" in states:  # fails the test now (an AssertionError would only retry)
        raise RuntimeError("an outbox row failed")
    return states == {"done"}


@pytest.mark.qt_log_ignore("PulseAudioService", "pipewire")
def test_a_demo_session_leaves_no_plaintext_in_the_profile(
    profile: paths.Locations,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    started = time.time() - 1
    given, family, complaint = canary(), canary(), canary()
    rng = random.Random()
    mobile = "9" + "".join(rng.choice("0123456789") for _ in range(9))
    abha_number = abha.luhn_complete("".join(rng.choice("0123456789") for _ in range(13)))
    wanted = needles(given, family, complaint, mobile, abha_number)
    wanted += needles(abha.format_number(abha_number)) + [PLAIN_MP4_FRAGMENT]
    profile_root = profile.data.parent
    folders = [profile_root, profile.temp, profile.logs]
    logs.setup(profile.logs, level=logging.DEBUG)
    clinic = ClinicApp(Settings(), demo_mode=True)
    try:
        assert clinic.open_storage()
        assert clinic.sign_in(unattended=True)
        shell = clinic.build_window()
        qtbot.addWidget(shell.window)
        shell.window.show()
        qtbot.waitUntil(lambda: shell.window.sync_indicator.text() == "Online", timeout=60_000)
        storage, session, workspace = clinic.storage, clinic.session, clinic.workspace
        assert storage is not None and session is not None and workspace is not None
        assert session.current is not None
        # New blobs are encrypted to the embedded hub's key too (uploads need it).
        qtbot.waitUntil(lambda: len(storage.blobs.recipients) >= 2, timeout=30_000)
        actor = session.current.actor(storage.device)

        patient = Patient(
            given_name=given,
            family_name=family,
            sex="female",
            birth_date=date(1990, 1, 2),
            mobile=mobile,
            abha_number=abha_number,
            state_lgd=10,
            district="Gaya",
            locality="Bodh Gaya",
        )
        today = date.today()
        storage.writer.run(
            lambda s: patient_repo.register(s, patient, actor, today, Decision.NEW_PATIENT)
        )
        intake = workspace.intake
        intake.open_for(patient)
        qtbot.waitUntil(lambda: intake.consult is not None, timeout=10_000)
        assert intake.consult is not None
        cid = intake.consult.id
        draft = dataclasses.replace(
            intake.consult,
            complaint_text=f"{complaint} since three days",
            specialty="general_medicine",
            vitals=Vitals(systolic=131, diastolic=87, temperature_c=38.4, spo2=96),
        )
        storage.writer.run(lambda s: consult_repo.autosave(s, draft, actor))
        for kind in (ConsentKind.TELECONSULTATION, ConsentKind.RECORDING):
            given_consent = Consent(kind, True, GivenBy.PATIENT, actor.username, datetime.now(UTC))
            storage.writer.run(
                lambda s, c=given_consent: consult_repo.record_consent(
                    s, cid, c, patient, today, actor
                )
            )
        ok, png = cv2.imencode(".png", np.full((240, 320, 3), 200, dtype=np.uint8))
        assert ok
        photo = png.tobytes() + f"photo of {given} {family}, {mobile}".encode()
        ref, thumb = consult_repo.store_attachment_blobs(storage.blobs, photo, "image/png")
        storage.writer.run(
            lambda s: consult_repo.attach(s, cid, ref, thumb, "image/png", "Rash", actor)
        )
        intake.consult = storage.writer.run(lambda s: consult_repo.load(s, cid))

        # A recording of the consult (the test pattern), its segments queued for the hub.
        capture = clinic.capture
        assert capture is not None
        shell.window.show_page("camera")
        qtbot.waitUntil(capture.record_button.isEnabled, timeout=15_000)
        qtbot.mouseClick(capture.record_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(
            lambda: capture.recorder is not None and capture.recorder.elapsed > 2.5,
            timeout=20_000,
        )
        with qtbot.waitSignal(capture.recording_finished, timeout=30_000):
            qtbot.mouseClick(capture.record_button, Qt.MouseButton.LeftButton)
        shell.window.show_page("patients")

        storage.writer.run(lambda s: consult_repo.mark_ready(s, cid, patient, today, actor))
        # No call to wake the sync engine: the new outbox rows do (storage's OutboxWatch).
        qtbot.waitUntil(lambda: _outbox_done(clinic), timeout=120_000)

        # The data really is on the hub (so a clean scan means encrypted, not absent).
        hub = clinic.hub
        assert hub is not None
        with hub.context.sessions() as s:
            patients = [json.dumps(r) for r in s.scalars(select(hub_models.Patient.resource))]
            consults = [json.dumps(r) for r in s.scalars(select(hub_models.Consult.resources))]
            uploads = s.scalar(
                select(func.count())
                .select_from(hub_models.Upload)
                .where(hub_models.Upload.completed_at.is_not(None))
            )
        formatted_abha = abha.format_number(abha_number)  # FHIR carries XX-XXXX-XXXX-XXXX
        assert any(given in p and mobile in p and formatted_abha in p for p in patients)
        assert any(complaint in c for c in consults)
        assert uploads is not None and uploads >= 2  # the photo and the recording
        hub_dir = demo.demo_hub_dir(profile)
        assert list(hub_dir.glob("hub.db-wal")) and list((hub_dir / "blobs").rglob("*"))

        # While everything is open: WAL and -shm files of both databases included.
        assert scan(folders, wanted) == []
    finally:
        clinic.shutdown()
        logs.shutdown()
        redact.forget_all()
    assert (profile.logs / logs.LOG_FILE).stat().st_size > 0
    assert scan(folders, wanted) == []
    assert scan([Path(tempfile.gettempdir())], wanted, since=started) == []
    # The embedded hub's database is SQLCipher and its key is nowhere in the profile.
    hub_db = demo.demo_hub_dir(profile) / "hub.db"
    assert not hub_db.read_bytes().startswith(b"SQLite format 3")
    plain = sqlite3.connect(hub_db)
    with pytest.raises(sqlite3.DatabaseError):
        plain.execute("SELECT count(*) FROM sqlite_master").fetchone()
    plain.close()
    assert not [p for p in profile_root.rglob("*") if p.name == "hub-key.txt"]
    assert scan([profile_root], [b"AGE-SECRET-KEY-"]) == []
