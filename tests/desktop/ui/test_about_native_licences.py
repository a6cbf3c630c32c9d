"""The About dialog shows the notices and licence texts of the native libraries vendored in
the wheels (FFmpeg with x264 in PyAV), not only the Python distributions' own licences."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop import paths
from desktop.ui.about_dialog import AboutDialog
from tests.helpers import licence_bundle


def test_selecting_pyav_shows_ffmpeg_x264_and_the_gpl(
    profile: paths.Locations,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    monkeypatch.setenv("SPOKE_CLINIC_RESOURCES", str(licence_bundle.collect(tmp_path)))
    dialog = AboutDialog(None)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 20, timeout=20_000)
    rows = {dialog.model.component(r).name.lower(): r for r in range(dialog.model.rowCount())}
    dialog.table.selectRow(rows["av"])
    text = dialog.text.toPlainText()
    for words in ("FFmpeg", "x264", "x265", "av.libs/libx264", "GNU GENERAL PUBLIC LICENSE"):
        assert words in text, words
    assert "GPL-2.0-or-later" in str(dialog.model.data(dialog.model.index(rows["av"], 2)))
