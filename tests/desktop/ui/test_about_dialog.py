"""The About dialog lists the app and every third-party component the build collected, and
shows licence texts."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.modeltest import ModelTester

from desktop import __version__, paths
from desktop.third_party import Component
from desktop.ui.about_dialog import AboutDialog
from tests.helpers import licence_bundle


@pytest.fixture
def bundled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Component]:
    """A collected licence folder, as the frozen bundle carries it."""
    comps = [
        Component("av", "18.1.0", "BSD-3-Clause", "PyAV licence text"),
        Component("PySide6", "6.12.0", "LGPL-3.0-only", "GNU LESSER GENERAL PUBLIC"),
    ]
    resources = licence_bundle.collect(tmp_path / "bundle", comps)
    monkeypatch.setenv("SPOKE_CLINIC_RESOURCES", str(resources))
    return comps


def test_lists_the_app_then_the_bundled_components(
    profile: paths.Locations,
    bundled: list[Component],
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
    assert "GNU GENERAL PUBLIC LICENSE" in first.text
    assert __version__ in dialog.heading.text()
    assert "GNU General Public License" in dialog.summary.text()
    dialog.table.selectRow(2)
    assert dialog.text.toPlainText() == "GNU LESSER GENERAL PUBLIC"
    assert dialog.model.data(dialog.model.index(1, 2)) == "BSD-3-Clause"


def test_shows_every_installed_component_the_build_collects(
    profile: paths.Locations,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    resources = licence_bundle.collect(tmp_path / "bundle")
    monkeypatch.setenv("SPOKE_CLINIC_RESOURCES", str(resources))
    dialog = AboutDialog(None)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 20, timeout=20_000)
    names = {dialog.model.component(r).name.lower() for r in range(dialog.model.rowCount())}
    assert {"av", "keyring", "sqlcipher3"} <= names
    assert "GNU GENERAL PUBLIC LICENSE" in dialog.model.component(0).text


def test_without_collected_texts_it_lists_the_app_alone(
    profile: paths.Locations,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    """A source checkout: the runtime never gathers licences itself (that is build code)."""
    monkeypatch.setenv("SPOKE_CLINIC_RESOURCES", str(tmp_path / "resources"))
    dialog = AboutDialog(None)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0, timeout=10_000)  # loaded at once
    assert [dialog.model.component(r).name for r in range(dialog.model.rowCount())] == [
        "Spoke Clinic"
    ]
