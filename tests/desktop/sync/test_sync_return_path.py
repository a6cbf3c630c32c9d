"""The consult's round trip through storage, against the real hub: registered and typed at
the spoke (allergy "Penicillin"), sent, claimed, prescribed and completed by a hub doctor,
and every step stored in the spoke's database by the puller (status rows, the prescription
with its signature, audit rows); the allergy is in the hub's OPConsultRecord. An addendum
reaches the hub exactly once through a cut answer."""

from __future__ import annotations

import base64
import uuid
from datetime import UTC, datetime

from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy import select

from desktop.changes import Change, ChangeBus, Kind
from desktop.core.consent import Consent, ConsentKind, GivenBy
from desktop.core.consult import Status
from desktop.core.duplicates import Decision
from desktop.services.hub_news import announcer
from desktop.storage import consult_repo, hub_news, patient_repo
from desktop.storage.models.audit import AuditEntry
from hub.models import ConsultAddendum
from tests.desktop.sync.test_sync_pull_faults import PULLING
from tests.helpers.clinical import OPERATOR, TODAY, person
from tests.helpers.waiting import wait_for
from tests.sync_support.doctor import Doctor
from tests.sync_support.faultproxy import FaultProxy
from tests.sync_support.hubctl import LiveHub
from tests.sync_support.spoke import Spoke

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def _ready_consult(spoke: Spoke) -> str:
    w = spoke.writer
    p = person("Sunita", "Devi", sex="female")
    w.run(lambda s: patient_repo.register(s, p, OPERATOR, TODAY, Decision.NEW_PATIENT))
    c = w.run(lambda s: consult_repo.create_draft(s, p.id, OPERATOR))
    c.complaints = ["fever"]
    c.complaint_text = "Fever with chills"
    c.duration_value, c.duration_unit = 3, "days"
    c.allergies = "Penicillin"
    c.conditions = "Diabetes"
    c.medicines = "Metformin 500 mg"
    c.specialty = "general_medicine"
    w.run(lambda s: consult_repo.autosave(s, c, OPERATOR))
    given = Consent(ConsentKind.TELECONSULTATION, True, GivenBy.PATIENT, "cho.meena", NOW)
    w.run(lambda s: consult_repo.record_consent(s, c.id, given, p, TODAY, OPERATOR))
    w.run(lambda s: consult_repo.mark_ready(s, c.id, p, TODAY, OPERATOR))
    return c.id


def _status(spoke: Spoke, cid: str) -> Status:
    with spoke.db.read_session() as s:
        state = hub_news.hub_state(s, cid)
    assert state is not None
    return state.status


def test_a_consult_from_registration_to_a_prescription_received(
    hub: LiveHub, enrolled: Spoke
) -> None:
    cid = _ready_consult(enrolled)
    wire_cid = str(uuid.UUID(cid))
    bus = ChangeBus()
    heard: list[Change] = []
    bus.subscribe(heard.append)
    engine = enrolled.engine(config=PULLING, on_news=announcer(bus))
    engine.start()
    wait_for(lambda: _status(enrolled, cid) is Status.WITH_HUB, timeout=60)

    doctor = Doctor(hub)
    try:
        doctor.accept(wire_cid)
        wait_for(lambda: _status(enrolled, cid) is Status.IN_PROGRESS, timeout=60)
        document = doctor.http.get(f"/consults/{wire_cid}/fhir").json()
        rx_id = doctor.prescribe(wire_cid)
        wait_for(lambda: _status(enrolled, cid) is Status.PRESCRIBED, timeout=60)
        doctor.complete(wire_cid)
        wait_for(lambda: _status(enrolled, cid) is Status.CLOSED, timeout=60)
    finally:
        doctor.close()
    engine.stop()

    # The hub's document carries what was typed at the spoke, in its NRCeS sections.
    composition = document["entry"][0]["resource"]
    sections = {sec["title"]: sec for sec in composition["section"]}
    by_url = {e["fullUrl"]: e["resource"] for e in document["entry"]}
    allergies = [by_url[ref["reference"]] for ref in sections["Allergies"]["entry"]]
    assert [a["code"]["text"] for a in allergies] == ["Penicillin"]
    history = [by_url[ref["reference"]] for ref in sections["Medical History"]["entry"]]
    assert [h["code"]["text"] for h in history] == ["Diabetes"]
    meds = [by_url[ref["reference"]] for ref in sections["Medications"]["entry"]]
    assert "Metformin 500 mg" in [m["medicationCodeableConcept"]["text"] for m in meds]
    complaint = by_url[sections["Chief complaints"]["entry"][0]["reference"]]
    assert complaint["onsetString"] == "3 days"

    with enrolled.db.read_session() as s:
        steps = hub_news.status_changes(s, cid)
        rxs = hub_news.prescriptions_of(s, cid)
        audits = list(s.scalars(select(AuditEntry).where(AuditEntry.actor == "hub")))
    # Every step, in order (the local state after each; a new queue position is a row too).
    local = [status for i, (_, status) in enumerate(steps) if i == 0 or steps[i - 1][1] != status]
    assert local in (
        ["with_hub", "in_progress", "prescribed", "closed"],
        ["with_hub", "assigned", "in_progress", "prescribed", "closed"],
    )
    assert steps[-1] == ("completed", "closed")
    assert [(r.id, r.consult_id) for r in rxs] == [(rx_id, cid)]
    assert rxs[0].signature and len(rxs[0].payload_sha256) == 64
    assert rxs[0].content["medications"][0]["name"] == "Paracetamol"
    # Verified at the spoke with the key the hub served, which is cached for offline checks.
    public = base64.b64encode(
        doctor.key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    ).decode()
    assert (rxs[0].verified, rxs[0].verification, rxs[0].signing_key) == (True, "verified", public)
    with enrolled.db.read_session() as s:
        assert hub_news.doctor_key(s, rxs[0].doctor_id) == public
    assert ("prescription", rx_id) in {(a.entity_type, a.entity_id) for a in audits}
    assert {a.entity_id for a in audits if a.entity_type == "consult"} == {cid}
    # Announced after the commit: the consult each time it moved, the prescription once.
    assert Change(Kind.PRESCRIPTION, (rx_id,), "pulled") in heard
    assert [c for c in heard if c.kind is Kind.PRESCRIPTION] == [
        Change(Kind.PRESCRIPTION, (rx_id,), "pulled")
    ]
    assert all(c.ids == (cid,) for c in heard if c.kind is Kind.CONSULT)


def test_an_addendum_reaches_the_hub_exactly_once_through_a_cut_answer(
    hub: LiveHub, enrolled: Spoke
) -> None:
    cid = _ready_consult(enrolled)
    added = enrolled.writer.run(
        lambda s: consult_repo.add_addendum(s, cid, "BP rechecked 124/80", OPERATOR, NOW)
    )
    proxy = FaultProxy(hub.port, exempt=(b"/api/v1/auth/",)).start()
    proxy.aim(b"/addenda/", ["cut_response"])  # the hub stores it; the answer is lost
    try:
        engine = enrolled.engine(hub_url=proxy.url)
        engine.start()
        wait_for(lambda: enrolled.states() == {"done": 3}, timeout=60)
        assert proxy.counts["cut_response"] == 1
    finally:
        proxy.stop()
    with hub.context.sessions() as s:
        on_hub = [(a.id, a.consult_id, a.text) for a in s.scalars(select(ConsultAddendum))]
    addendum_id = str(uuid.UUID(added.addenda[-1].id))
    assert on_hub == [(addendum_id, str(uuid.UUID(cid)), "BP rechecked 124/80")]
