"""Snapshots: freeze a camera frame and keep it as an encrypted consult attachment.

The picture is encoded in memory and goes straight into the blob store (with the same
thumbnail the attachment list uses); linking it to the consult is the consult screen's job.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

from desktop.storage.blobs import BlobRef, BlobStore
from desktop.storage.consult_repo import store_attachment_blobs

FORMATS = {"jpeg": ("image/jpeg", ".jpg"), "png": ("image/png", ".png")}


@dataclass(frozen=True)
class Snapshot:
    ref: BlobRef
    thumbnail: BlobRef | None
    media_type: str
    width: int
    height: int


def encode(image: npt.NDArray[np.uint8], fmt: str = "jpeg", quality: int = 92) -> bytes:
    """A BGR frame as JPEG or PNG bytes, never touching the disk."""
    _media_type, ext = FORMATS[fmt]
    params = [cv2.IMWRITE_JPEG_QUALITY, quality] if fmt == "jpeg" else []
    ok, data = cv2.imencode(ext, image, params)
    if not ok:
        raise ValueError("the frame could not be encoded")
    return bytes(data.tobytes())


def save(store: BlobStore, image: npt.NDArray[np.uint8], fmt: str = "jpeg") -> Snapshot:
    """Encrypt the frozen frame (and its thumbnail) into the store. Not on the UI thread."""
    media_type, _ext = FORMATS[fmt]
    ref, thumb = store_attachment_blobs(store, encode(image, fmt), media_type)
    return Snapshot(ref, thumb, media_type, int(image.shape[1]), int(image.shape[0]))
