"""The network report page against a real hub: the table for a programme manager's states
with Indian digit grouping and median waits, drill-down state -> district -> facility, a
refused state said plainly, the CSV export read back, the PDF export's text, cancelling a
load, and screenshots in English and Hindi."""

from __future__ import annotations

import csv
import datetime as dt
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QApplication

from desktop.core.report import NetworkReport
from desktop.services.reports import NetworkReportService
from desktop.sync.client import HubClient
from desktop.sync.stats_api import StatsApi
from desktop.ui import i18n
from desktop.ui.reports.network_page import NetworkReportPage
from tests.hub.seeding import DAY, Seeder
from tests.hub.world import World

SHOTS = Path(__file__).resolve().parents[4] / "docs" / "screenshots"


def seed(world: World) -> None:
    s = Seeder(world)
    s.add("Bihar", "hub_spoke", 1_20_345 // 100, district="Gaya", wait=dt.timedelta(minutes=9))
    s.add("Bihar", "doctor_patient", 310, district="Gaya", wait=dt.timedelta(minutes=20))
    s.add("Bihar", "hub_spoke", 240, district="Patna", wait=dt.timedelta(minutes=4))
    s.add("Bihar", "hub_spoke", 90, district="Patna", when=DAY + dt.timedelta(days=1))
    s.add("Kerala", "doctor_patient", 700, district="Wayanad")
    s.add("Uttar Pradesh", "hub_spoke", 4000, district="Lucknow")


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    i18n.install("en")
    yield
    i18n.install("en")


_clients: list[HubClient] = []


@pytest.fixture
def hub(world: World, live: str) -> Iterator[tuple[World, str]]:
    seed(world)
    yield world, live
    while _clients:
        _clients.pop().close()


def page_for(qtbot, live: str, token: str) -> NetworkReportPage:  # type: ignore[no-untyped-def]
    client = HubClient(live)
    _clients.append(client)
    client.set_access_token(token)
    service = NetworkReportService(lambda: StatsApi(client))
    page = NetworkReportPage(service, today=lambda: DAY.date())
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.since_edit.setDate(page.since_edit.date().addDays(-30))
    page.until_edit.setDate(page.until_edit.date().addDays(5))
    return page


def cells(page: NetworkReportPage) -> list[list[str]]:
    m = page.model
    return [[m.data(m.index(r, c)) for c in range(m.columnCount())] for r in range(m.rowCount())]


def test_the_report_of_two_states_with_drill_down(qtbot, hub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    world, live = hub
    pm = world.add_user(
        "pm-east", "programme_manager", None, scope=[{"state": "Bihar"}, {"state": "Kerala"}]
    )
    page = page_for(qtbot, live, pm.token)
    page.load()
    qtbot.waitUntil(lambda: page.report is not None and page.model.rowCount() == 3)
    rows = cells(page)
    assert rows[0][:5] == ["", "Total (your states)", "2,543", "1,533", "1,010"]
    assert [r[1] for r in rows[1:]] == ["Bihar", "Kerala"]
    assert rows[1][2] == "1,843"  # Indian grouping: 1203 + 310 + 240 + 90
    assert rows[1][5] == "9:00"  # median wait in Bihar
    assert "Uttar Pradesh" not in str(rows)
    assert page.scope_label.text() == "Your states: Bihar, Kerala"

    page.table.doubleClicked.emit(page.model.index(1, 1))  # Bihar
    qtbot.waitUntil(lambda: page.path == ["Bihar"])
    assert [r[1] for r in cells(page)] == ["Total", "Gaya", "Patna"]
    page.table.doubleClicked.emit(page.model.index(1, 1))  # Gaya
    qtbot.waitUntil(lambda: page.path == ["Bihar", "Gaya"])
    assert [(r[1], r[2]) for r in cells(page)] == [("Total", "1,513"), ("HWC Gaya", "1,513")]
    assert "Bihar" in page.crumbs.text() and "Gaya" in page.crumbs.text()
    page.on_crumb("0")
    assert page.path == [] and page.model.rowCount() == 3

    # A state outside the account: the hub refuses, the page says so in plain words.
    page.drill(["Uttar Pradesh"])
    qtbot.waitUntil(lambda: page.message.isVisibleTo(page))
    assert "outside the states or districts of your account" in page.message.text()

    # CSV export, read back: the published report's columns, the total row first.
    out = tmp_path / "report.csv"
    op = page.export_csv(out)
    assert op is not None
    qtbot.waitUntil(op.finished.is_set)
    with out.open(encoding="utf-8-sig") as fh:
        back = list(csv.DictReader(fh))
    assert [r["state"] for r in back] == ["TOTAL", "Bihar", "Kerala"]
    assert [int(r["total"]) for r in back] == [2543, 1843, 700]
    assert back[0]["sr_no"] == "" and back[1]["sr_no"] == "1"

    # PDF export: the table's figures are in the printed text.
    pdf = tmp_path / "report.pdf"
    assert page.export_pdf(pdf)
    doc = QPdfDocument()
    doc.load(str(pdf))
    text = doc.getAllText(0).text()
    assert "Teleconsultations by state" in text
    assert "Bihar" in text and "1,843" in text


def test_the_whole_network_for_an_admin(qtbot, hub) -> None:  # type: ignore[no-untyped-def]
    world, live = hub
    page = page_for(qtbot, live, world["admin"].token)
    page.load()
    qtbot.waitUntil(lambda: page.report is not None)
    rows = cells(page)
    assert rows[0][1] == "INDIA" and rows[0][2] == "6,543"
    assert [r[1] for r in rows[1:]] == ["Uttar Pradesh", "Bihar", "Kerala"]
    assert page.bars.chart() is not None and page.lines.chart() is not None
    assert page.bars.chart().series()[0].count() == 2  # AB-HWC and OPD bar sets


class _SlowService(NetworkReportService):
    """Holds the load until the test lets it go, to cancel it meanwhile."""

    def __init__(self) -> None:
        super().__init__(lambda: None)  # type: ignore[arg-type,return-value]
        self.release = threading.Event()
        self.started = threading.Event()

    def load(self, since, until, cancel=None) -> NetworkReport:  # type: ignore[no-untyped-def]
        self.started.set()
        self.release.wait(30)
        raise RuntimeError("must not be shown")


def test_a_load_can_be_cancelled(qtbot) -> None:  # type: ignore[no-untyped-def]
    service = _SlowService()
    page = NetworkReportPage(service, today=lambda: DAY.date())
    qtbot.addWidget(page)
    op = page.load()
    qtbot.waitUntil(service.started.is_set)
    assert page.busy_row.isVisibleTo(page) and not page.show_button.isEnabled()
    page.cancel_button.click()
    assert not page.busy_row.isVisibleTo(page) and page.show_button.isEnabled()
    service.release.set()
    qtbot.waitUntil(op.finished.is_set)
    assert not page.message.isVisibleTo(page)  # the late failure is dropped, not shown


@pytest.mark.parametrize("lang", ["en", "hi"])
@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_screenshots(qtbot, hub, tmp_path: Path, lang: str, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    world, live = hub
    i18n.install(lang)
    style = Path(__file__).resolve().parents[4] / "resources" / "style.qss"
    QApplication.instance().setStyleSheet(style.read_text(encoding="utf-8"))  # type: ignore[union-attr]
    try:
        page = page_for(qtbot, live, world["admin"].token)
        page.resize(*size)
        page.show()
        page.load()
        qtbot.waitUntil(lambda: page.report is not None)
        qtbot.waitUntil(lambda: page.model.rowCount() == 4)
        SHOTS.mkdir(parents=True, exist_ok=True)
        assert page.grab().save(str(SHOTS / f"network-report-{lang}-{size[0]}x{size[1]}.png"))
        if size == (1366, 768):  # the printed report, page 1 as an image
            pdf = tmp_path / "report.pdf"
            assert page.export_pdf(pdf)
            doc = QPdfDocument()
            doc.load(str(pdf))
            image = doc.render(0, QSize(827, 1169))
            assert image.save(str(SHOTS / f"network-report-printed-{lang}.png"))
    finally:
        QApplication.instance().setStyleSheet("")  # type: ignore[union-attr]
        i18n.install("en")
