"""The sync page names each waiting item (whose patient record, consult, picture, recording
segment n) and why it waits; "Retry now" shows it is busy until the engine answers, then
the answer; an empty list says that nothing is waiting. Names reach the screen, not logs."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import cv2
import numpy as np
import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session

from desktop.core.consent import Consent, ConsentKind, GivenBy
from desktop.core.duplicates import Decision
from desktop.core.patient import Patient
from desktop.storage import consult_repo, outbox_labels, patient_repo
from desktop.storage.blob_io import BlobRef
from desktop.sync.outbox import Item, OutboxQueue
from desktop.ui import tasks
from desktop.ui.clinic_context import ClinicContext
from desktop.ui.sync import SyncBridge, SyncPage
from tests.desktop.ui.clinic_ui_fixtures import TODAY, ctx

_ = ctx


class FakeEngine:
    """The engine's part the page uses: the unsent rows, and a retry held until released."""

    def __init__(self, items: list[Item]) -> None:
        self.items = items
        self.release = threading.Event()
        self.retries = 0

    def unsent(self) -> list[Item]:
        return list(self.items)

    def retry_now(self, item_id: int | None = None) -> None:
        assert self.release.wait(10)
        self.retries += 1


def _waiting_work(ctx: ClinicContext) -> list[Item]:
    """A registered patient, a consult marked ready with a picture, two recording segments."""
    p = Patient(
        "Kamla",
        "Devi",
        "female",
        date(1970, 1, 1),
        mobile="9876501234",
        state_lgd=9,
        district="Sitapur",
        locality="Rampur",
    )
    ctx.services.clinic.writer.run(
        lambda s: patient_repo.register(s, p, ctx.actor, TODAY, Decision.NEW_PATIENT)
    )
    c = ctx.services.clinic.writer.run(lambda s: consult_repo.create_draft(s, p.id, ctx.actor))
    c.complaints, c.specialty = ["cough"], "general_medicine"
    ctx.services.clinic.writer.run(lambda s: consult_repo.autosave(s, c, ctx.actor))
    ok, png = cv2.imencode(".png", np.full((40, 60, 3), 180, dtype=np.uint8))
    assert ok
    ref, thumb = consult_repo.store_attachment_blobs(ctx.blobs, png.tobytes(), "image/png")
    ctx.services.clinic.writer.run(
        lambda s: consult_repo.attach(s, c.id, ref, thumb, "image/png", "rash.png", ctx.actor)
    )
    yes = Consent(
        ConsentKind.TELECONSULTATION, True, GivenBy.PATIENT, "cho.meena", datetime.now(UTC)
    )
    ctx.services.clinic.writer.run(
        lambda s: consult_repo.record_consent(s, c.id, yes, p, TODAY, ctx.actor)
    )
    ctx.services.clinic.writer.run(lambda s: consult_repo.mark_ready(s, c.id, p, TODAY, ctx.actor))
    for n in range(2):
        segment = ctx.blobs.put("recording-segment", bytes([n]) * 100)

        def queue(s: Session, ref: BlobRef = segment) -> None:
            consult_repo.queue_recording_segment(s, c.id, ref, ctx.actor)

        ctx.services.clinic.writer.run(queue)
    return OutboxQueue(ctx.services.clinic.db, ctx.services.clinic.writer).unsent()


def _describe(ctx: ClinicContext) -> Any:
    def describe(items: list[Item]) -> dict[int, outbox_labels.OutboxLabel]:
        with ctx.services.clinic.db.read_session() as session:
            return outbox_labels.describe(session, items)

    return describe


