"""Vital signs with units, plausible limits and normal ranges.

Outside the plausible limits a value is rejected (a typing slip, not a patient); outside
the normal range it is kept and flagged abnormal. Temperature is stored in Celsius.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, fields
from enum import StrEnum

from desktop.core.issues import Issue, Severity, error


@dataclass(frozen=True)
class Limits:
    """Plausible [lo, hi] and normal [normal_lo, normal_hi] for one measurement."""

    unit: str  # UCUM
    lo: float
    hi: float
    normal_lo: float
    normal_hi: float
    decimals: int = 0


class Band(StrEnum):
    INFANT = "infant"  # under 1 year
    CHILD = "child"  # 1-11 years
    ADULT = "adult"  # 12 and over


def band_for(age_years: int | None) -> Band:
    if age_years is None or age_years >= 12:
        return Band.ADULT
    return Band.INFANT if age_years < 1 else Band.CHILD


LIMITS: dict[str, Limits] = {
    "systolic": Limits("mm[Hg]", 50, 300, 90, 139),
    "diastolic": Limits("mm[Hg]", 20, 200, 60, 89),
    "pulse": Limits("/min", 20, 250, 60, 100),
    "temperature_c": Limits("Cel", 30.0, 45.0, 36.1, 37.5, 1),
    "spo2": Limits("%", 50, 100, 95, 100),
    "respiratory_rate": Limits("/min", 4, 80, 12, 20),
    "weight_kg": Limits("kg", 0.3, 300.0, 0.3, 300.0, 1),
    "height_cm": Limits("cm", 30.0, 250.0, 30.0, 250.0, 1),
    "glucose_random": Limits("mg/dL", 10, 1000, 70, 140),
}
# Children breathe and beat faster; only the normal range changes.
_CHILD_NORMALS: dict[Band, dict[str, tuple[float, float]]] = {
    Band.INFANT: {"pulse": (100, 160), "respiratory_rate": (30, 60)},
    Band.CHILD: {"pulse": (70, 120), "respiratory_rate": (18, 30)},
    Band.ADULT: {},
}
BMI_NORMAL = (18.5, 24.9)
# Systolic minus diastolic above this is no living circulation but a typing slip
# (e.g. 300/20); a crisis of 280/100 or the wide gap of aortic regurgitation stays below.
PULSE_PRESSURE_MAX = 200
# A number as typed at the desk: digits, one decimal point or comma, nothing else
# (no letters, no "1e3", no "inf").
_NUMBER = re.compile(r"\s*-?(\d+([.,]\d*)?|[.,]\d+)\s*")
# Body temperatures typed in the other unit: 97-106 °F in the °C box, 35-41 °C in the °F box.
_LOOKS_FAHRENHEIT = (90.0, 110.0)
_LOOKS_CELSIUS = (30.0, 45.0)


def c_to_f(celsius: float) -> float:
    return celsius * 9 / 5 + 32


def f_to_c(fahrenheit: float) -> float:
    return (fahrenheit - 32) * 5 / 9


@dataclass
class Vitals:
    """One set of measurements; None means not measured."""

    systolic: float | None = None
    diastolic: float | None = None
    pulse: float | None = None
    temperature_c: float | None = None
    spo2: float | None = None
    respiratory_rate: float | None = None
    weight_kg: float | None = None
    height_cm: float | None = None
    glucose_random: float | None = None

    @property
    def bmi(self) -> float | None:
        """kg/m2, one decimal; None unless both weight and height are present."""
        w, h = self.weight_kg, self.height_cm
        if not w or not h or not (math.isfinite(w) and math.isfinite(h)) or w < 0 or h < 0:
            return None
        try:
            value = w / (h / 100) ** 2
        except (OverflowError, ZeroDivisionError):  # absurd typing, e.g. a height of 1e200
            return None
        return round(value, 1) if math.isfinite(value) else None

    def measured(self) -> dict[str, float]:
        return {f.name: float(v) for f in fields(self) if (v := getattr(self, f.name)) is not None}


def parse_number(name: str, text: str) -> tuple[float | None, Issue | None]:
    """What was typed in one box: (None, None) when empty, (value, None) for a number,
    (None, "numbers only" issue) for anything else."""
    if not text.strip():
        return None, None
    if not _NUMBER.fullmatch(text):
        return None, error(name, "vitals.numbers_only")
    return float(text.strip().replace(",", ".")), None


def other_temperature_unit(value: float, unit: str) -> str | None:
    """The unit a temperature typed in ``unit`` ("C" or "F") looks like it was meant in,
    or None: 98.6 in the °C box is "F", 37 in the °F box is "C"."""
    lo, hi = _LOOKS_FAHRENHEIT if unit == "C" else _LOOKS_CELSIUS
    if lo <= value <= hi:
        return "F" if unit == "C" else "C"
    return None


def normal_range(name: str, band: Band) -> tuple[float, float]:
    lim = LIMITS[name]
    return _CHILD_NORMALS[band].get(name, (lim.normal_lo, lim.normal_hi))


def check_value(name: str, value: float, band: Band = Band.ADULT) -> Issue | None:
    """Rejects an impossible value, flags an abnormal one; None when normal."""
    lim = LIMITS[name]
    if value != value or not lim.lo <= value <= lim.hi:  # NaN fails too
        return error(name, "vitals.impossible", low=lim.lo, high=lim.hi, unit=lim.unit)
    lo, hi = normal_range(name, band)
    if value < lo:
        return Issue(name, "vitals.low", Severity.ABNORMAL, {"low": lo, "high": hi})
    if value > hi:
        return Issue(name, "vitals.high", Severity.ABNORMAL, {"low": lo, "high": hi})
    return None


def check(vitals: Vitals, age_years: int | None = None) -> list[Issue]:
    """All issues of a set of vitals: rejections, abnormal flags and cross-field rules."""
    band = band_for(age_years)
    issues = [i for n, v in vitals.measured().items() if (i := check_value(n, v, band))]
    if (vitals.systolic is None) != (vitals.diastolic is None):
        field = "diastolic" if vitals.diastolic is None else "systolic"
        issues.append(error(field, "vitals.bp_incomplete"))
    elif (
        vitals.systolic is not None
        and vitals.diastolic is not None
        and vitals.systolic <= vitals.diastolic
    ):
        issues.append(
            error(
                "diastolic", "vitals.bp_order", systolic=vitals.systolic, diastolic=vitals.diastolic
            )
        )
    elif (
        vitals.systolic is not None
        and vitals.diastolic is not None
        and vitals.systolic - vitals.diastolic > PULSE_PRESSURE_MAX
        and not {i.field for i in issues if i.is_error} & {"systolic", "diastolic"}
    ):
        gap = vitals.systolic - vitals.diastolic
        issues.append(error("diastolic", "vitals.bp_gap", gap=gap, maximum=PULSE_PRESSURE_MAX))
    bmi = vitals.bmi
    rejected = {i.field for i in issues if i.is_error}
    if bmi is not None and band is Band.ADULT and not rejected & {"weight_kg", "height_cm"}:
        if not 8 <= bmi <= 90:
            issues.append(error("weight_kg", "vitals.bmi_impossible", bmi=bmi))
        elif not BMI_NORMAL[0] <= bmi <= BMI_NORMAL[1]:
            code = "vitals.low" if bmi < BMI_NORMAL[0] else "vitals.high"
            low, high = BMI_NORMAL
            issues.append(Issue("bmi", code, Severity.ABNORMAL, {"low": low, "high": high}))
    return issues
