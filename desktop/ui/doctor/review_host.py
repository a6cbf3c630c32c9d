"""Where an opened consult is shown. A placeholder until the review screen
(``desktop.ui.doctor.review_page.ReviewPage``, with ``show_review``/``clear``) is merged:
it names the consult and counts what its FHIR bundle holds, never patient details."""

from __future__ import annotations

from collections import Counter
from typing import Any

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class ReviewHost(QWidget):
    """``show_consult(consult_id, bundle)`` / ``clear()``; drops what it showed on clear."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewHost")
        self.consult_id: str | None = None
        self._counts: Counter[str] = Counter()
        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addStretch(1)
        self.retranslate()

    def show_consult(self, consult_id: str, bundle: dict[str, Any]) -> None:
        self.consult_id = consult_id
        raw = bundle.get("entry")
        entries: list[Any] = raw if isinstance(raw, list) else []
        self._counts = Counter(
            str(e.get("resource", {}).get("resourceType", "?"))
            for e in entries
            if isinstance(e, dict) and isinstance(e.get("resource"), dict)
        )
        self.retranslate()

    def clear(self) -> None:
        self.consult_id = None
        self._counts = Counter()
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Review"))
        if self.consult_id is None:
            self.summary.setText(self.tr("Open a consultation from the queue to review it."))
            return
        parts = ", ".join(f"{kind}: {n}" for kind, n in sorted(self._counts.items()))
        self.summary.setText(
            self.tr("Consultation %1 is open (%2).")
            .replace("%1", self.consult_id[:8])
            .replace("%2", parts or "—")
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
