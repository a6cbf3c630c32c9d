"""The doctor's prescription signing key: an Ed25519 private key per hub doctor account on
this PC, kept only in the OS keyring (a sibling service of the profile's keys), never in a
file. Generated on first need; the public half is what the hub is told."""

from __future__ import annotations

import base64

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from desktop import logs
from desktop.storage.errors import KeyringUnavailableError, WrongKeyError
from desktop.storage.keys import SERVICE, KeyStore

log = logs.get("storage")

SIGNING_SERVICE = f"{SERVICE}-signing"
ENTRY = "ed25519"


def public_text(key: Ed25519PrivateKey) -> str:
    """The public key as the hub takes it: the 32 raw bytes, base64."""
    return base64.b64encode(key.public_key().public_bytes_raw()).decode("ascii")


class SigningKeyStore(KeyStore):
    """Signing keys by (profile, hub username) in the keyring. ``service`` differs per app
    (tests use their own)."""

    def __init__(self, service: str = SIGNING_SERVICE, backend: object | None = None) -> None:
        super().__init__(service, backend)  # type: ignore[arg-type]

    @classmethod
    def beside(cls, keys: KeyStore) -> SigningKeyStore:
        """The signing store on the same keyring as a profile's ``KeyStore``."""
        return cls(f"{keys.service}-signing", keys._backend)

    @staticmethod
    def _entry(profile_id: str, username: str) -> str:
        return f"{profile_id}/{username.strip().lower()}/{ENTRY}"

    def load_signing_key(self, profile_id: str, username: str) -> Ed25519PrivateKey | None:
        text = self._get(self._entry(profile_id, username))
        if text is None:
            return None
        try:
            raw = bytes.fromhex(text.strip())
            return Ed25519PrivateKey.from_private_bytes(raw)
        except ValueError as exc:
            raise WrongKeyError("keyring signing key is malformed") from exc

    def signing_key(self, profile_id: str, username: str) -> tuple[Ed25519PrivateKey, bool]:
        """This doctor's key, generated and stored on first need; True when it is new."""
        key = self.load_signing_key(profile_id, username)
        if key is not None:
            return key, False
        key = Ed25519PrivateKey.generate()
        value = key.private_bytes_raw().hex()
        self._set(self._entry(profile_id, username), value)
        stored = self.load_signing_key(profile_id, username)
        if stored is None or stored.private_bytes_raw().hex() != value:
            raise KeyringUnavailableError("the keyring did not keep the signing key")
        log.info("a new prescription signing key was stored in the keyring")
        return key, True

    def delete_signing_key(self, profile_id: str, username: str) -> None:
        import keyring.errors

        try:
            self.backend().delete_password(self.service, self._entry(profile_id, username))
        except keyring.errors.PasswordDeleteError:
            pass
