"""One call over a consult's signaling room: the caller (the doctor) offers once the other
party is in the room, the callee (the spoke) answers when it accepts; the peer connection's
states and the room's messages move the call's state machine (desktop.core.call).

Everything here runs on the call runtime's loop; ``on_state`` is called there too.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from desktop.call.peer import CallPeer
from desktop.call.signaling import NotInRoom, NotSignedIn, SignalingError
from desktop.core.call import CallEvent, CallMachine, CallState

if TYPE_CHECKING:
    from desktop.call.chat import ChatChannel

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


@runtime_checkable
class Checkable(Protocol):
    """A room whose connection can be checked and dropped (``signaling.Signaling``)."""

    async def round_trip(self, timeout: float = ...) -> float: ...
    def stranded(self) -> bool: ...
    def abort(self) -> None: ...


class CallSession:
    """``await session.run()`` until the call ends (returns the final state's history).

    aiortc has no "disconnected" connection state (a lost link becomes "failed" only after
    its consent checks give up, tens of seconds later), so the session watches the remote
    media itself: no frame for ``stall_seconds`` while connected is MEDIA_DOWN
    (reconnecting), frames again are MEDIA_UP.

    Reconnection: aiortc has no ICE restart, so with ``make_peer`` (a factory of new peer
    connections over the same local tracks) the caller renegotiates: after
    ``renegotiate_seconds`` of reconnecting it closes the peer connection, makes a new one
    and offers it over the room (again after ``renegotiate_seconds`` while still
    reconnecting, once that connection failed or ``attempt_seconds`` passed; offers and
    answers carry the attempt's number, so an answer to an older offer is ignored); the
    callee answers such an offer with a new peer connection of its own,
    and asks the caller for one (``{"type": "restart"}``) when its own media stalls.
    The call object and its state stay (reconnecting -> connected); a peer connection that
    fails meanwhile is not the end of the call, ``give_up_seconds`` of reconnecting is.
    ``chat`` (a ``ChatChannel``) gets the room's chat messages and resends what is
    unacknowledged when the other party is back in the room.

    Rejoining: with ``rejoin`` (an async callable that joins the room again, with a fresh
    token: ``signaling.rejoiner``), a connection to the hub that drops (hub restarted,
    network cut) is not the end of the call: the session joins again after
    ``rejoin_seconds`` (doubling up to ``rejoin_max_seconds``, with jitter), while media goes
    on; refused (4401/4403) ends the call. Back in the room, chat resends, and a call that
    is reconnecting renegotiates at once once both parties are there (an offer sent while the
    other party was away is lost). ``on_room(True/False)`` tells of the room back / lost.

    A network change (a new address) kills the room's connection silently: its TCP
    connection names an address that is gone, nothing arrives or leaves, yet the socket
    stays open until keepalive gives up (20-40 s). So while the call is reconnecting, a room
    that can be checked (``Checkable``, with ``rejoin``) is dropped (``abort``) as soon as its
    connection's address is gone (``stranded``, looked at on each watchdog tick), or when a
    ping gets no answer within ``room_silent_seconds`` (a path gone further away, e.g. a new
    network with the same local address); the session then rejoins at once, from the new
    address, and renegotiates there. A plain outage shorter than that keeps its room (TCP
    resumes when the link does)."""

    def __init__(
        self,
        room: Room,
        peer: CallPeer,
        *,
        caller: bool,
        auto_accept: bool = False,
        on_state: Callable[[CallState], None] | None = None,
        stall_seconds: float = 2.0,
        make_peer: Callable[[], CallPeer] | None = None,
        renegotiate_seconds: float = 3.0,
        attempt_seconds: float = 10.0,
        give_up_seconds: float = 120.0,
        chat: ChatChannel | None = None,
        rejoin: Callable[[], Awaitable[Room]] | None = None,
        rejoin_seconds: float = 0.5,
        rejoin_max_seconds: float = 10.0,
        on_room: Callable[[bool], None] | None = None,
        room_silent_seconds: float = 10.0,
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
        self.make_peer = make_peer
        self.renegotiate_seconds = renegotiate_seconds
        self.attempt_seconds = attempt_seconds
        self.give_up_seconds = give_up_seconds
        self.chat = chat
        if chat is not None:
            chat.attach(room)
        self.rejoin = rejoin
        self.rejoin_seconds = rejoin_seconds
        self.rejoin_max_seconds = rejoin_max_seconds
        self._on_room = on_room
        self.room_silent_seconds = room_silent_seconds
        self.room_pings = 0  # pings of the room while reconnecting, answered or not
        self.room_drops = 0  # rooms dropped as dead (address gone, or no answer)
        self._room_check: asyncio.Task[None] | None = None
        self.rejoins = 0  # times the room was joined again
        self.room_away = False  # the connection to the hub dropped; rejoining
        self.renegotiations = 0  # new peer connections offered or answered so far
        self._reconnecting_since: float | None = None
        self._last_attempt: float | None = None
        self._last_offer_at: float | None = None
        self._renegotiating = False  # a new connection is being made and offered
        self._bind(peer)

    def _bind(self, peer: CallPeer) -> None:
        peer.on_state = lambda state: self._on_media(peer, state)

    # -- the call's moves -------------------------------------------------------------
    def _apply(self, event: CallEvent) -> None:
        if self.machine.apply(event):
            log.info("call %s", self.machine.state.value)
            reconnecting = self.machine.state is CallState.RECONNECTING
            if reconnecting and self._reconnecting_since is None:
                self._reconnecting_since = time.monotonic()
            elif not reconnecting:
                self._reconnecting_since = self._last_attempt = None
            if self._on_state is not None:
                self._on_state(self.machine.state)
        if self.machine.ended:
            self.ended.set()

    def _on_media(self, peer: CallPeer, state: str) -> None:
        if peer is not self.peer:
            return  # a replaced connection closing
        event = _MEDIA.get(state)
        if (
            event is CallEvent.FAILED
            and self.make_peer is not None
            and self.machine.state in (CallState.CONNECTED, CallState.RECONNECTING)
        ):
            event = CallEvent.MEDIA_DOWN  # renegotiation takes it from here
        if event is not None:
            self._apply(event)

    async def _replace_peer(self) -> CallPeer:
        """Closes the peer connection and makes a new one over the same local tracks (the
        old one first: two senders must not share a source), with the same mute state."""
        assert self.make_peer is not None
        old = self.peer
        muted = old.audio is not None and not old.audio.enabled
        camera_off = old.video is not None and not old.video.enabled
        await old.close()
        new = self.make_peer()
        new.set_muted(muted)
        new.set_camera_on(not camera_off)
        new.on_frame = new.on_frame or old.on_frame
        self._bind(new)
        self.peer = new
        self.renegotiations += 1
        return new

    async def _renegotiate(self) -> None:
        if self._renegotiating:
            return  # the watchdog and a "restart" request at once: one new connection
        self._renegotiating = True
        try:
            self._last_offer_at = time.monotonic()
            log.info("call renegotiates a new peer connection")
            peer = await self._replace_peer()
            await self.room.send({**(await peer.offer()), "restart": self.renegotiations})
        finally:
            self._renegotiating = False

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
            for task in (reader, watchdog, self._room_check):
                if task is None:
                    continue
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            await self.peer.close()
            if self.chat is not None:
                self.chat.detach()
            with contextlib.suppress(SignalingError, OSError):
                await self.room.close()
        return list(self.machine.history)

    async def _watch_media(self) -> None:
        """A timer, on purpose: a stall is the absence of events."""
        while not self.machine.ended:
            await asyncio.sleep(self.stall_seconds / 4)
            await self._check_media()

    async def _check_media(self) -> None:
        last = self.peer.last_frame_at
        now = time.monotonic()
        state = self.machine.state
        if last is not None:  # before the first frame, connecting is the connection's job
            stalled = now - last > self.stall_seconds
            if stalled and state is CallState.CONNECTED:
                self._apply(CallEvent.MEDIA_DOWN)
            elif not stalled and state is CallState.RECONNECTING:
                self._apply(CallEvent.MEDIA_UP)
        since = self._reconnecting_since
        if self.machine.state is not CallState.RECONNECTING or since is None:
            return
        self._check_room()
        if now - since > self.give_up_seconds:
            self._apply(CallEvent.FAILED)
            return
        attempt = self._last_attempt if self._last_attempt is not None else since
        if self.make_peer is None or self.room_away or now - attempt < self.renegotiate_seconds:
            return  # (an offer needs the room: rejoining renegotiates when both are back)
        if (
            self._last_attempt is not None
            and self.peer.state not in ("failed", "closed")
            and now - attempt < self.attempt_seconds
        ):
            return  # the last new connection is still being set up: give it its time
        self._last_attempt = now
        try:
            if self.caller:
                await self._renegotiate()
            else:  # only the caller offers: ask it to (its side may see no stall)
                await self.room.send({"type": "restart"})
        except SignalingError:
            log.info("call cannot renegotiate without the room; trying again")

    def _check_room(self) -> None:
        """While reconnecting: drop a room whose connection lost its address; else keep a
        ping to it going (one at a time)."""
        room = self.room
        if self.rejoin is None or self.room_away or not isinstance(room, Checkable):
            return
        if room.stranded():
            self._drop_room(room.abort, "its address is gone")
        elif self._room_check is None or self._room_check.done():
            self._room_check = asyncio.ensure_future(self._ping_room(room))

    async def _ping_room(self, room: Checkable) -> None:
        # The connection of this moment (a tap's room may be replaced by a rejoin meanwhile).
        ping, abort, joined = room.round_trip, room.abort, self.rejoins
        self.room_pings += 1
        try:
            await ping(self.room_silent_seconds)
        except SignalingError:
            if self.machine.state is CallState.RECONNECTING and self.rejoins == joined:
                self._drop_room(abort, "no answer to a ping")

    def _drop_room(self, abort: Callable[[], None], why: str) -> None:
        if self.room_away or self.machine.ended:
            return
        log.info("call drops its signaling room (%s); rejoining", why)
        self.room_drops += 1
        self.room_away = True  # no offer into it meanwhile, and dropped once
        abort()  # the reader gets RoomClosed and rejoins

    async def _read_room(self) -> None:
        while not self.machine.ended:
            try:
                while not self.machine.ended:
                    await self._handle(await self.room.receive())
            except SignalingError as exc:
                self.error = exc
                # Thrown out of the room (4403: the consult is no longer ours; 4401) ends the
                # call. A lost connection to the hub does not end media that flows; with
                # ``rejoin`` it ends nothing: the session joins again.
                thrown_out = isinstance(exc, (NotInRoom, NotSignedIn))
                if thrown_out or (
                    self.rejoin is None
                    and self.machine.state not in (CallState.CONNECTED, CallState.RECONNECTING)
                ):
                    self._apply(CallEvent.HANG_UP)
                if thrown_out or self.rejoin is None:
                    return
            else:
                return
            await self._rejoin_room()

    async def _rejoin_room(self) -> None:
        """Joins the room again, with backoff, until it works or the call ends."""
        assert self.rejoin is not None
        log.info("call lost the signaling room; rejoining")
        self.room_away = True
        if self.chat is not None:
            self.chat.detach()  # messages wait (pending) until the room is back
        with contextlib.suppress(SignalingError, OSError):
            await self.room.close()
        if self._on_room is not None:
            self._on_room(False)
        delay = self.rejoin_seconds
        while not self.machine.ended:
            await asyncio.sleep(delay * random.uniform(0.8, 1.2))  # a timer, on purpose: backoff
            delay = min(delay * 2, self.rejoin_max_seconds)
            try:
                room = await self.rejoin()
            except (NotInRoom, NotSignedIn) as exc:
                self.error = exc
                self._apply(CallEvent.HANG_UP)
                return
            except (SignalingError, OSError) as exc:
                log.info("call cannot rejoin the room yet: %s", type(exc).__name__)
                continue
            if self.machine.ended:  # hung up meanwhile
                with contextlib.suppress(SignalingError, OSError):
                    await room.close()
                return
            self.room, self.room_away, self.error = room, False, None
            self.rejoins += 1
            log.info("call rejoined the signaling room")
            if self.chat is not None:
                self.chat.attach(room)
            if self._on_room is not None:
                self._on_room(True)
            with contextlib.suppress(SignalingError):  # lost again: the reader rejoins again
                if room.welcome.get("peers"):
                    await self._peer_present()
                if self.chat is not None:
                    await self.chat.resend()
            return

    async def _peer_present(self) -> None:
        self._apply(CallEvent.PEER_PRESENT)
        if self.caller and self.machine.state is CallState.RINGING:
            if self._offer is None:
                self._offer = await self.peer.offer()
            await self.room.send(self._offer)  # again when the callee comes back
        elif self.machine.state is CallState.RECONNECTING and self.make_peer is not None:
            # Both parties are in the room again (after one of them rejoined): any offer or
            # request sent while the other was away is lost, so start one now.
            self._last_attempt = time.monotonic()
            if self.caller:
                await self._renegotiate()
            else:
                await self.room.send({"type": "restart"})

    async def _handle(self, message: dict[str, Any]) -> None:
        kind = message.get("type")
        if kind == "chat":
            if self.chat is not None:
                await self.chat.handle(message)
        elif kind == "peer-joined":
            await self._peer_present()
            if self.chat is not None:
                await self.chat.resend()
        elif kind == "peer-left":
            self._apply(CallEvent.PEER_GONE)
        elif kind == "offer" and not self.caller and message.get("restart") and self._restarting():
            await self._replace_peer()
            answer = await self.peer.answer(message)
            await self.room.send({**answer, "restart": message["restart"]})
            self._apply(CallEvent.OFFERED)
            self._apply(CallEvent.ACCEPTED)
        elif kind == "offer" and not self.caller:
            self._apply(CallEvent.OFFERED)
            self._pending_offer = message
            if self.auto_accept:
                await self.accept()
        elif kind == "answer" and self.caller and self.machine.state is CallState.RINGING:
            await self.peer.accept_answer(message)
            self._apply(CallEvent.ACCEPTED)
        elif (
            kind == "answer"
            and self.caller
            and self._restarting()
            and self.peer.pc.signalingState == "have-local-offer"
            and message.get("restart") == self.renegotiations  # not an older offer's answer
        ):
            await self.peer.accept_answer(message)
        elif kind == "restart" and self.caller and self._restarting():
            last = self._last_offer_at
            pending = self.peer.state not in ("connected", "failed", "closed")
            if last is None or time.monotonic() - last >= (
                self.attempt_seconds if pending else self.renegotiate_seconds
            ):
                await self._renegotiate()  # the callee's media stalled
        elif kind == "candidate":
            await self.peer.add_candidate(message)
        elif kind == "bye":
            self._apply(CallEvent.HANG_UP)
        elif kind == "error":
            log.warning("signaling room refused a message")

    def _restarting(self) -> bool:
        """A renegotiation is possible: media was up and a new connection can be made."""
        return self.make_peer is not None and self.machine.state in (
            CallState.CONNECTED,
            CallState.RECONNECTING,
        )
