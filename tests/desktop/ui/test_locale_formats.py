"""Counts and dates on screens outside the spoke workflow go through QLocale: counts of a
thousand and more get Indian grouping (1,00,000), dates read DD-MM-YYYY."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest

from desktop.ui import i18n
from desktop.ui.form_support import format_dmy
from desktop.ui.main_window import SyncIndicator
from desktop.ui.sync.bridge import local_time_text
from desktop.ui.sync.notify import wait_text


@pytest.fixture
def english(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    yield
    i18n.install("en")


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_counts_are_grouped_the_indian_way(english, lang: str, qtbot) -> None:  # type: ignore[no-untyped-def]
    assert i18n.install(lang)
    indicator = SyncIndicator()
    qtbot.addWidget(indicator)
    indicator.set_state("syncing", 100_000)
    assert "1,00,000" in indicator.text()
    assert "1,440" in wait_text(1440 * 60)


def test_dates_read_dd_mm_yyyy(english) -> None:  # type: ignore[no-untyped-def]
    at = datetime(2021, 10, 18, 3, 35, tzinfo=UTC)
    assert local_time_text(at) == f"{at.astimezone():%d-%m-%Y %H:%M}"
    assert format_dmy(date(2021, 10, 18)) == "18-10-2021"
