"""ABHA QR text: both JSON shapes, and garbage."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core import abha_qr
from desktop.core.abha_qr import QrError

CARD = {
    "hidn": "91-5046-6137-2897",
    "hid": "ramesh.kumar@abdm",
    "name": "Ramesh Kumar",
    "gender": "M",
    "dob": "5-8-1981",
    "statelgd": "9",
    "distlgd": "162",
    "address": "Ward 4, Rampur",
}
APP = {
    "hidn": "91504661372897",
    "phr": "sunita.devi@sbx",
    "name": "सुनीता देवी",
    "gender": "F",
    "dob": "1979",
    "state name": "MADHYA PRADESH",
    "district_name": "Sehore",
    "mobile": "9876543210",
    "address": "ग्राम पिपरिया",
}


def test_card_shape() -> None:
    qr = abha_qr.parse(json.dumps(CARD))
    assert qr.abha_number == "91504661372897"
    assert qr.abha_address == "ramesh.kumar@abdm"
    assert (qr.given_name, qr.family_name, qr.sex) == ("Ramesh", "Kumar", "male")
    assert qr.birth_date == date(1981, 8, 5) and not qr.birth_year_only
    assert qr.state_lgd == 9
    assert qr.district == "" and qr.district_lgd == 162  # the card gives only the LGD code
    assert qr.address == "Ward 4, Rampur"
    bad = abha_qr.parse(json.dumps(CARD | {"distlgd": "16x"}))
    assert bad.district_lgd is None


def test_app_shape() -> None:
    qr = abha_qr.parse(json.dumps(APP, ensure_ascii=False))
    assert qr.abha_address == "sunita.devi@sbx"
    assert (qr.given_name, qr.family_name, qr.sex) == ("सुनीता", "देवी", "female")
    assert qr.birth_date == date(1979, 1, 1) and qr.birth_year_only
    assert qr.state_lgd == 23 and qr.district == "Sehore" and qr.district_lgd is None
    assert qr.mobile == "9876543210"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("not json at all", "qr.not_json"),
        ("upi://pay?pa=shop@okaxis&pn=Shop", "qr.not_json"),
        ("[1, 2, 3]", "qr.not_abha"),
        ('{"name": "Ramesh"}', "qr.not_abha"),
        ('{"hidn": "12-34"}', "qr.bad_abha_number"),
        ("", "qr.not_json"),
    ],
)
def test_garbage_and_foreign_codes_give_a_clear_code(text: str, code: str) -> None:
    with pytest.raises(QrError) as info:
        abha_qr.parse(text)
    assert info.value.code == code


@settings(deadline=None)  # a loaded CI machine must not turn slowness into failure
@given(st.text())
def test_parse_raises_only_qr_errors(text: str) -> None:
    try:
        abha_qr.parse(text)
    except QrError:
        pass


@settings(deadline=None)  # a loaded CI machine must not turn slowness into failure
@given(st.dictionaries(st.sampled_from(list(CARD) + ["phr", "mobile"]), st.text(max_size=20)))
def test_any_field_values_parse_or_raise_qr_error(payload: dict[str, str]) -> None:
    try:
        abha_qr.parse(json.dumps(payload))
    except QrError:
        pass


def test_bad_fields_are_dropped_not_trusted() -> None:
    qr = abha_qr.parse(json.dumps(CARD | {"dob": "31-02-1990", "statelgd": "99", "mobile": "12"}))
    assert qr.birth_date is None and qr.state_lgd is None and qr.mobile == ""
