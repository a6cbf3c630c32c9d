"""The doctor's review lists the call's still (issue 16): once the spoke says it stored the
still, the review asks the hub again until its upload is there, then lists it with the
consult's attachments, named as the call's still picture, once."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QModelIndex, QThreadPool

from desktop.core.review import ConsultReview, MediaRef
from desktop.ui import i18n
from desktop.ui.call.extras import StillLookout
from desktop.ui.doctor.consult_host import ConsultReviewHost
from tests.desktop.ui.doctor.test_consult_host import FakeService
from tests.helpers.review_data import TODAY, sample

STILL = "d" * 32
SCREENSHOT_DIR = os.environ.get("SPOKE_CLINIC_SCREENSHOT_DIR", "")


class HubUploads:
    """``reads.later_stills``: the still's upload appears on the hub after ``late`` asks."""

    def __init__(self, late: int) -> None:
        self.late = late
        self.asked = 0

    def __call__(self, media: Any, review: ConsultReview) -> tuple[MediaRef, ...]:
        self.asked += 1
        return (MediaRef(STILL, "image/jpeg"),) if self.asked > self.late else ()


@pytest.fixture
def host(qtbot: Any) -> Iterator[ConsultReviewHost]:
    widget = ConsultReviewHost(FakeService(), sound=False, today=TODAY)  # type: ignore[arg-type]
    widget.reads.history = lambda consult_id: []  # type: ignore[method-assign]
    widget.reads.later_recording = lambda media, review: None  # type: ignore[method-assign]
    yield widget
    QThreadPool.globalInstance().waitForDone(20_000)
    widget.close()
    widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()


def listed(host: ConsultReviewHost) -> list[str]:
    model = host.page.attachments_model
    return [str(model.data(model.index(row, 0))) for row in range(model.rowCount(QModelIndex()))]


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_the_review_lists_the_still_once_the_hub_has_it(
    host: ConsultReviewHost, qtbot: Any, lang: str
) -> None:
    assert i18n.install(lang)
    host.resize(1366, 768)
    uploads = HubUploads(late=3)  # the spoke's sync sends it a little later
    host.reads.later_stills = uploads  # type: ignore[method-assign]
    host.show_consult("c1", sample()[2])
    qtbot.waitUntil(lambda: uploads.asked == 1)  # asked once at binding: not there yet
    before = listed(host)
    lookout = StillLookout(host, every_ms=20)
    lookout.on_received("c1")
    qtbot.waitUntil(lambda: len(listed(host)) == len(before) + 1, timeout=10_000)
    title = "Still picture from the call" if lang == "en" else "कॉल से ली गई स्थिर तस्वीर"
    assert listed(host)[-1].startswith(title)
    if SCREENSHOT_DIR:
        host.show()
        host.grab().save(str(Path(SCREENSHOT_DIR) / f"review-still-listed-{lang}.png"))
    assert host.review is not None and host.review.attachments[-1].upload_id == STILL
    asked = uploads.asked
    lookout.on_received("c1")  # told again: the still is listed once
    qtbot.waitUntil(lambda: uploads.asked > asked)
    QThreadPool.globalInstance().waitForDone(10_000)
    QCoreApplication.processEvents()
    assert len(listed(host)) == len(before) + 1
    i18n.install("en")


def test_a_still_of_another_consult_is_left_for_later(host: ConsultReviewHost, qtbot: Any) -> None:
    uploads = HubUploads(late=0)
    host.reads.later_stills = uploads  # type: ignore[method-assign]
    host.show_consult("c1", sample()[2])
    qtbot.waitUntil(lambda: uploads.asked == 1)
    StillLookout(host, every_ms=20).on_received("c2")
    assert uploads.asked == 1  # not asked for the consult not shown
