"""The Telemedicine Practice Guidelines (India, 2020) as data: the formulary CSV (generic,
synonyms, brands, list O/A/B/prohibited, source), its validation report, spelling-insensitive
lookup, and the rules both the doctor's editor and the hub apply to a prescription.

Rules (TPG 2020 and its 14 May 2020 matrix of permissible drug lists):
- List O: any mode, first consult or follow-up.
- List A: a first consult by video; a follow-up by any mode (continuation, refill).
- List B: a follow-up only (a consult linked to an earlier one within the window).
- Prohibited (Schedule X, NDPS narcotics and psychotropics): never.
A drug not in the formulary (free text) is allowed and flagged (a non-blocking finding), so
the doctor is not stopped by a gap in the data; a free-text name that names a prohibited drug,
or a close misspelling of one, is refused like the drug itself.

``python -m protocol.formulary check FILE`` prints the validation report of a formulary file.
"""

from __future__ import annotations

import csv
import re
import sys
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from pathlib import Path

from protocol.schemas import PrescriptionContent
from protocol.vocab import ConsultMode

COLUMNS = ("id", "generic", "synonyms", "brands", "class", "strengths", "forms", "source")
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,59}$")
# A fuzzy (misspelt) name counts only against the prohibited list, and only this close.
FUZZY_CUTOFF = 88.0
_FUZZY_MIN_LENGTH = 6


class DrugClass(StrEnum):
    """The guideline's lists."""

    O = "O"  # noqa: E741 (the guideline's name for the list)
    A = "A"
    B = "B"
    PROHIBITED = "prohibited"


class Rule(StrEnum):
    """Why a medicine is flagged; the UI chooses a translated message by this code."""

    PROHIBITED = "prohibited"  # never by teleconsultation
    LIST_A_NEEDS_VIDEO = "list_a_needs_video"  # a first consult by audio or text
    LIST_B_NEEDS_FOLLOW_UP = "list_b_needs_follow_up"  # a first consult
    NOT_IN_FORMULARY = "not_in_formulary"  # free text: allowed, shown as such


@dataclass(frozen=True)
class Drug:
    id: str
    generic: str
    synonyms: tuple[str, ...]
    brands: tuple[str, ...]
    drug_class: DrugClass
    strengths: tuple[str, ...]
    forms: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class Match:
    drug: Drug
    via: str  # "id", "generic", "synonym", "brand" or "fuzzy"
    text: str  # the formulary name that matched

    @property
    def exact(self) -> bool:
        return self.via != "fuzzy"


@dataclass(frozen=True)
class Violation:
    """One medicine of a prescription against the rules. ``drug`` is the formulary's generic
    name (for free text, the name as written); ``drug_list`` its list (None for free text)."""

    index: int  # position in content.medications
    drug: str
    drug_list: DrugClass | None
    rule: Rule

    @property
    def blocking(self) -> bool:
        return self.rule is not Rule.NOT_IN_FORMULARY


@dataclass(frozen=True)
class BadRow:
    line: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}, column {self.column}: {self.reason}"


class FormularyError(ValueError):
    """A formulary file with bad rows; ``rows`` lists every one."""

    def __init__(self, path: str, rows: Sequence[BadRow]) -> None:
        self.rows = list(rows)
        super().__init__(f"{path}: {len(self.rows)} bad row(s); first: {self.rows[0]}")


def normalise(name: str) -> str:
    """The matching key: case-folded letters only, with common Indian/British/US spelling
    variants made one (ph/f, ae/e, oe/e, y/i, th/t, doubled letters, -one/-al endings), so
    "Phenobarbitone" and "Phenobarbital" or "Amoxycillin" and "Amoxicillin" meet."""
    text = "".join(ch for ch in name.casefold() if ch.isalpha())
    for old, new in (("ph", "f"), ("ae", "e"), ("oe", "e"), ("th", "t"), ("y", "i")):
        text = text.replace(old, new)
    text = re.sub(r"(.)\1+", r"\1", text)
    if text.endswith("one"):
        text = text[:-3] + "al"
    return text


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(";") if part.strip())


