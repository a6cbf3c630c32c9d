"""The single database writer: one thread owns the one write connection; every write in the
app is a function submitted here and runs in its own transaction. Qt-free: the UI gets the
``Future`` results by signal through desktop/ui/tasks.py."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

from sqlalchemy.orm import Session, sessionmaker

from desktop import logs
from desktop.storage.db import Database, map_error

log = logs.get("storage")
T = TypeVar("T")


class DbWriter:
    """``submit(fn)`` runs ``fn(session)`` inside ``BEGIN IMMEDIATE ... COMMIT`` on the writer
    thread. The future resolves only after the commit is durable (synchronous=FULL); on any
    exception the transaction is rolled back and the future carries the (mapped) error, e.g.
    ``StorageFullError``. Returned ORM objects are detached but keep their loaded values."""

    THREAD_NAME = "db-writer"

    def __init__(self, db: Database) -> None:
        self._db = db
        self._sessions = sessionmaker(db.write_engine, expire_on_commit=False)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=self.THREAD_NAME)
        self._closed = False

    @property
    def sessions(self) -> sessionmaker[Session]:
        """The factory of this writer's sessions (what ``OutboxWatch`` listens to)."""
        return self._sessions

    def submit(self, fn: Callable[[Session], T]) -> Future[T]:
        if self._closed:
            raise RuntimeError("the database writer is closed")
        return self._executor.submit(self._run, fn)

    def run(self, fn: Callable[[Session], T], timeout: float | None = 60) -> T:
        """Submit and wait; for code that already runs off the main thread."""
        return self.submit(fn).result(timeout)

    def _run(self, fn: Callable[[Session], T]) -> T:
        try:
            with self._sessions() as session, session.begin():
                result = fn(session)
                session.flush()
            return result
        except Exception as exc:
            mapped = map_error(exc)
            if mapped is not exc:
                log.error("write failed: %s", type(mapped).__name__)
                raise mapped from exc
            raise

    def close(self) -> None:
        """Finish queued writes, then release the connection."""
        if self._closed:
            return
        self._closed = True
        self._executor.shutdown(wait=True)
        self._db.write_engine.dispose()
