"""Parses the text of the QR on an ABHA card or in the ABHA app (either JSON shape) into
registration fields. Decoding the picture is desktop.media.qr_image's.

Card shape: ``hidn, hid, name, gender, dob, statelgd, distlgd, address[, mobile]``.
App shape: ``hidn, phr, name, gender, dob, "state name", district_name, mobile, address``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from desktop.core import abha, regions, validators

_GENDERS = {"m": "male", "male": "male", "f": "female", "female": "female"}
_GENDERS |= {"o": "other", "other": "other", "t": "other", "transgender": "other"}


class QrError(ValueError):
    """A QR that cannot be used; ``code`` is a message key for the UI."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(code)


@dataclass(frozen=True)
class AbhaQr:
    """What an ABHA QR says, cleaned; empty strings for what it does not carry."""

    abha_number: str
    abha_address: str
    given_name: str
    family_name: str
    sex: str
    birth_date: date | None
    birth_year_only: bool
    state_lgd: int | None
    district: str
    mobile: str
    address: str
    district_lgd: int | None = None  # the card gives only this code (no district table here)


def _text(payload: dict[str, Any], *keys: str) -> str:
    for key in keys:
        value = payload.get(key)
        if isinstance(value, (str, int)) and str(value).strip():
            return " ".join(str(value).split())
    return ""


def _parse_dob(raw: str) -> tuple[date | None, bool]:
    raw = raw.strip()
    try:
        m = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", raw)
        if m:
            return date(int(m[3]), int(m[2]), int(m[1])), False
        m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", raw)
        if m:
            return date(int(m[1]), int(m[2]), int(m[3])), False
        if re.fullmatch(r"\d{4}", raw):
            return date(int(raw), 1, 1), True
    except ValueError:
        pass
    return None, False


def parse(text: str) -> AbhaQr:
    """Parse the decoded QR text; raises ``QrError`` for anything that is not an ABHA QR."""
    try:
        payload = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise QrError("qr.not_json") from exc
    if not isinstance(payload, dict):
        raise QrError("qr.not_abha")
    number = abha.digits_of(_text(payload, "hidn"))
    address = _text(payload, "phr", "hid")
    if not number and not address:
        raise QrError("qr.not_abha")
    if number and [i for i in abha.check_number(number) if i.is_error]:
        raise QrError("qr.bad_abha_number")
    if address and abha.check_address(address):
        address = ""  # old "@ndhm"-style or foreign addresses are dropped, the rest is kept
    name = validators.clean_text(_text(payload, "name"))
    given, _, family = name.rpartition(" ") if " " in name else (name, "", "")
    birth, year_only = _parse_dob(_text(payload, "dob"))
    state = regions.by_lgd(_text(payload, "statelgd")) or regions.by_name(
        _text(payload, "state name", "state_name", "state")
    )
    mobile = validators.normalise_mobile(_text(payload, "mobile"))
    return AbhaQr(
        abha_number=number,
        abha_address=abha.normalise_address(address) if address else "",
        given_name=given,
        family_name=family,
        sex=_GENDERS.get(_text(payload, "gender").casefold(), ""),
        birth_date=birth,
        birth_year_only=year_only,
        state_lgd=state.lgd if state else None,
        district=_text(payload, "district_name", "district", "dist name"),
        mobile=mobile if not validators.check_mobile(mobile, "declined") else "",
        address=_text(payload, "address"),
        district_lgd=_lgd_code(_text(payload, "distlgd", "district_lgd")),
    )


def _lgd_code(raw: str) -> int | None:
    """An LGD district code (1 to 4 digits), None when missing or malformed."""
    return int(raw) if re.fullmatch(r"\d{1,4}", raw) and int(raw) > 0 else None
