"""A call session against a real hub, both parties on one runtime: the spoke answers only
when it accepts; a doctor thrown out of the room (account disabled: the hub's re-check closes
the socket with 4403) has the call ended with NotInRoom."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import aioice.ice
import httpx
import pytest

from desktop.call.peer import CallPeer
from desktop.call.runtime import CallRuntime
from desktop.call.session import CallSession
from desktop.call.signaling import NotInRoom, Signaling
from desktop.call.synthetic import CounterVideoTrack, SineAudioTrack
from desktop.core.call import CallState
from tests.call.support import accept, availability, new_consult, sign_in
from tests.sync_support.hubctl import PASSWORD, LiveHub

WAIT = 120.0


@pytest.fixture
def hub(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[LiveHub]:
    monkeypatch.setattr(aioice.ice, "get_host_addresses", lambda use_ipv4, use_ipv6: ["127.0.0.1"])
    live = LiveHub.create(tmp_path / "hub", signal_recheck_seconds=0.2).start()
    yield live
    live.close()


class Watched:
    """A session whose states can be awaited."""

    def __init__(self, room: Signaling, caller: bool) -> None:
        self.reached: dict[CallState, asyncio.Event] = {s: asyncio.Event() for s in CallState}
        peer = CallPeer(video=CounterVideoTrack(), audio=SineAudioTrack())
        self.session = CallSession(
            room, peer, caller=caller, on_state=self._on_state, stall_seconds=30.0
        )
        self.task = asyncio.ensure_future(self.session.run())

    def _on_state(self, state: CallState) -> None:
        self.reached[state].set()

    async def until(self, state: CallState) -> None:
        await asyncio.wait_for(self.reached[state].wait(), WAIT)


def test_accept_then_thrown_out_of_the_room(hub: LiveHub) -> None:
    base = hub.base_url
    operator = sign_in(base, hub.enrollment_code("spoke"), "operator")
    doctor = sign_in(base, hub.enrollment_code("hub"), "doctor")
    availability(base, doctor, "online")
    consult = new_consult(base, operator)
    cid, doctor_id = str(consult["id"]), str(consult["assigned_doctor_id"])
    accept(base, doctor, cid)

    async def connect() -> tuple[Watched, Watched]:
        room = await Signaling.join(base, cid, operator)
        assert 0 < await room.round_trip() < WAIT  # the pre-call check's round trip to the hub
        spoke = Watched(room, caller=False)
        doc = Watched(await Signaling.join(base, cid, doctor), caller=True)
        await spoke.until(CallState.RINGING)
        assert spoke.session.machine.state is CallState.RINGING  # rings until accepted
        await spoke.session.accept()
        await spoke.until(CallState.CONNECTED)
        await doc.until(CallState.CONNECTED)
        return spoke, doc

    async def outcome(watched: Watched) -> list[CallState]:
        return await asyncio.wait_for(watched.task, WAIT)

    with CallRuntime() as runtime:
        spoke, doc = runtime.submit(connect()).result(WAIT * 3)
        form = {"grant_type": "password", "username": "admin", "password": PASSWORD}
        with httpx.Client(base_url=f"{base}/api/v1", timeout=30, trust_env=False) as http:
            admin = http.post("/auth/token", data=form).json()["access_token"]
            r = http.post(
                f"/admin/users/{doctor_id}/disable", headers={"Authorization": f"Bearer {admin}"}
            )
            assert r.is_success, r.text
        history = runtime.submit(outcome(doc)).result(WAIT * 2)
        assert history[-2:] == [CallState.CONNECTED, CallState.ENDED]
        assert isinstance(doc.session.error, NotInRoom) and doc.session.error.code == 4403
        runtime.submit(spoke.session.hang_up()).result(WAIT)
        assert runtime.submit(outcome(spoke)).result(WAIT)[-1] is CallState.ENDED
