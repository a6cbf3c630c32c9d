"""Issue 15 end to end, against a real hub on loopback: the operator's spoke sends a consult;
the hub doctor signs in at their PC, accepts it and opens the prescribe dialog; a List B drug
on a first consultation and a prohibited drug cannot be signed; a medicine the spoke does
not stock is flagged; the doctor fills the prescriber profile when asked, signs (the key made
on this first need, kept only in the keyring, registered with the hub) and the spoke pulls
the prescription, verifies it and shows it for the right patient; the operator prints it
(audited); its follow-up date is on the spoke's due list on that date and not the day
before; a correction is a new version naming the one it replaces, sent even though the hub
lost the doctor's key meanwhile; a raw call with a prohibited drug, and one with a signature
of another key, are refused by the hub with their typed errors.

The spoke's stock is the operator's list (the HWC essential-medicines list, amoxicillin
counted at 0, paracetamol at 30), sent to the hub through the outbox and read by the doctor's
dialog from ``GET /consults/{id}/stock``; dispensing the paracetamol takes it from the
spoke's stock."""

from __future__ import annotations

import base64
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop import paths
from desktop.changes import ChangeBus
from desktop.core import rx_history
from desktop.core.consult import Status
from desktop.core.stock import Given
from desktop.services.doctor import DoctorService, enroll_doctor_pc, set_up_doctor_pc
from desktop.services.prescribing import (
    PrescribingService,
    ProhibitedDrugError,
    SignatureInvalidError,
)
from desktop.services.settings import SettingsService
from desktop.settings import Settings
from desktop.storage import hub_news, rx_repo, stock_repo
from desktop.storage.keys import KeyStore
from desktop.storage.models.audit import AuditEntry
from desktop.storage.signing_keys import SigningKeyStore, public_text
from desktop.storage.startup import FacilityDetails
from desktop.sync.client import HubClient
from desktop.sync.doctor_api import DoctorApi
from desktop.sync.enroll import enroll
from desktop.sync.prescribing_api import PrescribingApi
from desktop.sync.tokens import TokenStore
from desktop.ui import i18n
from desktop.ui.doctor.doctor_window import DoctorWindow
from desktop.ui.doctor.prescribe_dialog import PrescribeDialog
from desktop.ui.prescriptions import printing
from desktop.ui.prescriptions.view import print_sheet, qr_text
from hub.models import Prescription, User
from protocol import stock
from protocol.signing import signed_bytes
from tests.desktop.sync.test_sync_pull_faults import PULLING
from tests.desktop.sync.test_sync_return_path import _ready_consult, _status
from tests.desktop.ui.doctor.test_rx_editor import type_medicine
from tests.helpers.clinical import OPERATOR
from tests.helpers.waiting import wait_for
from tests.sync_support.hubctl import PASSWORD, LiveHub
from tests.sync_support.spoke import Spoke

REMOVED = "Amoxicillin"  # the generic taken out of the spoke's stock


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[LiveHub]:
    h = LiveHub.create(tmp_path / "hub").start()
    yield h
    h.close()


@pytest.fixture
def spoke(tmp_path: Path, hub: LiveHub) -> Iterator[Spoke]:
    s = Spoke.create(tmp_path / "spoke")
    enroll(hub.base_url, hub.enrollment_code(), s.tokens, name="spoke PC")
    client = HubClient(hub.base_url, s.tokens)
    client.sign_in("operator", PASSWORD)
    client.close()
    yield s
    s.close()


