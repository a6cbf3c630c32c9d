"""Tells whoever asks when a committed writer transaction added outbox rows (a registration,
mark_ready, a recording segment...), whichever code wrote them. It listens to the sessions of
one ``DbWriter`` only (every write of the app goes through it): never to other sessions of
the process, such as the embedded hub's or read sessions. The sync engine's one wake path."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from desktop.storage.models.outbox import OutboxEntry
from desktop.storage.writer import DbWriter

_FLAG = "spoke_outbox_added"


class OutboxWatch:
    """Calls ``on_added`` after each commit of ``writer`` that added an ``OutboxEntry``, while
    ``start``ed; ``stop`` ends it."""

    def __init__(self, writer: DbWriter, on_added: Callable[[], None]) -> None:
        self._sessions = writer.sessions
        self._on_added = on_added
        self._on = False
        # The same bound objects for listen() and remove(), so remove() finds them.
        self._hooks = (("after_flush", self._on_flush), ("after_commit", self._on_commit))

    def start(self) -> None:
        if not self._on:
            self._on = True
            for name, fn in self._hooks:
                event.listen(self._sessions, name, fn)

    def stop(self) -> None:
        if self._on:
            self._on = False
            for name, fn in self._hooks:
                event.remove(self._sessions, name, fn)

    def _on_flush(self, session: Session, _context: Any) -> None:
        if any(isinstance(obj, OutboxEntry) for obj in session.new):
            session.info[_FLAG] = True

    def _on_commit(self, session: Session) -> None:
        if session.info.pop(_FLAG, False):
            self._on_added()
