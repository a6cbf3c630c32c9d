"""Clinical storage for tests of storage, sync, media, the UI and e2e: an encrypted DB at
head, its writer, a blob store, an operator, and synthetic patients."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from pyrage import x25519

from desktop.core.patient import Patient
from desktop.storage import migrate
from desktop.storage.audit import Actor
from desktop.storage.blobs import BlobStore
from desktop.storage.db import Database
from desktop.storage.writer import DbWriter

TODAY = date(2026, 11, 25)
OPERATOR = Actor(username="cho.meena", role="operator", device="spoke-test")


@dataclass
class Clinic:
    db: Database
    writer: DbWriter
    blobs: BlobStore
    key: bytes


@pytest.fixture
def clinic(tmp_path: Path) -> Iterator[Clinic]:
    key = os.urandom(32)
    db = Database(tmp_path / "clinic.db", key)
    migrate.upgrade(db)
    writer = DbWriter(db)
    store = BlobStore(tmp_path / "blobs", x25519.Identity.generate())
    yield Clinic(db, writer, store, key)
    writer.close()
    db.dispose()


def person(given: str, family: str = "", **kw: object) -> Patient:
    base: dict[str, object] = {
        "sex": "male",
        "birth_date": date(1981, 8, 5),
        "mobile": "",
        "no_mobile_reason": "none_owned",
        "state_lgd": 9,
        "district": "Sitapur",
        "locality": "Rampur",
    }
    base.update(kw)
    return Patient(given_name=given, family_name=family, **base)  # type: ignore[arg-type]
