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
