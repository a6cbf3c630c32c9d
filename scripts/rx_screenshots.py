"""Screenshots of the spoke's prescriptions (issue 15): the Prescriptions page with a
verified prescription and one changed after signing, in English and Hindi, at 1366x768; and
page images of the printed prescription on A4 and A5 and the referral slip (always Hindi and
English side by side; the "hi" set with a patient named and advised in Hindi). Synthetic
data; an encrypted database of its own (no keyring).

    .venv/bin/python scripts/rx_screenshots.py
"""

from __future__ import annotations

import copy
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pyrage import x25519  # noqa: E402
from PySide6.QtCore import QCoreApplication  # noqa: E402
from sqlalchemy import text  # noqa: E402

from desktop import paths  # noqa: E402
from desktop.changes import ChangeBus  # noqa: E402
from desktop.core.consent import Consent, ConsentKind, GivenBy  # noqa: E402
from desktop.core.duplicates import Decision  # noqa: E402
from desktop.core.patient import Patient  # noqa: E402
from desktop.services.bundle import Services  # noqa: E402
from desktop.storage import consult_repo, hub_news, migrate, patient_repo  # noqa: E402
from desktop.storage.audit import Actor  # noqa: E402
from desktop.storage.blobs import BlobStore  # noqa: E402
from desktop.storage.db import Database  # noqa: E402
from desktop.storage.writer import DbWriter  # noqa: E402
from desktop.ui import i18n  # noqa: E402
from desktop.ui.app import create_application  # noqa: E402
from desktop.ui.prescriptions import printing  # noqa: E402
from desktop.ui.prescriptions.page import PrescriptionsPage  # noqa: E402
from desktop.ui.prescriptions.view import print_sheet, qr_text  # noqa: E402
from tests.helpers.rx import CONTENT, Doctor  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
TODAY = date(2026, 12, 19)
OPERATOR = Actor("cho.meena", "operator", "spoke-demo")
HUB = Actor("hub", "system", "sync")
NAMES = {"en": ("Ramesh", "Kumar"), "hi": ("रमेश", "कुमार")}


def settle(cond: Callable[[], bool] = lambda: True, timeout: float = 30.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        QCoreApplication.processEvents()
        if cond():
            break
        time.sleep(0.02)
    else:
        raise SystemExit(f"timed out (line {sys._getframe(1).f_lineno})")
    for _ in range(10):
        QCoreApplication.processEvents()
        time.sleep(0.02)


def consult_for(writer: DbWriter, given: str, family: str) -> str:
    p = Patient(
        given,
        family,
        sex="male",
        birth_date=date(1981, 8, 5),
        no_mobile_reason="none_owned",
        state_lgd=23,
        district="Sehore",
        locality="Kolar",
        abha_number="91123456789012",
    )
    writer.run(lambda s: patient_repo.register(s, p, OPERATOR, TODAY, Decision.NEW_PATIENT))
    c = writer.run(lambda s: consult_repo.create_draft(s, p.id, OPERATOR))
    c.complaints, c.specialty = ["fever"], "general_medicine"
    writer.run(lambda s: consult_repo.autosave(s, c, OPERATOR))
    now = datetime(2026, 12, 5, 10, tzinfo=UTC)
    given_by = Consent(ConsentKind.TELECONSULTATION, True, GivenBy.PATIENT, "cho.meena", now)
    writer.run(lambda s: consult_repo.record_consent(s, c.id, given_by, p, TODAY, OPERATOR))
    writer.run(lambda s: consult_repo.mark_ready(s, c.id, p, TODAY, OPERATOR))
    return c.id


def content(lang: str) -> dict[str, object]:
    c = copy.deepcopy(CONTENT)
    c["follow_up_date"] = TODAY.isoformat()
    c["referral"] = {
        "facility": "District Hospital Sehore",
        "reason": "ECG and physician review if BP stays above 160/100",
        "urgency": "urgent",
    }
    if lang == "hi":
        c["advice"] = "नमक कम खाएँ; रोज़ 30 मिनट टहलें। Low salt diet; walk 30 minutes a day."
    return c


def run(lang: str, tmp: Path) -> None:
    paths.init(tmp / lang)
    db = Database(tmp / lang / "clinic.db", os.urandom(32))
    migrate.upgrade(db)
    writer = DbWriter(db)
    with db.write_engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO facility (id, name, code, kind, state, district, hub_recipient,"
                " created_at) VALUES (1, 'HWC Kolar (demo)', 'HWC-DEMO', 'spoke',"
                " 'Madhya Pradesh', 'Sehore', '', '2026-01-01')"
            )
        )
    services = Services.open(
        db,
        writer,
        BlobStore(tmp / lang / "blobs", x25519.Identity.generate()),
        OPERATOR,
        ChangeBus(),
    )
    i18n.install(lang)
    doctor = Doctor()
    cid = consult_for(writer, *NAMES[lang])
    rx = doctor.prescription(cid, content(lang))
    writer.run(
        lambda s: hub_news.apply(s, hub_news.HubNews(cid, "completed", prescriptions=[rx]), HUB)
    )
    bad_cid = consult_for(writer, *(("Sunita", "Devi") if lang == "en" else ("सुनीता", "देवी")))
    bad = doctor.prescription(bad_cid, content(lang))
    bad["content"]["medications"][1]["frequency"] = "1-1-1"  # changed after signing
    writer.run(
        lambda s: hub_news.apply(
            s, hub_news.HubNews(bad_cid, "completed", prescriptions=[bad]), HUB
        )
    )

    page = PrescriptionsPage(services.prescriptions, services.bus, lambda: TODAY)
    page.resize(1366, 768)
    page.show()
    settle(lambda: page.due_model.rowCount() == 1)
    page.open_consult(cid)
    settle(lambda: page.view.print_button.isEnabled())
    page.grab().save(str(OUT / f"rx-view-{lang}.png"))
    page.open_consult(bad_cid)
    settle(lambda: page.view.diagnosis.text() != "" and not page.view.print_button.isEnabled())
    page.grab().save(str(OUT / f"rx-view-tampered-{lang}.png"))
    page.resize(1920, 1080)
    page.open_consult(cid)
    settle(lambda: page.view.print_button.isEnabled())
    page.grab().save(str(OUT / f"rx-view-large-{lang}.png"))

    # The paper is bilingual whatever the app's language; the "hi" set has Hindi data.
    sheet = services.prescriptions.sheet(cid).result(30)
    assert sheet is not None and sheet.current is not None
    ps = print_sheet(sheet, sheet.current, TODAY)
    for name, page_size, referral in (
        (f"rx-print-a4-{lang}", "A4", False),
        (f"rx-print-a5-{lang}", "A5", False),
        (f"rx-referral-slip-a5-{lang}", "A5", True),
    ):
        doc = printing.document(ps, qr_text(sheet.current), referral=referral, page=page_size)
        pdf = tmp / f"{name}.pdf"
        pdf.write_bytes(printing.pdf_bytes(doc, page_size))
        subprocess.run(
            ["pdftoppm", "-r", "110", "-png", "-singlefile", str(pdf), str(OUT / name)],
            check=True,
        )
    page.close()
    page.deleteLater()
    settle()
    writer.close()
    db.dispose()


def main() -> int:
    app = create_application(sys.argv)
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for lang in ("en", "hi"):
            run(lang, Path(tmp))
    i18n.install("en")
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
