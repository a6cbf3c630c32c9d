"""Qt's own file dialog (the app always asks for it: the same look and the same Hindi on every
PC) made readable as it opens: the size, type and date columns as wide as what they show
(Qt starts them narrow and elides "11.2 KiB" to "11...iB"), the name column taking the rest,
and the places on the left wide enough for their names ("Computer", "कंप्यूटर")."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QHeaderView, QListView, QSplitter, QTreeView

SIDEBAR_MIN = 150  # px: "Computer" and a home folder's name in either language


def readable(dialog: QFileDialog) -> QFileDialog:
    """Widen the detail columns and the places list of a non-native ``dialog``; returns it."""
    tree = dialog.findChild(QTreeView, "treeView")
    if tree is not None:
        header = tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, header.count()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    sidebar = dialog.findChild(QListView, "sidebar")
    splitter = dialog.findChild(QSplitter, "splitter")
    if sidebar is not None and splitter is not None:
        wanted = max(SIDEBAR_MIN, sidebar.sizeHintForColumn(0) + 2 * sidebar.frameWidth() + 8)
        total = sum(splitter.sizes()) or dialog.width()
        splitter.setSizes([wanted, max(total - wanted, wanted)])
    return dialog
