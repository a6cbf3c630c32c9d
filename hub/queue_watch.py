"""The queue version of each hub and the doctors' long-poll on it.

Every change of a hub's queue (a consult queued, assigned, accepted, declined, completed or
cancelled, an offer timing out, a doctor's availability) bumps ``queue_versions`` in the same
transaction: a ``before_flush`` hook on the hub's sessions notes the hubs whose queue changed,
and just before the commit each noted hub's counter goes up once, in hub id order (row locks
held only for the commit, always taken in one order: no deadlocks between workers). No code
path can forget it, and every worker sees the same number. Within a worker the commit wakes
the waiters at once (an asyncio Event on the waiters' loop); changes made by other workers are
found by one database re-check per hub every ``recheck_seconds`` while anyone waits.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from fastapi.concurrency import run_in_threadpool
from sqlalchemy import inspect, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, sessionmaker

from hub.models import Consult, QueueVersion, User

TOUCHED = "queue_watch.touched"  # session.info key: hubs whose queue this transaction changed
PENDING = "queue_watch.bumped"  # session.info key: {hub_id: version} bumped, not yet committed
Sleep = Callable[[float], Awaitable[None]]


def read_version(sessions: sessionmaker[Session], hub_id: str) -> int:
    with sessions() as session:
        version = session.scalar(select(QueueVersion.version).where(QueueVersion.hub_id == hub_id))
        session.rollback()
    return int(version or 0)


def _bump(session: Session, hub_id: str) -> int:
    """version + 1 for the hub, in the session's transaction (an upsert: no row yet is 0)."""
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    stmt = (
        insert(QueueVersion)
        .values(hub_id=hub_id, version=1)
        .on_conflict_do_update(
            index_elements=[QueueVersion.hub_id], set_={"version": QueueVersion.version + 1}
        )
        .returning(QueueVersion.version)
    )
    return int(session.connection().execute(stmt).scalar_one())


def _changed(obj: Any, *names: str) -> bool:
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in names)


def _hubs_touched(session: Session) -> set[str]:
    hubs: set[str] = set()
    for obj in session.new:
        if isinstance(obj, Consult) and obj.status != "draft":
            hubs.add(obj.hub_id)
    for obj in session.dirty:
        if isinstance(obj, Consult) and _changed(obj, "status", "assigned_doctor_id"):
            hubs.add(obj.hub_id)
        elif (
            isinstance(obj, User)
            and obj.role == "hub_doctor"
            and obj.facility_id
            and _changed(obj, "availability", "disabled", "specialties")
        ):
            hubs.add(obj.facility_id)
    return hubs


@dataclass
class _Channel:
    """The waiters of one hub in this worker."""

    loop: asyncio.AbstractEventLoop
    version: int = -1
    changed: asyncio.Event = field(default_factory=asyncio.Event)
    waiters: int = 0
    poller: asyncio.Task[None] | None = None


class QueueWatch:
    """Bumps versions on flush, wakes this worker's waiters on commit, re-checks the database
    for other workers' changes. ``sleep`` is injectable (tests fire timers by hand)."""

    def __init__(self, recheck_seconds: float = 2.0, sleep: Sleep = asyncio.sleep) -> None:
        self.recheck_seconds = recheck_seconds
        self.sleep = sleep
        self._channels: dict[str, _Channel] = {}
        self._lock = threading.Lock()
        self._sessions: sessionmaker[Session] | None = None

    # -- the write side -------------------------------------------------------------------
    def install(self, sessions: sessionmaker[Session]) -> None:
        """Hook the hub's session factory: note on flush, bump before commit, wake after it,
        forget on rollback."""
        from sqlalchemy import event

        self._sessions = sessions
        event.listen(sessions, "before_flush", self._before_flush)
        event.listen(sessions, "before_commit", self._before_commit)
        event.listen(sessions, "after_commit", self._after_commit)
        event.listen(sessions, "after_rollback", self._after_rollback)

    def _before_flush(self, session: Session, _context: Any, _instances: Any) -> None:
        hubs = _hubs_touched(session)
        if hubs:
            session.info.setdefault(TOUCHED, set()).update(hubs)

    def _before_commit(self, session: Session) -> None:
        session.flush()  # the commit's own flush comes after this hook
        hubs = session.info.pop(TOUCHED, set())
        pending: dict[str, int] = session.info.setdefault(PENDING, {})
        for hub_id in sorted(hubs):  # one lock order across transactions
            pending[hub_id] = _bump(session, hub_id)

    def _after_commit(self, session: Session) -> None:
        for hub_id, version in session.info.pop(PENDING, {}).items():
            self.notify(hub_id, version)

    def _after_rollback(self, session: Session) -> None:
        session.info.pop(TOUCHED, None)
        session.info.pop(PENDING, None)

    def notify(self, hub_id: str, version: int) -> None:
        """A committed version (any thread): this worker's waiters of the hub wake now."""
        with self._lock:
            channel = self._channels.get(hub_id)
        if channel is not None:
            with contextlib.suppress(RuntimeError):  # the loop has closed
                channel.loop.call_soon_threadsafe(self._offer, channel, version)

    # -- the waiting side (on the event loop) ---------------------------------------------
    @staticmethod
    def _offer(channel: _Channel, version: int) -> None:
        if version > channel.version:
            channel.version = version
            channel.changed.set()
            channel.changed = asyncio.Event()

    async def _read(self, hub_id: str) -> int:
        assert self._sessions is not None, "install() first"
        return await run_in_threadpool(read_version, self._sessions, hub_id)

    async def _poll(self, hub_id: str, channel: _Channel) -> None:
        while channel.waiters:
            await self.sleep(self.recheck_seconds)
            self._offer(channel, await self._read(hub_id))

    async def wait(self, hub_id: str, since: int, timeout: float) -> int:
        """The hub's queue version as soon as it is above ``since``, or at the timeout."""
        loop = asyncio.get_running_loop()
        with self._lock:
            channel = self._channels.get(hub_id)
            if channel is None or channel.loop is not loop:
                channel = self._channels[hub_id] = _Channel(loop)
        channel.waiters += 1
        deadline = asyncio.ensure_future(self.sleep(timeout))
        try:
            self._offer(channel, await self._read(hub_id))
            if channel.poller is None or channel.poller.done():
                channel.poller = asyncio.ensure_future(self._poll(hub_id, channel))
            while channel.version <= since and not deadline.done():
                changed = asyncio.ensure_future(channel.changed.wait())
                await asyncio.wait({changed, deadline}, return_when=asyncio.FIRST_COMPLETED)
                changed.cancel()
            return channel.version
        finally:
            deadline.cancel()
            channel.waiters -= 1
            if not channel.waiters:
                if channel.poller is not None:
                    channel.poller.cancel()
                    channel.poller = None
                with self._lock:
                    if self._channels.get(hub_id) is channel:
                        del self._channels[hub_id]
