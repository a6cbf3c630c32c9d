"""Prescription content v2: diagnosis, medicines in the Indian notation, referral, prescriber;
directions in words (English and Hindi)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from protocol import dosage
from protocol.schemas import ConsultIn, PrescriptionContent
from tests.helpers.prescriptions import content


@pytest.mark.parametrize(
    ("notation", "en", "hi"),
    [
        ("1-0-1", "twice a day", "दिन में दो बार"),
        ("1-1-1", "three times a day", "दिन में तीन बार"),
        ("0-0-1", "once a day (night)", "दिन में एक बार (रात)"),
        ("1-0-0", "once a day (morning)", "दिन में एक बार (सुबह)"),
        ("1-0-0-1", "twice a day", "दिन में दो बार"),
        ("1-1-1-1", "four times a day", "दिन में चार बार"),
        ("½-0-½", "twice a day", "दिन में दो बार"),
        ("SOS", "when needed", "ज़रूरत होने पर"),
        ("STAT", "at once, one time", "तुरंत, एक बार"),
    ],
)
def test_frequency_in_words(notation: str, en: str, hi: str) -> None:
    assert dosage.frequency_words(notation, "en") == en
    assert dosage.frequency_words(notation, "hi") == hi
    PrescriptionContent.model_validate(
        content(medications=[{"name": "Paracetamol", "frequency": notation}])
    )


@pytest.mark.parametrize(
    "bad", ["", "OD", "TDS", "1-0", "1-0-1-0-1", "0-0-0", "1 - 0 - 1", "a-b-c"]
)
def test_frequency_outside_the_notation_is_refused(bad: str) -> None:
    assert dosage.frequency_words(bad) == ""
    with pytest.raises(ValidationError):
        PrescriptionContent.model_validate(
            content(medications=[{"name": "Paracetamol", "frequency": bad}])
        )


def test_timing_in_words_and_directions() -> None:
    assert dosage.timing_words("after_food", "en") == "after food"
    assert dosage.timing_words("after_food", "hi") == "खाने के बाद"
    assert dosage.timing_words("", "hi") == ""
    assert set(dosage.TIMINGS) - {""} <= set(dosage._TIMING["hi"])
    assert dosage.directions("1-0-1", "after_food", "hi") == "1-0-1, दिन में दो बार, खाने के बाद"
    with pytest.raises(ValidationError):
        PrescriptionContent.model_validate(
            content(medications=[{"name": "Para", "frequency": "1-0-1", "timing": "night"}])
        )


def test_content_requires_diagnosis_and_a_registered_prescriber() -> None:
    ok = content("Paracetamol")
    PrescriptionContent.model_validate(ok)
    PrescriptionContent.model_validate(content(advice="Rest"))  # no medicine: advice only
    for missing in ("diagnosis", "prescriber"):
        with pytest.raises(ValidationError):
            PrescriptionContent.model_validate({k: v for k, v in ok.items() if k != missing})
    for field in ("registration_number", "council", "name"):
        for blank in ("", "   "):
            bad = ok | {"prescriber": ok["prescriber"] | {field: blank}}
            with pytest.raises(ValidationError):
                PrescriptionContent.model_validate(bad)
    with pytest.raises(ValidationError):
        PrescriptionContent.model_validate(ok | {"diagnosis": {"text": " "}})
    with pytest.raises(ValidationError):  # Strict: no unknown fields
        PrescriptionContent.model_validate(ok | {"follow_up_days": 7})


def test_dates_referral_and_replaces() -> None:
    ok = content("Paracetamol")
    PrescriptionContent.model_validate(ok | {"follow_up_date": "2026-12-24"})
    for bad_date in ("24-12-2026", "2026-02-30", "2026-12-24T10:00"):
        with pytest.raises(ValidationError):
            PrescriptionContent.model_validate(ok | {"follow_up_date": bad_date})
    referral = {"facility": "District Hospital Sehore", "reason": "Chest pain", "urgency": "urgent"}
    got = PrescriptionContent.model_validate(ok | {"referral": referral})
    assert got.referral is not None and got.referral.urgency == "urgent"
    with pytest.raises(ValidationError):
        PrescriptionContent.model_validate(ok | {"referral": referral | {"urgency": "asap"}})
    rid = "0f8fad5b-d9cb-469f-a165-70867728950e"
    assert PrescriptionContent.model_validate(ok | {"replaces": rid}).replaces == rid
    with pytest.raises(ValidationError):
        PrescriptionContent.model_validate(ok | {"replaces": "not-an-id"})
    with pytest.raises(ValidationError):
        PrescriptionContent.model_validate(content(*["Paracetamol"] * 31))


def test_consult_mode_and_follow_up_link() -> None:
    pid = "0f8fad5b-d9cb-469f-a165-70867728950e"
    body = ConsultIn.model_validate({"patient_id": pid, "specialty": "general_medicine"})
    assert body.mode == "video" and body.follow_up_of is None
    for mode in ("video", "audio", "text"):
        ConsultIn.model_validate({"patient_id": pid, "specialty": "ent", "mode": mode})
    for old in ("live", "store_and_forward"):
        with pytest.raises(ValidationError):
            ConsultIn.model_validate({"patient_id": pid, "specialty": "ent", "mode": old})
    linked = ConsultIn.model_validate({"patient_id": pid, "specialty": "ent", "follow_up_of": pid})
    assert str(linked.follow_up_of) == pid
