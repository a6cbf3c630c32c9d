"""The recovery code: shown once at set-up, printed on a recovery sheet, and the only way
back in after the keyring is lost. ``recovery.age`` in the profile holds both keys,
encrypted with the code (age passphrase recipient, scrypt)."""

from __future__ import annotations

import json
import os
import secrets
from datetime import datetime
from html import escape
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


def sheet_html(facility_name: str, profile_id: str, code: str, created: datetime) -> str:
    """The printable recovery sheet (rich text for QTextDocument). Printed, never saved."""
    return f"""<html><body style="font-family: sans-serif">
<h1>Spoke Clinic &mdash; recovery sheet</h1>
<p><b>Facility:</b> {escape(facility_name)}<br>
<b>Profile:</b> {escape(profile_id)}<br>
<b>Set up on:</b> {created.strftime("%d-%m-%Y")}</p>
<p style="font-size: 20pt; font-family: monospace; letter-spacing: 2px">
<b>{escape(code)}</b></p>
<h3>When do I need this?</h3>
<p>If Spoke Clinic says the key for the clinic's data is missing or wrong (for example after
Windows or Linux was reinstalled, or the data folder was copied to a new computer), choose
<i>Restore with recovery code</i> and type this code. Dashes and small letters do not matter.</p>
<h3>Keep it safe</h3>
<p>Anyone with this code and a copy of the data folder can read patient records. Keep this
sheet locked away, not next to the computer. Never send a photo of it.</p>
</body></html>"""
