"""Views re-read storage when a service announces a change: no timer runs, no UI action
asks. A patient registered through the service (as another page or the puller would) shows
in the patient list; a hidden list re-reads when it is shown again; a sent consult on screen
shows the status storage holds after the hub's news is announced."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from PySide6.QtCore import QTimer

from desktop.changes import Change, Kind
from desktop.core.consent import Consent, ConsentKind, GivenBy
from desktop.core.consult import Status
from desktop.core.patient import Patient
from desktop.storage import consult_repo
from desktop.ui.clinic_context import ClinicContext
from desktop.ui.patients.search_page import PatientSearchPage
from desktop.ui.patients.workspace import SpokeWorkspace
from tests.desktop.ui.clinic_ui_fixtures import TODAY, ctx
from tests.helpers.clinical import person

_ = ctx


def _no_timer_running(page: PatientSearchPage) -> bool:
    return not any(t.isActive() for t in page.findChildren(QTimer))


def test_patient_list_refreshes_from_the_announcement(ctx: ClinicContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = PatientSearchPage(ctx)
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.model.loaded, timeout=10_000):
        page.start()
    assert page.model.rowCount() == 0
    assert _no_timer_running(page)
    heard: list[Change] = []
    ctx.services.bus.subscribe(heard.append)
    with qtbot.waitSignal(page.model.loaded, timeout=10_000):
        ctx.services.patients.register(person("Sunita", "Devi", sex="female"), TODAY)
    assert page.model.rowCount() == 1
    assert [c.kind for c in heard] == [Kind.PATIENT, Kind.OUTBOX]


def test_a_hidden_list_rereads_when_shown(ctx: ClinicContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = PatientSearchPage(ctx)
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.model.loaded, timeout=10_000):
        page.start()
    page.hide()
    announced: list[Change] = []
    ctx.services.bus.subscribe(announced.append)
    ctx.services.patients.register(person("Kamla"), TODAY).result(10)
    qtbot.waitUntil(lambda: page._stale, timeout=10_000)  # heard, not read while hidden
    assert page.model.rowCount() == 0 and announced
    with qtbot.waitSignal(page.model.loaded, timeout=10_000):
        page.show()
    assert page.model.rowCount() == 1 and not page._stale


def _sent_consult(ctx: ClinicContext) -> tuple[Patient, str]:
    """A patient and a consult marked ready (sent: locked), through the services."""
    services = ctx.services
    p = services.patients.register(person("Kamla"), TODAY).result(10).patient
    c = services.consults.create_draft(p.id).result(10)
    c.complaints, c.specialty = ["cough"], "general_medicine"
    yes = Consent(ConsentKind.TELECONSULTATION, True, GivenBy.PATIENT, "cho", datetime.now(UTC))
    services.consults.record_consents(c.id, [yes], p, TODAY).result(10)
    services.consults.mark_ready(c, p, TODAY).result(10)
    return p, c.id


def test_open_consult_rereads_its_status_when_the_hub_moved_it(ctx: ClinicContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    """As the puller would: storage moves the consult on, then the change is announced; the
    consult on screen shows the new status (no timer, no click)."""
    p, cid = _sent_consult(ctx)
    ws = SpokeWorkspace(ctx)
    qtbot.addWidget(ws)
    ws.show()
    ws.open_consult(cid)
    qtbot.waitUntil(lambda: ws.intake.consult is not None, timeout=10_000)
    assert ws.intake.consult is not None and ws.intake.consult.status is Status.READY
    assert _no_timer_running(ws.search)
    clinic = ctx.services.clinic
    clinic.writer.run(lambda s: consult_repo.move(s, cid, Status.WITH_HUB, ctx.actor))
    dashed = str(uuid.UUID(hex=cid.replace("-", "")))  # the hub's spelling of the id
    ctx.services.bus.announce(Change(Kind.CONSULT, (dashed,), "pulled"))
    qtbot.waitUntil(
        lambda: ws.intake.consult is not None and ws.intake.consult.status is Status.WITH_HUB,
        timeout=10_000,
    )
    assert ws.intake.status.text() == "With the hub"
