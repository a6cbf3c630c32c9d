"""Vitals: impossible values rejected with a message, abnormal ones flagged, BMI, C/F."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core import vitals
from desktop.core.issues import Severity
from desktop.core.vitals import LIMITS, Band, Vitals

names = st.sampled_from(sorted(LIMITS))


@settings(deadline=None)  # a loaded CI machine must not turn slowness into failure
@given(names, st.floats(allow_nan=True, allow_infinity=True), st.sampled_from(list(Band)))
def test_every_value_is_rejected_flagged_or_fine_and_nothing_raises(
    name: str, value: float, band: Band
) -> None:
    issue = vitals.check_value(name, value, band)
    lim = LIMITS[name]
    plausible = not math.isnan(value) and lim.lo <= value <= lim.hi
    if not plausible:
        assert issue is not None and issue.code == "vitals.impossible"
        assert issue.severity is Severity.ERROR
        assert issue.params["unit"] == lim.unit
    else:
        lo, hi = vitals.normal_range(name, band)
        if lo <= value <= hi:
            assert issue is None
        else:
            assert issue is not None and issue.severity is Severity.ABNORMAL
            assert issue.code == ("vitals.low" if value < lo else "vitals.high")


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("systolic", 118, None),
        ("systolic", 165, "vitals.high"),
        ("systolic", 400, "vitals.impossible"),
        ("spo2", 91, "vitals.low"),
        ("spo2", 101, "vitals.impossible"),
        ("temperature_c", 38.6, "vitals.high"),
        ("temperature_c", 98.6, "vitals.impossible"),  # Fahrenheit typed in the Celsius box
        ("pulse", 72, None),
        ("glucose_random", 260, "vitals.high"),
    ],
)
def test_typical_values(field: str, value: float, expected: str | None) -> None:
    issue = vitals.check_value(field, value)
    assert (issue.code if issue else None) == expected


def test_child_normal_ranges_differ() -> None:
    assert vitals.check_value("pulse", 130, Band.INFANT) is None
    assert vitals.check_value("pulse", 130, Band.ADULT) is not None
    assert vitals.band_for(0) is Band.INFANT and vitals.band_for(5) is Band.CHILD


def test_blood_pressure_needs_both_and_systolic_above_diastolic() -> None:
    codes = [i.code for i in vitals.check(Vitals(systolic=120))]
    assert "vitals.bp_incomplete" in codes
    codes = [i.code for i in vitals.check(Vitals(systolic=80, diastolic=90))]
    assert "vitals.bp_order" in codes


def test_bmi_is_computed_and_flagged() -> None:
    v = Vitals(weight_kg=80, height_cm=160)
    assert v.bmi == 31.2
    assert [(i.field, i.code) for i in vitals.check(v)] == [("bmi", "vitals.high")]
    assert Vitals(weight_kg=60).bmi is None
    assert vitals.check(Vitals(weight_kg=60, height_cm=170)) == []


@settings(deadline=None)  # a loaded CI machine must not turn slowness into failure
@given(st.floats(-50, 60))
def test_temperature_round_trips_between_units(c: float) -> None:
    assert vitals.f_to_c(vitals.c_to_f(c)) == pytest.approx(c)


def test_fahrenheit_conversion_points() -> None:
    assert vitals.c_to_f(37.0) == pytest.approx(98.6)
    assert vitals.f_to_c(212) == pytest.approx(100)


@pytest.mark.parametrize(
    ("systolic", "diastolic", "code"),
    [
        (300, 20, "vitals.bp_gap"),  # both inside their own limits, impossible together
        (120, 120, "vitals.bp_order"),
        (90, 110, "vitals.bp_order"),
        (280, 100, None),  # a hypertensive crisis is a real reading
        (120, 80, None),
    ],
)
def test_impossible_blood_pressure_pairs_are_refused_with_a_reason(
    systolic: float, diastolic: float, code: str | None
) -> None:
    found = [i for i in vitals.check(Vitals(systolic=systolic, diastolic=diastolic)) if i.is_error]
    assert [i.code for i in found] == ([code] if code else [])
    if code == "vitals.bp_gap":
        assert found[0].params == {"gap": 280, "maximum": vitals.PULSE_PRESSURE_MAX}


def test_spo2_above_100_is_refused() -> None:
    issue = vitals.check_value("spo2", 101)
    assert issue is not None and issue.is_error and issue.params["high"] == 100


@pytest.mark.parametrize(
    ("text", "value", "code"),
    [
        ("", None, None),
        ("  ", None, None),
        ("98.6", 98.6, None),
        ("36,5", 36.5, None),
        ("120", 120.0, None),
        ("abc", None, "vitals.numbers_only"),
        ("12o", None, "vitals.numbers_only"),
        ("1e3", None, "vitals.numbers_only"),
        ("inf", None, "vitals.numbers_only"),
        ("nan", None, "vitals.numbers_only"),
    ],
)
def test_typed_text_is_a_number_or_numbers_only(
    text: str, value: float | None, code: str | None
) -> None:
    parsed, issue = vitals.parse_number("pulse", text)
    assert parsed == value
    assert (issue.code if issue else None) == code


def test_a_temperature_in_the_other_unit_is_recognised() -> None:
    assert vitals.other_temperature_unit(98.6, "C") == "F"
    assert vitals.other_temperature_unit(37.0, "C") is None
    assert vitals.other_temperature_unit(37.0, "F") == "C"
    assert vitals.other_temperature_unit(101.0, "F") is None
