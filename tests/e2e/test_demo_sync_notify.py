"""The running app's sync wiring (demo mode, embedded hub): hub news reaches the whole window
(prescription banner with a sound while another page is shown, the open consult's queue
position and wait in the status bar), and uploads go through the app's blob store gate."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from desktop import paths
from desktop.core.duplicates import Decision
from desktop.core.patient import Patient
from desktop.settings import Settings
from desktop.storage import patient_repo
from desktop.storage.hub_news import HubNews
from desktop.ui.clinic_app import ClinicApp
from tests.desktop.sync.test_sync_news_ui import on_sync_thread
from tests.helpers.rx import Doctor


# The test machine has no sound server; the app lists no microphones and goes on.
@pytest.mark.qt_log_ignore("PulseAudioService", "pipewire")
def test_hub_news_reaches_the_window_on_any_page(profile: paths.Locations, qtbot) -> None:  # type: ignore[no-untyped-def]
    clinic = ClinicApp(Settings(), demo_mode=True)
    try:
        assert clinic.open_storage()
        assert clinic.sign_in(unattended=True)
        shell = clinic.build_window()
        qtbot.addWidget(shell.window)
        shell.window.show()
        assert clinic.engine.blobs is clinic.storage.blobs  # uploads pass the blob gate
        notifier = clinic.notifier
        assert notifier is not None
        sounds: list[int] = []
        notifier.play = lambda: sounds.append(1)
        # Open a patient: the workspace opens a consult for them.
        storage, session = clinic.storage, clinic.session
        assert storage is not None and session is not None and session.current is not None
        actor = session.current.actor(storage.device)
        patient = Patient(
            given_name="Sarita",
            family_name="Demo",
            sex="female",
            birth_date=date(1991, 3, 4),
            no_mobile_reason="none_owned",
            state_lgd=10,
            district="Gaya",
            locality="Bodh Gaya",
        )
        storage.writer.run(
            lambda s: patient_repo.register(s, patient, actor, date.today(), Decision.NEW_PATIENT)
        )
        workspace = clinic.workspace
        assert workspace is not None
        workspace.on_open_patient(patient.id)
        qtbot.waitUntil(lambda: workspace.intake.consult is not None, timeout=10_000)
        consult_id = str(uuid.UUID(workspace.intake.consult.id))  # type: ignore[union-attr]
        engine = clinic.engine
        assert engine is not None
        # What the puller stores and then announces (on the sync thread).
        sink = engine.news_sink
        on_sync_thread(lambda: sink(HubNews(consult_id, "queued", 2, 600)))
        qtbot.waitUntil(lambda: "position 2" in notifier.queue_label.text(), timeout=5000)
        assert "about 10 min" in notifier.queue_label.text() and notifier.queue_label.isVisible()
        shell.window.show_page("settings")  # the operator is elsewhere
        rx = Doctor().prescription(consult_id)  # signed: it verifies
        on_sync_thread(lambda: sink(HubNews(consult_id, "in_progress", prescriptions=[rx])))
        qtbot.waitUntil(lambda: sounds == [1], timeout=5000)
        assert notifier.banner.isVisible() and notifier.banner.window() is shell.window
        assert "prescription has arrived" in notifier.banner_text.text()
        assert "Sarita Demo" in notifier.banner_text.text()
        assert notifier.queue_label.text() == "Hub: prescription received"
    finally:
        clinic.shutdown()
