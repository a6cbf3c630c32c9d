"""The About dialog: version, the project's licence, and every third-party component with
its licence text (collected into the bundle at build time by installers/licences.py).
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QItemSelection,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Slot,
)
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop import APP_NAME, __version__, third_party
from desktop.third_party import Component
from desktop.ui.tasks import Operation

PROJECT_LICENCE = "GPL-3.0-or-later"

_Index = QModelIndex | QPersistentModelIndex


class ComponentModel(QAbstractTableModel):
    """Rows: the application itself, then each third-party component (name, version, licence)."""

    COLUMNS = ("name", "version", "licence")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Component] = []

    def set_components(self, components: list[Component]) -> None:
        self.beginResetModel()
        self._rows = list(components)
        self.endResetModel()

    def component(self, row: int) -> Component:
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        return getattr(self._rows[index.row()], self.COLUMNS[index.column()])

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        titles = (self.tr("Component"), self.tr("Version"), self.tr("Licence"))
        return titles[section]


def _gather() -> list[Component]:
    """Runs off the main thread: reads every licence text from disk."""
    own = Component(APP_NAME, __version__, PROJECT_LICENCE, third_party.project_licence_text())
    return [own, *third_party.load()]


class AboutDialog(QDialog):
    """Non-modal About box; the component list loads in the background.

    Signals: none beyond QDialog's.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.resize(760, 560)
        self.heading = QLabel()
        self.heading.setObjectName("aboutHeading")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.model = ComponentModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(self.on_selection_changed)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.text)
        splitter.setStretchFactor(1, 2)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.heading.setFont(font)
        self.retranslate()
        self.loading: Operation[list[Component]] = (
            Operation(_gather).success(self.on_loaded).failure(self.on_load_failed)
        )
        self.loading.run_in_background()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("About Spoke Clinic"))
        self.heading.setText(self.tr("Spoke Clinic %1").replace("%1", __version__))
        self.summary.setText(
            self.tr(
                "Spoke Clinic is free software under the GNU General Public License, version 3 "
                "or later. It includes FFmpeg built with x264 (GPL) and the third-party "
                "components listed below; select one to read its licence."
            )
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    @Slot(object)
    def on_loaded(self, components: list[Component]) -> None:
        self.model.set_components(components)
        self.table.selectRow(0)

    @Slot(object)
    def on_load_failed(self, error: BaseException) -> None:
        self.text.setPlainText(
            self.tr("The licence texts could not be read: %1").replace("%1", type(error).__name__)
        )

    @Slot(QItemSelection, QItemSelection)
    def on_selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = selected.indexes()
        if rows:
            self.text.setPlainText(self.model.component(rows[0].row()).text)
            self.text.moveCursor(self.text.textCursor().MoveOperation.Start)
