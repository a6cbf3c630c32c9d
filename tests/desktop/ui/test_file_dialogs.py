"""Qt's file dialog as the app opens it shows its columns whole: size, type and date as wide
as what they show (Qt's defaults elided "11.04 KiB" to "11...iB"), the places list as wide
as its names; the attachments panel's dialog is made that way."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QFileDialog,
    QHeaderView,
    QListView,
    QSplitter,
    QStyle,
    QTreeView,
)

from desktop.ui import file_dialogs


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "pictures"
    folder.mkdir()
    (folder / "a-rather-long-file-name-of-a-picture.png").write_bytes(b"\x89PNG" + bytes(11_000))
    return folder


def _shown(qtbot, dialog: QFileDialog, folder: Path) -> QTreeView:  # type: ignore[no-untyped-def]
    qtbot.addWidget(dialog)
    dialog.setDirectory(str(folder))
    dialog.resize(900, 560)
    dialog.show()
    tree = dialog.findChild(QTreeView, "treeView")
    assert tree is not None
    qtbot.waitUntil(lambda: tree.model().rowCount(tree.rootIndex()) == 1, timeout=5_000)
    qtbot.waitUntil(lambda: bool(_text(tree, 1)), timeout=5_000)
    return tree


def _text(tree: QTreeView, column: int) -> str:
    return str(tree.model().index(0, column, tree.rootIndex()).data() or "")


def _elided(tree: QTreeView) -> list[int]:
    """Columns 1-3 whose text of the first row does not fit its section (the item view
    keeps a focus-frame margin plus one pixel on each side of the text)."""
    margin = tree.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, tree) + 1
    metrics = QFontMetrics(tree.font())
    header = tree.header()
    return [
        c
        for c in (1, 2, 3)
        if header.sectionSize(c) < metrics.horizontalAdvance(_text(tree, c)) + 2 * margin
    ]


def test_columns_and_places_are_as_wide_as_their_contents(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Whatever widths the dialog has (Qt's sample texts, or a narrower header state it
    restored from an earlier dialog's QtProject settings: here 20 px), the columns end as
    wide as their text and the places list as wide as its names."""
    dialog = QFileDialog(None, "pictures")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    tree = _shown(qtbot, dialog, _folder(tmp_path))
    header = tree.header()
    for column in (1, 2, 3):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(column, 20)
    assert _elided(tree) == [1, 2, 3]
    file_dialogs.readable(dialog)
    qtbot.waitUntil(lambda: _elided(tree) == [], timeout=5_000)
    sidebar = dialog.findChild(QListView, "sidebar")
    splitter = dialog.findChild(QSplitter, "splitter")
    assert sidebar is not None and splitter is not None
    assert splitter.sizes()[0] >= sidebar.sizeHintForColumn(0)


def test_the_attachments_dialog_is_made_readable(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The attachments panel's dialog (the one an operator opens most) comes out readable."""
    from desktop.ui.consult.attachments_panel import AttachmentsPanel

    seen: list[QFileDialog] = []
    original = file_dialogs.readable

    def spy(dialog: QFileDialog) -> QFileDialog:
        seen.append(dialog)
        return original(dialog)

    monkeypatch.setattr(file_dialogs, "readable", spy)
    panel = AttachmentsPanel()
    qtbot.addWidget(panel)
    panel.on_add()
    assert panel.dialog is not None and seen == [panel.dialog]
    panel.dialog.reject()
