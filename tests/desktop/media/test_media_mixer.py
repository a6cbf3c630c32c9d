"""The call recording's sound: the microphone and the other side's decoded sound, resampled to
48 kHz mono and added, paced by the microphone (issue 16)."""

from __future__ import annotations

import av
import numpy as np
import numpy.typing as npt

from desktop.media.frames import AudioChunk
from desktop.media.mixer import RATE, CallMixer


def tone(
    frequency: float, start: int, n: int, rate: int, level: float = 0.3
) -> npt.NDArray[np.float32]:
    t = (start + np.arange(n)) / rate
    return (np.sin(2 * np.pi * frequency * t) * level).astype(np.float32)


def stereo_frame(frequency: float, start: int, n: int, rate: int) -> av.AudioFrame:
    """What the call's Opus decoder hands over: interleaved stereo s16."""
    mono = (tone(frequency, start, n, rate) * 32767).astype(np.int16)
    frame = av.AudioFrame.from_ndarray(
        np.repeat(mono, 2).reshape(1, -1), format="s16", layout="stereo"
    )
    frame.sample_rate = rate
    return frame


def power_at(samples: npt.NDArray[np.float32], frequency: float) -> float:
    """The share of the signal's power within 10 Hz of ``frequency``."""
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(len(samples)))) ** 2
    freqs = np.fft.rfftfreq(len(samples), 1 / RATE)
    return float(spectrum[np.abs(freqs - frequency) < 10].sum() / spectrum.sum())


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_both_parties_tones_in_one_track_at_48k() -> None:
    out: list[AudioChunk] = []
    clock = Clock()
    mixer = CallMixer(out.append, clock=clock)
    # The microphone at 16 kHz (a headset), the other side as decoded Opus: 48 kHz stereo.
    for i in range(100):  # 2 s of 20 ms chunks, the other side's frame first each time
        mixer.add_remote(stereo_frame(880, i * 960, 960, 48_000))
        mixer.add_local(AudioChunk(tone(440, i * 320, 320, 16_000), 16_000, 0.0))
        clock.now += 0.02
    assert all(c.sample_rate == RATE for c in out)
    mixed = np.concatenate([c.samples for c in out])
    assert abs(len(mixed) - 2 * RATE) < 0.05 * RATE  # paced by the microphone
    steady = mixed[RATE // 2 :]
    assert power_at(steady, 440) > 0.3 and power_at(steady, 880) > 0.3
    assert float(np.abs(steady).max()) <= 1.0
    times = [c.time for c in out]
    assert times == sorted(times)  # stamped on the recorder's clock, in order


def test_a_burst_of_the_other_sides_sound_loses_its_oldest_part() -> None:
    out: list[AudioChunk] = []
    clock = Clock()
    mixer = CallMixer(out.append, max_lag=0.5, clock=clock)
    mixer.add_local(AudioChunk(np.zeros(960, np.float32), RATE, 0.0))
    mixer.add_remote_samples(np.full(RATE, 0.1, np.float32))  # a second at once
    assert mixer.dropped == RATE // 2
    clock.now += 0.02
    mixer.add_local(AudioChunk(np.zeros(960, np.float32), RATE, 0.0))
    assert np.allclose(out[-1].samples, 0.1)  # the newest half second waits to be mixed


def test_without_a_microphone_the_other_side_goes_out_alone() -> None:
    out: list[AudioChunk] = []
    mixer = CallMixer(out.append, clock=Clock())
    mixer.add_remote_samples(tone(880, 0, RATE, RATE))
    assert len(out) == 1 and len(out[0].samples) == RATE
    assert power_at(out[0].samples, 880) > 0.9
