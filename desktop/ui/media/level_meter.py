"""Microphone level meter: a horizontal bar in dBFS with a slowly falling peak mark."""

from __future__ import annotations

import time

from PySide6.QtCore import QSize, Slot
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

FLOOR_DB = -60.0
PEAK_FALL_DB_PER_S = 20.0


class LevelMeter(QWidget):
    """Call ``on_level(dbfs)`` with the level of each audio chunk."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("micLevel")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.level = FLOOR_DB
        self.peak = FLOOR_DB
        self._peak_at = time.monotonic()
        self.setAccessibleName(self.tr("Microphone level"))

    def sizeHint(self) -> QSize:
        return QSize(160, 14)

    @Slot(float)
    def on_level(self, dbfs: float) -> None:
        now = time.monotonic()
        self.level = max(FLOOR_DB, min(0.0, dbfs))
        fallen = self.peak - PEAK_FALL_DB_PER_S * (now - self._peak_at)
        if self.level >= fallen:
            self.peak, self._peak_at = self.level, now
        self.update()

    def fraction(self, dbfs: float) -> float:
        return (max(FLOOR_DB, min(0.0, dbfs)) - FLOOR_DB) / -FLOOR_DB

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        rect = self.rect()
        painter.fillRect(rect, QColor("#2b2b2b"))
        width = round(rect.width() * self.fraction(self.level))
        colour = QColor("#3cb043")
        if self.level > -6:
            colour = QColor("#d62d20")
        elif self.level > -18:
            colour = QColor("#f4c20d")
        painter.fillRect(rect.x(), rect.y(), width, rect.height(), colour)
        peak_x = rect.x() + round(rect.width() * self.fraction(self.peak)) - 2
        painter.fillRect(peak_x, rect.y(), 2, rect.height(), QColor("white"))
        painter.end()
