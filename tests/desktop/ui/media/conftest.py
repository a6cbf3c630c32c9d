"""Fixtures for the media widgets: a blob store and a capture panel on a test pattern."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pyrage import x25519

from desktop import paths
from desktop.storage.blobs import BlobStore
from desktop.ui.media.capture_panel import CapturePanel


@pytest.fixture
def store(profile: paths.Locations) -> BlobStore:
    return BlobStore(profile.blobs, x25519.Identity.generate())


@pytest.fixture
def panel(store: BlobStore, qtbot) -> Iterator[CapturePanel]:  # type: ignore[no-untyped-def]
    widget = CapturePanel(store, cameras=[], microphones=[])
    qtbot.addWidget(widget)
    widget.resize(720, 640)
    widget.show()
    yield widget
    widget.stop_capture()
