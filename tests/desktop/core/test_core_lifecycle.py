"""Consult lifecycle, consent rules and the lock after sending."""

from __future__ import annotations

import dataclasses
import itertools
from datetime import UTC, date, datetime

import pytest

from desktop.core import consent, lifecycle
from desktop.core.consent import Consent, ConsentKind, GivenBy
from desktop.core.consult import Consult, Status
from desktop.core.issues import ValidationError
from desktop.core.lifecycle import ConsultLocked, IllegalTransition
from desktop.core.patient import Patient
from desktop.core.vitals import Vitals

TODAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 10, 30, tzinfo=UTC)
ADULT = Patient("Ramesh", "Kumar", sex="male", birth_date=date(1980, 1, 1))
CHILD = Patient(
    "Anu",
    sex="female",
    birth_date=date(2020, 1, 1),
    guardian_name="Sita Devi",
    guardian_relation="mother",
)


def tele(granted: bool = True, **kw: object) -> Consent:
    base: dict[str, object] = {
        "kind": ConsentKind.TELECONSULTATION,
        "granted": granted,
        "given_by": GivenBy.PATIENT,
        "recorded_by": "op-1",
        "recorded_at": NOW,
    }
    base.update(kw)
    return Consent(**base)  # type: ignore[arg-type]


def draft(**kw: object) -> Consult:
    base: dict[str, object] = {
        "patient_id": ADULT.id,
        "created_by": "op-1",
        "complaints": ["fever"],
        "specialty": "general_medicine",
        "consents": [tele()],
    }
    base.update(kw)
    return Consult(**base)  # type: ignore[arg-type]


def test_the_happy_path() -> None:
    c = lifecycle.move(draft(), Status.READY, ADULT, TODAY)
    for target in (Status.WITH_HUB, Status.PRESCRIBED, Status.CLOSED):
        c = lifecycle.move(c, target)
    assert c.status is Status.CLOSED


@pytest.mark.parametrize(("src", "dst"), list(itertools.product(Status, Status)))
def test_every_move_not_in_the_table_is_rejected(src: Status, dst: Status) -> None:
    c = dataclasses.replace(draft(), status=src)
    if dst in lifecycle.TRANSITIONS[src]:
        assert lifecycle.move(c, dst, ADULT, TODAY).status is dst
    else:
        with pytest.raises(IllegalTransition):
            lifecycle.move(c, dst, ADULT, TODAY)


def test_no_consent_no_consult() -> None:
    for consents in (
        [],
        [tele(granted=False)],
        [tele(), tele(False, recorded_at=NOW.replace(hour=11))],
    ):
        with pytest.raises(ValidationError) as info:
            lifecycle.move(draft(consents=consents), Status.READY, ADULT, TODAY)
        assert "consent.teleconsultation_required" in {i.code for i in info.value.issues}


def test_recording_consent_is_separate() -> None:
    rec = tele(kind=ConsentKind.RECORDING)
    with pytest.raises(ValidationError):
        lifecycle.move(draft(consents=[rec]), Status.READY, ADULT, TODAY)
    c = draft(consents=[tele(), tele(False, kind=ConsentKind.RECORDING)])
    assert lifecycle.move(c, Status.READY, ADULT, TODAY).status is Status.READY
    assert consent.granted(c.consents, ConsentKind.TELECONSULTATION)
    assert not consent.granted(c.consents, ConsentKind.RECORDING)


def test_a_minor_consents_through_the_identified_guardian() -> None:
    child_draft = draft(patient_id=CHILD.id)
    by_child = tele()
    by_stranger = tele(given_by=GivenBy.GUARDIAN, guardian_name="Someone Else")
    by_mother = tele(given_by=GivenBy.GUARDIAN, guardian_name="सीता देवी")  # same name, Hindi
    for bad, code in (
        (by_child, "consent.minor_needs_guardian"),
        (by_stranger, "consent.guardian_mismatch"),
    ):
        with pytest.raises(ValidationError) as info:
            lifecycle.move(
                dataclasses.replace(child_draft, consents=[bad]), Status.READY, CHILD, TODAY
            )
        assert code in {i.code for i in info.value.issues}
    ok = dataclasses.replace(child_draft, consents=[by_mother])
    assert lifecycle.move(ok, Status.READY, CHILD, TODAY).status is Status.READY


