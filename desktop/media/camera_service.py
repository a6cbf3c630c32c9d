"""The camera service: owns the camera and microphone capture threads for the whole app.

Whoever needs the camera (the Camera page's preview, the registration photo, QR scanning, a
recording, a live call) acquires it under a name; the devices open with the first holder and
close when the last one releases, so the camera is opened once whatever page is shown.
Consumers subscribe to ``frames``/``sounds``/``status``/``running``, which outlive the
capture threads (a device switch or a close does not drop the subscriptions).
Qt-free: callbacks run on the capture threads or on the caller's thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from desktop import logs
from desktop.media.capture import CaptureStatus, CaptureThread, audio_capture, video_capture
from desktop.media.frames import AudioChunk, Fanout, VideoFrame
from desktop.media.sources import AudioSource, VideoSource

log = logs.get("media")

SourceChoice = Callable[[], tuple[VideoSource, AudioSource | None]]


class CameraService:
    """One camera (and microphone) shared by every consumer.

    ``choose`` gives the sources to open when the first holder arrives (the operator's saved
    choice); ``open(video, audio)`` switches to other sources now.
    """

    def __init__(self, choose: SourceChoice | None = None) -> None:
        self.choose = choose
        self.frames: Fanout[VideoFrame] = Fanout()
        self.sounds: Fanout[AudioChunk] = Fanout()
        self.status: Fanout[CaptureStatus] = Fanout()
        self.running: Fanout[bool] = Fanout()  # True when the devices open, False when closed
        self.video: CaptureThread[VideoFrame] | None = None
        self.audio: CaptureThread[AudioChunk] | None = None
        self._holders: set[str] = set()
        self._lock = threading.RLock()

    # -- holders --------------------------------------------------------------------------
    def acquire(self, who: str) -> None:
        """``who`` needs the camera: it opens with the chosen sources unless it runs."""
        with self._lock:
            self._holders.add(who)
            if self.video is None and self.choose is not None:
                self.open(*self.choose())

    def release(self, who: str) -> None:
        """``who`` is done; the devices close once nobody holds them."""
        with self._lock:
            self._holders.discard(who)
            if not self._holders:
                self.close()

    @property
    def holders(self) -> frozenset[str]:
        with self._lock:
            return frozenset(self._holders)

    @property
    def is_open(self) -> bool:
        return self.video is not None

    def latest_frame(self) -> VideoFrame | None:
        """The newest picture (BGR ``image``), or None when the camera is closed. Any thread."""
        video = self.video
        return video.latest if video is not None else None

    # -- devices --------------------------------------------------------------------------
    def open(self, video: VideoSource, audio: AudioSource | None = None) -> None:
        """Capture from these sources now (closing the ones open before)."""
        with self._lock:
            self._stop_threads()
            self.video = video_capture(video)
            self.video.media.subscribe(self.frames.publish)
            self.video.status.subscribe(self.status.publish)
            self.video.start()
            if audio is not None:
                self.audio = audio_capture(audio)
                self.audio.media.subscribe(self.sounds.publish)
                self.audio.start()
            log.info("camera service: open (%d holder(s))", len(self._holders))
        self.running.publish(True)

    def switch_video(self, video: VideoSource) -> None:
        """Another camera now, the microphone kept (a call in progress switches camera: its
        track is subscribed to ``frames``, which outlive the device, so it carries on with the
        new pictures)."""
        with self._lock:
            if self.video is None:
                return  # closed: the next ``acquire`` opens the chosen sources
            old, self.video = self.video, None
            old.media.unsubscribe(self.frames.publish)
            old.status.unsubscribe(self.status.publish)
            old.stop(timeout=0.5)
            self.video = video_capture(video)
            self.video.media.subscribe(self.frames.publish)
            self.video.status.subscribe(self.status.publish)
            self.video.start()
            log.info("camera service: camera switched")

    def close(self) -> None:
        """Close the devices (the holders stay listed: the next ``acquire`` reopens)."""
        with self._lock:
            if self.video is None and self.audio is None:
                return
            self._stop_threads()
            log.info("camera service: closed")
        self.running.publish(False)

    def _stop_threads(self) -> None:
        video, audio = self.video, self.audio
        self.video = self.audio = None
        # Unsubscribed first: a late picture or status of the old device reaches nobody.
        if video is not None:
            video.media.unsubscribe(self.frames.publish)
            video.status.unsubscribe(self.status.publish)
        if audio is not None:
            audio.media.unsubscribe(self.sounds.publish)
        for cap in (video, audio):
            if cap is not None:
                # Do not wait long for a driver stuck in a read: the thread ends by itself,
                # and a camera reopened meanwhile reports "busy" until it has.
                cap.stop(timeout=0.5)