@dataclass
class Formulary:
    drugs: tuple[Drug, ...]
    follow_up_window_days: int = 180
    _keys: dict[str, tuple[Drug, str, str]] = field(default_factory=dict, repr=False)
    _by_id: dict[str, Drug] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for drug in self.drugs:
            self._by_id[drug.id] = drug
            for via, text in _names(drug):
                self._keys.setdefault(normalise(text), (drug, via, text))

    def by_id(self, drug_id: str) -> Drug | None:
        return self._by_id.get(drug_id)

    def lookup(self, name: str) -> Match | None:
        """The drug a name means: exact normalised generic, synonym or brand first, then the
        closest fuzzy match (``via == "fuzzy"``, for suggestions); None when nothing is near."""
        key = normalise(name)
        hit = self._keys.get(key)
        if hit is not None:
            return Match(hit[0], hit[1], hit[2])
        return self._fuzzy(key)

    def _fuzzy(self, key: str) -> Match | None:
        if len(key) < _FUZZY_MIN_LENGTH:
            return None
        from rapidfuzz import fuzz, process  # only when an exact match failed

        best = process.extractOne(key, self._keys.keys(), scorer=fuzz.ratio)
        if best is None or best[1] < FUZZY_CUTOFF:
            return None
        drug, _, text = self._keys[best[0]]
        return Match(drug, "fuzzy", text)

    def find_in(self, name: str) -> list[Match]:
        """Every drug a medicine's written name names: the whole name first; else each run
        of words ("Tab. Tramadol 50 mg", "Paracetamol + Codeine"), exact matches, plus
        prohibited drugs within a misspelling."""
        whole = self._keys.get(normalise(name))
        if whole is not None:
            return [Match(whole[0], whole[1], whole[2])]
        words = [w for w in re.findall(r"[^\W\d_]+", name) if normalise(w)]
        found: dict[str, Match] = {}
        for size in range(min(len(words), 4), 0, -1):
            for start in range(len(words) - size + 1):
                key = normalise("".join(words[start : start + size]))
                hit = self._keys.get(key)
                if hit is not None:
                    found.setdefault(hit[0].id, Match(hit[0], hit[1], hit[2]))
                elif size == 1:
                    near = self._fuzzy(key)
                    if near is not None and near.drug.drug_class is DrugClass.PROHIBITED:
                        found.setdefault(near.drug.id, near)
        if not found:
            near = self._fuzzy(normalise(name))
            if near is not None and near.drug.drug_class is DrugClass.PROHIBITED:
                found[near.drug.id] = near
        return list(found.values())

    def search(self, prefix: str, limit: int = 20) -> list[Match]:
        """Type-ahead: drugs with a name starting with (then containing) ``prefix``."""
        key = normalise(prefix)
        if not key:
            return []
        starts: dict[str, Match] = {}
        contains: dict[str, Match] = {}
        for k, (drug, via, text) in self._keys.items():
            target = starts if k.startswith(key) else contains if key in k else None
            if target is not None and drug.id not in starts:
                target.setdefault(drug.id, Match(drug, via, text))
        ranked = list(starts.values()) + [m for i, m in contains.items() if i not in starts]
        return ranked[:limit]

    def check(
        self, content: PrescriptionContent, mode: ConsultMode | str, is_follow_up: bool
    ) -> list[Violation]:
        """The rule findings for each medicine (blocking ones and free-text flags)."""
        allowed = allowed_lists(ConsultMode(mode), is_follow_up)
        findings: list[Violation] = []
        for i, med in enumerate(content.medications):
            matches = {m.drug.id: m.drug for m in self.find_in(med.name)}
            picked = self.by_id(med.formulary_id) if med.formulary_id else None
            if picked is not None:
                matches.setdefault(picked.id, picked)
            if not matches:
                findings.append(Violation(i, med.name, None, Rule.NOT_IN_FORMULARY))
                continue
            for drug in matches.values():
                rule = _rule_for(drug.drug_class, allowed)
                if rule is not None:
                    findings.append(Violation(i, drug.generic, drug.drug_class, rule))
        return findings


