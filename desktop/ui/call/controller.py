"""Runs one call for a ``CallWindow``: joins the consult's room on the call runtime, builds
the peer and session (desktop.call), and carries states, pictures and link quality to the
window; the window's buttons come back as moves of the session or the peer.

The bad-network machinery is wired here: the session gets ``make_peer`` (an outage ends in
a new peer connection over the same local tracks), the camera's video goes through an
``AdaptiveVideoTrack`` driven by ``CallAdaptation`` (its level tells the window when the
call is audio only), and the chat (``ChatChannel`` over the room) reaches the window's chat
panel and, on the spoke, the consult's record (``record``: ``Services.calls``), as does the
mode the call achieved when it ends.

The spoke is the callee (it answers when the operator presses Accept), the doctor the caller.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any, Protocol

from aiortc import MediaStreamTrack
from PySide6.QtCore import QObject, QTimer, Signal, SignalInstance, Slot
from shiboken6 import isValid

from desktop import logs
from desktop.call.adapt import AdaptiveVideoTrack, CallAdaptation
from desktop.call.camera_track import TappedTrack
from desktop.call.chat import MAX_CHAT_CHARS, ChatChannel, ChatMessage
from desktop.call.ice import fetch_ice_config
from desktop.call.peer import CallPeer
from desktop.call.room_tap import RoomTap
from desktop.call.runtime import CallRuntime
from desktop.call.session import CallSession, Room
from desktop.call.signaling import RoomClosed, Signaling
from desktop.core.call import CallState
from desktop.core.call_adapt import Adapter, AdaptRules, Level, achieved_mode
from desktop.core.call_quality import LinkCounters, link_quality
from desktop.ui.call.call_window import CallWindow
from desktop.ui.media.bridge import QueueBridge
from desktop.ui.tasks import Operation
from protocol.ids import local_id

log = logs.get("ui")
QUALITY_INTERVAL_MS = 2000
MEDIA_GAP_SECONDS = 1.0  # a longer gap between two remote frames is not "media came through"

JoinRoom = Callable[[str, str, str], Awaitable[Room]]  # (base URL, consult id, token)


class CallRecord(Protocol):
    """The consult's record of the call (``Services.calls`` on the spoke)."""

    def store_chat(
        self, consult_id: str, message_id: str, text: str, sender: str, sent_at: datetime
    ) -> concurrent.futures.Future[bool]: ...

    def record_achieved_mode(
        self,
        consult_id: str,
        mode: str,
        *,
        started_at: datetime | None = None,
        ended_at: datetime | None = None,
        video_seconds: float | None = None,
        audio_seconds: float | None = None,
    ) -> concurrent.futures.Future[str]: ...


