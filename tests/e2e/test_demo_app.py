"""Demo mode end to end, in process: demo profile, sign-in, every page, the embedded hub
enrolled and signed in, and a clean shutdown."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QPushButton

from desktop import paths
from desktop.settings import Settings
from desktop.ui.clinic_app import ClinicApp


# The test machine has no sound server; the app lists no microphones and goes on.
@pytest.mark.qt_log_ignore("PulseAudioService", "pipewire")
def test_demo_app_reaches_the_embedded_hub(profile: paths.Locations, qtbot) -> None:  # type: ignore[no-untyped-def]
    clinic = ClinicApp(Settings(), demo_mode=True)
    try:
        assert clinic.open_storage()
        assert clinic.sign_in(unattended=True)
        shell = clinic.build_window()
        qtbot.addWidget(shell.window)
        shell.window.show()
        assert shell.window.page_keys() == [
            "home",
            "patients",
            "camera",
            "prescriptions",
            "stock",
            "sync",
            "settings",
        ]
        assert "demo-operator" in shell.window.user_label.text()
        # The demo operator set the profile up, so may manage accounts; About is there too.
        buttons = [b.text() for b in shell.settings_page.findChildren(QPushButton)]
        assert "Manage accounts…" in buttons and "About Spoke Clinic and licences" in buttons
        connect = next(
            b
            for b in shell.settings_page.findChildren(QPushButton)
            if b.text() == "Connect to a hub…"
        )
        connect.click()
        dialog = clinic._connect_dialog
        assert dialog is not None and dialog.isVisible()
        dialog.close()
        indicator = shell.window.sync_indicator
        qtbot.waitUntil(lambda: indicator.text() == "Online", timeout=60_000)
        assert clinic.hub is not None and clinic.hub.base_url.startswith("http://127.0.0.1:")
        # The hub's age key now protects new blobs too.
        qtbot.waitUntil(lambda: len(clinic.storage.blobs.recipients) >= 2, timeout=30_000)  # type: ignore[union-attr]
    finally:
        clinic.shutdown()
    assert clinic.hub is None and clinic.storage is None
