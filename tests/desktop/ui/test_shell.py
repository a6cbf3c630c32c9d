"""The main window shell: pages, status bar, language switch without restart, Indian formats."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QLocale

from desktop import paths
from desktop.settings import Settings, load
from desktop.ui import i18n
from desktop.ui.shell import Shell, build_shell


@pytest.fixture
def shell(profile: paths.Locations, qtbot) -> Iterator[Shell]:  # type: ignore[no-untyped-def]
    s = build_shell(Settings())
    qtbot.addWidget(s.window)
    s.window.show()
    yield s
    s.store.close()  # saves queued by the test land before the profile goes
    i18n.install("en")


def test_window_has_navigation_and_sync_state(shell: Shell) -> None:
    assert shell.window.page_keys() == ["home", "settings"]
    assert shell.window.nav.count() == 2
    assert "hub" in shell.window.sync_indicator.text()
    shell.window.show_page("settings")
    assert shell.window.stack.currentWidget() is shell.settings_page


def test_language_switch_applies_without_restart(
    shell: Shell,
    profile: paths.Locations,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    assert shell.home.heading.text() == "Welcome to Spoke Clinic"
    combo = shell.settings_page.language
    combo.setCurrentIndex(combo.findData("hi"))
    qtbot.waitUntil(lambda: shell.home.heading.text() == "स्पोक क्लिनिक में आपका स्वागत है")
    assert shell.window.nav.item(0).text() == "मुखपृष्ठ"
    assert "हब" in shell.window.sync_indicator.text()
    # Saved off the main thread: wait for the file (an event, not a fixed time).
    qtbot.waitUntil(
        lambda: profile.settings_file.exists() and load(profile.settings_file).language == "hi",
        timeout=10_000,
    )
    combo.setCurrentIndex(combo.findData("en"))
    qtbot.waitUntil(lambda: shell.home.heading.text() == "Welcome to Spoke Clinic")


def test_indian_number_grouping_and_dates(shell: Shell) -> None:
    for lang in ("en", "hi"):
        i18n.install(lang)
        assert i18n.format_number(14507305) == "1,45,07,305"
        assert i18n.format_number(100000) == "1,00,000"
        assert i18n.format_date(dt.date(2021, 10, 18)) == "18-10-2021"
        assert QLocale().territory() == QLocale.Country.India


def test_devanagari_renders_with_a_real_font(shell: Shell) -> None:
    from PySide6.QtGui import QFontDatabase, QFontMetrics

    assert QFontDatabase.families(QFontDatabase.WritingSystem.Devanagari)
    i18n.install("hi")
    metrics = QFontMetrics(shell.home.heading.font())
    text = shell.home.heading.text()
    assert all(metrics.inFontUcs4(ord(ch)) for ch in text if not ch.isspace())
