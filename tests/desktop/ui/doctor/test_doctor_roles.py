"""Pages by role: a doctor's window has Home, Queue, Review, Settings and none of the
operator's (the operator's list is asserted in tests/e2e/test_demo_app.py: home, patients,
camera, sync, settings); a local account with role "doctor" is refused on a spoke PC. Queue
items the hub sends without the newer fields show "—". Also renders the queue screenshots."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from concurrent.futures import Future
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from pyrage import x25519
from PySide6.QtWidgets import QApplication

from desktop import paths
from desktop.changes import ChangeBus
from desktop.services.doctor import DoctorService
from desktop.services.settings import SettingsService
from desktop.settings import Settings
from desktop.storage import migrate
from desktop.storage.blobs import BlobStore
from desktop.storage.db import Database
from desktop.storage.people import LoginResult
from desktop.storage.writer import DbWriter
from desktop.sync.client import HubClient
from desktop.sync.doctor_api import DoctorApi, HubAccount
from desktop.ui import i18n
from desktop.ui.app import create_application
from desktop.ui.doctor.doctor_window import DoctorWindow
from desktop.ui.login_dialog import LoginDialog

# An offer in the first read plays the chime: the test machine has no sound server.
pytestmark = pytest.mark.qt_log_ignore("PulseAudioService", "pipewire")

ROOT = Path(__file__).resolve().parents[4]
NOW = datetime.now(UTC)
ME = "11111111-1111-4111-8111-111111111111"


def _queue() -> list[dict[str, Any]]:
    def at(minutes: int) -> str:
        return (NOW - timedelta(minutes=minutes)).isoformat()

    full = {
        "id": "c0000000-0000-4000-8000-000000000001",
        "status": "assigned",
        "priority": "urgent",
        "specialty": "general_medicine",
        "mode": "live",
        "queued_at": at(12),
        "assigned_doctor_id": ME,
        "facility_name": "HWC Kolar (demo)",
        "district": "Sehore",
        "state": "Madhya Pradesh",
        "patient_age_years": 54,
        "patient_sex": "female",
        "waiting_seconds": 12 * 60,
        "offered": True,
    }
    second = {
        **full,
        "id": "c0000000-0000-4000-8000-000000000002",
        "status": "queued",
        "priority": "routine",
        "mode": "store_and_forward",
        "assigned_doctor_id": None,
        "facility_name": "HWC Budhni",
        "district": "Sehore",
        "patient_age_years": 7,
        "patient_sex": "male",
        "waiting_seconds": 95 * 60,
        "offered": False,
    }
    # An older hub: a plain ConsultSummary, without the queue item's fields.
    bare = {
        "id": "c0000000-0000-4000-8000-000000000003",
        "status": "queued",
        "priority": "routine",
        "specialty": "general_medicine",
        "mode": "live",
        "queued_at": at(3),
        "assigned_doctor_id": None,
    }
    return [full, second, bare]


def _hub(request: httpx.Request) -> httpx.Response:
    if request.url.path.endswith("/doctors/me/queue"):
        return httpx.Response(200, json=_queue())
    if request.url.path.endswith("/doctors/me/queue/watch"):
        return httpx.Response(404, json={"code": "not_found", "detail": "no watch"})
    if request.url.path.endswith("/doctors/me/dashboard"):
        day = {
            "queue_now": 2,
            "offered_to_me": 1,
            "in_progress": 0,
            "done_today": 4,
            "done_this_week": 17,
            "median_duration_seconds": 540,
            "declined_this_week": 1,
            "follow_ups_due": [],
        }
        return httpx.Response(200, json=day)
    if request.url.path.endswith("/doctors/me/availability"):
        return httpx.Response(200, json=json.loads(request.content))
    return httpx.Response(404, json={"code": "not_found", "detail": "?"})


@pytest.fixture
def service(profile: paths.Locations) -> Iterator[DoctorService]:
    client = HubClient("http://127.0.0.1:9", transport=httpx.MockTransport(_hub))
    client.set_access_token("synthetic")
    api = DoctorApi(client)
    api.account = HubAccount(ME, "demo-doctor", "hub_doctor", None)
    db = Database(profile.data / "clinic.db", os.urandom(32))
    migrate.upgrade(db)
    writer = DbWriter(db)
    blobs = BlobStore(Path(profile.blobs), x25519.Identity.generate())
    svc = DoctorService(api, writer, blobs, "doctor-test", ChangeBus())
    yield svc
    svc.close()
    writer.close()
    db.dispose()


@pytest.fixture
def window(service: DoctorService, profile: paths.Locations, qtbot) -> Iterator[DoctorWindow]:  # type: ignore[no-untyped-def]
    win = DoctorWindow(
        Settings(), service, service.bus, SettingsService(Settings(), profile.settings_file)
    )
    qtbot.addWidget(win.shell.window)
    yield win
    win.stop()
    win.shell.store.close()
    i18n.install("en")


def test_doctor_gets_the_doctors_pages_only(window: DoctorWindow) -> None:
    keys = window.shell.window.page_keys()
    assert keys == ["home", "queue", "review", "settings"]
    assert not {"patients", "camera", "sync"} & set(keys)


def test_queue_items_parsed_tolerantly(window: DoctorWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    # The waiting times count against the model's clock: this test's, not the wall clock
    # (NOW is taken at import; a long run reaches this test minutes later).
    window.queue.model._now = lambda: NOW + timedelta(seconds=20)
    window.queue.refresh()
    qtbot.waitUntil(lambda: window.queue.model.rowCount() == 3)
    model = window.queue.model
    full, second, bare = model.items()
    assert model.text(full, "spoke") == "HWC Kolar (demo) (Sehore, Madhya Pradesh)"
    assert model.text(full, "patient") == "54 y / F"
    assert model.text(full, "offered") == "Offered to you"
    assert model.text(full, "waiting") == "12 min"
    assert model.text(second, "waiting") == "1 h 35 min"
    assert model.text(second, "mode") == "Store and forward"
    assert model.text(bare, "spoke") == "—"
    assert model.text(bare, "patient") == "—"
    assert model.text(bare, "offered") == "Open to claim"
    assert model.text(bare, "waiting") == "3 min"  # from queued_at
    # The doctor's Home counts the day from the same read.
    assert "Offered to you: 1" in window.home.worklist_empty.text()


def test_queue_model_passes_the_model_tester(window: DoctorWindow, qtbot, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    window.queue.refresh()
    qtbot.waitUntil(lambda: window.queue.model.rowCount() == 3)
    qtmodeltester.check(window.queue.model)


class _Accounts:
    def __init__(self, role: str) -> None:
        self.role = role
        self.signed_out = False

    def sign_in(self, username: str, password: str) -> Future[LoginResult]:
        done: Future[LoginResult] = Future()
        done.set_result(LoginResult(True, username=username, role=self.role))
        return done

    def sign_out(self) -> Future[object]:
        self.signed_out = True
        done: Future[object] = Future()
        done.set_result(None)
        return done


def test_local_doctor_account_refused_on_a_spoke(qtbot) -> None:  # type: ignore[no-untyped-def]
    accounts = _Accounts("doctor")
    dialog = LoginDialog(accounts)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.username.setText("dr.local")
    dialog.password.setText("synthetic-pass")
    dialog.sign_in.click()
    qtbot.waitUntil(lambda: "doctor accounts cannot work here" in dialog.message.text())
    assert accounts.signed_out and dialog.result() != LoginDialog.DialogCode.Accepted
    operator = _Accounts("operator")
    dialog2 = LoginDialog(operator)  # type: ignore[arg-type]
    qtbot.addWidget(dialog2)
    dialog2.username.setText("cho")
    dialog2.password.setText("synthetic-pass")
    dialog2.sign_in.click()
    qtbot.waitUntil(lambda: dialog2.result() == LoginDialog.DialogCode.Accepted)
    assert not operator.signed_out


@pytest.fixture
def app_style(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """The clinic's own style sheet, as the app runs with it."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.styleSheet()
    create_application()
    yield
    app.setStyleSheet(before)


