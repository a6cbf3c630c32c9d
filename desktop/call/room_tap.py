"""A consult's room shared by the call and the call's extras (the doctor's still picture, the
recording notice): ``RoomTap`` wraps the room the session reads and hands the messages of the
types registered with ``on(type, handler)`` to their handler instead of the session.

The session reads the room; the tap only sits between, so the session's own protocol (offers,
answers, chat, bye) is untouched and the extras need no hook in it.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

log = logging.getLogger("spoke.call")

Handler = Callable[[dict[str, Any]], Awaitable[None] | None]


class Room(Protocol):
    welcome: dict[str, Any]

    async def send(self, message: dict[str, Any]) -> None: ...
    async def receive(self) -> dict[str, Any]: ...
    async def close(self) -> None: ...


class RoomTap:
    """The room as the session sees it, minus the messages an extra handles. On the call
    runtime's loop; handlers run there too (a slow handler delays the session's messages, so
    handlers start their work and return)."""

    def __init__(self, room: Room) -> None:
        self.room = room
        self._handlers: dict[str, Handler] = {}
        self._watchers: dict[str, list[Callable[[dict[str, Any]], None]]] = {}

    @property
    def welcome(self) -> dict[str, Any]:
        return self.room.welcome

    @welcome.setter
    def welcome(self, value: dict[str, Any]) -> None:
        self.room.welcome = value

    def on(self, kind: str, handler: Handler) -> None:
        """Messages of ``kind`` go to ``handler`` (not to the session)."""
        self._handlers[kind] = handler

    def watch(self, kind: str, watcher: Callable[[dict[str, Any]], None]) -> None:
        """``watcher`` sees each message of ``kind`` too; the session still gets it."""
        self._watchers.setdefault(kind, []).append(watcher)

    async def send(self, message: dict[str, Any]) -> None:
        await self.room.send(message)

    async def receive(self) -> dict[str, Any]:
        while True:
            message = await self.room.receive()
            kind = str(message.get("type", ""))
            for watcher in self._watchers.get(kind, ()):
                try:
                    watcher(message)
                except Exception:  # noqa: BLE001 -- an extra must not end the call
                    log.exception("room message watcher failed")
            handler = self._handlers.get(kind)
            if handler is None:
                return message
            try:
                result = handler(message)
                if inspect.isawaitable(result):
                    await result
            except Exception:  # noqa: BLE001 -- an extra must not end the call
                log.exception("room message handler failed")

    async def close(self) -> None:
        await self.room.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.room, name)  # the rest of the room (round_trip, ...) as it is
