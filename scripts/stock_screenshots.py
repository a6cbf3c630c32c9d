"""Screenshots of the spoke's stock (issue 15 item 7): the Stock page (counted, out of stock,
not counted, a change not saved yet and a refused value) and the Dispense dialog over the
prescription view (a medicine in stock, one not in stock), English and Hindi, at 1366x768;
and the consult screen's Referral box with the consult's mode.
Synthetic data; an encrypted database of its own (no keyring).

    .venv/bin/python scripts/stock_screenshots.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pyrage import x25519  # noqa: E402
from PySide6.QtCore import QPoint  # noqa: E402
from PySide6.QtGui import QColor, QPainter  # noqa: E402
from sqlalchemy import text  # noqa: E402

from desktop import paths  # noqa: E402
from desktop.changes import ChangeBus  # noqa: E402
from desktop.services.bundle import Services  # noqa: E402
from desktop.storage import hub_news, migrate  # noqa: E402
from desktop.storage.blobs import BlobStore  # noqa: E402
from desktop.storage.db import Database  # noqa: E402
from desktop.storage.writer import DbWriter  # noqa: E402
from desktop.ui import i18n  # noqa: E402
from desktop.ui.app import create_application  # noqa: E402
from desktop.ui.consult.intake_fields import ReferralPanel  # noqa: E402
from desktop.ui.prescriptions.page import PrescriptionsPage  # noqa: E402
from desktop.ui.stock.model import QUANTITY  # noqa: E402
from desktop.ui.stock.page import StockPage  # noqa: E402
from scripts.rx_screenshots import HUB, NAMES, OPERATOR, TODAY, consult_for, settle  # noqa: E402
from tests.helpers.rx import CONTENT, Doctor  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
COUNTED = {
    "albendazole-400-tab": 60,
    "amlodipine-2.5-tab": 0,
    "amlodipine-5-tab": 45,
    "paracetamol-500-tab": 0,
    "paracetamol-125-syrup": 12,
}


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
        db, writer, BlobStore(tmp / lang / "blobs", x25519.Identity.generate()), OPERATOR,
        ChangeBus(),
    )  # fmt: skip
    i18n.install(lang)
    services.stock.lines().result(30)
    services.stock.set_quantities(COUNTED).result(30)

    page = StockPage(services.stock, services.bus)
    page.resize(1366, 768)
    page.show()
    settle(lambda: page.model.rowCount() > 40)
    first = page.proxy.index(4, QUANTITY)  # a change not saved yet
    page.proxy.setData(first, "90")
    page.proxy.setData(page.proxy.index(5, QUANTITY), "12.5")  # refused, says why
    page.table.setCurrentIndex(page.proxy.index(5, QUANTITY))
    settle()
    page.grab().save(str(OUT / f"stock-page-{lang}.png"))
    page.resize(1920, 1080)
    settle()
    page.grab().save(str(OUT / f"stock-page-large-{lang}.png"))
    page.close()

    doctor = Doctor()
    cid = consult_for(writer, *NAMES[lang])
    rx = doctor.prescription(cid, CONTENT)
    writer.run(
        lambda s: hub_news.apply(s, hub_news.HubNews(cid, "completed", prescriptions=[rx]), HUB)
    )
    rx_page = PrescriptionsPage(
        services.prescriptions, services.bus, lambda: TODAY, stock=services.stock
    )
    rx_page.resize(1366, 768)
    rx_page.show()
    rx_page.open_consult(cid)
    view = rx_page.view
    settle(lambda: view.dispense_button.isEnabled())
    view.dispense_button.click()
    settle(lambda: view.dispense_dialog is not None and view.dispense_dialog.isVisible())
    dialog = view.dispense_dialog
    assert dialog is not None
    dialog.resize(max(dialog.sizeHint().width(), 900), dialog.sizeHint().height())
    settle()
    dialog.grab().save(str(OUT / f"stock-dispense-dialog-{lang}.png"))
    # The dialog as the operator sees it: over the prescription view, dimmed behind.
    shot = rx_page.grab()
    painter = QPainter(shot)
    painter.fillRect(shot.rect(), QColor(0, 0, 0, 90))
    box = dialog.grab()
    painter.drawPixmap(
        QPoint((shot.width() - box.width()) // 2, (shot.height() - box.height()) // 2), box
    )
    painter.end()
    shot.save(str(OUT / f"stock-dispense-{lang}.png"))
    dialog.reject()
    rx_page.close()
    rx_page.deleteLater()

    # The consult screen's Referral box with the consult's mode (video call by default).
    panel = ReferralPanel()
    panel.resize(560, panel.sizeHint().height())
    panel._show("general_medicine", "routine", "text", locked=False)
    panel.show()
    settle()
    panel.grab().save(str(OUT / f"consult-mode-{lang}.png"))
    panel.close()
    panel.deleteLater()
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
