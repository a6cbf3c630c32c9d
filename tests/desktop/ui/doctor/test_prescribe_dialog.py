"""The doctor's side of the prescription against a real hub: the signing key made once and
kept in the keyring, the prescriber profile required and kept encrypted, the consult's
rules and (absent) stock from the hub, and a hub refusal shown in the dialog in the doctor's
language by its code."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from desktop.changes import ChangeBus
from desktop.services.doctor import DoctorService
from desktop.services.prescribing import (
    DoctorAccount,
    DrugNotAllowedForModeError,
    PrescriberProfile,
    PrescribingService,
    ProfileIncompleteError,
)
from desktop.storage.errors import WrongKeyError
from desktop.storage.signing_keys import SigningKeyStore, public_text
from desktop.storage.startup import Storage
from desktop.sync.doctor_api import DoctorApi
from desktop.sync.errors import HubUnreachableError
from desktop.sync.prescribing_api import PrescribingApi
from desktop.sync.tokens import TokenStore
from desktop.ui import i18n
from desktop.ui.doctor.prescribe_dialog import PrescribeDialog, refusal_text
from hub.models import Consult, Prescription
from tests.desktop.ui.doctor.test_doctor_queue_live import Operator, doctor_pc
from tests.desktop.ui.doctor.test_rx_editor import type_medicine
from tests.sync_support.hubctl import PASSWORD, LiveHub

__all__ = ["doctor_pc"]


@pytest.fixture
def signing() -> Iterator[SigningKeyStore]:
    store = SigningKeyStore(f"spoke-clinic-test-sign-{uuid.uuid4().hex[:12]}")
    yield store
    store.delete_signing_key("pc", "doctor")


@pytest.fixture
def prescribing(
    doctor_pc: tuple[Storage, TokenStore], signing: SigningKeyStore
) -> Iterator[PrescribingService]:
    storage, tokens = doctor_pc
    doctor = DoctorService(
        DoctorApi.open(tokens), storage.writer, storage.blobs, storage.device, ChangeBus()
    )
    doctor.sign_in("doctor", PASSWORD).result(timeout=30)
    service = PrescribingService(
        PrescribingApi(doctor.api.client),
        signing,
        storage.blobs,
        storage.writer,
        storage.device,
        doctor._actor,
        ChangeBus(),
    )
    yield service
    signing.delete_signing_key(storage.device, "doctor")
    service.close()
    doctor.close()


def test_the_signing_key_is_made_once_and_kept_in_the_keyring(signing: SigningKeyStore) -> None:
    assert signing.load_signing_key("pc", "doctor") is None
    key, new = signing.signing_key("pc", "doctor")
    again, new_again = signing.signing_key("pc", "Doctor ")  # the same account
    assert new and not new_again
    assert public_text(again) == public_text(key)
    assert len(public_text(key)) == 44
    signing._set(signing._entry("pc", "other"), "not a key")
    with pytest.raises(WrongKeyError):
        signing.load_signing_key("pc", "other")
    signing.delete_signing_key("pc", "other")


def test_the_prescriber_profile_is_required_and_kept_encrypted(
    prescribing: PrescribingService,
) -> None:
    account = DoctorAccount("u", "Dr. Asha Verma", "MP-1")
    with pytest.raises(ProfileIncompleteError) as info:
        prescribing.prescriber(account)
    assert info.value.missing == ("qualification", "council")
    with pytest.raises(ProfileIncompleteError):
        prescribing.save_profile(PrescriberProfile("MBBS", " "))
    prescribing.save_profile(PrescriberProfile("MBBS", "Madhya Pradesh Medical Council"))
    who = prescribing.prescriber(account)
    assert (who.name, who.qualification, who.registration_number, who.council) == (
        "Dr. Asha Verma",
        "MBBS",
        "MP-1",
        "Madhya Pradesh Medical Council",
    )
    with pytest.raises(ProfileIncompleteError) as info:
        prescribing.prescriber(DoctorAccount("u", "Dr. X", ""))
    assert info.value.missing == ("registration_number",)
    blob = prescribing.blobs.path_of(prescribing._profile_blob())
    assert b"Medical Council" not in blob.read_bytes()  # age-encrypted, never plain


def _accepted_consult(hub: LiveHub, prescribing: PrescribingService) -> str:
    """A consult an operator queued, accepted by the doctor; the profile filled."""
    operator = Operator(hub)
    try:
        cid = operator.queue_consult("Test Patient")
    finally:
        operator.close()
    client = prescribing.api.client
    if client.call("POST", f"/consults/{cid}/claim")["status"] == "assigned":
        client.call("POST", f"/consults/{cid}/accept")
    prescribing.save_profile(PrescriberProfile("MBBS", "Madhya Pradesh Medical Council"))
    return cid


def _dialog(prescribing: PrescribingService, cid: str, qtbot: QtBot) -> PrescribeDialog:
    dialog = PrescribeDialog(prescribing, cid)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.editor.isEnabled, timeout=20_000)
    return dialog


def test_a_lost_answer_does_not_make_two_prescriptions(
    hub: LiveHub, prescribing: PrescribingService, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    cid = _accepted_consult(hub, prescribing)
    dialog = _dialog(prescribing, cid, qtbot)
    real = prescribing.api.submit
    ids: list[str] = []

    def answer_lost(consult_id: str, rx_id: str, content: dict, signature: str):  # type: ignore[no-untyped-def,type-arg]
        ids.append(rx_id)
        real(consult_id, rx_id, content, signature)  # stored at the hub...
        raise HubUnreachableError("cut")  # ...but the answer never came

    monkeypatch.setattr(prescribing.api, "submit", answer_lost)
    qtbot.keyClicks(dialog.editor.diagnosis, "Acute pharyngitis")
    type_medicine(qtbot, dialog.editor, "Paracetamol", "1-1-1")
    dialog.editor.sign_button.click()
    qtbot.waitUntil(dialog.editor.isEnabled, timeout=20_000)
    assert dialog.signed is None and hub.count(Prescription) == 1
    monkeypatch.setattr(prescribing.api, "submit", real)
    with qtbot.waitSignal(dialog.sent, timeout=20_000) as sent:
        dialog.editor.sign_button.click()
    assert sent.args[0].id == ids[0]
    assert hub.count(Prescription) == 1


def test_a_hub_refusal_is_shown_by_its_code(
    hub: LiveHub, prescribing: PrescribingService, qtbot: QtBot
) -> None:
    cid = _accepted_consult(hub, prescribing)
    dialog = _dialog(prescribing, cid, qtbot)
    session = dialog.session
    assert session is not None
    assert session.stock is None  # this hub serves no stock: nothing is flagged
    assert "stock is not known" in dialog.header.text()
    assert session.rules.mode == "video" and not session.rules.follow_up
    # The consult becomes an audio one at the hub meanwhile: Metformin (List A) passes
    # the editor's check for video and is refused by the hub, by its code.
    with hub.context.sessions() as s:
        row = s.get(Consult, cid)
        assert row is not None
        row.mode = "audio"
        s.commit()
    qtbot.keyClicks(dialog.editor.diagnosis, "Type 2 diabetes mellitus")
    type_medicine(qtbot, dialog.editor, "Metformin", "1-0-1")
    assert dialog.editor.sign_button.isEnabled()
    dialog.editor.sign_button.click()
    qtbot.waitUntil(lambda: "not allowed for this consultation" in dialog.status.text())
    assert dialog.editor.isEnabled() and dialog.signed is None
    i18n.install("hi")
    try:
        text = refusal_text(DrugNotAllowedForModeError("x", status=422))
        assert "हब ने इसे अस्वीकार किया" in text
    finally:
        i18n.install("en")


def test_a_consult_not_assigned_to_the_doctor_cannot_be_prescribed(
    hub: LiveHub, prescribing: PrescribingService, qtbot: QtBot
) -> None:
    operator = Operator(hub)
    try:
        cid = operator.queue_consult("Test Patient")
    finally:
        operator.close()
    dialog = PrescribeDialog(prescribing, cid)  # in the queue, not claimed
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: "claim or accept it in the queue" in dialog.status.text())
    assert not dialog.editor.isEnabled() and dialog.session is None


def test_a_follow_up_allows_list_b_as_the_hub_decides(
    hub: LiveHub, prescribing: PrescribingService, qtbot: QtBot
) -> None:
    operator = Operator(hub)
    client = prescribing.api.client
    try:
        first = operator.queue_consult("Test Patient")
        if client.call("POST", f"/consults/{first}/claim")["status"] == "assigned":
            client.call("POST", f"/consults/{first}/accept")
        client.call("POST", f"/consults/{first}/complete")
        with hub.context.sessions() as s:
            row = s.get(Consult, first)
            assert row is not None
            patient = row.patient_id
        again = str(uuid.uuid4())
        body = {
            "patient_id": patient,
            "specialty": "general_medicine",
            "mode": "audio",
            "follow_up_of": first,
            "resources": [],
            "final": True,
        }
        r = operator.http.put(f"/consults/{again}", json=body)
        assert r.is_success, r.text
    finally:
        operator.close()
    if client.call("POST", f"/consults/{again}/claim")["status"] == "assigned":
        client.call("POST", f"/consults/{again}/accept")
    prescribing.save_profile(PrescriberProfile("MBBS", "Madhya Pradesh Medical Council"))
    dialog = _dialog(prescribing, again, qtbot)
    assert dialog.session is not None and dialog.session.rules.follow_up
    assert "Audio consultation, follow-up" in dialog.header.text()
    assert "completed within 180 days" in dialog.header.text()
    qtbot.keyClicks(dialog.editor.diagnosis, "Type 2 diabetes mellitus")
    type_medicine(qtbot, dialog.editor, "Sitagliptin", "1-0-0")  # List B: a follow-up
    assert dialog.editor.sign_button.isEnabled()
    with qtbot.waitSignal(dialog.sent, timeout=20_000) as sent:
        dialog.editor.sign_button.click()
    assert sent.args[0].content["medications"][0]["name"] == "Sitagliptin"
