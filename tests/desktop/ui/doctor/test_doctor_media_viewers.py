"""The doctor's media viewers: a picture zoomed and rotated, PDF pages, and a spoke
recording decoded from bytes in memory with seek."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from desktop.media.memory_recording import SegmentBytes
from desktop.ui.doctor.media_image import ImageViewer
from desktop.ui.doctor.media_pdf import PdfViewer
from desktop.ui.doctor.media_player import RecordingPlayer
from tests.desktop.ui.doctor.doctor_files import pdf, png
from tests.helpers.doctor_media import FPS, HEIGHT, WIDTH, recording_segments


@pytest.fixture
def image_viewer(qtbot) -> ImageViewer:  # type: ignore[no-untyped-def]
    viewer = ImageViewer()
    qtbot.addWidget(viewer)
    viewer.resize(600, 400)
    viewer.show()
    return viewer


def _ctrl_wheel(viewer: ImageViewer, delta: int) -> None:
    pos = QPointF(viewer.view.viewport().rect().center())
    event = QWheelEvent(
        pos,
        QPointF(viewer.view.viewport().mapToGlobal(pos.toPoint())),
        QPoint(0, 0),
        QPoint(0, delta),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(viewer.view.viewport(), event)


def test_picture_fits_zooms_and_rotates(image_viewer: ImageViewer, qtbot) -> None:  # type: ignore[no-untyped-def]
    assert image_viewer.show_bytes(png(1600, 800))
    assert image_viewer.fitted and image_viewer.zoom < 1  # fitted into 600x400
    fitted = image_viewer.zoom
    _ctrl_wheel(image_viewer, 120)
    assert image_viewer.zoom == pytest.approx(fitted * 1.25)
    _ctrl_wheel(image_viewer, -120)
    assert image_viewer.zoom == pytest.approx(fitted)
    image_viewer.view.setFocus()
    qtbot.keyClick(image_viewer, Qt.Key.Key_Plus)
    assert image_viewer.zoom == pytest.approx(fitted * 1.25) and not image_viewer.fitted
    qtbot.mouseClick(image_viewer.actual_button, Qt.MouseButton.LeftButton)
    assert image_viewer.zoom == 1.0
    assert image_viewer.image_size() == (1600, 800)
    qtbot.mouseClick(image_viewer.rotate_button, Qt.MouseButton.LeftButton)
    assert image_viewer.rotation == 90 and image_viewer.image_size() == (800, 1600)
    qtbot.mouseClick(image_viewer.fit_button, Qt.MouseButton.LeftButton)
    assert image_viewer.fitted and image_viewer.zoom < fitted  # taller now: smaller to fit
    for _ in range(3):
        image_viewer.rotate()
    assert image_viewer.rotation == 0 and image_viewer.image_size() == (1600, 800)


def test_zoom_is_bounded_and_not_a_picture_is_said(image_viewer: ImageViewer) -> None:
    image_viewer.show_bytes(png())
    for _ in range(40):
        image_viewer.zoom_in()
    assert image_viewer.zoom == 16.0
    assert not image_viewer.show_bytes(b"%PDF-1.4 not a picture")
    assert not image_viewer.has_image and "not a picture" in image_viewer.empty.text()
    assert not image_viewer.rotate_button.isEnabled()


@pytest.fixture
def pdf_viewer(qtbot) -> PdfViewer:  # type: ignore[no-untyped-def]
    viewer = PdfViewer()
    qtbot.addWidget(viewer)
    viewer.resize(600, 700)
    viewer.show()
    return viewer


def test_pdf_pages_next_and_previous(pdf_viewer: PdfViewer, qtbot) -> None:  # type: ignore[no-untyped-def]
    assert pdf_viewer.show_bytes(pdf(3))
    qtbot.waitUntil(lambda: pdf_viewer.page_count == 3)
    assert pdf_viewer.page == 0 and pdf_viewer.page_label.text() == "Page 1 of 3"
    assert not pdf_viewer.prev_button.isEnabled() and pdf_viewer.next_button.isEnabled()
    with qtbot.waitSignal(pdf_viewer.page_changed) as changed:
        qtbot.mouseClick(pdf_viewer.next_button, Qt.MouseButton.LeftButton)
    assert changed.args == [1] and pdf_viewer.page_label.text() == "Page 2 of 3"
    pdf_viewer.next_page()
    pdf_viewer.next_page()  # stays on the last page
    assert pdf_viewer.page == 2 and not pdf_viewer.next_button.isEnabled()
    qtbot.keyClick(pdf_viewer, Qt.Key.Key_PageUp)
    assert pdf_viewer.page == 1
    size = pdf_viewer.document.pagePointSize(0)
    assert size.width() < size.height()  # A5 portrait, read from the bytes


def test_a_broken_pdf_shows_an_empty_state(pdf_viewer: PdfViewer, qtbot) -> None:  # type: ignore[no-untyped-def]
    pdf_viewer.show_bytes(png())
    qtbot.waitUntil(lambda: "not a PDF" in pdf_viewer.empty.text())
    assert pdf_viewer.page_count == 0 and not pdf_viewer.next_button.isEnabled()
    pdf_viewer.show_bytes(pdf(2))
    qtbot.waitUntil(lambda: pdf_viewer.page_count == 2)
    pdf_viewer.clear()
    assert pdf_viewer.page_count == 0 and pdf_viewer.page_label.text() == ""


@pytest.fixture(scope="module")
def segments() -> list[bytes]:
    return recording_segments(3)


@pytest.fixture
def player(qtbot) -> Iterator[RecordingPlayer]:  # type: ignore[no-untyped-def]
    widget = RecordingPlayer(sound=False)
    qtbot.addWidget(widget)
    widget.resize(640, 480)
    widget.show()
    yield widget
    widget.clear()


def _load(player: RecordingPlayer, segments: list[bytes], qtbot) -> None:  # type: ignore[no-untyped-def]
    data = [SegmentBytes(f"seg{i}", d) for i, d in enumerate(segments)]
    with qtbot.waitSignal(player.ready, timeout=20000) as ready:
        player.load(lambda: data, "rec-1")
    assert ready.args == [pytest.approx(3.0)]


def test_recording_from_memory_plays_and_seeks(  # type: ignore[no-untyped-def]
    player: RecordingPlayer, segments: list[bytes], qtbot
) -> None:
    _load(player, segments, qtbot)
    assert player.player is not None
    preview = player.player.preview
    qtbot.waitUntil(lambda: preview.frame is not None, timeout=10000)
    assert preview.frame is not None and preview.frame.time == 0.0
    assert preview.frame.image.shape == (HEIGHT, WIDTH, 3)
    assert player.player.slider.maximum() == 3000
    player.seek(2.3)  # in the third segment
    qtbot.waitUntil(
        lambda: preview.frame is not None and abs(preview.frame.time - 2.3) < 0.5 / FPS,
        timeout=10000,
    )
    assert preview.frame.image.shape == (HEIGHT, WIDTH, 3)
    shown: list[float] = []
    player.player._frames.deliver_to(lambda f: shown.append(f.time))
    player.seek(0.0)
    qtbot.waitUntil(lambda: bool(shown) and shown[-1] == 0.0, timeout=10000)
    played: list[float] = []
    player.player.player.frames.subscribe(lambda f: played.append(f.time))
    player.play()
    qtbot.waitUntil(lambda: not player.player.player.playing, timeout=20000)
    assert played == sorted(played) and played[-1] >= 2.85
    assert len(played) >= 3 * FPS - 1  # every picture after the first, in order


def test_every_frame_of_the_recording_is_decoded(segments: list[bytes]) -> None:
    from desktop.media import playback
    from desktop.ui.doctor.media_player import load_segments

    store, manifest = load_segments([SegmentBytes(f"s{i}", d) for i, d in enumerate(segments)])
    frames = list(playback.video_frames(store.as_store(), manifest))
    assert len(frames) == 3 * FPS
    assert [round(f.time, 3) for f in frames[:3]] == [0.0, 0.1, 0.2]
    later = list(playback.video_frames(store.as_store(), manifest, 1.5))
    assert len(later) == 15 and later[0].image.shape == (HEIGHT, WIDTH, 3)
    assert abs(later[0].time - 1.5) < 0.5 / FPS
    sound = list(playback.audio_chunks(store.as_store(), manifest))
    encoded = 3 * (48_000 // 1024) * 1024  # whole AAC frames of each 1 s segment
    assert sum(len(c.samples) for c in sound) == encoded
    assert max(float(abs(c.samples).max()) for c in sound) > 0.1  # the sine, not silence


def test_a_failed_fetch_says_so_and_a_late_result_is_dropped(  # type: ignore[no-untyped-def]
    player: RecordingPlayer, segments: list[bytes], qtbot
) -> None:
    def fail() -> list[SegmentBytes]:
        raise ConnectionError("hub unreachable")

    with qtbot.waitSignal(player.failed, timeout=10000):
        player.load(fail)
    assert "could not" in player.status.text() and player.player is None
    first = player.load(lambda: [SegmentBytes("a", segments[0])], "first")
    player.clear()  # the doctor moved on before it arrived
    qtbot.waitUntil(first.finished.is_set, timeout=10000)
    assert player.player is None and player.status.text() == "No recording open."
