"""The spoke's prescription view over a real clinic: a verified prescription shows every
part with directions in the operator's language and can be printed (each print audited); a
tampered one says why and cannot be printed; opening another consult leaves nothing of the
first, and a late read for the first is dropped."""

from __future__ import annotations

import copy
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QFileDialog
from sqlalchemy import select

from desktop.storage import hub_news
from desktop.storage.audit import Actor
from desktop.storage.models.audit import AuditEntry
from desktop.ui import i18n
from desktop.ui.clinic_context import ClinicContext
from desktop.ui.home_page import HomePage
from desktop.ui.prescriptions import printing
from desktop.ui.prescriptions.view import PrescriptionView
from desktop.ui.worklist_model import ConsultIdRole
from tests.desktop.storage.test_hub_news import _ready
from tests.desktop.ui.clinic_ui_fixtures import TODAY, ctx
from tests.helpers.rx import CONTENT, Doctor

_ = ctx
HUB = Actor("hub", "system", "sync")


def _received(
    ctx: ClinicContext,
    content: dict | None = None,
    tamper: bool = False,
    status: str = "completed",
) -> str:
    writer = ctx.services.clinic.writer
    cid = _ready(SimpleNamespace(writer=writer))  # type: ignore[arg-type]
    rx = Doctor().prescription(cid, copy.deepcopy(content or CONTENT))
    if tamper:
        rx["content"]["medications"][0]["duration_days"] = 90
    news = hub_news.HubNews(cid, status, prescriptions=[rx])
    writer.run(lambda s: hub_news.apply(s, news, HUB))
    return cid


def _view(qtbot, ctx: ClinicContext) -> PrescriptionView:  # type: ignore[no-untyped-def]
    view = PrescriptionView(ctx.services.prescriptions, lambda: TODAY)
    qtbot.addWidget(view)
    view.resize(1366, 768)
    return view


def _directions(view: PrescriptionView) -> list[str]:
    m = view.medicines_model
    return [m.data(m.index(r, 2)) for r in range(m.rowCount())]


