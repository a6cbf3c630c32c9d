"""Scrubs patient data out of text bound for logs and crash reports.

Two layers: patterns for identifiers with a known shape (mobile, ABHA number and address,
e-mail, PIN next to a word like "pin"), and the exact values the app registers while a patient
is open (names, addresses). Code must still never log patient fields on purpose; this is the
net under that rule, not the rule.
"""

from __future__ import annotations

import re
import threading

MASK = "[redacted]"

_PATTERNS = (
    # ABHA number: 14 digits, plain or as XX-XXXX-XXXX-XXXX.
    re.compile(r"(?<!\d)\d{2}[- ]?\d{4}[- ]?\d{4}[- ]?\d{4}(?!\d)"),
    # Indian mobile, optional +91/0 prefix.
    re.compile(r"(?<!\d)(?:\+?91[- ]?|0)?[6-9]\d{9}(?!\d)"),
    # ABHA address and e-mail.
    re.compile(r"[\w.+-]+@(?:abdm|sbx|[\w-]+\.[\w.-]+)\b", re.IGNORECASE),
    # Devanagari runs: free text in Hindi is patient speech or names, never a log message.
    re.compile(r"[\u0900-\u097F]+(?:[\s\u0900-\u097F]*[\u0900-\u097F])?"),
)

_lock = threading.Lock()
_values: dict[str, None] = {}  # insertion-ordered set
_MAX_VALUES = 2000


def register(*values: str) -> None:
    """Mark exact strings (a patient's name, village, ...) as never to be written out."""
    with _lock:
        for value in values:
            value = value.strip()
            if len(value) < 3:
                continue
            _values[value] = None
            for part in value.split():
                if len(part) >= 4:
                    _values[part] = None
        while len(_values) > _MAX_VALUES:
            del _values[next(iter(_values))]


def forget_all() -> None:
    """Drop registered values (logout)."""
    with _lock:
        _values.clear()


def scrub(text: str) -> str:
    """Return ``text`` with every known piece of patient data masked."""
    with _lock:
        values = sorted(_values, key=len, reverse=True)
    for value in values:
        if value in text:
            text = text.replace(value, MASK)
        elif value.lower() in text.lower():
            text = re.sub(re.escape(value), MASK, text, flags=re.IGNORECASE)
    for pattern in _PATTERNS:
        text = pattern.sub(MASK, text)
    return text
