"""The doctor's review screen bound to consults read from the hub's own FHIR Bundle: the
allergy strip, flagged vitals, media fetched off the UI thread, history and trends, and
nothing of one consult left after switching to another."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QGroupBox,
    QLabel,
    QTabWidget,
    QWidget,
)

from desktop.core.review import ConsultReview, parse_review
from desktop.core.review_history import parse_history
from desktop.core.vitals import Vitals
from desktop.ui.doctor.history_view import HistoryModel
from desktop.ui.doctor.review_models import FLAG_ROLE, MediaListModel, VitalsModel
from desktop.ui.doctor.review_page import ReviewPage
from tests.desktop.ui.doctor.doctor_files import pdf, png
from tests.helpers.doctor_media import HEIGHT, WIDTH, MemoryMedia, recording_segments
from tests.helpers.review_data import (
    TODAY,
    consult,
    history_body,
    hub_bundle,
    patient,
    recording_document,
)

SEGMENTS = ["c" * 32, "d" * 32]


@pytest.fixture(scope="module")
def segment_bytes() -> list[bytes]:
    return recording_segments(2)


@pytest.fixture
def consult_a() -> ConsultReview:
    p = patient()
    c = consult(p)
    return parse_review(hub_bundle(p, c, [recording_document(c, SEGMENTS)]), TODAY)


@pytest.fixture
def consult_b() -> ConsultReview:
    p = patient("Ramesh", "Yadav", sex="male", abha_number="", abha_address="")
    c = consult(
        p,
        complaints=["headache"],
        complaint_text="Sir dard subah se",
        conditions="",
        allergies="None",
        medicines="",
        vitals=Vitals(systolic=122, diastolic=78),
        attachments=[],
        consents=[],
    )
    return parse_review(hub_bundle(p, c, spoke="HWC Ashta"), TODAY)


@pytest.fixture
def media(segment_bytes: list[bytes]) -> MemoryMedia:
    return MemoryMedia(
        {
            "a" * 32: png(800, 400),
            "b" * 32: pdf(2),
            **dict(zip(SEGMENTS, segment_bytes, strict=True)),
        }
    )


@pytest.fixture
def page(qtbot) -> Iterator[ReviewPage]:  # type: ignore[no-untyped-def]
    widget = ReviewPage(sound=False)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    yield widget
    widget.clear()


def _model_texts(model: QAbstractItemModel) -> list[str]:
    out = []
    parent = QModelIndex()
    columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(parent)
    for row in range(model.rowCount(parent)):
        for col in range(columns):
            value = model.data(model.index(row, col, parent))
            if value:
                out.append(str(value))
    return out


def screen_texts(root: QWidget) -> str:
    """Every text the screen holds: labels, buttons, group titles, tabs and item views."""
    parts: list[str] = []
    for label in root.findChildren(QLabel):
        parts.append(label.text())
    for button in root.findChildren(QAbstractButton):
        parts.append(button.text())
    for box in root.findChildren(QGroupBox):
        parts.append(box.title())
    for tabs in root.findChildren(QTabWidget):
        parts += [tabs.tabText(i) for i in range(tabs.count())]
    for view in root.findChildren(QAbstractItemView):
        if view.model() is not None:
            parts += _model_texts(view.model())
    return "\n".join(parts)


def test_everything_recorded_is_on_one_screen(
    page: ReviewPage, consult_a: ConsultReview, media: MemoryMedia
) -> None:
    page.show_review(consult_a, media)
    assert page.name.text() == "Sunita Devi"
    assert page.age_sex.text() == "54 years, Female"
    assert "91-5046-6137-2897" in page.abha.text() and "sunita.devi@abdm" in page.abha.text()
    assert page.allergy_strip.text() == "ALLERGIES: Penicillin"
    assert page.allergy_strip.property("state") == "recorded" and page.allergy_strip.isVisible()
    flags = {
        page.vitals_model.data(page.vitals_model.index(r, 0)): page.vitals_model.data(
            page.vitals_model.index(r, 0), FLAG_ROLE
        )
        for r in range(page.vitals_model.rowCount())
    }
    assert flags["BP systolic"] == "high" and flags["SpO₂"] == "low" and flags["Pulse"] == "normal"
    row = list(flags).index("BP systolic")
    assert page.vitals_model.data(page.vitals_model.index(row, 3)) == "▲ High"
    assert page.vitals_model.data(page.vitals_model.index(row, 1)) == "168 mmHg"
    assert page.vitals_model.data(page.vitals_model.index(row, 1), Qt.ItemDataRole.FontRole).bold()
    assert (
        page.complaints.text() == "Fever, Cough — “Bukhar aur khansi, raat ko zyada” — for 5 days"
    )
    assert page.conditions.text() == "• Type 2 diabetes\n• Hypertension"
    assert page.medicines.text() == "• Metformin 500 mg twice daily"
    assert "Teleconsultation: given by the patient" in page.consent.text()
    assert "Recording: given by the guardian Ramu Devi" in page.consent.text()
    assert "recorded by cho.meena" in page.consent.text()
    assert _model_texts(page.attachments_model) == [
        "Rash on forearm (Picture)",
        "Blood report (PDF)",
    ]
    assert _model_texts(page.recordings_model) == ["Consult video · 2 parts · 00:02"]
    assert media.calls == []  # nothing fetched until the doctor opens it


def test_allergy_strip_says_none_known_or_not_recorded(page: ReviewPage) -> None:
    p = patient()
    page.show_review(parse_review(hub_bundle(p, consult(p, allergies="NKDA")), TODAY), None)
    assert page.allergy_strip.text() == "No known allergies"
    assert page.allergy_strip.property("state") == "none_known"
    page.show_review(parse_review(hub_bundle(p, consult(p, allergies="")), TODAY), None)
    assert page.allergy_strip.text().startswith("Allergies: not recorded")
    assert page.allergy_strip.property("state") == "not_recorded"


def test_an_empty_bundle_shows_empty_states(page: ReviewPage) -> None:
    page.show_review(parse_review({"resourceType": "Bundle"}, TODAY), None)
    assert page.allergy_strip.property("state") == "not_recorded"
    assert page.no_vitals.isVisible() and page.complaints.text() == "No complaints recorded."
    assert page.consent.text() == "No consent recorded."
    assert page.no_attachments.isVisible() and page.no_recordings.isVisible()


def test_media_is_fetched_off_the_ui_thread_and_shown(  # type: ignore[no-untyped-def]
    page: ReviewPage, consult_a: ConsultReview, media: MemoryMedia, qtbot
) -> None:
    page.show_review(consult_a, media)
    with qtbot.waitSignal(page.media_opened, timeout=10000) as opened:
        page.attachments_list.clicked.emit(page.attachments_model.index(0))
    assert opened.args == ["a" * 32]
    assert page.viewer_stack.currentWidget() is page.image_viewer
    assert page.image_viewer.image_size() == (800, 400)
    with qtbot.waitSignal(page.media_opened, timeout=10000):
        page.open_attachment(consult_a.attachments[1])
    qtbot.waitUntil(lambda: page.pdf_viewer.page_count == 2)
    assert page.viewer_stack.currentWidget() is page.pdf_viewer
    with qtbot.waitSignal(page.media_opened, timeout=20000) as opened:
        page.recordings_list.clicked.emit(page.recordings_model.index(0))
    assert opened.args == ["rec-1"]
    assert page.player.player is not None
    preview = page.player.player.preview
    qtbot.waitUntil(lambda: preview.frame is not None, timeout=10000)
    page.player.seek(1.5)  # the second segment
    qtbot.waitUntil(
        lambda: preview.frame is not None and abs(preview.frame.time - 1.5) < 0.05, timeout=10000
    )
    assert preview.frame.image.shape == (HEIGHT, WIDTH, 3)
    assert media.calls == ["a" * 32, "b" * 32, *SEGMENTS]
    assert threading.main_thread().name not in media.threads


def test_a_failed_fetch_is_said_in_the_viewer(
    page: ReviewPage, consult_a: ConsultReview, qtbot
) -> None:  # type: ignore[no-untyped-def]
    page.show_review(consult_a, MemoryMedia({}))
    with qtbot.waitSignal(page.media_failed, timeout=10000):
        page.open_attachment(consult_a.attachments[0])
    assert page.viewer_empty.text() == "The file could not be fetched from the hub."


def test_switching_consults_leaves_nothing_of_the_previous(  # type: ignore[no-untyped-def]
    page: ReviewPage, consult_a: ConsultReview, consult_b: ConsultReview, media: MemoryMedia, qtbot
) -> None:
    page.show_review(consult_a, media)
    page.show_history(parse_history(history_body(), 54))
    with qtbot.waitSignal(page.media_opened, timeout=10000):
        page.open_attachment(consult_a.attachments[0])
    before = screen_texts(page)
    markers = [
        "Sunita",
        "Penicillin",
        "Bukhar",
        "Metformin",
        "Diabetes",
        "Rash on forearm",
        "Consult video",
        "Amlodipine",
        "HWC Kolar",
        "91-5046",
        "Ramu Devi",
        "168 mmHg",
    ]
    assert all(m.lower() in before.lower() for m in markers)
    assert page.image_viewer.has_image and page.trends_view.charts["bp"].point_values("systolic")

    page.show_review(consult_b, media)
    after = screen_texts(page)
    left = [m for m in markers if m.lower() in after.lower()]
    assert left == []
    assert "Ramesh Yadav" in after and "Sir dard subah se" in after and "HWC Ashta" in after
    assert page.allergy_strip.text() == "No known allergies"
    assert not page.image_viewer.has_image and page.pdf_viewer.page_count == 0
    assert page.player.player is None
    assert page.viewer_stack.currentWidget() is page.viewer_empty
    assert page.history_view.model.rowCount() == 0 and page.history_view.shown is None
    assert all(not c.series for c in page.trends_view.charts.values())


def test_a_late_picture_of_the_previous_consult_is_dropped(  # type: ignore[no-untyped-def]
    page: ReviewPage, consult_a: ConsultReview, consult_b: ConsultReview, qtbot
) -> None:
    release = threading.Event()

    class SlowMedia:
        def fetch(self, upload_id: str) -> bytes:
            assert release.wait(20)
            return png()

    opened: list[str] = []
    page.media_opened.connect(opened.append)
    page.show_review(consult_a, SlowMedia())
    op = page.open_attachment(consult_a.attachments[0])
    assert op is not None
    page.show_review(consult_b, SlowMedia())
    release.set()
    qtbot.waitUntil(op.finished.is_set, timeout=10000)
    assert opened == [] and not page.image_viewer.has_image
    assert page.viewer_stack.currentWidget() is page.viewer_empty


def test_history_opens_read_only_and_trends_chart_it(
    page: ReviewPage, consult_a: ConsultReview, qtbot
) -> None:  # type: ignore[no-untyped-def]
    page.show_review(consult_a, None)
    page.show_history(parse_history(history_body(), 54))
    assert page.tabs.tabText(1) == "History (2)"
    view = page.history_view
    assert view.model.rowCount() == 2
    assert _model_texts(view.model)[:5] == [
        "02-08-2026",
        "HWC Kolar",
        "General medicine",
        "Headache for 2 days",
        "Amlodipine 5 mg (1 tablet 0-0-1, 30 d)",
    ]
    with qtbot.waitSignal(view.opened) as shown:
        view.open_row(1)
    assert shown.args[0].spoke == "HWC Ashta"
    assert "Giddiness" in view.detail.text() and "No prescription." in view.detail.text()
    assert view.table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    view.open_row(0)
    assert (
        "Prescription (signed):" in view.detail.text()
        and "Follow up in 30 days" in view.detail.text()
    )
    bp = page.trends_view.charts["bp"]
    assert bp.point_values("systolic") == [142, 150, 168]
    assert bp.point_values("diastolic") == [88, 92, 96]
    assert [p.y() for p in bp.current["systolic"].points()] == [168]  # this consult marked
    assert page.trends_view.charts["weight"].point_values("weight_kg") == [64.5, 63.0, 61.5]
    assert page.trends_view.charts["spo2"].point_values("spo2") == [97, 93]
    page.tabs.setCurrentWidget(page.trends_view)
    image = page.trends_view.charts["bp"].view.grab().toImage()
    assert (
        image.width() > 100
        and len({image.pixel(x, image.height() // 2) for x in range(0, image.width(), 3)}) > 2
    )


@pytest.mark.parametrize("factory", [VitalsModel, MediaListModel, HistoryModel])
def test_models_pass_the_model_tester(
    factory: Any, consult_a: ConsultReview, qtmodeltester
) -> None:  # type: ignore[no-untyped-def]
    model = factory()
    if isinstance(model, VitalsModel):
        model.set_vitals(consult_a.vitals)
    elif isinstance(model, MediaListModel):
        model.set_items(consult_a.attachments)
    else:
        model.set_entries(parse_history(history_body()))
    qtmodeltester.check(model)


def test_the_language_switch_retranslates_the_bound_consult(  # type: ignore[no-untyped-def]
    page: ReviewPage, consult_a: ConsultReview, qtbot
) -> None:
    from desktop.ui import i18n

    page.show_review(consult_a, None)
    page.show_history(parse_history(history_body(), 54))
    assert page.allergy_strip.text() == "ALLERGIES: Penicillin"
    assert i18n.install("hi")
    try:
        qtbot.waitUntil(lambda: page.allergy_strip.text() == "एलर्जी: Penicillin")
        assert page.tabs.tabText(1) == "पिछले परामर्श (2)"
        assert page.age_sex.text() == "54 वर्ष, महिला"
        assert page.vitals_model.data(page.vitals_model.index(0, 3)) == "▲ ज़्यादा"
        assert "मरीज़ द्वारा दी गई" in page.consent.text()
        assert page.trends_view.charts["bp"].chart.title() == "रक्तचाप (mmHg)"
        assert "शिकायतें: Headache for 2 days" in page.history_view.detail.text()
        assert page.name.text() == "Sunita Devi"  # patient data as recorded
    finally:
        i18n.install("en")
    qtbot.waitUntil(lambda: page.allergy_strip.text() == "ALLERGIES: Penicillin")


def test_opening_twice_fetches_once_and_another_file_lets_go_of_the_first(  # type: ignore[no-untyped-def]
    page: ReviewPage, consult_a: ConsultReview, media: MemoryMedia, qtbot
) -> None:
    page.show_review(consult_a, media)
    with qtbot.waitSignal(page.media_opened, timeout=10000):
        assert page.open_attachment(consult_a.attachments[0]) is not None
        assert page.open_attachment(consult_a.attachments[0]) is None  # the double click
    assert page.open_attachment(consult_a.attachments[0]) is None  # already shown
    assert media.calls == ["a" * 32]
    with qtbot.waitSignal(page.media_opened, timeout=20000):
        page.open_recording(consult_a.recordings[0])
    assert not page.image_viewer.has_image  # the picture's pixels are let go
    with qtbot.waitSignal(page.media_opened, timeout=10000):
        page.open_attachment(consult_a.attachments[0])
    assert page.player.player is None  # playback stopped, segments let go
    assert media.calls == ["a" * 32, *SEGMENTS, "a" * 32]


def test_a_failed_file_can_be_tried_again(
    page: ReviewPage, consult_a: ConsultReview, qtbot
) -> None:  # type: ignore[no-untyped-def]
    media = MemoryMedia({})
    page.show_review(consult_a, media)
    with qtbot.waitSignal(page.media_failed, timeout=10000):
        page.open_attachment(consult_a.attachments[0])
    media.files["a" * 32] = png()
    with qtbot.waitSignal(page.media_opened, timeout=10000):
        page.open_attachment(consult_a.attachments[0])
    assert page.image_viewer.has_image