@pytest.mark.parametrize("lang", ["en", "hi"])
@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_queue_screenshots(  # type: ignore[no-untyped-def]
    app_style: None, window: DoctorWindow, qtbot, lang: str, size: tuple[int, int]
) -> None:
    win = window.shell.window
    win.resize(*size)
    win.show()
    qtbot.waitExposed(win)
    i18n.install(lang)  # shown first: the language change reaches every page
    home = "मुखपृष्ठ" if lang == "hi" else "Home"
    qtbot.waitUntil(lambda: win.nav.item(0).text() == home)
    window.shell.window.show_page("queue")
    window.queue.refresh()
    qtbot.waitUntil(lambda: window.queue.model.rowCount() == 3)
    window.queue.select(_queue()[0]["id"])
    qtbot.waitExposed(win)
    out = ROOT / "docs" / "screenshots" / f"doctor-queue-{lang}-{size[0]}x{size[1]}.png"
    assert win.grab().save(str(out))


def test_hub_refusals_are_worded_by_code(qapp) -> None:  # type: ignore[no-untyped-def]
    from desktop.sync.doctor_api import NotADoctorError
    from desktop.sync.errors import DeviceRevokedError, HubUnreachableError, SignInRequiredError
    from desktop.ui.doctor.hub_login import hub_sign_in_text
    from protocol.errors import ErrorCode

    wrong = SignInRequiredError("x", status=401, hub_code=ErrorCode.BAD_CREDENTIALS)
    locked = SignInRequiredError("x", status=401, hub_code=ErrorCode.ACCOUNT_LOCKED)
    revoked = DeviceRevokedError("x", status=401, hub_code=ErrorCode.DEVICE_REVOKED)
    assert hub_sign_in_text(wrong).startswith("Wrong username or password")
    assert "locked" in hub_sign_in_text(locked)
    assert "disconnected this PC" in hub_sign_in_text(revoked)
    assert "neither a doctor's" in hub_sign_in_text(NotADoctorError("role spoke_operator"))
    assert "No connection to the hub" in hub_sign_in_text(HubUnreachableError("down"))


