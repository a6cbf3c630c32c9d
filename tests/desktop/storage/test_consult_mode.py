"""The consult's mode (video, audio, text) is stored with the draft and sent to the hub in
the consult body built when it is marked ready (``ConsultIn.mode``)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from desktop.core.consent import Consent, ConsentKind, GivenBy
from desktop.core.consult import Mode
from desktop.core.duplicates import Decision
from desktop.storage import consult_repo, patient_repo
from desktop.storage.models.outbox import OutboxEntry
from protocol.schemas import ConsultIn
from tests.desktop.storage.test_hub_news import NOW
from tests.helpers.clinical import OPERATOR, TODAY, Clinic, clinic, person

_ = clinic


@pytest.mark.parametrize("mode", list(Mode))
def test_mode_is_stored_and_sent(clinic: Clinic, mode: Mode) -> None:
    p = person("Ramesh", "Kumar")
    w = clinic.writer
    w.run(lambda s: patient_repo.register(s, p, OPERATOR, TODAY, Decision.NEW_PATIENT))
    c = w.run(lambda s: consult_repo.create_draft(s, p.id, OPERATOR))
    assert c.mode is Mode.VIDEO  # the default
    c.complaints, c.specialty, c.mode = ["fever"], "general_medicine", mode
    w.run(lambda s: consult_repo.autosave(s, c, OPERATOR))
    with clinic.db.read_session() as s:
        assert consult_repo.load(s, c.id).mode is mode
    given = Consent(ConsentKind.TELECONSULTATION, True, GivenBy.PATIENT, "cho.meena", NOW)
    w.run(lambda s: consult_repo.record_consent(s, c.id, given, p, TODAY, OPERATOR))
    w.run(lambda s: consult_repo.mark_ready(s, c.id, p, TODAY, OPERATOR))
    with clinic.db.read_session() as s:
        row = s.scalars(select(OutboxEntry).where(OutboxEntry.entity_type == "consult")).one()
    assert ConsultIn.model_validate(row.payload).mode == mode.value
