"""Small helpers the spoke forms share: a field with its inline message underneath,
issue display, and date parsing in the Indian DD-MM-YYYY order."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.core.issues import Issue, Severity
from desktop.ui import i18n, messages


class FieldBox(QWidget):
    """An input widget with a one-line message below it (error red, warning amber)."""

    def __init__(
        self, editor: QWidget, parent: QWidget | None = None, target: QWidget | None = None
    ) -> None:
        """``editor`` is laid out; ``target`` (default: the editor) gets the frame/focus."""
        super().__init__(parent)
        self.editor = target or editor
        self.message = QLabel()
        self.message.setObjectName("fieldMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(editor)
        layout.addWidget(self.message)
        self.setFocusProxy(self.editor)

    def show_issue(self, issue: Issue | None) -> None:
        """Show (or clear) the message; errors get a red frame, warnings and abnormal
        values an amber one (the app style sheet keys on ``invalid`` and ``role``)."""
        error = issue is not None and issue.severity is Severity.ERROR
        if issue is None:
            self.message.clear()
            self.message.hide()
            frame = ""
        else:
            self.message.setText(messages.issue_text(issue))
            self.message.show()
            frame = _ERROR_FRAME if error else _WARNING_FRAME
        self.message.setProperty("role", "error" if error else "warning")
        self.message.setStyleSheet(f"color: {'#b03a2e' if error else '#9a6700'};")
        self.editor.setProperty("invalid", error)
        if isinstance(self.editor, (QLineEdit, QComboBox, QAbstractSpinBox)):
            self.editor.setStyleSheet(frame)
        for widget in (self.editor, self.message):
            widget.style().unpolish(widget)
            widget.style().polish(widget)


_ERROR_FRAME = "border: 2px solid #c0392b; border-radius: 3px;"
_WARNING_FRAME = "border: 2px solid #d39e00; border-radius: 3px; background: #fff8e1;"


def show_issues(boxes: dict[str, FieldBox], issues: Iterable[Issue]) -> FieldBox | None:
    """Put each issue under its field (the most severe per field); returns the first box
    with an error, for focus."""
    by_field: dict[str, Issue] = {}
    for issue in issues:
        held = by_field.get(issue.field)
        if held is None or (issue.is_error and not held.is_error):
            by_field[issue.field] = issue
    first: FieldBox | None = None
    for name, box in boxes.items():
        shown = by_field.get(name)
        box.show_issue(shown)
        if first is None and shown is not None and shown.is_error:
            first = box
    return first


_DMY = re.compile(r"\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\s*")


def parse_dmy(text: str) -> date | None:
    """``25-11-2026`` (or with / or .) -> a date; None when empty or not a real date."""
    m = _DMY.fullmatch(text)
    if not m:
        return None
    try:
        return date(int(m[3]), int(m[2]), int(m[1]))
    except ValueError:
        return None


def format_dmy(value: date | None) -> str:
    return i18n.format_date(value) if value else ""
