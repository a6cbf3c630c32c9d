"""One party of a call in its own process, for the call tests:

    python -m tests.call.party BASE_URL CONSULT_ID TOKEN caller|callee TONE_HZ [options]

Prints one JSON object a line on stdout ("ice", "joined", "state", "received", "ended",
"error"; with options also "room", "token", "level", "chat", "stats"); "END" on stdin hangs
up, "CHAT <text>" sends a chat message. Media: the synthetic counter pattern and a sine
tone. The received pictures' counters and the received tone's pitch are reported, so the
parent checks what crossed the call, decoded.

Options: ``--signal-url`` joins the room there (a proxy the test controls) instead of
BASE_URL; ``--bad-network`` renegotiates after a stall (1 s) and adapts what it sends
(``AdaptiveVideoTrack`` + ``CallAdaptation``, quick up-steps) from a 640x480 25 fps source;
``--rejoin`` joins the room again when it drops (backoff up to 1 s); ``--host-address``
is the one address its ICE offers (127.0.0.1 by default; ``any``: every address its
interfaces have at each gathering, as in the app); ``--stats`` prints a "stats" line every
half second (state, level, sent size, video kbit/s sent, encoder target, sound frames
received, pictures decoded and the last one's counter, chat messages unacknowledged,
renegotiations, rejoins, rooms dropped for not answering a ping, and the connection's ICE
route: its local candidates' addresses and the nominated pair).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
import threading
from typing import Any

import aioice.ice
import numpy as np

from desktop.call.adapt import AdaptiveVideoTrack, CallAdaptation, video_bytes_sent
from desktop.call.chat import ChatChannel, ChatMessage
from desktop.call.ice import fetch_ice_config
from desktop.call.peer import CallPeer
from desktop.call.runtime import CallRuntime
from desktop.call.session import CallSession
from desktop.call.signaling import Signaling, SignalingError, rejoiner
from desktop.call.synthetic import (
    CounterVideoTrack,
    SineAudioTrack,
    dominant_frequency,
    read_counter,
)
from desktop.core.call import CallState
from desktop.core.call_adapt import LEVELS, Adapter, AdaptRules

WANT_PICTURES = 20
WANT_AUDIO_SECONDS = 1.0


def emit(event: str, **fields: Any) -> None:
    print(json.dumps({"event": event, **fields}), flush=True)


def host_address_only(address: str = "127.0.0.1") -> None:
    """Host candidates on ``address`` only (loopback by default: the test's media never
    leaves the machine; a test's own veth address in a network namespace); ``any`` leaves
    aioice's own, the interfaces' addresses read at each gathering."""
    if address != "any":
        aioice.ice.get_host_addresses = lambda use_ipv4, use_ipv6: [address]  # type: ignore[assignment]


def ice_route(peer: CallPeer) -> dict[str, Any]:
    """The connection's ICE route: the addresses of its local candidates (aiortc's
    ``getLocalCandidates``) and its nominated pair [local, remote] (aioice's, by its
    private name: aiortc has no selected-pair statistics), None before one is chosen."""
    local: list[str] = []
    pair: list[str] | None = None
    for transceiver in peer.pc.getTransceivers():
        dtls = transceiver.sender.transport
        if dtls is None:
            continue
        ice = dtls.transport
        local += [c.ip for c in ice.iceGatherer.getLocalCandidates() if c.ip not in local]
        nominated = ice._connection._nominated.get(1)
        if nominated is not None and pair is None:
            pair = [nominated.local_addr[0], nominated.remote_addr[0]]
    return {"local": local, "pair": pair}


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


def on_chat(message: ChatMessage) -> None:
    emit("chat", id=message.id, text=message.text)


async def report(
    session: CallSession,
    track: Any,
    received: Received,
    chat: ChatChannel,
    adaptation: CallAdaptation | None,
) -> None:
    """A "stats" line every half second: a measurement over that interval."""
    before = 0
    while True:
        await asyncio.sleep(0.5)
        try:
            sent = await video_bytes_sent(session.peer)
        except (AttributeError, KeyError, RuntimeError):  # a closing connection
            continue
        kbps = (sent - before) * 8 / 1000 / 0.5 if sent >= before else None  # None: a new peer
        before = sent
        level = track.level if isinstance(track, AdaptiveVideoTrack) else None
        emit(
            "stats",
            state=session.machine.state.value,
            level=level.name if level else None,
            video=level.video if level else True,
            size=list(track.sent_size) if isinstance(track, AdaptiveVideoTrack) else None,
            video_kbps=kbps,
            encoder_bitrate=adaptation.encoder_bitrate if adaptation else None,
            audio_in=received.audio_frames,
            video_in=len(received.counters),
            last_counter=received.counters[-1] if received.counters else None,
            route=ice_route(session.peer),
            chat_pending=len(chat.pending),
            renegotiations=session.renegotiations,
            rejoins=session.rejoins,
            room_drops=session.room_drops,
            reading=reading_of(adaptation),
        )


def reading_of(adaptation: CallAdaptation | None) -> dict[str, Any] | None:
    """The adaptation's last link reading (what its step-downs and step-ups go by)."""
    reading = adaptation.last_reading if adaptation else None
    if reading is None:
        return None
    return {
        "send_kbps": round(reading.send_kbps, 1),
        "send_loss": round(reading.send_loss, 3),
        "rtt_ms": round(reading.rtt_ms, 1) if reading.rtt_ms is not None else None,
    }


