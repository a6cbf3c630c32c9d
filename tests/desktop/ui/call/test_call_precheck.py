"""Issue 16, the pre-call check at the spoke against a real hub on loopback: the camera's
pictures counted, the microphone heard, the round trip and the bandwidth each way measured;
the verdict in words with each figure; no hub says so; cancelling lets the camera go."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from concurrent.futures import Future
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QMainWindow

from desktop.call.precheck import bandwidth_kbps, round_trip_ms
from desktop.core.precheck import Problem, Verdict
from desktop.media import sources
from desktop.media.camera_service import CameraService
from desktop.ui import i18n
from desktop.ui.app import create_application
from desktop.ui.call.call_window import CallWindow, Side
from desktop.ui.call.consult_button import CallButton
from desktop.ui.call.devices_menu import DevicesButton
from desktop.ui.call.precheck_dialog import PrecheckDialog
from desktop.ui.call.spoke_call import SpokeCalls
from tests.call.support import sign_in
from tests.sync_support.hubctl import LiveHub

SCREENSHOT_DIR = os.environ.get("SPOKE_CLINIC_SCREENSHOT_DIR", "")
WAIT_MS = 60_000


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveHub]:
    live = LiveHub.create(tmp_path_factory.mktemp("hub"))
    live.start()
    yield live
    live.close()


@pytest.fixture(scope="module")
def operator(hub: LiveHub) -> str:
    return sign_in(hub.base_url, hub.enrollment_code("spoke"), "operator")


def test_the_link_is_measured_against_the_hub(hub: LiveHub, operator: str) -> None:
    rtt = asyncio.run(round_trip_ms(hub.base_url, operator))
    assert rtt is not None and 0 < rtt < 1000
    down, up = asyncio.run(bandwidth_kbps(hub.base_url, operator, kib=64))
    assert down is not None and down > 1000  # loopback: far more than a megabit
    assert up is not None and up > 1000
    assert asyncio.run(round_trip_ms("http://127.0.0.1:9", operator, timeout=5)) is None
    assert asyncio.run(round_trip_ms(hub.base_url, "not-a-token")) is None  # refused: 4401


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_the_check_says_video_is_likely_to_work(
    hub: LiveHub, operator: str, lang: str, qtbot
) -> None:  # type: ignore[no-untyped-def]
    create_application()
    assert i18n.install(lang)
    camera = CameraService(
        choose=lambda: (sources.test_pattern(320, 240, 15), sources.test_tone(440))
    )
    dialog = PrecheckDialog(camera, lambda: (hub.base_url, operator), camera_ms=1000, probe_kib=64)
    qtbot.addWidget(dialog)
    dialog.resize(640, 420)
    dialog.show()
    steps: list[str] = []
    dialog.progress.valueChanged.connect(lambda _v: steps.append(dialog.step))
    try:
        with qtbot.waitSignal(dialog.checked, timeout=WAIT_MS) as got:
            dialog.start()
        result = got.args[0]
        assert result.verdict is Verdict.VIDEO, dialog.figures
        f = dialog.figures
        assert f.camera_fps is not None and f.camera_fps > 5
        assert f.microphone_dbfs is not None and f.microphone_dbfs > -30
        assert f.round_trip_ms is not None and f.download_kbps and f.upload_kbps
        assert steps == ["camera", "round-trip", "bandwidth", "done"]  # progress, in order
        assert not camera.is_open  # the camera was let go after its count
        text = dialog.details.text()
        if lang == "en":
            assert dialog.verdict_label.text() == "Video is likely to work"
            assert "Round trip to the hub: " in text and " ms" in text
            assert "From the hub:" in text and "kbit/s" in text
            assert "Camera: " in text and "pictures a second" in text
        else:
            assert dialog.verdict_label.text() == "वीडियो चलने की संभावना है"
        assert dialog.close_button.isVisible() and not dialog.cancel_button.isVisible()
        qtbot.waitUntil(lambda: dialog.details.height() >= dialog.details.sizeHint().height())
    finally:
        dialog.close()
        camera.close()
        i18n.install("en")


def test_no_hub_and_no_camera(qtbot) -> None:  # type: ignore[no-untyped-def]
    camera = CameraService()  # no source chosen: no pictures, no sound

    def no_hub() -> tuple[str, str]:
        raise ConnectionError("not connected to a hub")

    dialog = PrecheckDialog(camera, no_hub, camera_ms=200)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.checked, timeout=WAIT_MS) as got:
        dialog.start()
    assert got.args[0].verdict is Verdict.NO_HUB
    assert Problem.NO_CAMERA in got.args[0].problems
    assert dialog.verdict_label.text() == "No connection to the hub"
    assert "Camera: no pictures" in dialog.details.text()
    assert "Round trip to the hub: not measured" in dialog.details.text()
    dialog.close()


def test_cancel_stops_the_check_and_lets_the_camera_go(qtbot) -> None:  # type: ignore[no-untyped-def]
    camera = CameraService(choose=lambda: (sources.test_pattern(320, 240, 15), None))
    dialog = PrecheckDialog(camera, lambda: ("http://127.0.0.1:9", "t"), camera_ms=60_000)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.start()
    assert camera.is_open and dialog.cancel_button.isVisible()
    dialog.cancel_button.click()
    assert not camera.is_open
    assert dialog.step_label.text() == "Check cancelled"
    assert dialog.again_button.isVisible() and dialog.outcome is None
    dialog.close()


class Engine:
    """The sync engine as the call sees it: a hub client with its address and token."""

    def __init__(self, base_url: str, token: str) -> None:
        self.client = SimpleNamespace(base_url=base_url, access_token=lambda: token)


@pytest.mark.qt_log_ignore("PulseAudioService", "pipewire")
@pytest.mark.parametrize("lang", ["en", "hi"])
def test_the_check_from_the_call_windows_devices_menu(
    hub: LiveHub, operator: str, lang: str, qtbot
) -> None:  # type: ignore[no-untyped-def]
    """While the spoke waits for the doctor: *Devices* → the check, over the call window."""
    create_application()
    assert i18n.install(lang)
    camera = CameraService(
        choose=lambda: (sources.test_pattern(640, 480, 15), sources.test_tone(440))
    )
    main = QMainWindow()
    qtbot.addWidget(main)

    def not_here(_consult: str) -> Future[object]:
        found: Future[object] = Future()
        found.set_result(None)
        return found

    calls = SpokeCalls(
        lambda: Engine(hub.base_url, operator),
        camera,
        main,
        CallButton(),
        lambda: date(2026, 12, 5),
        not_here,
        print,
        cameras=lambda: [],
    )
    window = CallWindow(Side.SPOKE)
    qtbot.addWidget(window)
    window.set_names("", "Kamla Devi")
    window.resize(1366, 768)
    window.show()
    window.add_control(DevicesButton(calls.devices_menu(window)))
    camera.frames.subscribe(window.self_sink)  # the corner shows the camera, as in a call
    button = window.findChild(DevicesButton)
    try:
        button.devices.precheck_action.trigger()
        dialog = calls.last_precheck
        assert dialog is not None and dialog.isVisible() and dialog.parent() is window
        qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=WAIT_MS)
        assert dialog.outcome is not None and dialog.outcome.verdict is Verdict.VIDEO
        for shown in (dialog.details, dialog.verdict_label, dialog.heading):
            qtbot.waitUntil(lambda w=shown: w.width() >= w.sizeHint().width(), timeout=5000)
        if SCREENSHOT_DIR:  # the dialog over the waiting call window, as the operator sees it
            shot = window.grab()
            painter = QPainter(shot)
            at = window.rect().center() - dialog.rect().center()
            painter.drawPixmap(at, dialog.grab())
            painter.drawRect(QRect(at, dialog.size()).adjusted(-1, -1, 0, 0))  # its frame
            painter.end()
            shot.save(str(Path(SCREENSHOT_DIR) / f"call-precheck-{lang}.png"))
        dialog.close_button.click()
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
        # The consult screen's button beside the call's opens it too (no call window needed).
        calls.button.check.click()
        assert calls.last_precheck is not dialog and calls.last_precheck is not None
        qtbot.waitUntil(lambda: calls.last_precheck.outcome is not None, timeout=WAIT_MS)  # type: ignore[union-attr]
        calls.last_precheck.close()  # type: ignore[union-attr]
    finally:
        camera.frames.unsubscribe(window.self_sink)
        window.close()
        calls.shutdown()
        camera.close()
        i18n.install("en")
    assert not camera.is_open
