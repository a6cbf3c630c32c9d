"""Issue 16, the call window on a bad network: a spoke window and a doctor window through a
real hub on loopback, their media through a UDP relay under the test's control
(tests/call/link.py; each side's room rewrites its offers' and answers' candidates to the
relay). Chat typed before media connects and during an outage appears once in the other
window and is stored once at the spoke; *Low bandwidth* makes the spoke send 240 lines; a
thin link's reading puts the spoke's adaptation to audio only and both windows say so, until
it steps up again; an outage of the relay shows reconnecting on both sides and ends in a new
peer connection, connected again; the spoke records the call as by video when it ends."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from desktop.call.runtime import CallRuntime
from desktop.call.signaling import Signaling
from desktop.call.synthetic import _bars, draw_counter
from desktop.core.call import CallState
from desktop.core.call_quality import LinkQuality
from desktop.core.duplicates import Decision
from desktop.media import sources
from desktop.media.camera_service import CameraService
from desktop.media.frames import VideoFrame
from desktop.storage import consult_repo, patient_repo
from desktop.ui import i18n
from desktop.ui.app import create_application
from desktop.ui.call.call_window import CallWindow, Side
from desktop.ui.call.controller import CallController
from desktop.ui.call.launcher import CallLauncher
from desktop.ui.clinic_context import ClinicContext
from protocol.ids import wire_id
from tests.call.counter_camera import CounterCamera
from tests.call.link import Link
from tests.call.support import accept, api, availability, sign_in
from tests.desktop.ui.call.test_call_window_live import (
    WAIT_MS,
    hub,
    loopback,
    patient_summary,
    wait_for_counting_pictures,
)
from tests.desktop.ui.clinic_ui_fixtures import TODAY, ctx
from tests.helpers.clinical import OPERATOR, person
from tests.sync_support.hubctl import LiveHub
from tests.sync_support.spoke import consult_payload, patient_payload

__all__ = ["ctx", "hub", "loopback"]

SCREENSHOT_DIR = os.environ.get("SPOKE_CLINIC_SCREENSHOT_DIR", "")
# What a link carrying 84 of 120 kbit/s sent reports: too thin for any video.
THIN = LinkQuality(send_kbps=120, receive_kbps=120, loss=0.3, rtt_ms=300, fps=10, send_loss=0.3)


class VgaCounterCamera(CounterCamera):
    """The counter pictures at 640x480 (larger than the low-bandwidth level's 240 lines)."""

    def read(self) -> VideoFrame:
        self._tick.wait(1 / self.fps)
        image = _bars(640, 480)
        draw_counter(image, self.count)
        self.count += 1
        return VideoFrame(image, self.count / self.fps, self.count)


class RelayedRoom:
    """The consult's room on the hub, whose offers and answers name the relay's ports (the
    relay's forwarders live on ``relay``'s loop)."""

    def __init__(self, room: Signaling, link: Link, relay: CallRuntime, lock: asyncio.Lock) -> None:
        self.room, self.link, self.relay, self.lock = room, link, relay, lock
        self.welcome = room.welcome

    async def send(self, message: dict[str, Any]) -> None:
        if "sdp" in message:
            message = await asyncio.wrap_future(self.relay.submit(self._rewrite(message)))
        await self.room.send(message)

    async def _rewrite(self, message: dict[str, Any]) -> dict[str, Any]:
        async with self.lock:  # one at a time: an offer sent twice gets one forwarder a port
            return await self.link.rewrite(message)

    async def receive(self) -> dict[str, Any]:
        return await self.room.receive()

    async def close(self) -> None:
        await self.room.close()

    def cut(self) -> None:
        """On the call's loop: the connection to the hub drops (no close frame)."""
        self.room._ws.transport.abort()


def shows_video(window: CallWindow) -> bool:
    return window.state is CallState.CONNECTED and not window.audio_only


def chat_lines(window: CallWindow) -> list[str]:
    return [window.chat.messages.item(i).text() for i in range(window.chat.messages.count())]


def type_chat(window: CallWindow, qtbot: Any, text: str) -> None:
    window.chat.entry.setText(text)
    qtbot.keyClick(window.chat.entry, Qt.Key.Key_Return)  # Enter sends


def shoot(window: CallWindow, name: str) -> None:
    if SCREENSHOT_DIR:
        window.grab().save(str(Path(SCREENSHOT_DIR) / name))


@pytest.mark.qt_log_ignore("PulseAudioService", "pipewire")  # the windows open a sound sink
@pytest.mark.parametrize("lang", ["en", "hi"])
def test_a_call_on_a_bad_network_between_the_two_windows(
    hub: LiveHub, loopback: None, ctx: ClinicContext, lang: str, qtbot
) -> None:  # type: ignore[no-untyped-def]
    create_application()
    assert i18n.install(lang)
    base = hub.base_url
    operator = sign_in(base, hub.enrollment_code("spoke"), "operator")
    doctor = sign_in(base, hub.enrollment_code("hub"), "doctor")
    availability(base, doctor, "online")
    # The consult as the spoke keeps it, and at the hub under the same ids (synced).
    services = ctx.services
    p = person("Kumari", "Test", sex="female")
    services.clinic.write(
        lambda s: patient_repo.register(s, p, OPERATOR, TODAY, Decision.NEW_PATIENT)
    ).result(30)
    local = services.clinic.write(lambda s: consult_repo.create_draft(s, p.id, OPERATOR)).result(30)
    pid, cid = wire_id(p.id), wire_id(local.id)
    with api(base, operator) as http:
        assert http.put(f"/patients/{pid}", json=patient_payload(pid)).is_success
        assert http.put(f"/consults/{cid}", json=consult_payload(pid, final=True)).is_success
    accept(base, doctor, cid)

    link = Link()
    relay = CallRuntime().start()

    lock = asyncio.Lock()  # used on the relay's loop only

    async def relayed_join(base_url: str, consult_id: str, token: str) -> RelayedRoom:
        return RelayedRoom(await Signaling.join(base_url, consult_id, token), link, relay, lock)

    spoke_camera, doctor_camera = VgaCounterCamera(), CounterCamera()
    spoke_service = CameraService(choose=lambda: (spoke_camera, sources.test_tone(440)))
    doctor_service = CameraService(choose=lambda: (doctor_camera, sources.test_tone(660)))
    launchers = {
        "spoke": CallLauncher(
            Side.SPOKE, lambda: (base, operator), spoke_service, record=services.calls
        ),
        "doctor": CallLauncher(Side.DOCTOR, lambda: (base, doctor), doctor_service),
    }
    windows: dict[str, CallWindow] = {}
    controllers: dict[str, CallController] = {}
    for name, launcher in launchers.items():
        windows[name] = launcher.open_call(
            cid,
            "Dr. Asha Verma",
            "Test Patient Kumari",
            patient_summary() if name == "spoke" else None,
        )
        controllers[name] = launcher.calls[cid][1]
        controllers[name].join_room = relayed_join  # before the call starts (after the token)
    spoke_window, doctor_window = windows["spoke"], windows["doctor"]
    spoke, doc = controllers["spoke"], controllers["doctor"]
    stored: list[str] = []
    spoke.chat_stored.connect(stored.append)
    try:
        # Chat before any media: the operator writes while the doctor's call rings.
        qtbot.waitUntil(lambda: spoke_window.state is CallState.RINGING, timeout=WAIT_MS)
        type_chat(spoke_window, qtbot, "The patient is ready")
        qtbot.waitUntil(lambda: len(chat_lines(doctor_window)) == 1, timeout=WAIT_MS)
        assert chat_lines(doctor_window)[0].endswith("The patient is ready")
        assert spoke_window.chat.entry.text() == ""
        spoke_window.accept_button.click()
        for window in windows.values():
            qtbot.waitUntil(lambda w=window: shows_video(w), timeout=WAIT_MS)
            wait_for_counting_pictures(qtbot, window)
        assert link.forwarded > 50  # the media crosses the relay (the peers know no other way)
        for window in windows.values():
            qtbot.waitUntil(lambda w=window: w.quality_label.text() != "", timeout=WAIT_MS)
        for name, window in windows.items():
            shoot(window, f"call-{name}-connected-{lang}.png")
        if SCREENSHOT_DIR:
            spoke_window.resize(1920, 1080)
            qtbot.waitUntil(lambda: spoke_window.remote.width() > 1000, timeout=5000)
            shoot(spoke_window, f"call-spoke-connected-{lang}-1920.png")
            spoke_window.resize(1366, 768)

        # (a) Low bandwidth: the spoke sends 240 lines (its camera gives 480).
        assert spoke.track is not None
        qtbot.waitUntil(lambda: spoke.track.sent_size == (640, 480), timeout=WAIT_MS)
        spoke_window.low_bandwidth_button.click()
        assert spoke_window.low_bandwidth_button.isChecked()
        qtbot.waitUntil(lambda: spoke.track.sent_size == (320, 240), timeout=WAIT_MS)
        wait_for_counting_pictures(qtbot, doctor_window, distinct=3)  # still pictures
        spoke_window.low_bandwidth_button.click()  # off again: the adaptation may step up

        # (b) A reading of a thin link: the spoke sends audio only, both windows say so,
        # and the call stays up; good readings step it up again to video.
        adaptation = spoke.adaptation
        assert adaptation is not None

        def thin_link() -> bool:  # readings of the thin link until the adapter moves
            spoke.runtime.call_soon(adaptation.apply_reading, THIN)  # (it holds a second)
            return not adaptation.track.level.video

        qtbot.waitUntil(thin_link, timeout=WAIT_MS)
        for window in windows.values():
            qtbot.waitUntil(lambda w=window: w.audio_only, timeout=WAIT_MS)
        assert not spoke.track.level.video
        if lang == "en":
            assert spoke_window.state_label.text() == (
                "Audio only with Dr. Asha Verma — the link cannot carry video"
            )
            assert doctor_window.state_label.text() == (
                "Audio only with the clinic (Test Patient Kumari) — the link cannot carry video"
            )
        else:
            assert "केवल आवाज़" in spoke_window.state_label.text()
            assert "केवल आवाज़" in doctor_window.state_label.text()
        for name, window in windows.items():
            shoot(window, f"call-{name}-audio-only-{lang}.png")
        for window in windows.values():
            qtbot.waitUntil(lambda w=window: shows_video(w), timeout=WAIT_MS)
        wait_for_counting_pictures(qtbot, doctor_window, distinct=3)

        # (c) An outage of the link: both windows say reconnecting; chat still goes over
        # the room; the doctor's side makes a new peer connection and the call is back.
        assert doc.session is not None and spoke.session is not None
        first_peer = doc.peer
        # (A slow machine's stall may have made a new connection already: count from here.)
        tries = doc.session.renegotiations, spoke.session.renegotiations
        link.down = True
        for window in windows.values():
            qtbot.waitUntil(lambda w=window: w.state is CallState.RECONNECTING, timeout=WAIT_MS)
        for name, window in windows.items():
            shoot(window, f"call-{name}-reconnecting-{lang}.png")
        type_chat(doctor_window, qtbot, "Please hold the line")
        qtbot.waitUntil(lambda: len(chat_lines(spoke_window)) == 2, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: doc.session.renegotiations > tries[0], timeout=WAIT_MS)
        link.down = False
        for window in windows.values():
            qtbot.waitUntil(lambda w=window: w.state is CallState.CONNECTED, timeout=WAIT_MS)
        wait_for_counting_pictures(qtbot, doctor_window, distinct=3)
        wait_for_counting_pictures(qtbot, spoke_window, distinct=3)
        assert doc.peer is not first_peer and spoke.session.renegotiations > tries[1]

        # (d) Each message once in each window, stored once at the spoke with its sender.
        qtbot.waitUntil(lambda: len(stored) == 2, timeout=WAIT_MS)
        for window in windows.values():
            lines = chat_lines(window)
            assert len(lines) == 2
            assert lines[0].endswith("The patient is ready")
            assert lines[1].endswith("Please hold the line")
        you = "You" if lang == "en" else "आप"
        assert f"{you}: The patient is ready" in chat_lines(spoke_window)[0]
        assert "Dr. Asha Verma: Please hold the line" in chat_lines(spoke_window)[1]
        saved = services.calls.chat(local.id)
        assert [(line.sender, line.text) for line in saved] == [
            ("spoke", "The patient is ready"),
            ("doctor", "Please hold the line"),
        ]
        assert sorted(stored) == sorted(line.id for line in saved)

        # (e) The connection to the hub drops on both sides (the rooms cut, no close frame):
        # each window joins the room again with a fresh token while the media goes on, and a
        # message typed meanwhile arrives once.
        rejoins = spoke.session.rejoins, doc.session.rejoins
        for controller in (spoke, doc):
            tap = controller.session.room
            controller.runtime.call_soon(tap.room.cut)
        type_chat(spoke_window, qtbot, "Are you still there?")
        qtbot.waitUntil(lambda: spoke.session.rejoins > rejoins[0], timeout=WAIT_MS)
        qtbot.waitUntil(lambda: doc.session.rejoins > rejoins[1], timeout=WAIT_MS)
        qtbot.waitUntil(lambda: len(chat_lines(doctor_window)) == 3, timeout=WAIT_MS)
        assert chat_lines(doctor_window)[2].endswith("Are you still there?")
        wait_for_counting_pictures(qtbot, doctor_window, distinct=3)
        for window in windows.values():
            assert window.state is CallState.CONNECTED
        for controller in (spoke, doc):
            assert CallState.ENDED not in controller.states
        qtbot.waitUntil(lambda: len(stored) == 3, timeout=WAIT_MS)
        assert len(chat_lines(spoke_window)) == 3

        # The doctor ends the call; the spoke records it as a call by video.
        with qtbot.waitSignals(
            [spoke.finished, doc.finished, spoke.mode_recorded], timeout=WAIT_MS
        ):
            doctor_window.end_button.click()
        assert services.calls.achieved_mode(local.id) == "video"
        for window in windows.values():
            window.close()
        qtbot.waitUntil(lambda: not any(la.calls for la in launchers.values()), timeout=5000)
    finally:
        for launcher in launchers.values():
            launcher.shutdown()
        spoke_service.close()
        doctor_service.close()

        async def close_relay() -> None:
            link.close()

        relay.submit(close_relay()).result(30)
        relay.stop()
        i18n.install("en")
