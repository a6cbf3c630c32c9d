"""How well a call's link carries it, from two snapshots of its counters: bitrates each way,
packet loss, round-trip time, remote frame rate. Pure arithmetic; the call runtime reads the
counters from WebRTC statistics. The base for the quality indicator and step-down rules.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LinkCounters:
    """Cumulative counters of one peer connection at one moment."""

    at: float  # seconds, a monotonic clock
    bytes_sent: int
    bytes_received: int
    packets_received: int  # media packets from the other side
    packets_lost: int  # ...that never arrived (as counted by this receiver)
    video_frames: int  # remote pictures decoded
    rtt: float | None  # seconds, the latest round trip the other side reported; None yet
    packets_sent: int = 0  # media packets we sent
    sent_lost: int = 0  # ...that the other side reports lost (its RTCP receiver reports)


@dataclass(frozen=True)
class LinkQuality:
    send_kbps: float
    receive_kbps: float
    loss: float  # 0..1 of the packets expected in the interval
    rtt_ms: float | None
    fps: float  # remote pictures per second
    send_loss: float = 0.0  # 0..1 of what we sent in the interval, as the other side reports


def link_quality(before: LinkCounters, after: LinkCounters) -> LinkQuality:
    """The link over the interval between two snapshots (``after`` later than ``before``)."""
    seconds = after.at - before.at
    if seconds <= 0:
        raise ValueError("the second snapshot must be later than the first")
    received = max(0, after.packets_received - before.packets_received)
    lost = max(0, after.packets_lost - before.packets_lost)  # duplicates may lower the count
    expected = received + lost
    sent = max(0, after.packets_sent - before.packets_sent)
    sent_lost = min(sent, max(0, after.sent_lost - before.sent_lost))
    return LinkQuality(
        send_kbps=max(0, after.bytes_sent - before.bytes_sent) * 8 / 1000 / seconds,
        receive_kbps=max(0, after.bytes_received - before.bytes_received) * 8 / 1000 / seconds,
        loss=lost / expected if expected else 0.0,
        rtt_ms=after.rtt * 1000 if after.rtt is not None else None,
        fps=max(0, after.video_frames - before.video_frames) / seconds,
        send_loss=sent_lost / sent if sent else 0.0,
    )
