"""The errors a service may raise that the UI explains to the user (translated texts in
``desktop.ui.storage_messages``): the storage's error classes, named here so the UI depends
on the services and not on storage modules."""

from desktop.storage.db import is_storage_full
from desktop.storage.errors import (
    AuditChainError,
    BlobDamagedError,
    BlobMissingError,
    DataMissingError,
    KeyMissingError,
    KeyringLockedError,
    KeyringUnavailableError,
    NewerDatabaseError,
    ProfileDamagedError,
    RecoveryCodeError,
    StorageError,
    StorageFullError,
    UnfinishedSetupHasDataError,
    WrongKeyError,
)

__all__ = [
    "AuditChainError",
    "BlobDamagedError",
    "BlobMissingError",
    "DataMissingError",
    "KeyMissingError",
    "KeyringLockedError",
    "KeyringUnavailableError",
    "NewerDatabaseError",
    "ProfileDamagedError",
    "RecoveryCodeError",
    "StorageError",
    "StorageFullError",
    "UnfinishedSetupHasDataError",
    "WrongKeyError",
    "is_storage_full",
]