def test_a_verified_prescription_shows_everything_and_prints(
    qtbot, qtmodeltester, ctx: ClinicContext, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    cid = _received(ctx)
    view = _view(qtbot, ctx)
    view.show_consult(cid)
    qtbot.waitUntil(lambda: view.diagnosis.text() != "")
    assert view.diagnosis.text() == "Essential hypertension (I10)"
    qtmodeltester.check(view.medicines_model)
    assert "Ramesh Kumar" in view.patient.text()
    assert "MPMC-12345" in view.doctor.text() and "Dr. Asha Verma" in view.doctor.text()
    assert view.follow_up.text() == "19-12-2026"
    assert _directions(view) == [
        "1-0-0, once a day (morning), after food",
        "1-0-1, twice a day, after food",
    ]
    assert view.print_button.isEnabled() and view.preview_button.isEnabled()
    assert "verified" in view.status.text()
    # In Hindi the directions are in Hindi.
    i18n.install("hi")
    qtbot.waitUntil(lambda: "दिन में दो बार" in _directions(view)[1])
    assert _directions(view)[1] == "1-0-1, दिन में दो बार, खाने के बाद"
    i18n.install("en")
    # Save as PDF: audited as a print, the file is where the operator chose.
    target = tmp_path / "chosen.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    with qtbot.waitSignal(view.printed, timeout=10000):
        view.on_save_pdf()
    qtbot.waitUntil(target.exists)
    assert target.read_bytes().startswith(b"%PDF")
    with ctx.services.clinic.db.read_session() as s:
        prints = s.scalars(select(AuditEntry).where(AuditEntry.action == "print")).all()
        assert [(a.entity_type, a.actor) for a in prints] == [("prescription", "cho.meena")]


def test_a_tampered_prescription_says_why_and_cannot_print(qtbot, ctx: ClinicContext) -> None:  # type: ignore[no-untyped-def]
    cid = _received(ctx, tamper=True)
    view = _view(qtbot, ctx)
    view.show_consult(cid)
    qtbot.waitUntil(lambda: view.status.text() != "")
    assert "changed after signing" in view.status.text()
    assert "cannot be printed" in view.status.text()
    for button in (view.print_button, view.preview_button, view.save_button):
        assert not button.isEnabled()
    assert view.diagnosis.text() == "Essential hypertension (I10)"  # seen, not printable


def test_another_consult_leaves_nothing_of_the_first(qtbot, ctx: ClinicContext) -> None:  # type: ignore[no-untyped-def]
    first = _received(ctx)
    other = copy.deepcopy(CONTENT)
    other["diagnosis"] = {"text": "Acute pharyngitis", "code": "J02.9", "system": ""}
    other["follow_up_date"] = ""
    other["investigations"] = []
    other["advice"] = ""
    second = _received(ctx, other)
    view = _view(qtbot, ctx)
    view.show_consult(first)
    view.show_consult(second)  # the first read is still running: its result must be dropped
    qtbot.waitUntil(lambda: view.diagnosis.text() != "")
    assert view.diagnosis.text() == "Acute pharyngitis (J02.9)"
    assert view.follow_up.text() == "" and view.investigations.text() == ""
    assert view.advice.text() == ""
    view.clear()
    assert view.diagnosis.text() == "" and view.medicines_model.rowCount() == 0
    assert not view.print_button.isEnabled()


def test_preview_is_audited_and_paints_on_a_printer(
    qtbot, ctx: ClinicContext, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    cid = _received(ctx)
    view = _view(qtbot, ctx)
    view.show_consult(cid)
    qtbot.waitUntil(view.print_button.isEnabled)
    view.page_choice.setCurrentText("A5")
    out = tmp_path / "preview.pdf"

    def fake_exec(dialog: QPrintPreviewDialog) -> int:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        printing.set_page(printer, view.page_size)
        dialog.paintRequested.emit(printer)
        return 0

    monkeypatch.setattr(QPrintPreviewDialog, "exec", fake_exec)
    with qtbot.waitSignal(view.printed, timeout=10000):
        view.on_preview()
    qtbot.waitUntil(out.exists)
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert "MPMC-12345" in text and "Paracetamol 500 mg tablet" in text
    assert "(A5)" in subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    with ctx.services.clinic.db.read_session() as s:
        assert s.scalars(select(AuditEntry).where(AuditEntry.action == "print")).all()


def test_the_referral_status_is_moved_on_from_the_view(qtbot, ctx: ClinicContext) -> None:  # type: ignore[no-untyped-def]
    content = copy.deepcopy(CONTENT)
    content["referral"] = {"facility": "CHC Ashta", "reason": "X-ray chest", "urgency": "routine"}
    cid = _received(ctx, content)
    view = _view(qtbot, ctx)
    view.show_consult(cid)
    qtbot.waitUntil(view.referral_status.isEnabled)
    assert view.referral_status.currentData() == "referred" and view.slip_button.isEnabled()
    reached = view.referral_status.findData("reached")
    view.referral_status.setCurrentIndex(reached)
    view.referral_status.activated.emit(reached)

    def stored() -> str:
        with ctx.services.clinic.db.read_session() as s:
            return hub_news.prescriptions_of(s, cid)[0].referral_status

    qtbot.waitUntil(lambda: stored() == "reached", timeout=10000)
    # The view reads the consult again and shows the new status.
    qtbot.waitUntil(lambda: view.referral_status.currentData() == "reached", timeout=10000)


def test_the_worklist_says_which_prescriptions_cannot_be_printed(qtbot, ctx: ClinicContext) -> None:  # type: ignore[no-untyped-def]
    good = _received(ctx, status="in_progress")
    bad = _received(ctx, tamper=True, status="in_progress")
    items = ctx.services.consults.worklist().result(30)
    assert {i.consult_id: i.printable for i in items} == {good: True, bad: False}
    home = HomePage()
    qtbot.addWidget(home)
    home.show_worklist(items)
    texts = {
        home.worklist_model.index(r, 0).data(ConsultIdRole): home.worklist_model.index(r, 0).data()
        for r in range(home.worklist_model.rowCount())
    }
    assert texts[good] == "Prescription received: print it"
    assert texts[bad] == "Prescription received: cannot be printed (open it to see why)"


@pytest.mark.parametrize("slip", [False, True])
def test_print_goes_to_the_chosen_printer_after_its_audit_entry(
    qtbot, ctx: ClinicContext, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, slip: bool
) -> None:  # type: ignore[no-untyped-def]
    content = copy.deepcopy(CONTENT)
    content["referral"] = {"facility": "CHC Ashta", "reason": "X-ray chest", "urgency": "urgent"}
    cid = _received(ctx, content)
    view = _view(qtbot, ctx)
    view.show_consult(cid)
    qtbot.waitUntil(view.slip_button.isEnabled)
    out = tmp_path / "printed.pdf"

    def fake_exec(dialog: QPrintDialog) -> int:  # the operator picks a printer (a PDF file)
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(out))
        return int(QPrintDialog.DialogCode.Accepted.value)

    monkeypatch.setattr(QPrintDialog, "exec", fake_exec)
    with qtbot.waitSignal(view.printed, timeout=10000):
        (view.on_print_slip if slip else view.on_print)()
    qtbot.waitUntil(out.exists)
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert ("Referral slip" in text) is slip and "CHC Ashta" in text and "MPMC-12345" in text
    with ctx.services.clinic.db.read_session() as s:
        prints = s.scalars(select(AuditEntry).where(AuditEntry.action == "print")).all()
        assert [a.entity_type for a in prints] == ["referral" if slip else "prescription"]
