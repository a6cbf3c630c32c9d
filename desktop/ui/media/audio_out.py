"""Sound output for playback: 48 kHz mono float samples to the default output device, or to
the one chosen (speaker or headset)."""

from __future__ import annotations

from PySide6.QtCore import QIODevice, QObject
from PySide6.QtMultimedia import QAudioDevice, QAudioFormat, QAudioSink, QMediaDevices

from desktop import logs
from desktop.media.playback import DecodedAudio

log = logs.get("ui")


class AudioOutput(QObject):
    """Writes decoded sound to the speakers; does nothing when the PC has no output."""

    def __init__(self, parent: QObject | None = None, device: QAudioDevice | None = None) -> None:
        super().__init__(parent)
        self._sink: QAudioSink | None = None
        self._io: QIODevice | None = None
        self.device = QAudioDevice()
        self.set_device(device)

    def set_device(self, device: QAudioDevice | None) -> None:
        """Play on ``device`` from now on (None or a null device: the default output)."""
        old = self._sink
        self.close()
        if old is not None:
            old.deleteLater()
        if device is None or device.isNull():
            device = QMediaDevices.defaultAudioOutput()
        self.device = device
        if device.isNull():
            log.info("no sound output device: playback is silent")
            return
        fmt = QAudioFormat()
        fmt.setSampleRate(48_000)
        fmt.setChannelCount(1)
        fmt.setSampleFormat(QAudioFormat.SampleFormat.Float)
        if not device.isFormatSupported(fmt):
            log.info("sound output does not take 48 kHz float: playback is silent")
            return
        self._sink = QAudioSink(device, fmt, self)
        self._io = self._sink.start()

    @property
    def available(self) -> bool:
        return self._io is not None

    def write(self, chunk: DecodedAudio) -> None:
        if self._io is not None:
            self._io.write(chunk.samples.tobytes())  # a full device buffer drops the rest

    def reset(self) -> None:
        """Forget buffered sound (seek, pause)."""
        if self._sink is not None:
            self._sink.reset()
            self._io = self._sink.start()

    def close(self) -> None:
        if self._sink is not None:
            self._sink.stop()
        self._sink = self._io = None
