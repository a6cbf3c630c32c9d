"""Sync fixtures: a real hub on loopback and an enrolled spoke (real SQLCipher, keyring)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop import paths
from desktop.sync.enroll import enroll
from tests.sync_support.hubctl import PASSWORD, LiveHub
from tests.sync_support.spoke import Spoke


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[LiveHub]:
    h = LiveHub.create(tmp_path / "hub").start()
    yield h
    h.close()


@pytest.fixture
def spoke(tmp_path: Path, profile: paths.Locations) -> Iterator[Spoke]:
    s = Spoke.create(tmp_path / "spoke")
    yield s
    s.close()


@pytest.fixture
def enrolled(hub: LiveHub, spoke: Spoke) -> Spoke:
    """Enrolled with a one-time code and signed in as the operator."""
    enroll(hub.base_url, hub.enrollment_code(), spoke.tokens, name="test PC")
    from desktop.sync.client import HubClient

    client = HubClient(hub.base_url, spoke.tokens)
    client.sign_in("operator", PASSWORD)
    client.close()
    return spoke
