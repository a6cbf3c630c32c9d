"""The doctor's dashboard panel against a real hub: figures after a consult offered,
accepted and completed; refreshed on demand (the queue watch's announcement calls refresh);
screenshots in English and Hindi."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from desktop.sync.client import HubClient
from desktop.sync.stats_api import StatsApi
from desktop.ui import i18n
from desktop.ui.reports.doctor_dashboard import DoctorDashboardPanel
from hub.clock import ManualClock
from tests.hub.test_hub_queue import GM, act
from tests.hub.world import World

SHOTS = Path(__file__).resolve().parents[4] / "docs" / "screenshots"


@pytest.fixture
def doctor(world: World, live: str) -> Iterator[tuple[World, HubClient]]:
    client = HubClient(live)
    client.set_access_token(world["doc1"].token)
    yield world, client
    client.close()


def test_the_doctors_day_follows_the_hub(qtbot, doctor, clock: ManualClock) -> None:  # type: ignore[no-untyped-def]
    world, client = doctor
    i18n.install("en")
    api = StatsApi(client)
    panel = DoctorDashboardPanel(lambda: api.doctor_day(330))
    qtbot.addWidget(panel)
    op = panel.refresh()
    qtbot.waitUntil(op.finished.is_set)
    assert panel.values["offered_to_me"].text() == "0"

    world.online("doc1")
    c = world.consult("opA", specialty=GM)
    act(world, "doc1", c["id"], "accept")
    clock.advance(300)
    act(world, "doc1", c["id"], "complete")
    world.consult("opA", specialty=GM)  # offered to doc1, the only one online

    op = panel.refresh()
    qtbot.waitUntil(op.finished.is_set)
    assert panel.values["done_today"].text() == "1"
    assert panel.values["offered_to_me"].text() == "1"
    assert "5 min" in panel.duration.text()
    with qtbot.waitSignal(panel.open_queue):
        panel.values["offered_to_me"].click()

    style = Path(__file__).resolve().parents[4] / "resources" / "style.qss"
    QApplication.instance().setStyleSheet(style.read_text(encoding="utf-8"))  # type: ignore[union-attr]
    try:
        SHOTS.mkdir(parents=True, exist_ok=True)
        panel.resize(400, 330)
        for lang in ("en", "hi"):
            i18n.install(lang)
            QApplication.processEvents()
            assert panel.grab().save(str(SHOTS / f"doctor-dashboard-{lang}.png"))
    finally:
        QApplication.instance().setStyleSheet("")  # type: ignore[union-attr]
        i18n.install("en")
