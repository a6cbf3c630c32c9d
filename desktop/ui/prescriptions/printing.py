"""The printed prescription and referral slip: a QTextDocument laid out from a bilingual
``PrintSheet`` (Qt shapes Devanagari through HarfBuzz), with a QR code of the signed payload,
printed to a QPrinter or rendered to PDF bytes in memory (never a file unless the operator
saves one). A4 or A5."""

from __future__ import annotations

import html
import io

import segno
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSizeF, QUrl
from PySide6.QtGui import (
    QFont,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)

from desktop.core.rx_sheet import PrintSheet, pair

PAGE_SIZES = {"A4": QPageSize.PageSizeId.A4, "A5": QPageSize.PageSizeId.A5}
QR_URL = QUrl("rx:qr")
# The QR's printed width in document units (96 per inch): about 48 mm on A4, 37 mm on A5.
QR_WIDTH = {"A4": 180, "A5": 140}
_DOC_DPI = 96
_MODULE_UNITS = 0.33 / 25.4 * _DOC_DPI  # 0.33 mm in document units
_PDF_DPI = 600
# Devanagari first (it carries Latin too, and Qt then never tries a Latin-only font with no
# Devanagari shaping tables for Hindi), Noto Sans for anything else.
_FONTS = ["Noto Sans Devanagari", "Noto Sans"]


def qr_code(text: str) -> segno.QRCode:
    """The QR code of ``text`` (alphanumeric mode for the RX1: payload), medium error
    correction."""
    return segno.make(text, error="m", micro=False)


def qr_width(code: segno.QRCode, page: str) -> int:
    """The printed width: the page's usual size, wider for a dense code so that no module
    is smaller than about 0.33 mm (what a phone camera or a 300 dpi scan resolves)."""
    modules = int(code.symbol_size(border=4)[0])
    return max(QR_WIDTH[page], round(modules * _MODULE_UNITS))


def qr_image(code: segno.QRCode) -> QImage:
    """The code as a black-on-white image with the standard quiet zone."""
    buf = io.BytesIO()
    code.save(buf, kind="png", scale=4, border=4)
    image = QImage()
    image.loadFromData(QByteArray(buf.getvalue()), "PNG")
    return image


def _e(text: str) -> str:
    return html.escape(text)


def _row(label: str, value: str) -> str:
    if not value:
        return ""
    return f"<tr><td class='l'>{_e(label)}</td><td>{_e(value)}</td></tr>"


_STYLE = """
h1 { font-size: %(h1)s; margin: 0; }
h2 { font-size: %(h2)s; margin-top: %(gap)s; margin-bottom: 2px; }
td { padding: 1px 4px; vertical-align: top; }
td.l { color: #444; }
th { background: #e8e8e8; text-align: left; padding: 2px 4px; }
p, ul { margin-top: 2px; margin-bottom: 2px; }
.small { font-size: %(small)s; color: #444; }
"""
_SIZES = {
    "A4": {"h1": "15pt", "h2": "11pt", "gap": "8px", "small": "8pt"},
    "A5": {"h1": "11pt", "h2": "8.5pt", "gap": "4px", "small": "6.5pt"},
}


def _page_html(parts: list[str], page: str) -> str:
    style = _STYLE % _SIZES.get(page, _SIZES["A4"])
    return f"<html><head><style>{style}</style></head><body>{''.join(parts)}</body></html>"


def _header(sheet: PrintSheet, title: str, extra_rows: str = "") -> str:
    return (
        f"<table width='100%'><tr><td><h1>{_e(sheet.facility_name)}</h1>"
        f"<span class='small'>{_e(sheet.facility_place)}</span></td>"
        f"<td align='right'><b>{_e(pair(title))}</b><br/>"
        f"{_e(pair('date'))}: {_e(sheet.written_on)}</td></tr></table><hr/>"
        "<table>"
        + _row(pair("patient"), sheet.patient_name)
        + _row(pair("age_sex"), sheet.age_sex)
        + _row(pair("abha"), sheet.abha_number)
        + extra_rows
        + "</table>"
    )


def _doctor(sheet: PrintSheet, qr_width: int) -> str:
    return (
        "<hr/><table width='100%'><tr><td>"
        f"<b>{_e(sheet.doctor_name)}</b><br/>{_e(sheet.doctor_qualification)}<br/>"
        f"{_e(pair('registration'))}: {_e(sheet.registration)}<br/>"
        f"<span class='small'>{_e(pair('signed'))}<br/>Rx {_e(sheet.prescription_id)}</span>"
        f"</td><td align='right'><img src='{QR_URL.toString()}' width='{qr_width}' "
        f"height='{qr_width}'/></td></tr></table>"
    )


