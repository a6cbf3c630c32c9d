"""Cross-script name keys and the duplicate check (candidates only, never a merge)."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core import duplicates, names, validators
from desktop.core.duplicates import Reason
from desktop.core.patient import Patient

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("latin", "devanagari"),
    [
        ("Ramesh Kumar", "रमेश कुमार"),
        ("Sunita Devi", "सुनीता देवी"),
        ("Lakshmi", "लक्ष्मी"),
        ("Priya Sharma", "प्रिया शर्मा"),
        ("Surendra Singh", "सुरेन्द्र सिंह"),
        ("Suresh Chandra", "सुरेश चंद्र"),
        ("Anil Yadav", "अनिल यादव"),
        ("Shanti", "शांति"),
    ],
)
def test_latin_and_devanagari_spellings_share_a_key(latin: str, devanagari: str) -> None:
    assert names.phonetic_key(latin) == names.phonetic_key(devanagari)
    assert names.skeleton(latin) == names.skeleton(devanagari)


def test_different_names_keep_different_keys() -> None:
    assert names.phonetic_key("Ramesh Kumar") != names.phonetic_key("Mahesh Kumar")
    assert names.phonetic_key("सुनीता") != names.phonetic_key("सुमन")


@settings(deadline=None)  # a loaded CI machine must not turn slowness into failure
@given(st.text())
def test_keys_never_raise_and_are_plain_latin(text: str) -> None:
    key = names.phonetic_key(text)
    assert all(ch == " " or "a" <= ch <= "z" for ch in key)
    assert names.skeleton(text).count(" ") == max(key.count(" "), 0)


def _p(given_name: str, family: str = "", **kw: object) -> Patient:
    base: dict[str, object] = {"sex": "male", "birth_date": date(1980, 5, 1), "state_lgd": 9}
    base.update(kw)
    return Patient(given_name=given_name, family_name=family, **base)  # type: ignore[arg-type]


def test_cross_script_pair_is_found() -> None:
    existing = _p("रमेश", "कुमार", mobile="9876543210")
    new = _p("Ramesh", "Kumar", birth_date=date(1981, 2, 3))
    found = duplicates.check(new, [existing], TODAY)
    assert len(found) == 1
    assert Reason.NAME_SEX_AGE in found[0].reasons
    assert found[0].patient is existing


def test_age_estimated_pair_is_found() -> None:
    existing = _p("Sunita", "Devi", sex="female", birth_date=date(1979, 3, 12))
    estimated = validators.birth_from_age(45, 0, TODAY)  # "about 45"
    new = _p("Suneeta", "Devi", sex="female", birth_date=estimated, birth_estimated=True)
    found = duplicates.check(new, [existing], TODAY)
    assert [c.reasons for c in found] == [(Reason.NAME_SEX_AGE,)]


def test_age_more_than_two_years_apart_is_not_a_name_match() -> None:
    existing = _p("Sunita", "Devi", sex="female", birth_date=date(1970, 3, 12))
    new = _p("Sunita", "Devi", sex="female", birth_date=date(1976, 3, 12))
    assert duplicates.check(new, [existing], TODAY) == []
    assert duplicates.check(dataclasses.replace(new, sex="male"), [existing], TODAY) == []


def test_exact_abha_and_mobile_with_similar_name() -> None:
    a = _p("Geeta", abha_number="91234567890123", mobile="9812345678", sex="female")
    b = _p("Gita", "Bai", abha_number="91-2345-6789-0123", mobile="9812345678", sex="female")
    c = _p("Mohan", abha_address="mohan.lal@abdm", birth_date=date(1950, 1, 1))
    d = _p("Different", abha_address="MOHAN.LAL@abdm")
    found = duplicates.check(b, [a, c], TODAY)
    assert [f.patient for f in found] == [a]
    assert Reason.ABHA in found[0].reasons and Reason.MOBILE_NAME in found[0].reasons
    assert [f.reasons for f in duplicates.check(d, [a, c], TODAY)] == [(Reason.ABHA,)]


def test_same_mobile_but_a_different_name_is_not_a_candidate() -> None:
    # A family often shares one phone: same mobile alone is no reason.
    a = _p("Ramesh", "Kumar", mobile="9876543210")
    b = _p("Kamla", "Devi", mobile="9876543210", sex="female")
    assert duplicates.check(b, [a], TODAY) == []


def test_the_check_only_reports_and_never_changes_records() -> None:
    existing = _p("रमेश", "कुमार")
    before = dataclasses.asdict(existing)
    new = _p("Ramesh", "Kumar")
    new_before = dataclasses.asdict(new)
    assert duplicates.check(new, [existing, new], TODAY)
    assert dataclasses.asdict(existing) == before
    assert dataclasses.asdict(new) == new_before
