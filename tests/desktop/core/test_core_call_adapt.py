"""The adaptation rules with injected readings and clock: step down on congestion (further
when what got through cannot carry the next level), audio only, step up after a good spell,
a longer wait after an up-step that failed, the manual low-bandwidth cap."""

from __future__ import annotations

import pytest

from desktop.core.call_adapt import AUDIO_ONLY, LEVELS, Adapter, AdaptRules
from desktop.core.call_quality import LinkQuality


def q(kbps: float, loss: float = 0.0, rtt: float | None = 50.0) -> LinkQuality:
    return LinkQuality(
        send_kbps=kbps, receive_kbps=kbps, loss=0.0, rtt_ms=rtt, fps=25.0, send_loss=loss
    )


GOOD = q(1500)
LOSSY = q(1500, loss=0.12)  # congested, but most of it gets through
SLOW_RTT = q(1500, rtt=1500)
THIN = q(400, loss=0.6)  # 160 kbit/s got through: no video fits
NOTHING = q(0)

RULES = AdaptRules(down_hold=1.0, up_after=10.0, up_after_max=40.0, probe_seconds=10.0)


def run(readings: list[tuple[float, LinkQuality]], start: int = 0) -> list[str]:
    adapter = Adapter(RULES, start=start)
    return [adapter.update(reading, at).name for at, reading in readings]


@pytest.mark.parametrize(
    ("start", "readings", "expected"),
    [
        # a good link stays at the top
        (0, [(t, GOOD) for t in range(5)], ["720p30"] * 5),
        # loss steps down one level at a time, at most once per down_hold
        (
            0,
            [(0, LOSSY), (0.5, LOSSY), (1.0, LOSSY), (2.0, LOSSY), (3.0, LOSSY), (4.0, LOSSY)],
            ["480p25", "480p25", "360p15", "240p10", "audio", "audio"],
        ),
        # a long round trip is congestion too
        (0, [(0, SLOW_RTT)], ["480p25"]),
        # what got through cannot carry any video: straight to audio only
        (0, [(0, THIN)], ["audio"]),
        (1, [(0, q(700, loss=0.1))], ["360p15"]),  # 630 kbit/s carries 360p15, not 480p25
        # nothing sent (an outage): no step either way
        (2, [(0, NOTHING), (20, NOTHING)], ["360p15", "360p15"]),
        # hysteresis: up one level after up_after seconds of good readings, then again
        (
            2,
            [(0, GOOD), (5, GOOD), (10, GOOD), (15, GOOD), (20, GOOD), (30, GOOD)],
            ["360p15", "360p15", "480p25", "480p25", "720p30", "720p30"],
        ),
        # a reading that is neither good nor congested restarts the good spell
        (2, [(0, GOOD), (9, q(1500, loss=0.05)), (10, GOOD), (19, GOOD)], ["360p15"] * 4),
        # from audio only, back to the lowest video first
        (AUDIO_ONLY, [(0, q(60)), (10, q(60))], ["audio", "240p10"]),
    ],
)
def test_decisions(
    start: int, readings: list[tuple[float, LinkQuality]], expected: list[str]
) -> None:
    assert run(readings, start) == expected


def test_a_failed_up_step_doubles_the_wait() -> None:
    adapter = Adapter(RULES, start=AUDIO_ONLY)
    assert adapter.update(q(60), 0).name == "audio"
    assert adapter.update(q(60), 10).name == "240p10"  # probe
    assert adapter.update(THIN, 11).name == "audio"  # it failed within probe_seconds
    assert adapter.update(q(60), 12).name == "audio"
    assert adapter.update(q(60), 31).name == "audio"  # 19 s good: the wait is now 20 s
    assert adapter.update(q(60), 32).name == "240p10"
    assert adapter.update(THIN, 33).name == "audio"  # failed again: 40 s (the cap)
    assert adapter.update(q(60), 34).name == "audio"
    assert adapter.update(q(60), 73).name == "audio"
    assert adapter.update(q(60), 74).name == "240p10"
    # it held for probe_seconds: the next step waits the usual up_after again (not 40 s)
    assert adapter.update(GOOD, 83).name == "240p10"
    assert adapter.update(GOOD, 84).name == "360p15"


def test_low_bandwidth_mode_caps_the_level() -> None:
    adapter = Adapter(RULES)
    assert adapter.set_low_bandwidth(True, 0).name == "240p10"
    assert [adapter.update(GOOD, t).name for t in (0, 10, 20, 30)] == ["240p10"] * 4
    assert adapter.update(THIN, 31).name == "audio"  # it still steps down
    adapter.set_low_bandwidth(False, 32)
    readings = [adapter.update(GOOD, t).name for t in (32, 42, 52, 62, 72)]
    assert readings == ["audio", "240p10", "360p15", "480p25", "720p30"]


def test_levels_go_down_in_resolution_rate_and_bitrate() -> None:
    video = [level for level in LEVELS if level.video]
    for better, worse in zip(video, video[1:], strict=False):
        assert worse.height < better.height
        assert worse.fps < better.fps
        assert worse.bitrate < better.bitrate
    assert not LEVELS[AUDIO_ONLY].video
