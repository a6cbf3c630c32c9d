"""Link quality from two counter snapshots."""

from __future__ import annotations

import pytest

from desktop.core.call_quality import LinkCounters, link_quality


def snap(
    at: float, sent: int, got: int, packets: int, lost: int, frames: int, rtt: float | None
) -> LinkCounters:
    return LinkCounters(at, sent, got, packets, lost, frames, rtt)


def test_bitrates_loss_rtt_and_frame_rate() -> None:
    q = link_quality(
        snap(10, 1000, 2000, 100, 2, 50, None), snap(12, 101000, 52000, 290, 12, 110, 0.085)
    )
    assert q.send_kbps == pytest.approx(400.0)  # 100,000 bytes in 2 s
    assert q.receive_kbps == pytest.approx(200.0)
    assert q.loss == pytest.approx(10 / 200)  # 190 arrived, 10 lost
    assert q.rtt_ms == pytest.approx(85.0)
    assert q.fps == pytest.approx(30.0)


def test_an_idle_interval_and_a_count_that_went_down() -> None:
    q = link_quality(snap(0, 5, 5, 10, 3, 1, None), snap(1, 5, 5, 10, 1, 1, None))
    assert (q.send_kbps, q.receive_kbps, q.loss, q.rtt_ms, q.fps) == (0, 0, 0.0, None, 0)


def test_snapshots_out_of_order_are_refused() -> None:
    with pytest.raises(ValueError):
        link_quality(snap(2, 0, 0, 0, 0, 0, None), snap(2, 0, 0, 0, 0, 0, None))
