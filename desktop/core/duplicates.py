"""Offline duplicate check: finds registered patients who may be the person being saved.

It only returns candidates with their reasons; the operator decides "same person" or
"new patient". Nothing here merges or blocks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from rapidfuzz import fuzz

from desktop.core import names
from desktop.core.patient import Patient

NAME_THRESHOLD = 82.0  # phonetic-key similarity for "similar name" (0-100)
MOBILE_NAME_THRESHOLD = 70.0  # looser when the mobile number already matches
AGE_TOLERANCE_YEARS = 2


class Reason(StrEnum):
    ABHA = "abha"  # same ABHA number or ABHA address
    MOBILE_NAME = "mobile_name"  # same mobile and a similar name
    NAME_SEX_AGE = "name_sex_age"  # similar name, same sex, age within +/- 2 years


class Decision(StrEnum):
    """The operator's choice when candidates were shown."""

    SAME_PERSON = "same_person"
    NEW_PATIENT = "new_patient"


@dataclass(frozen=True)
class Candidate:
    patient: Patient
    reasons: tuple[Reason, ...]
    name_score: float


def name_similarity(a: Patient, b: Patient) -> float:
    """0-100: how alike two full names sound, across Latin and Devanagari."""
    ka, kb = names.phonetic_key(a.full_name), names.phonetic_key(b.full_name)
    if not ka or not kb:
        return 0.0
    score = fuzz.token_sort_ratio(ka, kb)
    sa, sb = names.skeleton(a.full_name), names.skeleton(b.full_name)
    if sa == sb and len(sa.replace(" ", "")) >= 3:
        score = max(score, 90.0)  # same consonant outline: vowel spellings differ
    return float(score)


def given_name_similarity(a: Patient, b: Patient) -> float:
    """0-100 for the given names alone (a shared family name says little)."""
    ka, kb = names.phonetic_key(a.given_name), names.phonetic_key(b.given_name)
    if not ka or not kb:
        return 0.0
    if names.skeleton(a.given_name) == names.skeleton(b.given_name):
        return 100.0
    return float(fuzz.ratio(ka, kb))


def _ages_close(a: Patient, b: Patient, today: date) -> bool:
    age_a, age_b = a.age(today), b.age(today)
    if age_a is None or age_b is None:
        return False
    return abs(age_a[0] - age_b[0]) <= AGE_TOLERANCE_YEARS  # in completed years


def check(new: Patient, existing: Iterable[Patient], today: date) -> list[Candidate]:
    """Candidates among ``existing`` for ``new``, best first. ``new`` itself is skipped."""
    n = new.normalised()
    found: list[Candidate] = []
    for other in existing:
        if other.id == n.id:
            continue
        o = other.normalised()
        reasons: list[Reason] = []
        if (n.abha_number and n.abha_number == o.abha_number) or (
            n.abha_address and n.abha_address == o.abha_address
        ):
            reasons.append(Reason.ABHA)
        score = name_similarity(n, o)
        if (
            n.mobile
            and n.mobile == o.mobile
            and given_name_similarity(n, o) >= MOBILE_NAME_THRESHOLD
        ):
            reasons.append(Reason.MOBILE_NAME)
        if score >= NAME_THRESHOLD and n.sex and n.sex == o.sex and _ages_close(n, o, today):
            reasons.append(Reason.NAME_SEX_AGE)
        if reasons:
            found.append(Candidate(other, tuple(reasons), score))
    found.sort(key=lambda c: (-len(c.reasons), -c.name_score))
    return found
