"""Small helpers the spoke forms share: a field with its inline message underneath,
issue display, and date parsing in the Indian DD-MM-YYYY order."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.core.issues import Issue, Severity
from desktop.ui import messages


class FieldBox(QWidget):
    """An input widget with a one-line message below it (error red, warning amber)."""

    def __init__(self, editor: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
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
        self.setFocusProxy(editor)

    def show_issue(self, issue: Issue | None) -> None:
        if issue is None:
            self.message.clear()
            self.message.hide()
            self.editor.setProperty("state", "")
        else:
            error = issue.severity is Severity.ERROR
            colour = "#b3261e" if error else "#8a5a00"
            self.message.setStyleSheet(f"color: {colour};")
            self.message.setText(messages.issue_text(issue))
            self.message.show()
            self.editor.setProperty("state", "error" if error else "warning")
        self.editor.style().unpolish(self.editor)
        self.editor.style().polish(self.editor)


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
    return value.strftime("%d-%m-%Y") if value else ""
