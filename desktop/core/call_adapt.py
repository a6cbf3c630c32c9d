"""What the call sends on a given link: the video level (resolution, frame rate, encoder
bitrate) stepped down when the link is congested, to audio only when it cannot carry the
lowest video, and stepped back up after it has been good for a while (hysteresis, with a
longer wait after an up-step that failed). A manual low-bandwidth mode caps the level.

Pure rules over ``LinkQuality`` readings and the time they were taken; the call runtime
(``desktop/call/adapt.py``) takes the readings and applies the level.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.core.call_quality import LinkQuality
from protocol.vocab import MODES as MODES
from protocol.vocab import better_mode as better_mode


@dataclass(frozen=True)
class Level:
    name: str
    width: int  # 0: no video (audio only)
    height: int
    fps: int
    bitrate: int  # the video encoder's target, bit/s

    @property
    def video(self) -> bool:
        return self.width > 0


LEVELS: tuple[Level, ...] = (
    Level("720p30", 1280, 720, 30, 1_500_000),
    Level("480p25", 854, 480, 25, 800_000),
    Level("360p15", 640, 360, 15, 400_000),
    Level("240p10", 426, 240, 10, 250_000),  # aiortc's VP8 encoder goes no lower
    Level("audio", 0, 0, 0, 0),
)
AUDIO_ONLY = len(LEVELS) - 1
LOW_BANDWIDTH = 3  # the manual mode's best level: 240p10
AUDIO_KBPS = 64.0  # Opus and its packets, what audio alone takes of the link


@dataclass(frozen=True)
class AdaptRules:
    congested_loss: float = 0.08  # loss of what we send above this is congestion
    congested_rtt_ms: float = 1000.0
    good_loss: float = 0.02  # ...below this (and a round trip under good_rtt_ms) is good
    good_rtt_ms: float = 400.0
    down_hold: float = 1.0  # seconds between two step-downs
    up_after: float = 10.0  # seconds of good readings before a step up
    up_after_max: float = 80.0  # the wait doubles after each up-step that failed
    probe_seconds: float = 10.0  # congestion this soon after an up-step: the step failed


class Adapter:
    """Feed ``update(reading, now)`` about once a second; it returns the level to send."""

    def __init__(self, rules: AdaptRules | None = None, *, start: int = 0) -> None:
        self.rules = rules or AdaptRules()
        self.index = start
        self.low_bandwidth = False
        self._changed_at: float | None = None
        self._good_since: float | None = None
        self._up_wait = self.rules.up_after
        self._stepped_up_at: float | None = None

    @property
    def level(self) -> Level:
        return LEVELS[self.index]

    def set_low_bandwidth(self, on: bool, now: float) -> Level:
        """The operator's manual mode: never above 240p10 while on."""
        self.low_bandwidth = on
        if on and self.index < LOW_BANDWIDTH:
            self._move(LOW_BANDWIDTH, now)
        return self.level

    @property
    def _best(self) -> int:
        return LOW_BANDWIDTH if self.low_bandwidth else 0

    def update(self, reading: LinkQuality, now: float) -> Level:
        r = self.rules
        rtt = reading.rtt_ms
        if reading.send_kbps <= 0:
            # Nothing went out (an outage: reconnection's business), no evidence either way.
            self._good_since = None
            return self.level
        congested = reading.send_loss > r.congested_loss or (
            rtt is not None and rtt > r.congested_rtt_ms
        )
        good = reading.send_loss < r.good_loss and (rtt is None or rtt < r.good_rtt_ms)
        if congested:
            self._good_since = None
            if self._stepped_up_at is not None and now - self._stepped_up_at < r.probe_seconds:
                self._up_wait = min(self._up_wait * 2, r.up_after_max)
            self._stepped_up_at = None
            if self.index < AUDIO_ONLY and (
                self._changed_at is None or now - self._changed_at >= r.down_hold
            ):
                self._move(self._fitting(reading), now)
            return self.level
        if self._stepped_up_at is not None and now - self._stepped_up_at >= r.probe_seconds:
            self._stepped_up_at = None
            self._up_wait = r.up_after  # the step held: the next one waits the usual time
        if not good:
            self._good_since = None
            return self.level
        if self._good_since is None:
            self._good_since = now
        if self.index > self._best and now - self._good_since >= self._up_wait:
            self._move(self.index - 1, now)
            self._stepped_up_at = now
            self._good_since = now
        return self.level

    def _fitting(self, reading: LinkQuality) -> int:
        """One level down, or further when what got through cannot carry that level."""
        carried = reading.send_kbps * (1 - reading.send_loss)  # kbit/s delivered
        index = self.index + 1
        while index < AUDIO_ONLY and LEVELS[index].bitrate / 1000 + AUDIO_KBPS > carried:
            index += 1
        return index

    def _move(self, index: int, now: float) -> None:
        self.index = index
        self._changed_at = now


# -- the consult's mode, from what the call achieved ---------------------------------------
# ``better_mode`` and ``MODES`` (imported above) are protocol.vocab's: the hub keeps the
# consult's best mode by the same rule.


def achieved_mode(video_seconds: float, audio_seconds: float) -> str:
    """What a call achieved from how long the other side's pictures and sound came through
    (seconds connected with each): video when pictures flowed, audio when only sound did,
    else text (the chat, which works without media)."""
    if video_seconds > 0:
        return "video"
    if audio_seconds > 0:
        return "audio"
    return "text"
