"""The spoke dashboard in the running app: beside the worklist on Home, it re-reads storage
when a consult change is announced (no timer), each count opens the consults behind it, and
a row there opens the consult. Screenshots of Home with it, English and Hindi, 1366x768."""

from __future__ import annotations

import gc
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication

from desktop.core.duplicates import Decision
from desktop.core.patient import Patient
from desktop.settings import Settings
from desktop.storage import patient_repo
from desktop.storage.session import UserSession
from desktop.storage.startup import open_storage
from desktop.ui import i18n
from desktop.ui.clinic_app import ClinicApp
from desktop.ui.reports.consult_list import ConsultListDialog

PASSWORD = "correct horse 1"
SHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"


@pytest.mark.qt_log_ignore("PulseAudioService", "pipewire")
def test_the_dashboard_follows_the_day_and_opens_what_it_counts(ready, qtbot) -> None:  # type: ignore[no-untyped-def]
    locs, keystore, _ = ready
    clinic = ClinicApp(Settings())
    clinic.storage = storage = open_storage(locs, keystore)
    clinic.session = session = UserSession(storage)
    try:
        assert session.login("asha", PASSWORD).result(10).ok
        actor = session.current.actor(storage.device)  # type: ignore[union-attr]
        patient = Patient(
            given_name="Kamla",
            family_name="Devi",
            sex="female",
            birth_date=date(1970, 3, 4),
            no_mobile_reason="none_owned",
            state_lgd=10,
            district="Gaya",
            locality="Bodh Gaya",
        )
        storage.writer.run(
            lambda s: patient_repo.register(s, patient, actor, date.today(), Decision.NEW_PATIENT)
        )
        shell = clinic.build_window()
        shell.window.resize(1366, 768)
        shell.window.show()
        panel = clinic.dashboard
        assert panel is not None and panel.isVisibleTo(shell.window)
        qtbot.waitUntil(lambda: panel.figures is not None, timeout=10_000)
        assert panel.count("today", "draft") == 0

        # A draft made through the service (as the consult screen does) is announced; the
        # dashboard re-reads storage.
        context = clinic._context
        assert context is not None
        context.services.consults.create_draft(patient.id).result(10)
        qtbot.waitUntil(lambda: panel.count("today", "draft") == 1, timeout=10_000)
        assert panel.today["draft"].text() == "1" and panel.month["draft"].text() == "1"
        home = shell.home
        qtbot.waitUntil(lambda: home.worklist_model.rowCount() == 1, timeout=10_000)

        i18n.install("hi")
        style = Path(__file__).resolve().parents[3] / "resources" / "style.qss"
        QApplication.instance().setStyleSheet(style.read_text(encoding="utf-8"))  # type: ignore[union-attr]
        QApplication.processEvents()  # the language change reaches every widget
        try:
            SHOTS.mkdir(parents=True, exist_ok=True)
            assert shell.window.grab().save(str(SHOTS / "spoke-dashboard-hi-1366x768.png"))
            i18n.install("en")
            QApplication.processEvents()
            assert shell.window.grab().save(str(SHOTS / "spoke-dashboard-en-1366x768.png"))
        finally:
            QApplication.instance().setStyleSheet("")  # type: ignore[union-attr]
            i18n.install("en")

        # The count opens the consults behind it; a row opens the consult.
        panel.today["draft"].click()
        qtbot.waitUntil(lambda: bool(shell.window.findChildren(ConsultListDialog)), timeout=10_000)
        (dialog,) = shell.window.findChildren(ConsultListDialog)
        assert dialog.model.rowCount() == 1
        dialog.on_activated(dialog.model.index(0, 0))
        workspace = clinic.workspace
        assert workspace is not None
        qtbot.waitUntil(lambda: workspace.intake.consult is not None, timeout=10_000)
        assert workspace.intake.consult.patient_id == patient.id  # type: ignore[union-attr]
    finally:
        clinic.shutdown()
        # The window and its models go now, not when a later test's collector gets to them
        # (test_logout_drops_views counts live models holding rows).
        if clinic.shell is not None:
            clinic.shell.window.deleteLater()
        clinic.shell = clinic.dashboard = clinic.workspace = None
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        gc.collect()
