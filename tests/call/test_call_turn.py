"""A relay-only call through a real coturn: the hub signs TURN REST credentials with the
secret coturn is started with; both peers force iceTransportPolicy "relay", so every
candidate is a relay and media crosses coturn; frames arrive both ways and the call is
connected."""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop.call.ice import fetch_ice_config
from desktop.call.peer import CallPeer
from desktop.call.runtime import CallRuntime
from desktop.call.session import CallSession
from desktop.call.synthetic import CounterVideoTrack, SineAudioTrack, read_counter
from desktop.core.call import CallState
from tests.call.coturn import TURNSERVER, coturn
from tests.call.support import sign_in
from tests.call.test_call_stall import MemoryRoom
from tests.sync_support.hubctl import LiveHub

WAIT = 120.0
SECRET = "synthetic-turn-secret"

pytestmark = pytest.mark.skipif(
    not (shutil.which("turnserver") or os.path.exists(TURNSERVER)),
    reason="coturn missing: scripts/bootstrap.sh installs it as root",
)


@pytest.fixture
def turn_hub(tmp_path: Path) -> Iterator[LiveHub]:
    with coturn(tmp_path / "coturn", SECRET) as port:
        live = LiveHub.create(
            tmp_path / "turn-hub",
            turn_urls=[f"turn:127.0.0.1:{port}?transport=udp"],
            turn_secret=SECRET,
        ).start()
        try:
            yield live
        finally:
            live.close()


async def relay_call(ice: dict[str, Any]) -> dict[str, Any]:
    spoke_room = MemoryRoom("spoke", [])
    doctor_room = MemoryRoom("doctor", [{"peer": "spoke", "role": "spoke_operator"}])
    spoke_room.other, doctor_room.other = doctor_room, spoke_room
    counters: dict[str, set[int]] = {"spoke": set(), "doctor": set()}
    enough = asyncio.Event()

    def frames(side: str) -> Any:
        def on_frame(kind: str, frame: Any) -> None:
            if kind == "video":
                value = read_counter(frame.to_ndarray(format="gray"))
                if value is not None:
                    counters[side].add(value)
            if all(len(seen) >= 10 for seen in counters.values()):
                enough.set()

        return on_frame

    reached = asyncio.Event()
    peers = {
        side: CallPeer(
            video=CounterVideoTrack(),
            audio=SineAudioTrack(),
            ice=ice,
            on_frame=frames(side),
            relay_only=True,
        )
        for side in ("spoke", "doctor")
    }
    spoke = CallSession(spoke_room, peers["spoke"], caller=False, auto_accept=True)
    doctor = CallSession(
        doctor_room,
        peers["doctor"],
        caller=True,
        on_state=lambda s: s is CallState.CONNECTED and reached.set(),
    )
    tasks = [asyncio.ensure_future(spoke.run()), asyncio.ensure_future(doctor.run())]
    try:
        await asyncio.wait_for(reached.wait(), WAIT)
        await asyncio.wait_for(enough.wait(), WAIT)
        sdp = {side: peer.pc.localDescription.sdp for side, peer in peers.items()}
        pairs = {}
        for side, peer in peers.items():
            transport = peer.pc.getTransceivers()[0].sender.transport.transport
            pair = transport._connection._nominated.get(1)  # the pair media uses
            pairs[side] = None if pair is None else pair.local_candidate.type
        return {"sdp": sdp, "pairs": pairs, "counters": counters}
    finally:
        await doctor.hang_up()
        await asyncio.wait_for(asyncio.gather(*tasks), WAIT)


def test_relay_only_call_through_coturn(turn_hub: LiveHub) -> None:
    token = sign_in(turn_hub.base_url, turn_hub.enrollment_code(), "operator")
    with CallRuntime() as runtime:
        ice = runtime.submit(fetch_ice_config(turn_hub.base_url, token)).result(60)
        out = runtime.submit(relay_call(ice)).result(WAIT * 3)
    for side, sdp in out["sdp"].items():
        candidates = [line for line in sdp.splitlines() if line.startswith("a=candidate:")]
        assert candidates, side
        assert all(" typ relay" in line for line in candidates), candidates
    assert out["pairs"] == {"spoke": "relay", "doctor": "relay"}
    assert all(len(seen) >= 10 for seen in out["counters"].values())
