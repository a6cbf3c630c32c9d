"""The camera preview: paints the newest frame, scaled, with test-pattern and status overlays."""

from __future__ import annotations

import time

import cv2
import numpy as np
from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, QSize, Qt, Slot
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QPainter,
    QPaintEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.media.frames import VideoFrame

BACKGROUND = QColor("#111111")


def to_qimage(frame: VideoFrame) -> QImage:
    """Wraps the pixels without copying; the frame must outlive the image. Three channels
    are BGR; four are Qt's RGB32 (BGRA bytes, alpha 255), which the raster engine paints
    (and scales) without converting the picture first: a decoded call picture comes so."""
    image = frame.image
    height, width = image.shape[:2]
    four = image.ndim == 3 and image.shape[2] == 4
    fmt = QImage.Format.Format_RGB32 if four else QImage.Format.Format_BGR888
    return QImage(image.data, width, height, int(image.strides[0]), fmt)


class PreviewWidget(QWidget):
    """Shows frames as they come (``on_frame``); never waits for the camera.

    ``latency`` is the time from capture to the last paint (live sources), ``painted``
    counts paints: both feed the tests and the latency bench.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cameraPreview")
        self.setMinimumSize(QSize(320, 240))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self._frame: VideoFrame | None = None
        self._image: QImage | None = None
        self._test_pattern = False
        self._message = ""
        self._frozen = False
        self.painted = 0
        self.latency = 0.0
        self._area = (0, 0)  # read by capture threads in ``prepare``: a tuple, swapped whole
        self.retranslate()

    def resizeEvent(self, event: QResizeEvent) -> None:
        size = event.size()
        self._area = (size.width(), size.height())
        super().resizeEvent(event)

    def prepare(self, frame: VideoFrame) -> VideoFrame:
        """Called on the capture thread: shrink the frame to the size it will be painted at,
        so the UI thread only copies pixels (OpenCV scales without holding the GIL)."""
        area_w, area_h = self._area
        height, width = frame.image.shape[:2]
        scale = min(area_w / width, area_h / height) if area_w and area_h else 1.0
        if scale >= 0.9:
            return frame
        size = (max(1, round(width * scale)), max(1, round(height * scale)))
        small = np.asarray(cv2.resize(frame.image, size, interpolation=cv2.INTER_LINEAR), np.uint8)
        return VideoFrame(small, frame.time, frame.seq)

    def retranslate(self) -> None:
        self._badge = self.tr("TEST PATTERN - not a real camera")
        self.setAccessibleName(self.tr("Camera preview"))
        self.update()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    @property
    def frame(self) -> VideoFrame | None:
        return self._frame

    def set_test_pattern(self, on: bool) -> None:
        self._test_pattern = on
        self.update()

    def set_message(self, text: str) -> None:
        """A status line over the picture (camera missing, reconnecting...); '' hides it."""
        self._message = text
        self.update()

    @property
    def message(self) -> str:
        return self._message

    def freeze(self, frame: VideoFrame) -> None:
        """Hold this frame (a snapshot being saved) until ``unfreeze``."""
        self._frozen = False
        self.on_frame(frame)
        self._frozen = True

    def unfreeze(self) -> None:
        self._frozen = False

    @Slot(object)
    def on_frame(self, frame: VideoFrame) -> None:
        if self._frozen:
            return
        self._frame = frame
        self._image = to_qimage(frame)
        self.update()

    def clear(self) -> None:
        self._frame = self._image = None
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        if self._image is not None and self._frame is not None:
            target = self._fit(self._image.width(), self._image.height()).toAlignedRect()
            # Only the bars beside the picture are filled: the picture covers the rest.
            area = self.rect()
            for bar in (
                QRect(area.left(), area.top(), area.width(), target.top() - area.top()),
                QRect(
                    area.left(), target.bottom() + 1, area.width(), area.bottom() - target.bottom()
                ),
                QRect(area.left(), target.top(), target.left() - area.left(), target.height()),
                QRect(
                    target.right() + 1, target.top(), area.right() - target.right(), target.height()
                ),
            ):
                if not bar.isEmpty():
                    painter.fillRect(bar, BACKGROUND)
            painter.drawImage(target, self._image)
            self.painted += 1
            self.latency = time.monotonic() - self._frame.time
        else:
            painter.fillRect(self.rect(), BACKGROUND)
        if self._test_pattern or self._message:
            font = QFont(self.font())
            font.setBold(True)
            painter.setFont(font)
        if self._test_pattern:
            badge = painter.fontMetrics().boundingRect(self._badge).adjusted(-8, -4, 8, 4)
            badge.moveTopLeft(QPoint(8, 8))
            painter.fillRect(badge, QColor(255, 200, 0, 230))
            painter.setPen(QColor("black"))
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, self._badge)
        if self._message:
            painter.fillRect(self.rect(), QColor(0, 0, 0, 140))  # the picture is stale: dim it
            box = self.rect().adjusted(24, 0, -24, 0)
            text_rect = painter.fontMetrics().boundingRect(
                box, int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignCenter), self._message
            )
            text_rect = text_rect.adjusted(-12, -8, 12, 8)
            text_rect.moveCenter(self.rect().center())
            painter.fillRect(text_rect, QColor(0, 0, 0, 200))
            painter.setPen(QColor("white"))
            painter.drawText(
                text_rect,
                int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignCenter),
                self._message,
            )
        painter.end()

    def _fit(self, width: int, height: int) -> QRectF:
        area = self.rect()
        scale = min(area.width() / width, area.height() / height)
        w, h = width * scale, height * scale
        return QRectF(area.x() + (area.width() - w) / 2, area.y() + (area.height() - h) / 2, w, h)
