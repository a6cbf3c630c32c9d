"""The hub's age identity: created once, its public key published for spokes to encrypt to."""

from __future__ import annotations

import os
from pathlib import Path

from pyrage import x25519


def load_or_create(key_file: Path) -> x25519.Identity:
    """Read the identity from ``key_file``, creating it (mode 0600) if absent."""
    if key_file.exists():
        lines = key_file.read_text(encoding="ascii").splitlines()
        secret = next(line for line in lines if line.startswith("AGE-SECRET-KEY-"))
        return x25519.Identity.from_str(secret.strip())
    identity = x25519.Identity.generate()
    if not key_file.parent.exists():
        key_file.parent.mkdir(parents=True, mode=0o700)
    text = f"# Spoke Clinic hub key\n# public key: {identity.to_public()}\n{identity}\n"
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(text)
    return identity
