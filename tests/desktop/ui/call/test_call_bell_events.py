"""The spoke's bell from the hub's events: what rings, what stops, a reconnection's list
replacing what was known; a call window already open learns the calling doctor's name; the
bell reconnects after the hub went away."""

from __future__ import annotations

import json
from concurrent.futures import Future
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtWidgets import QMainWindow
from websockets.sync.client import connect

from desktop.media.camera_service import CameraService
from desktop.ui.call.call_window import CallWindow, Side
from desktop.ui.call.consult_button import CallButton
from desktop.ui.call.ring import CallBell, ring_tone
from desktop.ui.call.spoke_call import SpokeCalls
from tests.call.support import availability, new_consult, sign_in
from tests.sync_support.hubctl import LiveHub

A, B = "6f1c2d3e-0000-4000-8000-00000000000a", "6f1c2d3e-0000-4000-8000-00000000000b"


def test_the_bell_follows_the_hub(qtbot) -> None:  # type: ignore[no-untyped-def]
    bell = CallBell()
    rang: list[tuple[str, str]] = []
    stopped: list[str] = []
    bell.ringing.connect(lambda c, d: rang.append((c, d)))
    bell.stopped.connect(stopped.append)
    bell.on_event({"type": "watching", "calling": [{"consult": A, "doctor": "Dr. Asha Verma"}]})
    assert bell.heard and bell.calls == {A: "Dr. Asha Verma"}
    bell.on_event({"type": "calling", "consult": B, "doctor": "Dr. Ravi Rao"})
    bell.on_event({"type": "calling", "consult": B, "doctor": "Dr. Ravi Rao"})  # told again
    assert rang == [(A, "Dr. Asha Verma"), (B, "Dr. Ravi Rao")]
    bell.on_event({"type": "answered", "consult": A})
    assert stopped == [A] and bell.doctors[A] == "Dr. Asha Verma"  # the name is kept
    bell.on_event({"type": "bell-lost"})
    assert not bell.heard and B in bell.calls  # unknown until the hub is heard again
    bell.on_event({"type": "watching", "calling": []})  # B's doctor left meanwhile
    assert stopped == [A, B] and bell.calls == {}
    bell.on_event({"type": "call-over", "consult": B})  # nothing rings: nothing to stop
    assert stopped == [A, B]


def test_the_ring_tone_is_indias_cadence() -> None:
    tone = ring_tone()
    assert len(tone) == 48_000  # 0.4 + 0.2 + 0.4 s
    assert abs(tone[int(0.45 * 48_000)]) == 0.0  # the gap
    assert 0.1 < float(abs(tone[:19_200]).max()) <= 0.3


@pytest.mark.qt_log_ignore("PulseAudioService", "pipewire")
def test_an_open_call_window_learns_who_calls(qtbot) -> None:  # type: ignore[no-untyped-def]
    main = QMainWindow()
    qtbot.addWidget(main)
    button = CallButton()

    def not_here(_consult: str) -> Future[object]:
        found: Future[object] = Future()
        found.set_result(None)
        return found

    calls = SpokeCalls(
        lambda: None,
        CameraService(),
        main,
        button,
        lambda: date(2026, 12, 5),
        not_here,
        print,
    )
    window = CallWindow(Side.SPOKE)
    qtbot.addWidget(window)
    window.set_names("", "Sita Devi")  # opened before the doctor called: "the doctor"
    assert "the doctor" in window.state_text()
    calls.launcher = SimpleNamespace(calls={A: (window, None)}, shutdown=lambda: None)  # type: ignore[assignment]
    calls.bell.on_event({"type": "calling", "consult": A, "doctor": "Dr. Asha Verma"})
    assert window.doctor_name == "Dr. Asha Verma" and window.patient_name == "Sita Devi"
    assert "Dr. Asha Verma" in window.state_text()
    assert calls.bar.isVisibleTo(main) and calls.tone.active
    calls.bell.on_event({"type": "answered", "consult": A})  # that window rings itself
    assert not calls.bar.isVisibleTo(main) and not calls.tone.active
    calls.shutdown()


def test_the_bell_hears_again_after_the_hub_restarts(tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Patchy links: the bell's socket drops with the hub, the spoke keeps trying (a growing
    wait), and once the hub is back a doctor's call rings again."""
    hub = LiveHub.create(tmp_path / "hub").start()
    bell = CallBell()
    try:
        base = hub.base_url
        operator = sign_in(base, hub.enrollment_code("spoke"), "operator")
        doctor = sign_in(base, hub.enrollment_code("hub"), "doctor")
        availability(base, doctor, "online")
        cid = str(new_consult(base, operator)["id"])
        bell.start(lambda: (hub.base_url, operator))
        qtbot.waitUntil(lambda: bell.heard, timeout=30_000)
        hub.stop()
        qtbot.waitUntil(lambda: not bell.heard, timeout=30_000)  # "bell-lost"
        hub.start()  # the same port
        qtbot.waitUntil(lambda: bell.heard, timeout=60_000)
        url = base.replace("http://", "ws://") + f"/api/v1/consults/{cid}/signal"
        with connect(url, additional_headers={"Authorization": f"Bearer {doctor}"}) as room:
            assert json.loads(room.recv(timeout=30))["type"] == "welcome"
            qtbot.waitUntil(lambda: cid in bell.calls, timeout=30_000)
            assert bell.calls[cid] == "doctor"  # the account has no full name: its user name
        qtbot.waitUntil(lambda: cid not in bell.calls, timeout=30_000)  # the doctor left
    finally:
        bell.stop()
        hub.close()
