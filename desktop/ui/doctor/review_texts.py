"""Words of the doctor's review screens, translated: vital names, flags, consent kinds,
hub statuses and ages. Shared by the review page, the history list and the trend charts."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale

from desktop.core.review import ConsentRecord, Demographics, Flag, VitalReading
from desktop.core.review_history import parse_time
from desktop.ui import i18n, messages

CONTEXT = "ReviewTexts"

VITAL_LABELS: dict[str, object] = {
    "systolic": QT_TRANSLATE_NOOP("ReviewTexts", "BP systolic"),
    "diastolic": QT_TRANSLATE_NOOP("ReviewTexts", "BP diastolic"),
    "pulse": QT_TRANSLATE_NOOP("ReviewTexts", "Pulse"),
    "temperature_c": QT_TRANSLATE_NOOP("ReviewTexts", "Temperature"),
    "spo2": QT_TRANSLATE_NOOP("ReviewTexts", "SpO₂"),
    "respiratory_rate": QT_TRANSLATE_NOOP("ReviewTexts", "Breathing rate"),
    "weight_kg": QT_TRANSLATE_NOOP("ReviewTexts", "Weight"),
    "height_cm": QT_TRANSLATE_NOOP("ReviewTexts", "Height"),
    "glucose_random": QT_TRANSLATE_NOOP("ReviewTexts", "Blood glucose (random)"),
    "bmi": QT_TRANSLATE_NOOP("ReviewTexts", "BMI"),
}
# UCUM units as a reader writes them.
UNITS = {"mm[Hg]": "mmHg", "/min": "/min", "Cel": "°C", "%": "%", "kg": "kg", "cm": "cm"}
UNITS |= {"mg/dL": "mg/dL", "kg/m2": "kg/m²"}
STATUS_LABELS: dict[str, object] = {
    "queued": QT_TRANSLATE_NOOP("ReviewTexts", "In the queue"),
    "assigned": QT_TRANSLATE_NOOP("ReviewTexts", "Assigned"),
    "in_progress": QT_TRANSLATE_NOOP("ReviewTexts", "In progress"),
    "completed": QT_TRANSLATE_NOOP("ReviewTexts", "Completed"),
    "declined": QT_TRANSLATE_NOOP("ReviewTexts", "Declined"),
    "cancelled": QT_TRANSLATE_NOOP("ReviewTexts", "Cancelled"),
    "final": QT_TRANSLATE_NOOP("ReviewTexts", "Completed"),
    "preliminary": QT_TRANSLATE_NOOP("ReviewTexts", "In progress"),
}


def tr(text: object) -> str:
    return QCoreApplication.translate(CONTEXT, str(text))


def vital_label(name: str) -> str:
    source = VITAL_LABELS.get(name)
    return tr(source) if source else name


def number(value: float, decimals: int | None = None) -> str:
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 1
    return QLocale().toString(float(value), "f", decimals)


def value_text(v: VitalReading) -> str:
    unit = UNITS.get(v.unit, v.unit)
    return f"{number(v.value)} {unit}".strip()


def range_text(v: VitalReading) -> str:
    if v.normal_low is None or v.normal_high is None:
        return ""
    return f"{number(v.normal_low)}–{number(v.normal_high)}"


def flag_text(flag: Flag) -> str:
    if flag is Flag.HIGH:
        return QCoreApplication.translate("ReviewTexts", "▲ High")
    if flag is Flag.LOW:
        return QCoreApplication.translate("ReviewTexts", "▼ Low")
    return QCoreApplication.translate("ReviewTexts", "Normal")


def status_label(code: str) -> str:
    source = STATUS_LABELS.get(code)
    return tr(source) if source else messages.label(code) if code else ""


def date_text(text: str) -> str:
    """An ISO date-time from the hub as DD-MM-YYYY (local time), or the text itself."""
    at = parse_time(text)
    return i18n.format_date(at.astimezone().date()) if at else text


def datetime_text(text: str) -> str:
    at = parse_time(text)
    return i18n.format_datetime(at) if at else text


def age_sex(d: Demographics) -> str:
    parts = []
    if d.age_years is not None:
        years = QCoreApplication.translate("ReviewTexts", "%1 years").replace(
            "%1", str(d.age_years)
        )
        parts.append(("~" if d.age_estimated else "") + years)
    if d.sex:
        parts.append(messages.label(d.sex))
    return ", ".join(parts)


def consent_text(c: ConsentRecord) -> str:
    kinds = {
        "teleconsultation": QCoreApplication.translate("ReviewTexts", "Teleconsultation"),
        "recording": QCoreApplication.translate("ReviewTexts", "Recording"),
    }
    what = kinds.get(c.kind, QCoreApplication.translate("ReviewTexts", "Other"))
    decision = (
        QCoreApplication.translate("ReviewTexts", "given")
        if c.granted
        else QCoreApplication.translate("ReviewTexts", "refused")
    )
    who = (
        QCoreApplication.translate("ReviewTexts", "by the guardian %1").replace("%1", c.given_by)
        if c.by_guardian
        else QCoreApplication.translate("ReviewTexts", "by the patient")
    )
    # kind: decision by whom (Hindi puts "by whom" first)
    line = (
        QCoreApplication.translate("ReviewTexts", "%1: %2 %3")
        .replace("%1", what)
        .replace("%2", decision)
        .replace("%3", who)
    )
    if c.recorded_at or c.recorded_by:
        line += " · " + QCoreApplication.translate("ReviewTexts", "recorded by %1 on %2").replace(
            "%1", c.recorded_by or "?"
        ).replace("%2", datetime_text(c.recorded_at) or "?")
    return line


def duration_text(value: float | None, unit: str, onset: str = "") -> str:
    if value is None:
        return onset
    words = messages.label(unit) if unit else ""
    return (
        QCoreApplication.translate("ReviewTexts", "for %1 %2")
        .replace("%1", number(value))
        .replace("%2", words)
    )


def seconds_text(seconds: float | None) -> str:
    if seconds is None:
        return ""
    minutes, secs = divmod(int(round(seconds)), 60)
    return f"{minutes:02d}:{secs:02d}"


def today() -> dt.date:
    return dt.date.today()
