"""The printable recovery sheet, in the user's language: the recovery code, the facility, when
to use it and how to keep it. Printed only; the app never saves it to a file."""

from __future__ import annotations

from datetime import datetime
from html import escape

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QTextDocument
from PySide6.QtPrintSupport import QPrinter

from desktop.ui import i18n


def sheet_html(facility_name: str, profile_id: str, code: str, created: datetime) -> str:
    """Rich text for a ``QTextDocument``; every sentence translated."""
    title = QCoreApplication.translate("RecoverySheet", "Spoke Clinic: recovery sheet")
    facility = QCoreApplication.translate("RecoverySheet", "Facility:")
    profile = QCoreApplication.translate("RecoverySheet", "Profile:")
    set_up = QCoreApplication.translate("RecoverySheet", "Set up on:")
    when_title = QCoreApplication.translate("RecoverySheet", "When do I need this?")
    restore = QCoreApplication.translate("RecoverySheet", "Restore with recovery code")
    when = QCoreApplication.translate(
        "RecoverySheet",
        "If Spoke Clinic says the key for the clinic's data is missing or wrong (for example "
        "after Windows or Linux was reinstalled, or the data folder was copied to a new "
        "computer), choose %1 and type this code. Dashes and small letters do not matter.",
    )
    safe_title = QCoreApplication.translate("RecoverySheet", "Keep it safe")
    safe = QCoreApplication.translate(
        "RecoverySheet",
        "Anyone with this code and a copy of the data folder can read patient records. Keep "
        "this sheet locked away, not next to the computer. Never send a photo of it.",
    )
    return f"""<html><body style="font-family: sans-serif">
<h1>{escape(title)}</h1>
<p><b>{escape(facility)}</b> {escape(facility_name)}<br>
<b>{escape(profile)}</b> {escape(profile_id)}<br>
<b>{escape(set_up)}</b> {i18n.format_date(created)}</p>
<p style="font-size: 20pt; font-family: monospace; letter-spacing: 2px">
<b>{escape(code)}</b></p>
<h3>{escape(when_title)}</h3>
<p>{escape(when).replace("%1", f"<i>{escape(restore)}</i>")}</p>
<h3>{escape(safe_title)}</h3>
<p>{escape(safe)}</p>
</body></html>"""


def sheet_document(html: str) -> QTextDocument:
    doc = QTextDocument()
    doc.setHtml(html)
    return doc


def print_sheet(html: str, printer: QPrinter) -> None:
    """Lay the sheet out for ``printer`` (a real printer, or a PDF file in tests)."""
    sheet_document(html).print_(printer)
