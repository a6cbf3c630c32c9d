"""Plaintext canary helpers: unique synthetic values and a byte scan of folders for them
(UTF-8 and UTF-16, as typed, lower and upper case)."""

from __future__ import annotations

import os
import random
import string
from pathlib import Path


def canary() -> str:
    """A word no real file holds: ``Qz`` and ten random lower-case letters."""
    rng = random.Random()
    return "Qz" + "".join(rng.choice(string.ascii_lowercase) for _ in range(10))


def needles(*words: str) -> list[bytes]:
    out = []
    for word in words:
        for variant in {word, word.lower(), word.upper()}:
            for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
                out.append(variant.encode(encoding))
    return out


def scan(folders: list[Path], wanted: list[bytes], since: float = 0.0) -> list[str]:
    """Every ``file: needle`` hit in the folders (files changed at or after ``since``)."""
    hits = []
    # os.walk skips folders that vanish mid-scan (other processes share the system temp).
    paths = (Path(d) / f for folder in folders for d, _, files in os.walk(folder) for f in files)
    for path in paths:
        try:
            if not path.is_file() or path.stat().st_mtime < since:
                continue
            if path.stat().st_size > 64 * 1024 * 1024:
                continue
            data = path.read_bytes()
        except OSError:
            continue  # vanished or unreadable (another process's temp file)
        hits += [f"{path}: {n!r}" for n in wanted if n in data]
    return hits
