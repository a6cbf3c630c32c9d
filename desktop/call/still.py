"""The doctor's still picture during a call, as room messages: the doctor asks
(``{"type": "still-request", "id"}``), the spoke takes its camera's next full-resolution picture,
keeps it as an attachment of the consult and answers ``{"type": "still-sent", "id"}`` (or
``{"type": "still-failed", "id", "reason"}``). The picture itself never crosses the room: it
reaches the doctor as an attachment, through the hub, like any other.

The parties' own work (taking and storing the picture, showing it) is handed in as callables;
nothing here touches Qt or the camera.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import re
import uuid
from collections.abc import Callable
from typing import Any

from desktop.call.room_tap import RoomTap
from desktop.call.signaling import SignalingError

log = logging.getLogger("spoke.call")

REQUEST, SENT, FAILED = "still-request", "still-sent", "still-failed"
# Why a still did not come: no call running at the spoke, no picture from its camera, the
# operator turned the camera off (no picture is taken behind their back), or the picture could
# not be kept (storage).
NO_CALL, NO_CAMERA, CAMERA_OFF, NOT_STORED = "no-call", "no-camera", "camera-off", "not-stored"
REASONS = frozenset({NO_CALL, NO_CAMERA, CAMERA_OFF, NOT_STORED})
_ID = re.compile(r"^[0-9a-f]{32}$")


class StillFailed(Exception):
    """The spoke's ``take`` could not deliver; ``reason`` is one of ``REASONS``."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason if reason in REASONS else NOT_STORED


class StillRequester:
    """The doctor's side. ``attach(tap)`` on the call's room; ``await request()`` asks for one
    picture (its id); ``on_sent(id)`` / ``on_failed(id, reason)`` report the spoke's answer
    to a request of ours (each once)."""

    def __init__(
        self,
        on_sent: Callable[[str], None],
        on_failed: Callable[[str, str], None],
    ) -> None:
        self.on_sent = on_sent
        self.on_failed = on_failed
        self.pending: set[str] = set()
        self._room: RoomTap | None = None

    def attach(self, tap: RoomTap) -> None:
        self._room = tap
        tap.on(SENT, self._handle)
        tap.on(FAILED, self._handle)

    async def request(self) -> str:
        if self._room is None:
            raise RuntimeError("no room")
        still_id = uuid.uuid4().hex
        self.pending.add(still_id)
        await self._room.send({"type": REQUEST, "id": still_id})
        return still_id

    def _handle(self, message: dict[str, Any]) -> None:
        still_id = str(message.get("id", ""))
        if still_id not in self.pending:
            return  # not ours, or answered already
        self.pending.discard(still_id)
        if message.get("type") == SENT:
            self.on_sent(still_id)
        else:
            reason = str(message.get("reason", ""))
            self.on_failed(still_id, reason if reason in REASONS else NOT_STORED)


class StillResponder:
    """The spoke's side. ``attach(tap)`` on the call's room. A request while ``in_call()`` is
    false (ringing, reconnecting, ended) is refused with ``no-call``; otherwise ``take(id)``
    (any thread's ``concurrent.futures.Future``, done once the picture is stored, failing with
    ``StillFailed``) runs and its outcome is answered. One picture per id: a repeated request
    is answered again without another picture."""

    def __init__(
        self,
        take: Callable[[str], concurrent.futures.Future[Any]],
        in_call: Callable[[], bool],
    ) -> None:
        self.take = take
        self.in_call = in_call
        self.done: dict[str, dict[str, Any]] = {}  # id -> the answer sent
        self._running: dict[str, asyncio.Task[None]] = {}
        self._room: RoomTap | None = None

    def attach(self, tap: RoomTap) -> None:
        self._room = tap
        tap.on(REQUEST, self._handle)

    async def _answer(self, message: dict[str, Any]) -> None:
        if self._room is None:
            return
        try:
            await self._room.send(message)
        except SignalingError:  # the room is gone: a repeated request is answered then
            log.info("still answer not sent: no room")

    async def _handle(self, message: dict[str, Any]) -> None:
        still_id = str(message.get("id", ""))
        if not _ID.match(still_id):
            return
        if still_id in self.done:
            await self._answer(self.done[still_id])
            return
        if still_id in self._running:
            return
        if not self.in_call():
            log.info("still refused: no call")
            await self._answer({"type": FAILED, "id": still_id, "reason": NO_CALL})
            return
        self._running[still_id] = asyncio.ensure_future(self._take(still_id))

    async def _take(self, still_id: str) -> None:
        try:
            await asyncio.wrap_future(self.take(still_id))
            answer: dict[str, Any] = {"type": SENT, "id": still_id}
        except StillFailed as exc:
            answer = {"type": FAILED, "id": still_id, "reason": exc.reason}
        except Exception as exc:  # noqa: BLE001 -- the doctor hears it failed
            log.warning("still failed: %s", type(exc).__name__)
            answer = {"type": FAILED, "id": still_id, "reason": NOT_STORED}
        self.done[still_id] = answer
        self._running.pop(still_id, None)
        await self._answer(answer)
