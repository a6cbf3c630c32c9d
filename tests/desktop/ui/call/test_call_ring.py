"""Issue 16, the ring: with a real hub on loopback, the doctor opens the consult's call and
the spoke's app (its window on another page, no call window open) shows it at once: a
banner above every page naming the doctor (the hub's account name) and the patient, the
consult screen's button saying who calls, the ring tone; Accept on the banner opens the
consult, its call window beside the patient summary, and answers: both windows connect,
each naming the other side."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import aioice.ice
import cv2
import pytest
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QLabel, QMainWindow, QStackedWidget

from desktop.call.synthetic import read_counter
from desktop.core.call import CallState
from desktop.core.consult import Consult, Status
from desktop.core.review import ConsultReview, Demographics
from desktop.media import sources
from desktop.media.camera_service import CameraService
from desktop.storage import consult_repo
from desktop.ui import i18n
from desktop.ui.app import create_application
from desktop.ui.call import doctor_call
from desktop.ui.call.call_window import CallWindow, Side
from desktop.ui.call.consult_button import CallButton
from desktop.ui.call.devices_menu import CameraOption, DevicesButton
from desktop.ui.call.launcher import CallLauncher
from desktop.ui.call.spoke_call import SpokeCalls
from desktop.ui.clinic_context import ClinicContext
from desktop.ui.consult.binding import ConsultView, Ticket
from desktop.ui.consult.intake_page import ConsultIntakePage
from desktop.ui.doctor.review_page import ReviewPage
from hub.models import User
from protocol.ids import wire_id
from tests.call.counter_camera import CounterCamera
from tests.call.support import accept, api, availability, sign_in
from tests.desktop.ui.clinic_ui_fixtures import ctx
from tests.desktop.ui.consult.test_consult_edit_addendum import _patient
from tests.helpers.clinical import person
from tests.sync_support.hubctl import LiveHub
from tests.sync_support.spoke import consult_payload, patient_payload

SCREENSHOT_DIR = os.environ.get("SPOKE_CLINIC_SCREENSHOT_DIR", "")
WAIT_MS = 120_000
DOCTOR = "Dr. Asha Verma"
_ = ctx


def counters_shown(window: CallWindow) -> int | None:
    """The number on the other side's picture the window shows (None: none readable)."""
    frame = window.remote.frame
    if frame is None:
        return None
    return read_counter(cv2.cvtColor(frame.image, cv2.COLOR_BGRA2GRAY))  # Qt RGB32 (BGRA)


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[LiveHub]:
    live = LiveHub.create(tmp_path / "hub")
    with live.context.sessions() as s:  # the doctor's account name, as the hub keeps it
        doctor = s.query(User).filter_by(username="doctor").one()
        doctor.full_name = DOCTOR
        s.commit()
    live.start()
    yield live
    live.close()


@pytest.fixture
def loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(aioice.ice, "get_host_addresses", lambda use_ipv4, use_ipv6: ["127.0.0.1"])


class Engine:
    """The sync engine as the call sees it: a hub client with its address and token."""

    def __init__(self, base_url: str, token: str) -> None:
        self.client = SimpleNamespace(base_url=base_url, access_token=lambda: token)


def sent_to_hub(base_url: str, operator: str, patient_id: str, consult_id: str) -> None:
    """The spoke's own patient and consult as its sync sends them (the same ids)."""
    with api(base_url, operator) as http:
        pid, cid = wire_id(patient_id), wire_id(consult_id)
        assert http.put(f"/patients/{pid}", json=patient_payload(pid)).is_success
        assert http.put(f"/consults/{cid}", json=consult_payload(pid, final=True)).is_success


