"""Helpers for the wrong-patient tests: everything a screen shows as text (shown or
hidden, in labels, inputs, lists and tables), three synthetic patients, pictures."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import cv2
import numpy as np
from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from desktop.core.patient import Patient


def _model_text(model: QAbstractItemModel) -> list[str]:
    found = []
    root = QModelIndex()
    columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(root)
    for row in range(model.rowCount(root)):
        for column in range(columns):
            index = model.index(row, column)
            shown = model.data(index, Qt.ItemDataRole.DisplayRole)
            checked = model.data(index, Qt.ItemDataRole.CheckStateRole)
            mark = "[x] " if checked in (Qt.CheckState.Checked, 2) else ""
            if shown is not None:
                found.append(mark + str(shown))
    return found


def screen_text(*roots: QWidget) -> str:
    """Every text under ``roots``, hidden widgets included: what is hidden now may show later."""
    found: list[str] = []
    for root in roots:
        for w in [root, *root.findChildren(QWidget)]:
            if isinstance(w, (QLabel, QLineEdit)):
                found.append(w.text())
            elif isinstance(w, QPlainTextEdit):
                found.append(w.toPlainText())
            elif isinstance(w, QAbstractButton):
                found.append(("[x] " if w.isChecked() else "") + w.text())
            elif isinstance(w, QComboBox):
                found.append(w.currentText())
            elif isinstance(w, QAbstractSpinBox):
                found.append(w.text())
            elif isinstance(w, QAbstractItemView) and w.model() is not None:
                found.extend(_model_text(w.model()))
            if isinstance(w, QGroupBox):
                found.append(w.title())
    return "\n".join(t for t in found if t)


def adult(given: str, family: str, sex: str = "female") -> Patient:
    return Patient(
        given,
        family,
        sex,
        date(1984, 6, 15),
        mobile="",
        no_mobile_reason="none_owned",
        state_lgd=9,
        district="Sitapur",
        locality="Rampur",
    )


def child(given: str, family: str, guardian: str) -> Patient:
    return Patient(
        given,
        family,
        "male",
        date(2019, 3, 2),
        mobile="",
        no_mobile_reason="none_owned",
        state_lgd=9,
        district="Sitapur",
        locality="Rampur",
        guardian_name=guardian,
        guardian_relation="father",
    )


COLOURS = {  # BGR: one picture colour per consult, to tell thumbnails apart
    "red": (40, 40, 210),
    "green": (40, 170, 40),
    "blue": (200, 90, 30),
    "grey": (128, 128, 128),
}


def picture(path: Path, colour: str) -> Path:
    image = np.full((240, 320, 3), COLOURS[colour], dtype=np.uint8)
    cv2.imwrite(str(path), image)
    return path


def picture_bytes(colour: str, ext: str = ".png") -> bytes:
    ok, data = cv2.imencode(ext, np.full((240, 320, 3), COLOURS[colour], dtype=np.uint8))
    assert ok
    return data.tobytes()