@pytest.fixture
def doctor(
    profile: paths.Locations, hub: LiveHub
) -> Iterator[tuple[DoctorService, PrescribingService]]:
    keystore = KeyStore(service=f"spoke-clinic-test-{uuid.uuid4().hex[:12]}")
    tokens = TokenStore(f"spoke-clinic-test-hub-{uuid.uuid4().hex[:12]}")
    storage, _ = set_up_doctor_pc(profile, keystore, FacilityDetails("Zonal Hub (synthetic)"))
    enroll_doctor_pc(storage, hub.base_url, hub.enrollment_code("hub"), tokens=tokens)
    bus = ChangeBus()
    service = DoctorService(
        DoctorApi.open(tokens), storage.writer, storage.blobs, storage.device, bus
    )
    api = PrescribingApi(service.api.client)
    prescribing = PrescribingService(
        api,
        SigningKeyStore.beside(keystore),
        storage.blobs,
        storage.writer,
        storage.device,
        service._actor,
        bus,
    )
    yield service, prescribing
    prescribing.keys.delete_signing_key(storage.device, "doctor")
    prescribing.close()
    service.close()
    storage.close()
    tokens.forget_all()
    keystore.delete(storage.device)


def _hub_rx_count(hub: LiveHub) -> int:
    return hub.count(Prescription)


