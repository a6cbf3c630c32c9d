"""The doctor's Review page host: the earlier consults of the consult shown (a late answer for
the consult shown before is dropped), a history failure said on the page, Complete (a refusal
lets the doctor try again; done, the page is cleared), and the chat of the consult's calls
(read-only, read with the consult and again when the hub's queue watch answers; screenshots
EN and HI at 1366x768)."""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Iterator
from concurrent.futures import Future
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from pyrage import x25519
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QAbstractItemView

from desktop.changes import Change, ChangeBus, Kind
from desktop.core.consult_chat import ChatEntry, parse_chat
from desktop.sync.doctor_media import ConsultMedia
from desktop.sync.errors import ConflictError
from desktop.ui import i18n
from desktop.ui.call.chat_record import SENDER_ROLE, ChatModel
from desktop.ui.doctor.consult_host import ConsultReviewHost
from tests.helpers.review_data import TODAY, history_body, patient, sample


class FakeService:
    """What the host uses of ``DoctorService``: the client, the PC's key, ``complete``."""

    def __init__(self) -> None:
        self.api = type("Api", (), {"client": object()})()
        self.blobs = type("Blobs", (), {"identity": x25519.Identity.generate()})()
        self.bus = ChangeBus()
        self.completions: list[str] = []
        self.refuse = False
        self.chats: dict[str, tuple[ChatEntry, ...]] = {}

    def chat(self, consult_id: str) -> tuple[ChatEntry, ...]:
        return self.chats.get(consult_id, ())

    def complete(self, consult_id: str) -> Future[str]:
        self.completions.append(consult_id)
        done: Future[str] = Future()
        if self.refuse:
            done.set_exception(ConflictError("not yours any more", status=409))
        else:
            done.set_result("completed")
        return done


class SlowHistory:
    """``reads.history`` whose answer for each consult waits until released."""

    def __init__(self) -> None:
        self.gates: dict[str, threading.Event] = {}
        self.fail: set[str] = set()

    def __call__(self, consult_id: str) -> list[dict[str, Any]]:
        gate = self.gates.setdefault(consult_id, threading.Event())
        gate.wait(20)
        if consult_id in self.fail:
            raise ConflictError("history refused", status=403)
        return history_body()


@pytest.fixture
def host(qtbot) -> Iterator[ConsultReviewHost]:  # type: ignore[no-untyped-def]
    widget = ConsultReviewHost(FakeService(), sound=False, today=TODAY)  # type: ignore[arg-type]
    widget.resize(1366, 768)
    yield widget
    # Deleted here, and its Python cycles collected here, on the main thread: never later
    # by the collector on whichever worker thread allocates.
    QThreadPool.globalInstance().waitForDone(20_000)  # its fetches have ended
    widget.close()
    widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()


def test_history_of_the_consult_shown_only(host: ConsultReviewHost, qtbot) -> None:  # type: ignore[no-untyped-def]
    slow = SlowHistory()
    host.reads.history = slow  # type: ignore[method-assign]
    _, _, first = sample()
    _, _, second = sample()
    host.show_consult("first", first)
    assert isinstance(host.page.media, ConsultMedia) and host.page.media.consult_id == "first"
    host.show_consult("second", second)
    assert host.status.text() == "Fetching the patient's earlier consultations..."
    qtbot.waitUntil(lambda: {"first", "second"} <= set(slow.gates))
    slow.gates["first"].set()  # the answer for the consult shown before: dropped
    with qtbot.waitSignal(host.history_shown, timeout=10_000) as shown:
        slow.gates["second"].set()
    assert shown.args == ["second"] and host.consult_id == "second"
    assert len(host.page.history) == 2 and host.status.text() == ""


def test_a_history_failure_is_said(host: ConsultReviewHost, qtbot) -> None:  # type: ignore[no-untyped-def]
    slow = SlowHistory()
    slow.fail.add("c1")
    slow.gates["c1"] = threading.Event()
    slow.gates["c1"].set()
    host.reads.history = slow  # type: ignore[method-assign]
    host.show_consult("c1", sample()[2])
    qtbot.waitUntil(lambda: host.status.text() == "The earlier consultations could not be fetched.")
    assert host.page.history == () and host.page.review is not None