@pytest.mark.qt_log_ignore("PulseAudioService", "pipewire")
@pytest.mark.parametrize("lang", ["en", "hi"])
def test_the_doctor_calls_and_the_spoke_answers_from_the_ring(
    hub: LiveHub, ctx: ClinicContext, loopback: None, lang: str, qtbot
) -> None:  # type: ignore[no-untyped-def]
    create_application()
    assert i18n.install(lang)
    base = hub.base_url
    operator = sign_in(base, hub.enrollment_code("spoke"), "operator")
    doctor = sign_in(base, hub.enrollment_code("hub"), "doctor")
    availability(base, doctor, "online")
    patient = _patient(ctx)
    local = ctx.services.clinic.writer.run(
        lambda s: consult_repo.create_draft(s, patient.id, ctx.actor)
    ).id
    sent_to_hub(base, operator, patient.id, local)
    cid = wire_id(local)
    accept(base, doctor, cid)

    # The signed-in window: Home, and the consult screen (the spoke has not pulled the
    # assignment: its consult is still a draft here).
    window = QMainWindow()
    qtbot.addWidget(window)
    pages = QStackedWidget()
    home = QLabel("Home")
    page = ConsultIntakePage(ctx)
    pages.addWidget(home)
    pages.addWidget(page)
    window.setCentralWidget(pages)
    window.resize(1366, 768)
    window.show()
    opened: list[str] = []

    def open_consult(consult_id: str) -> None:  # what the workspace does
        opened.append(consult_id)
        pages.setCurrentWidget(page)
        page.open_for(patient, consult_id)

    front, back = CounterCamera(), CounterCamera()
    back.count = 50_000  # the back camera's pictures carry numbers from 50000
    spoke_camera = CameraService(choose=lambda: (front, sources.test_tone(440)))
    cameras = [
        CameraOption("Front camera", "front", lambda: front),
        CameraOption("Back camera", "back", lambda: back),
    ]
    doctor_camera = CameraService(choose=lambda: (CounterCamera(), sources.test_tone(660)))
    calls = SpokeCalls(
        lambda: Engine(base, operator),
        spoke_camera,
        window,
        page.call_button,
        ctx.today,
        ctx.services.patients.open_of_consult,
        open_consult,
        cameras=lambda: cameras,
    )
    doctor_side = CallLauncher(Side.DOCTOR, lambda: (base, doctor), doctor_camera)
    try:
        calls.start()
        qtbot.waitUntil(lambda: calls.bell.heard, timeout=WAIT_MS)  # the hub's bell is on
        assert not calls.bar.isVisible() and calls.tone.played == 0

        # The doctor starts the call from the review (its *Video call*, wired as the doctor's
        # window wires it); the spoke is on its home page.
        review = ReviewPage(sound=False)
        qtbot.addWidget(review)
        review.show_review(
            ConsultReview(consult_id=cid, patient=Demographics(name=patient.full_name)), None
        )
        calling: list[CallWindow] = []
        review.call_requested.connect(
            lambda _cid: calling.append(doctor_call.open_for_review(doctor_side, review, DOCTOR))
        )
        assert review.call_button.isEnabled()
        review.call_button.click()
        assert len(calling) == 1
        doctor_window = calling[0]
        qtbot.waitUntil(lambda: calls.bar.isVisible(), timeout=WAIT_MS)
        qtbot.waitUntil(lambda: patient.full_name in calls.banner.text.text(), timeout=WAIT_MS)
        if lang == "en":
            assert calls.banner.text.text() == f"{DOCTOR} is calling about {patient.full_name}"
            assert calls.banner.accept_button.text() == "Accept"
        else:
            words = f"{DOCTOR}, {patient.full_name} के बारे में कॉल कर रहे हैं"
            assert calls.banner.text.text() == words
        assert calls.tone.played >= 1 and calls.tone.active
        assert calls.launcher is None  # no call window was opened for the ring

        # The consult screen says who calls (before the spoke pulled the assignment).
        open_consult(local)
        qtbot.waitUntil(lambda: page.consult is not None, timeout=WAIT_MS)
        assert page.call_button.isVisible() and page.call_button.ringing
        assert DOCTOR in page.call_button.text()
        for shown in (page.call_button, calls.banner.text, calls.banner.accept_button):
            qtbot.waitUntil(lambda w=shown: w.width() >= w.sizeHint().width(), timeout=5000)
        if SCREENSHOT_DIR:
            window.grab().save(str(Path(SCREENSHOT_DIR) / f"call-incoming-{lang}.png"))
            window.resize(1920, 1080)
            qtbot.waitUntil(lambda: calls.bar.width() >= 1900, timeout=5000)
            window.grab().save(str(Path(SCREENSHOT_DIR) / f"call-incoming-{lang}-1920.png"))
            window.resize(1366, 768)
        pages.setCurrentWidget(home)  # the operator went elsewhere meanwhile

        # Accept on the banner: the consult opens, its call window answers.
        calls.banner.accept_button.click()
        assert opened[-1] == local
        qtbot.waitUntil(lambda: calls.launcher is not None and cid in calls.launcher.calls)
        assert calls.launcher is not None
        spoke_window, spoke = calls.launcher.calls[cid]
        assert pages.currentWidget() is page
        assert not calls.bar.isVisible() and not calls.tone.active  # answered: no more ring
        for w in (spoke_window, doctor_window):
            qtbot.waitUntil(lambda w=w: w.state is CallState.CONNECTED, timeout=WAIT_MS)
        # The names on both sides: the doctor's from the hub, the patient's from the spoke.
        assert spoke_window.doctor_name == DOCTOR
        assert spoke_window.patient_name == patient.full_name
        assert DOCTOR in spoke_window.names.text()
        assert patient.full_name in spoke_window.names.text()
        assert DOCTOR in spoke_window.state_label.text()
        assert patient.full_name in doctor_window.names.text()
        assert patient.full_name in doctor_window.state_label.text()
        assert spoke_window.side_area.count() == 1  # the patient summary beside the video

        # Switch camera from the window's devices menu: the call goes on with the back
        # camera's pictures (the doctor reads their numbers), the microphone kept.
        qtbot.waitUntil(lambda: (counters_shown(doctor_window) or 0) > 0, timeout=WAIT_MS)
        button = spoke_window.findChild(DevicesButton)
        assert button is not None and button.isVisible()
        assert button.devices.switch_action.isEnabled()
        button.devices.switch_action.trigger()
        qtbot.waitUntil(lambda: (counters_shown(doctor_window) or 0) > 50_000, timeout=WAIT_MS)
        assert button.devices.camera_actions[1].isChecked()
        assert spoke_window.state is CallState.CONNECTED
        if SCREENSHOT_DIR:  # the window with its devices menu open above the button
            menu = button.devices
            at = button.mapTo(spoke_window, button.rect().topLeft())
            menu.popup(button.mapToGlobal(button.rect().topLeft()))
            qtbot.waitUntil(menu.isVisible)
            shot = spoke_window.grab()
            painter = QPainter(shot)
            painter.drawPixmap(at.x(), at.y() - menu.height(), menu.grab())
            painter.end()
            menu.hide()
            shot.save(str(Path(SCREENSHOT_DIR) / f"call-devices-{lang}.png"))

        with qtbot.waitSignal(spoke.finished, timeout=WAIT_MS):
            doctor_window.end_button.click()
        assert [s.value for s in spoke.states][-1] == "ended"
        qtbot.waitUntil(lambda: not calls.bell.calls, timeout=WAIT_MS)  # the doctor left
        spoke_window.close()
        doctor_window.close()
    finally:
        calls.shutdown()
        doctor_side.shutdown()
        spoke_camera.close()
        doctor_camera.close()
        i18n.install("en")


