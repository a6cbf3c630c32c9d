"""A camera snapshot that cannot be stored (disk full) or attached to the open consult
tells the operator so, in the message line the app shows (the status bar)."""

from __future__ import annotations

from concurrent.futures import Future
from typing import Any

import numpy as np
import pytest

from desktop.media import snapshot as snapshots
from desktop.settings import Settings
from desktop.storage import errors, patient_repo
from desktop.ui import consult_camera
from desktop.ui.clinic_context import ClinicContext
from desktop.ui.media.capture_panel import CapturePanel
from desktop.ui.patients.workspace import SpokeWorkspace
from tests.desktop.ui.clinic_ui_fixtures import TODAY, ctx
from tests.helpers.clinical import person

_ = ctx


@pytest.fixture
def linked(ctx: ClinicContext, qtbot):  # type: ignore[no-untyped-def]
    ws = SpokeWorkspace(ctx)
    capture = CapturePanel(ctx.blobs, Settings(), cameras=[], microphones=[])
    qtbot.addWidget(ws)
    qtbot.addWidget(capture)
    notes: list[str] = []
    consult_camera.link(ws.intake, capture, notes.append)
    patient = ctx.services.clinic.writer.run(
        lambda s: patient_repo.register(s, person("Sunita", "Devi", sex="female"), ctx.actor, TODAY)
    ).patient
    assert patient is not None
    ws.intake.open_for(patient)
    qtbot.waitUntil(lambda: ws.intake.consult is not None, timeout=10_000)
    yield ws, capture, notes
    capture.stop_capture()


@pytest.mark.expected_errors("snapshot failed: StorageFullError")
def test_snapshot_on_a_full_disk_says_so(linked, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _ws, capture, notes = linked

    def full(*_args: Any, **_kw: Any) -> Any:
        raise errors.StorageFullError("disk full")

    monkeypatch.setattr(snapshots, "save", full)
    capture.hold("test")
    qtbot.waitUntil(capture.snapshot_button.isEnabled, timeout=15_000)
    capture.snapshot_button.click()
    qtbot.waitUntil(lambda: any("disk is full" in n for n in notes), timeout=10_000)
    qtbot.waitUntil(capture.snapshot_button.isEnabled, timeout=5_000)  # can try again


def test_snapshot_that_cannot_be_attached_says_so(linked, ctx: ClinicContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    ws, capture, notes = linked

    class FullWriter:
        def submit(self, fn: Any) -> Future[Any]:
            future: Future[Any] = Future()
            future.set_exception(errors.StorageFullError("disk full"))
            return future

    shot = snapshots.save(ctx.blobs, np.full((120, 160, 3), 90, dtype=np.uint8))
    real = ctx.services.clinic.writer
    ctx.services.clinic.writer = FullWriter()  # type: ignore[assignment]
    try:
        capture.snapshot_saved.emit(shot)
        qtbot.waitUntil(lambda: "disk is full" in notes[-1], timeout=10_000)
    finally:
        ctx.services.clinic.writer = real
    assert ws.intake.attachments.model.rowCount() == 0
    assert "disk is full" in ws.intake.status.text()
