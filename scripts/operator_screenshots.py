"""Screenshots of the operator's day at 1366x768 (home worklist, patient page, consult with
the patient summary and vitals messages, settings, duplicate warning) in English and Hindi,
offscreen, into docs/screenshots/.

    QT_QPA_PLATFORM=offscreen python scripts/operator_screenshots.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pyrage import x25519  # noqa: E402
from PySide6.QtCore import QCoreApplication  # noqa: E402
from sqlalchemy import update  # noqa: E402

from desktop import paths  # noqa: E402
from desktop.core.consult import Status  # noqa: E402
from desktop.services.bundle import Services  # noqa: E402
from desktop.settings import Settings  # noqa: E402
from desktop.storage import consult_repo, daybook, migrate, outbox_labels  # noqa: E402
from desktop.storage.audit import Actor  # noqa: E402
from desktop.storage.blobs import BlobStore  # noqa: E402
from desktop.storage.db import Database  # noqa: E402
from desktop.storage.models.clinical import ConsultRecord  # noqa: E402
from desktop.storage.writer import DbWriter  # noqa: E402
from desktop.sync.outbox import Item, OutboxQueue  # noqa: E402
from desktop.ui import i18n  # noqa: E402
from desktop.ui.app import create_application  # noqa: E402
from desktop.ui.clinic_context import ClinicContext  # noqa: E402
from desktop.ui.patients.workspace import SpokeWorkspace  # noqa: E402
from desktop.ui.shell import build_shell  # noqa: E402
from desktop.ui.sync import SyncBridge, SyncPage  # noqa: E402
from scripts.spoke_screenshots import TODAY, seed, settle, shot  # noqa: E402

SIZE = (1366, 768)


def seed_consults(ctx: ClinicContext) -> str:
    """Open consults in every state of the worklist, for the seeded patients."""
    with ctx.services.clinic.db.read_session() as s:
        from desktop.storage.models.clinical import PatientRecord

        ids = list(s.scalars(PatientRecord.__table__.select().with_only_columns(PatientRecord.id)))
    states = [Status.PRESCRIBED, Status.DRAFT, Status.READY, Status.WITH_HUB, Status.CLOSED]
    first = ""
    for pid, status in zip(ids, states, strict=False):
        c = ctx.services.clinic.writer.run(
            lambda s, pid=pid: consult_repo.create_draft(s, pid, ctx.actor)
        )
        c = ctx.services.clinic.writer.run(
            lambda s, c=c: (
                consult_repo.autosave(
                    s, c.__class__(**{**c.__dict__, "complaints": ["fever", "cough"]}), ctx.actor
                )
                and consult_repo.load(s, c.id)
            )
        )
        ctx.services.clinic.writer.run(
            lambda s, cid=c.id, status=status: s.execute(
                update(ConsultRecord).where(ConsultRecord.id == cid).values(status=status.value)
            )
        )
        first = first or c.id
    return first


class _Engine:
    """The sync engine's part the page reads: the unsent rows (no hub here)."""

    def __init__(self, ctx: ClinicContext, failing: bool = False) -> None:
        clinic = ctx.services.clinic
        self.queue = OutboxQueue(clinic.db, clinic.writer)
        self.failing = failing

    def unsent(self) -> list[Item]:
        items = self.queue.unsent()
        if self.failing and len(items) > 2:  # the third has been tried: the hub was away
            third = items[2]
            items[2] = Item(
                **{**third.__dict__, "attempts": 2, "last_error": "HubUnreachableError"}
            )
        return items

    def retry_now(self, item_id: int | None = None) -> None:
        return None


def sync_shots(lang: str, ctx: ClinicContext, locked_id: str) -> None:
    """The sync page in the main window: labelled waiting items, then an empty list."""
    kept: list[object] = []  # alive until every answer of their operations has arrived
    for name, engine in (("sync-page", _Engine(ctx, failing=True)), ("sync-page-empty", None)):
        bridge = SyncBridge()
        kept.append(bridge)
        bridge.engine = engine  # type: ignore[assignment]
        page = SyncPage(bridge, describe=lambda items: _labels(ctx, items))
        framed = build_shell(
            Settings(language=lang),
            facility="HWC Pipariya",
            pages=[("sync", lambda: QCoreApplication.translate("ClinicApp", "Sync"), page)],
        )
        framed.window.resize(*SIZE)
        framed.window.show()
        framed.window.show_page("sync")
        pending = len(engine.unsent()) if engine is not None else 0
        page.on_status_changed("offline", pending, "04-12-2026 16:20", "HubUnreachableError", "")
        if engine is not None:
            bridge.refresh_items()
            settle(lambda page=page: "·" in (page.model.index(0, 0).data() or ""))

            page.retry_button.click()
            settle(lambda page=page: page.retry_button.isEnabled())
        else:
            page.on_items_loaded([])
        shot(framed.window, name, lang)
        framed.window.close()
        kept.append(framed)
    settle()


