"""What the spoke workflow pages need from the running app: the database and its writer,
the blob store, the signed-in operator, today's date and the temperature unit."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from sqlalchemy.orm import Session

from desktop.storage.audit import Actor
from desktop.storage.blobs import BlobStore
from desktop.storage.db import Database
from desktop.storage.writer import DbWriter
from desktop.ui.tasks import Operation

T = TypeVar("T")


@dataclass
class ClinicContext:
    db: Database
    writer: DbWriter
    blobs: BlobStore
    actor: Actor
    today: Callable[[], date] = field(default=date.today)
    temperature_unit: str = "C"

    def write(self, fn: Callable[[Session], T]) -> Operation[T]:
        """A write on the database writer thread; callbacks come back on the main thread."""
        future: Future[T] = self.writer.submit(fn)
        return Operation.from_future(future)

    def read(self, fn: Callable[[Session], T]) -> Operation[T]:
        """A read on a pool thread with its own WAL read session."""

        def run() -> T:
            with self.db.read_session() as session:
                return fn(session)

        return Operation(run)
