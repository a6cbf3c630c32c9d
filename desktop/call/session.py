"""One call over a consult's signaling room: the caller (the doctor) offers once the other
party is in the room, the callee (the spoke) answers when it accepts; the peer connection's
states and the room's messages move the call's state machine (desktop.core.call).

Everything here runs on the call runtime's loop; ``on_state`` is called there too.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from typing import Any, Protocol

from desktop.call.peer import CallPeer
from desktop.call.signaling import NotInRoom, NotSignedIn, SignalingError
from desktop.core.call import CallEvent, CallMachine, CallState

log = logging.getLogger("spoke.call")

_MEDIA = {
    "connected": CallEvent.MEDIA_UP,
    "disconnected": CallEvent.MEDIA_DOWN,
    "failed": CallEvent.FAILED,
}


class Room(Protocol):
    """What a session needs of the consult's room (``signaling.Signaling`` is one)."""

    welcome: dict[str, Any]

    async def send(self, message: dict[str, Any]) -> None: ...
    async def receive(self) -> dict[str, Any]: ...
    async def close(self) -> None: ...


class CallSession:
    """``await session.run()`` until the call ends (returns the final state's history).

    aiortc has no "disconnected" connection state (a lost link becomes "failed" only after
    its consent checks give up, tens of seconds later), so the session watches the remote
    media itself: no frame for ``stall_seconds`` while connected is MEDIA_DOWN
    (reconnecting), frames again are MEDIA_UP."""

    def __init__(
        self,
        room: Room,
        peer: CallPeer,
        *,
        caller: bool,
        auto_accept: bool = False,
        on_state: Callable[[CallState], None] | None = None,
        stall_seconds: float = 2.0,
    ) -> None:
        self.room = room
        self.peer = peer
        self.caller = caller
        self.auto_accept = auto_accept
        self.machine = CallMachine()
        self.ended = asyncio.Event()
        self.error: SignalingError | None = None
        self._on_state = on_state
        self._pending_offer: dict[str, Any] | None = None
        self._offer: dict[str, str] | None = None
        self.stall_seconds = stall_seconds
        peer.on_state = self._on_media

    # -- the call's moves -------------------------------------------------------------
    def _apply(self, event: CallEvent) -> None:
        if self.machine.apply(event):
            log.info("call %s", self.machine.state.value)
            if self._on_state is not None:
                self._on_state(self.machine.state)
        if self.machine.ended:
            self.ended.set()

    def _on_media(self, state: str) -> None:
        event = _MEDIA.get(state)
        if event is not None:
            self._apply(event)

    async def accept(self) -> None:
        """The callee answers the offer that rang (or will answer it as soon as it rings)."""
        self.auto_accept = True
        if self._pending_offer is not None:
            offer, self._pending_offer = self._pending_offer, None
            answer = await self.peer.answer(offer)
            await self.room.send(answer)
            self._apply(CallEvent.ACCEPTED)

    async def hang_up(self) -> None:
        if self.machine.ended:
            return
        with contextlib.suppress(SignalingError):
            await self.room.send({"type": "bye"})
        self._apply(CallEvent.HANG_UP)

    # -- the room ---------------------------------------------------------------------
    async def run(self) -> list[CallState]:
        reader = asyncio.ensure_future(self._read_room())
        watchdog = asyncio.ensure_future(self._watch_media())
        try:
            if self.room.welcome.get("peers"):
                await self._peer_present()
            await self.ended.wait()
        finally:
            for task in (reader, watchdog):
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            await self.peer.close()
            with contextlib.suppress(SignalingError, OSError):
                await self.room.close()
        return list(self.machine.history)

    async def _watch_media(self) -> None:
        """A timer, on purpose: a stall is the absence of events."""
        while not self.machine.ended:
            await asyncio.sleep(self.stall_seconds / 4)
            last = self.peer.last_frame_at
            if last is None:
                continue  # nothing received yet: connecting is the peer connection's job
            stalled = time.monotonic() - last > self.stall_seconds
            state = self.machine.state
            if stalled and state is CallState.CONNECTED:
                self._apply(CallEvent.MEDIA_DOWN)
            elif not stalled and state is CallState.RECONNECTING:
                self._apply(CallEvent.MEDIA_UP)

    async def _read_room(self) -> None:
        try:
            while not self.machine.ended:
                await self._handle(await self.room.receive())
        except SignalingError as exc:
            self.error = exc
            # Thrown out of the room (4403: the consult is no longer ours; 4401) ends the
            # call. A lost connection to the hub does not end media that flows.
            if isinstance(exc, (NotInRoom, NotSignedIn)) or self.machine.state not in (
                CallState.CONNECTED,
                CallState.RECONNECTING,
            ):
                self._apply(CallEvent.HANG_UP)

    async def _peer_present(self) -> None:
        self._apply(CallEvent.PEER_PRESENT)
        if self.caller and self.machine.state is CallState.RINGING:
            if self._offer is None:
                self._offer = await self.peer.offer()
            await self.room.send(self._offer)  # again when the callee comes back

    async def _handle(self, message: dict[str, Any]) -> None:
        kind = message.get("type")
        if kind == "peer-joined":
            await self._peer_present()
        elif kind == "peer-left":
            self._apply(CallEvent.PEER_GONE)
        elif kind == "offer" and not self.caller:
            self._apply(CallEvent.OFFERED)
            self._pending_offer = message
            if self.auto_accept:
                await self.accept()
        elif kind == "answer" and self.caller and self.machine.state is CallState.RINGING:
            await self.peer.accept_answer(message)
            self._apply(CallEvent.ACCEPTED)
        elif kind == "candidate":
            await self.peer.add_candidate(message)
        elif kind == "bye":
            self._apply(CallEvent.HANG_UP)
        elif kind == "error":
            log.warning("signaling room refused a message")
