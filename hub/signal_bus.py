"""Signaling rooms across hub workers through PostgreSQL LISTEN/NOTIFY (no other server).

One channel per consult (``signal_<32 hex>``); a worker LISTENs on it while it hosts a
member of that room. An event is JSON; NOTIFY payloads are limited to 8000 bytes, so an
event is cut into numbered chunks sent in one transaction (PostgreSQL delivers a
transaction's notifications together and in order) and put back together on arrival. Each
chunk is "<worker>:<event id>:<index>:<count>:<part>"; a worker ignores its own events.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url

from hub.signaling import Rooms

log = logging.getLogger("hub")

CHUNK_CHARS = 7000  # payload text per NOTIFY, under PostgreSQL's 8000-byte limit
POLL_SECONDS = 0.2  # how long the listener waits for notifications between (UN)LISTENs
RECONNECT_SECONDS = 1.0
APPLICATION_NAME = "spoke-hub-signal"  # its connections, as pg_stat_activity shows them

Deliver = Callable[[str, dict[str, Any]], Awaitable[None]]


def channel(room: str) -> str:
    return "signal_" + uuid.UUID(room).hex


def conninfo(db_url: str) -> str:
    """The hub's SQLAlchemy URL (postgresql+psycopg://...) as a libpq URI."""
    url = make_url(db_url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def chunks(worker: str, event: dict[str, Any]) -> list[str]:
    text = json.dumps(event, separators=(",", ":"))  # ASCII (ensure_ascii): chars are bytes
    parts = [text[i : i + CHUNK_CHARS] for i in range(0, len(text), CHUNK_CHARS)] or [""]
    event_id = uuid.uuid4().hex[:12]
    return [f"{worker}:{event_id}:{i}:{len(parts)}:{part}" for i, part in enumerate(parts)]


class Reassembly:
    """Chunks back into events; returns an event when its last chunk arrives."""

    def __init__(self, worker: str) -> None:
        self.worker = worker
        self.partial: dict[str, list[str | None]] = {}

    def add(self, payload: str) -> dict[str, Any] | None:
        try:
            sender, event_id, index, count, part = payload.split(":", 4)
            i, n = int(index), int(count)
        except ValueError:
            return None
        if sender == self.worker or not 0 <= i < n:
            return None
        key = f"{sender}:{event_id}"
        parts = self.partial.setdefault(key, [None] * n)
        if len(parts) != n:
            self.partial.pop(key, None)
            return None
        parts[i] = part
        if any(p is None for p in parts):
            return None
        del self.partial[key]
        try:
            event = json.loads("".join(p or "" for p in parts))
        except ValueError:
            return None
        return event if isinstance(event, dict) else None


class PgBus:
    """``start()`` opens two connections (one listening, one notifying); ``stop()`` closes them.
    ``deliver(room, event)`` is called on the hub's event loop for other workers' events."""

    def __init__(self, db_url: str, deliver: Deliver) -> None:
        self.conninfo = conninfo(db_url)
        self.deliver = deliver
        self.worker = uuid.uuid4().hex[:12]
        self._reassembly = Reassembly(self.worker)
        self._listen: psycopg.AsyncConnection[Any] | None = None
        self._notify: psycopg.AsyncConnection[Any] | None = None
        self._outgoing: asyncio.Queue[tuple[str, list[str]]] = asyncio.Queue()
        self._commands: asyncio.Queue[tuple[str, str, asyncio.Future[None]]] = asyncio.Queue()
        self._listening: set[str] = set()
        self._tasks: list[asyncio.Task[None]] = []

    async def start(self) -> PgBus:
        self._listen = await self._connect()
        self._notify = await self._connect()
        self._tasks = [
            asyncio.create_task(self._run(), name="signal-bus-listen"),
            asyncio.create_task(self._send(), name="signal-bus-notify"),
        ]
        return self

    def every(self, seconds: float, job: Callable[[], Awaitable[None]]) -> None:
        """Run ``job`` every ``seconds`` until the bus stops (a failure is logged)."""

        async def loop() -> None:
            while True:
                await asyncio.sleep(seconds)
                try:
                    await job()
                except Exception:
                    log.exception("signaling bus: periodic job failed")

        self._tasks.append(asyncio.create_task(loop(), name="signal-bus-presence"))

    async def _connect(self) -> psycopg.AsyncConnection[Any]:
        return await psycopg.AsyncConnection.connect(
            self.conninfo, autocommit=True, application_name=APPLICATION_NAME
        )

    async def stop(self, drain_seconds: float = 5.0) -> None:
        """Send what is queued (the leaves of the sockets closed at shutdown), then close."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._outgoing.join(), drain_seconds)
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        for conn in (self._listen, self._notify):
            if conn is not None:
                await conn.close()

    async def subscribe(self, room: str) -> None:
        """Returns once this worker listens on the room's channel (idempotent)."""
        await self._command("LISTEN", channel(room))

    async def unsubscribe(self, room: str) -> None:
        await self._command("UNLISTEN", channel(room))

    async def _command(self, verb: str, name: str) -> None:
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        await self._commands.put((verb, name, done))
        await done

    async def publish(self, room: str, event: dict[str, Any]) -> None:
        """Queued for the sender task, in order: a request cancelled mid-way (a socket that
        closes) never interrupts a NOTIFY, which would cost the bus its connection."""
        self._outgoing.put_nowait((channel(room), chunks(self.worker, event)))

    async def _send(self) -> None:
        while True:
            name, payloads = await self._outgoing.get()
            try:
                await self._notify_all(name, payloads)
            finally:
                self._outgoing.task_done()

    async def _notify_all(self, name: str, payloads: list[str]) -> None:
        """One transaction for an event's chunks; after a broken connection, reconnect and
        try once more, then give the event up (logged)."""
        for attempt in (1, 2):
            try:
                assert self._notify is not None
                async with self._notify.transaction():
                    for payload in payloads:
                        await self._notify.execute("SELECT pg_notify(%s, %s)", (name, payload))
                return
            except psycopg.Error:
                log.warning("signaling bus: event not sent (attempt %d); reconnecting", attempt)
                with contextlib.suppress(psycopg.Error):
                    if self._notify is not None:
                        await self._notify.close()
                    self._notify = await self._connect()

    async def _run(self) -> None:
        while True:
            try:
                await self._listen_once()
            except psycopg.Error:
                # The database went away: listen again once it is back (events meanwhile
                # are lost; peers re-offer when they see each other again).
                log.warning("signaling bus: listening connection lost; reconnecting")
                await asyncio.sleep(RECONNECT_SECONDS)
                with contextlib.suppress(psycopg.Error):
                    if self._listen is not None:
                        await self._listen.close()
                    self._listen = await self._connect()
                    channels, self._listening = self._listening, set()
                    for name in channels:
                        await self._apply(self._listen, "LISTEN", name)

    async def _listen_once(self) -> None:
        assert self._listen is not None
        conn = self._listen
        while True:
            # LISTEN/UNLISTEN between waits: the connection is busy while it waits.
            while not self._commands.empty():
                verb, name, done = self._commands.get_nowait()
                try:
                    await self._apply(conn, verb, name)
                except psycopg.Error as exc:
                    if not done.done():
                        done.set_exception(exc)
                    raise
                if not done.done():
                    done.set_result(None)
            async for note in conn.notifies(timeout=POLL_SECONDS):
                await self._receive(note.channel, note.payload)
                if not self._commands.empty():
                    break

    async def _apply(self, conn: psycopg.AsyncConnection[Any], verb: str, name: str) -> None:
        """Idempotent: LISTEN on a channel already listened to does nothing, and so on."""
        if verb == "LISTEN" and name not in self._listening:
            await conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(name)))
            self._listening.add(name)
        elif verb == "UNLISTEN" and name in self._listening:
            await conn.execute(sql.SQL("UNLISTEN {}").format(sql.Identifier(name)))
            self._listening.discard(name)

    async def _receive(self, name: str, payload: str) -> None:
        event = self._reassembly.add(payload)
        if event is None or not name.startswith("signal_"):
            return
        room = str(uuid.UUID(name.removeprefix("signal_")))
        try:
            await self.deliver(room, event)
        except Exception:
            log.exception("signaling bus: delivery failed")


async def attach(
    rooms: Rooms, dialect: str, db_url: str, presence_seconds: float = 10.0
) -> PgBus | None:
    """On PostgreSQL, join this worker's rooms to the others' (returns the running bus):
    every ``presence_seconds`` this worker re-announces its members and forgets remote
    ones not heard of for three periods."""
    if dialect != "postgresql":
        return None
    bus = await PgBus(db_url, rooms.on_bus).start()
    rooms.bus = bus
    bus.every(presence_seconds, lambda: _presence(rooms, presence_seconds))
    return bus


async def _presence(rooms: Rooms, period: float) -> None:
    await rooms.announce()
    await rooms.expire(3 * period)


async def detach(rooms: Rooms, bus: PgBus | None) -> None:
    if bus is not None:
        rooms.bus = None
        await bus.stop()
