"""Issue 16: a whole call between two call windows (the spoke's and the doctor's) through a
real hub on loopback: the operator accepts the ringing call, both windows show connected with
the other side's synthetic counter pictures, the doctor ends it and both show ended. The spoke
sends its camera service's pictures (the camera opened once, shared with the preview)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import aioice.ice
import cv2
import pytest
from PySide6.QtWidgets import QLabel

from desktop.call.camera_track import LatestFrameTrack
from desktop.call.runtime import CallRuntime
from desktop.call.synthetic import CounterVideoTrack, SineAudioTrack, read_counter
from desktop.core.call import CallState
from desktop.media.camera_service import CameraService
from desktop.ui import i18n
from desktop.ui.app import create_application
from desktop.ui.call.call_window import CallWindow, Side
from desktop.ui.call.controller import CallController
from tests.call.counter_camera import CounterCamera
from tests.call.support import accept, availability, new_consult, sign_in
from tests.sync_support.hubctl import LiveHub

SCREENSHOT_DIR = os.environ.get("SPOKE_CLINIC_SCREENSHOT_DIR", "")
WAIT_MS = 120_000  # generous: the machine is shared
WHOLE_CALL = ["waiting", "ringing", "connecting", "connected", "ended"]


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[LiveHub]:
    live = LiveHub.create(tmp_path / "hub")
    live.start()
    yield live
    live.close()


@pytest.fixture
def loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    """Host candidates on 127.0.0.1 only: no media leaves loopback."""
    monkeypatch.setattr(aioice.ice, "get_host_addresses", lambda use_ipv4, use_ipv6: ["127.0.0.1"])


def counters_shown(window: CallWindow) -> int | None:
    frame = window.remote.frame
    if frame is None:
        return None
    return read_counter(cv2.cvtColor(frame.image, cv2.COLOR_BGR2GRAY))


def wait_for_counting_pictures(qtbot, window: CallWindow, distinct: int = 5) -> list[int]:  # type: ignore[no-untyped-def]
    seen: list[int] = []

    def counted() -> bool:
        value = counters_shown(window)
        if value is not None and (not seen or value > seen[-1]):
            seen.append(value)
        return len(seen) >= distinct

    qtbot.waitUntil(counted, timeout=WAIT_MS)
    return seen


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_a_whole_call_between_the_two_windows(
    hub: LiveHub, loopback: None, lang: str, qtbot
) -> None:  # type: ignore[no-untyped-def]
    create_application()  # the app's style sheet
    assert i18n.install(lang)
    base = hub.base_url
    operator = sign_in(base, hub.enrollment_code("spoke"), "operator")
    doctor = sign_in(base, hub.enrollment_code("hub"), "doctor")
    availability(base, doctor, "online")
    consult = new_consult(base, operator)
    cid = str(consult["id"])
    accept(base, doctor, cid)

    camera = CounterCamera()
    service = CameraService(choose=lambda: (camera, None))
    service.acquire("camera-page")  # the preview has it open already
    windows: dict[str, CallWindow] = {}
    for side in (Side.SPOKE, Side.DOCTOR):
        window = CallWindow(side)
        qtbot.addWidget(window)
        window.set_names("Dr. Asha Verma", "Test Patient Kumari")
        summary = QLabel("Test Patient Kumari, 34 y, F\nAllergies: none recorded\nBP 128/84")
        summary.setWordWrap(True)
        window.set_side_panel(summary)
        window.resize(1366, 768)
        window.show()
        windows[side.value] = window
    spoke_window, doctor_window = windows["spoke"], windows["doctor"]

    with CallRuntime() as spoke_rt, CallRuntime() as doctor_rt:
        spoke = CallController(spoke_window, spoke_rt, caller=False)
        doc = CallController(doctor_window, doctor_rt, caller=True)
        service.acquire("call")
        spoke.start(
            base,
            cid,
            operator,
            LatestFrameTrack(service.latest_frame),
            SineAudioTrack(440.0),
            stall_seconds=30.0,
        )
        doc.start(base, cid, doctor, CounterVideoTrack(), SineAudioTrack(660.0), stall_seconds=30.0)

        # The spoke rings until the operator accepts; the doctor's window says it is ringing.
        qtbot.waitUntil(lambda: spoke_window.state is CallState.RINGING, timeout=WAIT_MS)
        assert spoke_window.accept_button.isVisible()
        assert not doctor_window.accept_button.isVisible()
        spoke_window.accept_button.click()
        for window in (spoke_window, doctor_window):
            qtbot.waitUntil(lambda w=window: w.state is CallState.CONNECTED, timeout=WAIT_MS)
        assert not spoke_window.accept_button.isVisible()

        # Each window shows the other side's counting pictures, decoded.
        for window in (spoke_window, doctor_window):
            seen = wait_for_counting_pictures(qtbot, window)
            assert seen == sorted(seen) and seen[-1] > seen[0]
            qtbot.waitUntil(lambda w=window: w.own.frame is not None, timeout=WAIT_MS)
        assert camera.opens == 1  # the call sent the camera the preview had open
        if lang == "hi":
            assert "जुड़" in spoke_window.state_label.text()
        else:
            assert spoke_window.state_label.text() == "Connected with Dr. Asha Verma"
            assert doctor_window.state_label.text() == "Connected with the clinic"
        for window in (spoke_window, doctor_window):
            qtbot.waitUntil(lambda w=window: w.quality_label.text() != "", timeout=WAIT_MS)
        if SCREENSHOT_DIR:
            for name, window in windows.items():
                window.grab().save(str(Path(SCREENSHOT_DIR) / f"call-{name}-connected-{lang}.png"))

        with qtbot.waitSignals([spoke.finished, doc.finished], timeout=WAIT_MS):
            doctor_window.end_button.click()  # the doctor hangs up; the spoke hears "bye"
        for controller, window in ((spoke, spoke_window), (doc, doctor_window)):
            assert [s.value for s in controller.states] == WHOLE_CALL
            assert window.state is CallState.ENDED
        service.release("call")
    assert service.is_open  # the preview still holds the camera
    service.release("camera-page")
    assert not service.is_open
    i18n.install("en")
