"""Snapshot: a frozen frame becomes an encrypted attachment blob (and thumbnail)."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from desktop import paths
from desktop.media import snapshot, sources
from desktop.storage.blobs import BlobStore
from tests.helpers.media import AGE_HEADER


@pytest.mark.parametrize("fmt", ["jpeg", "png"])
def test_snapshot_is_stored_encrypted_and_decodes(
    fmt: str, store: BlobStore, profile: paths.Locations
) -> None:
    source = sources.test_pattern(640, 480, 30, realtime=False)
    source.open()
    frame = source.read()
    source.close()
    shot = snapshot.save(store, frame.image, fmt)
    assert shot.ref.kind == "attachment" and shot.thumbnail is not None
    assert (shot.width, shot.height, shot.media_type) == (640, 480, f"image/{fmt}")

    picture = cv2.imdecode(np.frombuffer(store.read_all(shot.ref.blob_id), np.uint8), 1)
    assert picture.shape == frame.image.shape
    assert float(np.abs(picture.astype(int) - frame.image.astype(int)).mean()) < 4

    magic = {b"\xff\xd8\xff", b"\x89PNG"}
    for path in profile.data.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert not any(m in data for m in magic), path.name
            if path.suffix == ".age":
                assert data.startswith(AGE_HEADER)
