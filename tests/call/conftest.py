"""Fixtures of the call tests: a live hub on loopback, the spoke's own network namespace."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.call.veth import SpokeNet, spoke_network
from tests.sync_support.hubctl import LiveHub


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[LiveHub]:
    """A real hub process on loopback (tests needing another hub define their own)."""
    live = LiveHub.create(tmp_path / "hub").start()
    yield live
    live.close()


@pytest.fixture
def spoke_net() -> Iterator[SpokeNet]:
    """The spoke's namespace joined to this one by a veth pair (tests/call/veth.py)."""
    with spoke_network() as net:
        yield net
