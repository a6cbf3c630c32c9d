"""A real hub on loopback for the doctor's PC tests, with the queue watch (the stand-in
until the hub's own endpoint is merged)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.queue_watch import with_queue_watch
from tests.sync_support import hubctl
from tests.sync_support.hubctl import LiveHub


@pytest.fixture
def hub(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[LiveHub]:
    real = hubctl.create_app
    monkeypatch.setattr(hubctl, "create_app", lambda c, ctx: with_queue_watch(real(c, ctx)))
    h = LiveHub.create(tmp_path / "hub").start()
    yield h
    h.close()
