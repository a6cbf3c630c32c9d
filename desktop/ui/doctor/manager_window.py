"""A programme manager at a hub PC: Home, the network report and Settings (statistics only:
the hub gives this session no patient data, and none of the doctor's or operator's pages
are built)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop.services.doctor import DoctorService
from desktop.services.settings import SettingsService
from desktop.settings import Settings
from desktop.ui.home_page import HomePage
from desktop.ui.reports.network_page import NetworkReportPage
from desktop.ui.shell import Shell, build_shell


def build_manager_window(
    settings: Settings, service: DoctorService, store: SettingsService | None = None
) -> Shell:
    account = service.account
    home = HomePage(lambda: QCoreApplication.translate("ManagerWindow", "Programme manager"))
    report = NetworkReportPage(service.network_report())
    shell = build_shell(
        settings,
        pages=[
            (
                "report",
                lambda: QCoreApplication.translate("ManagerWindow", "Network report"),
                report,
            )
        ],
        store=store,
        home=home,
    )
    home.add_action(
        "report", lambda: QCoreApplication.translate("ManagerWindow", "Open the network report")
    )
    if account is not None:
        shell.window.set_user(account.username)
    shell.window.sync_indicator.set_state("online")
    return shell
