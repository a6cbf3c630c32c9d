"""Consent and addendum times are written by QLocale (DD-MM-YYYY HH:mm, local time), so
they follow the locale's digits like every other number on screen."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QLocale

from desktop.core.consent import Consent, ConsentKind, GivenBy
from desktop.core.consult import Addendum
from desktop.ui import i18n
from desktop.ui.consult.consent_panel import ConsentPanel
from desktop.ui.consult.intake_widgets import AddendumBox

AT = datetime(2021, 10, 18, 3, 35, tzinfo=UTC)


@pytest.fixture
def locale_back() -> Iterator[None]:
    yield
    QLocale.setDefault(i18n.locale_for("en"))


def test_consent_and_addendum_times_follow_the_locale(qtbot, locale_back) -> None:  # type: ignore[no-untyped-def]
    local = AT.astimezone()
    expected = f"{local:%d-%m-%Y %H:%M}"  # the clinic's DD-MM-YYYY HH:mm, local time
    panel = ConsentPanel("cho.meena")
    box = AddendumBox()
    qtbot.addWidget(panel)
    qtbot.addWidget(box)
    consent = Consent(ConsentKind.TELECONSULTATION, True, GivenBy.PATIENT, "cho.meena", AT)
    addendum = Addendum("Fever came back", "dr.rao", AT)
    QLocale.setDefault(i18n.locale_for("en"))
    panel.show_recorded([consent])
    box.show_addenda([addendum])
    assert expected in panel.summary.text() and box.addenda.text().startswith(expected)
    # A locale with its own digits shows them: the text really comes from QLocale.
    QLocale.setDefault(QLocale(QLocale.Language.Marathi, QLocale.Country.India))
    native = expected.translate(str.maketrans("0123456789", "०१२३४५६७८९"))
    panel.show_recorded([consent])
    box.show_addenda([addendum])
    assert native in panel.summary.text() and box.addenda.text().startswith(native)
