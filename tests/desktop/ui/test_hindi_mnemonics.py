"""A keyboard mnemonic (``&``) in a Hindi text never falls inside a conjunct or before a
vowel sign: Qt underlines the character after it as its own run of text, which breaks the
shaping there (प्रकार drawn as प्‌रका, wider than measured, so Qt's file dialog cut its
"Files of type" label)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
VIRAMA = "\u094d"
# Signs that join the letter before them: vowel signs, anusvara, candrabindu, nukta, virama.
JOINING = {chr(c) for c in range(0x093E, 0x094E)} | {"\u0901", "\u0902", "\u0903", "\u093c"}


def splits_a_cluster(text: str) -> bool:
    plain = text.replace("&&", "")
    at = plain.find("&")
    while at != -1:
        after, before = plain[at + 1 : at + 3], plain[at - 1 : at] if at else ""
        if (after[:1] in JOINING) or after[1:2] == VIRAMA or before == VIRAMA:
            return True
        at = plain.find("&", at + 1)
    return False


def test_the_check_knows_a_split_conjunct() -> None:
    assert splits_a_cluster("फ़ाइल का &प्रकार:")
    assert splits_a_cluster("प्&रकार")
    assert not splits_a_cluster("फ़ाइल का प्रका&र:")
    assert not splits_a_cluster("फ़ाइल का &नाम:")


def test_no_hindi_mnemonic_splits_a_cluster() -> None:
    root = ET.parse(ROOT / "resources" / "translations" / "spoke_clinic_hi.ts").getroot()
    bad = [
        t.text
        for t in root.iter("translation")
        if t.text and "&" in t.text and splits_a_cluster(t.text)
    ]
    assert bad == []