def test_open_is_for_the_doctors_own_consults(window: DoctorWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.queue.refresh()
    qtbot.waitUntil(lambda: window.queue.model.rowCount() == 3)
    full, second, _bare = window.queue.model.items()
    window.queue.select(full.id)  # offered to me
    assert window.queue.open_button.isEnabled() and window.queue.accept_button.isEnabled()
    window.queue.select(second.id)  # queued: claim first
    assert not window.queue.open_button.isEnabled() and window.queue.claim_button.isEnabled()


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_doctor_home_and_dialog_screenshots(  # type: ignore[no-untyped-def]
    app_style: None, window: DoctorWindow, service: DoctorService, qtbot, lang: str
) -> None:
    from desktop.ui.doctor.hub_login import HubLoginDialog
    from desktop.ui.doctor.queue_dialogs import DeclineDialog

    win = window.shell.window
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    i18n.install(lang)
    home = "मुखपृष्ठ" if lang == "hi" else "Home"
    qtbot.waitUntil(lambda: win.nav.item(0).text() == home)
    window.queue.refresh()
    qtbot.waitUntil(lambda: "1" in window.home.worklist_empty.text())
    qtbot.waitUntil(lambda: window.dashboard.values["done_this_week"].text() == "17")
    win.show_page("home")
    shots = ROOT / "docs" / "screenshots"
    assert win.grab().save(str(shots / f"doctor-home-{lang}.png"))
    login = HubLoginDialog(service)
    qtbot.addWidget(login)
    login.username.setText("demo-doctor")
    login.show()
    qtbot.waitExposed(login)
    assert login.grab().save(str(shots / f"doctor-sign-in-{lang}.png"))
    decline = DeclineDialog(win)
    qtbot.addWidget(decline)
    decline.text.setPlainText("Needs a paediatrician" if lang == "en" else "बाल रोग विशेषज्ञ चाहिए")
    decline.show()
    qtbot.waitExposed(decline)
    assert decline.grab().save(str(shots / f"doctor-decline-{lang}.png"))
