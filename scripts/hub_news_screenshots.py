"""Screenshots of the hub's news in the main window: the banner naming the patient and the
open consult's status line, both read from storage after the puller's sink stored a
prescription, in English and Hindi at 1366x768 and 1920x1080, into docs/screenshots/.

    QT_QPA_PLATFORM=offscreen python scripts/hub_news_screenshots.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QCoreApplication  # noqa: E402
from PySide6.QtWidgets import QLabel  # noqa: E402

from desktop import paths  # noqa: E402
from desktop.changes import ChangeBus  # noqa: E402
from desktop.core.consent import Consent, ConsentKind, GivenBy  # noqa: E402
from desktop.core.duplicates import Decision  # noqa: E402
from desktop.core.patient import Patient  # noqa: E402
from desktop.services.hub_news import HubNewsService, announcer  # noqa: E402
from desktop.storage import consult_repo, migrate, patient_repo  # noqa: E402
from desktop.storage.audit import Actor  # noqa: E402
from desktop.storage.db import Database  # noqa: E402
from desktop.storage.hub_news import HubNews  # noqa: E402
from desktop.storage.writer import DbWriter  # noqa: E402
from desktop.sync.news import StorageSink  # noqa: E402
from desktop.ui import i18n  # noqa: E402
from desktop.ui.app import create_application  # noqa: E402
from desktop.ui.main_window import MainWindow  # noqa: E402
from desktop.ui.sync.notify import HubNotifier  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
TODAY = date(2026, 11, 25)
ACTOR = Actor("cho.meena", "operator", "screenshots")


def settle() -> None:
    for _ in range(10):
        QCoreApplication.processEvents()
        time.sleep(0.02)


def ready_consult(writer: DbWriter) -> str:
    p = Patient(
        "Sunita",
        "Devi",
        sex="female",
        birth_date=date(1985, 6, 1),
        no_mobile_reason="none_owned",
        state_lgd=10,
        district="Gaya",
        locality="Bodh Gaya",
    )
    writer.run(lambda s: patient_repo.register(s, p, ACTOR, TODAY, Decision.NEW_PATIENT))
    c = writer.run(lambda s: consult_repo.create_draft(s, p.id, ACTOR))
    c.complaints, c.allergies, c.specialty = ["fever"], "Penicillin", "general_medicine"
    writer.run(lambda s: consult_repo.autosave(s, c, ACTOR))
    at = datetime(2026, 11, 25, 10, tzinfo=UTC)
    given = Consent(ConsentKind.TELECONSULTATION, True, GivenBy.PATIENT, "cho.meena", at)
    writer.run(lambda s: consult_repo.record_consent(s, c.id, given, p, TODAY, ACTOR))
    writer.run(lambda s: consult_repo.mark_ready(s, c.id, p, TODAY, ACTOR))
    return c.id


def main() -> None:
    app = create_application([])
    rx = {
        "id": "6f1c2f4e-0d5c-4e44-9d0e-3b7a2f0c9a11",
        "doctor_id": "3d0b8c5e-7a61-4a54-9a3e-0f0c6b8a1d22",
        "registration_number": "MCI-12345",
        "content": {"medications": [{"name": "Paracetamol"}]},
        "signature": "c2lnbmF0dXJl",
        "payload_sha256": "ab" * 32,
        "created_at": "2026-11-25T10:30:00+00:00",
    }
    with tempfile.TemporaryDirectory() as tmp:
        locs = paths.init(Path(tmp) / "profile")
        db = Database(locs.database, os.urandom(32))
        migrate.upgrade(db)
        writer = DbWriter(db)
        cid = ready_consult(writer)
        for lang in ("en", "hi"):
            i18n.install(lang)
            bus = ChangeBus()
            window = MainWindow()
            window.add_page("home", lambda: "Home", QLabel(""))
            notifier = HubNotifier(window, HubNewsService(db), bus, lambda: cid, lambda: None)
            sink = StorageSink(writer, announcer(bus))
            if lang == "en":
                sink(HubNews(cid, "queued", position=2, wait_seconds=600))
                window.resize(1366, 768)
                window.show()
                settle()
                window.grab().save(str(OUT / "hub-news-queued-en.png"))
                sink(HubNews(cid, "in_progress", prescriptions=[rx]))
            else:
                notifier._announce(rx["id"])  # the same stored prescription, in Hindi
            window.resize(1366, 768)
            window.show()
            settle()
            window.grab().save(str(OUT / f"hub-news-prescription-{lang}.png"))
            window.resize(1920, 1080)
            settle()
            window.grab().save(str(OUT / f"hub-news-prescription-{lang}-1920.png"))
            window.close()
            settle()
        writer.close()
        db.dispose()
    app.quit()


if __name__ == "__main__":
    main()
