"""Tells whoever asks when a committed writer transaction added outbox rows (a registration,
mark_ready, a recording segment...), whichever code wrote them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session

from desktop.storage.models.outbox import OutboxEntry

_FLAG = "spoke_outbox_added"


class OutboxWatch:
    """Calls ``on_added`` after each commit on ``engine`` that added an ``OutboxEntry``.
    Listens on every SQLAlchemy session of the process while ``start``ed; ``stop`` ends it."""

    def __init__(self, engine: Engine, on_added: Callable[[], None]) -> None:
        self._engine = engine
        self._on_added = on_added
        self._on = False
        # The same bound objects for listen() and remove(), so remove() finds them.
        self._hooks = (("after_flush", self._on_flush), ("after_commit", self._on_commit))

    def start(self) -> None:
        if not self._on:
            self._on = True
            for name, fn in self._hooks:
                event.listen(Session, name, fn)

    def stop(self) -> None:
        if self._on:
            self._on = False
            for name, fn in self._hooks:
                event.remove(Session, name, fn)

    def _on_flush(self, session: Session, _context: Any) -> None:
        if session.get_bind() is self._engine and any(
            isinstance(obj, OutboxEntry) for obj in session.new
        ):
            session.info[_FLAG] = True

    def _on_commit(self, session: Session) -> None:
        if session.info.pop(_FLAG, False):
            self._on_added()
