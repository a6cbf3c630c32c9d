"""One party of a call in its own process, for the call tests:

    python -m tests.call.party BASE_URL CONSULT_ID TOKEN caller|callee TONE_HZ

Prints one JSON object a line on stdout ("ice", "joined", "state", "received", "ended",
"error"); "END" on stdin hangs up. Media: the synthetic counter pattern and a sine tone.
The received pictures' counters and the received tone's pitch are reported, so the parent
checks what crossed the call, decoded.
"""

from __future__ import annotations

import json
import sys
import threading
from typing import Any

import aioice.ice
import numpy as np

from desktop.call.ice import fetch_ice_config
from desktop.call.peer import CallPeer
from desktop.call.runtime import CallRuntime
from desktop.call.session import CallSession
from desktop.call.signaling import Signaling, SignalingError
from desktop.call.synthetic import (
    CounterVideoTrack,
    SineAudioTrack,
    dominant_frequency,
    read_counter,
)

WANT_PICTURES = 20
WANT_AUDIO_SECONDS = 1.0


def emit(event: str, **fields: Any) -> None:
    print(json.dumps({"event": event, **fields}), flush=True)


def loopback_only() -> None:
    """Host candidates on 127.0.0.1 only: the test's media never leaves loopback."""
    aioice.ice.get_host_addresses = lambda use_ipv4, use_ipv6: ["127.0.0.1"]  # type: ignore[assignment]


class Received:
    """Remote frames, decoded, checked once enough arrived."""

    def __init__(self) -> None:
        self.counters: list[int] = []
        self.audio_frames = 0
        self.audio: list[np.ndarray] = []
        self.audio_rate = 48000
        self.reported = False

    def on_frame(self, kind: str, frame: Any) -> None:
        if kind == "video":
            value = read_counter(frame.to_ndarray(format="gray"))
            if value is not None:
                self.counters.append(value)
        elif kind == "audio":
            self.audio_frames += 1
            self.audio_rate = frame.sample_rate
            data = frame.to_ndarray()
            channels = len(frame.layout.channels)
            self.audio.append(data.reshape(-1)[::channels] if frame.format.is_packed else data[0])
            self.audio = self.audio[-100:]  # the last two seconds or so
        self._maybe_report()

    def _maybe_report(self) -> None:
        seconds = sum(len(a) for a in self.audio) / self.audio_rate
        if self.reported or len(set(self.counters)) < WANT_PICTURES or seconds < WANT_AUDIO_SECONDS:
            return
        self.reported = True
        tail = np.concatenate(self.audio)[-self.audio_rate :]
        emit(
            "received",
            counters=self.counters,
            audio_frames=self.audio_frames,
            audio_hz=dominant_frequency(tail, self.audio_rate),
            audio_peak=int(np.abs(tail.astype(np.int32)).max()),
        )


async def party(
    base: str, consult: str, token: str, caller: bool, tone: float, holder: dict[str, CallSession]
) -> None:
    ice = await fetch_ice_config(base, token)
    emit("ice", servers=len(ice["ice_servers"]))
    try:
        room = await Signaling.join(base, consult, token)
    except SignalingError as exc:
        emit("error", error=type(exc).__name__, code=exc.code)
        return
    emit("joined", peer=room.peer_id, peers=len(room.welcome.get("peers", [])))
    received = Received()
    peer = CallPeer(
        video=CounterVideoTrack(), audio=SineAudioTrack(tone), ice=ice, on_frame=received.on_frame
    )
    session = CallSession(
        room,
        peer,
        caller=caller,
        auto_accept=True,
        on_state=lambda s: emit("state", state=s.value),
        stall_seconds=30.0,  # a loaded test machine may pause frames; stalls have their own test
    )
    holder["session"] = session
    history = await session.run()
    emit("ended", history=[s.value for s in history])


def main() -> int:
    base, consult, token, role, tone = sys.argv[1:6]
    loopback_only()
    runtime = CallRuntime().start()
    holder: dict[str, CallSession] = {}

    def hang_up_on_request() -> None:
        for line in sys.stdin:
            if line.strip() == "END" and "session" in holder:
                runtime.submit(holder["session"].hang_up())

    threading.Thread(target=hang_up_on_request, daemon=True).start()
    try:
        runtime.submit(party(base, consult, token, role == "caller", float(tone), holder)).result(
            300
        )
    finally:
        runtime.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
