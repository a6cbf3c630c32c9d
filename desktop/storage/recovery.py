"""The recovery code: shown once at set-up, printed on a recovery sheet (the sheet itself is
desktop/ui/recovery_sheet.py), and the only way back in after the keyring is lost.
``recovery.age`` in the profile holds both keys, encrypted with the code (scrypt)."""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path

import pyrage

from desktop.storage.errors import RecoveryCodeError, StorageError
from desktop.storage.keys import ProfileKeys

# Crockford's base32: no I, L, O, U, so a hand-copied code is hard to misread.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
GROUPS, GROUP_LEN = 6, 5  # 30 symbols = 150 bits
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


def generate_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(GROUPS * GROUP_LEN))
    return "-".join(raw[i : i + GROUP_LEN] for i in range(0, len(raw), GROUP_LEN))


def normalize(code: str) -> str:
    """Forgiving about case, spaces, dashes and look-alike letters."""
    cleaned = "".join(c for c in code.upper() if c.isalnum()).translate(_CONFUSABLE)
    if len(cleaned) != GROUPS * GROUP_LEN or any(c not in ALPHABET for c in cleaned):
        raise RecoveryCodeError("code has the wrong length or letters")
    return "-".join(cleaned[i : i + GROUP_LEN] for i in range(0, len(cleaned), GROUP_LEN))


def write_file(path: Path, profile_id: str, keys: ProfileKeys, code: str) -> None:
    body = json.dumps({"format": 1, "profile_id": profile_id, **keys.to_entries()}).encode()
    sealed = pyrage.passphrase.encrypt(body, normalize(code))
    partial = path.with_suffix(".partial")
    with open(partial, "wb") as fh:
        fh.write(sealed)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(partial, path)


def read_file(path: Path, code: str) -> tuple[str, ProfileKeys]:
    """(profile id, keys) from the recovery file; ``RecoveryCodeError`` for a wrong code."""
    try:
        sealed = path.read_bytes()
    except FileNotFoundError as exc:
        raise StorageError("the recovery file is missing from the profile") from exc
    try:
        body = json.loads(pyrage.passphrase.decrypt(sealed, normalize(code)))
    except pyrage.DecryptError as exc:
        raise RecoveryCodeError("passphrase does not open the recovery file") from exc
    return body["profile_id"], ProfileKeys.from_entries(body["database-key"], body["age-identity"])
