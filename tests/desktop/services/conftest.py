"""Services over a real set-up clinic (SQLCipher, keyring, writer thread): the storage
fixtures, a private change bus and the list of what it heard."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from desktop.changes import Change, ChangeBus
from desktop.services.bundle import Services
from desktop.storage.audit import Actor
from desktop.storage.startup import Storage, open_storage
from tests.desktop.storage.conftest import (
    keystore,
    ready,
    secret_service,
    secret_service_daemon,
    storage_template,
)

__all__ = ["keystore", "ready", "secret_service", "secret_service_daemon", "storage_template"]


@pytest.fixture
def storage(ready) -> Iterator[Storage]:  # type: ignore[no-untyped-def]
    locs, keys, _ = ready
    opened = open_storage(locs, keys)
    yield opened
    opened.close()


@pytest.fixture
def bus() -> ChangeBus:
    return ChangeBus()


@pytest.fixture
def heard(bus: ChangeBus) -> list[Change]:
    changes: list[Change] = []
    bus.subscribe(changes.append)
    return changes


@pytest.fixture
def services(storage: Storage, bus: ChangeBus) -> Services:
    actor = Actor("asha", "operator", storage.device)
    return Services.open(storage.db, storage.writer, storage.blobs, actor, bus)
