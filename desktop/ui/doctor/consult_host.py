"""The doctor's Review page: the opened consult on ``ReviewPage`` (parsed from its FHIR
bundle), its media fetched from the hub re-encrypted to this PC's key (in memory only), the
patient's earlier consults and trends, the chat of its calls (re-read when the hub's queue
watch answers: a chat message or call reaching the hub wakes it), and the step that ends the
consult (Complete), so a store-and-forward consult is reviewed and answered without a call."""

from __future__ import annotations

from datetime import date
from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from desktop import logs
from desktop.changes import Change, Kind
from desktop.core.consult_chat import ChatEntry
from desktop.core.review import ConsultReview, MediaRef, Recording, parse_review
from desktop.core.review_history import HistoryEntry, parse_history
from desktop.services.doctor import DoctorService
from desktop.services.doctor_review import DoctorReviewReads
from desktop.ui.changes import ChangeSignal
from desktop.ui.doctor.queue_page import QueuePage
from desktop.ui.doctor.review_page import ReviewPage
from desktop.ui.tasks import Operation

log = logs.get("ui")


class ConsultReviewHost(QWidget):
    """``show_consult(consult_id, bundle)`` / ``clear()``; ``consult_id`` is the one shown.

    Signals:
        history_shown(str): the earlier consults of the consult (its id) are on the page.
        completed(str): the hub completed the consult (its id).
        chat_shown(str): the chat of the consult's calls (its id), as the hub holds it now,
            is on the page (with the consult, and again each time it is re-read).
    """

    history_shown = Signal(str)
    completed = Signal(str)
    chat_shown = Signal(str)

    def __init__(
        self,
        service: DoctorService,
        parent: QWidget | None = None,
        *,
        sound: bool = True,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reviewHost")
        self.service = service
        self.reads = DoctorReviewReads(service)
        self._changes = ChangeSignal(service.bus, self)
        self._changes.changed.connect(self.on_changed)
        self.today = today
        self.consult_id: str | None = None
        self.review: ConsultReview | None = None
        self._generation = 0
        self._note = ""  # the key of what the status line says
        self._queue: QueuePage | None = None

        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.status = QLabel()
        self.status.setObjectName("reviewHostStatus")
        self.status.setWordWrap(True)
        self.complete_button = QPushButton()
        self.complete_button.setObjectName("reviewComplete")
        self.complete_button.clicked.connect(self.on_complete_clicked)
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addWidget(self.status, 1)
        top.addWidget(self.complete_button)
        self._actions = top

        self.empty = QLabel()
        self.empty.setObjectName("reviewHostEmpty")
        self.empty.setWordWrap(True)
        self.page = ReviewPage(sound=sound)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.page)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)
        self.clear()

    def add_header_widget(self, widget: QWidget) -> None:
        """A window's action beside Complete (the doctor's window: Prescribe)."""
        self._actions.insertWidget(self._actions.indexOf(self.complete_button), widget)

    # -- binding -------------------------------------------------------------------------
    def show_consult(
        self,
        consult_id: str,
        bundle: dict[str, Any],
        review: ConsultReview | None = None,
        history: tuple[HistoryEntry, ...] | None = None,
        chat: tuple[ChatEntry, ...] | None = None,
    ) -> None:
        """Bind the page to the consult (``review``: the bundle already parsed; ``history``
        and ``chat``: the earlier consults and the calls' chat already read, else they
        follow from the hub)."""
        self.clear()
        self.consult_id = consult_id
        self.review = review if review is not None else parse_review(bundle, self.today)
        media = self.reads.media(consult_id)
        self.page.show_review(self.review, media)
        self.stack.setCurrentWidget(self.page)
        self.complete_button.setEnabled(True)
        generation = self._generation
        review = self.review
        later: Operation[Recording | None] = Operation(
            lambda: self.reads.later_recording(media, review)
        )
        later.success(lambda rec: self._later_recording(generation, rec))
        later.failure(lambda exc: log.info("upload list failed: %s", type(exc).__name__))
        later.run_in_background()
        self.look_for_stills()
        if chat is not None:
            self.page.show_chat(chat)
            self.chat_shown.emit(consult_id)
        else:
            self.refresh_chat()
        if history is not None:
            self.page.show_history(history)
            self.history_shown.emit(consult_id)
            return
        self._say("history_loading")
        op: Operation[list[dict[str, Any]]] = Operation(lambda: self.reads.history(consult_id))
        op.success(lambda rows: self._history(generation, consult_id, rows))
        op.failure(lambda exc: self._history_failed(generation, exc))
        op.run_in_background()

    def _history(self, generation: int, consult_id: str, rows: list[dict[str, Any]]) -> None:
        if generation != self._generation:
            return  # another consult was opened (or the page cleared) meanwhile
        age = self.review.patient.age_years if self.review else None
        self.page.show_history(parse_history(rows, age))
        self._say("")
        self.history_shown.emit(consult_id)

    def refresh_chat(self) -> Operation[tuple[ChatEntry, ...]] | None:
        """Re-read the chat of the consult shown from the hub (a worker); what is shown stays
        when the hub cannot say."""
        consult_id = self.consult_id
        if consult_id is None:
            return None
        generation = self._generation
        op: Operation[tuple[ChatEntry, ...]] = Operation(lambda: self.reads.chat(consult_id))
        op.success(lambda chat: self._chat(generation, consult_id, chat))
        op.failure(lambda exc: log.info("call chat not read: %s", type(exc).__name__))
        return op.run_in_background()

    def _chat(self, generation: int, consult_id: str, chat: tuple[ChatEntry, ...]) -> None:
        # A re-read may answer after the window closed (the page is gone), or for a consult
        # no longer shown (another opened, or the page cleared): dropped.
        if not shiboken6.isValid(self) or generation != self._generation:
            return
        self.page.show_chat(chat)
        self.chat_shown.emit(consult_id)

    @Slot(object)
    def on_changed(self, change: Change) -> None:
        """The hub's queue moved (its watch also answers when a consult's chat or call grows),
        or this PC stored chat of the consult shown: its chat is re-read."""
        shown = self.consult_id
        if shown is None:
            return
        if change.kind is Kind.QUEUE or (
            change.kind is Kind.CONSULT and change.reason == "chat" and shown in change.ids
        ):
            self.refresh_chat()

    def _later_recording(self, generation: int, recording: Recording | None) -> None:
        if generation == self._generation and recording is not None:
            self.page.add_recordings((recording,))
            self.review = self.page.review

    def look_for_stills(self) -> Operation[tuple[MediaRef, ...]] | None:
        """The still pictures of the consult's call the hub holds, added to its attachments
        (at binding, and when the spoke says it sent one: its upload may follow later)."""
        review, consult_id = self.review, self.consult_id
        if review is None or consult_id is None:
            return None
        generation = self._generation
        media = self.reads.media(consult_id)
        op: Operation[tuple[MediaRef, ...]] = Operation(
            lambda: self.reads.later_stills(media, review)
        )
        op.success(lambda found: self._stills(generation, found))
        op.failure(lambda exc: log.info("upload list failed: %s", type(exc).__name__))
        return op.run_in_background()

    def _stills(self, generation: int, found: tuple[MediaRef, ...]) -> None:
        if generation == self._generation and found:
            self.page.add_attachments(found)
            self.review = self.page.review

    def _history_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        log.warning("history fetch failed: %s", type(exc).__name__)
        self._say("history_failed")

    def clear(self) -> None:
        """Nothing of the consult stays on the page (sign-out, another consult)."""
        self._generation += 1
        self.consult_id, self.review = None, None
        self.page.clear()
        self.stack.setCurrentWidget(self.empty)
        self.complete_button.setEnabled(False)
        self._say("")

    def follow_queue(self, queue: QueuePage) -> None:
        """Once the consult shown is no longer in the doctor's queue (completed or declined
        from the queue page, taken back by the hub), nothing of it stays on the page."""
        self._queue = queue
        queue.refreshed.connect(self.on_queue_refreshed)

    @Slot()
    def on_queue_refreshed(self) -> None:
        shown = self.consult_id
        if shown is not None and self._queue is not None and self._queue.model.row_of(shown) < 0:
            log.info("the consult shown left the queue: review cleared")
            self.clear()

    # -- completing ----------------------------------------------------------------------
    @Slot()
    def on_complete_clicked(self) -> None:
        consult_id = self.consult_id
        if consult_id is None:
            return
        self.complete_button.setEnabled(False)
        op = Operation.from_future(self.service.complete(consult_id))
        op.success(lambda _status: self._completed(consult_id))
        op.failure(lambda exc: self._complete_failed(consult_id, exc))
        op.run()

    def _completed(self, consult_id: str) -> None:
        if self.consult_id == consult_id:
            self.clear()
            self._say("completed")
        self.completed.emit(consult_id)

    def _complete_failed(self, consult_id: str, exc: BaseException) -> None:
        log.warning("complete failed: %s", type(exc).__name__)
        if self.consult_id == consult_id:
            self.complete_button.setEnabled(True)
            self._say("complete_failed")

    # -- language ------------------------------------------------------------------------
    def _say(self, key: str) -> None:
        self._note = key
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Review"))
        self.complete_button.setText(self.tr("Complete consultation"))
        self.empty.setText(self.tr("Open a consultation from the queue to review it."))
        notes = {
            "": "",
            "history_loading": self.tr("Fetching the patient's earlier consultations..."),
            "history_failed": self.tr("The earlier consultations could not be fetched."),
            "completed": self.tr("Consultation completed."),
            "complete_failed": self.tr("The consultation could not be completed. Try again."),
        }
        self.status.setText(notes.get(self._note, ""))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
