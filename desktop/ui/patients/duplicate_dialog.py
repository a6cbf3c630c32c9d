"""Side-by-side comparison of the patient being saved with possible duplicates; the
operator decides "same person" (open the stored record) or "new patient". Never a merge.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core import abha, names
from desktop.core.duplicates import Candidate, Decision
from desktop.core.patient import Patient
from desktop.ui import messages
from desktop.ui.form_support import format_dmy

Index = QModelIndex | QPersistentModelIndex
ROWS = ("name", "sex", "age", "mobile", "abha_number", "abha_address", "place", "reasons")


def _age(p: Patient, today: date) -> str:
    age = p.age(today)
    if age is None:
        return ""
    text = f"{age[0]} ({format_dmy(p.birth_date)})"
    return text + (" ~" if p.birth_estimated else "")


class ComparisonModel(QAbstractTableModel):
    """Rows are fields, column 0 is the new patient, then one column per candidate."""

    def __init__(self, new: Patient, candidates: list[Candidate], today: date) -> None:
        super().__init__()
        self._people = [new.normalised(), *(c.patient for c in candidates)]
        self._candidates = candidates
        self._today = today

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(ROWS)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._people)

    def _value(self, row: str, col: int) -> str:
        p = self._people[col]
        if row == "name":
            return p.full_name
        if row == "sex":
            return messages.label(p.sex) if p.sex else ""
        if row == "age":
            return _age(p, self._today)
        if row == "abha_number":
            return abha.format_number(p.abha_number)
        if row == "place":
            return ", ".join(x for x in (p.locality, p.district) if x)
        if row == "reasons":
            if col == 0:
                return ""
            return "; ".join(messages.label(r.value) for r in self._candidates[col - 1].reasons)
        return str(getattr(p, row))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = ROWS[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._value(row, index.column())
        background = role == Qt.ItemDataRole.BackgroundRole and row != "reasons"
        if background and index.column() > 0 and self._same(row, index.column()):
            return QBrush(QColor("#fff3cd"))  # matching value: what made it a candidate
        return None

    def _same(self, row: str, col: int) -> bool:
        a, b = self._value(row, 0), self._value(row, col)
        if not a or not b:
            return False
        if row == "name":
            return names.phonetic_key(a) == names.phonetic_key(b)
        return a == b

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return _row_title(ROWS[section])
        if section == 0:
            return QCoreApplication.translate("DuplicateDialog", "Being registered")
        return QCoreApplication.translate("DuplicateDialog", "Registered {code}").format(
            code=self._people[section].code
        )

    def candidate_id(self, column: int) -> str:
        return self._people[column].id if column > 0 else ""


def _row_title(row: str) -> str:
    titles = {
        "name": QCoreApplication.translate("DuplicateDialog", "Name"),
        "sex": QCoreApplication.translate("DuplicateDialog", "Sex"),
        "age": QCoreApplication.translate("DuplicateDialog", "Age (born)"),
        "mobile": QCoreApplication.translate("DuplicateDialog", "Mobile"),
        "abha_number": QCoreApplication.translate("DuplicateDialog", "ABHA number"),
        "abha_address": QCoreApplication.translate("DuplicateDialog", "ABHA address"),
        "place": QCoreApplication.translate("DuplicateDialog", "Village, district"),
        "reasons": QCoreApplication.translate("DuplicateDialog", "Why shown"),
    }
    return titles[row]


class DuplicateDialog(QDialog):
    """Shows the candidates; nothing is saved or merged until a button is chosen.

    Signals:
        chosen(object, str): ``Decision`` and, for SAME_PERSON, the chosen patient's id.
    """

    chosen = Signal(object, str)

    def __init__(
        self,
        new: Patient,
        candidates: list[Candidate],
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("duplicateDialog")
        self.setWindowTitle(self.tr("Possible duplicate"))
        self.model = ComparisonModel(new, candidates, today)
        self.intro = QLabel(
            self.tr(
                "A patient like this one is already registered. Compare, then choose. "
                "Nothing is merged."
            )
        )
        self.intro.setWordWrap(True)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectColumns)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectColumn(1)
        self.same_button = QPushButton(self.tr("Same person (open the registered record)"))
        self.new_button = QPushButton(self.tr("New patient (save as another person)"))
        # Enter must never save a second record: the safe choice is the default and has
        # the focus; saving another person takes a deliberate click (or Tab, then Space).
        self.new_button.setAutoDefault(False)
        self.same_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.same_button)
        buttons.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.resize(760, 360)
        self.same_button.clicked.connect(self.on_same_person)
        self.new_button.clicked.connect(self.on_new_patient)
        self.setFocusProxy(self.same_button)
        self.same_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def selected_candidate(self) -> str:
        cols = self.table.selectionModel().selectedColumns()
        column = cols[0].column() if cols else 1
        return self.model.candidate_id(max(1, column))

    @Slot()
    def on_same_person(self) -> None:
        self.chosen.emit(Decision.SAME_PERSON, self.selected_candidate())
        self.accept()

    @Slot()
    def on_new_patient(self) -> None:
        self.chosen.emit(Decision.NEW_PATIENT, "")
        self.accept()
