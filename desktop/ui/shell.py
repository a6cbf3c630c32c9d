"""The main window's shell: the window, its Home and Settings pages around the app's own
pages, and the settings and crash-report actions they share."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, Slot
from PySide6.QtWidgets import QWidget

from desktop import crash, paths
from desktop.services.settings import SettingsService
from desktop.settings import Settings
from desktop.ui import i18n
from desktop.ui.crash_dialog import CrashReportDialog
from desktop.ui.home_page import HomePage
from desktop.ui.main_window import MainWindow
from desktop.ui.settings_page import SettingsPage


@dataclass
class Shell:
    """The running app's main objects, kept together so tests can reach them."""

    settings: Settings
    window: MainWindow
    home: HomePage
    settings_page: SettingsPage
    store: SettingsService
    dialogs: list[QWidget] = field(default_factory=list)

    @Slot(object)
    def on_settings_changed(self, new: Settings) -> None:
        """The store validates, saves off the main thread and announces ``Kind.SETTINGS``
        (the idle lock and the temperature unit follow that); the language applies here."""
        language_changed = new.language != i18n.current()
        self.store.apply(new)
        self.settings = self.store.current
        if language_changed:
            i18n.install(self.settings.language)

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
    settings: Settings,
    facility: str | Callable[[], str] = "",
    pages: Sequence[PageSpec] = (),
    store: SettingsService | None = None,
    home: HomePage | None = None,
) -> Shell:
    """Create the main window: Home first, then ``pages`` (key, title, widget), Settings last.
    ``facility`` may be a callable, asked again when the language changes. ``store`` (default:
    one over ``settings`` and the profile's settings file) saves what the page changes.
    The caller builds the pages of the signed-in role (``ClinicApp``: the operator's;
    ``desktop.ui.doctor.doctor_window``: the doctor's) and may bring its own ``home``."""
    store = store or SettingsService(settings, paths.get().settings_file)
    i18n.install(settings.language)
    window = MainWindow()
    home = home or HomePage(facility)
    settings_page = SettingsPage(settings)
    window.add_page("home", lambda: QCoreApplication.translate("Shell", "Home"), home)
    for key, title, widget in pages:
        window.add_page(key, title, widget)
    window.add_page(
        "settings", lambda: QCoreApplication.translate("Shell", "Settings"), settings_page
    )
    home.action_requested.connect(window.show_page)
    shell = Shell(
        settings=settings, window=window, home=home, settings_page=settings_page, store=store
    )
    settings_page.changed.connect(shell.on_settings_changed)
    window.sync_indicator.set_state("not_enrolled")
    return shell