def _labels(ctx: ClinicContext, items: list[Item]) -> dict[int, outbox_labels.OutboxLabel]:
    with ctx.services.clinic.db.read_session() as session:
        return outbox_labels.describe(session, items)


def run(lang: str, ctx: ClinicContext, sunita_id: str, locked_id: str) -> None:
    i18n.install(lang)
    settle()
    shell = build_shell(Settings(language=lang), facility="HWC Pipariya")
    shell.home.add_action(  # as ClinicApp adds it (its translation context)
        "patients", lambda: QCoreApplication.translate("ClinicApp", "Find or register a patient")
    )
    shell.home.show_worklist(
        ctx.services.clinic.writer.run(lambda s: daybook.worklist(s, ctx.actor))
    )
    shell.window.resize(*SIZE)
    shell.window.show()
    shot(shell.window, "home-worklist", lang)
    shell.window.show_page("settings")
    shot(shell.window, "settings", lang)
    shell.window.close()

    workspace = SpokeWorkspace(ctx)
    workspace.resize(*SIZE)
    workspace.show()
    from desktop.storage import patient_repo

    sunita = ctx.services.clinic.writer.run(lambda s: patient_repo.get(s, sunita_id))
    workspace.on_show_patient(sunita)
    settle(lambda: workspace.patient_page.model.rowCount() > 0)
    shot(workspace, "patient-page", lang)
    workspace.on_patient_saved(sunita)
    settle(lambda: workspace.intake.consult is not None)
    intake = workspace.intake
    intake.fields.allergies.setText("Penicillin")
    intake.vitals.edits["systolic"].setText("300")
    intake.vitals.edits["diastolic"].setText("20")
    intake.vitals.edits["temperature"].setText("98.6")
    intake.vitals.edits["pulse"].setText("7O")
    intake.vitals.edits["spo2"].setText("104")
    scroll = intake.fields.vitals
    scroll.setFocus()
    settle()
    area = intake.findChild(type(intake.fields.parentWidget().parentWidget()))
    if area is not None and hasattr(area, "ensureWidgetVisible"):
        area.ensureWidgetVisible(intake.vitals.edits["spo2"])
    shot(workspace, "consult-summary-vitals", lang)
    workspace.open_consult(locked_id)
    settle(lambda: intake.consult is not None and intake.consult.id == locked_id)
    shot(workspace, "consult-locked", lang)
    workspace.close()

    # The consult as a clinic PC shows it: in the main window, next to the navigation.
    inside = SpokeWorkspace(ctx)
    framed = build_shell(
        Settings(language=lang),
        facility="HWC Pipariya",
        pages=[("patients", lambda: QCoreApplication.translate("ClinicApp", "Patients"), inside)],
    )
    framed.window.resize(*SIZE)
    framed.window.show()
    framed.window.show_page("patients")
    inside.on_patient_saved(sunita)
    settle(lambda: inside.intake.consult is not None)
    shot(framed.window, "consult-in-window", lang)
    framed.window.close()
    sync_shots(lang, ctx, locked_id)


def prepare(ctx: ClinicContext) -> str:
    """Consults in every state for the seeded patients, two recording segments of the
    read-only one waiting for the hub; returns that consult's id."""
    locked_id = seed_consults(ctx)
    writer = ctx.services.clinic.writer
    for n in range(2):  # two recording segments of that consult wait for the hub
        ref = ctx.blobs.put("recording-segment", bytes([n]) * 64)
        writer.run(
            lambda s, ref=ref: consult_repo.queue_recording_segment(s, locked_id, ref, ctx.actor)
        )
    return locked_id


def main() -> None:
    app = create_application([])
    with tempfile.TemporaryDirectory() as tmp:
        locs = paths.init(Path(tmp) / "profile")
        db = Database(locs.database, os.urandom(32))
        migrate.upgrade(db)
        writer = DbWriter(db)
        ctx = ClinicContext(
            Services.open(
                db,
                writer,
                BlobStore(locs.blobs, x25519.Identity.generate()),
                Actor("cho.meena", "operator", "screenshots"),
            ),
            today=lambda: TODAY,
        )
        sunita = seed(ctx)
        locked_id = prepare(ctx)
        for lang in ("en", "hi"):
            run(lang, ctx, sunita.id, locked_id)
        writer.close()
        db.dispose()
    app.quit()


if __name__ == "__main__":
    main()
