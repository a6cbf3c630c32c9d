"""The open consult's recordings: a table (recovered ones marked) and a player window for
the one chosen, where export is offered only with an audit hook."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.media import playback
from desktop.media.journal import RecordingManifest
from desktop.services.media import BlobStore
from desktop.ui import i18n
from desktop.ui.media.player import PlayerWidget

Index = QModelIndex | QPersistentModelIndex


def _when(started_at: str) -> str:
    try:
        return i18n.format_datetime(datetime.fromisoformat(started_at))
    except ValueError:
        return started_at


class RecordingsModel(QAbstractTableModel):
    """Rows of ``RecordingManifest``: when, how long, quality, recovered or not."""

    COLUMNS = 4

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.recordings: list[RecordingManifest] = []

    def set_recordings(self, recordings: list[RecordingManifest]) -> None:
        self.beginResetModel()
        self.recordings = list(recordings)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 -- Qt's signature
        return 0 if parent.isValid() else len(self.recordings)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMNS

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Started"), self.tr("Length"), self.tr("Quality"), self.tr("Note"))[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        m = self.recordings[index.row()]
        minutes, seconds = divmod(round(m.duration), 60)
        return (
            _when(m.started_at),
            f"{minutes}:{seconds:02d}",
            f"{m.height}p",
            self.tr("Recovered after an interruption") if m.recovered else "",
        )[index.column()]


class PlayerDialog(QDialog):
    """A recording in its own window; the playback thread stops when the window closes."""

    def __init__(
        self,
        store: BlobStore,
        manifest: RecordingManifest,
        audit: playback.AuditHook | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("recordingPlayerDialog")
        self.player = PlayerWidget(store, manifest, audit, self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.player)
        self.resize(720, 520)
        self.setWindowTitle(self.tr("Consult recording"))
        self.finished.connect(self.on_finished)

    @Slot(int)
    def on_finished(self, _result: int) -> None:
        self.player.close_player()


class RecordingsPanel(QWidget):
    """Lists recordings; *Play* (or a double click) asks for the chosen one.

    Signals:
        play_requested(object): the ``RecordingManifest`` to open.
    """

    play_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("consultRecordings")
        self.heading = QLabel()
        self.model = RecordingsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setMaximumHeight(140)
        self.empty = QLabel()
        self.play_button = QPushButton()
        row = QHBoxLayout()
        row.addWidget(self.heading)
        row.addStretch(1)
        row.addWidget(self.play_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(
            layout.contentsMargins().left(),
            0,
            layout.contentsMargins().right(),
            layout.contentsMargins().bottom(),
        )
        layout.addLayout(row)
        layout.addWidget(self.table)
        layout.addWidget(self.empty)
        self.play_button.clicked.connect(self.on_play_clicked)
        self.table.doubleClicked.connect(self.on_play_clicked)
        self.table.selectionModel().selectionChanged.connect(self.on_selection_changed)
        self._consult_open = False
        self.retranslate()

    def set_recordings(self, recordings: list[RecordingManifest], consult_open: bool) -> None:
        self._consult_open = consult_open
        self.model.set_recordings(recordings)
        if recordings:
            self.table.selectRow(len(recordings) - 1)  # the newest
        self.retranslate()

    def selected(self) -> RecordingManifest | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.recordings[rows[0].row()] if rows else None

    @Slot()
    def on_play_clicked(self) -> None:
        manifest = self.selected()
        if manifest is not None:
            self.play_requested.emit(manifest)

    @Slot()
    def on_selection_changed(self) -> None:
        self.play_button.setEnabled(self.selected() is not None)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Recordings of this consult"))
        self.play_button.setText(self.tr("Play"))
        if not self._consult_open:
            self.empty.setText(self.tr("Open a consult to see its recordings."))
        elif not self.model.recordings:
            self.empty.setText(self.tr("No recordings in this consult yet."))
        else:
            self.empty.setText("")
        self.empty.setVisible(bool(self.empty.text()))
        self.table.setVisible(bool(self.model.recordings))
        self.on_selection_changed()
