"""The About dialog lists the app and every third-party component, and shows licence texts."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.modeltest import ModelTester

from desktop import __version__, licences, paths
from desktop.ui.about_dialog import AboutDialog


@pytest.fixture
def bundled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[licences.Component]:
    """A collected licence folder, as the frozen bundle carries it."""
    comps = [
        licences.Component("av", "18.1.0", "BSD-3-Clause", "PyAV licence text"),
        licences.Component("PySide6", "6.12.0", "LGPL-3.0-only", "GNU LESSER GENERAL PUBLIC"),
    ]
    resources = tmp_path / "resources"
    licences.write_bundle(comps, resources / "third-party")
    monkeypatch.setenv("SPOKE_CLINIC_RESOURCES", str(resources))
    return comps


def test_lists_the_app_then_the_bundled_components(
    profile: paths.Locations,
    bundled: list[licences.Component],
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    dialog = AboutDialog(None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 3, timeout=10_000)
    ModelTester(None).check(dialog.model)
    first = dialog.model.component(0)
    assert (first.name, first.version, first.licence) == (
        "Spoke Clinic",
        __version__,
        "GPL-3.0-or-later",
    )
    assert __version__ in dialog.heading.text()
    assert "GNU General Public License" in dialog.summary.text()
    dialog.table.selectRow(2)
    assert dialog.text.toPlainText() == "GNU LESSER GENERAL PUBLIC"
    assert dialog.model.data(dialog.model.index(1, 2)) == "BSD-3-Clause"


def test_from_a_checkout_it_gathers_the_installed_licences(
    profile: paths.Locations,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    dialog = AboutDialog(None)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 20, timeout=20_000)
    names = {dialog.model.component(r).name.lower() for r in range(dialog.model.rowCount())}
    assert {"av", "keyring", "sqlcipher3"} <= names
    assert "GNU GENERAL PUBLIC LICENSE" in dialog.model.component(0).text
