"""A doctor's PC against a real hub: set up encrypted with no local account, enrolled with a
one-time code (its age key sent), the hub doctor signs in, goes online; consults an
operator queues appear in the queue page driven by the hub's watch push (no polling), are
accepted, opened (bundle cached encrypted, nothing in plain form on disk), completed, and
one is declined with a reason and goes to another doctor."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from PySide6.QtWidgets import QDialog

from desktop import paths
from desktop.changes import ChangeBus
from desktop.services.doctor import (
    DoctorService,
    enroll_doctor_pc,
    installation_kind,
    set_up_doctor_pc,
)
from desktop.services.settings import SettingsService
from desktop.settings import Settings
from desktop.storage.keys import KeyStore
from desktop.storage.startup import FacilityDetails, Storage
from desktop.sync.doctor_api import DoctorApi
from desktop.sync.tokens import TokenStore
from desktop.ui import i18n
from desktop.ui.doctor.doctor_window import DoctorWindow
from desktop.ui.doctor.hub_login import HubLoginDialog
from hub.models import Consult, User
from tests.helpers import canary
from tests.sync_support.doctor import Doctor
from tests.sync_support.hubctl import PASSWORD, LiveHub


class Operator:
    """A spoke operator over the raw API: registers a patient and sends a consult."""

    def __init__(self, hub: LiveHub) -> None:
        self.http = httpx.Client(base_url=f"{hub.base_url}/api/v1", timeout=20)
        device = self.http.post(
            "/auth/enroll", json={"code": hub.enrollment_code("spoke"), "name": "spoke PC"}
        ).json()
        token = self.http.post(
            "/auth/token",
            data={
                "grant_type": "password",
                "username": "operator",
                "password": PASSWORD,
                "client_id": device["device_id"],
                "client_secret": device["device_secret"],
            },
        )
        token.raise_for_status()
        self.http.headers["Authorization"] = f"Bearer {token.json()['access_token']}"

    def queue_consult(self, name: str) -> str:
        pid, cid = str(uuid.uuid4()), str(uuid.uuid4())
        patient: dict[str, Any] = {
            "resourceType": "Patient",
            "id": pid,
            "name": [{"text": name}],
            "gender": "female",
            "birthDate": "1980-01-01",
        }
        r = self.http.put(f"/patients/{pid}", json={"resource": patient})
        assert r.is_success, r.text
        body = {"patient_id": pid, "specialty": "general_medicine", "resources": [], "final": True}
        r = self.http.put(f"/consults/{cid}", json=body)
        assert r.is_success, r.text
        return cid

    def close(self) -> None:
        self.http.close()


@pytest.fixture
def doctor_pc(profile: paths.Locations, hub: LiveHub) -> Iterator[tuple[Storage, TokenStore]]:
    keystore = KeyStore(service=f"spoke-clinic-test-{uuid.uuid4().hex[:12]}")
    tokens = TokenStore(f"spoke-clinic-test-hub-{uuid.uuid4().hex[:12]}")
    storage, _code = set_up_doctor_pc(profile, keystore, FacilityDetails("Zonal Hub (synthetic)"))
    enroll_doctor_pc(storage, hub.base_url, hub.enrollment_code("hub"), tokens=tokens)
    yield storage, tokens
    storage.close()
    tokens.forget_all()
    keystore.delete(storage.device)


def _consult(hub: LiveHub, consult_id: str) -> tuple[str, str | None]:
    with hub.context.sessions() as s:
        row = s.get(Consult, consult_id)
        assert row is not None
        return row.status, row.assigned_doctor_id


# The test machine has no sound server: the offer chime falls back and Qt says so.
@pytest.mark.qt_log_ignore("PulseAudioService", "pipewire")
def test_doctor_pc_live_queue(  # type: ignore[no-untyped-def]
    hub: LiveHub, doctor_pc: tuple[Storage, TokenStore], profile: paths.Locations, qtbot
) -> None:
    storage, tokens = doctor_pc
    assert installation_kind(storage) == "hub"
    bus = ChangeBus()
    service = DoctorService(
        DoctorApi.open(tokens), storage.writer, storage.blobs, storage.device, bus
    )
    started = time.time()
    name = canary.canary()
    operator = Operator(hub)
    window: DoctorWindow | None = None
    try:
        # A wrong password is refused in words chosen by the hub's code; the doctor gets in.
        login = HubLoginDialog(service)
        qtbot.addWidget(login)
        login.username.setText("doctor")
        login.password.setText("not the password")
        login.sign_in.click()
        qtbot.waitUntil(lambda: "Wrong username or password" in login.message.text())
        login.password.setText(PASSWORD)
        login.sign_in.click()
        qtbot.waitUntil(lambda: login.result() == QDialog.DialogCode.Accepted)
        assert service.account is not None and service.account.role == "hub_doctor"

        window = DoctorWindow(
            Settings(), service, bus, SettingsService(Settings(), profile.settings_file)
        )
        qtbot.addWidget(window.shell.window)
        assert window.shell.window.page_keys() == ["home", "queue", "review", "settings"]
        window.start()
        queue = window.queue
        queue.set_availability("online")
        qtbot.waitUntil(lambda: "online" in queue.status.text())

        # Queued at the spoke: offered to this doctor, shown through the watch push.
        with qtbot.waitSignal(queue.offer_arrived, timeout=5000) as offered:
            first = operator.queue_consult(name)
        assert offered.args == [first]
        row = queue.model.row_of(first)
        item = queue.model.item(row)
        assert item.status == "assigned" and item.offered
        assert queue.model.text(item, "offered") == "Offered to you"
        assert queue.model.text(item, "specialty") == "General medicine"
        # The hub's queue item: the spoke with its state, the patient's age and sex.
        assert queue.model.text(item, "spoke").startswith("HWC (synthetic)")
        assert "Madhya Pradesh" in queue.model.text(item, "spoke")
        assert queue.model.text(item, "patient").endswith("y / F")
        assert window.notifier.shown  # the sound + tray (or status bar) notice

        assert queue.select(first)
        queue.accept_button.click()
        qtbot.waitUntil(lambda: _consult(hub, first)[0] == "in_progress")
        qtbot.waitUntil(
            lambda: (
                queue.model.row_of(first) >= 0
                and queue.model.item(queue.model.row_of(first)).status == "in_progress"
            )
        )
        assert queue.select(first)
        queue.open_button.click()
        qtbot.waitUntil(lambda: window is not None and window.opened is not None, timeout=10_000)
        review = window.review.review
        assert review is not None and window.review.name.text() == name  # the Review page
        assert window.review.media is not None  # media re-encrypted to this PC's age key
        opened = window.opened
        assert opened is not None and service.cached_bundle(first) == opened.bundle
        assert name in str(opened.bundle)  # in memory, decrypted from the cache
        queue.select(first)
        queue.complete_button.click()
        qtbot.waitUntil(lambda: queue.model.row_of(first) == -1)
        assert _consult(hub, first)[0] == "completed"

        # Away: nothing is offered, but a queued consult of my specialty can be claimed.
        queue.set_availability("away")
        qtbot.waitUntil(lambda: "away" in queue.status.text())
        third = operator.queue_consult("Synthetic Third")
        qtbot.waitUntil(lambda: queue.model.row_of(third) >= 0)  # the watch push, no polling
        item = queue.model.item(queue.model.row_of(third))
        assert item.status == "queued" and not item.offered
        assert queue.model.text(item, "offered") == "Open to claim"
        assert queue.select(third) and queue.claim_button.isEnabled()
        assert not queue.accept_button.isEnabled()
        queue.claim_button.click()
        qtbot.waitUntil(lambda: _consult(hub, third)[0] == "in_progress")
        me = service.account.user_id
        assert _consult(hub, third)[1] == me
        qtbot.waitUntil(
            lambda: (
                queue.model.row_of(third) >= 0
                and queue.model.item(queue.model.row_of(third)).status == "in_progress"
            )
        )
        queue.select(third)
        queue.complete_button.click()
        qtbot.waitUntil(lambda: queue.model.row_of(third) == -1)
        queue.set_availability("online")
        qtbot.waitUntil(lambda: "online" in queue.status.text())

        # Declined with a reason: back to the queue, and on to another doctor.
        with qtbot.waitSignal(queue.offer_arrived, timeout=5000):
            second = operator.queue_consult("Synthetic Second")
        hubctl_add_doctor(hub, "doctor2")
        other = Doctor(hub, "doctor2")  # online now
        assert queue.select(second)
        queue.decline_button.click()
        dialog = queue._decline
        assert dialog is not None and not dialog.ok.isEnabled()  # a reason is required
        dialog.text.setPlainText("Needs a paediatrician")
        dialog.ok.click()
        qtbot.waitUntil(lambda: _consult(hub, second)[1] == _user_id(hub, "doctor2"))
        qtbot.waitUntil(lambda: queue.model.row_of(second) == -1 or not _offered(queue, second))
        assert [c["id"] for c in other.queue()] == [second]
        other.close()

        # Nothing of the consult in plain form in the doctor's profile, temp or log folders.
        folders = [profile.data, profile.cache, profile.temp, profile.logs, profile.config]
        assert canary.scan(folders, canary.needles(name), since=started - 1) == []
    finally:
        operator.close()
        if window is not None:
            window.stop()
        service.close()
        i18n.install("en")


def _offered(queue: Any, consult_id: str) -> bool:
    row = queue.model.row_of(consult_id)
    return row >= 0 and bool(queue.model.item(row).offered)


def _user_id(hub: LiveHub, username: str) -> str:
    with hub.context.sessions() as s:
        from sqlalchemy import select

        user = s.scalar(select(User).where(User.username == username))
        assert user is not None
        return str(user.id)


def hubctl_add_doctor(hub: LiveHub, username: str) -> None:
    from hub.api.admin import add_user
    from hub.schemas import UserIn

    with hub.context.sessions() as s:
        add_user(
            s,
            hub.config,
            hub.context.passwords,
            UserIn(
                username=username,
                password=PASSWORD,
                role="hub_doctor",
                facility_id=uuid.UUID(hub.ids["hub"]),
                registration_number="MP-2",
                specialties=["general_medicine"],
            ),
        )
        s.commit()
