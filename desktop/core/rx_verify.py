"""Checking a doctor's e-prescription signature at the spoke: Ed25519 over
protocol.signing.signed_bytes, against the doctor's public key. The verdict is a state and a
reason code (the UI chooses the words), never an exception."""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from protocol.signing import signed_bytes


class Verification(StrEnum):
    VERIFIED = "verified"
    TAMPERED = "tampered"  # a key was there and the signature does not match the content
    UNVERIFIABLE = "unverifiable"  # no usable key or signature: nothing could be checked


class Reason(StrEnum):
    OK = ""
    SIGNATURE_MISMATCH = "signature_mismatch"
    NO_KEY = "no_key"
    BAD_KEY = "bad_key"
    BAD_SIGNATURE = "bad_signature"
    BAD_CONTENT = "bad_content"
    KEY_CHANGED = "key_changed"  # the hub's key for this doctor differs from the one cached


@dataclass(frozen=True)
class Verdict:
    state: Verification
    reason: Reason = Reason.OK

    @property
    def ok(self) -> bool:
        return self.state is Verification.VERIFIED


def _decode(text: str, size: int | None = None) -> bytes | None:
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None
    return raw if size is None or len(raw) == size else None


def verify(
    consult_id: str,
    prescription_id: str,
    content: Any,
    signature: str,
    public_key: str | None,
) -> Verdict:
    """Is ``signature`` (base64) the doctor's signature of exactly this content for this
    consult and prescription, under ``public_key`` (32 raw bytes, base64)?"""
    if not public_key:
        return Verdict(Verification.UNVERIFIABLE, Reason.NO_KEY)
    raw_key = _decode(public_key, 32)
    if raw_key is None:
        return Verdict(Verification.UNVERIFIABLE, Reason.BAD_KEY)
    raw_sig = _decode(signature or "", 64)
    if raw_sig is None:
        return Verdict(Verification.UNVERIFIABLE, Reason.BAD_SIGNATURE)
    if not isinstance(content, dict):
        return Verdict(Verification.TAMPERED, Reason.BAD_CONTENT)
    try:
        message = signed_bytes(consult_id, prescription_id, content)
    except (ValueError, TypeError):
        return Verdict(Verification.TAMPERED, Reason.BAD_CONTENT)
    try:
        Ed25519PublicKey.from_public_bytes(raw_key).verify(raw_sig, message)
    except InvalidSignature:
        return Verdict(Verification.TAMPERED, Reason.SIGNATURE_MISMATCH)
    except ValueError:
        return Verdict(Verification.UNVERIFIABLE, Reason.BAD_KEY)
    return Verdict(Verification.VERIFIED)


def key_fingerprint(public_key: str) -> str:
    """A short, readable form of a public key for people to compare (first 16 hex digits of
    its SHA-256, in groups of four)."""
    digest = hashlib.sha256(public_key.encode("ascii", "replace")).hexdigest()[:16].upper()
    return " ".join(digest[i : i + 4] for i in range(0, 16, 4))
