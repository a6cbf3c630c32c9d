"""The Prescriptions page over a real clinic: a follow-up shows on the due list on its date
(injected clock), not the day before, and starting it opens a consult linked to the earlier
one; a picture of a printed prescription is verified in the app against the doctor's key the
clinic cached (and a forger's key is refused)."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import cv2
import pytest
import segno
from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop.core import rx_qr
from desktop.storage import hub_news
from desktop.storage.audit import Actor
from desktop.storage.models.clinical import ConsultRecord
from desktop.ui.clinic_context import ClinicContext
from desktop.ui.patients.camera_frames import CameraFrames
from desktop.ui.prescriptions.page import PrescriptionsPage
from tests.desktop.storage.test_hub_news import _ready
from tests.desktop.ui.clinic_ui_fixtures import ctx
from tests.desktop.ui.prescriptions.test_rx_view import _received
from tests.helpers.rx import CONTENT, Doctor

_ = ctx
DUE = date(2026, 12, 19)  # the synthetic prescription's follow-up date


def _page(qtbot, ctx: ClinicContext, today: list[date]) -> PrescriptionsPage:  # type: ignore[no-untyped-def]
    page = PrescriptionsPage(ctx.services.prescriptions, ctx.services.bus, lambda: today[0])
    qtbot.addWidget(page)
    page.resize(1366, 768)
    return page


def test_a_follow_up_is_due_on_its_date_and_starts_a_linked_consult(
    qtbot, qtmodeltester, ctx: ClinicContext
) -> None:  # type: ignore[no-untyped-def]
    earlier = _received(ctx)
    today = [date(2026, 12, 18)]
    page = _page(qtbot, ctx, today)
    with qtbot.waitSignal(page.due_model.modelReset, timeout=10000):
        page.refresh()
    assert page.due_model.rowCount() == 0 and not page.start_button.isEnabled()
    today[0] = DUE
    with qtbot.waitSignal(page.due_model.modelReset, timeout=10000):
        page.refresh()
    assert page.due_model.rowCount() == 1
    qtmodeltester.check(page.due_model)
    assert page.due_model.index(0, 1).data() == "Ramesh Kumar"
    assert page.due_model.index(0, 0).data() == "19-12-2026"
    with qtbot.waitSignal(page.follow_up_started, timeout=10000) as started:
        page.on_start_follow_up()
    new_id = started.args[0]
    with ctx.services.clinic.db.read_session() as s:
        rec = s.get(ConsultRecord, new_id)
        assert rec is not None and rec.follow_up_of == earlier and rec.status == "draft"
    # The new consult was announced: the list re-reads and the patient is no longer due.
    page.show()
    qtbot.waitUntil(lambda: page.due_model.rowCount() == 0, timeout=10000)


def _qr_picture(tmp_path: Path, doc: Doctor, rx: dict, key: str) -> Path:
    payload = rx_qr.RxPayload(
        rx["consult_id"], rx["id"], rx["content"], rx["signature"], doc.id, key
    )
    path = tmp_path / "paper.png"
    segno.make(rx_qr.encode(payload), error="m").save(str(path), scale=4, border=4)
    return path


@pytest.mark.parametrize("forged", [False, True])
def test_a_printed_prescription_is_verified_in_the_app(
    qtbot, ctx: ClinicContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forged: bool
) -> None:  # type: ignore[no-untyped-def]
    writer = ctx.services.clinic.writer
    cid = _ready(SimpleNamespace(writer=writer))  # type: ignore[arg-type]
    doc = Doctor()
    rx = doc.prescription(cid, copy.deepcopy(CONTENT))
    writer.run(
        lambda s: hub_news.apply(
            s,
            hub_news.HubNews(cid, "completed", prescriptions=[rx]),
            Actor("hub", "system", "sync"),
        )
    )
    if forged:  # someone re-signs a changed copy with their own key, under the doctor's id
        forger = Doctor(id=doc.id)
        rx = forger.prescription(cid, copy.deepcopy(CONTENT))
        picture = _qr_picture(tmp_path, forger, rx, forger.public)
    else:
        picture = _qr_picture(tmp_path, doc, rx, doc.public)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(picture), ""))
    page = _page(qtbot, ctx, [DUE])
    page.on_verify_file()
    qtbot.waitUntil(lambda: getattr(page, "last_check", None) is not None, timeout=10000)
    check = page.last_check
    assert check.verdict is not None and check.verdict.ok  # the signature matches its key
    assert check.key_known is (not forged)
    box = page.findChild(QMessageBox)
    assert box is not None
    assert box.text().startswith("NOT VALID" if forged else "VALID")
    box.close()


def test_a_printed_prescription_is_verified_from_the_camera(
    qtbot, ctx: ClinicContext, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    writer = ctx.services.clinic.writer
    cid = _ready(SimpleNamespace(writer=writer))  # type: ignore[arg-type]
    doc = Doctor()
    rx = doc.prescription(cid, copy.deepcopy(CONTENT))
    news = hub_news.HubNews(cid, "completed", prescriptions=[rx])
    writer.run(lambda s: hub_news.apply(s, news, Actor("hub", "system", "sync")))
    frame = cv2.imread(str(_qr_picture(tmp_path, doc, rx, doc.public)))
    page = PrescriptionsPage(
        ctx.services.prescriptions, ctx.services.bus, lambda: DUE, lambda: frame
    )
    qtbot.addWidget(page)
    assert page.verify_camera_button.isEnabled()
    page.on_verify_camera()
    qtbot.waitUntil(lambda: getattr(page, "last_check", None) is not None, timeout=10000)
    assert page.last_check.valid and page.last_check.key_known is True
    box = page.findChild(QMessageBox)
    assert box is not None and box.text().startswith("VALID")
    box.close()


def test_the_camera_held_for_a_paper_check_is_released_when_the_page_goes(
    qtbot, ctx: ClinicContext
) -> None:  # type: ignore[no-untyped-def]
    events: list[str] = []
    frames = CameraFrames(
        lambda: None, lambda: events.append("hold"), lambda: events.append("release")
    )
    page = PrescriptionsPage(ctx.services.prescriptions, ctx.services.bus, lambda: DUE, frames)
    qtbot.addWidget(page)
    page.show()
    page.on_verify_camera()  # no frame yet: nothing read, the camera is held
    qtbot.waitUntil(lambda: getattr(page, "last_check", None) is not None)
    assert page.last_check.error and events == ["hold"]
    page.findChild(QMessageBox).close()
    page.hide()
    assert events == ["hold", "release"]
