"""Issue 16: a whole call between two call windows (the spoke's and the doctor's) through a
real hub on loopback: the operator accepts the ringing call, both windows show connected with
the other side's synthetic counter pictures, the doctor ends it and both show ended. The spoke
sends its camera service's pictures and sound (the camera opened once, shared with the
preview); each window plays the other side's tone; each side runs through the app's
``CallLauncher``."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import aioice.ice
import cv2
import numpy as np
import pytest

from desktop.call.synthetic import dominant_frequency, read_counter
from desktop.core.call import CallState
from desktop.media import sources
from desktop.media.camera_service import CameraService
from desktop.ui import i18n
from desktop.ui.app import create_application
from desktop.ui.call.call_window import SOUND_RATE, CallWindow, Side
from desktop.ui.call.launcher import CallLauncher
from desktop.ui.consult.patient_summary import PatientSummary
from tests.call.counter_camera import CounterCamera
from tests.call.support import accept, availability, new_consult, sign_in
from tests.helpers.clinical import person
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
    return read_counter(cv2.cvtColor(frame.image, cv2.COLOR_BGRA2GRAY))  # Qt RGB32 (BGRA)


def patient_summary() -> PatientSummary:
    """The summary the spoke's consult puts beside the video (spoke_call.py), of a
    synthetic patient."""
    summary = PatientSummary(lambda: date(2026, 11, 25))
    patient = person("Test Patient", "Kumari", sex="female", birth_date=date(1992, 3, 1))
    summary.show_patient(patient, "Penicillin")
    return summary


def pitch_heard(window: CallWindow) -> float:
    """The strongest frequency of the last second the window played (0 before a second)."""
    if len(window.heard) < window.heard.maxlen:  # type: ignore[operator]
        return 0.0
    return dominant_frequency(np.concatenate(list(window.heard)), SOUND_RATE)


def peak_heard(window: CallWindow) -> float:
    """The loudest sample of the last half second the window played (1.0 before then)."""
    recent = list(window.heard)[-25:]
    if len(recent) < 25:
        return 1.0
    return float(np.abs(np.concatenate(recent)).max())


def black_shown(window: CallWindow) -> bool:
    frame = window.remote.frame
    if frame is None or counters_shown(window) is not None:
        return False
    return float(frame.image[:, :, :3].mean()) < 20  # the colours, not the alpha byte


def wait_for_counting_pictures(qtbot, window: CallWindow, distinct: int = 5) -> list[int]:  # type: ignore[no-untyped-def]
    seen: list[int] = []

    def counted() -> bool:
        value = counters_shown(window)
        if value is not None and (not seen or value > seen[-1]):
            seen.append(value)
        return len(seen) >= distinct

    qtbot.waitUntil(counted, timeout=WAIT_MS)
    return seen


@pytest.mark.qt_log_ignore("PulseAudioService", "pipewire")  # the windows open a sound sink
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

    # Each side's camera service: counter pictures and a tone; the spoke's preview holds
    # its camera already, the call shares it.
    spoke_camera, doctor_camera = CounterCamera(), CounterCamera()
    spoke_service = CameraService(choose=lambda: (spoke_camera, sources.test_tone(440)))
    doctor_service = CameraService(choose=lambda: (doctor_camera, sources.test_tone(660)))
    spoke_service.acquire("camera-page")
    launchers = {
        "spoke": CallLauncher(Side.SPOKE, lambda: (base, operator), spoke_service),
        "doctor": CallLauncher(Side.DOCTOR, lambda: (base, doctor), doctor_service),
    }
    windows: dict[str, CallWindow] = {}
    for name, launcher in launchers.items():
        window = launcher.open_call(
            cid,
            "Dr. Asha Verma",
            "Test Patient Kumari",
            patient_summary() if name == "spoke" else None,
        )
        windows[name] = window  # closed and deleted by its launcher
    spoke_window, doctor_window = windows["spoke"], windows["doctor"]
    spoke, doc = launchers["spoke"].calls[cid][1], launchers["doctor"].calls[cid][1]
    try:
        # The spoke rings until the operator accepts; the doctor's window says it is ringing.
        qtbot.waitUntil(lambda: spoke_window.state is CallState.RINGING, timeout=WAIT_MS)
        assert spoke_window.accept_button.isVisible()
        assert not doctor_window.accept_button.isVisible()
        if SCREENSHOT_DIR:
            spoke_window.grab().save(str(Path(SCREENSHOT_DIR) / f"call-spoke-ringing-{lang}.png"))
        spoke_window.accept_button.click()
        for window in (spoke_window, doctor_window):
            qtbot.waitUntil(lambda w=window: w.state is CallState.CONNECTED, timeout=WAIT_MS)
        assert not spoke_window.accept_button.isVisible()

        # Each window shows the other side's counting pictures, decoded.
        for window in (spoke_window, doctor_window):
            seen = wait_for_counting_pictures(qtbot, window)
            assert seen == sorted(seen) and seen[-1] > seen[0]
            qtbot.waitUntil(lambda w=window: w.own.frame is not None, timeout=WAIT_MS)
        assert spoke_camera.opens == 1  # the call sent the camera the preview had open
        # Each window plays the other side's microphone (the camera services' tones).
        for window, tone in ((doctor_window, 440.0), (spoke_window, 660.0)):
            qtbot.waitUntil(lambda w=window, t=tone: abs(pitch_heard(w) - t) < 15, timeout=WAIT_MS)
        if lang == "hi":
            assert "जुड़" in spoke_window.state_label.text()
        else:
            assert spoke_window.state_label.text() == "Connected with Dr. Asha Verma"
            text = "Connected with the clinic (Test Patient Kumari)"
            assert doctor_window.state_label.text() == text
        for window in (spoke_window, doctor_window):
            qtbot.waitUntil(lambda w=window: w.quality_label.text() != "", timeout=WAIT_MS)
        for window in (spoke_window, doctor_window):  # nothing clipped at 1366x768
            shown = (
                window.mute_button,
                window.camera_button,
                window.end_button,
                window.state_label,
                window.names,
                window.quality_label,
            )
            # A text that just changed is laid out on the next turn of the event loop.
            qtbot.waitUntil(
                lambda shown=shown: all(w.width() >= w.sizeHint().width() for w in shown),
                timeout=5000,
            )
        if SCREENSHOT_DIR:
            for name, window in windows.items():
                window.grab().save(str(Path(SCREENSHOT_DIR) / f"call-{name}-connected-{lang}.png"))
            spoke_window.resize(1920, 1080)
            qtbot.waitUntil(lambda: spoke_window.remote.width() > 1000, timeout=5000)
            qtbot.waitUntil(lambda: spoke_window.remote.frame is not None, timeout=5000)
            shot = f"call-spoke-connected-{lang}-1920.png"
            spoke_window.grab().save(str(Path(SCREENSHOT_DIR) / shot))
            spoke_window.resize(1366, 768)

        # Camera off on the spoke: the doctor sees black pictures (no counter), then the
        # camera again.
        spoke_window.camera_button.click()
        qtbot.waitUntil(lambda: black_shown(doctor_window), timeout=WAIT_MS)
        assert spoke_window.camera_button.text() == ("Camera on" if lang == "en" else "कैमरा चालू करें")
        spoke_window.camera_button.click()
        wait_for_counting_pictures(qtbot, doctor_window, distinct=3)
        # Mute on the spoke: the doctor's window plays silence, then the tone again.
        spoke_window.mute_button.click()
        qtbot.waitUntil(lambda: peak_heard(doctor_window) < 0.005, timeout=WAIT_MS)
        spoke_window.mute_button.click()
        qtbot.waitUntil(lambda: abs(pitch_heard(doctor_window) - 440) < 15, timeout=WAIT_MS)

        with qtbot.waitSignals([spoke.finished, doc.finished], timeout=WAIT_MS):
            doctor_window.end_button.click()  # the doctor hangs up; the spoke hears "bye"
        for controller, window in ((spoke, spoke_window), (doc, doctor_window)):
            assert [s.value for s in controller.states] == WHOLE_CALL
            assert window.state is CallState.ENDED
        assert spoke_service.is_open  # the preview still holds the camera
        assert not doctor_service.is_open  # the call was its only holder
        for window in (spoke_window, doctor_window):
            window.close()
        qtbot.waitUntil(lambda: not any(la.calls for la in launchers.values()), timeout=5000)
    finally:
        for launcher in launchers.values():
            launcher.shutdown()
        spoke_service.release("camera-page")
        doctor_service.close()
        i18n.install("en")
    assert not spoke_service.is_open
