"""The world of the doctor's end-to-end tests: the hub as its own process (seeded here with a
second doctor), the operator's PC (its storage, services and sync engine, as the operator's
app runs them) and the doctor's PC (encrypted profile, enrolled with its age key). All data
synthetic."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import av
import cv2
import pytest
from sqlalchemy import select

from desktop import paths
from desktop.changes import ChangeBus
from desktop.core.consent import Consent, ConsentKind, GivenBy
from desktop.core.consult import Consult, Mode
from desktop.core.patient import Patient
from desktop.core.vitals import Vitals
from desktop.services.bundle import Services
from desktop.services.doctor import enroll_doctor_pc, set_up_doctor_pc
from desktop.storage.audit import Actor
from desktop.storage.blob_records import SEGMENT_KIND
from desktop.storage.keys import KeyStore
from desktop.storage.models.clinical import ConsultRecord
from desktop.storage.startup import FacilityDetails, FirstAccount, Storage, set_up
from desktop.sync.engine import SyncEngine
from desktop.sync.events import ItemSent, SyncEvent
from desktop.sync.tokens import TokenStore
from hub.api.admin import add_user
from hub.models import AuditEvent, User
from hub.models import Consult as HubConsult
from hub.schemas import UserIn
from tests.helpers.clinical import person
from tests.sync_support.hub_process import HubProcess
from tests.sync_support.hubctl import PASSWORD, LiveHub
from tests.sync_support.spoke import FAST

TODAY = date.today()
PICTURE = (480, 360)


# -- the hub, as its own process ------------------------------------------------------------
@pytest.fixture
def hub(tmp_path: Path) -> Iterator[LiveHub]:
    """Seeded here (with a second doctor), then served by a separate hub process; this
    process keeps the database open only to mint codes and to read rows."""
    seeded = LiveHub.create(tmp_path / "hub")
    with seeded.context.sessions() as s:
        add_user(
            s,
            seeded.config,
            seeded.context.passwords,
            UserIn(
                username="doctor2",
                password=PASSWORD,
                role="hub_doctor",
                facility_id=uuid.UUID(seeded.ids["hub"]),
                registration_number="MP-2",
                specialties=["general_medicine"],
            ),
        )
        s.commit()
    process = HubProcess(tmp_path / "hub", 0)
    process.start()
    seeded.port = process.port
    try:
        yield seeded
    finally:
        process.stop()
        seeded.context.engine.dispose()


def hub_consult(hub: LiveHub, consult_id: str) -> tuple[str, str | None] | None:
    with hub.context.sessions() as s:
        row = s.get(HubConsult, str(uuid.UUID(consult_id)))
        return (row.status, row.assigned_doctor_id) if row is not None else None


def user_id(hub: LiveHub, username: str) -> str:
    with hub.context.sessions() as s:
        user = s.scalar(select(User).where(User.username == username))
        assert user is not None
        return str(user.id)


def audit_rows(hub: LiveHub, action: str) -> list[tuple[str | None, str, str]]:
    with hub.context.sessions() as s:
        rows = s.execute(
            select(AuditEvent.user_id, AuditEvent.object_id, AuditEvent.outcome).where(
                AuditEvent.action == action
            )
        ).all()
    return [(r[0], r[1], r[2]) for r in rows]


# -- the operator's PC: its storage, services and sync engine, as the operator's app --------
class OperatorPC:
    def __init__(self, root: Path, hub: LiveHub) -> None:
        locs = paths._profile_locations(root)
        for folder in locs.all_dirs():
            folder.mkdir(parents=True, exist_ok=True)
        self.keystore = KeyStore(service=f"spoke-clinic-test-{uuid.uuid4().hex[:12]}")
        self.storage: Storage
        self.storage, _ = set_up(
            locs,
            self.keystore,
            FacilityDetails("HWC Kolar (synthetic)", state="Madhya Pradesh", district="Sehore"),
            FirstAccount("asha", "Test Operator", "operator", "correct horse 1"),
        )
        self.tokens = TokenStore(f"spoke-clinic-test-{uuid.uuid4().hex[:12]}")
        self.sent: dict[str, float] = {}  # entity id -> when the hub acknowledged it
        self._lock = threading.Lock()
        self.engine = SyncEngine(
            self.storage.db,
            self.storage.writer,
            self.on_event,
            tokens=self.tokens,
            blobs=self.storage.blobs,
            state_file=locs.data / "sync-state.json",
            config=FAST,
        )
        self.engine.enroll(
            hub.base_url, hub.enrollment_code("spoke"), "spoke PC", "operator", PASSWORD
        )
        # As the operator's app does once signed in: blobs are encrypted to the hub too.
        self.storage.set_hub_recipient(self.engine.hub_recipient())
        actor = Actor("asha", "operator", self.storage.device)
        self.services = Services.open(
            self.storage.db, self.storage.writer, self.storage.blobs, actor, ChangeBus()
        )

    def on_event(self, event: SyncEvent) -> None:
        if isinstance(event, ItemSent) and event.entity_id:
            with self._lock:
                self.sent.setdefault(event.entity_id, time.monotonic())

    def sent_at(self, entity_id: str) -> float | None:
        with self._lock:
            return self.sent.get(entity_id)

    def all_sent(self) -> bool:
        return not self.engine.unsent()

    def register(self, given: str, family: str = "Synthetic", sex: str = "female") -> Patient:
        p = person(given, family, sex=sex, birth_date=date(1972, 3, 14))
        reg = self.services.patients.register(p, TODAY).result(30)
        assert reg.saved
        return reg.patient

    def consult(
        self,
        p: Patient,
        *,
        bp: tuple[int, int],
        allergies: str = "",
        complaint: str = "Cough for a week (synthetic)",
        picture: Path | None = None,
        title: str = "Rash",
        segments: list[bytes] | None = None,
        days_ago: int = 0,
        mode: Mode = Mode.VIDEO,
    ) -> Consult:
        """A consult marked ready (``days_ago``: begun that many days ago, so its vitals are
        dated then)."""
        consults, media = self.services.consults, self.services.media
        c = consults.create_draft(p.id).result(30)
        if days_ago:
            began = _now() - timedelta(days=days_ago)

            def backdate(session: Any) -> None:
                row = session.get(ConsultRecord, c.id)
                row.created_at = began

            self.storage.writer.run(backdate)
        c.complaints, c.complaint_text = ["cough"], complaint
        c.allergies, c.specialty, c.mode = allergies, "general_medicine", mode
        c.vitals = Vitals(systolic=bp[0], diastolic=bp[1], pulse=84)
        consults.autosave(c).result(30)
        yes = Consent(ConsentKind.TELECONSULTATION, True, GivenBy.PATIENT, "asha", _now())
        c = consults.record_consents(c.id, [yes], p, TODAY).result(30)
        if picture is not None:
            stored = media.store_file(picture, "image/png")
            consults.attach(c.id, stored.ref, stored.thumb, "image/png", title).result(30)
        for data in segments or []:  # what the recorder files as each segment finishes
            consults.queue_recording_segment(
                c.id, self.storage.blobs.put(SEGMENT_KIND, data)
            ).result(30)
        c = consults.open(c.id).result(30)  # with its attachment
        return consults.mark_ready(c, p, TODAY).result(30)

    def record_after_ready(self, c: Consult, data: bytes) -> None:
        """A segment the recorder files once the consult was sent (during a call)."""
        ref = self.storage.blobs.put(SEGMENT_KIND, data)
        self.services.consults.queue_recording_segment(c.id, ref).result(30)

    def close(self) -> None:
        self.engine.stop()
        self.storage.close()
        self.tokens.forget_all()
        self.keystore.delete(self.storage.device)


def _now() -> datetime:
    return datetime.now(UTC)


def picture_from_testsrc(path: Path) -> bytes:
    """A PNG of one lavfi testsrc2 frame (synthetic)."""
    w, h = PICTURE
    with av.open(f"testsrc2=size={w}x{h}:rate=5", format="lavfi") as src:
        frame = next(src.decode(video=0))
        rgb = frame.to_ndarray(format="bgr24")
    ok, encoded = cv2.imencode(".png", rgb)
    assert ok
    data = encoded.tobytes()
    path.write_bytes(data)
    return data


# -- the doctor's PC -----------------------------------------------------------------------
@pytest.fixture
def doctor_pc(profile: paths.Locations, hub: LiveHub) -> Iterator[tuple[Storage, TokenStore]]:
    keystore = KeyStore(service=f"spoke-clinic-test-{uuid.uuid4().hex[:12]}")
    tokens = TokenStore(f"spoke-clinic-test-hub-{uuid.uuid4().hex[:12]}")
    storage, _ = set_up_doctor_pc(profile, keystore, FacilityDetails("Zonal Hub (synthetic)"))
    enroll_doctor_pc(storage, hub.base_url, hub.enrollment_code("hub"), tokens=tokens)
    yield storage, tokens
    storage.close()
    tokens.forget_all()
    keystore.delete(storage.device)
