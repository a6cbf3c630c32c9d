"""Every message code desktop.core can report has an English and a Hindi sentence."""

from __future__ import annotations

import re
from pathlib import Path

import desktop.core
from desktop.ui import i18n, messages

DEVANAGARI = re.compile(r"[\u0900-\u097f]")


def core_codes() -> set[str]:
    """The message codes written in desktop/core ("area.what" string literals)."""
    root = Path(desktop.core.__file__).parent
    found: set[str] = set()
    for source in root.glob("*.py"):
        found |= set(re.findall(r'"([a-z0-9_]+\.[a-z0-9_]+)"', source.read_text("utf-8")))
    return found


def test_every_core_code_has_english_and_hindi_text(qapp) -> None:  # type: ignore[no-untyped-def]
    codes = core_codes()
    assert len(codes) >= 50  # the scan found the codes (vitals, consent, abha, qr, ...)
    missing = sorted(c for c in codes if c not in messages.MESSAGES)
    assert missing == []
    try:
        i18n.install("en")
        english = {c: messages.code_text(c) for c in codes}
        assert i18n.install("hi")
        hindi = {c: messages.code_text(c) for c in codes}
    finally:
        i18n.install("en")
    for code in codes:
        assert english[code] and english[code] != code and not DEVANAGARI.search(english[code])
        assert DEVANAGARI.search(hindi[code]), (code, hindi[code])
        assert hindi[code] != english[code], code
