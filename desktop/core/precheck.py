"""The pre-call check's verdict from what was measured at the spoke (camera pictures,
microphone level, round trip to the hub, bandwidth each way): pure rules, no I/O.

The thresholds follow the call's adaptation levels (``desktop.core.call_adapt``): 240p10
video needs about 250 kbit/s plus 64 kbit/s of sound, and a round trip past a second is
what the call treats as congestion."""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass

VIDEO_KBPS = 320  # the lowest video level (250) plus sound (64), each way
AUDIO_KBPS = 64  # Opus speech, each way
VIDEO_RTT_MS = 600.0
AUDIO_RTT_MS = 1500.0
CAMERA_FPS = 5.0  # fewer pictures a second than this: the camera is not delivering
SILENT_DBFS = -60.0  # a microphone quieter than this hears nothing (unplugged, muted)


class Verdict(enum.Enum):
    VIDEO = "video"  # "Video is likely to work"
    AUDIO_ONLY = "audio-only"  # "Use audio only"
    NO_HUB = "no-hub"  # "No connection to the hub"


class Problem(enum.Enum):
    NO_CAMERA = "no-camera"
    SILENT_MICROPHONE = "silent-microphone"
    SLOW_LINK = "slow-link"  # too little bandwidth for video
    SLOW_ROUND_TRIP = "slow-round-trip"


@dataclass(frozen=True)
class Figures:
    """What the check measured; None where a step failed or was not reached."""

    camera_fps: float | None = None
    microphone_dbfs: float | None = None
    round_trip_ms: float | None = None
    download_kbps: float | None = None
    upload_kbps: float | None = None


@dataclass(frozen=True)
class Result:
    verdict: Verdict
    problems: tuple[Problem, ...]


def judge(f: Figures) -> Result:
    """Video needs the camera, the round trip and the bandwidth both ways; without the hub
    nothing works; anything else that still carries sound is audio only."""
    problems: list[Problem] = []
    if f.camera_fps is None or f.camera_fps < CAMERA_FPS:
        problems.append(Problem.NO_CAMERA)
    if f.microphone_dbfs is None or f.microphone_dbfs < SILENT_DBFS:
        problems.append(Problem.SILENT_MICROPHONE)
    if f.round_trip_ms is None:
        return Result(Verdict.NO_HUB, tuple(problems))
    links = [k for k in (f.download_kbps, f.upload_kbps) if k is not None]
    slowest = min(links) if len(links) == 2 else 0.0
    if slowest < VIDEO_KBPS:
        problems.append(Problem.SLOW_LINK)
    if f.round_trip_ms > VIDEO_RTT_MS:
        problems.append(Problem.SLOW_ROUND_TRIP)
    if slowest < AUDIO_KBPS or f.round_trip_ms > AUDIO_RTT_MS:
        return Result(Verdict.NO_HUB, tuple(problems))
    if Problem.NO_CAMERA in problems or Problem.SLOW_LINK in problems:
        return Result(Verdict.AUDIO_ONLY, tuple(problems))
    if Problem.SLOW_ROUND_TRIP in problems:
        return Result(Verdict.AUDIO_ONLY, tuple(problems))
    return Result(Verdict.VIDEO, tuple(problems))


def level_dbfs(peak: float) -> float:
    """A peak sample (0..1) in dBFS (-120 for silence)."""
    return -120.0 if peak <= 1e-6 else max(-120.0, 20 * math.log10(min(peak, 1.0)))


def kbps(nbytes: int, seconds: float) -> float:
    """Kilobits a second of a transfer (0 when it took no measurable time)."""
    return 0.0 if seconds <= 0 else nbytes * 8 / 1000 / seconds
