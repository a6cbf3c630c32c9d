"""Acceptance of the hub doctor's desktop (issue 19), end to end with the hub as its own
process: the operator's services and sync engine (as the operator's app runs them) register
a patient, record an allergy, BP, a picture and a store-and-forward recording and mark the
consult ready; the doctor's window shows it in the queue through the hub's watch push within
5 s of the hub having it, the doctor accepts, reviews (allergy, picture, recording decoded,
the earlier consult, a BP trend of two points) and completes without a call; a second
consult is declined with a reason and goes to another doctor; every media and history read
is audited on the hub; nothing of the consult is in plain form in the doctor's folders."""

from __future__ import annotations

import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import av
import cv2
import pytest
from sqlalchemy import select

from desktop import paths
from desktop.changes import ChangeBus
from desktop.core.consent import Consent, ConsentKind, GivenBy
from desktop.core.consult import Consult
from desktop.core.patient import Patient
from desktop.core.vitals import Vitals
from desktop.services.bundle import Services
from desktop.services.doctor import DoctorService, enroll_doctor_pc, set_up_doctor_pc
from desktop.services.settings import SettingsService
from desktop.settings import Settings
from desktop.storage.audit import Actor
from desktop.storage.blob_records import SEGMENT_KIND
from desktop.storage.keys import KeyStore
from desktop.storage.startup import FacilityDetails, FirstAccount, Storage, set_up
from desktop.sync.doctor_api import DoctorApi
from desktop.sync.engine import SyncEngine
from desktop.sync.events import ItemSent, SyncEvent
from desktop.sync.tokens import TokenStore
from desktop.ui import i18n
from desktop.ui.doctor.doctor_window import DoctorWindow
from hub.api.admin import add_user
from hub.models import AuditEvent, ConsultDecline, Upload, User
from hub.models import Consult as HubConsult
from hub.schemas import UserIn
from tests.helpers import canary
from tests.helpers.clinical import person
from tests.helpers.doctor_media import HEIGHT, WIDTH, recording_segments
from tests.sync_support.doctor import Doctor
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

    def register(self, given: str) -> Patient:
        p = person(given, "Synthetic", sex="female", birth_date=date(1972, 3, 14))
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
        segments: list[bytes] = (),  # type: ignore[assignment]
    ) -> Consult:
        consults, media = self.services.consults, self.services.media
        c = consults.create_draft(p.id).result(30)
        c.complaints, c.complaint_text = ["cough"], complaint
        c.allergies, c.specialty = allergies, "general_medicine"
        c.vitals = Vitals(systolic=bp[0], diastolic=bp[1], pulse=84)
        consults.autosave(c).result(30)
        yes = Consent(ConsentKind.TELECONSULTATION, True, GivenBy.PATIENT, "asha", _now())
        c = consults.record_consents(c.id, [yes], p, TODAY).result(30)
        if picture is not None:
            stored = media.store_file(picture, "image/png")
            consults.attach(c.id, stored.ref, stored.thumb, "image/png", "Rash").result(30)
        for data in segments:  # what the recorder files as each segment finishes
            consults.queue_recording_segment(
                c.id, self.storage.blobs.put(SEGMENT_KIND, data)
            ).result(30)
        c = consults.open(c.id).result(30)  # with its attachment
        return consults.mark_ready(c, p, TODAY).result(30)

    def close(self) -> None:
        self.engine.stop()
        self.storage.close()
        self.tokens.forget_all()
        self.keystore.delete(self.storage.device)


def _now() -> Any:
    from datetime import UTC, datetime

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


