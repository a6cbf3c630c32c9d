"""Start-up shows a window at once: the app's name, what it is doing and a moving bar stay
on screen while the records open (off the main thread), and go when sign-in comes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from desktop import paths
from desktop.ui import app as app_mod
from desktop.ui.clinic_app import ClinicApp
from desktop.ui.start_window import StartWindow


def _start_windows() -> list[StartWindow]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, StartWindow) and w.isVisible()
    ]


@pytest.fixture
def app_style(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """run() sets the clinic's style sheet on the shared application: put it back."""
    before = qapp.styleSheet()
    yield
    qapp.setStyleSheet(before)


def test_a_window_shows_while_the_records_open(
    profile: paths.Locations, app_style: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[int, str, bool]] = []

    def open_storage(self: ClinicApp) -> bool:
        shown = _start_windows()
        bar_busy = bool(shown) and shown[0].bar.maximum() == 0
        seen.append((len(shown), shown[0].step_label.text() if shown else "", bar_busy))
        return False  # as if the user gave up: run() ends here

    monkeypatch.setattr(ClinicApp, "open_storage", open_storage)
    assert app_mod.run() == 1
    assert seen == [(1, "Opening the clinic's records…", True)]
    assert _start_windows() == []  # gone once the opening is over
