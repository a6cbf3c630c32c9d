"""The running demo app, end to end at the spoke: a signed prescription stored by the puller
(on the sync thread) is verified, the consult shows on Home as "Prescription received", its
row opens the Prescriptions page for that patient, the consult screen's Prescription button
leads there too, and saving it as PDF is audited and gives the patient's page."""

from __future__ import annotations

import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtWidgets import QFileDialog
from sqlalchemy import select

from desktop import paths
from desktop.settings import Settings
from desktop.storage.hub_news import HubNews
from desktop.storage.models.audit import AuditEntry
from desktop.ui.clinic_app import ClinicApp
from tests.desktop.storage.test_hub_news import _ready
from tests.desktop.sync.test_sync_news_ui import on_sync_thread
from tests.helpers.rx import Doctor


@pytest.mark.qt_log_ignore("PulseAudioService", "pipewire")
def test_a_prescription_reaches_the_right_patient_and_prints(
    profile: paths.Locations, qtbot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    clinic = ClinicApp(Settings(), demo_mode=True)
    try:
        assert clinic.open_storage()
        assert clinic.sign_in(unattended=True)
        shell = clinic.build_window()
        qtbot.addWidget(shell.window)
        shell.window.show()
        assert clinic.notifier is not None
        clinic.notifier.play = lambda: None
        storage, engine = clinic.storage, clinic.engine
        assert storage is not None and engine is not None
        cid = _ready(SimpleNamespace(writer=storage.writer))  # Ramesh Kumar's sent consult
        rx = Doctor().prescription(cid)
        sink = engine.news_sink
        on_sync_thread(lambda: sink(HubNews(cid, "in_progress", prescriptions=[rx])))
        shell.window.show_page("home")
        home = shell.home
        qtbot.waitUntil(
            lambda: (
                home.worklist_model.rowCount() > 0
                and home.worklist_model.index(0, 0).data() == "Prescription received: print it"
            ),
            timeout=10_000,
        )
        assert home.worklist_model.index(0, 1).data().startswith("Ramesh Kumar (")
        home.worklist.activated.emit(home.worklist_model.index(0, 1))
        page = clinic.prescriptions_page
        assert page is not None
        qtbot.waitUntil(page.view.print_button.isEnabled, timeout=10_000)
        assert shell.window.stack.currentWidget() is page
        assert page.view.patient.text().startswith("Ramesh Kumar")
        assert "Signature verified" in page.view.status.text()
        # From the consult screen as well.
        shell.window.show_page("home")
        workspace = clinic.workspace
        assert workspace is not None
        workspace.open_consult(cid)
        button = workspace.intake.prescription_button
        qtbot.waitUntil(lambda: not button.isHidden(), timeout=10_000)
        page.view.clear()
        button.click()
        qtbot.waitUntil(page.view.print_button.isEnabled, timeout=10_000)
        assert shell.window.stack.currentWidget() is page
        # Saved as PDF where the operator chose: audited, the patient's prescription.
        target = tmp_path / "ramesh.pdf"
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
        with qtbot.waitSignal(page.view.printed, timeout=10_000):
            page.view.on_save_pdf()
        qtbot.waitUntil(target.exists, timeout=10_000)
        text = subprocess.run(
            ["pdftotext", str(target), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "Ramesh Kumar" in text and "MPMC-12345" in text
        with storage.db.read_session() as s:
            prints = s.scalars(select(AuditEntry).where(AuditEntry.action == "print")).all()
            assert [(a.entity_type, a.entity_id) for a in prints] == [("prescription", rx["id"])]
    finally:
        clinic.shutdown()
