"""Joins the camera panel to the consult open in the intake page: recording is allowed only
with consent to record on file, and a snapshot becomes an attachment of that consult."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication

from desktop.ui.consult.intake_page import ConsultIntakePage
from desktop.ui.media.capture_panel import CapturePanel


def link(intake: ConsultIntakePage, capture: CapturePanel, notify: Callable[[str], None]) -> None:
    """Wire the two pages; ``notify`` shows a short message (e.g. in the status bar)."""
    capture.set_recording_allowed(intake.may_record())
    intake.recording_allowed.connect(capture.set_recording_allowed)

    def on_snapshot(snapshot: Any) -> None:
        if intake.consult is None:
            notify(
                QCoreApplication.translate(
                    "ConsultCamera", "Open a consult first to attach a snapshot to it."
                )
            )
            return
        title = QCoreApplication.translate("ConsultCamera", "Camera snapshot")
        intake.attach_stored(snapshot.ref, snapshot.thumbnail, snapshot.media_type, title)
        notify(
            QCoreApplication.translate("ConsultCamera", "Snapshot attached to the open consult.")
        )

    capture.snapshot_saved.connect(on_snapshot)
