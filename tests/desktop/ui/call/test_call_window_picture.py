"""The other side's picture reaches the screen in one conversion: a decoded call picture is
turned straight into Qt's RGB32 layout (BGRA bytes) on the call's side, the preview wraps it
without converting again, and the painted window shows the same colours and counter, with
only the bars beside the picture filled."""

from __future__ import annotations

import av
import numpy as np
import pytest
from PySide6.QtGui import QImage

from desktop.call.synthetic import _bars, draw_counter, read_counter
from desktop.core.call import CallState
from desktop.media.frames import VideoFrame
from desktop.ui.call.call_window import CallWindow, Side, to_picture
from desktop.ui.media.preview import PreviewWidget, to_qimage

WIDTH, HEIGHT = 640, 480


def decoded_picture(counter: int) -> av.VideoFrame:
    """A picture as the call's decoder gives it: YUV 4:2:0."""
    image = _bars(WIDTH, HEIGHT)
    draw_counter(image, counter)
    return av.VideoFrame.from_ndarray(image, format="bgr24").reformat(format="yuv420p")


def test_decoded_picture_is_qt_rgb32() -> None:
    frame = decoded_picture(7)
    picture = to_picture(frame)
    assert picture.image.shape == (HEIGHT, WIDTH, 4)
    assert picture.image.flags["C_CONTIGUOUS"]
    assert int(picture.image[:, :, 3].min()) == 255  # opaque, as RGB32 wants
    # The same colours as the BGR conversion the window used before.
    bgr = frame.to_ndarray(format="bgr24").astype(np.int16)
    assert int(np.abs(picture.image[:, :, :3].astype(np.int16) - bgr).max()) <= 2
    image = to_qimage(picture)
    assert image.format() == QImage.Format.Format_RGB32  # painted with no conversion
    assert image.width() == WIDTH and image.height() == HEIGHT
    assert read_counter(picture.image[:, :, 1]) == 7


def test_camera_picture_stays_bgr() -> None:
    image = _bars(WIDTH, HEIGHT)
    picture = to_picture(image)
    assert picture.image.shape == (HEIGHT, WIDTH, 3)
    assert to_qimage(picture).format() == QImage.Format.Format_BGR888


@pytest.mark.qt_log_ignore("PulseAudioService", "pipewire")
def test_remote_picture_painted(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = CallWindow(Side.DOCTOR)
    qtbot.addWidget(window)
    window.set_state(CallState.CONNECTED)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.own.hide()  # the corner would cover part of the picture
    window.remote_sink(decoded_picture(1234))
    qtbot.waitUntil(lambda: window.shown_remote == 1, timeout=5000)
    shot = window.remote.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
    width, height = shot.width(), shot.height()
    pixels = np.frombuffer(shot.constBits(), np.uint8).reshape(height, shot.bytesPerLine())
    rgb = pixels[:, : width * 3].reshape(height, width, 3)
    assert window.remote.painted >= 1
    # The picture fills the width (wider than tall); bars above and below are the background.
    scale = width / WIDTH
    top = round((height - HEIGHT * scale) / 2)
    assert top > 2
    assert rgb[: top - 1].reshape(-1, 3).tolist().count([0x11, 0x11, 0x11]) == (top - 1) * width
    assert rgb[height - top + 1 :].min() == rgb[height - top + 1 :].max() == 0x11
    picture = rgb[top + 1 : height - top - 1]
    # The first bar is light grey (192), the sixth red (BGR 0,0,192): drawn in order.
    row = picture[picture.shape[0] // 4]
    assert np.abs(row[width // 14].astype(int) - 192).max() <= 8  # YUV 4:2:0 round trip
    assert np.abs(row[width * 11 // 14].astype(int) - (192, 0, 0)).max() <= 8  # RGB
    # And the counter reads back from what was painted, scaled as it is.
    painted = rgb[top : height - top]
    assert read_counter(np.ascontiguousarray(painted[:, :, 1])) == 1234


def test_bars_beside_a_narrow_picture(qtbot) -> None:  # type: ignore[no-untyped-def]
    preview = PreviewWidget()
    qtbot.addWidget(preview)
    preview.resize(800, 300)
    preview.show()
    qtbot.waitExposed(preview)
    white = np.full((HEIGHT, WIDTH, 4), 255, np.uint8)
    preview.on_frame(VideoFrame(white, 0.0, 1))
    shot = preview.grab().toImage().convertToFormat(QImage.Format.Format_Grayscale8)
    pixels = np.frombuffer(shot.constBits(), np.uint8).reshape(300, shot.bytesPerLine())[:, :800]
    # 640x480 fits as 400x300 in the middle: 200 columns of background on each side.
    assert int(pixels[:, 200:600].min()) == 255
    assert int(pixels[:, :199].max()) == int(pixels[:, 601:].max()) == 0x11


@pytest.mark.qt_log_ignore("PulseAudioService", "pipewire")
def test_own_corner_rgb32_over_the_picture(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = CallWindow(Side.SPOKE)
    qtbot.addWidget(window)
    window.set_state(CallState.CONNECTED)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.remote_sink(decoded_picture(5))
    green = np.zeros((HEIGHT, WIDTH, 3), np.uint8)
    green[:, :] = (0, 200, 0)  # BGR, as the camera gives it
    window.self_sink(VideoFrame(green, 0.0, 1))
    qtbot.waitUntil(lambda: window.own.frame is not None and window.shown_remote == 1)
    own = window.own.frame
    assert own is not None
    assert own.image.shape[2] == 4 and own.image.shape[1] <= window.own.width()  # shrunk
    assert to_qimage(own).format() == QImage.Format.Format_RGB32
    # The corner is painted over the other side's picture, the picture around it.
    shot = window.remote.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
    width, height = shot.width(), shot.height()
    pixels = np.frombuffer(shot.constBits(), np.uint8).reshape(height, shot.bytesPerLine())
    rgb = pixels[:, : width * 3].reshape(height, width, 3)
    corner = window.own.geometry().center()
    assert rgb[corner.y(), corner.x()].tolist() == [0, 200, 0]
    assert rgb[height // 2, width // 14].tolist() != [0, 200, 0]  # the first bar, grey
