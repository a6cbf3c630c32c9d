"""A prescription that does not verify never makes its consult Prescribed: the consult is
held (not Prescribed, not Closed, even when the hub says completed), the event has its own
audit entry, printing and dispensing are refused with the reason, and a copy that verifies
(sent again under the same id, or a correction) makes it Prescribed as usual."""

from __future__ import annotations

import copy

import pytest
from sqlalchemy import select

from desktop.core.consult import Status
from desktop.core.stock import Given
from desktop.storage import consult_repo, hub_news, rx_repo, stock_repo
from desktop.storage.audit import Actor
from desktop.storage.hub_news import REFUSED_ENTITY, HubNews
from desktop.storage.models.audit import AuditEntry
from tests.desktop.storage.test_hub_news import _ready
from tests.helpers.clinical import OPERATOR, Clinic, clinic
from tests.helpers.rx import CONTENT, Doctor

_ = clinic
HUB = Actor("hub", "system", "sync")


def _receive(clinic: Clinic, cid: str, *rx: dict, status: str) -> hub_news.Applied:
    news = HubNews(cid, status, prescriptions=list(rx))
    return clinic.writer.run(lambda s: hub_news.apply(s, news, HUB))


def _status(clinic: Clinic, cid: str) -> Status:
    with clinic.db.read_session() as s:
        return consult_repo.load(s, cid).status


def _refused(clinic: Clinic, cid: str) -> bool:
    with clinic.db.read_session() as s:
        return consult_repo.load(s, cid).rx_refused


def _tampered(doc: Doctor, cid: str) -> tuple[dict, dict]:
    """(the copy as signed, the same prescription with a dose changed after signing)."""
    good = doc.prescription(cid)
    bad = copy.deepcopy(good)
    bad["content"]["medications"][0]["frequency"] = "1-1-1"
    return good, bad


@pytest.mark.parametrize("hub_status", ["in_progress", "completed"])
def test_tampered_is_not_prescribed_is_audited_and_refused(clinic: Clinic, hub_status: str) -> None:
    cid = _ready(clinic)
    _, bad = _tampered(Doctor(), cid)
    applied = _receive(clinic, cid, bad, status=hub_status)
    assert applied.new_prescriptions == (bad["id"],)  # stored, to be seen with its reason
    assert Status.PRESCRIBED not in applied.moved_to and Status.CLOSED not in applied.moved_to
    assert _status(clinic, cid) is Status.IN_PROGRESS
    assert _refused(clinic, cid)
    with clinic.db.read_session() as s:
        events = s.scalars(select(AuditEntry).where(AuditEntry.entity_type == REFUSED_ENTITY)).all()
    assert [(e.action, e.entity_id, e.actor) for e in events] == [("write", bad["id"], "hub")]
    with pytest.raises(rx_repo.NotPrintable) as printing:
        clinic.writer.run(lambda s: rx_repo.record_print(s, bad["id"], OPERATOR, "prescription"))
    assert (printing.value.code, printing.value.reason) == ("tampered", "signature_mismatch")
    with pytest.raises(stock_repo.NotDispensable, match="tampered"):
        clinic.writer.run(
            lambda s: stock_repo.dispense(s, bad["id"], [Given(0, None, 0)], OPERATOR)
        )
    # Pulled again, unchanged: nothing new, no second audit entry, still held.
    again = _receive(clinic, cid, bad, status=hub_status)
    assert again.new_prescriptions == () and again.moved_to == ()
    with clinic.db.read_session() as s:
        count = len(
            s.scalars(select(AuditEntry).where(AuditEntry.entity_type == REFUSED_ENTITY)).all()
        )
    assert count == 1


def test_the_same_prescription_sent_again_intact_makes_it_prescribed(clinic: Clinic) -> None:
    cid = _ready(clinic)
    good, bad = _tampered(Doctor(), cid)
    _receive(clinic, cid, bad, status="completed")
    assert _status(clinic, cid) is Status.IN_PROGRESS
    applied = _receive(clinic, cid, good, status="completed")
    assert applied.new_prescriptions == (good["id"],)  # announced: it can be printed now
    assert applied.moved_to == (Status.PRESCRIBED, Status.CLOSED)
    assert not _refused(clinic, cid)
    sheet = clinic.writer.run(lambda s: rx_repo.sheet(s, cid, OPERATOR))
    assert sheet is not None and sheet.current is not None
    assert sheet.current.content["medications"][0]["frequency"] == "1-0-0"  # as signed
    clinic.writer.run(lambda s: rx_repo.record_print(s, good["id"], OPERATOR, "prescription"))
    # A verified copy is never replaced by a later altered one.
    _receive(clinic, cid, bad, status="completed")
    sheet = clinic.writer.run(lambda s: rx_repo.sheet(s, cid, OPERATOR))
    assert sheet is not None and sheet.current is not None
    assert sheet.current.content["medications"][0]["frequency"] == "1-0-0"


def test_a_verified_correction_makes_it_prescribed(clinic: Clinic) -> None:
    cid = _ready(clinic)
    doc = Doctor()
    _, bad = _tampered(doc, cid)
    _receive(clinic, cid, bad, status="in_progress")
    assert _status(clinic, cid) is Status.IN_PROGRESS and _refused(clinic, cid)
    fixed = copy.deepcopy(CONTENT)
    fixed["replaces"] = bad["id"]
    correction = doc.prescription(cid, fixed, created_at="2026-12-05T11:00:00+00:00")
    applied = _receive(clinic, cid, bad, correction, status="in_progress")
    assert applied.moved_to == (Status.PRESCRIBED,)
    assert not _refused(clinic, cid)


def test_a_newer_version_that_fails_is_flagged_on_a_prescribed_consult(clinic: Clinic) -> None:
    cid = _ready(clinic)
    doc = Doctor()
    first = doc.prescription(cid)
    _receive(clinic, cid, first, status="in_progress")
    assert _status(clinic, cid) is Status.PRESCRIBED and not _refused(clinic, cid)
    fixed = copy.deepcopy(CONTENT)
    fixed["replaces"] = first["id"]
    later = doc.prescription(cid, fixed, created_at="2026-12-05T11:00:00+00:00")
    later["content"]["medications"][0]["duration_days"] = 90
    _receive(clinic, cid, first, later, status="in_progress")
    assert _status(clinic, cid) is Status.PRESCRIBED  # the earlier version verified
    assert _refused(clinic, cid)  # but the newest received did not: the screen says so


def test_no_key_holds_until_a_key_verifies_it(clinic: Clinic) -> None:
    cid = _ready(clinic)
    doc = Doctor()
    _receive(clinic, cid, doc.prescription(cid, serve_key=False), status="completed")
    assert _status(clinic, cid) is Status.IN_PROGRESS and _refused(clinic, cid)
    other = _ready(clinic)
    _receive(clinic, other, doc.prescription(other), status="completed")  # brings the key
    assert _status(clinic, other) is Status.CLOSED
    assert _status(clinic, cid) is Status.CLOSED  # verified with it, moved as the hub said
    assert not _refused(clinic, cid)
