"""Application bootstrap: QApplication, style, language, the main window and its pages.

Only what the first window needs is imported here: the clinic's modules (storage, services,
screens) come after it is on screen (issue 18, start-up;
``tests/desktop/storage/test_sign_in_first.py``).
"""

from __future__ import annotations

import logging
import os
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from desktop import APP_ID, APP_NAME, __version__, paths
from desktop import settings as settings_mod
from desktop.services.profile import ProfileState, profile_state
from desktop.startup_trace import mark
from desktop.ui import collector, i18n
from desktop.ui.sign_in_first import Outcome, SignInFirst

log = logging.getLogger("spoke.ui")


def create_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
    else:
        app = QApplication(argv if argv is not None else sys.argv)
    app.setApplicationName(APP_ID)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_ID)
    collector.install(app)  # Qt objects in cycles die on the UI thread, never a worker's
    style = paths.resource_dir() / "style.qss"
    if style.exists():
        app.setStyleSheet(style.read_text(encoding="utf-8"))
    return app


SCREENSHOT_DELAY_MS = int(os.environ.get("SPOKE_CLINIC_SCREENSHOT_DELAY_MS", "1500"))


def run(
    demo: bool = False,
    language: str | None = None,
    screenshot: str | None = None,
    headless: bool = False,
    doctor: bool = False,
) -> int:
    """Set-up or unlock, sign in, then run the window until it closes; returns the exit code.

    ``screenshot`` (demo only) signs in as the demo operator, saves a PNG of the window and
    quits: the unattended check that the run command opens the main window. ``headless`` (no
    desktop session) prints a refusal at start and returns 1 instead of showing a dialog.
    ``doctor`` (demo only) opens the demo doctor's window against the running demo hub.
    """
    app = create_application()
    mark("QApplication and style sheet")
    locs = paths.get()
    settings = settings_mod.load(locs.settings_file)
    if language:
        settings.language = language
    i18n.install(settings.language)
    mark("settings and translations")
    # A set-up profile: the sign-in window at once, the clinic imported and its records
    # opened behind it while the operator types.
    clinic = None
    outcome = None
    if profile_state(locs) is ProfileState.READY and not (screenshot or doctor):
        first = SignInFirst(settings, demo_mode=demo, headless=headless)
        outcome = first.run()
        clinic = first.clinic
        if outcome is Outcome.CANCELLED:
            if clinic is not None:
                clinic.shutdown()
            return 0
    if outcome is Outcome.HUB_PC:
        # A doctor's PC (known once its records are open): its doctors sign in at the hub.
        assert clinic is not None
        if not clinic.sign_in():
            clinic.shutdown()
            return 0
    elif outcome is not Outcome.SIGNED_IN:
        # Set-up, a refusal to explain, or the unattended screenshot: a window at once, the
        # slow imports and the opening of the records follow (the opening runs off the main
        # thread, so the bar keeps moving).
        from desktop.ui.start_window import StartWindow

        start = StartWindow()
        start.show_step("loading")
        if clinic is None:
            from desktop.ui.clinic_app import ClinicApp

            clinic = ClinicApp(settings, demo_mode=demo, headless=headless, doctor_demo=doctor)
        start.show_step("opening")
        opened = clinic.open_storage()
        start.close()
        if not opened:
            return 1
        if not clinic.sign_in(unattended=bool(demo and screenshot)):
            clinic.shutdown()
            return 0
    assert clinic is not None
    shell = clinic.build_window()
    shell.window.show()
    QTimer.singleShot(0, shell.offer_crash_reports)
    if screenshot:

        def grab() -> None:
            shell.window.grab().save(screenshot)
            shell.window.close()

        QTimer.singleShot(SCREENSHOT_DELAY_MS, grab)
    log.info("main window shown (demo=%s)", demo)
    code = app.exec()
    clinic.shutdown()
    return code
