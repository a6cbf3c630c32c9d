"""Hub news on the spoke's screen: the prescription banners (status bar and Sync page) name
the patient, never an id fragment; the hub status line describes the consult shown and
goes away when another one (or none) is shown."""

from __future__ import annotations

import re
import uuid

from PySide6.QtWidgets import QMainWindow
from sqlalchemy import select

from desktop.core.duplicates import Decision
from desktop.storage import consult_repo, patient_repo
from desktop.storage.models.audit import AuditEntry
from desktop.ui.clinic_context import ClinicContext
from desktop.ui.patients.workspace import SpokeWorkspace
from desktop.ui.sync import notify
from desktop.ui.sync.bridge import SyncBridge
from desktop.ui.sync.page import SyncPage
from desktop.ui.sync.patient_names import PatientNames
from tests.desktop.ui.clinic_ui_fixtures import TODAY, ctx
from tests.desktop.ui.consult.consult_screen import adult, child

_ = ctx
HEX = re.compile(r"[0-9a-f]{6,}")


def _patient_with_consult(ctx: ClinicContext, p):  # type: ignore[no-untyped-def]
    ctx.writer.run(lambda s: patient_repo.register(s, p, ctx.actor, TODAY, Decision.NEW_PATIENT))
    c = ctx.writer.run(lambda s: consult_repo.create_draft(s, p.id, ctx.actor))
    return str(uuid.UUID(c.id))  # as the hub writes it


def _reads_of(ctx: ClinicContext, patient_id: str) -> int:
    with ctx.db.read_session() as s:
        rows = s.scalars(
            select(AuditEntry).where(
                AuditEntry.action == "read", AuditEntry.patient_id == patient_id
            )
        ).all()
    return len(rows)


def test_both_prescription_banners_name_the_patient_with_one_audited_read(
    ctx: ClinicContext,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    asha = adult("Asha", "Verma")
    hub_id = _patient_with_consult(ctx, asha)
    window = QMainWindow()
    qtbot.addWidget(window)
    bridge = SyncBridge()
    names = PatientNames(ctx, window)
    sounds: list[int] = []
    notifier = notify.HubNotifier(window, bridge, play=lambda: sounds.append(1), names=names.lookup)
    page = SyncPage(bridge, names=names.lookup)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.prescription_shown, timeout=10_000):
        bridge.prescription_arrived.emit(hub_id, {"id": "rx-1"})
    qtbot.waitUntil(lambda: sounds == [1], timeout=10_000)
    want = "A prescription has arrived from the hub doctor for Asha Verma."
    assert notifier.banner_text.text() == want and page.banner_text.text() == want
    for text in (notifier.banner_text.text(), page.banner_text.text()):
        assert not HEX.search(text) and hub_id[:8] not in text
    assert _reads_of(ctx, asha.id) == 1  # the name shown is an audited read, once


def test_a_consult_not_on_this_pc_gets_a_banner_without_a_name_or_id(
    ctx: ClinicContext,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    bridge = SyncBridge()
    names = PatientNames(ctx, window)
    notifier = notify.HubNotifier(window, bridge, play=lambda: None, names=names.lookup)
    stranger = str(uuid.uuid4())
    with qtbot.waitSignal(notifier.notified, timeout=10_000):
        bridge.prescription_arrived.emit(stranger, {"id": "rx-2"})
    assert notifier.banner_text.text() == "A prescription has arrived from the hub doctor."


def test_the_hub_status_line_belongs_to_the_consult_shown(
    ctx: ClinicContext,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    asha, chotu = adult("Asha", "Verma"), child("Chotu", "Kumar", guardian="Suresh Kumar")
    for p in (asha, chotu):
        ctx.writer.run(
            lambda s, p=p: patient_repo.register(s, p, ctx.actor, TODAY, Decision.NEW_PATIENT)
        )
    window = QMainWindow()
    ws = SpokeWorkspace(ctx)
    window.setCentralWidget(ws)
    qtbot.addWidget(window)
    window.show()
    bridge = SyncBridge()
    notifier = notify.install(window, bridge, ws)
    label = notifier.queue_label

    def show(p) -> str:  # type: ignore[no-untyped-def]
        ws.intake.open_for(p)
        qtbot.waitUntil(
            lambda: ws.intake.consult is not None and ws.intake.consult.patient_id == p.id,
            timeout=10_000,
        )
        return ws.intake.consult.id

    asha_consult = show(asha)
    bridge.consult_updated.emit(str(uuid.UUID(asha_consult)), "queued", 2, 600)
    assert label.text().startswith("Hub: waiting for a doctor, position 2") and label.isVisible()
    chotu_consult = show(chotu)
    assert label.text() == "" and not label.isVisible()  # at once: not A's news on B
    bridge.consult_updated.emit(str(uuid.UUID(asha_consult)), "assigned", None, None)
    assert label.text() == "" and not label.isVisible()  # news of A while B is shown
    bridge.consult_updated.emit(chotu_consult, "assigned", None, None)
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
