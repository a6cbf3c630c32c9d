"""Languages at run time: Qt translators for English/Hindi and Indian number and date formats.

Switching language installs a new translator; Qt then sends every widget a LanguageChange
event and each one re-applies its texts (``retranslate()``), so no restart is needed.
"""

from __future__ import annotations

import datetime as dt
import logging

from PySide6.QtCore import QCoreApplication, QDate, QLibraryInfo, QLocale, QTime, QTranslator

from desktop import paths

log = logging.getLogger("spoke.ui")

LANGUAGES = {"en": "English", "hi": "हिन्दी"}
DATE_FORMAT = "dd-MM-yyyy"
TIME_FORMAT = "HH:mm"

_installed: list[QTranslator] = []
_current = "en"


def current() -> str:
    """The language now installed."""
    return _current


def locale_for(lang: str) -> QLocale:
    language = QLocale.Language.Hindi if lang == "hi" else QLocale.Language.English
    return QLocale(language, QLocale.Country.India)


def qm_file(lang: str) -> str:
    return str(paths.translations_dir() / f"spoke_clinic_{lang}.qm")


def install(lang: str) -> bool:
    """Make ``lang`` the UI language; returns False if its translation could not be loaded."""
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("no QCoreApplication")
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    global _current
    _current = lang
    QLocale.setDefault(locale_for(lang))
    ok = True
    ours = QTranslator(app)
    if ours.load(qm_file(lang)):
        app.installTranslator(ours)
        _installed.append(ours)
    else:
        log.warning("translation for %s not found", lang)
        ok = False
    if lang == "en":
        # English is the source language: its catalogue holds only the plural forms
        # ("1 change", "2 changes"); every other text is shown as written.
        return ok
    qt_own = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt_own.load(f"qtbase_{lang}", qt_dir):
        app.installTranslator(qt_own)
        _installed.append(qt_own)
    return ok


def format_number(value: int | float) -> str:
    """Indian digit grouping: 14507305 -> 1,45,07,305."""
    return QLocale().toString(value)


def format_date(value: dt.date) -> str:
    """DD-MM-YYYY, the convention on Indian forms."""
    return QLocale().toString(QDate(value.year, value.month, value.day), DATE_FORMAT)


def format_time(value: dt.datetime) -> str:
    """HH:mm in the computer's local time (an aware ``value`` is converted first)."""
    local = value.astimezone() if value.tzinfo is not None else value
    return QLocale().toString(QTime(local.hour, local.minute), TIME_FORMAT)


def format_datetime(value: dt.datetime) -> str:
    """DD-MM-YYYY HH:mm in the computer's local time."""
    local = value.astimezone() if value.tzinfo is not None else value
    return f"{format_date(local.date())} {format_time(local)}"
