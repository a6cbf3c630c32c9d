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
