"""Wires the call's extras (the doctor's still picture, recording the call) into the app's
call launchers: on the spoke with its services (storage of stills and segments, the consult's
consent), on the doctor's PC with the review, which looks for a still once the spoke says it
sent one (its upload follows with the spoke's sync)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Slot

from desktop.core.consent import ConsentKind, granted
from desktop.media.call_recording import CallRecording
from desktop.ui.call import recording, still
from desktop.ui.call.launcher import CallLauncher
from protocol.ids import local_id, same_id

if TYPE_CHECKING:
    from desktop.ui.doctor.consult_host import ConsultReviewHost

LOOK_EVERY_MS = 5000  # the review asks the hub again for a still it was told of ...
LOOKS = 24  # ... for two minutes at most


def recording_factory(services: Any, camera: Any, **options: Any) -> recording.RecordingFactory:
    """Call recordings of the spoke's camera into its blob store, each segment queued for the
    hub under the consult as it is committed (``options``: ``CallRecording``'s)."""

    def make(consult_id: str) -> CallRecording:
        cid = local_id(consult_id)
        return CallRecording(
            camera,
            services.media.blobs,
            cid,
            on_segment=lambda ref: services.consults.queue_recording_segment(cid, ref),
            **options,
        )

    return make


def consent_check(services: Any) -> recording.ConsentCheck:
    """The consult's latest decision on recording is a yes (an audited read; blocking)."""

    def consent(consult_id: str) -> bool:
        consult = services.consults.open(local_id(consult_id)).result(30)
        return granted(consult.consents, ConsentKind.RECORDING)

    return consent


def wire_spoke(launcher: CallLauncher, services: Any) -> None:
    """Stills into the consult's attachments; *Record the call* with the consult's consent,
    its segments queued for the hub."""
    still.install_spoke(launcher, still.store_with(services))
    recording.install_spoke(
        launcher, recording_factory(services, launcher.camera), consent_check(services)
    )


class StillLookout(QObject):
    """After the spoke said it stored a still: the review looks for it on the hub now and
    every ``every_ms`` until the consult lists one more attachment per still announced (or
    ``LOOKS`` tries)."""

    def __init__(self, host: ConsultReviewHost, every_ms: int = LOOK_EVERY_MS) -> None:
        super().__init__(host)
        self.host = host
        self._consult = ""
        self._wanted = 0  # attachments the review should list once the stills are there
        self._left = 0
        self._timer = QTimer(self)
        self._timer.setInterval(every_ms)
        self._timer.timeout.connect(self.on_tick)

    def _listed(self) -> int:
        review = self.host.review
        return len(review.attachments) if review is not None else 0

    @Slot(str)
    def on_received(self, consult_id: str) -> None:
        if self.host.consult_id is None or not same_id(self.host.consult_id, consult_id):
            return  # the review shows another consult: it lists the still when opened
        if self._timer.isActive() and self._consult == consult_id:
            self._wanted += 1
        else:
            self._wanted = self._listed() + 1
        self._consult, self._left = consult_id, LOOKS
        self._timer.start()
        self.on_tick()

    @Slot()
    def on_tick(self) -> None:
        shown = self.host.consult_id
        done = self._listed() >= self._wanted
        if done or self._left <= 0 or shown is None or not same_id(shown, self._consult):
            self._timer.stop()
            return
        self._left -= 1
        self.host.look_for_stills()


def wire_doctor(launcher: CallLauncher, host: ConsultReviewHost) -> StillLookout:
    """*Ask for a still picture* in the doctor's call windows; the review lists each still
    once the hub holds it; the clinic's recording shown in the window."""
    lookout = StillLookout(host)
    still.install_doctor(launcher, lookout.on_received)
    recording.install_doctor(launcher)
    return lookout