def test_consent_records_who_and_when() -> None:
    naive = tele(recorded_at=datetime(2026, 1, 1))
    assert consent.check(naive, ADULT, TODAY)[0].code == "consent.time_not_utc"
    assert consent.check(tele(recorded_by=""), ADULT, TODAY)[0].code == "consent.operator_required"


def test_ready_needs_complaint_specialty_and_possible_vitals() -> None:
    bad = draft(complaints=[], specialty="", vitals=Vitals(spo2=140))
    with pytest.raises(ValidationError) as info:
        lifecycle.move(bad, Status.READY, ADULT, TODAY)
    codes = {i.code for i in info.value.issues}
    assert {
        "consult.complaint_required",
        "consult.specialty_required",
        "vitals.impossible",
    } <= codes
    abnormal = draft(vitals=Vitals(spo2=88))  # abnormal is flagged, never blocking
    assert lifecycle.move(abnormal, Status.READY, ADULT, TODAY).status is Status.READY


def test_locked_after_sending_except_addenda() -> None:
    c = lifecycle.move(draft(), Status.READY, ADULT, TODAY)
    with pytest.raises(ConsultLocked):
        lifecycle.ensure_editable(c)
    c = lifecycle.move(c, Status.WITH_HUB)
    c2 = lifecycle.add_addendum(c, "Pain worse since morning", "op-1", NOW)
    assert [a.text for a in c2.addenda] == ["Pain worse since morning"]
    assert c2.complaints == c.complaints
    with pytest.raises(ConsultLocked):
        lifecycle.add_addendum(draft(), "x", "op-1", NOW)
    with pytest.raises(ConsultLocked):
        lifecycle.add_addendum(dataclasses.replace(c, status=Status.CANCELLED), "x", "op-1", NOW)
    with pytest.raises(ValidationError):
        lifecycle.add_addendum(c, "   ", "op-1", NOW)
    lifecycle.ensure_editable(draft())


@pytest.mark.parametrize(
    ("current", "hub", "prescribed", "moves"),
    [
        (Status.READY, "queued", False, [Status.WITH_HUB]),
        (Status.READY, "in_progress", False, [Status.WITH_HUB, Status.IN_PROGRESS]),
        (Status.WITH_HUB, "assigned", False, [Status.ASSIGNED]),
        (Status.ASSIGNED, "queued", False, [Status.WITH_HUB]),  # the offer went back
        (Status.IN_PROGRESS, "queued", False, []),  # never backwards otherwise
        (Status.IN_PROGRESS, "in_progress", True, [Status.PRESCRIBED]),
        (Status.IN_PROGRESS, "completed", True, [Status.PRESCRIBED, Status.CLOSED]),
        (Status.READY, "completed", True, [Status.WITH_HUB, Status.PRESCRIBED, Status.CLOSED]),
        (Status.IN_PROGRESS, "completed", False, [Status.CLOSED]),
        (Status.PRESCRIBED, "completed", True, [Status.CLOSED]),
        (Status.WITH_HUB, "cancelled", False, [Status.CANCELLED]),
        (Status.CLOSED, "queued", True, []),
        (Status.DRAFT, "queued", False, []),
        (Status.WITH_HUB, "no-such-state", False, []),
    ],
)
def test_the_local_consult_follows_the_hub(
    current: Status, hub: str, prescribed: bool, moves: list[Status]
) -> None:
    assert lifecycle.hub_moves(current, hub, prescribed) == moves
    c = dataclasses.replace(draft(), status=current)
    for step in moves:  # every step is a legal move in turn
        c = lifecycle.move(c, step)
