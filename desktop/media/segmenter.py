"""One recording segment: H.264 + AAC muxed as fragmented MP4 straight into a byte sink.

The sink is an encrypted blob writer; PyAV muxes into it as a non-seekable file object,
so the MP4 bytes exist only in memory on their way into the age stream.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Protocol

import av
import av.audio.stream
import av.video.stream
import numpy as np
import numpy.typing as npt

from desktop.media.encoders import SOFTWARE_ENCODER, Preset, pixel_format, x264_options

MOVFLAGS = "frag_keyframe+empty_moov+default_base_moof"
AUDIO_FRAME = 1024  # AAC frame length in samples
CLOCK = 48_000  # ticks per second of both streams' encoder time base
# AAC's encoder delay: its first packet starts one frame before the first sample. Every
# timestamp in a segment is moved this much later so none is negative. The MP4 muxer then
# still moves the whole segment so its earliest packet starts at zero; ``offset`` says by
# how much, and readers add it to decoded times.
LEAD_TICKS = AUDIO_FRAME


class ByteSink(Protocol):
    def write(self, data: bytes) -> int: ...


class _WriteOnly:
    """Hides seek/tell so the muxer treats the sink as a stream and never seeks back."""

    def __init__(self, sink: ByteSink) -> None:
        self._sink = sink
        self.written = 0

    def write(self, data: bytes) -> int:
        self._sink.write(data)
        self.written += len(data)
        return len(data)


class SegmentEncoder:
    """Encodes one segment. Times are in frames (video) and samples (audio) from its start."""

    def __init__(
        self,
        sink: ByteSink,
        preset: Preset,
        width: int,
        height: int,
        *,
        encoder: str = SOFTWARE_ENCODER,
        sample_rate: int | None = 48_000,
    ) -> None:
        self._out = _WriteOnly(sink)
        self.container = av.open(self._out, mode="w", format="mp4", options={"movflags": MOVFLAGS})
        self.fps = preset.fps
        video = self.container.add_stream(encoder, rate=preset.fps)
        assert isinstance(video, av.video.stream.VideoStream)
        video.width, video.height = width, height
        video.pix_fmt = pixel_format(encoder)
        video.bit_rate = preset.video_bitrate
        ctx = video.codec_context
        ctx.time_base = Fraction(1, CLOCK)
        ctx.gop_size = preset.fps  # a fragment (and a seek point) every second
        ctx.thread_type = "AUTO"  # frame+slice threads; must be set before the codec opens
        if encoder == SOFTWARE_ENCODER:
            ctx.options = x264_options(preset)
        self.video = video
        self.audio: av.audio.stream.AudioStream | None = None
        if sample_rate is not None:
            audio = self.container.add_stream("aac", rate=sample_rate, layout="mono")
            assert isinstance(audio, av.audio.stream.AudioStream)
            audio.bit_rate = preset.audio_bitrate
            self.audio = audio
        self.sample_rate = sample_rate or 0
        self.video_frames = 0
        self.audio_samples = 0
        self._last_pts = -1
        self._first_ticks: int | None = None
        self.first_video: float | None = None  # seconds from the segment start

    def _seen(self, first_packet_ticks: int) -> None:
        if self._first_ticks is None or first_packet_ticks < self._first_ticks:
            self._first_ticks = first_packet_ticks

    @property
    def offset(self) -> float:
        """Seconds to add to a decoded time to get the time since the segment's start."""
        return ((self._first_ticks or 0) - LEAD_TICKS) / CLOCK

    def add_video(self, i420: npt.NDArray[np.uint8], pts: int) -> None:
        """One frame already in I420 layout ((h*3/2) x w), at ``pts`` frames from the start."""
        if pts <= self._last_pts:
            return
        if self.first_video is None:
            self.first_video = pts / self.fps
        if i420.flags.c_contiguous:
            # Zero-copy: the frame wraps the array (a fresh one per picture, never written
            # afterwards). from_ndarray would copy 1.4 MB per 720p picture, ~5 % of the CPU.
            frame = av.VideoFrame.from_numpy_buffer(i420, format="yuv420p")
        else:
            frame = av.VideoFrame.from_ndarray(i420, format="yuv420p")
        frame.pts = LEAD_TICKS + pts * CLOCK // self.fps
        frame.time_base = Fraction(1, CLOCK)
        self._seen(frame.pts)
        self._last_pts = pts
        self.video_frames += 1
        for packet in self.video.encode(frame):
            self.container.mux(packet)

    def add_audio(self, samples: npt.NDArray[np.float32], pts: int) -> None:
        """``AUDIO_FRAME`` mono samples starting ``pts`` samples after the segment start."""
        if self.audio is None:
            return
        frame = av.AudioFrame.from_ndarray(samples.reshape(1, -1), format="fltp", layout="mono")
        frame.sample_rate = self.sample_rate
        frame.pts = LEAD_TICKS + pts * CLOCK // self.sample_rate
        frame.time_base = Fraction(1, CLOCK)
        self._seen(frame.pts - LEAD_TICKS)  # the encoder's first packet is one frame early
        self.audio_samples += len(samples)
        for packet in self.audio.encode(frame):
            self.container.mux(packet)

    def close(self) -> int:
        """Flush the encoders and write the trailer; returns the bytes written."""
        for packet in self.video.encode(None):
            self.container.mux(packet)
        if self.audio is not None:
            for packet in self.audio.encode(None):
                self.container.mux(packet)
        self.container.close()
        return self._out.written

    def abort(self) -> None:
        try:
            self.container.close()
        except av.error.FFmpegError:
            pass