def test_complete_refused_then_done(host: ConsultReviewHost, qtbot) -> None:  # type: ignore[no-untyped-def]
    service: FakeService = host.service  # type: ignore[assignment]
    slow = SlowHistory()
    host.reads.history = slow  # type: ignore[method-assign]
    assert not host.complete_button.isEnabled()  # nothing open
    slow.gates["c1"] = threading.Event()
    slow.gates["c1"].set()
    host.show_consult("c1", sample()[2])
    service.refuse = True
    host.complete_button.click()
    qtbot.waitUntil(lambda: host.complete_button.isEnabled())
    assert host.status.text() == "The consultation could not be completed. Try again."
    assert host.consult_id == "c1" and host.page.name.text() == patient().full_name
    service.refuse = False
    with qtbot.waitSignal(host.completed, timeout=10_000) as done:
        host.complete_button.click()
    assert done.args == ["c1"] and service.completions == ["c1", "c1"]
    assert host.consult_id is None and host.page.name.text() == ""
    assert host.stack.currentWidget() is host.empty
    assert host.status.text() == "Consultation completed."


def test_hindi(host: ConsultReviewHost, qtbot) -> None:  # type: ignore[no-untyped-def]
    try:
        i18n.install("hi")
        qtbot.waitUntil(lambda: host.complete_button.text() == "परामर्श पूरा करें")
        assert host.heading.text() == "समीक्षा"
    finally:
        i18n.install("en")


class QueueRows:
    def __init__(self) -> None:
        self.ids: list[str] = []
        self.seen = 0

    def row_of(self, consult_id: str) -> int:
        self.seen += 1
        return self.ids.index(consult_id) if consult_id in self.ids else -1


class FakeQueue(QObject):
    """What the host follows of the queue page: ``refreshed`` and ``model.row_of``. Owned
    by the host (deleted with it on the main thread, never by the collector elsewhere)."""

    refreshed = Signal()

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.model = QueueRows()


def test_a_consult_that_left_the_queue_is_cleared(host: ConsultReviewHost, qtbot) -> None:  # type: ignore[no-untyped-def]
    slow = SlowHistory()
    slow.gates["c1"] = threading.Event()
    slow.gates["c1"].set()
    host.reads.history = slow  # type: ignore[method-assign]
    queue = FakeQueue(host)
    host.follow_queue(queue)  # type: ignore[arg-type]
    queue.model.ids = ["c0", "c1"]
    host.show_consult("c1", sample()[2])
    queue.refreshed.emit()  # still the doctor's: stays
    assert host.consult_id == "c1" and queue.model.seen == 1
    queue.model.ids = ["c0"]  # completed or declined from the queue page
    queue.refreshed.emit()
    assert host.consult_id is None and host.page.name.text() == ""
    assert host.stack.currentWidget() is host.empty


# -- the chat of the consult's calls (issue 16) ------------------------------------------
SCREENSHOT_DIR = os.environ.get("SPOKE_CLINIC_SCREENSHOT_DIR", "")
AT = datetime(2026, 12, 5, 5, 40, tzinfo=UTC)


def _chat(*lines: tuple[str, str]) -> tuple[ChatEntry, ...]:
    return tuple(
        ChatEntry(f"m{n}", sender, text, AT.replace(minute=40 + n))
        for n, (sender, text) in enumerate(lines)
    )


CHAT = _chat(
    ("doctor", "The video stopped. Can you hear me?"),
    ("spoke", "Only the chat works here. Her BP is 168/102 again this morning."),
    ("doctor", "Please send a photo of the rash on her left arm after the call."),
)


