"""What every service runs over: the database and its one writer, the blob store, the
signed-in actor and the change bus. ``write`` runs a function in one writer transaction and
announces the change only after the commit; ``read`` uses a WAL read session (blocking: call
it from an ``Operation``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import TypeVar

from sqlalchemy.orm import Session

from desktop.changes import Change, ChangeBus, changes
from desktop.storage.audit import Actor
from desktop.storage.blobs import BlobStore
from desktop.storage.db import Database
from desktop.storage.writer import DbWriter

T = TypeVar("T")

# What a write announces, computed from its result (after the commit).
Announce = Callable[[T], Iterable[Change]]


@dataclass
class Clinic:
    db: Database
    writer: DbWriter
    blobs: BlobStore
    actor: Actor
    bus: ChangeBus = field(default=changes)

    def write(self, fn: Callable[[Session], T], announce: Announce[T] | None = None) -> Future[T]:
        """``fn`` in one writer transaction. The returned future resolves after the commit
        and after ``announce(result)`` went out on the bus (so a caller's success callback
        and the views' refresh both see the committed state)."""
        done: Future[T] = Future()

        def relay(inner: Future[T]) -> None:
            exc = inner.exception()
            if exc is not None:
                done.set_exception(exc)
                return
            result = inner.result()
            if announce is not None:
                for change in announce(result):
                    self.bus.announce(change)
            done.set_result(result)

        self.writer.submit(fn).add_done_callback(relay)
        return done

    def read(self, fn: Callable[[Session], T]) -> T:
        """``fn`` on its own WAL read session, on the calling (non-UI) thread."""
        with self.db.read_session() as session:
            return fn(session)