def _names(drug: Drug) -> Iterable[tuple[str, str]]:
    yield "generic", drug.generic
    for s in drug.synonyms:
        yield "synonym", s
    for b in drug.brands:
        yield "brand", b


def allowed_lists(mode: ConsultMode, is_follow_up: bool) -> frozenset[DrugClass]:
    """The lists a consult of this mode and kind may prescribe from."""
    if is_follow_up:
        return frozenset({DrugClass.O, DrugClass.A, DrugClass.B})
    if mode is ConsultMode.VIDEO:
        return frozenset({DrugClass.O, DrugClass.A})
    return frozenset({DrugClass.O})


def _rule_for(drug_class: DrugClass, allowed: frozenset[DrugClass]) -> Rule | None:
    if drug_class in allowed:
        return None
    if drug_class is DrugClass.PROHIBITED:
        return Rule.PROHIBITED
    if drug_class is DrugClass.A:
        return Rule.LIST_A_NEEDS_VIDEO
    return Rule.LIST_B_NEEDS_FOLLOW_UP


# --- reading and validating the files -------------------------------------------------------


def default_dir() -> Path:
    """resources/formulary of this installation (source tree or PyInstaller bundle); the
    ``SPOKE_CLINIC_RESOURCES`` override as in desktop.paths."""
    import os

    override = os.environ.get("SPOKE_CLINIC_RESOURCES")
    if override:
        return Path(override) / "formulary"
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources" / "formulary"
    return Path(__file__).resolve().parent.parent / "resources" / "formulary"


@dataclass(frozen=True)
class Settings:
    formulary: str
    follow_up_window_days: int
    sources: dict[str, str]


def read_settings(path: Path) -> Settings:
    """The formulary's settings file (TOML: formulary, follow_up_window_days, [sources])."""
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    window = data.get("follow_up_window_days")
    if not isinstance(window, int) or isinstance(window, bool) or not 1 <= window <= 3650:
        raise ValueError(f"{path}: follow_up_window_days must be a whole number of days, 1..3650")
    sources = data.get("sources", {})
    if not isinstance(sources, dict) or not all(isinstance(v, str) for v in sources.values()):
        raise ValueError(f"{path}: [sources] must map names to descriptions")
    return Settings(str(data.get("formulary", "")), window, dict(sources))


def parse(
    lines: Iterable[str], sources: Iterable[str] | None = None
) -> tuple[list[Drug], list[BadRow]]:
    """The good rows and a report of the bad ones (line number, column, reason)."""
    reader = csv.reader(lines)
    header = next(reader, None)
    if header is None or tuple(h.strip() for h in header) != COLUMNS:
        return [], [BadRow(1, "header", f"the columns must be: {','.join(COLUMNS)}")]
    known = set(sources) if sources is not None else None
    drugs: list[Drug] = []
    bad: list[BadRow] = []
    ids: dict[str, int] = {}
    keys: dict[str, tuple[str, int]] = {}
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(COLUMNS):
            bad.append(BadRow(line, "row", f"{len(row)} fields, {len(COLUMNS)} expected"))
            continue
        cells = dict(zip(COLUMNS, (c.strip() for c in row), strict=True))
        problems = _row_problems(cells, known)
        if cells["id"] in ids:
            problems.append(("id", f"duplicate id (first on line {ids[cells['id']]})"))
        problems += _name_problems(cells, line, keys)
        if problems:
            bad.extend(BadRow(line, col, reason) for col, reason in problems)
            continue
        ids[cells["id"]] = line
        drugs.append(
            Drug(
                id=cells["id"],
                generic=cells["generic"],
                synonyms=_split(cells["synonyms"]),
                brands=_split(cells["brands"]),
                drug_class=DrugClass(cells["class"]),
                strengths=_split(cells["strengths"]),
                forms=_split(cells["forms"]),
                source=cells["source"],
            )
        )
    return drugs, bad


