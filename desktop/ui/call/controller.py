"""Runs one call for a ``CallWindow``: joins the consult's room on the call runtime, builds
the peer and session (desktop.call), and carries states, pictures and link quality to the
window; the window's buttons come back as moves of the session or the peer.

The spoke is the callee (it answers when the operator presses Accept), the doctor the caller.
"""

from __future__ import annotations

import concurrent.futures
from collections.abc import Callable
from typing import Any

from aiortc import MediaStreamTrack
from PySide6.QtCore import QObject, QTimer, Signal, Slot

from desktop import logs
from desktop.call.camera_track import TappedTrack
from desktop.call.ice import fetch_ice_config
from desktop.call.peer import CallPeer
from desktop.call.room_tap import RoomTap
from desktop.call.runtime import CallRuntime
from desktop.call.session import CallSession
from desktop.call.signaling import Signaling
from desktop.core.call import CallState
from desktop.core.call_quality import LinkCounters, link_quality
from desktop.ui.call.call_window import CallWindow
from desktop.ui.media.bridge import QueueBridge
from desktop.ui.tasks import Operation

log = logs.get("ui")
QUALITY_INTERVAL_MS = 2000


class CallController(QObject):
    """One call between ``window`` and the other side, on ``runtime``'s loop.

    Signals:
        finished(object): the call's state history (a list of ``CallState``) once it ended,
            or the exception that stopped it (not signed in, not in the room, no hub).
        state_changed(object): each ``CallState`` as shown (the call's extras follow it).
    """

    finished = Signal(object)
    state_changed = Signal(object)

    def __init__(
        self,
        window: CallWindow,
        runtime: CallRuntime,
        *,
        caller: bool,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.window = window
        self.runtime = runtime
        self.caller = caller
        self.session: CallSession | None = None
        self.auto_accept = False  # the spoke answers as soon as it rings (accepted already)
        self.peer: CallPeer | None = None
        self.states: list[CallState] = []  # as shown, in order
        self._last_counters: LinkCounters | None = None
        # The call's extras (desktop/ui/call/still.py, recording.py): handlers of their room
        # messages, and who else hears the other side's sound (the recorder).
        self.room_extras: list[Callable[[RoomTap], None]] = []
        self.remote_sound_taps: list[Callable[[Any], None]] = []
        self._done = False
        self._states = QueueBridge(self)  # every state, in order (none skipped)
        self._states.deliver_to(self.on_state)
        self._quality_timer = QTimer(self)
        self._quality_timer.setInterval(QUALITY_INTERVAL_MS)
        self._quality_timer.timeout.connect(self.on_quality_tick)
        window.accept_requested.connect(self.on_accept)
        window.end_requested.connect(self.on_end)
        window.mute_changed.connect(self.on_mute)
        window.camera_changed.connect(self.on_camera)

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
    ) -> Operation[list[CallState]]:
        """Join the consult's room and run the call until it ends (``finished``).
        ``show_sent``: the corner shows the pictures as sent (False: the caller feeds it)."""
        window = self.window

        async def run() -> list[CallState]:
            ice = await fetch_ice_config(base_url, token)
            room = RoomTap(await Signaling.join(base_url, consult_id, token))
            for attach in self.room_extras:
                attach(room)
            local = video
            if video is not None and show_sent:
                local = TappedTrack(video, window.self_sink)
            peer = CallPeer(video=local, audio=audio, ice=ice, on_frame=self._on_frame)
            session = CallSession(
                room,
                peer,
                caller=self.caller,
                auto_accept=self.auto_accept,
                on_state=self._states.push,
                stall_seconds=stall_seconds,
            )
            self.peer, self.session = peer, session
            self._states.push(session.machine.state)
            return await session.run()

        future = self.runtime.submit(run())
        return (
            Operation.from_future(future)
            .success(self._finish)
            .failure(self.on_failed)
            .run_in_background()
        )

    # -- from the loop (any thread) ----------------------------------------------------------
    def _on_frame(self, kind: str, frame: Any) -> None:
        if kind == "video":
            self.window.remote_sink(frame)
        elif kind == "audio":
            self.window.remote_sound_sink(frame)
            for tap in self.remote_sound_taps:
                tap(frame)

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
        self.finished.emit(result)

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
        if self.peer is not None:
            self.runtime.call_soon(self.peer.set_muted, muted)

    @Slot(bool)
    def on_camera(self, on: bool) -> None:
        if self.peer is not None:
            self.runtime.call_soon(self.peer.set_camera_on, on)

    @Slot()
    def on_quality_tick(self) -> None:
        peer = self.peer
        if peer is None:
            return
        future: concurrent.futures.Future[LinkCounters] = self.runtime.submit(peer.counters())
        Operation.from_future(future).success(self._on_counters).failure(
            lambda exc: log.info("link statistics unavailable: %s", type(exc).__name__)
        ).run_in_background()

    def _on_counters(self, counters: LinkCounters) -> None:
        before, self._last_counters = self._last_counters, counters
        if before is not None and counters.at > before.at:
            self.window.set_quality(link_quality(before, counters))
