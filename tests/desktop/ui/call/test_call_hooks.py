"""Where calls start: the consult screen's button (a binding panel, shown while a hub doctor
has the consult), the review's *Video call*, and a call that cannot reach the hub ending with
the reason said and the camera let go."""

from __future__ import annotations

import dataclasses
import threading
from datetime import date

import pytest

from desktop.core.call import CallState
from desktop.core.consult import Consult, Status
from desktop.core.review import ConsultReview, Demographics
from desktop.media import sources
from desktop.media.camera_service import CameraService
from desktop.settings import Settings
from desktop.ui.call import doctor_call
from desktop.ui.call.call_window import Side
from desktop.ui.call.consult_button import CallButton
from desktop.ui.call.launcher import CallLauncher
from desktop.ui.call.spoke_call import HubNotConnected, hub_access
from desktop.ui.consult.binding import ConsultView, Ticket
from desktop.ui.doctor.review_page import ReviewPage
from tests.helpers.clinical import person


def test_the_consult_screen_offers_a_call_while_a_doctor_has_the_consult(qtbot) -> None:  # type: ignore[no-untyped-def]
    button = CallButton()
    qtbot.addWidget(button)
    patient = person("Sita", "Devi", sex="female")
    draft = Consult(patient_id=patient.id, created_by="cho.meena")
    for status, shown in [
        (Status.DRAFT, False),
        (Status.WITH_HUB, False),
        (Status.ASSIGNED, True),
        (Status.PRESCRIBED, False),
        (Status.IN_PROGRESS, True),  # the last one bound: pressed below
    ]:
        consult = dataclasses.replace(draft, status=status)
        view = ConsultView(consult, patient, date(2026, 12, 5), Ticket(consult.id))
        button.bind(view)
        assert button.isHidden() is not shown, status
    with qtbot.waitSignal(button.call_requested) as got:
        button.click()
    assert got.args[0].consult.id == draft.id
    button.clear()
    assert button.isHidden()


def test_the_review_calls_the_consult_it_shows(qtbot) -> None:  # type: ignore[no-untyped-def]
    page = ReviewPage(sound=False)
    qtbot.addWidget(page)
    assert not page.call_button.isEnabled()  # nothing under review
    page.show_review(ConsultReview(consult_id="6f1c2d3e-0000-4000-8000-000000000001"), None)
    assert page.call_button.isEnabled() and page.call_button.text() == "Video call"
    with qtbot.waitSignal(page.call_requested) as got:
        page.call_button.click()
    assert got.args == ["6f1c2d3e-0000-4000-8000-000000000001"]
    page.clear()
    assert not page.call_button.isEnabled()


@pytest.mark.qt_log_ignore("PulseAudioService", "pipewire")  # the window opens a sound sink
def test_a_call_without_a_hub_says_so_and_lets_the_camera_go(qtbot) -> None:  # type: ignore[no-untyped-def]
    camera = CameraService(choose=lambda: (sources.test_pattern(320, 240, 15), None))
    launcher = CallLauncher(Side.SPOKE, hub_access(lambda: None), camera)
    try:
        window = launcher.open_call("6f1c2d3e-0000-4000-8000-000000000002", "", "Sita Devi")
        assert camera.is_open  # acquired for the call
        qtbot.waitUntil(lambda: window.state is CallState.ENDED, timeout=30_000)
        assert "hub could not be reached" in window.state_label.text()
        controller = launcher.calls["6f1c2d3e-0000-4000-8000-000000000002"][1]
        assert isinstance(controller.states, list) and controller.ended
        assert not camera.is_open  # released when the call ended
        assert window.end_button.text() == "Close"
        window.end_button.click()  # closes the window of an ended call
        qtbot.waitUntil(lambda: not launcher.calls, timeout=5000)
    finally:
        launcher.shutdown()
        camera.close()
    assert HubNotConnected.__mro__[1] is ConnectionError


@pytest.mark.qt_log_ignore("PulseAudioService", "pipewire")
def test_signing_out_mid_start_lets_the_camera_go_and_starts_nothing(qtbot) -> None:  # type: ignore[no-untyped-def]
    camera = CameraService(choose=lambda: (sources.test_pattern(320, 240, 15), None))
    fetching, answer = threading.Event(), threading.Event()

    def slow_hub() -> tuple[str, str]:
        fetching.set()
        answer.wait(30)
        return "http://127.0.0.1:9", "token"

    launcher = CallLauncher(Side.DOCTOR, slow_hub, camera)
    try:
        launcher.open_call("6f1c2d3e-0000-4000-8000-000000000003", "Dr. Asha Verma", "Sita Devi")
        assert camera.is_open and fetching.wait(30)
        launcher.shutdown()  # sign-out while the token is being fetched
        assert not camera.is_open
        fetch = launcher.fetches["6f1c2d3e-0000-4000-8000-000000000003"]
        answer.set()
        qtbot.waitUntil(fetch.finished.is_set, timeout=30_000)  # its answer was delivered
        assert launcher._runtime is None  # and started no call
    finally:
        answer.set()
        launcher.shutdown()
        camera.close()


@pytest.mark.qt_log_ignore("PulseAudioService", "pipewire")
def test_the_doctor_calls_from_the_review_on_the_demo_camera(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The doctor's launcher: the camera service opens the saved choice (the test pattern in
    the demo); the window names the doctor and the reviewed patient."""

    class Offline:  # a doctor service whose hub client is not there
        api = None

    launcher = doctor_call.doctor_launcher(Offline(), Settings(), demo=True)  # type: ignore[arg-type]
    page = ReviewPage(sound=False)
    qtbot.addWidget(page)
    cid = "6f1c2d3e-0000-4000-8000-000000000004"
    page.show_review(ConsultReview(consult_id=cid, patient=Demographics(name="Sita Devi")), None)
    try:
        video, _audio = launcher.camera.choose()  # type: ignore[misc]
        assert video.is_test_pattern
        window = doctor_call.open_for_review(launcher, page, "dr.verma")
        assert window.names.text() == "Video consult: dr.verma with Sita Devi"
        assert launcher.camera.is_open  # the doctor's camera, for the call
        qtbot.waitUntil(lambda: window.state is CallState.ENDED, timeout=30_000)
        assert "hub could not be reached" in window.state_label.text()
        assert not launcher.camera.is_open
    finally:
        launcher.shutdown()
        launcher.camera.close()
