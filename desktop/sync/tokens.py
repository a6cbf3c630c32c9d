"""Hub credentials in the OS keyring, per profile: the device id/secret from enrollment and
the current refresh token. Access tokens live in memory only.

Windows' Credential Manager holds at most 2,560 bytes per entry (1,280 UTF-16 characters),
so longer values are split across numbered entries.
"""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import asdict, dataclass
from typing import Protocol

import keyring.errors

from desktop import APP_ID, logs, paths
from desktop.storage.errors import StorageError
from desktop.storage.keys import find_secure_backend
from desktop.sync.errors import SyncError

log = logs.get("sync")

PART_CHARS = 1000  # well under the Windows limit once UTF-16 encoded


class KeyringBackend(Protocol):
    def get_password(self, service: str, username: str) -> str | None: ...
    def set_password(self, service: str, username: str, password: str) -> None: ...
    def delete_password(self, service: str, username: str) -> None: ...


class KeyringError(SyncError):
    """The OS password store (keyring) could not be used."""

    transient = False


@dataclass(frozen=True)
class DeviceCredentials:
    """What enrollment gives: this installation's identity at the hub."""

    hub_url: str
    device_id: str
    device_secret: str
    facility_id: str
    hub_recipient: str = ""  # the hub's age public key, fetched at enrollment
    ca_pem: str = ""  # the hub CA pinned at enrollment (PEM); empty: the system's store


def profile_service(data_dir: str | None = None) -> str:
    """Keyring service name of this profile (several profiles may share one OS account)."""
    root = data_dir or str(paths.get().data.resolve())
    return f"{APP_ID}-hub-{hashlib.sha256(root.encode()).hexdigest()[:16]}"


class TokenStore:
    """Reads and writes this profile's hub credentials; thread-safe."""

    def __init__(self, service: str | None = None, backend: KeyringBackend | None = None) -> None:
        self.service = service or profile_service()
        self._backend = backend
        self._lock = threading.Lock()

    @property
    def _kr(self) -> KeyringBackend:
        # The same secure-only choice as the database key: never a plaintext fallback.
        if self._backend is None:
            try:
                self._backend = find_secure_backend()
            except StorageError as exc:
                raise KeyringError(exc.detail) from exc
        return self._backend

    # -- split storage -------------------------------------------------------------------
    def _get(self, name: str) -> str | None:
        try:
            head = self._kr.get_password(self.service, name)
            if head is None or not head.startswith("parts:"):
                return head
            count = int(head.split(":", 1)[1])
            pieces = [self._kr.get_password(self.service, f"{name}.{i}") for i in range(count)]
        except (keyring.errors.KeyringError, ValueError) as exc:
            raise KeyringError(type(exc).__name__) from exc
        if any(p is None for p in pieces):
            return None
        return "".join(p for p in pieces if p is not None)

    def _set(self, name: str, value: str) -> None:
        try:
            if len(value) <= PART_CHARS:
                self._kr.set_password(self.service, name, value)
                return
            pieces = [value[i : i + PART_CHARS] for i in range(0, len(value), PART_CHARS)]
            for i, piece in enumerate(pieces):
                self._kr.set_password(self.service, f"{name}.{i}", piece)
            self._kr.set_password(self.service, name, f"parts:{len(pieces)}")
        except keyring.errors.KeyringError as exc:
            raise KeyringError(type(exc).__name__) from exc

    def _delete(self, name: str) -> None:
        head = None
        try:
            head = self._kr.get_password(self.service, name)
            if head is not None:
                self._kr.delete_password(self.service, name)
        except keyring.errors.KeyringError as exc:
            raise KeyringError(type(exc).__name__) from exc
        if head and head.startswith("parts:"):
            for i in range(int(head.split(":", 1)[1])):
                try:
                    self._kr.delete_password(self.service, f"{name}.{i}")
                except keyring.errors.PasswordDeleteError:
                    pass

    # -- public --------------------------------------------------------------------------
    def device(self) -> DeviceCredentials | None:
        with self._lock:
            raw = self._get("device")
        if not raw:
            return None
        try:
            return DeviceCredentials(**json.loads(raw))
        except (TypeError, ValueError):
            log.warning("stored hub device credentials are unreadable; enrollment needed")
            return None

    def save_device(self, creds: DeviceCredentials) -> None:
        with self._lock:
            self._set("device", json.dumps(asdict(creds)))

    def refresh_token(self) -> str | None:
        with self._lock:
            return self._get("refresh")

    def save_refresh_token(self, token: str) -> None:
        with self._lock:
            self._set("refresh", token)

    def forget_session(self) -> None:
        """Drop the refresh token (sign-out, revoked session); the device stays enrolled."""
        with self._lock:
            self._delete("refresh")

    def forget_all(self) -> None:
        with self._lock:
            self._delete("refresh")
            self._delete("device")
            self._delete("ice")  # ICE servers kept by older versions