def _cells(model: ChatModel) -> list[list[str]]:
    return [
        [str(model.data(model.index(r, c))) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def _released(host: ConsultReviewHost) -> SlowHistory:
    slow = SlowHistory()
    for cid in ("c1", "c2"):
        slow.gates.setdefault(cid, threading.Event()).set()
    host.reads.history = slow  # type: ignore[method-assign]
    return slow


def test_the_chat_read_with_the_consult_is_shown_read_only(  # type: ignore[no-untyped-def]
    host: ConsultReviewHost, qtbot
) -> None:
    _released(host)
    with qtbot.waitSignal(host.chat_shown, timeout=10_000) as shown:
        host.show_consult("c1", sample()[2], chat=CHAT)
    assert shown.args == ["c1"]
    page = host.page
    assert page.tabs.tabText(3) == "Call chat (3)"
    rows = _cells(page.chat_view.model)
    assert [r[1:] for r in rows] == [
        ["Doctor", "The video stopped. Can you hear me?"],
        ["Clinic", "Only the chat works here. Her BP is 168/102 again this morning."],
        ["Doctor", "Please send a photo of the rash on her left arm after the call."],
    ]
    assert rows[0][0] == i18n.format_datetime(CHAT[0].sent_at)  # DD-MM-YYYY HH:MM, local
    model = page.chat_view.model
    assert model.data(model.index(1, 0), SENDER_ROLE) == "spoke"
    assert page.chat_view.table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    assert not model.flags(model.index(0, 2)) & Qt.ItemFlag.ItemIsEditable
    # Another consult: nothing of the first one's chat stays.
    host.show_consult("c2", sample()[2], chat=())
    assert page.chat_view.count() == 0 and not page.chat_view.empty.isHidden()
    assert page.tabs.tabText(3) == "Call chat (0)"


def test_the_chat_is_re_read_when_the_hubs_queue_moves(  # type: ignore[no-untyped-def]
    host: ConsultReviewHost, qtbot
) -> None:
    service: FakeService = host.service  # type: ignore[assignment]
    _released(host)
    service.chats["c1"] = CHAT[:1]
    with qtbot.waitSignal(host.chat_shown, timeout=10_000):
        host.show_consult("c1", sample()[2])  # no chat given: read from the hub
    assert host.page.chat_view.count() == 1
    service.chats["c1"] = CHAT
    with qtbot.waitSignal(host.chat_shown, timeout=10_000) as shown:
        service.bus.announce(Change(Kind.QUEUE, (), "pushed"))
    assert shown.args == ["c1"] and host.page.chat_view.count() == 3
    assert host.page.tabs.tabText(3) == "Call chat (3)"


def test_parse_chat_skips_what_it_cannot_read() -> None:
    rows = [
        {"id": "b", "sender": "spoke", "text": "second", "sent_at": "2026-12-05T05:41:00Z"},
        {"id": "a", "sender": "doctor", "text": "first", "sent_at": "2026-12-05T05:40:00Z"},
        {"id": "c", "sender": "nobody", "text": "x", "sent_at": "2026-12-05T05:42:00Z"},
        {"id": "d", "sender": "spoke", "text": "x", "sent_at": "yesterday"},
        "not a row",
    ]
    assert [(e.id, e.text) for e in parse_chat(rows)] == [("a", "first"), ("b", "second")]


def test_screenshots_en_and_hi(host: ConsultReviewHost, qtbot) -> None:  # type: ignore[no-untyped-def]
    _released(host)
    with qtbot.waitSignal(host.history_shown, timeout=10_000):
        host.show_consult("c1", sample()[2], chat=CHAT)
    host.page.tabs.setCurrentWidget(host.page.chat_view)
    host.show()
    try:
        for lang in ("en", "hi"):
            assert i18n.install(lang)
            words = "कॉल की चैट (3)" if lang == "hi" else "Call chat (3)"
            qtbot.waitUntil(lambda w=words: host.page.tabs.tabText(3) == w)
            model = host.page.chat_view.model
            assert model.data(model.index(0, 1)) == ("डॉक्टर" if lang == "hi" else "Doctor")
            table = host.page.chat_view.table
            header = table.horizontalHeader()
            # every column title fits after the language changed
            qtbot.waitUntil(
                lambda h=header, m=model: all(
                    h.sectionSize(c)
                    > h.fontMetrics().horizontalAdvance(
                        str(m.headerData(c, Qt.Orientation.Horizontal))
                    )
                    for c in range(2)
                )
            )
            # every message fits in its row: nothing cut off at 1366x768
            qtbot.waitUntil(
                lambda t=table: all(
                    t.rowHeight(r) >= t.sizeHintForRow(r) for r in range(t.model().rowCount())
                )
            )
            if SCREENSHOT_DIR:
                path = Path(SCREENSHOT_DIR) / f"doctor-review-chat-{lang}.png"
                host.grab().save(str(path))
    finally:
        i18n.install("en")
