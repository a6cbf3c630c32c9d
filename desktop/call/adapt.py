"""Applies the adaptation rules (``desktop.core.call_adapt``) to a running call: once a
second it reads the link from WebRTC statistics, asks the ``Adapter`` for the level, and
sends that level.

What aiortc lets us set: it has no ``RTCRtpSender.setParameters`` (no maxBitrate, no
scaleResolutionDownBy); its VP8/H.264 encoders take their bitrate from ``target_bitrate``,
which only the receiver's REMB sets. So resolution and frame rate are applied in our own
track (``AdaptiveVideoTrack`` scales and drops the source's frames, and sends nothing while
audio only), and the bitrate by capping the sender's encoder ``target_bitrate`` after each
reading (the private encoder object is reached by name; when an aiortc version hides it, the
cap is skipped and the scaled frames alone lower the bitrate).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Any

from aiortc import MediaStreamTrack
from av import VideoFrame

from desktop.call.peer import CallPeer
from desktop.core.call_adapt import LEVELS, Adapter, Level
from desktop.core.call_quality import LinkCounters, LinkQuality, link_quality

log = logging.getLogger("spoke.call")


class AdaptiveVideoTrack(MediaStreamTrack):
    """The camera's frames at the level's resolution (never above the source's) and frame
    rate; while the level is audio only it reads and drops the source's frames and sends
    none. ``sent_size`` is the last picture's (width, height), (0, 0) before any."""

    kind = "video"

    def __init__(self, source: MediaStreamTrack, level: Level = LEVELS[0]) -> None:
        super().__init__()
        self.source = source
        self.level = level
        self.sent_size = (0, 0)
        self.sent_frames = 0
        self._next_due: float | None = None  # source time of the next frame to pass

    def set_level(self, level: Level) -> None:
        if level != self.level:
            self.level = level
            self._next_due = None

    async def recv(self) -> Any:
        while True:
            frame = await self.source.recv()
            level = self.level
            if not isinstance(frame, VideoFrame):
                return frame  # not a picture: nothing to adapt
            if not level.video:
                self._next_due = None
                continue
            base = frame.time_base
            at = float(frame.pts * base) if frame.pts is not None and base else time.monotonic()
            if self._next_due is not None and at < self._next_due - 0.002:
                continue  # over the level's frame rate
            step = 1 / level.fps
            self._next_due = at + step if self._next_due is None else max(self._next_due + step, at)
            out = self._scaled(frame, level)
            self.sent_size = (out.width, out.height)
            self.sent_frames += 1
            return out

    @staticmethod
    def _scaled(frame: VideoFrame, level: Level) -> VideoFrame:
        if frame.height <= level.height:
            return frame
        height = level.height - level.height % 2
        width = round(frame.width * height / frame.height / 2) * 2
        out = frame.reformat(width=width, height=height)
        out.pts = frame.pts
        out.time_base = frame.time_base
        return out

    def stop(self) -> None:
        super().stop()
        self.source.stop()


def cap_encoder_bitrate(peer: CallPeer, bitrate: int, *, exact: bool = False) -> int | None:
    """Caps the video encoder's target at ``bitrate`` (sets it to ``bitrate`` when
    ``exact``: a new level; the receiver's REMB lowers it again if it estimates less); the
    target after that, or None when there is no encoder yet (or aiortc hides it)."""
    for sender in peer.pc.getSenders():
        if sender.track is None or sender.track.kind != "video":
            continue
        encoder = getattr(sender, "_RTCRtpSender__encoder", None)
        if encoder is None or not hasattr(encoder, "target_bitrate"):
            return None
        if bitrate and (exact or encoder.target_bitrate > bitrate):
            encoder.target_bitrate = bitrate
        return int(encoder.target_bitrate)
    return None


async def video_bytes_sent(peer: CallPeer) -> int:
    """Bytes of video RTP sent so far (outbound statistics of the video sender)."""
    total = 0
    for sender in peer.pc.getSenders():
        if sender.track is None or sender.track.kind != "video":
            continue
        for stats in (await sender.getStats()).values():
            if stats.type == "outbound-rtp":
                total += stats.bytesSent or 0
    return total


class CallAdaptation:
    """``await run()`` beside the call session: every ``interval`` seconds a reading of
    ``peer()`` (the session's current peer: reconnection replaces it) goes to the adapter
    and the level goes to ``track`` and the encoder. ``on_level`` hears each change (on the
    loop). ``active()`` false (the call is not connected: an outage is reconnection's
    business, and a lost link reports no loss) skips the reading. ``clock`` is injectable."""

    def __init__(
        self,
        peer: Callable[[], CallPeer],
        track: AdaptiveVideoTrack,
        adapter: Adapter | None = None,
        *,
        interval: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
        on_level: Callable[[Level], None] | None = None,
        active: Callable[[], bool] = lambda: True,
    ) -> None:
        self.peer = peer
        self.active = active
        self.track = track
        self.adapter = adapter or Adapter()
        self.interval = interval
        self.clock = clock
        self.on_level = on_level
        self.encoder_bitrate: int | None = None
        self.last_reading: LinkQuality | None = None
        track.set_level(self.adapter.level)

    def set_low_bandwidth(self, on: bool) -> None:
        """The manual low-bandwidth mode (call it on the loop)."""
        self._apply(self.adapter.set_low_bandwidth(on, self.clock()))

    def apply_reading(self, quality: LinkQuality) -> Level:
        """One reading of the link (what ``run`` takes once a second) to the adapter, and
        its level applied. Call it on the loop."""
        level = self.adapter.update(quality, self.clock())
        self._apply(level)
        return level

    def _apply(self, level: Level) -> None:
        changed = level != self.track.level
        self.track.set_level(level)
        self.encoder_bitrate = cap_encoder_bitrate(self.peer(), level.bitrate, exact=changed)
        if changed:
            log.info("call sends %s", level.name)
            if self.on_level is not None:
                self.on_level(level)

    async def run(self) -> None:
        before: LinkCounters | None = None
        current: CallPeer | None = None
        while True:
            await asyncio.sleep(self.interval)
            peer = self.peer()
            if peer is not current or not self.active():
                current, before = peer, None  # a new connection's counters start again
                continue
            try:
                after = await peer.counters()
                if before is not None and after.at > before.at:
                    self.last_reading = link_quality(before, after)
                    self.apply_reading(self.last_reading)
            except (AttributeError, KeyError, RuntimeError):  # a closing connection's statistics
                before = None
                continue
            except Exception as exc:  # noqa: BLE001 -- one bad reading must not end adaptation
                # An unexpected error here used to end this task silently: the call then
                # stayed at its level (audio only after a throttle) for the rest of the call.
                log.warning("call link reading failed (%s); trying again", type(exc).__name__)
                before = None
                continue
            before = after
