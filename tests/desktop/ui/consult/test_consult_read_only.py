"""A locked consult looks read-only: every field greyed as read-only or disabled, and a note
above them saying it is locked and that an addendum is the way to add to it."""

from __future__ import annotations

from datetime import UTC, date, datetime

from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QWidget,
)

from desktop.core.consent import Consent, ConsentKind, GivenBy
from desktop.core.duplicates import Decision
from desktop.core.patient import Patient
from desktop.storage import consult_repo, patient_repo
from desktop.ui.clinic_context import ClinicContext
from desktop.ui.consult.intake_page import ConsultIntakePage
from desktop.ui.consult.read_only import LockedNote
from tests.desktop.ui.clinic_ui_fixtures import TODAY, ctx

_ = ctx


def _patient(ctx: ClinicContext) -> Patient:
    p = Patient(
        "Kamla",
        "Devi",
        "female",
        date(1970, 1, 1),
        mobile="9876501234",
        state_lgd=9,
        district="Sitapur",
        locality="Rampur",
    )
    ctx.services.clinic.writer.run(
        lambda s: patient_repo.register(s, p, ctx.actor, TODAY, Decision.NEW_PATIENT)
    )
    return p


def _ready_consult(ctx: ClinicContext, p: Patient) -> str:
    c = ctx.services.clinic.writer.run(lambda s: consult_repo.create_draft(s, p.id, ctx.actor))
    c.complaints, c.specialty, c.allergies = ["cough"], "general_medicine", "Penicillin"
    ctx.services.clinic.writer.run(lambda s: consult_repo.autosave(s, c, ctx.actor))
    yes = Consent(
        ConsentKind.TELECONSULTATION, True, GivenBy.PATIENT, "cho.meena", datetime.now(UTC)
    )
    ctx.services.clinic.writer.run(
        lambda s: consult_repo.record_consent(s, c.id, yes, p, TODAY, ctx.actor)
    )
    ctx.services.clinic.writer.run(lambda s: consult_repo.mark_ready(s, c.id, p, TODAY, ctx.actor))
    return c.id


def _open(ctx: ClinicContext, qtbot, p: Patient, consult_id: str | None) -> ConsultIntakePage:  # type: ignore[no-untyped-def]
    page = ConsultIntakePage(ctx)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    page.open_for(p, consult_id)
    qtbot.waitUntil(lambda: page.consult is not None, timeout=10_000)
    return page


def _background(edit: QWidget) -> QColor:
    """The colour inside an input, right of any text."""
    image = edit.grab().toImage()
    return image.pixelColor(image.width() - 8, image.height() // 2)


def _inputs(page: ConsultIntakePage) -> list[QWidget]:
    kinds = (QLineEdit, QPlainTextEdit, QAbstractSpinBox, QComboBox, QListWidget)
    found = [w for kind in kinds for w in page.fields.findChildren(kind)]
    return [w for w in found if not page.addendum_group.isAncestorOf(w)]


def test_a_locked_consult_looks_read_only(ctx: ClinicContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    p = _patient(ctx)
    draft = _open(ctx, qtbot, p, None)
    draft_note = draft.findChild(LockedNote)
    assert draft_note is None or not draft_note.isVisible()
    editable = _background(draft.fields.allergies)

    page = _open(ctx, qtbot, p, _ready_consult(ctx, p))
    note = page.findChild(LockedNote)
    assert note is not None and note.isVisible()
    assert note.text().startswith("Locked — ") and "addendum" in note.text()
    assert note.geometry().bottom() < page.complaints.mapTo(page, QPoint(0, 0)).y()  # above
    inputs = _inputs(page)
    assert inputs
    editable_left = [
        type(w).__name__
        for w in inputs
        if w.isEnabled() and not getattr(w, "isReadOnly", lambda: False)()
    ]
    assert editable_left == []
    assert not page.attachments.add_button.isEnabled() and not page.consent.isEnabled()
    assert page.fields.allergies.text() == "Penicillin"
    assert _background(page.fields.allergies) != editable  # greyed, not the white "type here"
    assert _background(page.fields.complaint_text) != _background(draft.fields.complaint_text)
    assert page.addendum_group.isVisible() and not page.addendum_group.text.isReadOnly()


def test_another_consult_opens_at_its_top(ctx: ClinicContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Read down to the vitals of one consult, then open another (the read-only one): it
    starts at its heading and complaints, not scrolled where the last one was left."""
    p = _patient(ctx)
    locked = _ready_consult(ctx, p)
    page = _open(ctx, qtbot, p, None)
    page.resize(1366, 600)
    bar = page.scroll_area.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=5_000)
    page.scroll_area.ensureWidgetVisible(page.vitals.edits["spo2"])
    assert bar.value() > 0
    page.open_for(p, locked)
    qtbot.waitUntil(lambda: page.consult is not None and page.consult.id == locked, timeout=10_000)
    assert bar.value() == 0
