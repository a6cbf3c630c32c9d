"""Fixtures for media tests: an encrypted blob store in a temp profile."""

from __future__ import annotations

import pytest
from pyrage import x25519

from desktop import paths
from desktop.storage.blobs import BlobStore


@pytest.fixture
def store(profile: paths.Locations) -> BlobStore:
    return BlobStore(profile.blobs, x25519.Identity.generate())
