"""Property tests for the whole-record rules: a set of vitals (blood pressure order and
completeness, BMI), consent, ready-to-send, and the required/length checks. Valid input
passes, invalid input gives a coded message, and nothing raises."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, date, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core import consent, lifecycle, validators, vitals
from desktop.core.consent import Consent, ConsentKind, GivenBy
from desktop.core.consult import DURATION_UNITS, SPECIALTIES, Consult
from desktop.core.issues import Issue, Severity
from desktop.core.patient import Patient
from desktop.core.vitals import LIMITS, Vitals

TODAY = date(2026, 11, 25)
CODE = re.compile(r"[a-z0-9_]+\.[a-z0-9_]+")
FAST = settings(deadline=None, max_examples=150)  # deadline: a loaded machine is no failure


def coded(issues: list[Issue]) -> bool:
    return all(isinstance(i, Issue) and CODE.fullmatch(i.code) for i in issues)


def in_limits(name: str) -> st.SearchStrategy[float]:
    lim = LIMITS[name]
    return st.floats(lim.lo, lim.hi, allow_nan=False)


any_value = st.none() | st.floats(allow_nan=True, allow_infinity=True) | st.integers(-999, 9999)
any_vitals = st.builds(Vitals, **{f.name: any_value for f in dataclasses.fields(Vitals)})


# -- vitals: the whole set --------------------------------------------------------------
@FAST
@given(any_vitals, st.none() | st.integers(-5, 130))
def test_vitals_check_never_raises_and_always_codes(v: Vitals, age: int | None) -> None:
    issues = vitals.check(v, age)
    assert coded(issues)
    for issue in issues:  # a rejected value names its field and why
        assert issue.field in LIMITS or issue.field == "bmi"


@FAST
@given(in_limits("systolic"), in_limits("diastolic"))
def test_blood_pressure_order(systolic: float, diastolic: float) -> None:
    codes = [i.code for i in vitals.check(Vitals(systolic=systolic, diastolic=diastolic))]
    assert ("vitals.bp_order" in codes) == (systolic <= diastolic)
    assert "vitals.impossible" not in codes and "vitals.bp_incomplete" not in codes


@FAST
@given(st.sampled_from(["systolic", "diastolic"]), st.floats(50, 200, allow_nan=False))
def test_half_a_blood_pressure_is_incomplete(given_name: str, value: float) -> None:
    issues = vitals.check(Vitals(**{given_name: value}))
    missing = "diastolic" if given_name == "systolic" else "systolic"
    assert [(i.field, i.code) for i in issues if i.is_error] == [(missing, "vitals.bp_incomplete")]


@FAST
@given(in_limits("weight_kg"), in_limits("height_cm"))
def test_bmi_rules_for_adults(weight: float, height: float) -> None:
    v = Vitals(weight_kg=weight, height_cm=height)
    bmi = v.bmi
    assert bmi is not None and bmi >= 0  # 0.3 kg at 250 cm rounds to 0.0
    codes = {i.code: i for i in vitals.check(v, 40)}
    impossible = not 8 <= bmi <= 90
    assert ("vitals.bmi_impossible" in codes) == impossible
    if impossible:
        assert codes["vitals.bmi_impossible"].is_error
    else:
        abnormal = [i for i in vitals.check(v, 40) if i.field == "bmi"]
        outside = not vitals.BMI_NORMAL[0] <= bmi <= vitals.BMI_NORMAL[1]
        assert bool(abnormal) == outside
        assert all(i.severity is Severity.ABNORMAL for i in abnormal)


@FAST
@given(in_limits("weight_kg"), in_limits("height_cm"), st.integers(0, 11))
def test_bmi_is_not_judged_for_children(weight: float, height: float, age: int) -> None:
    issues = vitals.check(Vitals(weight_kg=weight, height_cm=height), age)
    assert not [i for i in issues if i.code == "vitals.bmi_impossible" or i.field == "bmi"]


# -- consent ---------------------------------------------------------------------------
ADULT = Patient("Ramesh", "Kumar", "male", date(1981, 8, 5))
CHILD = Patient(
    "Anu",
    "Devi",
    "female",
    date(2019, 2, 1),
    guardian_name="Sunita Devi",
    guardian_relation="mother",
)
aware = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
)
naive = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1))
any_time = aware | naive | aware.map(lambda t: t.astimezone(timezone(timedelta(hours=5.5))))
any_consent = st.builds(
    Consent,
    kind=st.sampled_from(ConsentKind),
    granted=st.booleans(),
    given_by=st.sampled_from(GivenBy),
    recorded_by=st.text(max_size=12),
    recorded_at=any_time,
    guardian_name=st.text(max_size=30) | st.just("Sunita Devi") | st.just("सुनीता देवी"),
    guardian_relation=st.text(max_size=10),
)


@FAST
@given(any_consent, st.sampled_from([ADULT, CHILD]))
def test_consent_check_never_raises_and_always_codes(c: Consent, p: Patient) -> None:
    issues = consent.check(c, p, TODAY)
    assert coded(issues) and len(issues) <= 1
    if c.recorded_at.tzinfo is None:
        assert issues[0].code == "consent.time_not_utc"


@FAST
@given(st.sampled_from(ConsentKind), st.booleans(), aware, st.text(min_size=1, max_size=12))
def test_valid_consents_pass(kind: ConsentKind, yes: bool, at: datetime, operator: str) -> None:
    own = Consent(kind, yes, GivenBy.PATIENT, operator, at)
    assert consent.check(own, ADULT, TODAY) == []
    # A minor consents through the guardian named at registration, in either script.
    for name in ("Sunita Devi", "सुनीता देवी"):
        through = Consent(kind, yes, GivenBy.GUARDIAN, operator, at, name, "mother")
        assert consent.check(through, CHILD, TODAY) == []
    child_self = Consent(kind, yes, GivenBy.PATIENT, operator, at)
    assert [i.code for i in consent.check(child_self, CHILD, TODAY)] == [
        "consent.minor_needs_guardian"
    ]


# -- ready to send -----------------------------------------------------------------------
def _ready_consult(at: datetime) -> Consult:
    yes = Consent(ConsentKind.TELECONSULTATION, True, GivenBy.PATIENT, "cho.meena", at)
    return Consult(
        patient_id=ADULT.id,
        created_by="cho.meena",
        complaints=["fever"],
        duration_value=3,
        specialty="general_medicine",
        consents=[yes],
    )


any_text = st.text(max_size=40) | st.integers(1990, 2010).map(lambda n: "x" * n)


@FAST
@given(
    st.lists(st.sampled_from(["fever", "cough", "headache"]), max_size=3),
    any_text,
    st.none() | st.integers(-10, 2000),
    st.sampled_from(DURATION_UNITS) | st.text(max_size=8),
    st.sampled_from(SPECIALTIES) | st.text(max_size=8),
    any_text,
    any_vitals,
    st.lists(any_consent, max_size=3),
)
def test_ready_issues_never_raise_and_always_code(  # noqa: PLR0913
    complaints: list[str],
    text: str,
    duration: int | None,
    unit: str,
    specialty: str,
    allergies: str,
    v: Vitals,
    consents: list[Consent],
) -> None:
    c = Consult(
        patient_id=ADULT.id,
        created_by="cho.meena",
        complaints=complaints,
        complaint_text=text,
        duration_value=duration,
        duration_unit=unit,
        specialty=specialty,
        allergies=allergies,
        vitals=v,
        consents=consents,
    )
    issues = lifecycle.ready_issues(c, ADULT, TODAY)
    assert coded(issues) and all(i.is_error for i in issues)
    fields = {i.field for i in issues}
    assert ("duration" in fields) == (
        (duration is not None and not 0 < duration <= 999) or unit not in DURATION_UNITS
    )
    assert ("allergies" in fields) == (len(allergies) > lifecycle.TEXT_MAX)
    assert ("specialty" in fields) == (specialty not in SPECIALTIES)


@FAST
@given(aware, st.integers(1, 999), st.sampled_from(DURATION_UNITS), st.sampled_from(SPECIALTIES))
def test_a_complete_draft_is_ready(at: datetime, days: int, unit: str, specialty: str) -> None:
    c = dataclasses.replace(
        _ready_consult(at), duration_value=days, duration_unit=unit, specialty=specialty
    )
    assert lifecycle.ready_issues(c, ADULT, TODAY) == []
    too_long = dataclasses.replace(c, medicines="x" * (lifecycle.TEXT_MAX + 1))
    assert [(i.field, i.code) for i in lifecycle.ready_issues(too_long, ADULT, TODAY)] == [
        ("medicines", "text.too_long")
    ]
    refused = dataclasses.replace(c, consents=[dataclasses.replace(c.consents[0], granted=False)])
    assert [i.code for i in lifecycle.ready_issues(refused, ADULT, TODAY)] == [
        "consent.teleconsultation_required"
    ]


# -- required and length ------------------------------------------------------------------
@FAST
@given(st.text(), st.integers(0, 80))
def test_required_and_length_checks(value: str, maximum: int) -> None:
    required = validators.check_required(value, "district", "address.district_required")
    blank = not validators.clean_text(value)
    assert coded(required) and (required != []) == blank
    if blank:
        assert required[0].field == "district" and required[0].is_error
    length = validators.check_length(value, "address_line", maximum)
    long = len(validators.clean_text(value)) > maximum
    assert coded(length) and (length != []) == long
    if long:
        assert length[0].code == "text.too_long" and length[0].params["maximum"] == maximum


def test_clean_text_is_what_length_counts() -> None:
    assert validators.check_length("  a   b  ", "x", 3) == []
    assert validators.check_length("abcd", "x", 3)[0].code == "text.too_long"
