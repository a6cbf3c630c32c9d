"""Application bootstrap: QApplication, style, language, the main window and its pages."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, QTimer, Slot
from PySide6.QtWidgets import QApplication, QWidget

from desktop import APP_ID, APP_NAME, __version__, crash, paths
from desktop import settings as settings_mod
from desktop.settings import Settings
from desktop.ui import i18n
from desktop.ui.crash_dialog import CrashReportDialog
from desktop.ui.home_page import HomePage
from desktop.ui.main_window import MainWindow
from desktop.ui.settings_page import SettingsPage

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
    style = paths.resource_dir() / "style.qss"
    if style.exists():
        app.setStyleSheet(style.read_text(encoding="utf-8"))
    return app


@dataclass
class Shell:
    """The running app's main objects, kept together so tests can reach them."""

    settings: Settings
    window: MainWindow
    home: HomePage
    settings_page: SettingsPage
    dialogs: list[QWidget] = field(default_factory=list)

    @Slot(object)
    def on_settings_changed(self, new: Settings) -> None:
        language_changed = new.language != i18n.current()
        self.settings = new
        settings_mod.save(new, paths.get().settings_file)
        if language_changed:
            i18n.install(new.language)

    def offer_crash_reports(self) -> CrashReportDialog | None:
        """Show reports left by an earlier run (non-blocking); file them as seen."""
        crash_dir = paths.get().crash
        reports = crash.pending(crash_dir)
        if not reports:
            return None
        dialog = CrashReportDialog(reports, self.window)
        crash.mark_seen(crash_dir, reports)
        self.dialogs.append(dialog)
        dialog.open()
        return dialog


PageSpec = tuple[str, Callable[[], str], QWidget]


def build_shell(
    settings: Settings, facility: str | Callable[[], str] = "", pages: Sequence[PageSpec] = ()
) -> Shell:
    """Create the main window: Home first, then ``pages`` (key, title, widget), Settings last.
    ``facility`` may be a callable, asked again when the language changes."""
    i18n.install(settings.language)
    window = MainWindow()
    home = HomePage(facility)
    settings_page = SettingsPage(settings)
    window.add_page("home", lambda: QCoreApplication.translate("Shell", "Home"), home)
    for key, title, widget in pages:
        window.add_page(key, title, widget)
    window.add_page(
        "settings", lambda: QCoreApplication.translate("Shell", "Settings"), settings_page
    )
    home.action_requested.connect(window.show_page)
    shell = Shell(settings=settings, window=window, home=home, settings_page=settings_page)
    settings_page.changed.connect(shell.on_settings_changed)
    window.sync_indicator.set_state("not_enrolled")
    return shell


SCREENSHOT_DELAY_MS = int(os.environ.get("SPOKE_CLINIC_SCREENSHOT_DELAY_MS", "1500"))


def run(
    demo: bool = False,
    language: str | None = None,
    screenshot: str | None = None,
    headless: bool = False,
) -> int:
    """Set-up or unlock, sign in, then run the window until it closes; returns the exit code.

    ``screenshot`` (demo only) signs in as the demo operator, saves a PNG of the window and
    quits: the unattended check that the run command opens the main window. ``headless`` (no
    desktop session) prints a refusal at start and returns 1 instead of showing a dialog.
    """
    app = create_application()
    locs = paths.get()
    settings = settings_mod.load(locs.settings_file)
    if language:
        settings.language = language
    i18n.install(settings.language)
    from desktop.ui.clinic_app import ClinicApp

    clinic = ClinicApp(settings, demo_mode=demo, headless=headless)
    if not clinic.open_storage():
        return 1
    if not clinic.sign_in(unattended=bool(demo and screenshot)):
        clinic.shutdown()
        return 0
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
