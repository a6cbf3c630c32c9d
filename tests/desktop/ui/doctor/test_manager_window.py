"""A programme manager at a hub PC (issue 17): signs in at the hub with the PC's credentials,
gets Home, the network report and Settings only, and the report shows only the states of
the account's scope."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QDialog

from desktop import paths
from desktop.changes import ChangeBus
from desktop.services.doctor import DoctorService, enroll_doctor_pc, set_up_doctor_pc
from desktop.services.settings import SettingsService
from desktop.settings import Settings
from desktop.storage.keys import KeyStore
from desktop.storage.startup import FacilityDetails, Storage
from desktop.sync.doctor_api import DoctorApi
from desktop.sync.tokens import TokenStore
from desktop.ui import i18n
from desktop.ui.doctor.hub_login import HubLoginDialog
from desktop.ui.doctor.manager_window import build_manager_window
from desktop.ui.reports.network_page import NetworkReportPage
from hub.api.admin import add_user
from hub.schemas import ScopeIn, UserIn
from tests.sync_support.hubctl import PASSWORD, LiveHub


@pytest.fixture
def hub_pc(profile: paths.Locations, hub: LiveHub) -> Iterator[tuple[Storage, TokenStore]]:
    keystore = KeyStore(service=f"spoke-clinic-test-{uuid.uuid4().hex[:12]}")
    tokens = TokenStore(f"spoke-clinic-test-hub-{uuid.uuid4().hex[:12]}")
    storage, _code = set_up_doctor_pc(profile, keystore, FacilityDetails("Zonal Hub (synthetic)"))
    enroll_doctor_pc(storage, hub.base_url, hub.enrollment_code("hub"), tokens=tokens)
    yield storage, tokens
    storage.close()
    tokens.forget_all()
    keystore.delete(storage.device)


def test_a_programme_manager_gets_the_network_report_only(  # type: ignore[no-untyped-def]
    hub: LiveHub, hub_pc: tuple[Storage, TokenStore], profile: paths.Locations, qtbot
) -> None:
    with hub.context.sessions() as s:
        body = UserIn(
            username="pm-mp",
            password=PASSWORD,
            role="programme_manager",
            scope=[ScopeIn(state="Madhya Pradesh")],
        )
        add_user(s, hub.config, hub.context.passwords, body)
        s.commit()
    storage, tokens = hub_pc
    i18n.install("en")
    bus = ChangeBus()
    service = DoctorService(
        DoctorApi.open(tokens), storage.writer, storage.blobs, storage.device, bus
    )
    try:
        _use_the_window(service, profile, qtbot)
    finally:
        service.close()  # its hub connection too: no socket left for a later test


def _use_the_window(service: DoctorService, profile: paths.Locations, qtbot) -> None:  # type: ignore[no-untyped-def]
    login = HubLoginDialog(service)
    qtbot.addWidget(login)
    login.username.setText("pm-mp")
    login.password.setText(PASSWORD)
    login.sign_in.click()
    qtbot.waitUntil(lambda: login.result() == QDialog.DialogCode.Accepted, timeout=10_000)
    assert service.account is not None and service.account.role == "programme_manager"

    shell = build_manager_window(
        Settings(), service, SettingsService(Settings(), profile.settings_file)
    )
    qtbot.addWidget(shell.window)
    assert shell.window.page_keys() == ["home", "report", "settings"]
    shell.window.show_page("report")
    page = shell.window.findChild(NetworkReportPage)
    assert page is not None
    page.load()
    qtbot.waitUntil(lambda: page.report is not None, timeout=10_000)
    assert page.report is not None and not page.report.table.whole_network
    assert page.model.line(0).name == "Total (your states)"
    assert all(
        line.name == "Madhya Pradesh"
        for line in [page.model.line(r) for r in range(1, page.model.rowCount())]
    )
    page.drill(["Bihar"])
    qtbot.waitUntil(lambda: page.message.isVisibleTo(page), timeout=10_000)
    assert "outside the states or districts of your account" in page.message.text()
