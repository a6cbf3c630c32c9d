"""One WebRTC peer connection (aiortc) on the call runtime's loop: local video and audio
from the tracks it is given, remote frames to a callback, mute and camera off, end.

Mute and camera off keep the tracks flowing and send silence / a black picture instead (a
WebRTC "disabled" track): the other side keeps its decoder and timing, and nothing of the
room is sent while off.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from typing import Any

import numpy as np
from aiortc import (
    MediaStreamTrack,
    RTCConfiguration,
    RTCIceServer,
    RTCIceTransportPolicy,
    RTCPeerConnection,
    RTCSessionDescription,
)
from aiortc.mediastreams import MediaStreamError
from aiortc.sdp import candidate_from_sdp
from aiortc.stats import (
    RTCInboundRtpStreamStats,
    RTCOutboundRtpStreamStats,
    RTCRemoteInboundRtpStreamStats,
    RTCTransportStats,
)
from av import AudioFrame, VideoFrame

from desktop.core.call_quality import LinkCounters

log = logging.getLogger("spoke.call")

FrameHandler = Callable[[str, Any], None]  # (kind "video" | "audio", av frame)
StateHandler = Callable[[str], None]  # RTCPeerConnection.connectionState


class SwitchableTrack(MediaStreamTrack):
    """Relays a source track; while disabled it sends black frames or silence instead."""

    def __init__(self, source: MediaStreamTrack) -> None:
        super().__init__()
        self.kind = source.kind
        self.source = source
        self.enabled = True

    async def recv(self) -> Any:
        frame = await self.source.recv()
        if self.enabled:
            return frame
        return _blank(frame)

    def stop(self) -> None:
        super().stop()
        self.source.stop()


_SAMPLE_TYPES = {"s16": np.int16, "s32": np.int32, "flt": np.float32, "dbl": np.float64}


def _blank(frame: Any) -> Any:
    """A black picture or silence in place of ``frame``, with its timing."""
    out: VideoFrame | AudioFrame
    if isinstance(frame, VideoFrame):
        black = np.zeros((frame.height, frame.width, 3), np.uint8)
        out = VideoFrame.from_ndarray(black, format="bgr24")
    elif isinstance(frame, AudioFrame):
        channels = len(frame.layout.channels)
        name = frame.format.name
        packed = frame.format.is_packed
        shape = (1, frame.samples * channels) if packed else (channels, frame.samples)
        dtype = _SAMPLE_TYPES[name.removesuffix("p")]
        audio = AudioFrame.from_ndarray(
            np.zeros(shape, dtype), format=name, layout=frame.layout.name
        )
        audio.sample_rate = frame.sample_rate
        out = audio
    else:
        return frame
    out.pts = frame.pts
    out.time_base = frame.time_base
    return out


def rtc_configuration(ice: dict[str, Any] | None, *, relay_only: bool = False) -> RTCConfiguration:
    """The hub's ``GET /ice-servers`` answer as aiortc's configuration; ``relay_only`` makes
    ICE use TURN relay candidates only (iceTransportPolicy "relay")."""
    servers = []
    for entry in (ice or {}).get("ice_servers", []):
        if not isinstance(entry, dict) or not entry.get("urls"):
            continue
        servers.append(
            RTCIceServer(
                urls=list(entry["urls"]),
                username=entry.get("username"),
                credential=entry.get("credential"),
            )
        )
    policy = RTCIceTransportPolicy.RELAY if relay_only else RTCIceTransportPolicy.ALL
    return RTCConfiguration(iceServers=servers, iceTransportPolicy=policy)


class CallPeer:
    """Create it on the runtime's loop. ``on_frame`` gets every decoded remote frame and
    ``on_state`` every connection state ("connecting", "connected", "disconnected",
    "failed", "closed"), both on the loop."""

    def __init__(
        self,
        *,
        video: MediaStreamTrack | None,
        audio: MediaStreamTrack | None,
        ice: dict[str, Any] | None = None,
        on_frame: FrameHandler | None = None,
        on_state: StateHandler | None = None,
        relay_only: bool = False,
    ) -> None:
        self.pc = RTCPeerConnection(rtc_configuration(ice, relay_only=relay_only))
        self.video = SwitchableTrack(video) if video is not None else None
        self.audio = SwitchableTrack(audio) if audio is not None else None
        for track in (self.audio, self.video):
            if track is not None:
                self.pc.addTrack(track)
        self.on_frame = on_frame
        self.on_state = on_state
        self._readers: set[asyncio.Task[None]] = set()
        self.last_frame_at: float | None = None  # time.monotonic() of the last remote frame
        self.video_frames = 0  # remote pictures decoded so far
        self.pc.on("track", self._on_track)
        self.pc.on("connectionstatechange", self._on_connection_state)

    # -- negotiation -------------------------------------------------------------------
    async def offer(self) -> dict[str, str]:
        await self.pc.setLocalDescription(await self.pc.createOffer())
        return self._local()

    async def answer(self, offer: dict[str, Any]) -> dict[str, str]:
        await self.pc.setRemoteDescription(RTCSessionDescription(offer["sdp"], "offer"))
        await self.pc.setLocalDescription(await self.pc.createAnswer())
        return self._local()

    async def accept_answer(self, answer: dict[str, Any]) -> None:
        await self.pc.setRemoteDescription(RTCSessionDescription(answer["sdp"], "answer"))

    async def add_candidate(self, message: dict[str, Any]) -> None:
        """A trickled candidate ({"candidate": "candidate:...", "sdpMid", "sdpMLineIndex"});
        aiortc itself puts its candidates in the SDP, other clients may trickle."""
        text = str(message.get("candidate") or "")
        if not text:  # the sender's end of candidates
            await self.pc.addIceCandidate(None)
            return
        candidate = candidate_from_sdp(text.removeprefix("candidate:"))
        candidate.sdpMid = message.get("sdpMid")
        candidate.sdpMLineIndex = message.get("sdpMLineIndex")
        await self.pc.addIceCandidate(candidate)

    def _local(self) -> dict[str, str]:
        desc = self.pc.localDescription
        return {"type": desc.type, "sdp": desc.sdp}

    # -- controls ----------------------------------------------------------------------
    def set_muted(self, muted: bool) -> None:
        if self.audio is not None:
            self.audio.enabled = not muted

    def set_camera_on(self, on: bool) -> None:
        if self.video is not None:
            self.video.enabled = on

    async def counters(self) -> LinkCounters:
        """The link's cumulative counters now, from WebRTC statistics (``link_quality`` of
        two snapshots gives bitrates, loss, round trip and frame rate)."""
        report = await self.pc.getStats()
        sent = received = packets = lost = packets_sent = sent_lost = 0
        rtts = []
        for stats in report.values():
            # A field may still be None before the first report of its kind.
            if isinstance(stats, RTCTransportStats):
                sent += stats.bytesSent or 0
                received += stats.bytesReceived or 0
            elif isinstance(stats, RTCInboundRtpStreamStats):
                packets += stats.packetsReceived or 0
                lost += stats.packetsLost or 0
            elif isinstance(stats, RTCOutboundRtpStreamStats):
                packets_sent += stats.packetsSent or 0
            elif isinstance(stats, RTCRemoteInboundRtpStreamStats):
                sent_lost += max(0, stats.packetsLost or 0)
                if stats.roundTripTime is not None:
                    rtts.append(stats.roundTripTime)
        return LinkCounters(
            at=time.monotonic(),
            bytes_sent=sent,
            bytes_received=received,
            packets_received=packets,
            packets_lost=lost,
            video_frames=self.video_frames,
            rtt=max(rtts) if rtts else None,
            packets_sent=packets_sent,
            sent_lost=sent_lost,
        )

    @property
    def state(self) -> str:
        return str(self.pc.connectionState)

    async def close(self) -> None:
        await self.pc.close()
        for task in list(self._readers):
            task.cancel()
        for task in list(self._readers):
            with contextlib.suppress(asyncio.CancelledError):
                await task

    # -- remote media ------------------------------------------------------------------
    def _on_track(self, track: MediaStreamTrack) -> None:
        task = asyncio.ensure_future(self._read(track))
        self._readers.add(task)
        task.add_done_callback(self._readers.discard)

    async def _read(self, track: MediaStreamTrack) -> None:
        while True:
            try:
                frame = await track.recv()
            except MediaStreamError:
                return
            self.last_frame_at = time.monotonic()
            if track.kind == "video":
                self.video_frames += 1
            if self.on_frame is not None:
                self.on_frame(track.kind, frame)

    def _on_connection_state(self) -> None:
        log.info("call media %s", self.pc.connectionState)
        if self.on_state is not None:
            self.on_state(self.pc.connectionState)