async def party(args: argparse.Namespace, holder: dict[str, Any], ready: threading.Event) -> None:
    base, consult, token, caller = args.base, args.consult, args.token, args.role == "caller"
    ice = await fetch_ice_config(base, token)
    emit("ice", servers=len(ice["ice_servers"]))
    signal_url = args.signal_url or base
    try:
        room = await Signaling.join(signal_url, consult, token)
    except SignalingError as exc:
        emit("error", error=type(exc).__name__, code=exc.code)
        return
    emit("joined", peer=room.peer_id, peers=len(room.welcome.get("peers", [])))
    received = Received()
    chat = ChatChannel(on_chat, resend_seconds=0.5)
    video: Any = CounterVideoTrack()
    if args.bad_network:
        video = AdaptiveVideoTrack(CounterVideoTrack(640, 480, 25), LEVELS[1])
    audio = SineAudioTrack(args.tone)

    def make_peer() -> CallPeer:
        return CallPeer(video=video, audio=audio, ice=ice, on_frame=received.on_frame)

    tokens = 0

    async def fresh_token() -> str:  # the app's is HubClient.access_token (a refresh)
        nonlocal tokens
        tokens += 1
        emit("token", count=tokens)
        return str(token)

    session = CallSession(
        room,
        make_peer(),
        caller=caller,
        auto_accept=True,
        on_state=lambda s: emit("state", state=s.value),
        # A loaded test machine may pause frames; stalls have their own test (and the bad
        # network's own quick stall).
        stall_seconds=1.0 if args.bad_network else 30.0,
        make_peer=make_peer if args.bad_network else None,
        renegotiate_seconds=2.0,
        chat=chat,
        rejoin=rejoiner(signal_url, consult, fresh_token) if args.rejoin else None,
        rejoin_seconds=0.25,
        rejoin_max_seconds=1.0,
        on_room=lambda present: emit("room", present=present),
    )
    holder["session"], holder["chat"] = session, chat
    tasks = [asyncio.ensure_future(chat.run())]
    adaptation: CallAdaptation | None = None
    if isinstance(video, AdaptiveVideoTrack):
        rules = AdaptRules(up_after=3.0, up_after_max=6.0, probe_seconds=3.0)
        adaptation = CallAdaptation(
            lambda: session.peer,
            video,
            Adapter(rules, start=1),
            on_level=lambda level: emit("level", level=level.name, video=level.video),
            active=lambda: session.machine.state is CallState.CONNECTED,
        )
        tasks.append(asyncio.ensure_future(adaptation.run()))
    if args.stats:
        tasks.append(asyncio.ensure_future(report(session, video, received, chat, adaptation)))
    ready.set()
    try:
        history = await session.run()
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    emit("ended", history=[s.value for s in history])


def arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("consult")
    parser.add_argument("token")
    parser.add_argument("role", choices=["caller", "callee"])
    parser.add_argument("tone", type=float)
    parser.add_argument("--signal-url")
    parser.add_argument("--bad-network", action="store_true")
    parser.add_argument("--rejoin", action="store_true")
    parser.add_argument("--stats", action="store_true")
    parser.add_argument("--host-address", default="127.0.0.1")
    parser.add_argument("--log", action="store_true", help="the call's log on stderr")
    return parser.parse_args(argv)


def main() -> int:
    args = arguments(sys.argv[1:])
    if args.log:
        logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(message)s")
        logging.getLogger("aioice").setLevel(logging.WARNING)
    host_address_only(args.host_address)
    runtime = CallRuntime().start()
    holder: dict[str, Any] = {}
    ready = threading.Event()

    async def send_chat(text: str) -> None:
        message = await holder["chat"].send(text)
        emit("chat-sent", id=message.id, text=message.text)

    def on_stdin() -> None:
        for line in sys.stdin:
            command = line.rstrip("\n")
            if not ready.wait(300):
                return
            if command.strip() == "END":
                runtime.submit(holder["session"].hang_up())
            elif command.startswith("CHAT "):
                runtime.submit(send_chat(command.removeprefix("CHAT ")))

    threading.Thread(target=on_stdin, daemon=True).start()
    try:
        runtime.submit(party(args, holder, ready)).result(300)
    finally:
        runtime.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
