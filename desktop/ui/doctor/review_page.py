"""The doctor's consult review: everything the spoke recorded on one screen.

A patient header (name, age, sex, ABHA), the allergies on a coloured strip, flagged vitals,
complaints in the patient's words, known conditions, current medicines, consent, and the
attachments and recordings, opened in the viewer beside them; the patient's earlier
consults, vital trends and the chat of the consult's calls on the viewer's other tabs.

``show_review(review, media)`` binds the whole screen to one consult and ``clear()`` empties
it: every panel is reset together, and a fetch still running for the consult shown before
is dropped when it returns (conventions #20). Media bytes are fetched through ``media``
on a worker (an ``Operation``) and stay in memory.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QEvent, QModelIndex, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop import logs
from desktop.core.review import (
    AllergyState,
    ConsultReview,
    MediaFetcher,
    MediaKind,
    MediaRef,
    Recording,
)
from desktop.core.review_history import HistoryEntry, trends
from desktop.media.memory_recording import SegmentBytes
from desktop.ui import messages
from desktop.ui.call.chat_record import ChatMessage, ChatRecordView
from desktop.ui.doctor import review_texts as texts
from desktop.ui.doctor.history_view import HistoryView
from desktop.ui.doctor.media_image import ImageViewer
from desktop.ui.doctor.media_pdf import PdfViewer
from desktop.ui.doctor.media_player import Loaded, RecordingPlayer
from desktop.ui.doctor.review_models import MediaListModel, VitalsModel
from desktop.ui.doctor.trends import TrendsView
from desktop.ui.tasks import Operation

log = logs.get("ui")

STRIP_STYLE = """
QLabel#allergyStrip { padding: 6px 10px; border-radius: 4px; font-weight: bold; }
QLabel#allergyStrip[state="recorded"] { background: #b3261e; color: white; }
QLabel#allergyStrip[state="none_known"] { background: #dcefdc; color: #1b5e20; }
QLabel#allergyStrip[state="not_recorded"] { background: #fff3cd; color: #6d4c00; }
QLabel#allergyStrip[state="empty"] { background: transparent; }
QLabel#reviewName { font-size: 17px; font-weight: bold; }
"""


def _section(title_holder: list[QGroupBox], body: QWidget) -> QGroupBox:
    box = QGroupBox()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(8, 4, 8, 6)
    layout.addWidget(body)
    title_holder.append(box)
    return box


def _text_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class ReviewPage(QWidget):
    """One consult under review (see the module docstring).

    Signals:
        media_opened(str): the upload id (or recording id) now in the viewer.
        media_failed(str): an attachment or recording could not be fetched or read.
        call_requested(str): *Video call* pressed: the consult id (the host opens the call).
    """

    media_opened = Signal(str)
    media_failed = Signal(str)
    call_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, sound: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("reviewPage")
        self.setStyleSheet(STRIP_STYLE)
        self.review: ConsultReview | None = None
        self.media: MediaFetcher | None = None
        self.history: tuple[HistoryEntry, ...] = ()
        self._generation = 0  # bumped on every bind: late fetches of another consult drop
        self._opened = ""
        self._open_state = ""  # loading | shown | failed, of ``_opened``
        self._boxes: list[QGroupBox] = []

        # header
        self.name = QLabel()
        self.name.setObjectName("reviewName")
        self.age_sex = QLabel()
        self.abha = _text_label("reviewAbha")
        self.origin = _text_label("reviewOrigin")
        self.origin.setWordWrap(False)
        self.origin.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        header = QFrame()
        header.setObjectName("reviewHeader")
        top = QHBoxLayout(header)
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.name)
        top.addWidget(self.age_sex)
        top.addWidget(self.abha, 1)
        top.addWidget(self.origin)
        self.call_button = QPushButton()  # issue 16: the doctor calls the spoke from here
        self.call_button.setObjectName("reviewCall")
        self.call_button.clicked.connect(self.on_call_clicked)
        top.addWidget(self.call_button)
        self._header_row = top
        self.allergy_strip = _text_label("allergyStrip")

        # details
        self.vitals_model = VitalsModel(self)
        self.vitals_table = QTableView()
        self.vitals_table.setObjectName("reviewVitals")
        self.vitals_table.setModel(self.vitals_model)
        self.vitals_table.verticalHeader().hide()
        self.vitals_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.vitals_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.vitals_table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.vitals_table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        vh = self.vitals_table.horizontalHeader()
        vh.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        vh.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.no_vitals = _text_label("reviewNoVitals")
        vitals_box = QWidget()
        vl = QVBoxLayout(vitals_box)
        vl.setContentsMargins(0, 0, 0, 0)
        vl.addWidget(self.vitals_table)
        vl.addWidget(self.no_vitals)
        self.complaints = _text_label("reviewComplaints")
        self.conditions = _text_label("reviewConditions")
        self.medicines = _text_label("reviewMedicines")
        self.consent = _text_label("reviewConsent")
        self.attachments_model = MediaListModel(self)
        self.recordings_model = MediaListModel(self)
        self.attachments_list = self._list(self.attachments_model, "reviewAttachments")
        self.recordings_list = self._list(self.recordings_model, "reviewRecordings")
        self.attachments_list.activated.connect(self.on_attachment_activated)
        self.attachments_list.clicked.connect(self.on_attachment_activated)
        self.recordings_list.activated.connect(self.on_recording_activated)
        self.recordings_list.clicked.connect(self.on_recording_activated)
        self.no_attachments = _text_label("reviewNoAttachments")
        self.no_recordings = _text_label("reviewNoRecordings")
        details = QWidget()
        dl = QVBoxLayout(details)
        dl.setContentsMargins(0, 0, 4, 0)
        self.vitals_section = _section(self._boxes, vitals_box)
        self.complaints_section = _section(self._boxes, self.complaints)
        self.conditions_section = _section(self._boxes, self.conditions)
        self.medicines_section = _section(self._boxes, self.medicines)
        self.consent_section = _section(self._boxes, self.consent)
        for box in self._boxes:
            dl.addWidget(box)
        self.attachments_section = _section(
            self._boxes, self._stacked_list(self.attachments_list, self.no_attachments)
        )
        self.recordings_section = _section(
            self._boxes, self._stacked_list(self.recordings_list, self.no_recordings)
        )
        dl.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(details)
        self.details_scroll = scroll

        # viewer, history, trends
        self.viewer_title = _text_label("reviewViewerTitle")
        self.viewer_empty = _text_label("reviewViewerEmpty")
        self.viewer_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image_viewer = ImageViewer()
        self.pdf_viewer = PdfViewer()
        self.player = RecordingPlayer(sound=sound)
        self.player.ready.connect(self.on_player_ready)
        self.player.failed.connect(self.on_player_failed)
        self.viewer_stack = QStackedWidget()
        for widget in (self.viewer_empty, self.image_viewer, self.pdf_viewer, self.player):
            self.viewer_stack.addWidget(widget)
        viewer = QWidget()
        vv = QVBoxLayout(viewer)
        files = QHBoxLayout()
        files.addWidget(self.attachments_section, 1)
        files.addWidget(self.recordings_section, 1)
        vv.addLayout(files)
        vv.addWidget(self.viewer_title)
        vv.addWidget(self.viewer_stack, 1)
        self.history_view = HistoryView()
        self.trends_view = TrendsView()
        self.chat_view = ChatRecordView()  # issue 16: the call's chat is part of the record
        self.tabs = QTabWidget()
        self.tabs.addTab(viewer, "")
        self.tabs.addTab(self.history_view, "")
        self.tabs.addTab(self.trends_view, "")
        self.tabs.addTab(self.chat_view, "")

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(scroll)
        split.addWidget(self.tabs)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([440, 660])
        split.setChildrenCollapsible(False)
        self.splitter = split
        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(self.allergy_strip)
        layout.addWidget(split, 1)
        self.clear()

    @staticmethod
    def _list(model: MediaListModel, name: str) -> QListView:
        view = QListView()
        view.setObjectName(name)
        view.setModel(model)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setMaximumHeight(84)
        return view

    @staticmethod
    def _stacked_list(view: QListView, empty: QLabel) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(view)
        layout.addWidget(empty)
        return box

    # -- binding -------------------------------------------------------------------------
    def add_header_widget(self, widget: QWidget) -> None:
        """A host's action beside the patient's name (the doctor's window: Prescribe)."""
        self._header_row.addWidget(widget)

    def show_review(self, review: ConsultReview, media: MediaFetcher | None) -> None:
        """Bind every panel to ``review`` at once; nothing of the previous consult stays."""
        self.clear()
        self.review, self.media = review, media
        self._fill()

    def show_history(self, history: tuple[HistoryEntry, ...]) -> None:
        """The patient's earlier consults (and trends with this consult's vitals)."""
        self.history = history
        self.history_view.set_entries(history)
        self.trends_view.set_trends(trends(history, self.review))
        self.retranslate()

    def show_chat(self, messages: tuple[ChatMessage, ...]) -> None:
        """The chat of the consult's calls as stored (read-only), replacing what was shown."""
        self.chat_view.show_messages(messages)
        self.retranslate()

    def add_recordings(self, recordings: tuple[Recording, ...]) -> None:
        """More recordings of the consult shown (found after binding); nothing else of the
        page changes and what the viewer shows stays."""
        if self.review is None or not recordings:
            return
        self.review = dataclasses.replace(
            self.review, recordings=self.review.recordings + recordings
        )
        self._fill()

    def add_attachments(self, attachments: tuple[MediaRef, ...]) -> None:
        """More attachments of the consult shown (the call's still pictures, found after
        binding), each once; untitled ones are named as the call's still pictures."""
        if self.review is None:
            return
        known = {a.upload_id for a in self.review.attachments}
        title = self.tr("Still picture from the call")
        new = tuple(
            a if a.title else dataclasses.replace(a, title=title)
            for a in attachments
            if a.upload_id not in known
        )
        if new:
            self.review = dataclasses.replace(
                self.review, attachments=self.review.attachments + new
            )
            self._fill()

    def clear(self) -> None:
        self._generation += 1
        self.review, self.media, self.history, self._opened = None, None, (), ""
        self._open_state = ""
        self.vitals_model.set_vitals(())
        self.attachments_model.set_items(())
        self.recordings_model.set_items(())
        self.image_viewer.clear()
        self.pdf_viewer.clear()
        self.player.clear()
        self.history_view.clear()
        self.trends_view.clear()
        self.chat_view.clear()
        self.viewer_stack.setCurrentWidget(self.viewer_empty)
        self.tabs.setCurrentIndex(0)
        self._fill()

    def _fill(self) -> None:
        r = self.review
        d = r.patient if r else None
        self.name.setText(d.name if d else "")
        self.age_sex.setText(texts.age_sex(d) if d else "")
        abha = []
        if d and d.abha_number:
            abha.append(self.tr("ABHA %1").replace("%1", d.abha_number))
        if d and d.abha_address:
            abha.append(d.abha_address)
        if d and not abha and r is not None:
            abha.append(self.tr("No ABHA"))
        self.abha.setText(" · ".join(abha))
        origin = [p for p in ((r.spoke, texts.datetime_text(r.date)) if r else ()) if p]
        self.origin.setText(" · ".join(origin))
        self._fill_allergies()
        self.call_button.setEnabled(bool(r and r.consult_id))
        self.call_button.setText(self.tr("Video call"))
        self.vitals_model.set_vitals(r.vitals if r else ())
        self._fit_vitals()
        self.no_vitals.setVisible(bool(r) and not r.vitals if r else False)
        self.no_vitals.setText(self.tr("No vitals recorded."))
        self.complaints.setText(self._complaints_text())
        self.conditions.setText(self._lines(r.conditions if r else (), bool(r)))
        self.medicines.setText(self._lines(r.medicines if r else (), bool(r)))
        self.consent.setText(
            "\n".join(texts.consent_text(c) for c in r.consents)
            if r and r.consents
            else self.tr("No consent recorded.")
            if r
            else ""
        )
        self.attachments_model.set_items(r.attachments if r else ())
        self.recordings_model.set_items(r.recordings if r else ())
        self.attachments_list.setVisible(bool(r and r.attachments))
        self.recordings_list.setVisible(bool(r and r.recordings))
        self.no_attachments.setVisible(bool(r) and not (r and r.attachments))
        self.no_recordings.setVisible(bool(r) and not (r and r.recordings))
        self.no_attachments.setText(self.tr("No attachments."))
        self.no_recordings.setText(self.tr("No recordings."))
        self.details_scroll.setVisible(r is not None)
        self.tabs.setVisible(r is not None)
        self.retranslate()

    def _fill_allergies(self) -> None:
        r = self.review
        if r is None:
            state, text = "empty", ""
        elif r.allergy_state is AllergyState.RECORDED:
            state = "recorded"
            text = self.tr("ALLERGIES: %1").replace("%1", "; ".join(r.allergies))
        elif r.allergy_state is AllergyState.NONE_KNOWN:
            state, text = "none_known", self.tr("No known allergies")
        else:
            state, text = (
                "not_recorded",
                self.tr("Allergies: not recorded - ask before prescribing"),
            )
        self.allergy_strip.setProperty("state", state)
        self.allergy_strip.setText(text)
        self.allergy_strip.setVisible(r is not None)
        self.allergy_strip.style().unpolish(self.allergy_strip)
        self.allergy_strip.style().polish(self.allergy_strip)

    def _fit_vitals(self) -> None:
        rows = self.vitals_model.rowCount()
        self.vitals_table.setVisible(rows > 0)
        self.vitals_table.resizeRowsToContents()
        height = self.vitals_table.horizontalHeader().sizeHint().height() + 4
        height += sum(self.vitals_table.rowHeight(i) for i in range(rows))
        self.vitals_table.setFixedHeight(height)

    def _complaints_text(self) -> str:
        r = self.review
        if r is None:
            return ""
        if not r.complaints:
            return self.tr("No complaints recorded.")
        lines = []
        for c in r.complaints:
            picked = ", ".join(messages.label(code) for code in c.codes)
            words = f"“{c.text}”" if c.text else ""
            lasting = texts.duration_text(c.duration_value, c.duration_unit, c.onset)
            lines.append(" — ".join(p for p in (picked, words, lasting) if p))
        return "\n".join(lines)

    def _lines(self, items: tuple[str, ...], bound: bool) -> str:
        if not bound:
            return ""
        return "\n".join(f"• {i}" for i in items) if items else self.tr("None recorded.")

    # -- media ---------------------------------------------------------------------------
    @Slot(QModelIndex)
    def on_attachment_activated(self, index: QModelIndex) -> None:
        item = self.attachments_model.item(index.row())
        if isinstance(item, MediaRef):
            self.open_attachment(item)

    @Slot(QModelIndex)
    def on_recording_activated(self, index: QModelIndex) -> None:
        item = self.recordings_model.item(index.row())
        if isinstance(item, Recording):
            self.open_recording(item)

    def open_attachment(self, ref: MediaRef) -> Operation[bytes] | None:
        """Fetch on a worker and show it in the picture or PDF viewer."""
        media = self.media
        if media is None:
            return None
        self.tabs.setCurrentIndex(0)
        if not self._begin(ref.upload_id):
            return None
        generation = self._generation
        self.viewer_title.setText(ref.title)
        self.viewer_empty.setText(self.tr("Fetching %1...").replace("%1", ref.title))
        self.viewer_stack.setCurrentWidget(self.viewer_empty)

        op: Operation[bytes] = Operation(lambda: media.fetch(ref.upload_id))
        op.success(lambda data: self._attachment_fetched(generation, ref, data))
        op.failure(lambda exc: self._fetch_failed(generation, ref.upload_id, exc))
        return op.run_in_background()

    def _begin(self, key: str) -> bool:
        """Start opening ``key``: False when it is already open or on its way (a click
        and a double click); otherwise the viewers let go of what they held."""
        if key == self._opened and self._open_state in ("loading", "shown"):
            return False
        self._opened, self._open_state = key, "loading"
        self.image_viewer.clear()
        self.pdf_viewer.clear()
        self.player.clear()
        return True

    def _attachment_fetched(self, generation: int, ref: MediaRef, data: bytes) -> None:
        if generation != self._generation or self._opened != ref.upload_id:
            return  # another consult or another file was asked for meanwhile
        shown = False
        if ref.kind is MediaKind.IMAGE:
            shown = self.image_viewer.show_bytes(data)
            self.viewer_stack.setCurrentWidget(self.image_viewer)
        elif ref.kind is MediaKind.PDF:
            shown = self.pdf_viewer.show_bytes(data)
            self.viewer_stack.setCurrentWidget(self.pdf_viewer)
        else:
            self.viewer_empty.setText(self.tr("This kind of file cannot be shown here."))
        self._open_state = "shown" if shown else "failed"
        if shown:
            self.media_opened.emit(ref.upload_id)
        else:
            self.media_failed.emit(ref.upload_id)

    def _fetch_failed(self, generation: int, key: str, exc: BaseException) -> None:
        if generation != self._generation or self._opened != key:
            return
        log.warning("media fetch failed: %s", type(exc).__name__)
        self._open_state = "failed"
        self.viewer_stack.setCurrentWidget(self.viewer_empty)
        self.viewer_empty.setText(self.tr("The file could not be fetched from the hub."))
        self.media_failed.emit(key)

    def open_recording(self, rec: Recording) -> Operation[Loaded] | None:
        media = self.media
        if media is None:
            return None
        key = rec.recording_id
        self.tabs.setCurrentIndex(0)
        if not self._begin(key):
            return None
        self.viewer_title.setText(rec.title or self.tr("Recording"))
        self.viewer_stack.setCurrentWidget(self.player)

        def fetch() -> list[SegmentBytes]:
            return [
                SegmentBytes(s.media.upload_id, media.fetch(s.media.upload_id), s.start, s.duration)
                for s in rec.segments
            ]

        return self.player.load(fetch, key)

    @Slot(float)
    def on_player_ready(self, _duration: float) -> None:
        # The player drops results of a recording it no longer shows (it is cleared with
        # the page), so what it reports is the recording opened last.
        self._open_state = "shown"
        self.media_opened.emit(self._opened)

    @Slot()
    def on_player_failed(self) -> None:
        self._open_state = "failed"
        self.media_failed.emit(self._opened)

    # -- language ------------------------------------------------------------------------
    @Slot()
    def on_call_clicked(self) -> None:
        if self.review is not None and self.review.consult_id:
            self.call_requested.emit(self.review.consult_id)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._fill()
        super().changeEvent(event)

    def retranslate(self) -> None:
        titles = (
            self.tr("Vitals"),
            self.tr("Complaints (in the patient's words)"),
            self.tr("Known conditions"),
            self.tr("Current medicines"),
            self.tr("Consent"),
            self.tr("Attachments"),
            self.tr("Recordings"),
        )
        for box, title in zip(self._boxes, titles, strict=True):
            box.setTitle(title)
        self.tabs.setTabText(0, self.tr("Viewer"))
        self.tabs.setTabText(1, self.tr("History (%1)").replace("%1", str(len(self.history))))
        self.tabs.setTabText(2, self.tr("Trends"))
        self.tabs.setTabText(
            3, self.tr("Call chat (%1)").replace("%1", str(self.chat_view.count()))
        )
        if self.viewer_stack.currentWidget() is self.viewer_empty and not self._opened:
            self.viewer_title.setText("")
            self.viewer_empty.setText(self.tr("Choose an attachment or a recording to open it."))