class MediaSeconds:
    """How long the other side's media came through: the gaps between its frames, each
    gap up to ``MEDIA_GAP_SECONDS`` (a stall adds nothing). Fed on the call's loop."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._last: float | None = None

    def frame(self, now: float) -> None:
        if self._last is not None and 0 < now - self._last <= MEDIA_GAP_SECONDS:
            self.seconds += now - self._last
        self._last = now


class CallController(QObject):
    """One call between ``window`` and the other side, on ``runtime``'s loop.

    ``record`` (the spoke's ``Services.calls``) stores each chat message once and the mode
    the call achieved; the doctor's PC keeps neither (the spoke's copy goes to the hub).

    Signals:
        finished(object): the call's state history (a list of ``CallState``) once it ended,
            or the exception that stopped it (not signed in, not in the room, no hub).
        state_changed(object): each ``CallState`` as shown (the call's extras follow it).
        chat_stored(str): a chat message (its id) stored in the consult's record.
        mode_recorded(str): the mode the call achieved, recorded ("video", "audio", "text").
    """

    finished = Signal(object)
    state_changed = Signal(object)
    chat_stored = Signal(str)
    mode_recorded = Signal(str)

    def __init__(
        self,
        window: CallWindow,
        runtime: CallRuntime,
        *,
        caller: bool,
        record: CallRecord | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.window = window
        self.runtime = runtime
        self.caller = caller
        self.record = record
        self.consult_id = ""
        self.started_at: datetime | None = None  # when start() was called (UTC)
        self.session: CallSession | None = None
        self.auto_accept = False  # the spoke answers as soon as it rings (accepted already)
        self.track: AdaptiveVideoTrack | None = None  # the camera's video as sent
        self.adaptation: CallAdaptation | None = None
        self.adapt_rules: AdaptRules | None = None  # None: the defaults
        self.join_room: JoinRoom = Signaling.join
        self.chat: ChatChannel | None = None
        self.states: list[CallState] = []  # as shown, in order
        self.video_seconds = MediaSeconds()  # the other side's pictures, then its sound
        self.audio_seconds = MediaSeconds()
        self.chat_worked = False  # a message of the other side came through
        self._low_bandwidth = False  # the window's switch, applied on the loop
        self._last_counters: tuple[CallPeer, LinkCounters] | None = None
        # The call's extras (desktop/ui/call/still.py, recording.py): handlers of their room
        # messages, and who else hears the other side's sound (the recorder).
        self.room_extras: list[Callable[[RoomTap], None]] = []
        self.remote_sound_taps: list[Callable[[Any], None]] = []
        self._done = False
        self._states = QueueBridge(self)  # every state, in order (none skipped)
        self._states.deliver_to(self.on_state)
        self._levels = QueueBridge(self)
        self._levels.deliver_to(self.on_level)
        self._chat_messages = QueueBridge(self)
        self._chat_messages.deliver_to(self.on_chat_message)
        self._quality_timer = QTimer(self)
        self._quality_timer.setInterval(QUALITY_INTERVAL_MS)
        self._quality_timer.timeout.connect(self.on_quality_tick)
        window.accept_requested.connect(self.on_accept)
        window.end_requested.connect(self.on_end)
        window.mute_changed.connect(self.on_mute)
        window.camera_changed.connect(self.on_camera)
        window.low_bandwidth_changed.connect(self.on_low_bandwidth)

    def start(
        self,
        base_url: str,
        consult_id: str,
        token: str,
        video: MediaStreamTrack | None,
        audio: MediaStreamTrack | None,
        *,
        stall_seconds: float = 2.0,
        show_sent: bool = True,
        fresh_token: Callable[[], str] | None = None,
        rejoin_seconds: float = 0.5,
    ) -> Operation[list[CallState]]:
        """Join the consult's room and run the call until it ends (``finished``).
        ``show_sent``: the corner shows the pictures as sent (False: the caller feeds it).
        ``fresh_token`` (blocking, run off the loop): with it, a connection to the hub that
        drops is joined again with a new token while the media goes on (``CallSession``'s
        rejoin); without it, losing the room before media flows ends the call."""
        window = self.window
        self.consult_id = consult_id
        self.started_at = datetime.now(UTC)
        # Made here so the panel can take messages at once: they wait in the channel until
        # the room is joined (asyncio's primitives bind to the loop on first use).
        chat = ChatChannel(self._chat_messages.push, on_sent=self._chat_messages.push)
        self.chat = chat
        window.chat.set_transport(self.send_chat, limit=MAX_CHAT_CHARS)

        async def run() -> list[CallState]:
            ice = await fetch_ice_config(base_url, token)
            room = RoomTap(await self.join_room(base_url, consult_id, token))
            for attach in self.room_extras:
                attach(room)
            track = AdaptiveVideoTrack(video) if video is not None else None
            local: MediaStreamTrack | None = track
            if track is not None and show_sent:
                local = TappedTrack(track, window.self_sink)

            def make_peer() -> CallPeer:  # a new connection over the same local tracks
                return CallPeer(video=local, audio=audio, ice=ice, on_frame=self._on_frame)

            rejoin: Callable[[], Awaitable[RoomTap]] | None = None
            if fresh_token is not None:
                token_source = fresh_token

                async def rejoin_behind_the_tap() -> RoomTap:
                    # The extras' handlers stay on the tap: only the room behind it changes.
                    try:
                        fresh = await asyncio.to_thread(token_source)
                    except Exception as exc:  # noqa: BLE001 -- no token yet: tried again later
                        raise RoomClosed(f"no token to rejoin: {type(exc).__name__}") from None
                    room.room = await self.join_room(base_url, consult_id, fresh)
                    return room

                rejoin = rejoin_behind_the_tap

            session = CallSession(
                room,
                make_peer(),
                caller=self.caller,
                auto_accept=self.auto_accept,
                on_state=self._states.push,
                stall_seconds=stall_seconds,
                make_peer=make_peer,
                chat=chat,
                rejoin=rejoin,
                rejoin_seconds=rejoin_seconds,
            )
            helpers = [asyncio.ensure_future(chat.run())]
            if track is not None:
                adaptation = CallAdaptation(
                    lambda: session.peer,
                    track,
                    Adapter(self.adapt_rules),
                    on_level=self._levels.push,
                    active=lambda: session.machine.state is CallState.CONNECTED,
                )
                self.track, self.adaptation = track, adaptation
                self._apply_low_bandwidth()
                helpers.append(asyncio.ensure_future(adaptation.run()))
            self.session = session
            self._states.push(session.machine.state)
            try:
                return await session.run()
            finally:
                for helper in helpers:
                    helper.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await helper

        future = self.runtime.submit(run())
        return (
            Operation.from_future(future)
            .success(self._finish)
            .failure(self.on_failed)
            .run_in_background()
        )

    @property
    def peer(self) -> CallPeer | None:
        """The call's current peer connection (a reconnection replaces it)."""
        return None if self.session is None else self.session.peer

    # -- from the loop (any thread) ----------------------------------------------------------
    def _on_frame(self, kind: str, frame: Any) -> None:
        if kind == "video":
            self.video_seconds.frame(time.monotonic())
            self.window.remote_sink(frame)
        elif kind == "audio":
            self.audio_seconds.frame(time.monotonic())
            self.window.remote_sound_sink(frame)
            for tap in self.remote_sound_taps:
                tap(frame)

    def _to_peer(self, move: Callable[[CallPeer, bool], None], value: bool) -> None:
        """On the loop: a switch to the peer connection of the moment (a reconnection's new
        one takes the switches over from the old)."""
        peer = self.peer
        if peer is not None:
            move(peer, value)

    def _apply_low_bandwidth(self) -> None:
        """On the loop: the window's switch to the adaptation (once it runs)."""
        if self.adaptation is not None:
            self.adaptation.set_low_bandwidth(self._low_bandwidth)

    # -- on the UI thread ----------------------------------------------------------------------
    @Slot(object)
    def on_state(self, state: CallState) -> None:
        if self.states and self.states[-1] is state:
            return
        self.states.append(state)
        self.window.set_state(state)
        self.state_changed.emit(state)
        if state is CallState.CONNECTED and not self._quality_timer.isActive():
            self._quality_timer.start()
        elif state is CallState.ENDED:
            self._quality_timer.stop()
        if state is not CallState.CONNECTED:
            self._last_counters = None  # the link's reading starts again when connected

    @Slot(object)
    def on_level(self, level: Level) -> None:
        """The adaptation's level: audio only when it is no video at all."""
        self.window.set_sending_video(level.video)

    @property
    def ended(self) -> bool:
        """The call is over (ended or never started): nothing more reaches the window."""
        return self._done

    def on_failed(self, exc: BaseException) -> None:
        log.warning("call failed: %s", type(exc).__name__)
        self.window.set_failure(exc)
        self.on_state(CallState.ENDED)
        self._finish(exc)

    def _finish(self, result: object) -> None:
        self._done = True
        self.window.chat.set_transport(None)
        self._record_mode()
        self.finished.emit(result)

    def _record_mode(self) -> None:
        """The mode the call achieved, to the consult's record: nothing when neither media
        nor chat came through (no call took place)."""
        video, audio = self.video_seconds.seconds, self.audio_seconds.seconds
        chat = self.chat_worked or bool(self.chat is not None and self.chat.delivered)
        if self.record is None or not self.consult_id or not (video or audio or chat):
            return
        mode = achieved_mode(video, audio)
        future = self.record.record_achieved_mode(
            local_id(self.consult_id),
            mode,
            started_at=self.started_at,
            ended_at=datetime.now(UTC),
            video_seconds=round(video, 1),
            audio_seconds=round(audio, 1),
        )
        Operation.from_future(future).success(
            lambda _kept: self._tell(self.mode_recorded, mode)
        ).failure(
            lambda exc: log.warning("call mode not recorded: %s", type(exc).__name__)
        ).run_in_background()

    def _tell(self, signal: SignalInstance, value: str) -> None:
        """A stored record announced, unless the call's window (and this) is gone already:
        the writer may answer after the window closed."""
        if isValid(self):
            signal.emit(value)

    # -- chat --------------------------------------------------------------------------------
    def send_chat(self, text: str) -> None:
        """The panel's message to the other side (checked there: not empty, not too long)."""
        chat = self.chat
        if chat is None or self._done:
            return
        future = self.runtime.submit(chat.send(text))
        Operation.from_future(future).failure(
            lambda exc: log.warning("chat message not sent: %s", type(exc).__name__)
        ).run_in_background()

    @Slot(object)
    def on_chat_message(self, message: ChatMessage) -> None:
        """A message sent from here or received (each once): shown, and stored (the spoke)."""
        if not message.mine:
            self.chat_worked = True
        self.window.show_chat(message.mine, message.text, message.sent_at)
        if self.record is None or not self.consult_id:
            return
        mine, other = ("doctor", "spoke") if self.caller else ("spoke", "doctor")
        future = self.record.store_chat(
            local_id(self.consult_id),
            message.id,
            message.text,
            mine if message.mine else other,
            message.sent_at,
        )
        Operation.from_future(future).success(
            lambda _stored: self._tell(self.chat_stored, message.id)
        ).failure(
            lambda exc: log.warning("chat message not stored: %s", type(exc).__name__)
        ).run_in_background()

    @Slot()
    def on_accept(self) -> None:
        if self.session is not None:
            self.runtime.submit(self.session.accept())

    @Slot()
    def on_end(self) -> None:
        """*End call* while it runs; *Close* once it ended."""
        if self._done:
            self.window.close()
        else:
            self.hang_up()

    def hang_up(self) -> None:
        session = self.session
        if session is not None and not session.machine.ended:
            self.runtime.submit(session.hang_up())

    @Slot(bool)
    def on_mute(self, muted: bool) -> None:
        if self.session is not None:
            self.runtime.call_soon(self._to_peer, CallPeer.set_muted, muted)

    @Slot(bool)
    def on_camera(self, on: bool) -> None:
        if self.session is not None:
            self.runtime.call_soon(self._to_peer, CallPeer.set_camera_on, on)

    @Slot(bool)
    def on_low_bandwidth(self, on: bool) -> None:
        """The window's *Low bandwidth* switch: the video never above 240p10 while on."""
        self._low_bandwidth = on
        if not self._done:
            self.runtime.call_soon(self._apply_low_bandwidth)

    @Slot()
    def on_quality_tick(self) -> None:
        peer = self.peer
        if peer is None:
            return
        future: concurrent.futures.Future[LinkCounters] = self.runtime.submit(peer.counters())
        Operation.from_future(future).success(
            lambda counters: self._on_counters(peer, counters)
        ).failure(
            lambda exc: log.info("link statistics unavailable: %s", type(exc).__name__)
        ).run_in_background()

    def _on_counters(self, peer: CallPeer, counters: LinkCounters) -> None:
        last, self._last_counters = self._last_counters, (peer, counters)
        if last is None or last[0] is not peer:
            return  # a new connection's counters start again
        before = last[1]
        if counters.at > before.at and not self._done:
            quality = link_quality(before, counters)
            self.window.set_quality(quality)
            # The other side's pictures stopped while its sound comes: it sends audio only.
            self.window.set_receiving_video(quality.fps > 0 or quality.receive_kbps <= 0)
