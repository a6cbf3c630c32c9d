"""The profile's two secrets in the OS keyring: the 256-bit database key and the age identity.

Only real, OS-backed keyrings are accepted (Secret Service / KWallet on Linux, Windows
Credential Manager, macOS Keychain): never a plaintext or "null" fallback. Each entry is a
short text (64 or 74 characters), far under Windows' 2,560-byte limit.
"""

from __future__ import annotations

import os
import sys
from contextlib import closing
from dataclasses import dataclass

import keyring.errors
from keyring.backend import KeyringBackend
from pyrage import x25519

from desktop import logs
from desktop.storage.errors import (
    KeyMissingError,
    KeyringLockedError,
    KeyringUnavailableError,
    WrongKeyError,
)

log = logs.get("storage")

SERVICE = "spoke-clinic"
DB_KEY_ENTRY = "database-key"
IDENTITY_ENTRY = "age-identity"


@dataclass(frozen=True)
class ProfileKeys:
    """The secrets of one profile. ``repr`` never shows them."""

    database_key: bytes
    identity: x25519.Identity

    @classmethod
    def generate(cls) -> ProfileKeys:
        return cls(os.urandom(32), x25519.Identity.generate())

    @property
    def recipient(self) -> str:
        """This installation's public age key (safe to show and store)."""
        return str(self.identity.to_public())

    def to_entries(self) -> dict[str, str]:
        return {DB_KEY_ENTRY: self.database_key.hex(), IDENTITY_ENTRY: str(self.identity)}

    @classmethod
    def from_entries(cls, db_key_hex: str, identity_text: str) -> ProfileKeys:
        """Parse keyring values; malformed values are a wrong key, not a missing one."""
        try:
            key = bytes.fromhex(db_key_hex)
            identity = x25519.Identity.from_str(identity_text.strip())
        except Exception as exc:  # noqa: BLE001 -- any parse failure means "not our key"
            raise WrongKeyError("keyring entry is malformed") from exc
        if len(key) != 32:
            raise WrongKeyError("keyring database key has the wrong length")
        return cls(key, identity)

    def __repr__(self) -> str:
        return f"ProfileKeys(recipient={self.recipient!r})"


def _platform_backends() -> list[type[KeyringBackend]]:
    """The secure keyrings we accept on this OS, best first."""
    if sys.platform == "win32":
        from keyring.backends import Windows

        return [Windows.WinVaultKeyring]
    if sys.platform == "darwin":
        from keyring.backends import macOS

        return [macOS.Keyring]
    from keyring.backends import SecretService, kwallet

    return [SecretService.Keyring, kwallet.DBusKeyring]


def find_secure_backend() -> KeyringBackend:
    """The OS keyring, or ``KeyringUnavailableError`` saying why there is none."""
    reasons = []
    for backend_class in _platform_backends():
        try:
            priority = backend_class.priority
        except Exception as exc:  # noqa: BLE001 -- backends report unavailability this way
            reasons.append(f"{backend_class.__module__}: {exc}")
            continue
        if priority > 0:
            return backend_class()
        reasons.append(f"{backend_class.__module__}: not usable")
    raise KeyringUnavailableError("; ".join(reasons))


class KeyStore:
    """Reads and writes one profile's keys. ``service`` is per app (tests use their own)."""

    def __init__(self, service: str = SERVICE, backend: KeyringBackend | None = None) -> None:
        self.service = service
        self._backend = backend

    def sibling(self, service: str) -> KeyStore:
        """A store for another service on the same keyring (demo mode's embedded hub)."""
        return KeyStore(service, self._backend)

    def backend(self) -> KeyringBackend:
        if self._backend is None:
            self._backend = find_secure_backend()
        return self._backend

    def _check_unlocked(self) -> None:
        # keyring's Secret Service backend leaks its D-Bus connection when it finds the
        # collection locked; ask first, on a connection we close ourselves.
        if self.backend().__module__ != "keyring.backends.SecretService":
            return
        import secretstorage

        try:
            with closing(secretstorage.dbus_init()) as bus:
                locked = secretstorage.get_default_collection(bus).is_locked()
        except secretstorage.exceptions.SecretStorageException as exc:
            raise KeyringUnavailableError(f"{type(exc).__name__}: {exc}") from exc
        if locked:
            raise KeyringLockedError("default collection is locked")

    def _get(self, name: str) -> str | None:
        self._check_unlocked()
        try:
            return self.backend().get_password(self.service, name)
        except keyring.errors.KeyringLocked as exc:
            raise KeyringLockedError(str(exc)) from exc
        except keyring.errors.KeyringError as exc:
            raise KeyringUnavailableError(f"{type(exc).__name__}: {exc}") from exc

    def _set(self, name: str, value: str) -> None:
        self._check_unlocked()
        try:
            self.backend().set_password(self.service, name, value)
        except keyring.errors.KeyringLocked as exc:
            raise KeyringLockedError(str(exc)) from exc
        except keyring.errors.KeyringError as exc:
            raise KeyringUnavailableError(f"{type(exc).__name__}: {exc}") from exc

    @staticmethod
    def _name(profile_id: str, entry: str) -> str:
        return f"{profile_id}/{entry}"

    def load(self, profile_id: str) -> ProfileKeys | None:
        """The keys, or None if neither entry exists. One without the other is missing."""
        db_key = self._get(self._name(profile_id, DB_KEY_ENTRY))
        identity = self._get(self._name(profile_id, IDENTITY_ENTRY))
        if db_key is None and identity is None:
            return None
        if db_key is None or identity is None:
            raise KeyMissingError("one of the two keyring entries is missing")
        return ProfileKeys.from_entries(db_key, identity)

    def require(self, profile_id: str) -> ProfileKeys:
        keys = self.load(profile_id)
        if keys is None:
            raise KeyMissingError("no keyring entries for this profile")
        return keys

    def save(self, profile_id: str, keys: ProfileKeys) -> None:
        """Write both entries, then read them back: a keyring that drops them is no keyring."""
        for entry, value in keys.to_entries().items():
            self._set(self._name(profile_id, entry), value)
        stored = self.load(profile_id)
        if stored is None or stored.to_entries() != keys.to_entries():
            raise KeyringUnavailableError("the keyring did not keep the keys it was given")
        log.info("profile keys stored in %s", type(self.backend()).__module__)

    def delete(self, profile_id: str) -> None:
        for entry in (DB_KEY_ENTRY, IDENTITY_ENTRY):
            try:
                self.backend().delete_password(self.service, self._name(profile_id, entry))
            except keyring.errors.PasswordDeleteError:
                pass
