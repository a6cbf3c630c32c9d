"""A real encrypted clinic for the spoke workflow UI tests: database at head, writer
thread, blob store, signed-in operator, fixed 'today'."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pyrage import x25519

from desktop import paths
from desktop.changes import ChangeBus
from desktop.services.bundle import Services
from desktop.storage import migrate
from desktop.storage.audit import Actor
from desktop.storage.blobs import BlobStore
from desktop.storage.db import Database
from desktop.storage.writer import DbWriter
from desktop.ui import i18n
from desktop.ui.clinic_context import ClinicContext

TODAY = date(2026, 11, 25)


@pytest.fixture
def ctx(profile: paths.Locations, qapp) -> Iterator[ClinicContext]:  # type: ignore[no-untyped-def]
    db = Database(profile.data / "clinic.db", os.urandom(32))
    migrate.upgrade(db)
    writer = DbWriter(db)
    store = BlobStore(Path(profile.blobs), x25519.Identity.generate())
    context = ClinicContext(
        Services.open(db, writer, store, Actor("cho.meena", "operator", "spoke-test"), ChangeBus()),
        today=lambda: TODAY,
    )
    yield context
    i18n.install("en")
    writer.close()
    db.dispose()