def prescription_html(sheet: PrintSheet, qr_width: int = 200, page: str = "A4") -> str:
    parts = [_header(sheet, "title")]
    if sheet.corrects:
        parts.append(f"<p><i>{_e(pair('corrects'))}</i></p>")
    parts.append(f"<h2>{_e(pair('diagnosis'))}</h2><p>{_e(sheet.diagnosis)}</p>")
    if sheet.medicines:
        rows = []
        for n, m in enumerate(sheet.medicines, start=1):
            name = f"<b>{_e(m.name)}</b>"
            if m.free_text:
                name += f" <span class='small'>({_e(pair('free_text'))})</span>"
            extra = " · ".join(_e(x) for x in (m.dose, m.route, m.instructions) if x)
            rows.append(
                f"<tr><td>{n}.</td><td>{name}<br/><span class='small'>{extra}</span></td>"
                f"<td>{_e(m.directions)}</td><td>{_e(m.duration)}</td></tr>"
            )
        parts.append(
            f"<h2>Rx · {_e(pair('medicines'))}</h2>"
            "<table width='100%' cellspacing='0'><tr><th></th>"
            f"<th>{_e(pair('medicines'))}</th><th>{_e(pair('directions'))}</th>"
            f"<th>{_e(pair('duration'))}</th></tr>" + "".join(rows) + "</table>"
        )
    if sheet.investigations:
        items = "".join(f"<li>{_e(i)}</li>" for i in sheet.investigations)
        parts.append(f"<h2>{_e(pair('investigations'))}</h2><ul>{items}</ul>")
    if sheet.advice:
        parts.append(f"<h2>{_e(pair('advice'))}</h2><p>{_e(sheet.advice)}</p>")
    if sheet.follow_up:
        parts.append(f"<p><b>{_e(pair('follow_up'))}: {_e(sheet.follow_up)}</b></p>")
    if sheet.referral_facility:
        parts.append(
            f"<h2>{_e(pair('referral_heading'))}</h2><table>"
            + _row(pair("referral"), sheet.referral_facility)
            + _row(pair("reason"), sheet.referral_reason)
            + _row(pair("urgency"), sheet.referral_urgency)
            + "</table>"
        )
    parts.append(_doctor(sheet, qr_width))
    return _page_html(parts, page)


def referral_html(sheet: PrintSheet, qr_width: int = 200, page: str = "A4") -> str:
    rows = (
        _row(pair("referral"), sheet.referral_facility)
        + _row(pair("reason"), sheet.referral_reason)
        + _row(pair("urgency"), sheet.referral_urgency)
        + _row(pair("diagnosis"), sheet.diagnosis)
        + _row(pair("referring_facility"), f"{sheet.facility_name}, {sheet.facility_place}")
    )
    parts = [_header(sheet, "referral_title", rows), _doctor(sheet, qr_width)]
    return _page_html(parts, page)


def document(
    sheet: PrintSheet, qr_text: str, referral: bool = False, page: str = "A4"
) -> QTextDocument:
    """The page's text; A5 uses a smaller type so a usual prescription fits one sheet."""
    doc = QTextDocument()
    font = QFont()
    font.setFamilies(_FONTS)
    font.setPointSizeF(10 if page == "A4" else 7.5)
    doc.setDefaultFont(font)
    doc.setDocumentMargin(0)
    code = qr_code(qr_text)
    doc.addResource(QTextDocument.ResourceType.ImageResource, QR_URL, qr_image(code))
    width = qr_width(code, page)
    html_of = referral_html if referral else prescription_html
    doc.setHtml(html_of(sheet, width, page))
    return doc


def set_page(device: QPagedPaintDevice, page: str) -> None:
    device.setPageSize(QPageSize(PAGE_SIZES[page]))
    device.setPageMargins(QMarginsF(12, 12, 12, 12), QPageLayout.Unit.Millimeter)


def print_to(doc: QTextDocument, device: QPagedPaintDevice, dpi: int) -> int:
    """Lay the document out on the device's printable area (the document works in 96 dpi
    units, scaled to the device's ``dpi``) and paint it page by page; returns the pages."""
    scale = dpi / _DOC_DPI
    area = device.pageLayout().paintRectPixels(dpi)
    page = QSizeF(area.width() / scale, area.height() / scale)
    doc.setPageSize(page)
    painter = QPainter(device)
    try:
        painter.scale(scale, scale)
        for n in range(doc.pageCount()):
            if n:
                device.newPage()
            painter.save()
            painter.translate(0, -n * page.height())
            doc.drawContents(painter, QRectF(0, n * page.height(), page.width(), page.height()))
            painter.restore()
    finally:
        painter.end()
    return doc.pageCount()


def pdf_bytes(doc: QTextDocument, page: str = "A4") -> bytes:
    """The document as a PDF, in memory (nothing written to disk)."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(_PDF_DPI)
    writer.setTitle("e-Prescription")
    writer.setCreator("Spoke Clinic")
    set_page(writer, page)
    print_to(doc, writer, _PDF_DPI)
    del writer  # the PDF is finished into the buffer when the writer goes
    data = bytes(buffer.data().data())
    buffer.close()
    return data
