"""Builds the translations: pyside6-lupdate (sources -> .ts) and pyside6-lrelease (.ts -> .qm).

python scripts/translations.py update    # extract strings, keep existing Hindi, compile .qm
python scripts/translations.py compile   # only compile .ts -> .qm
python scripts/translations.py missing   # list entries without a Hindi translation
python scripts/translations.py fill FILE # apply a TSV of context<TAB>source<TAB>hindi
python scripts/translations.py missing en   # plural texts (%n) without English forms
python scripts/translations.py fill FILE en # TSV: context<TAB>source<TAB>one<TAB>other

English is the source language, so its catalogue (spoke_clinic_en.ts) holds only the plural
messages ("%n change(s)" -> "1 change" / "2 changes"); every other English text is the
source text itself.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS_DIR = ROOT / "resources" / "translations"
LANGUAGES = ("hi",)
PLURAL_ONLY = ("en",)  # catalogues of the source language: plural forms only
SOURCES = ("desktop",)


def _tool(name: str) -> str:
    here = Path(sys.executable).parent
    for candidate in (here / name, here / f"{name}.exe"):
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found; install PySide6 in this environment")
    return found


def ts_path(lang: str) -> Path:
    return TS_DIR / f"spoke_clinic_{lang}.ts"


def qm_path(lang: str) -> Path:
    return TS_DIR / f"spoke_clinic_{lang}.qm"


def python_sources() -> list[str]:
    files: list[str] = []
    for src in SOURCES:
        files += sorted(str(p.relative_to(ROOT)) for p in (ROOT / src).rglob("*.py"))
    return files


def lupdate_command(lang: str, ts: Path) -> list[str]:
    """The lupdate run that brings ``ts`` (the catalogue of ``lang``) up to the sources."""
    cmd = [_tool("pyside6-lupdate"), "-no-obsolete", "-locations", "none"]
    if lang in PLURAL_ONLY:
        cmd += ["-pluralonly", "-source-language", lang, "-target-language", lang]
    return [*cmd, *python_sources(), "-ts", str(ts)]


def update() -> None:
    TS_DIR.mkdir(parents=True, exist_ok=True)
    for lang in LANGUAGES + PLURAL_ONLY:
        cmd = lupdate_command(lang, ts_path(lang).relative_to(ROOT))
        subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
    compile_qm()


def compile_qm() -> None:
    for lang in LANGUAGES + PLURAL_ONLY:
        subprocess.run(
            [_tool("pyside6-lrelease"), str(ts_path(lang)), "-qm", str(qm_path(lang))],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )


def missing(lang: str = "hi") -> list[tuple[str, str]]:
    """(context, source) pairs whose translation is empty or unfinished."""
    out: list[tuple[str, str]] = []
    tree = ET.parse(ts_path(lang))
    for context in tree.getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            source = message.findtext("source", "")
            forms = translation.findall("numerusform") if translation is not None else []
            if forms and any(not (f.text or "").strip() for f in forms):
                out.append((name, source))
                continue
            text = "".join(translation.itertext()) if translation is not None else ""
            unfinished = translation is not None and translation.get("type") in (
                "unfinished",
                "vanished",
                "obsolete",
            )
            if not text.strip() or unfinished:
                out.append((name, source))
    return out


def fill(tsv: Path, lang: str = "hi") -> int:
    """Write translations from a context/source/translation TSV into the .ts; returns count."""
    wanted: dict[tuple[str, str], str] = {}
    plurals: dict[tuple[str, str], list[str]] = {}  # English: one text per plural form
    for line in tsv.read_text(encoding="utf-8").splitlines():
        parts = [part.replace("\\n", "\n") for part in line.split("\t")]
        if len(parts) == 3 and parts[2].strip():
            wanted[(parts[0], parts[1])] = parts[2]
        elif len(parts) > 3 and all(p.strip() for p in parts[2:]):
            plurals[(parts[0], parts[1])] = parts[2:]
    tree = ET.parse(ts_path(lang))
    count = 0
    for context in tree.getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            key = (name, message.findtext("source", ""))
            translation = message.find("translation")
            if key in plurals and translation is not None:
                forms = translation.findall("numerusform")
                if len(forms) != len(plurals[key]):
                    raise SystemExit(f"{key}: {len(forms)} plural forms expected")
                for form, text in zip(forms, plurals[key], strict=True):
                    form.text = text
                translation.attrib.pop("type", None)
                count += 1
            elif key in wanted and translation is not None:
                forms = translation.findall("numerusform")
                if forms:  # plural message: one text serves every form (Hindi needs no more)
                    for form in forms:
                        form.text = wanted[key]
                else:
                    translation.text = wanted[key]
                translation.attrib.pop("type", None)
                count += 1
    tree.write(ts_path(lang), encoding="utf-8", xml_declaration=True)
    return count


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "update"
    if command == "update":
        update()
    elif command == "compile":
        compile_qm()
    elif command == "missing":
        gaps = missing(argv[2] if len(argv) > 2 else "hi")
        for context, source in gaps:
            print(f"{context}\t{source}")
        return 1 if gaps else 0
    elif command == "fill" and len(argv) > 2:
        lang = argv[3] if len(argv) > 3 else "hi"
        print(f"{fill(Path(argv[2]), lang)} translations written")
        compile_qm()
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
