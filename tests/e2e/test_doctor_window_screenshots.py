"""Screenshots of the doctor's real window against the hub process (synthetic data): the
queue, the review with the patient's earlier consult, the picture viewer, the recording player
and the trends, in English and Hindi at 1366x768 and 1920x1080
(docs/screenshots/doctor-window-<screen>-<lang>-<size>.png). Also checks that nothing on
them is cut: the review's header and allergy strip fit their width."""

from __future__ import annotations

import base64
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication

from desktop import paths
from desktop.changes import ChangeBus
from desktop.core.consult import Mode
from desktop.services.doctor import DoctorService
from desktop.services.settings import SettingsService
from desktop.settings import Settings
from desktop.storage.startup import Storage
from desktop.sync.doctor_api import DoctorApi
from desktop.sync.tokens import TokenStore
from desktop.ui import i18n
from desktop.ui.app import create_application
from desktop.ui.doctor.doctor_window import DoctorWindow
from protocol.signing import signed_bytes
from tests.helpers.doctor_media import recording_segments
from tests.helpers.doctor_world import (
    OperatorPC,
    doctor_pc,
    hub,
    hub_consult,
    picture_from_testsrc,
)
from tests.helpers.prescriptions import prescriber
from tests.sync_support.doctor import CONTENT, Doctor
from tests.sync_support.hubctl import PASSWORD, LiveHub

_ = (hub, doctor_pc)  # fixtures


def prescribe(doctor: Doctor, consult_id: str, registration_number: str) -> None:
    """A signed prescription of ``doctor`` (whose registration number it carries)."""
    rx_id = str(uuid.uuid4())
    content = {**CONTENT, "prescriber": prescriber(registration_number)}
    signature = doctor.key.sign(signed_bytes(consult_id, rx_id, content))
    body = {"content": content, "signature": base64.b64encode(signature).decode()}
    r = doctor.http.put(f"/consults/{consult_id}/prescriptions/{rx_id}", json=body)
    assert r.is_success, r.text


OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
SIZES = [(1366, 768), (1920, 1080)]
HOME = {"en": "Home", "hi": "मुखपृष्ठ"}


@pytest.fixture
def app_style(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """The clinic's own style sheet, as the app runs with it."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.styleSheet()
    create_application()
    yield
    app.setStyleSheet(before)


@pytest.mark.qt_log_ignore("PulseAudioService", "pipewire", "propagateSizeHints")
def test_doctor_window_screenshots(  # type: ignore[no-untyped-def]
    app_style: None,
    hub: LiveHub,
    doctor_pc: tuple[Storage, TokenStore],
    profile: paths.Locations,
    tmp_path: Path,
    qtbot,
) -> None:
    files = tmp_path / "operator-files"
    files.mkdir()
    picture_from_testsrc(files / "rash.png")
    storage, tokens = doctor_pc
    operator = OperatorPC(tmp_path / "operator", hub)
    bus = ChangeBus()
    service = DoctorService(
        DoctorApi.open(tokens), storage.writer, storage.blobs, storage.device, bus
    )
    other = Doctor(hub, "doctor2")
    window: DoctorWindow | None = None
    try:
        patient = operator.register("Sunita", "Devi")
        earlier = operator.consult(
            patient, bp=(150, 95), complaint="Headache and giddiness for 3 days", days_ago=30
        )
        earlier_id = str(uuid.UUID(earlier.id))
        qtbot.waitUntil(
            lambda: (hub_consult(hub, earlier_id) or ("",))[0] == "assigned", timeout=30_000
        )
        other.accept(earlier_id)
        prescribe(other, earlier_id, "MP-2")
        other.complete(earlier_id)
        assert other.http.put(
            "/doctors/me/availability", json={"availability": "offline"}
        ).is_success

        assert service.sign_in("doctor", PASSWORD).result(30).role == "hub_doctor"
        window = DoctorWindow(
            Settings(), service, bus, SettingsService(Settings(), profile.settings_file)
        )
        win = window.shell.window
        qtbot.addWidget(win)
        win.resize(*SIZES[0])
        win.show()
        qtbot.waitExposed(win)
        window.start()
        queue, host = window.queue, window.review
        queue.set_availability("online")
        qtbot.waitUntil(lambda: "online" in queue.status.text())

        current = operator.consult(
            patient,
            bp=(168, 96),
            allergies="Sulfa drugs (rash)",
            complaint="Itchy rash on both forearms for 5 days, worse at night",
            picture=files / "rash.png",
            title="Rash on forearm",
            segments=recording_segments(count=2, seconds=1),
            mode=Mode.TEXT,
        )
        cid = str(uuid.UUID(current.id))
        waiting = operator.consult(operator.register("Ramesh", "Kumar", "male"), bp=(128, 82))
        qtbot.waitUntil(operator.all_sent, timeout=60_000)
        qtbot.waitUntil(lambda: queue.model.row_of(str(uuid.UUID(waiting.id))) >= 0, timeout=10_000)

        def shoot(screen: str) -> None:
            win.show_page("queue" if screen == "queue" else "review")
            for lang in ("en", "hi"):
                i18n.install(lang)
                qtbot.waitUntil(lambda lang=lang: win.nav.item(0).text() == HOME[lang])
                for size in SIZES:
                    win.resize(*size)
                    qtbot.waitUntil(lambda size=size: (win.width(), win.height()) == size)
                    if screen != "queue":
                        strip = host.page.allergy_strip
                        assert strip.width() <= host.page.width()
                        assert host.complete_button.isVisible()
                    out = OUT / f"doctor-window-{screen}-{lang}-{size[0]}x{size[1]}.png"
                    assert win.grab().save(str(out))
            i18n.install("en")

        assert queue.select(cid)
        shoot("queue")
        queue.accept_button.click()
        qtbot.waitUntil(lambda: (hub_consult(hub, cid) or ("",))[0] == "in_progress")
        qtbot.waitUntil(
            lambda: (
                queue.model.row_of(cid) >= 0
                and queue.model.item(queue.model.row_of(cid)).status == "in_progress"
            )
        )
        assert queue.select(cid)
        with qtbot.waitSignal(host.history_shown, timeout=20_000):
            queue.open_button.click()
        page = host.page
        page.tabs.setCurrentIndex(1)
        page.history_view.open_row(0)
        shoot("review")
        page.tabs.setCurrentIndex(2)
        shoot("trends")
        with qtbot.waitSignal(page.media_opened, timeout=20_000):
            page.attachments_list.clicked.emit(page.attachments_model.index(0))
        shoot("media")
        with qtbot.waitSignal(page.media_opened, timeout=30_000):
            page.recordings_list.clicked.emit(page.recordings_model.index(0))
        player = page.player.player
        assert player is not None
        qtbot.waitUntil(lambda: player.preview.frame is not None, timeout=10_000)
        page.player.seek(0.5)
        qtbot.waitUntil(
            lambda: player.preview.frame is not None and player.preview.frame.time >= 0.4,
            timeout=10_000,
        )
        qtbot.waitUntil(lambda: player.slider.value() >= 400 and "/" in player.time_label.text())
        shoot("player")
    finally:
        other.close()
        if window is not None:
            window.stop()
        service.close()
        QThreadPool.globalInstance().waitForDone(30_000)  # the review's fetches have ended
        operator.close()
        i18n.install("en")
