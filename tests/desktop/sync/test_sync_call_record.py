"""A call's part of the consult's record: chat messages (a resent copy stored once) reach
the hub with the consult's other rows, once each; the mode the call achieved is the best any
call of the consult reached."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from desktop.core.consent import Consent, ConsentKind, GivenBy
from desktop.core.consult import Status
from desktop.core.duplicates import Decision
from desktop.storage import call_repo, consult_repo, patient_repo
from desktop.storage.models.outbox import OutboxEntry
from hub.models import Consult as HubConsult
from hub.models import ConsultCall, ConsultChat
from tests.helpers.clinical import OPERATOR, TODAY, person
from tests.helpers.waiting import wait_for
from tests.sync_support.hubctl import LiveHub
from tests.sync_support.spoke import Spoke

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def _sent_consult(enrolled: Spoke) -> str:
    w = enrolled.writer
    p = person("Sunita", "Devi", sex="female")
    w.run(lambda s: patient_repo.register(s, p, OPERATOR, TODAY, Decision.NEW_PATIENT))
    c = w.run(lambda s: consult_repo.create_draft(s, p.id, OPERATOR))
    c.complaints = ["fever"]
    c.complaint_text = "Fever for three days"
    c.specialty = "general_medicine"
    w.run(lambda s: consult_repo.autosave(s, c, OPERATOR))
    given = Consent(ConsentKind.TELECONSULTATION, True, GivenBy.PATIENT, "cho.meena", NOW)
    w.run(lambda s: consult_repo.record_consent(s, c.id, given, p, TODAY, OPERATOR))
    w.run(lambda s: consult_repo.mark_ready(s, c.id, p, TODAY, OPERATOR))
    w.run(lambda s: consult_repo.move(s, c.id, Status.WITH_HUB, OPERATOR))
    return c.id


def test_chat_reaches_the_hub_once(hub: LiveHub, enrolled: Spoke) -> None:
    cid = _sent_consult(enrolled)
    w = enrolled.writer
    ids = [uuid.uuid4().hex for _ in range(2)]
    lines = [(ids[0], "doctor", "Please show the rash"), (ids[1], "spoke", "Showing it now")]
    stored = [
        w.run(
            lambda s, m=m, at=NOW + timedelta(seconds=n): call_repo.store_chat(
                s, cid, m[0], m[2], m[1], at, OPERATOR
            )
        )
        for n, m in enumerate(lines)
    ]
    # the doctor's message again (resent after an outage): stored once
    again = w.run(
        lambda s: call_repo.store_chat(s, cid, ids[0], lines[0][2], "doctor", NOW, OPERATOR)
    )
    assert stored == [True, True] and again is False
    engine = enrolled.engine()
    engine.start()
    try:
        wait_for(
            lambda: enrolled.states().get("done", 0) == sum(enrolled.states().values()), timeout=30
        )
    finally:
        engine.stop()
    with enrolled.db.read_session() as s:
        rows = list(s.scalars(select(OutboxEntry).where(OutboxEntry.entity_type == "chat")))
        assert [r.state for r in rows] == ["done", "done"]
        assert [(x.sender, x.text) for x in call_repo.chat_lines(s, cid)] == [
            ("doctor", "Please show the rash"),
            ("spoke", "Showing it now"),
        ]
    with hub.context.sessions() as s:
        on_hub = sorted((m.id, m.sender, m.text) for m in s.scalars(select(ConsultChat)))
    assert on_hub == sorted((str(uuid.UUID(i)), who, text) for i, who, text in lines)


def test_the_consult_keeps_the_best_mode_its_calls_achieved(enrolled: Spoke) -> None:
    cid = _sent_consult(enrolled)
    w = enrolled.writer
    assert w.run(lambda s: call_repo.record_achieved_mode(s, cid, "text", OPERATOR)) == "text"
    assert w.run(lambda s: call_repo.record_achieved_mode(s, cid, "video", OPERATOR)) == "video"
    # a later call that only carried sound does not make it an audio consult
    assert w.run(lambda s: call_repo.record_achieved_mode(s, cid, "audio", OPERATOR)) == "video"
    with enrolled.db.read_session() as s:
        assert call_repo.achieved_mode_of(s, cid) == "video"
    with pytest.raises(ValueError):
        w.run(lambda s: call_repo.record_achieved_mode(s, cid, "smoke", OPERATOR))
    with pytest.raises(call_repo.UnknownConsult):
        w.run(lambda s: call_repo.record_achieved_mode(s, uuid.uuid4().hex, "audio", OPERATOR))


def _send_all(enrolled: Spoke) -> None:
    engine = enrolled.engine()
    engine.start()
    try:
        # every row settled: sent, or set aside
        wait_for(
            lambda: set(enrolled.states()) <= {"done", "failed"},
            timeout=30,
        )
    finally:
        engine.stop()


def test_the_achieved_mode_reaches_the_hub_which_keeps_the_best(
    hub: LiveHub, enrolled: Spoke
) -> None:
    """Each report goes through the outbox once; the hub's consult keeps the best mode, which
    its prescription rules use."""
    cid = _sent_consult(enrolled)
    w = enrolled.writer
    started = NOW - timedelta(minutes=6)
    w.run(
        lambda s: call_repo.record_achieved_mode(
            s, cid, "video", OPERATOR, started_at=started, ended_at=NOW, video_seconds=299.6
        )
    )
    w.run(lambda s: call_repo.record_achieved_mode(s, cid, "audio", OPERATOR))
    _send_all(enrolled)
    with enrolled.db.read_session() as s:
        rows = list(s.scalars(select(OutboxEntry).where(OutboxEntry.entity_type == "call")))
    assert [r.state for r in rows] == ["done", "done"]
    with hub.context.sessions() as s:
        consult = s.get(HubConsult, str(uuid.UUID(cid)))
        assert consult is not None and consult.achieved_mode == "video"
        calls = list(s.scalars(select(ConsultCall).order_by(ConsultCall.recorded_at)))
    assert [(c.mode, c.video_seconds, c.started_at) for c in calls] == [
        ("video", 300, started),
        ("audio", None, None),
    ]
    assert {c.id for c in calls} == {str(uuid.UUID(r.entity_id)) for r in rows}


def test_a_call_report_the_hub_refuses_is_set_aside_not_offered_for_review(
    hub: LiveHub, enrolled: Spoke
) -> None:
    cid = _sent_consult(enrolled)
    _send_all(enrolled)  # the consult is on the hub
    w = enrolled.writer
    w.run(lambda s: call_repo.record_achieved_mode(s, cid, "video", OPERATOR))
    with enrolled.db.read_session() as s:
        row = s.scalars(select(OutboxEntry).where(OutboxEntry.entity_type == "call")).one()
        report_id = str(uuid.UUID(row.entity_id))
    # Another report already under that id at the hub (the spoke's own, say, restored from a
    # backup with other contents).
    with hub.context.sessions() as s:
        s.add(
            ConsultCall(
                id=report_id,
                consult_id=str(uuid.UUID(cid)),
                mode="text",
                recorded_at=NOW,
                received_at=NOW,
            )
        )
        s.commit()
    _send_all(enrolled)
    with enrolled.db.read_session() as s:
        row = s.scalars(select(OutboxEntry).where(OutboxEntry.entity_type == "call")).one()
        assert row.state == "failed"
        assert (row.last_error or "").startswith("CallRecordRefusedError")
