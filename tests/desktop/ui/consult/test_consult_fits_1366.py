"""The consult fits a 1366x768 clinic PC inside the main window, in English and Hindi: the
common complaints wrap to the width they are given and the page never scrolls sideways."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtWidgets import QApplication, QScrollArea

from desktop.core.duplicates import Decision
from desktop.core.patient import Patient
from desktop.settings import Settings
from desktop.storage import patient_repo
from desktop.ui import i18n
from desktop.ui.app import create_application
from desktop.ui.clinic_context import ClinicContext
from desktop.ui.patients.workspace import SpokeWorkspace
from desktop.ui.shell import build_shell
from tests.desktop.ui.clinic_ui_fixtures import TODAY, ctx

_ = ctx


@pytest.fixture
def app_style(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """The clinic's own style sheet (paddings and font size change the widths)."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.styleSheet()
    create_application()
    yield
    app.setStyleSheet(before)


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_complaints_fit_at_1366_without_sideways_scrolling(
    ctx: ClinicContext,
    app_style: None,
    qtbot,  # type: ignore[no-untyped-def]
    lang: str,
) -> None:
    p = Patient(
        "Kamla",
        "Devi",
        "female",
        date(1970, 1, 1),
        mobile="9876501234",
        state_lgd=9,
        district="Sitapur",
        locality="Rampur",
    )
    ctx.services.clinic.writer.run(
        lambda s: patient_repo.register(s, p, ctx.actor, TODAY, Decision.NEW_PATIENT)
    )
    i18n.install(lang)
    workspace = SpokeWorkspace(ctx)
    shell = build_shell(Settings(language=lang), pages=[("patients", lambda: "", workspace)])
    qtbot.addWidget(shell.window)
    shell.window.resize(1366, 768)
    shell.window.show()
    shell.window.show_page("patients")
    workspace.on_patient_saved(p)
    qtbot.waitUntil(lambda: workspace.intake.consult is not None, timeout=10_000)
    qtbot.waitExposed(shell.window)
    picker = workspace.intake.complaints
    qtbot.waitUntil(lambda: picker.visualItemRect(picker.item(picker.count() - 1)).isValid())

    viewport = picker.viewport().rect()
    outside = [
        picker.item(i).text()
        for i in range(picker.count())
        if not viewport.contains(picker.visualItemRect(picker.item(i)))
    ]
    assert outside == []  # every complaint seen without scrolling
    assert picker.horizontalScrollBar().maximum() == 0
    (area,) = workspace.intake.findChildren(QScrollArea)
    assert area.horizontalScrollBar().maximum() == 0  # the page does not scroll sideways
    assert workspace.intake.fields.width() <= area.viewport().width()
