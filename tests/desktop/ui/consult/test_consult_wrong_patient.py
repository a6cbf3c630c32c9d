"""Issue 12: after patient A's consult (picture, snapshot, consent, ready), patient B's new
consult showed A's thumbnails and consent lines, and A's draft then showed B's guardian.
The consult screen is built from the consult it shows, whatever was shown before."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from desktop.core.consent import GivenBy
from desktop.core.duplicates import Decision
from desktop.core.patient import Patient
from desktop.storage import consult_repo, patient_repo
from desktop.ui.clinic_context import ClinicContext
from desktop.ui.patients.workspace import SpokeWorkspace
from tests.desktop.ui.clinic_ui_fixtures import TODAY, ctx
from tests.desktop.ui.consult.consult_screen import (
    adult,
    child,
    picture,
    picture_bytes,
    screen_text,
)

_ = ctx


def _register(ctx: ClinicContext, p: Patient) -> Patient:
    ctx.services.clinic.writer.run(
        lambda s: patient_repo.register(
            s, p, ctx.services.clinic.actor, TODAY, Decision.NEW_PATIENT
        )
    )
    return p


def _wait_for(qtbot, ws: SpokeWorkspace, patient: Patient) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(
        lambda: ws.intake.consult is not None and ws.intake.consult.patient_id == patient.id,
        timeout=10_000,
    )


def test_the_next_patients_consult_shows_nothing_of_the_one_before(
    ctx: ClinicContext,
    qtbot,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    asha = _register(ctx, adult("Asha", "Verma"))
    chotu = _register(ctx, child("Chotu", "Kumar", guardian="Suresh Kumar"))
    ws = SpokeWorkspace(ctx)
    qtbot.addWidget(ws)
    ws.resize(1366, 768)
    ws.show()
    intake = ws.intake

    # Patient A: a picture, a camera snapshot, consent, complaints; marked ready.
    ws.on_patient_saved(asha)  # as the registration form does
    _wait_for(qtbot, ws, asha)
    intake.on_attach_file(str(picture(tmp_path / "asha-rash.png", "red")), "image/png")
    qtbot.waitUntil(lambda: intake.attachments.model.rowCount() == 1, timeout=10_000)
    ref, thumb = consult_repo.store_attachment_blobs(
        ctx.services.clinic.blobs, picture_bytes("red", ".jpg"), "image/jpeg"
    )
    intake.attach_stored(ref, thumb, "image/jpeg", "Camera snapshot")
    qtbot.waitUntil(lambda: intake.attachments.model.rowCount() == 2, timeout=10_000)
    intake.consent.teleconsultation.setChecked(True)
    intake.consent.on_record()
    qtbot.waitUntil(lambda: "Teleconsultation: yes" in intake.consent.summary.text())
    intake.complaint_text.setPlainText("Rash on the forearm")
    intake.specialty.setCurrentIndex(intake.specialty.findData("general_medicine"))
    with qtbot.waitSignal(intake.ready, timeout=10_000) as sent:
        intake.on_mark_ready()
    ready_id = sent.args[0].id

    # Patient B, a child: a new consult with nothing of A's.
    ws.on_patient_saved(chotu)
    _wait_for(qtbot, ws, chotu)
    assert intake.attachments.model.rowCount() == 0
    assert intake.consent.summary.text() == ""
    assert not intake.consent.teleconsultation.isChecked()
    assert intake.consent.given_by.currentData() == GivenBy.GUARDIAN.value
    assert intake.consent.guardian_name.text() == "Suresh Kumar"
    text = screen_text(intake)
    for of_a in ("Asha", "asha-rash.png", "Camera snapshot", "Rash on the forearm", "cho.meena"):
        assert of_a not in text
    assert intake.ready_button.isEnabled() and not intake.conditions.isReadOnly()
    assert not intake.addendum_group.isVisible()

    # A's draft afterwards: A answers for herself, no guardian of B's.
    draft = ctx.services.clinic.writer.run(
        lambda s: consult_repo.create_draft(s, asha.id, ctx.services.clinic.actor)
    )
    intake.open_for(asha, draft.id)
    qtbot.waitUntil(lambda: intake.consult is not None and intake.consult.id == draft.id)
    assert intake.consent.given_by.currentData() == GivenBy.PATIENT.value
    assert intake.consent.guardian_name.text() == ""
    assert not intake.consent.guardian_name.isEnabled()
    assert "Suresh" not in screen_text(intake) and "Chotu" not in screen_text(intake)
    assert intake.attachments.model.rowCount() == 0

    # And A's ready consult shows its own two attachments again, locked.
    intake.open_for(asha, ready_id)
    qtbot.waitUntil(lambda: intake.consult is not None and intake.consult.id == ready_id)
    titles = [a.title for a, _icon in intake.attachments.model.items]
    assert titles == ["asha-rash.png", "Camera snapshot"]
    assert intake.complaints.isEnabled() is False and intake.addendum_group.isVisibleTo(intake)
    assert "Teleconsultation: yes" in intake.consent.summary.text()
    assert intake.complaints.item(0).checkState() == Qt.CheckState.Unchecked