@pytest.mark.qt_log_ignore("PulseAudioService", "pipewire")  # the player opens a sink
def test_doctor_reviews_and_completes_a_store_and_forward_consult(  # type: ignore[no-untyped-def]
    hub: LiveHub,
    doctor_pc: tuple[Storage, TokenStore],
    profile: paths.Locations,
    tmp_path: Path,
    qtbot,
) -> None:
    started = time.time()
    name, allergy = canary.canary(), canary.canary()
    files = tmp_path / "operator-files"  # the operator's own camera/scanner output
    files.mkdir()
    picture = picture_from_testsrc(files / "rash.png")
    segments = recording_segments(count=2, seconds=1)

    storage, tokens = doctor_pc
    operator = OperatorPC(tmp_path / "operator", hub)
    other: Doctor | None = None
    window: DoctorWindow | None = None
    bus = ChangeBus()
    service = DoctorService(
        DoctorApi.open(tokens), storage.writer, storage.blobs, storage.device, bus
    )
    try:
        patient = operator.register(name)
        # An earlier consult of the same patient, seen and completed by another doctor.
        other = Doctor(hub, "doctor2")
        earlier = operator.consult(patient, bp=(150, 95))
        qtbot.waitUntil(
            lambda: (hub_consult(hub, earlier.id) or ("", None))[0] == "assigned", timeout=30_000
        )
        other.accept(str(uuid.UUID(earlier.id)))
        other.complete(str(uuid.UUID(earlier.id)))
        r = other.http.put("/doctors/me/availability", json={"availability": "offline"})
        assert r.is_success

        # The doctor's window, signed in at the hub, online, the live queue running.
        assert service.sign_in("doctor", PASSWORD).result(30).role == "hub_doctor"
        window = DoctorWindow(
            Settings(), service, bus, SettingsService(Settings(), profile.settings_file)
        )
        qtbot.addWidget(window.shell.window)
        window.shell.window.resize(1366, 768)
        window.start()
        queue, host = window.queue, window.review
        queue.set_availability("online")
        qtbot.waitUntil(lambda: "online" in queue.status.text())

        # Ready at the spoke -> in the doctor's queue, pushed, within 5 s of the hub having it.
        current = operator.consult(
            patient,
            bp=(168, 96),
            allergies=f"{allergy} (sulfa drugs)",
            complaint=f"Itchy rash {name} (synthetic)",
            picture=files / "rash.png",
            segments=segments,
        )
        cid = str(uuid.UUID(current.id))
        qtbot.waitUntil(lambda: operator.sent_at(current.id) is not None, timeout=30_000)
        hub_had_it = operator.sent_at(current.id)
        assert hub_had_it is not None
        qtbot.waitUntil(lambda: queue.model.row_of(cid) >= 0, timeout=5000)
        assert time.monotonic() - hub_had_it < 5.0
        assert queue.model.item(queue.model.row_of(cid)).offered
        qtbot.waitUntil(operator.all_sent, timeout=60_000)  # the picture and segments too

        # Accept, open: the review of the consult.
        assert queue.select(cid)
        queue.accept_button.click()
        qtbot.waitUntil(lambda: (hub_consult(hub, cid) or ("", None))[0] == "in_progress")
        qtbot.waitUntil(
            lambda: (
                queue.model.row_of(cid) >= 0
                and queue.model.item(queue.model.row_of(cid)).status == "in_progress"
            )
        )
        assert queue.select(cid)
        with qtbot.waitSignal(host.history_shown, timeout=20_000):
            queue.open_button.click()
        page = host.page
        assert host.consult_id == cid
        assert window.shell.window.stack.currentWidget() is host
        assert allergy in page.allergy_strip.text()
        assert name in page.name.text()

        # The picture, re-encrypted to this PC by the hub and decrypted in memory.
        with qtbot.waitSignal(page.media_opened, timeout=20_000):
            page.attachments_list.clicked.emit(page.attachments_model.index(0))
        assert page.viewer_stack.currentWidget() is page.image_viewer
        assert page.image_viewer.image_size() == PICTURE

        # The recording: both segments fetched and decoded (frames of the testsrc2 size).
        with qtbot.waitSignal(page.media_opened, timeout=30_000):
            page.recordings_list.clicked.emit(page.recordings_model.index(0))
        player = page.player.player
        assert player is not None
        qtbot.waitUntil(lambda: player.preview.frame is not None, timeout=10_000)
        page.player.seek(1.5)  # into the second segment
        qtbot.waitUntil(
            lambda: (
                player.preview.frame is not None and abs(player.preview.frame.time - 1.5) < 0.15
            ),
            timeout=10_000,
        )
        frame = player.preview.frame
        assert frame is not None and frame.image.shape == (HEIGHT, WIDTH, 3)

        # The earlier consult, and a BP trend of two points (earlier, this one).
        assert [e.consult_id for e in page.history] == [str(uuid.UUID(earlier.id))]
        bp = page.trends_view.charts["bp"]
        assert bp.point_values("systolic") == [150.0, 168.0]
        assert bp.point_values("diastolic") == [95.0, 96.0]

        # Completed from the review, without a call.
        with qtbot.waitSignal(host.completed, timeout=20_000):
            host.complete_button.click()
        qtbot.waitUntil(lambda: (hub_consult(hub, cid) or ("", None))[0] == "completed")
        assert host.consult_id is None and page.name.text() == ""
        qtbot.waitUntil(lambda: queue.model.row_of(cid) == -1)

        # Every media read and the history read left an audit row on the hub.
        me = user_id(hub, "doctor")
        with hub.context.sessions() as s:
            uploads = {u.id for u in s.scalars(select(Upload).where(Upload.consult_id == cid))}
        reads = audit_rows(hub, "media_read")
        assert {oid for uid, oid, outcome in reads if uid == me and outcome == "allowed"} == uploads
        assert len(uploads) == 1 + len(segments)  # the picture and the segments
        history_reads = audit_rows(hub, "history_read")
        assert (me, cid, "allowed") in history_reads
        assert (me, str(uuid.UUID(earlier.id)), "allowed") in history_reads

        # A second consult: declined with a reason, then offered to another doctor.
        second = operator.consult(patient, bp=(140, 90))
        second_id = str(uuid.UUID(second.id))
        qtbot.waitUntil(lambda: queue.model.row_of(second_id) >= 0, timeout=30_000)
        assert queue.select(second_id)
        queue.decline_button.click()
        dialog = queue._decline
        assert dialog is not None and not dialog.ok.isEnabled()
        dialog.text.setPlainText("Needs a dermatologist")
        dialog.ok.click()
        qtbot.waitUntil(lambda: (hub_consult(hub, second_id) or ("", None))[0] == "queued")
        r = other.http.put("/doctors/me/availability", json={"availability": "online"})
        assert r.is_success
        qtbot.waitUntil(
            lambda: (hub_consult(hub, second_id) or ("", None))[1] == user_id(hub, "doctor2")
        )
        assert second_id in [c["id"] for c in other.queue()]
        with hub.context.sessions() as s:
            reasons = list(
                s.scalars(
                    select(ConsultDecline.reason).where(ConsultDecline.consult_id == second_id)
                )
            )
        assert reasons == ["Needs a dermatologist"]

        # Nothing of the consult in plain form in the doctor's profile, temp or log folders.
        window.stop()
        window.shell.window.close()
        needles = [*canary.needles(name, allergy), picture[200:264], segments[0][4000:4064]]
        mine = [profile.data, profile.cache, profile.temp, profile.logs, profile.config]
        assert canary.scan(mine, needles, since=started - 1) == []
        system_temp = canary.scan([Path(tempfile.gettempdir())], needles, since=started - 1)
        assert [hit for hit in system_temp if not hit.startswith(str(tmp_path))] == []
    finally:
        if other is not None:
            other.close()
        if window is not None:
            window.stop()
        service.close()
        operator.close()
        i18n.install("en")
