"""Recording a live call through the consult recorder: the spoke's camera (the patient, at the
camera's quality rather than what the network let through) and both parties' sound (the
microphone and the other side's, mixed by ``CallMixer``) into encrypted segments, each handed to
``on_segment`` (queued for the hub) as it is committed, like any consult recording.

Pictures and mixed sound are stamped on one clock (their arrival here), so a camera and a
microphone with clocks of their own still line up. The operator's *Camera off* and *Mute* hold
for the recording too: black pictures and a silent microphone while they last (the other side's
sound goes on), so nothing the operator kept out of the call is in its recording.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from desktop.media.encoders import PRESETS, Preset
from desktop.media.frames import AudioChunk, Fanout, VideoFrame
from desktop.media.journal import RecordingManifest
from desktop.media.mixer import CallMixer
from desktop.media.recorder import Recorder, Recording
from desktop.storage.blobs import BlobRef, BlobStore

# A call recording goes over the clinic's link after the call: the smallest preset (360p15).
CALL_PRESET = PRESETS["low"]


class Camera(Protocol):
    """What is recorded from (``CameraService``): its pictures and microphone."""

    frames: Fanout[VideoFrame]
    sounds: Fanout[AudioChunk]


class CallRecording:
    """``start()``, then the other side's decoded sound to ``remote_sound(frame)`` (any one
    thread), ``stop()`` (blocking: it commits the last segment) gives the manifest."""

    def __init__(
        self,
        camera: Camera,
        store: BlobStore,
        consult_id: str,
        *,
        on_segment: Callable[[BlobRef], None] | None = None,
        preset: Preset = CALL_PRESET,
        folder: Path | None = None,
        segment_seconds: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.camera = camera
        self.clock = clock
        self._video: Fanout[VideoFrame] = Fanout()
        self._audio: Fanout[AudioChunk] = Fanout()
        self.mixer = CallMixer(self._audio.publish, clock=clock)
        extra: dict[str, Any] = {}
        if segment_seconds is not None:
            extra["segment_seconds"] = segment_seconds
        self.recording = Recording(
            store,
            preset,
            folder=folder,
            on_segment=on_segment,
            consult_id=consult_id,
            **extra,
        )
        self.recorder = Recorder(self.recording, self._video, self._audio)
        self.running = False
        self.camera_on = True
        self._black: npt.NDArray[np.uint8] | None = None

    def set_camera_on(self, on: bool) -> None:
        """The operator's *Camera off* (False): black pictures from now on. Any thread."""
        self.camera_on = on

    def set_muted(self, muted: bool) -> None:
        """The operator's *Mute*: the microphone is silence in the recording. Any thread."""
        self.mixer.local_muted = muted

    def _picture(self, frame: VideoFrame) -> None:  # the capture thread
        image = frame.image
        if not self.camera_on:
            if self._black is None or self._black.shape != image.shape:
                self._black = np.zeros_like(image)
            image = self._black
        self._video.publish(VideoFrame(image, self.clock(), frame.seq))

    def start(self) -> None:
        self.recorder.start()
        self.camera.frames.subscribe(self._picture)
        self.camera.sounds.subscribe(self.mixer.add_local)
        self.running = True

    def remote_sound(self, frame: Any) -> None:
        if self.running:
            self.mixer.add_remote(frame)

    def stop(self) -> RecordingManifest | None:
        """Stop taking media and finish the last segment (waits for the recorder thread)."""
        self.running = False
        self.camera.frames.unsubscribe(self._picture)
        self.camera.sounds.unsubscribe(self.mixer.add_local)
        return self.recorder.stop()

    @property
    def error(self) -> BaseException | None:
        return self.recorder.error
