"""Hub news on the spoke's screen: the hub status line describes the consult shown and goes
away when another one (or none) is shown. (The prescription banner names the patient, read
from storage: tests/desktop/sync/test_sync_news_ui.py.)"""

from __future__ import annotations

import re
import uuid

from PySide6.QtWidgets import QMainWindow
from sqlalchemy import select

from desktop.changes import ChangeBus
from desktop.core.duplicates import Decision
from desktop.services.hub_news import HubNewsService, announcer
from desktop.storage import consult_repo, patient_repo
from desktop.storage.hub_news import HubNews
from desktop.storage.models.audit import AuditEntry
from desktop.sync.news import StorageSink
from desktop.ui.clinic_context import ClinicContext
from desktop.ui.patients.workspace import SpokeWorkspace
from desktop.ui.sync import notify
from tests.desktop.ui.clinic_ui_fixtures import TODAY, ctx
from tests.desktop.ui.consult.consult_screen import adult, child

_ = ctx
HEX = re.compile(r"[0-9a-f]{6,}")


def _patient_with_consult(ctx: ClinicContext, p):  # type: ignore[no-untyped-def]
    ctx.services.clinic.writer.run(
        lambda s: patient_repo.register(
            s, p, ctx.services.clinic.actor, TODAY, Decision.NEW_PATIENT
        )
    )
    c = ctx.services.clinic.writer.run(
        lambda s: consult_repo.create_draft(s, p.id, ctx.services.clinic.actor)
    )
    return str(uuid.UUID(c.id))  # as the hub writes it


def _reads_of(ctx: ClinicContext, patient_id: str) -> int:
    with ctx.services.clinic.db.read_session() as s:
        rows = s.scalars(
            select(AuditEntry).where(
                AuditEntry.action == "read", AuditEntry.patient_id == patient_id
            )
        ).all()
    return len(rows)


def test_the_hub_status_line_belongs_to_the_consult_shown(
    ctx: ClinicContext,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    asha, chotu = adult("Asha", "Verma"), child("Chotu", "Kumar", guardian="Suresh Kumar")
    for p in (asha, chotu):
        ctx.services.clinic.writer.run(
            lambda s, p=p: patient_repo.register(
                s, p, ctx.services.clinic.actor, TODAY, Decision.NEW_PATIENT
            )
        )
    window = QMainWindow()
    ws = SpokeWorkspace(ctx)
    window.setCentralWidget(ws)
    qtbot.addWidget(window)
    window.show()
    clinic, bus = ctx.services.clinic, ChangeBus()
    notifier = notify.install(window, HubNewsService(clinic.db), bus, ws)
    sink = StorageSink(clinic.writer, announcer(bus))  # what the puller stores

    def hub_says(consult_id: str, status: str, position: int | None = None) -> None:
        with qtbot.waitSignal(notifier.watch.changed, timeout=5000):
            sink(HubNews(str(uuid.UUID(consult_id)), status, position=position, wait_seconds=600))

    label = notifier.queue_label

    def show(p) -> str:  # type: ignore[no-untyped-def]
        ws.intake.open_for(p)
        qtbot.waitUntil(
            lambda: ws.intake.consult is not None and ws.intake.consult.patient_id == p.id,
            timeout=10_000,
        )
        return ws.intake.consult.id

    asha_consult = show(asha)
    hub_says(asha_consult, "queued", 2)
    assert label.text().startswith("Hub: waiting for a doctor, position 2") and label.isVisible()
    chotu_consult = show(chotu)
    assert label.text() == "" and not label.isVisible()  # at once: not A's news on B
    hub_says(asha_consult, "assigned")
    assert label.text() == "" and not label.isVisible()  # news of A while B is shown
    hub_says(chotu_consult, "assigned")
    assert label.text() == "Hub: a doctor has taken this consultation"
    ws.intake.open_for(asha, asha_consult)
    assert label.text() == "" and not label.isVisible()  # nothing while A is on its way
    qtbot.waitUntil(lambda: ws.intake.consult is not None, timeout=10_000)
    assert label.text() == "Hub: a doctor has taken this consultation"  # A's own news
    ws.intake.on_close()
    assert label.text() == "" and not label.isVisible()


def test_the_wait_is_said_in_hindi_too(ctx: ClinicContext) -> None:
    from desktop.ui import i18n

    assert notify.wait_text(600) == "about 10 min"
    i18n.install("hi")
    assert notify.wait_text(600) == "लगभग 10 मिनट"  # was left in English (a plural lookup)
    assert notify.wait_text(None) == ""
