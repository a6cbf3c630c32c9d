"""A call's recording through the consult recorder (issue 16): the camera's pictures and the
mixed sound in encrypted segments, each handed on as it is committed; the operator's *Camera
off* and *Mute* hold for the recording (black pictures, a silent microphone) while the other
side's sound goes on."""

from __future__ import annotations

import io
from pathlib import Path
from types import SimpleNamespace

import av
import numpy as np
import numpy.typing as npt

from desktop.media.call_recording import CallRecording
from desktop.media.frames import AudioChunk, Fanout, VideoFrame
from desktop.media.mixer import RATE
from desktop.storage.blobs import BlobRef, BlobStore
from tests.helpers.waiting import wait_for

FPS = 15


class Clock:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


def tone(frequency: float, start: int, n: int) -> npt.NDArray[np.float32]:
    return (np.sin(2 * np.pi * frequency * (start + np.arange(n)) / RATE) * 0.3).astype(np.float32)


def decode(store: BlobStore, ref_id: str) -> tuple[list[float], npt.NDArray[np.float32]]:
    """Mean brightness of each picture and the sound of one segment."""
    pictures: list[float] = []
    sound: list[npt.NDArray[np.float32]] = []
    with av.open(io.BytesIO(store.read_all(ref_id)), mode="r", format="mp4") as container:
        for frame in container.decode(video=0, audio=0):
            if isinstance(frame, av.VideoFrame):
                pictures.append(float(frame.to_ndarray(format="gray").mean()))
            else:
                sound.append(frame.to_ndarray().reshape(-1))
    return pictures, np.concatenate(sound)


def test_camera_off_and_mute_hold_for_the_recording(store: BlobStore, tmp_path: Path) -> None:
    camera = SimpleNamespace(frames=Fanout[VideoFrame](), sounds=Fanout[AudioChunk]())
    committed: list[BlobRef] = []
    clock = Clock()
    recording = CallRecording(
        camera,  # type: ignore[arg-type]
        store,
        "c" * 32,
        on_segment=committed.append,
        folder=tmp_path,
        segment_seconds=1.0,
        clock=clock,
    )
    recording.start()
    bright = np.full((240, 320, 3), 200, np.uint8)
    step = RATE // FPS
    for i in range(2 * FPS):  # two one-second segments
        if i == FPS:  # the second: the operator turns the camera off and mutes
            recording.set_camera_on(False)
            recording.set_muted(True)
        clock.t = i / FPS
        camera.frames.publish(VideoFrame(bright, 123.0 + i, i))
        clock.t = (i + 1) / FPS
        camera.sounds.publish(AudioChunk(tone(440, i * step, step), RATE, 0.0))
        recording.mixer.add_remote_samples(tone(880, i * step, step))  # the doctor goes on
        wait_for(lambda i=i: recording.recording.elapsed >= (i + 1) / FPS, timeout=30)
    manifest = recording.stop()
    assert manifest is not None and recording.error is None
    assert [s.blob_id for s in manifest.segments] == [r.blob_id for r in committed]
    assert len(committed) == 2
    first, second = (decode(store, r.blob_id) for r in committed)
    assert min(first[0]) > 100 and max(second[0]) < 20  # black while the camera is off

    def power(samples: npt.NDArray[np.float32], frequency: float) -> float:
        spectrum = np.abs(np.fft.rfft(samples * np.hanning(len(samples)))) ** 2
        freqs = np.fft.rfftfreq(len(samples), 1 / RATE)
        return float(spectrum[np.abs(freqs - frequency) < 15].sum() / spectrum.sum())

    heard, muted = first[1][RATE // 4 :], second[1][RATE // 4 :]
    assert power(heard, 440) > 0.2 and power(heard, 880) > 0.2
    assert power(muted, 440) < 0.02 and power(muted, 880) > 0.5  # the doctor only
