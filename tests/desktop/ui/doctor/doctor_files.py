"""Pictures and PDFs made in memory for the doctor's viewers (synthetic)."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPageSize, QPainter, QPdfWriter


def png(width: int = 400, height: int = 200, colour: str = "#c0392b", text: str = "A") -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    painter = QPainter(image)
    painter.setPen(QColor("white"))
    font = QFont()
    font.setPixelSize(max(12, height // 3))
    painter.setFont(font)
    painter.drawText(QRect(0, 0, width, height), Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def pdf(pages: int = 3, title: str = "Blood report") -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A5))
    writer.setResolution(72)
    painter = QPainter(writer)
    font = QFont()
    font.setPixelSize(18)
    painter.setFont(font)
    for n in range(pages):
        if n:
            writer.newPage()
        painter.drawText(40, 60, f"{title} - page {n + 1}")
        painter.drawText(40, 100, "Haemoglobin 10.2 g/dL (synthetic)")
        painter.drawRect(40, 120, 300, 200)
    painter.end()
    buffer.close()
    return bytes(data.data())
