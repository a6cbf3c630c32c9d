"""Views re-read storage when a service announces a change: no timer runs, no UI action
asks. A patient registered through the service (as another page or the puller would) shows
in the patient list; a hidden list re-reads when it is shown again."""

from __future__ import annotations

from PySide6.QtCore import QTimer

from desktop.services.changes import Change, Kind
from desktop.ui.clinic_context import ClinicContext
from desktop.ui.patients.search_page import PatientSearchPage
from tests.desktop.storage.clinical_fixtures import person
from tests.desktop.ui.clinic_ui_fixtures import TODAY, ctx

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
