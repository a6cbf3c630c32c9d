"""Opening an existing consult in the intake page is a read of patient data: it writes a
``read`` audit entry for that consult and patient in the same transaction."""

from __future__ import annotations

from sqlalchemy import select

from desktop.storage import consult_repo
from desktop.storage.models.audit import AuditEntry
from desktop.ui.clinic_context import ClinicContext
from desktop.ui.consult.intake_page import ConsultIntakePage
from tests.desktop.ui.clinic_ui_fixtures import ctx
from tests.desktop.ui.consult.test_consult_edit_addendum import _patient

_ = ctx


def test_opening_a_consult_is_audited(ctx: ClinicContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    p = _patient(ctx)
    c = ctx.services.clinic.writer.run(lambda s: consult_repo.create_draft(s, p.id, ctx.actor))
    page = ConsultIntakePage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.open_for(p, c.id)
    qtbot.waitUntil(lambda: page.consult is not None, timeout=10_000)
    with ctx.services.clinic.db.read_session() as s:
        reads = s.scalars(
            select(AuditEntry).where(AuditEntry.action == "read", AuditEntry.entity_id == c.id)
        ).all()
    assert [(e.entity_type, e.patient_id, e.actor) for e in reads] == [
        ("consult", p.id, ctx.actor.username)
    ]
