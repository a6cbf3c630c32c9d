"""The embedded demo hub starts on a worker thread: its Alembic migration never runs at the
same time as another in this process (Alembic's context is process-global: two at once
failed with KeyError 'script' in CI), and a failed start is said in the status bar, never by
a modal box that would block a headless start or a closing window."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from desktop import paths
from desktop.settings import Settings
from desktop.storage import migrate
from desktop.ui import demo
from desktop.ui.clinic_app import ClinicApp
from desktop.ui.shell import build_shell


def test_the_demo_hub_starts_holding_the_alembic_lock(
    profile: paths.Locations, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hub.embedded

    held: list[bool] = []

    def fake_start(hub_dir: Path, secrets: Any) -> str:
        probe = threading.Thread(
            target=lambda: held.append(not migrate.alembic_lock().acquire(False))
        )
        probe.start()
        probe.join()
        return "hub"

    monkeypatch.setattr(hub.embedded, "start_embedded", fake_start)
    monkeypatch.setattr(demo, "demo_hub_secrets", lambda *_a: object())
    assert demo.start_demo_hub(profile, "profile-id", object()) == "hub"  # type: ignore[arg-type]
    assert held == [True]


@pytest.mark.expected_errors("demo hub did not start")
def test_a_failed_demo_hub_is_said_in_the_status_bar(profile: paths.Locations, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    clinic = ClinicApp(Settings())
    clinic.shell = build_shell(Settings())
    qtbot.addWidget(clinic.shell.window)
    clinic.on_demo_hub_failed(RuntimeError("port taken"))
    assert QApplication.activeModalWidget() is None
    assert "demo hub could not start" in clinic.shell.window.statusBar().currentMessage()


def test_an_offscreen_app_never_waits_on_a_modal_box(profile: paths.Locations, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Offscreen (tests, CI, a headless start) nobody sees a dialog: a refused start is
    printed and answered False (a modal box here once hung a whole CI run)."""
    assert ClinicApp(Settings()).headless
    assert not ClinicApp(Settings(), headless=False).headless


def test_the_hub_and_the_spoke_migrate_under_one_lock(monkeypatch: pytest.MonkeyPatch) -> None:
    """A hub migration (hub.db.migrate, e.g. a test's hub) holds the lock a spoke or demo-hub
    migration in another thread holds: Alembic's context is process-global."""
    from hub import db as hub_db

    held: list[bool] = []

    def fake_upgrade(*_args: Any) -> None:
        probe = threading.Thread(
            target=lambda: held.append(not migrate.alembic_lock().acquire(False))
        )
        probe.start()
        probe.join()

    monkeypatch.setattr("hub.db.command.upgrade", fake_upgrade)
    hub_db.migrate(object())  # type: ignore[arg-type]
    assert held == [True]
    assert hub_db.ALEMBIC_LOCK is migrate.alembic_lock()
