"""The patient's page: earlier consults, recording segments and attachments newest first
(qtmodeltester), each opening its consult; "same person" in the duplicate warning leads
here; the summary stays above the consult."""

from __future__ import annotations

from datetime import date

from desktop.core.duplicates import Decision
from desktop.core.patient import Patient
from desktop.storage import consult_repo, patient_repo
from desktop.ui.clinic_context import ClinicContext
from desktop.ui.patients.workspace import SpokeWorkspace
from tests.desktop.ui.clinic_ui_fixtures import TODAY, ctx

_ = ctx


def _history(ctx: ClinicContext) -> tuple[Patient, str, str]:
    p = Patient(
        "Kamla",
        "Bai",
        "female",
        date(1975, 1, 1),
        birth_estimated=True,
        mobile="9812345670",
        abha_number="91504661372897",
        state_lgd=9,
        district="Sitapur",
        locality="Rampur",
    )
    ctx.services.clinic.writer.run(
        lambda s: patient_repo.register(s, p, ctx.actor, TODAY, Decision.NEW_PATIENT)
    )
    first = ctx.services.clinic.writer.run(
        lambda s: consult_repo.create_draft(s, p.id, ctx.actor)
    ).id
    segment = ctx.blobs.put("recording-segment", b"\x00" * 64)
    ctx.services.clinic.writer.run(
        lambda s: consult_repo.queue_recording_segment(s, first, segment, ctx.actor)
    )
    ref, thumb = consult_repo.store_attachment_blobs(ctx.blobs, b"%PDF-1.4 x", "application/pdf")
    ctx.services.clinic.writer.run(
        lambda s: consult_repo.attach(
            s, first, ref, thumb, "application/pdf", "lab-report.pdf", ctx.actor
        )
    )
    second = ctx.services.clinic.writer.run(
        lambda s: consult_repo.create_draft(s, p.id, ctx.actor)
    ).id
    return p, first, second


def test_same_person_opens_the_patient_with_earlier_consults_newest_first(
    ctx: ClinicContext, qtbot, qtmodeltester
) -> None:  # type: ignore[no-untyped-def]
    p, first, second = _history(ctx)
    workspace = SpokeWorkspace(ctx)
    qtbot.addWidget(workspace)
    page = workspace.patient_page
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        workspace.registration.same_person.emit(p)  # as the duplicate warning does
    assert workspace.currentWidget() is page
    qtmodeltester.check(page.model)
    rows = [
        (page.model.index(r, 1).data(), page.model.item(r).consult_id)
        for r in range(page.model.rowCount())
    ]
    assert rows == [
        ("Consult", second),
        ("Attachment: lab-report.pdf", first),
        ("Recording, segment 1", first),
        ("Consult", first),
    ]
    assert page.summary.name.text() == "Kamla Bai"
    assert "~51 years" in page.summary.details.text()  # the age stays marked estimated
    assert "ABHA 91-5046-6137-2897" in page.summary.details.text()
    page.table.activated.emit(page.model.index(1, 1))  # the attachment: opens its consult
    qtbot.waitUntil(lambda: workspace.intake.consult is not None, timeout=10_000)
    assert workspace.intake.consult is not None and workspace.intake.consult.id == first
    assert workspace.currentWidget() is workspace.intake


def test_the_summary_stays_visible_above_the_consult(ctx: ClinicContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    p, first, _second = _history(ctx)
    workspace = SpokeWorkspace(ctx)
    qtbot.addWidget(workspace)
    workspace.resize(1366, 768)
    workspace.show()
    workspace.open_consult(first)
    qtbot.waitUntil(lambda: workspace.intake.consult is not None, timeout=10_000)
    assert workspace.summary.isVisible() and workspace.summary.name.text() == "Kamla Bai"
    assert workspace.summary.allergies.text() == "Allergies: none recorded"
    workspace.intake.fields.allergies.setText("Penicillin")
    assert workspace.summary.allergies.text() == "Allergies: Penicillin"
    # Scrolling the form does not move the summary: it sits outside the scroll area.
    assert workspace.summary.parent() is workspace.intake
