"""The product name above the navigation follows the language, as the desktop entry's
Name[hi] does."""

from __future__ import annotations

from desktop import paths
from desktop.ui import i18n
from desktop.ui.main_window import MainWindow


def test_nav_title_is_translated(profile: paths.Locations, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow()
    qtbot.addWidget(window)
    i18n.install("en")
    assert window.nav_title.text() == "Spoke Clinic"
    try:
        i18n.install("hi")
        qtbot.waitUntil(lambda: window.nav_title.text() == "स्पोक क्लिनिक")
    finally:
        i18n.install("en")
    qtbot.waitUntil(lambda: window.nav_title.text() == "Spoke Clinic")
