"""Passwords (argon2id), JWT access tokens, opaque refresh tokens and device secrets."""

from __future__ import annotations

import functools
import hashlib
import hmac
import os
import secrets
import threading
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import MappingProxyType
from typing import Any

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from protocol.roles import Role

ALGORITHM = "HS256"
ROLES = tuple(Role)


class AuthError(Exception):
    """A credential or token was refused (always answered as 401)."""


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Passwords:
    """argon2id verifiers with a configurable cost.

    At most one hash per CPU runs at a time (the rest wait their turn), so a burst of logins
    cannot take every CPU and every worker thread from the other requests.
    """

    def __init__(self, time_cost: int, memory_kib: int) -> None:
        self._hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=1)
        self._slots = threading.BoundedSemaphore(max(1, os.cpu_count() or 1))
        # Verified against when the user does not exist, so timing does not reveal usernames.
        self._dummy = self._hasher.hash(secrets.token_urlsafe(16))

    def hash(self, password: str) -> str:
        with self._slots:
            return self._hasher.hash(password)

    def verify(self, stored: str | None, password: str) -> bool:
        with self._slots:
            try:
                return self._hasher.verify(stored or self._dummy, password) and stored is not None
            except (VerificationError, InvalidHashError):
                return False


@dataclass(frozen=True)
class Claims:
    """What an access token says about its bearer."""

    user_id: str
    role: str
    facility_id: str | None
    device_id: str | None
    session_id: str | None = None  # the refresh-token family the token was issued with


def issue_access_token(secret: str, claims: Claims, now: datetime, ttl_seconds: int) -> str:
    payload: dict[str, Any] = {
        "sub": claims.user_id,
        "role": claims.role,
        "fac": claims.facility_id,
        "dev": claims.device_id,
        "sid": claims.session_id,
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(seconds=ttl_seconds)).timestamp()),
        "jti": uuid.uuid4().hex,
        "typ": "access",
    }
    return jwt.encode(payload, secret, algorithm=ALGORITHM)


def decode_access_token(secret: str, token: str, now: datetime) -> Claims:
    """Verify signature (HS256 only: ``alg: none`` and others are refused) and expiry."""
    data = _verified(secret, token)
    if data.get("typ") != "access" or data.get("role") not in ROLES:
        raise AuthError("invalid token")
    # Expiry is checked against the hub clock so tests can move time (on every call).
    if not isinstance(data["exp"], int) or data["exp"] <= now.timestamp():
        raise AuthError("token expired")
    if not isinstance(data["sid"], str):
        raise AuthError("invalid token")
    return Claims(
        str(data["sub"]), str(data["role"]), data.get("fac"), data.get("dev"), data["sid"]
    )


@functools.lru_cache(maxsize=4096)
def _verified(secret: str, token: str) -> MappingProxyType[str, Any]:
    """A token's payload once its signature checked out: a client sends the same access token
    for up to 10 minutes, and decoding it again on every request was 9 % of a worker's CPU
    under the record-PUT load. Only tokens that verify are kept (a refused one raises, and
    exceptions are not cached); the claims and the expiry are checked on every call."""
    try:
        data = jwt.decode(
            token,
            secret,
            algorithms=[ALGORITHM],
            options={"require": ["sub", "exp", "iat", "typ", "sid"], "verify_exp": False},
        )
    except jwt.PyJWTError as exc:
        raise AuthError("invalid token") from exc
    return MappingProxyType(data)


def new_refresh_token() -> tuple[str, str]:
    """A fresh opaque refresh token and the hash that is stored."""
    token = "rt_" + secrets.token_urlsafe(32)
    return token, sha256_hex(token)


def new_device_secret() -> tuple[str, str]:
    secret = "ds_" + secrets.token_urlsafe(32)
    return secret, sha256_hex(secret)


def new_enrollment_code() -> tuple[str, str]:
    """A one-time code short enough to read out over the phone: XXXX-XXXX-XXXX."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(12))
    code = f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"
    return code, sha256_hex(code)


def normalise_code(code: str) -> str:
    raw = "".join(ch for ch in code.upper() if ch.isalnum())
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def constant_equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
