"""The pre-call check's verdict from measured figures, table-driven."""

from __future__ import annotations

import pytest

from desktop.core.precheck import Figures, Problem, Verdict, judge, kbps, level_dbfs

GOOD = {
    "camera_fps": 25.0,
    "microphone_dbfs": -30.0,
    "round_trip_ms": 80.0,
    "download_kbps": 2000.0,
    "upload_kbps": 900.0,
}


@pytest.mark.parametrize(
    ("changes", "verdict", "problems"),
    [
        ({}, Verdict.VIDEO, ()),
        ({"upload_kbps": 320.0}, Verdict.VIDEO, ()),  # exactly the lowest video level
        ({"upload_kbps": 319.0}, Verdict.AUDIO_ONLY, (Problem.SLOW_LINK,)),
        ({"download_kbps": 100.0}, Verdict.AUDIO_ONLY, (Problem.SLOW_LINK,)),
        ({"download_kbps": None}, Verdict.NO_HUB, (Problem.SLOW_LINK,)),  # a way failed
        ({"round_trip_ms": 600.0}, Verdict.VIDEO, ()),
        ({"round_trip_ms": 601.0}, Verdict.AUDIO_ONLY, (Problem.SLOW_ROUND_TRIP,)),
        ({"camera_fps": None}, Verdict.AUDIO_ONLY, (Problem.NO_CAMERA,)),
        ({"camera_fps": 4.0}, Verdict.AUDIO_ONLY, (Problem.NO_CAMERA,)),
        ({"microphone_dbfs": -80.0}, Verdict.VIDEO, (Problem.SILENT_MICROPHONE,)),
        ({"round_trip_ms": None}, Verdict.NO_HUB, ()),
        ({"round_trip_ms": None, "camera_fps": None}, Verdict.NO_HUB, (Problem.NO_CAMERA,)),
        ({"upload_kbps": 63.0}, Verdict.NO_HUB, (Problem.SLOW_LINK,)),  # not even sound
        (
            {"round_trip_ms": 1501.0},
            Verdict.NO_HUB,
            (Problem.SLOW_ROUND_TRIP,),
        ),
    ],
)
def test_verdicts(
    changes: dict[str, float | None], verdict: Verdict, problems: tuple[Problem, ...]
) -> None:
    result = judge(Figures(**{**GOOD, **changes}))
    assert result.verdict is verdict
    assert result.problems == problems


def test_units() -> None:
    assert kbps(125_000, 1.0) == 1000.0
    assert kbps(10, 0.0) == 0.0
    assert level_dbfs(1.0) == 0.0
    assert level_dbfs(0.0) == -120.0
    assert round(level_dbfs(0.1)) == -20
