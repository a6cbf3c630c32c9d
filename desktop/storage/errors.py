"""Storage errors, each carrying a ``code``: a short machine word saying what happened.

The words the user reads (what happened and what to do, translated) live once, in the UI's
table keyed by that code (desktop/ui/storage_messages.py). Logs and the terminal name the
code only; ``detail`` is technical, for support, and never holds patient data.
"""

from __future__ import annotations


class StorageError(Exception):
    """Base class: ``code`` says what happened (a subclass without one reads as its parent)."""

    code = "storage_failed"

    def __init__(self, detail: str = "") -> None:
        # ``detail`` is for logs and support: technical, never patient data.
        self.detail = detail
        super().__init__(f"{self.code}: {detail}" if detail else self.code)


class KeyringUnavailableError(StorageError):
    """No usable OS keyring: the app will not store patient data without one."""

    code = "keyring_unavailable"


class KeyringLockedError(StorageError):
    """The keyring is there but locked."""

    code = "keyring_locked"


class KeyMissingError(StorageError):
    """The database is here but its key is not in the keyring (restore with the code)."""

    code = "key_missing"


class WrongKeyError(StorageError):
    """The key in the keyring does not open this database."""

    code = "wrong_key"


class RecoveryCodeError(StorageError):
    """The recovery code typed does not open this database."""

    code = "recovery_code_wrong"


class DataMissingError(StorageError):
    """The profile was set up but its database file is gone."""

    code = "data_missing"


class ProfileDamagedError(StorageError):
    """storage.json is missing beside an existing database."""

    code = "profile_damaged"


class UnfinishedSetupHasDataError(StorageError):
    """Setup is marked unfinished but the database holds records (or cannot be checked)."""

    code = "unfinished_setup_has_data"


class NewerDatabaseError(StorageError):
    """The database was written by a newer version of the app."""

    code = "newer_database"


class StorageFullError(StorageError):
    """The disk is full; the last change was not saved."""

    code = "storage_full"


class BlobDamagedError(StorageError):
    """A blob's ciphertext fails its checksum or does not decrypt."""

    code = "blob_damaged"


class BlobMissingError(StorageError):
    """A blob's file is gone."""

    code = "blob_missing"


class AuditChainError(StorageError):
    """The audit log's hash chain is broken: an entry was edited or removed."""

    code = "audit_chain_broken"
