"""Renders the doctor's review screenshots in docs/screenshots/ offscreen (synthetic data):
the review (an allergy, flagged vitals), the picture viewer, the PDF viewer, the recording
player, the history list and the trends, in English and Hindi at 1366x768 and 1920x1080.

QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/doctor_review_screenshots.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QWidget  # noqa: E402

from desktop import paths  # noqa: E402
from desktop.core.review import parse_review  # noqa: E402
from desktop.core.review_history import parse_history  # noqa: E402
from desktop.ui import i18n  # noqa: E402
from desktop.ui.app import create_application  # noqa: E402
from desktop.ui.doctor.review_page import ReviewPage  # noqa: E402
from tests.desktop.ui.doctor.doctor_files import pdf, png  # noqa: E402
from tests.helpers.doctor_media import MemoryMedia, recording_segments  # noqa: E402
from tests.helpers.review_data import (  # noqa: E402
    TODAY,
    consult,
    history_body,
    hub_bundle,
    patient,
    recording_document,
)

OUT = ROOT / "docs" / "screenshots"
SIZES = {"": (1366, 768), "-1920": (1920, 1080)}


def wait_for(cond: object, ms: int = 15000) -> None:
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: loop.quit() if cond() else None)  # type: ignore[operator]
    QTimer.singleShot(ms, loop.quit)
    timer.start()
    loop.exec()


def settle(ms: int = 200) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def save(widget: QWidget, name: str) -> None:
    widget.grab().save(str(OUT / name))
    print("wrote", f"docs/screenshots/{name}")


def main() -> None:
    app = create_application([])
    with tempfile.TemporaryDirectory() as scratch:
        paths.init(Path(scratch) / "profile")
        p = patient()
        c = consult(p)
        segments = recording_segments(4, width=640, height=360)
        blobs = [f"{i:032x}" for i in range(1, 5)]
        bundle = hub_bundle(p, c, [recording_document(c, blobs)])
        media = MemoryMedia(
            {
                "a" * 32: png(1600, 1000, "#8d5b4c", "Rash"),
                "b" * 32: pdf(3),
                **dict(zip(blobs, segments, strict=True)),
            }
        )
        for lang in ("en", "hi"):
            i18n.install(lang)
            QCoreApplication.processEvents()
            review = parse_review(bundle, TODAY)
            for suffix, (w, h) in SIZES.items():
                page = ReviewPage(sound=False)
                page.resize(w, h)
                page.show()
                page.show_review(review, media)
                page.show_history(parse_history(history_body(), review.patient.age_years))
                settle()
                save(page, f"doctor-review-{lang}{suffix}.png")
                page.open_attachment(review.attachments[0])
                wait_for(lambda page=page: page.image_viewer.has_image)
                page.image_viewer.rotate()
                settle()
                save(page, f"doctor-image-{lang}{suffix}.png")
                page.open_attachment(review.attachments[1])
                wait_for(lambda page=page: page.pdf_viewer.page_count == 3)
                page.pdf_viewer.next_page()
                settle(600)
                save(page, f"doctor-pdf-{lang}{suffix}.png")
                page.open_recording(review.recordings[0])
                wait_for(
                    lambda page=page: (
                        page.player.player is not None
                        and page.player.player.preview.frame is not None
                    )
                )
                page.player.seek(2.5)
                wait_for(
                    lambda page=page: (
                        page.player.player is not None
                        and page.player.player.preview.frame is not None
                        and page.player.player.preview.frame.time >= 2.4
                    )
                )
                settle(400)
                save(page, f"doctor-player-{lang}{suffix}.png")
                page.tabs.setCurrentWidget(page.history_view)
                settle()
                save(page, f"doctor-history-{lang}{suffix}.png")
                page.tabs.setCurrentWidget(page.trends_view)
                settle(300)
                save(page, f"doctor-trends-{lang}{suffix}.png")
                page.clear()
                page.close()
                page.deleteLater()
                settle(50)
    app.quit()


if __name__ == "__main__":
    main()