@pytest.fixture
def make_page(qtbot: QtBot, ctx: ClinicContext) -> Iterator[Any]:
    """A sync page over a fake engine; at the end, the background reads it started have
    reported (their bridge and page still alive) before both go."""
    made: list[tuple[SyncBridge, SyncPage]] = []

    def make(engine: FakeEngine) -> tuple[SyncBridge, SyncPage]:
        bridge = SyncBridge()
        bridge.engine = engine  # type: ignore[assignment]
        page = SyncPage(bridge, describe=_describe(ctx))
        qtbot.addWidget(page)
        page.resize(1366, 768)
        page.show()
        made.append((bridge, page))
        return bridge, page

    yield make
    for _, page in made:
        page._refresh_timer.stop()
    qtbot.waitUntil(lambda: not tasks._live, timeout=10_000)


def _rows(page: SyncPage) -> list[tuple[str, str]]:
    m = page.model
    return [(m.index(r, 0).data(), m.index(r, 3).data()) for r in range(m.rowCount())]


def test_each_item_says_what_it_is_whose_and_why_it_waits(
    ctx: ClinicContext, qtbot: QtBot, make_page: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    engine = FakeEngine(_waiting_work(ctx))
    bridge, page = make_page(engine)
    page.on_status_changed("offline", len(engine.items), "", "HubUnreachableError", "")
    bridge.refresh_items()
    qtbot.waitUntil(lambda: "Kamla Devi" in (page.model.index(0, 0).data() or ""), timeout=10_000)
    assert _rows(page) == [
        ("Patient record · Kamla Devi", "Waiting to be sent"),
        ("Consultation · Kamla Devi", "Waiting for the patient record to be sent"),
        ("Picture · Kamla Devi", "Waiting for the consultation to be sent"),
        ("Recording segment 1 · Kamla Devi", "Waiting for the consultation to be sent"),
        ("Recording segment 2 · Kamla Devi", "Waiting for the consultation to be sent"),
    ]
    # The patient and the consult reached the hub: the rest wait for nothing any more; a
    # segment that failed says why in plain words.
    segment = engine.items[4]
    engine.items = [
        engine.items[2],
        engine.items[3],
        Item(**{**segment.__dict__, "attempts": 1, "last_error": "HubBusyError 503"}),
    ]
    bridge.refresh_items()
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=10_000)
    assert _rows(page) == [
        ("Picture · Kamla Devi", "Waiting to be sent"),
        ("Recording segment 1 · Kamla Devi", "Waiting to be sent"),
        (
            "Recording segment 2 · Kamla Devi",
            "Waiting to retry: The hub is busy. Sending will continue by itself in a moment.",
        ),
    ]
    assert not page.empty.isVisible()
    assert "Kamla" not in caplog.text and "Devi" not in caplog.text


def test_retry_now_is_busy_until_the_engine_answers(
    ctx: ClinicContext, qtbot: QtBot, make_page: Any
) -> None:
    engine = FakeEngine(_waiting_work(ctx))
    bridge, page = make_page(engine)
    page.on_status_changed("offline", len(engine.items), "", "HubUnreachableError", "")
    page.retry_button.click()
    assert not page.retry_button.isEnabled() and page.retry_button.text() == "Retrying…"
    assert page.feedback.text() == "Asking for everything waiting to be sent now…"
    engine.release.set()
    qtbot.waitUntil(page.retry_button.isEnabled, timeout=10_000)
    assert engine.retries == 1 and page.retry_button.text() == "Retry now"
    assert page.feedback.text() == "Sending now: 5 items waiting."


def test_an_empty_list_says_nothing_is_waiting(
    ctx: ClinicContext, qtbot: QtBot, make_page: Any
) -> None:
    engine = FakeEngine([])
    bridge, page = make_page(engine)
    with qtbot.waitSignal(bridge.items_loaded):
        bridge.refresh_items()
    assert page.empty.isVisible()
    assert page.empty.text() == "Nothing is waiting to be sent."
    page.retry_button.click()
    engine.release.set()
    qtbot.waitUntil(page.retry_button.isEnabled, timeout=10_000)
    assert page.feedback.text() == "Nothing was waiting to be sent."
