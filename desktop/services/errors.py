"""The errors a service may raise that the UI explains to the user (translated texts in
``desktop.ui.storage_messages``): the storage's error classes, named here so the UI depends
on the services and not on storage modules."""

from desktop.storage.db import is_storage_full
from desktop.storage.errors import (
    BlobDamagedError,
    BlobMissingError,
    StorageError,
    StorageFullError,
)

__all__ = [
    "BlobDamagedError",
    "BlobMissingError",
    "StorageError",
    "StorageFullError",
    "is_storage_full",
]
