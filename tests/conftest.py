"""Shared fixtures: offscreen Qt, a temp profile for desktop.paths, log capture."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")
# Tests never touch the user's real profile.
os.environ.pop("SPOKE_CLINIC_PROFILE", None)

import pytest  # noqa: E402

from desktop import paths  # noqa: E402


@pytest.fixture
def profile(tmp_path: Path) -> Iterator[paths.Locations]:
    """A fresh profile under tmp_path, with desktop.paths pointed at it."""
    locs = paths.init(tmp_path / "profile")
    yield locs
    paths._current = None


ROOT = Path(__file__).resolve().parent.parent