def _row_problems(cells: dict[str, str], known: set[str] | None) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    if not _ID.match(cells["id"]):
        problems.append(("id", "lower-case letters, digits, '-' or '_' (1-60), required"))
    if len(cells["generic"]) < 2:
        problems.append(("generic", "the generic name is required"))
    if cells["class"] not in {c.value for c in DrugClass}:
        problems.append(("class", "must be O, A, B or prohibited"))
    source = cells["source"]
    if not source:
        problems.append(("source", "the source of the classification is required"))
    elif known is not None and source.split(":", 1)[0].strip() not in known:
        problems.append(("source", f"must start with a known source ({', '.join(sorted(known))})"))
    return problems


def _name_problems(
    cells: dict[str, str], line: int, keys: dict[str, tuple[str, int]]
) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    mine: set[str] = set()
    for column in ("generic", "synonyms", "brands"):
        for text in _split(cells[column]) if column != "generic" else (cells["generic"],):
            key = normalise(text)
            if len(key) < 3:
                problems.append((column, f"'{text}' has fewer than 3 letters to match on"))
            elif key in keys and keys[key][0] != cells["id"]:
                owner, at = keys[key]
                problems.append((column, f"'{text}' already names {owner} (line {at})"))
            mine.add(key)
    if not problems:
        for key in mine:
            keys[key] = (cells["id"], line)
    return problems


def load(path: Path, follow_up_window_days: int, sources: Iterable[str] | None = None) -> Formulary:
    """A validated formulary; FormularyError lists every bad row."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        drugs, bad = parse(fh, sources)
    if bad:
        raise FormularyError(path.name, bad)
    return Formulary(tuple(drugs), follow_up_window_days)


def load_settings_file(settings_path: Path) -> Formulary:
    settings = read_settings(settings_path)
    csv_path = settings_path.with_name(settings.formulary or settings_path.stem + ".csv")
    return load(csv_path, settings.follow_up_window_days, settings.sources)


@cache
def default() -> Formulary:
    """The shipped (or deployed) formulary: resources/formulary/tpg-2020.toml and its CSV."""
    return load_settings_file(default_dir() / "tpg-2020.toml")


def check(
    content: PrescriptionContent,
    mode: ConsultMode | str,
    is_follow_up: bool,
    formulary: Formulary | None = None,
) -> list[Violation]:
    """The findings for a prescription under the default (or given) formulary."""
    return (formulary or default()).check(content, mode, is_follow_up)


def report(path: Path, settings_path: Path | None = None) -> tuple[int, str]:
    """(exit status, text) of ``python -m protocol.formulary check FILE``."""
    sources: Iterable[str] | None = None
    if settings_path is None and path.with_suffix(".toml").exists():
        settings_path = path.with_suffix(".toml")
    if settings_path is not None:
        sources = read_settings(settings_path).sources
    with path.open(encoding="utf-8-sig", newline="") as fh:
        drugs, bad = parse(fh, sources)
    lines = [f"{path}:{row.line}: {row.column}: {row.reason}" for row in bad]
    counts = ", ".join(f"{c.value}: {sum(d.drug_class is c for d in drugs)}" for c in DrugClass)
    verdict = f"{len(bad)} bad row(s)" if bad else "no problems"
    lines.append(f"{path}: {len(drugs)} drugs ({counts}); {verdict}")
    return (1 if bad else 0), "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m protocol.formulary")
    sub = parser.add_subparsers(dest="command", required=True)
    checker = sub.add_parser("check", help="validate a formulary CSV and print a report")
    checker.add_argument("file", type=Path)
    checker.add_argument("--settings", type=Path, default=None, help="its TOML settings file")
    args = parser.parse_args(argv)
    try:
        status, text = report(args.file, args.settings)
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        print(f"{args.file}: {exc}", file=sys.stderr)
        return 2
    print(text)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
