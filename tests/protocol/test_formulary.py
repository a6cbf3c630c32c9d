"""The TPG 2020 formulary: every cell of mode x first/follow-up x list, spelling- and
brand-insensitive matching, the validation report of bad rows, the stock list."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from protocol import formulary, stock
from protocol.formulary import DrugClass, Rule
from protocol.schemas import Medication, PrescriptionContent
from protocol.vocab import ConsultMode
from tests.helpers.prescriptions import content

# One shipped drug per list.
BY_LIST = {
    DrugClass.O: "Paracetamol",
    DrugClass.A: "Amoxicillin",
    DrugClass.B: "Sitagliptin",
    DrugClass.PROHIBITED: "Phenobarbitone",
}
O, A, B, X = DrugClass.O, DrugClass.A, DrugClass.B, DrugClass.PROHIBITED  # noqa: E741
# (mode, follow-up) -> {list: the rule broken, or None when allowed}
TABLE: dict[tuple[str, bool], dict[DrugClass, Rule | None]] = {
    ("video", False): {O: None, A: None, B: Rule.LIST_B_NEEDS_FOLLOW_UP, X: Rule.PROHIBITED},
    ("audio", False): {
        O: None,
        A: Rule.LIST_A_NEEDS_VIDEO,
        B: Rule.LIST_B_NEEDS_FOLLOW_UP,
        X: Rule.PROHIBITED,
    },
    ("text", False): {
        O: None,
        A: Rule.LIST_A_NEEDS_VIDEO,
        B: Rule.LIST_B_NEEDS_FOLLOW_UP,
        X: Rule.PROHIBITED,
    },
    ("video", True): {O: None, A: None, B: None, X: Rule.PROHIBITED},
    ("audio", True): {O: None, A: None, B: None, X: Rule.PROHIBITED},
    ("text", True): {O: None, A: None, B: None, X: Rule.PROHIBITED},
}
CELLS = [
    (mode, follow_up, cls, rule)
    for (mode, follow_up), row in TABLE.items()
    for cls, rule in row.items()
]


def rx(*names: str) -> PrescriptionContent:
    return PrescriptionContent.model_validate(content(*names))


def test_the_table_covers_every_cell() -> None:
    assert {(m, f) for m, f, _, _ in CELLS} == {(m.value, f) for m in ConsultMode for f in (0, 1)}
    assert len(CELLS) == 3 * 2 * 4


@pytest.mark.parametrize(("mode", "follow_up", "cls", "rule"), CELLS)
def test_rule_cell(mode: str, follow_up: bool, cls: DrugClass, rule: Rule | None) -> None:
    name = BY_LIST[cls]
    assert formulary.default().lookup(name).drug.drug_class is cls  # type: ignore[union-attr]
    found = formulary.check(rx(name), mode, follow_up)
    if rule is None:
        assert found == []
    else:
        [v] = found
        assert (v.index, v.drug_list, v.rule, v.blocking) == (0, cls, rule, True)
        assert v.drug == formulary.default().lookup(name).drug.generic  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("written", "generic"),
    [
        ("Phenobarbitone", "Phenobarbital"),
        ("phenobarbital", "Phenobarbital"),
        ("PHENOBARBITONE 30 mg", "Phenobarbital"),
        ("Gardenal", "Phenobarbital"),
        ("Alprax", "Alprazolam"),
        ("alprax 0.25", "Alprazolam"),
        ("Corex", "Codeine"),
        ("Phensedyl cough syrup", "Codeine"),
        ("Tab. Tramadol 50mg", "Tramadol"),
        ("Alprazolum", "Alprazolam"),  # a misspelling of a prohibited drug is still refused
    ],
)
def test_prohibited_by_any_spelling_or_brand(written: str, generic: str) -> None:
    for mode in ConsultMode:
        for follow_up in (False, True):
            [v] = formulary.check(rx(written), mode, follow_up)
            assert (v.drug, v.rule, v.drug_list) == (generic, Rule.PROHIBITED, X)


def test_a_combination_names_each_drug_and_the_strictest_rule_blocks() -> None:
    found = formulary.check(rx("Paracetamol + Codeine"), "video", True)
    assert [(v.drug, v.rule) for v in found] == [("Codeine", Rule.PROHIBITED)]


def test_brands_and_spellings_map_to_the_generic() -> None:
    f = formulary.default()
    cases = {
        "Crocin": "paracetamol",
        "Dolo-650": "paracetamol",
        "Amoxycillin": "amoxicillin",
        "Cephalexin": "cefalexin",
        "Sulphamethoxazole trimethoprim": "cotrimoxazole",
        "Glycomet": "metformin",
        "Januvia": "sitagliptin",
        "Ciprofloxacillin": "ciprofloxacin",
        "acetaminophen": "paracetamol",
    }
    for written, drug_id in cases.items():
        match = f.lookup(written)
        assert match is not None and match.exact and match.drug.id == drug_id, written
    assert f.lookup("Prednisone") is not None  # a suggestion ...
    assert not f.lookup("Prednisone").exact  # type: ignore[union-attr]
    # ... that does not count against a non-prohibited list: free text, flagged.
    [v] = formulary.check(rx("Prednisone"), "audio", False)
    assert (v.rule, v.blocking, v.drug_list, v.drug) == (
        Rule.NOT_IN_FORMULARY,
        False,
        None,
        "Prednisone",
    )


def test_free_text_is_allowed_and_flagged() -> None:
    [v] = formulary.check(rx("Kadha herbal decoction"), "text", False)
    assert v.rule is Rule.NOT_IN_FORMULARY and not v.blocking


def test_a_picked_formulary_row_counts_even_if_the_name_says_otherwise() -> None:
    """A modified client cannot relabel a List B drug as free text."""
    body = content(
        medications=[{"name": "My tablet", "frequency": "1-0-0", "formulary_id": "sitagliptin"}]
    )
    [v] = formulary.check(PrescriptionContent.model_validate(body), "video", False)
    assert (v.drug, v.rule) == ("Sitagliptin", Rule.LIST_B_NEEDS_FOLLOW_UP)


def test_the_shipped_files_validate_and_every_row_has_a_source() -> None:
    f = formulary.default()
    assert 80 <= len(f.drugs) <= 200
    assert f.follow_up_window_days == 180
    assert {d.drug_class for d in f.drugs} == set(DrugClass)
    assert all(d.source for d in f.drugs)
    for generic in ("Phenobarbital", "Alprazolam", "Codeine", "Tramadol", "Morphine"):
        assert f.lookup(generic).drug.drug_class is X  # type: ignore[union-attr]
    assert len(stock.essential_medicines()) >= 40


BAD = """id,generic,synonyms,brands,class,strengths,forms,source
paracetamol,Paracetamol,,Crocin,O,500 mg,tablet,TPG2020-ANNEX: List O
Bad Id,Something,,,O,,,TPG2020
dup,Dupe,,crocin,A,,,TPG2020
paracetamol,Other,,,Z,,,
short,Ab,,,O,,,NOWHERE: x
toofew,Too few
"""


def test_bad_rows_are_reported_with_line_column_and_reason(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text(BAD, encoding="utf-8")
    drugs, bad = formulary.parse(BAD.splitlines(), ["TPG2020", "TPG2020-ANNEX"])
    assert [d.id for d in drugs] == ["paracetamol"]
    got = {(b.line, b.column) for b in bad}
    assert got == {
        (3, "id"),
        (4, "brands"),  # 'crocin' already names paracetamol
        (5, "id"),  # duplicate id
        (5, "class"),
        (5, "source"),
        (6, "generic"),  # fewer than 3 letters
        (6, "source"),  # unknown source
        (7, "row"),
    }
    with pytest.raises(formulary.FormularyError) as err:
        formulary.load(path, 180, ["TPG2020", "TPG2020-ANNEX"])
    assert len(err.value.rows) == len(bad)
    header = formulary.parse(["id,generic"])[1]
    assert header[0].line == 1 and header[0].column == "header"


def test_check_command_prints_the_report(tmp_path: Path) -> None:
    good = Path(formulary.default_dir()) / "tpg-2020.csv"
    ok = subprocess.run(
        [sys.executable, "-m", "protocol.formulary", "check", str(good)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    assert "no problems" in ok.stdout and "prohibited: " in ok.stdout
    path = tmp_path / "bad.csv"
    path.write_text(BAD, encoding="utf-8")
    status, text = formulary.report(path)
    assert status == 1
    assert f"{path}:3: id: " in text and f"{path}:7: row: 2 fields, 8 expected" in text


def test_alternatives_and_stock_flag() -> None:
    items = stock.essential_medicines()
    alts = stock.alternatives("Amlong", items)  # a brand resolves to its generic
    assert {i.strength for i in alts} == {"2.5 mg", "5 mg"}
    counted = [
        stock.StockItem(**{**vars(i), "quantity": 0}) if i.strength == "5 mg" else i for i in items
    ]
    assert {i.strength for i in stock.alternatives("amlodipine", counted)} == {"2.5 mg"}
    ten = Medication(name="Amlodipine", strength="10 mg", frequency="1-0-0")
    five = Medication(name="Amlodipine", strength="5 mg", frequency="1-0-0")
    assert not stock.in_stock(ten, items) and stock.in_stock(five, items)
    assert not stock.in_stock(five, counted)
    assert stock.alternatives("Sitagliptin", items) == []


def test_type_ahead_search_starts_then_contains() -> None:
    f = formulary.default()
    ids = [m.drug.id for m in f.search("amlo")]
    assert ids[0] == "amlodipine"
    assert [m.drug.id for m in f.search("Alprax")] == ["alprazolam"]
    contains = [m.drug.id for m in f.search("cillin")]
    assert {"amoxicillin", "amoxicillin-clavulanate"} <= set(contains)
    assert f.search("") == [] and len(f.search("a", limit=5)) == 5