@pytest.mark.qt_log_ignore("PulseAudioService", "pipewire")
def test_a_prescription_from_the_doctors_dialog_to_the_spokes_printer(
    hub: LiveHub,
    spoke: Spoke,
    doctor: tuple[DoctorService, PrescribingService],
    profile: paths.Locations,
    tmp_path: Path,
    qtbot: QtBot,
) -> None:
    service, prescribing = doctor
    # The operator's stock list: every amoxicillin counted at 0, paracetamol at 30.
    medicines = stock.essential_medicines()
    amoxicillin = [i.id for i in medicines if i.generic == REMOVED]
    paracetamol = next(i.id for i in medicines if i.generic == "Paracetamol")
    counted = {**dict.fromkeys(amoxicillin, 0), paracetamol: 30}
    spoke.writer.run(lambda s: stock_repo.seed(s, medicines, OPERATOR))
    spoke.writer.run(lambda s: stock_repo.set_quantities(s, counted, OPERATOR))
    # The operator's consult reaches the hub.
    cid = _ready_consult(spoke)
    wire_cid = str(uuid.UUID(cid))
    engine = spoke.engine(config=PULLING)
    engine.start()
    wait_for(lambda: _status(spoke, cid) is Status.WITH_HUB, timeout=60)

    # The doctor signs in at the hub PC and accepts it. No signing key exists yet.
    service.sign_in("doctor", PASSWORD).result(timeout=30)
    if service.claim(wire_cid).result(timeout=30) == "assigned":
        service.accept(wire_cid).result(timeout=30)
    wait_for(lambda: _status(spoke, cid) is Status.IN_PROGRESS, timeout=60)
    # The spoke's list reached the hub; the doctor reads it for this consult.
    wait_for(lambda: (prescribing.api.stock(wire_cid) or []) != [], timeout=60)
    assert prescribing.keys.load_signing_key(prescribing.device, "doctor") is None

    # From the review of the consult: its Prescribe button opens the dialog.
    window = DoctorWindow(
        Settings(),
        service,
        ChangeBus(),
        SettingsService(Settings(), profile.settings_file),
        prescribing=prescribing,
    )
    qtbot.addWidget(window.shell.window)
    window.shell.window.show()
    assert not window.prescribe_button.isEnabled()
    assert window.prescribe_button.text() == "Prescribe…"
    i18n.install("hi")  # the button follows the language
    qtbot.waitUntil(lambda: window.prescribe_button.text() == "पर्चा लिखें…")
    i18n.install("en")
    qtbot.waitUntil(lambda: window.prescribe_button.text() == "Prescribe…")
    window.on_open_requested(wire_cid)
    qtbot.waitUntil(window.prescribe_button.isEnabled, timeout=20_000)
    assert window.review.page.name.text().startswith("Sunita Devi")
    window.prescribe_button.click()
    dialog = window.prescribe_dialog
    assert isinstance(dialog, PrescribeDialog) and dialog.consult_id == wire_cid
    dialog.resize(1366, 768)
    editor = dialog.editor
    qtbot.waitUntil(editor.isEnabled, timeout=20_000)
    # The consult's mode and kind as the hub decided them; the stock is known.
    assert "Video consultation, first consultation" in dialog.header.text()
    assert "stock" in dialog.header.text()
    # Opening registered the key made on this first need, kept in the keyring only.
    key = prescribing.keys.load_signing_key(prescribing.device, "doctor")
    assert key is not None
    with hub.context.sessions() as s:
        user = s.scalar(select(User).where(User.username == "doctor"))
        assert user is not None and user.signing_key == public_text(key)

    qtbot.keyClicks(editor.diagnosis, "Type 2 diabetes mellitus with cellulitis")
    # A List B drug at a first consultation: named, and Sign is blocked.
    type_medicine(qtbot, editor, "Sitagliptin", "1-0-0")
    assert "Sitagliptin is on List B" in editor.findings_label.text()
    assert not editor.sign_button.isEnabled()
    editor.table.selectRow(0)
    editor.on_remove()
    # A prohibited drug: blocked too.
    type_medicine(qtbot, editor, "Alprazolam", "0-0-1")
    assert "prohibited list" in editor.findings_label.text()
    assert not editor.sign_button.isEnabled()
    editor.table.selectRow(0)
    editor.on_remove()
    # Not in the spoke's stock: flagged, not blocking.
    type_medicine(qtbot, editor, "Amoxicillin", "1-0-1")
    [row] = editor.rows.rows
    assert row.in_stock is False
    assert "Not in stock at the spoke" in editor.rows.data(editor.rows.index(0, 3))
    type_medicine(qtbot, editor, "Paracetamol", "1-1-1")
    assert editor.rows.rows[1].in_stock is True
    follow_up = date.today() + timedelta(days=10)
    editor.set_follow_up_date(follow_up)
    assert editor.sign_button.isEnabled()

    # Signing asks for the prescriber profile first (qualification and council).
    editor.sign_button.click()
    assert "qualification and your medical council" in dialog.status.text()
    profile_dialog = dialog.profile_dialog
    assert profile_dialog is not None and profile_dialog.isVisible()
    save = profile_dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    save.click()  # empty: refused with the reason
    assert "both are required" in profile_dialog.message.text()
    profile_dialog.qualification.setText("MBBS, MD (Medicine)")
    profile_dialog.council.setText("Madhya Pradesh Medical Council")
    save.click()
    qtbot.waitUntil(lambda: dialog.profile_dialog is None)
    with qtbot.waitSignal(dialog.sent, timeout=30_000) as sent:
        editor.sign_button.click()
    first = sent.args[0]
    assert not editor.isEnabled() and dialog.correct_button.isEnabled()  # immutable
    assert first.content["prescriber"] == {
        "name": "doctor",
        "qualification": "MBBS, MD (Medicine)",
        "registration_number": "MP-1",
        "council": "Madhya Pradesh Medical Council",
    }

    # The spoke pulls it, verifies it, and it is the right patient's.
    wait_for(lambda: _status(spoke, cid) is Status.PRESCRIBED, timeout=60)
    with spoke.db.read_session() as s:
        [rx] = hub_news.prescriptions_of(s, cid)
    assert rx.id == first.id and rx.verification == "verified"
    assert [m["name"] for m in rx.content["medications"]] == ["Amoxicillin", "Paracetamol"]
    sheet = spoke.writer.run(lambda s: rx_repo.sheet(s, cid, OPERATOR))
    assert sheet is not None and sheet.patient.full_name == "Sunita Devi"
    assert sheet.current is not None and sheet.current.id == first.id

    # The operator prints it: the spoke's page and QR, and one audit entry.
    today = date.today()
    page = print_sheet(sheet, sheet.current, today)
    assert page.patient_name == "Sunita Devi" and page.doctor_name == "doctor"
    pdf = printing.pdf_bytes(printing.document(page, qr_text(sheet.current)))
    assert pdf.startswith(b"%PDF")
    spoke.writer.run(lambda s: rx_repo.record_print(s, first.id, OPERATOR, "prescription"))
    with spoke.db.read_session() as s:
        prints = s.scalars(select(AuditEntry).where(AuditEntry.action == "print")).all()
    assert [(a.entity_type, a.entity_id) for a in prints] == [("prescription", first.id)]

    # The operator gives the paracetamol (10 tablets); the amoxicillin is not in stock.
    def quantity(item_id: str) -> int | None:
        with spoke.db.read_session() as s:
            return next(x.quantity for x in stock_repo.lines(s) if x.id == item_id)

    assert quantity(paracetamol) == 30
    given = [Given(0, None, 0), Given(1, paracetamol, 10)]
    spoke.writer.run(lambda s: stock_repo.dispense(s, first.id, given, OPERATOR))
    assert quantity(paracetamol) == 20
    assert {quantity(a) for a in amoxicillin} == {0}

    # The follow-up is due on its date, not the day before.
    def due(on: date) -> list[str]:
        items = spoke.writer.run(lambda s: rx_repo.follow_ups_due(s, on, OPERATOR))
        return [i.follow_up.consult_id for i in items]

    assert due(follow_up - timedelta(days=1)) == []
    assert due(follow_up) == [cid]

    # The hub lost the doctor's key: a correction is still sent (the key registered again)
    # and names the version it replaces.
    with hub.context.sessions() as s:
        user = s.scalar(select(User).where(User.username == "doctor"))
        assert user is not None
        user.signing_key = ""
        s.commit()
    with hub.context.sessions() as s:
        lost = s.scalar(select(User).where(User.username == "doctor"))
        assert lost is not None and lost.signing_key == ""
    dialog.correct_button.click()
    assert editor.isEnabled() and editor.replaces == first.id
    qtbot.keyClicks(editor.advice, "Keep the leg raised; come back if the redness spreads.")
    with qtbot.waitSignal(dialog.sent, timeout=30_000) as resent:
        editor.sign_button.click()
    second = resent.args[0]
    assert second.content["replaces"] == first.id
    wait_for(lambda: len(_spoke_rxs(spoke, cid)) == 2, timeout=60)
    current = rx_history.current(_spoke_rxs(spoke, cid))
    assert current is not None and current.id == second.id

    # A raw call with a prohibited drug is refused by the hub, and so is a signature by
    # another key; nothing is stored.
    before = _hub_rx_count(hub)
    bad = dict(second.content, replaces="")
    del bad["replaces"]
    bad["medications"] = [{"name": "Alprazolam", "dose": "1 tablet", "frequency": "0-0-1"}]
    rx_id = str(uuid.uuid4())
    body, signature = prescribing.sign(wire_cid, rx_id, _content(bad))
    with pytest.raises(ProhibitedDrugError):
        prescribing.api.submit(wire_cid, rx_id, body, signature)
    good = dict(second.content)
    del good["replaces"]
    other = Ed25519PrivateKey.generate().sign(signed_bytes(wire_cid, rx_id, good))
    with pytest.raises(SignatureInvalidError):
        prescribing.api.submit(wire_cid, rx_id, good, base64.b64encode(other).decode())
    assert _hub_rx_count(hub) == before == 2
    engine.stop()

    dialog.close()
    window.stop()

    # The private key never reached a file: not in the doctor's profile nor anywhere here.
    secret = key.private_bytes_raw()
    for path in Path(tmp_path).rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert secret not in data and secret.hex().encode() not in data, path


def _spoke_rxs(spoke: Spoke, cid: str) -> list[hub_news.StoredPrescription]:
    with spoke.db.read_session() as s:
        return list(hub_news.prescriptions_of(s, cid))


def _content(data: dict[str, object]):  # type: ignore[no-untyped-def]
    from protocol.schemas import PrescriptionContent

    return PrescriptionContent.model_validate(data)
