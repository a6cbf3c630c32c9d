"""Field validators for registration: names, sex, birth date or estimated age, mobile, PIN,
guardian. Each returns a list of ``Issue`` (empty when fine) and never raises."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from enum import StrEnum

from desktop.core.issues import Issue, error

NAME_MAX = 60
MAX_AGE_YEARS = 120
ADULT_AGE = 18

_LATIN_NAME = re.compile(r"[A-Za-z]+(?:[ .'\-]+[A-Za-z]+)*\.?")
# Devanagari letters, signs and vowel marks; no Devanagari digits or danda.
_DEVA = r"[\u0900-\u0963\u0971-\u097f]+"
_DEVANAGARI_NAME = re.compile(rf"{_DEVA}(?:[ .\-]+{_DEVA})*")
_MOBILE = re.compile(r"[6-9]\d{9}")
_PIN = re.compile(r"[1-8]\d{5}")


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"


class NoMobileReason(StrEnum):
    """Why a patient is registered without a mobile number."""

    NONE_OWNED = "none_owned"
    DECLINED = "declined"
    SHARED_UNKNOWN = "shared_unknown"


def clean_text(value: str) -> str:
    """NFC, trimmed, inner whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFC", value).split())


def check_name(value: str, field: str, required: bool = True) -> list[Issue]:
    """A name in Latin or Devanagari letters (one script per name)."""
    name = clean_text(value)
    if not name:
        return [error(field, "name.required")] if required else []
    if len(name) > NAME_MAX:
        return [error(field, "name.too_long", maximum=NAME_MAX)]
    if _LATIN_NAME.fullmatch(name) or _DEVANAGARI_NAME.fullmatch(name):
        return []
    if any(ch.isdigit() for ch in name):
        return [error(field, "name.digits")]
    latin = any("a" <= ch.casefold() <= "z" for ch in name)
    devanagari = any("\u0900" <= ch <= "\u097f" for ch in name)
    if latin and devanagari:
        return [error(field, "name.mixed_scripts")]
    return [error(field, "name.characters")]


def check_sex(value: str, field: str = "sex") -> list[Issue]:
    if value in {s.value for s in Sex}:
        return []
    return [error(field, "sex.required")]


def normalise_mobile(value: str) -> str:
    """Drop spaces, hyphens and a +91 / 91 / 0 prefix from a 10-digit number."""
    d = re.sub(r"[\s\-()]", "", value)
    if d.startswith("+91"):
        d = d[3:]
    elif len(d) == 12 and d.startswith("91"):
        d = d[2:]
    elif len(d) == 11 and d.startswith("0"):
        d = d[1:]
    return d


def check_mobile(value: str, no_mobile_reason: str = "", field: str = "mobile") -> list[Issue]:
    """10 digits starting 6-9; empty only with a reason."""
    d = normalise_mobile(value)
    if not d:
        if no_mobile_reason in {r.value for r in NoMobileReason}:
            return []
        return [error(field, "mobile.reason_required")]
    if not (d.isascii() and d.isdigit()):
        return [error(field, "mobile.not_digits")]
    if len(d) != 10:
        return [error(field, "mobile.length", got=len(d))]
    if not _MOBILE.fullmatch(d):
        return [error(field, "mobile.first_digit")]
    return []


def check_pin(value: str, field: str = "pin", required: bool = False) -> list[Issue]:
    """6 digits, the first 1-8."""
    d = value.strip().replace(" ", "")
    if not d:
        return [error(field, "pin.required")] if required else []
    if not (d.isascii() and d.isdigit()) or len(d) != 6:
        return [error(field, "pin.format")]
    if not _PIN.fullmatch(d):
        return [error(field, "pin.first_digit")]
    return []


def age_on(birth: date, today: date) -> tuple[int, int]:
    """Completed (years, months) from ``birth`` to ``today``."""
    months = (today.year - birth.year) * 12 + today.month - birth.month
    if today.day < birth.day:
        months -= 1
    months = max(months, 0)
    return months // 12, months % 12


def birth_from_age(years: int, months: int, today: date) -> date:
    """The estimated birth date for an age of ``years`` and ``months`` on ``today``."""
    total = years * 12 + months
    y, m = divmod(today.year * 12 + today.month - 1 - total, 12)
    day = min(today.day, 28) if m + 1 == 2 else min(today.day, 30)
    return date(y, m + 1, day)


def check_birth_date(birth: date | None, today: date, field: str = "birth_date") -> list[Issue]:
    if birth is None:
        return [error(field, "birth.required")]
    if birth > today:
        return [error(field, "birth.future")]
    if age_on(birth, today)[0] > MAX_AGE_YEARS:
        return [error(field, "birth.too_old", maximum=MAX_AGE_YEARS)]
    return []


def check_estimated_age(years: int | None, months: int | None, field: str = "age") -> list[Issue]:
    """An estimated age: 0-120 years and 0-11 months, not both zero."""
    if years is None and months is None:
        return [error(field, "age.required")]
    y, m = years or 0, months or 0
    if not 0 <= y <= MAX_AGE_YEARS:
        return [error(field, "age.years_range", maximum=MAX_AGE_YEARS)]
    if not 0 <= m <= 11:
        return [error(field, "age.months_range")]
    if y == 0 and m == 0:
        return [error(field, "age.required")]
    return []


def is_minor(birth: date, today: date) -> bool:
    return age_on(birth, today)[0] < ADULT_AGE


def check_guardian(name: str, relation: str, minor: bool) -> list[Issue]:
    """A minor needs a guardian's name and relation; anyone's guardian name must be valid."""
    issues: list[Issue] = check_name(name, "guardian_name", required=minor)
    if minor and not relation.strip():
        issues.append(error("guardian_relation", "guardian.relation_required"))
    return issues


def check_required(value: str, field: str, code: str) -> list[Issue]:
    return [] if clean_text(value) else [error(field, code)]


def check_length(value: str, field: str, maximum: int) -> list[Issue]:
    if len(clean_text(value)) > maximum:
        return [error(field, "text.too_long", maximum=maximum)]
    return []
