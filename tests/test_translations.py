"""Every user-visible string has a Hindi translation, and the compiled catalogue is current."""

from __future__ import annotations

import importlib.util
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("translations", ROOT / "scripts" / "translations.py")
assert spec and spec.loader
translations = importlib.util.module_from_spec(spec)
spec.loader.exec_module(translations)


def test_every_ts_entry_has_a_hindi_translation() -> None:
    tree = ET.parse(translations.ts_path("hi"))
    assert tree.getroot().get("language", "").startswith("hi")
    messages = list(tree.getroot().iter("message"))
    assert len(messages) > 10
    assert translations.missing("hi") == []


def test_sources_and_ts_agree(tmp_path: Path) -> None:
    """Running lupdate again adds nothing: no string in the code is missing from the .ts."""
    import shutil
    import subprocess

    copy = tmp_path / "hi.ts"
    shutil.copy(translations.ts_path("hi"), copy)
    subprocess.run(
        [
            translations._tool("pyside6-lupdate"),
            "-no-obsolete",
            "-locations",
            "none",
            *translations.python_sources(),
            "-ts",
            str(copy),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )

    def sources(path: Path) -> set[tuple[str, str]]:
        root = ET.parse(path).getroot()
        return {
            (c.findtext("name", ""), m.findtext("source", ""))
            for c in root.iter("context")
            for m in c.iter("message")
        }

    assert sources(copy) == sources(translations.ts_path("hi"))


def _messages(path: Path) -> dict[tuple[str, str], ET.Element]:
    root = ET.parse(path).getroot()
    return {
        (c.findtext("name", ""), m.findtext("source", "")): m
        for c in root.iter("context")
        for m in c.iter("message")
    }


def test_every_count_text_has_its_english_plural_forms() -> None:
    """A text with a count (%n, %Ln) is a plural message, and the English catalogue gives
    both its forms ("1 change" / "2 changes"): English never shows "change(s)"."""
    every = _messages(translations.ts_path("hi"))
    counted = {k for k in every if "%n" in k[1] or "%Ln" in k[1]}
    assert counted, "no plural texts found"
    not_plural = [k for k in counted if every[k].get("numerus") != "yes"]
    assert not_plural == []  # e.g. QCoreApplication.translate(...): lupdate sees no count
    english = _messages(translations.ts_path("en"))
    assert set(english) == counted  # the English catalogue holds exactly the plural texts
    assert translations.missing("en") == []
    for key, message in english.items():
        one, other = [f.text or "" for f in message.iter("numerusform")]
        assert "(s)" not in one + other and "(ies)" not in one + other, key
        assert one != other, key


def test_english_plural_catalogue_is_in_step_with_the_sources(tmp_path: Path) -> None:
    """The update lupdate run (plural messages only) adds nothing to the English file."""
    import shutil
    import subprocess

    copy = tmp_path / "spoke_clinic_en.ts"
    shutil.copy(translations.ts_path("en"), copy)
    cmd = translations.lupdate_command("en", copy)
    subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
    assert set(_messages(copy)) == set(_messages(translations.ts_path("en")))
    assert translations.missing("en") == []
