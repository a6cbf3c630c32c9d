"""A printable PDF of a report: title, period, a table and chart pictures, laid out by
QTextDocument on A4 (Qt shapes Devanagari)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from pathlib import Path

from PySide6.QtCore import QMarginsF, QUrl
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPdfWriter, QTextDocument


def write_report_pdf(
    path: Path,
    title: str,
    subtitle: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    charts: Sequence[QImage] = (),
) -> bool:
    """Write the report to ``path``; False if it could not be written."""
    document = QTextDocument()
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = []
    for i, row in enumerate(rows):
        weight = ' style="font-weight:bold"' if i == 0 else ""
        cells = "".join(
            f'<td align="{"left" if c == 1 else "right"}">{escape(str(v or ""))}</td>'
            for c, v in enumerate(row)
        )
        body.append(f"<tr{weight}>{cells}</tr>")
    pictures = []
    for n, image in enumerate(charts):
        name = f"chart-{n}"
        document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), image)
        pictures.append(f'<p><img src="{name}" width="640"></p>')
    document.setHtml(
        f"<h2>{escape(title)}</h2><p>{escape(subtitle)}</p>"
        '<table border="1" cellspacing="0" cellpadding="3" width="100%">'
        f"<tr>{head}</tr>{''.join(body)}</table>{''.join(pictures)}"
    )
    writer = QPdfWriter(str(path))
    writer.setResolution(96)  # the document lays out in screen pixels: text at its real size
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(15, 15, 15, 15),
            QPageLayout.Unit.Millimeter,
        )
    )
    writer.setTitle(title)
    document.setPageSize(writer.pageLayout().paintRectPixels(writer.resolution()).size().toSizeF())
    document.print_(writer)
    del writer  # the file is complete once the writer is gone
    return path.exists() and path.stat().st_size > 0
