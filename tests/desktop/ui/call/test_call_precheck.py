"""Issue 16, the pre-call check at the spoke against a real hub on loopback: the camera's
pictures counted, the microphone heard, the round trip and the bandwidth each way measured;
the verdict in words with each figure; no hub says so; cancelling lets the camera go."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.call.precheck import bandwidth_kbps, round_trip_ms
from desktop.core.precheck import Problem, Verdict
from desktop.media import sources
from desktop.media.camera_service import CameraService
from desktop.ui import i18n
from desktop.ui.app import create_application
from desktop.ui.call.precheck_dialog import PrecheckDialog
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
        if SCREENSHOT_DIR:
            dialog.grab().save(str(Path(SCREENSHOT_DIR) / f"call-precheck-{lang}.png"))
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