def test_the_button_rings_only_for_the_bound_consult(qtbot) -> None:  # type: ignore[no-untyped-def]
    button = CallButton()
    qtbot.addWidget(button)
    patient = person("Sita", "Devi", sex="female")
    consult = Consult(patient_id=patient.id, created_by="cho.meena", status=Status.WITH_HUB)
    other = dataclasses.replace(consult, id="1" * 32)
    button.bind(ConsultView(consult, patient, date(2026, 12, 5), Ticket(consult.id)))
    assert button.isHidden()  # with the hub, no doctor yet
    button.on_ringing("00000000-0000-0000-0000-000000000000", DOCTOR)
    assert button.isHidden() and not button.ringing  # another consult rings
    wire = wire_id(consult.id)
    button.on_ringing(wire, DOCTOR)
    assert not button.isHidden() and button.ringing
    assert button.text() == f"{DOCTOR} is calling - Accept"
    button.bind(ConsultView(other, patient, date(2026, 12, 5), Ticket(other.id)))
    assert button.isHidden()
    button.bind(ConsultView(consult, patient, date(2026, 12, 5), Ticket(consult.id)))
    button.on_stopped(wire)
    assert button.isHidden() and button.text() == "Video call with the doctor"
    assert button.check.isHidden()  # the pre-call check is shown with the call button
    button.on_ringing(wire, DOCTOR)
    assert not button.check.isHidden() and button.check.text() == "Check camera and connection"
