"""Through the outbox to a real hub: a consult held without a call (mode text) reaches the
hub as such and the hub refuses a List A drug for it; the spoke's stock list (seeded, counted,
reduced by dispensing) reaches the hub and the assigned doctor's client reads it back."""

from __future__ import annotations

import base64
import copy
import uuid

from desktop.core.consent import Consent, ConsentKind, GivenBy
from desktop.core.consult import Mode, Status
from desktop.core.duplicates import Decision
from desktop.core.stock import Given
from desktop.storage import consult_repo, hub_news, patient_repo, stock_repo
from desktop.sync.client import HubClient
from desktop.sync.prescribing_api import PrescribingApi
from desktop.sync.stock_api import consult_stock
from protocol.signing import signed_bytes
from protocol.stock import essential_medicines
from tests.desktop.sync.test_sync_pull_faults import PULLING
from tests.desktop.sync.test_sync_return_path import NOW, _ready_consult, _status
from tests.helpers.clinical import OPERATOR, TODAY, person
from tests.helpers.waiting import wait_for
from tests.sync_support.doctor import CONTENT, Doctor
from tests.sync_support.hubctl import LiveHub
from tests.sync_support.spoke import Spoke


def _with_mode(spoke: Spoke, mode: Mode) -> str:
    """A consult made ready after the operator chose its mode on the draft."""
    w = spoke.writer
    p = person("Kamla", "Bai", sex="female")
    w.run(lambda s: patient_repo.register(s, p, OPERATOR, TODAY, Decision.NEW_PATIENT))
    c = w.run(lambda s: consult_repo.create_draft(s, p.id, OPERATOR))
    c.complaints, c.specialty, c.mode = ["fever"], "general_medicine", mode
    w.run(lambda s: consult_repo.autosave(s, c, OPERATOR))
    given = Consent(ConsentKind.TELECONSULTATION, True, GivenBy.PATIENT, "cho.meena", NOW)
    w.run(lambda s: consult_repo.record_consent(s, c.id, given, p, TODAY, OPERATOR))
    w.run(lambda s: consult_repo.mark_ready(s, c.id, p, TODAY, OPERATOR))
    return c.id


def _put_rx(doctor: Doctor, cid: str, content: dict) -> tuple[int, dict]:  # type: ignore[type-arg]
    rx_id = str(uuid.uuid4())
    sig = doctor.key.sign(signed_bytes(cid, rx_id, content))
    body = {"content": content, "signature": base64.b64encode(sig).decode()}
    r = doctor.http.put(f"/consults/{cid}/prescriptions/{rx_id}", json=body)
    return r.status_code, r.json()


def test_a_text_consult_reaches_the_hub_as_text_and_a_list_a_drug_is_refused(
    hub: LiveHub, enrolled: Spoke
) -> None:
    cid = _with_mode(enrolled, Mode.TEXT)
    wire = str(uuid.UUID(cid))
    engine = enrolled.engine(config=PULLING)
    engine.start()
    wait_for(lambda: _status(enrolled, cid) is Status.WITH_HUB, timeout=60)
    doctor = Doctor(hub)
    try:
        doctor.accept(wire)
        rules = doctor.http.get(f"/consults/{wire}/prescribing").json()
        assert rules["mode"] == "text" and rules["follow_up"] is False
        assert rules["allowed_lists"] == ["O"]
        # This spoke never sent a stock list: the prescribe dialog flags nothing (None), not
        # every drug (an empty list).
        client = HubClient(hub.base_url)
        client.set_access_token(doctor.http.headers["Authorization"].removeprefix("Bearer "))
        try:
            assert PrescribingApi(client).stock(wire) is None
        finally:
            client.close()
        list_a = copy.deepcopy(CONTENT)
        list_a["medications"][0].update(name="Amlodipine", strength="5 mg", frequency="1-0-0")
        status, answer = _put_rx(doctor, wire, list_a)
        assert status == 422 and answer["code"] == "drug_not_allowed_for_mode", answer
        status, _ = _put_rx(doctor, wire, CONTENT)  # paracetamol, List O: allowed
        assert status == 201
    finally:
        doctor.close()
        engine.stop()


def test_stock_reaches_the_hub_and_the_assigned_doctor_reads_it(
    hub: LiveHub, enrolled: Spoke
) -> None:
    w = enrolled.writer
    w.run(lambda s: stock_repo.seed(s, essential_medicines(), OPERATOR))
    w.run(lambda s: stock_repo.set_quantities(s, {"paracetamol-500-tab": 10}, OPERATOR))
    cid = _ready_consult(enrolled)
    wire = str(uuid.UUID(cid))
    engine = enrolled.engine(config=PULLING)
    engine.start()
    wait_for(lambda: _status(enrolled, cid) is Status.WITH_HUB, timeout=60)
    doctor = Doctor(hub)
    client = HubClient(hub.base_url)
    client.set_access_token(doctor.http.headers["Authorization"].removeprefix("Bearer "))
    try:
        doctor.accept(wire)

        def quantity() -> int | None:
            stock = consult_stock(client, cid) or []
            return next((i.quantity for i in stock if i.id == "paracetamol-500-tab"), None)

        wait_for(lambda: quantity() == 10, timeout=60)
        # The doctor's prescribe dialog reads the same list (the editor's stock flags).
        seen = PrescribingApi(client).stock(cid)
        assert seen is not None and any(i.id == "paracetamol-500-tab" for i in seen)
        rx_id = doctor.prescribe(wire)  # paracetamol
        wait_for(lambda: _status(enrolled, cid) is Status.PRESCRIBED, timeout=60)
        with enrolled.db.read_session() as s:
            (rx,) = hub_news.prescriptions_of(s, cid)
        assert rx.id == rx_id and rx.verification == "verified"
        w.run(
            lambda s: stock_repo.dispense(s, rx_id, [Given(0, "paracetamol-500-tab", 6)], OPERATOR)
        )
        wait_for(lambda: quantity() == 4, timeout=60)  # the doctor sees the dispensed stock
    finally:
        client.close()
        doctor.close()
        engine.stop()
