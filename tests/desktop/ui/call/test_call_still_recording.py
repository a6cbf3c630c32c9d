"""Issue 16 items 6 and 7, through a real hub on loopback with both call windows in process:
the doctor's still picture arrives at the spoke as an attachment of the consult at the camera's
full resolution (while the call sends a smaller picture), queued for the hub; recording the call
is refused without the patient's consent to recording, and with it the recorded call is
encrypted segments, queued for the hub, whose sound holds both parties' tones."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aioice.ice
import av
import cv2
import numpy as np
import pytest
from sqlalchemy import select

from desktop.call.camera_track import PushedVideoTrack
from desktop.call.synthetic import _bars, draw_counter
from desktop.core.call import CallState
from desktop.core.consent import Consent, ConsentKind, GivenBy
from desktop.media import sources
from desktop.media.camera_service import CameraService
from desktop.media.frames import VideoFrame
from desktop.storage.models.outbox import OutboxEntry
from desktop.ui import i18n
from desktop.ui.app import create_application
from desktop.ui.call import extras, recording, still
from desktop.ui.call.call_window import CallWindow, Side
from desktop.ui.call.launcher import CallLauncher
from desktop.ui.clinic_context import ClinicContext
from protocol.ids import wire_id
from tests.call.counter_camera import CounterCamera
from tests.call.support import accept, api, availability, sign_in
from tests.desktop.ui.clinic_ui_fixtures import TODAY, ctx
from tests.helpers.clinical import person
from tests.sync_support.hubctl import LiveHub
from tests.sync_support.spoke import consult_payload, patient_payload

__all__ = ["ctx"]

SCREENSHOT_DIR = os.environ.get("SPOKE_CLINIC_SCREENSHOT_DIR", "")
WAIT_MS = 120_000  # generous: the machine is shared
CAMERA = (1280, 720)  # the spoke camera's full resolution
SENT = (320, 180)  # what the call sends of it here (as a bad link's adaptation would)


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[LiveHub]:
    live = LiveHub.create(tmp_path / "hub")
    live.start()
    yield live
    live.close()


@pytest.fixture
def loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    """Host candidates on 127.0.0.1 only: no media leaves loopback."""
    monkeypatch.setattr(aioice.ice, "get_host_addresses", lambda use_ipv4, use_ipv6: ["127.0.0.1"])


class WideCamera(CounterCamera):
    """Counter pictures at the camera's full resolution, 15 a second."""

    fps = 15.0

    def read(self) -> VideoFrame:
        self._tick.wait(1 / self.fps)
        image = _bars(*CAMERA)
        draw_counter(image, self.count)
        self.count += 1
        return VideoFrame(image, self.count / self.fps, self.count)


class SmallCallTrack(PushedVideoTrack):
    """The call's video at ``SENT``: what it sends is not the camera's full picture (black
    at the call's size too while the camera opens)."""

    sent_sizes: set[tuple[int, int]] = set()

    def __init__(self, **kw: Any) -> None:
        super().__init__(width=SENT[0], height=SENT[1], **kw)

    def push(self, picture: Any) -> None:
        super().push(VideoFrame(cv2.resize(picture.image, SENT), picture.time, picture.seq))

    async def recv(self) -> Any:
        frame = await super().recv()
        SmallCallTrack.sent_sizes.add((frame.width, frame.height))
        return frame


def sent_consult(context: ClinicContext, base: str, operator: str, record: bool) -> str:
    """A consult made at the spoke (consent to recording given or refused) and sent: the
    hub has it under the same id, assigned to the online doctor."""
    services = context.services
    patient = services.patients.register(person("Kamla", "Devi", sex="female"), TODAY).result(10)
    p = patient.patient
    c = services.consults.create_draft(p.id).result(10)
    c.complaints, c.specialty = ["cough"], "general_medicine"
    services.consults.autosave(c).result(10)
    now = datetime.now(UTC)
    consents = [
        Consent(ConsentKind.TELECONSULTATION, True, GivenBy.PATIENT, "cho.meena", now),
        Consent(ConsentKind.RECORDING, record, GivenBy.PATIENT, "cho.meena", now),
    ]
    services.consults.record_consents(c.id, consents, p, TODAY).result(10)
    services.consults.mark_ready(c, p, TODAY).result(10)
    pid, cid = wire_id(p.id), wire_id(c.id)
    with api(base, operator) as http:
        assert http.put(f"/patients/{pid}", json=patient_payload(pid)).is_success
        assert http.put(f"/consults/{cid}", json=consult_payload(pid, final=True)).is_success
    return c.id


def outbox_uploads(context: ClinicContext) -> list[dict[str, Any]]:
    def read(s: Any) -> list[dict[str, Any]]:
        rows = s.scalars(select(OutboxEntry).where(OutboxEntry.entity_type == "blob"))
        return [dict(r.payload, state=r.state, blob_id=r.entity_id) for r in rows]

    return context.services.clinic.read(read)


class Call:
    """Both launchers and windows of one consult's call."""

    def __init__(self, base: str, operator: str, doctor: str, spoke_tone: int) -> None:
        self.spoke_camera = WideCamera()
        self.spoke_service = CameraService(
            choose=lambda: (self.spoke_camera, sources.test_tone(spoke_tone))
        )
        self.doctor_service = CameraService(
            choose=lambda: (CounterCamera(), sources.test_tone(880))
        )
        self.spoke = CallLauncher(Side.SPOKE, lambda: (base, operator), self.spoke_service)
        self.doctor = CallLauncher(Side.DOCTOR, lambda: (base, doctor), self.doctor_service)
        self.spoke_window: CallWindow | None = None
        self.doctor_window: CallWindow | None = None

    def open(self, cid: str, doctor_too: bool = True) -> None:
        self.spoke_window = self.spoke.open_call(cid, "Dr. Asha Verma", "Kamla Devi")
        if doctor_too:
            self.doctor_window = self.doctor.open_call(cid, "Dr. Asha Verma", "Kamla Devi")

    def connect(self, qtbot: Any) -> None:
        spoke, doctor = self.spoke_window, self.doctor_window
        assert spoke is not None and doctor is not None
        qtbot.waitUntil(lambda: spoke.state is CallState.RINGING, timeout=WAIT_MS)
        spoke.accept_button.click()
        for window in (spoke, doctor):
            qtbot.waitUntil(lambda w=window: w.state is CallState.CONNECTED, timeout=WAIT_MS)

    def end(self, qtbot: Any, cid: str) -> None:
        if self.doctor_window is not None:
            finished = [self.spoke.calls[cid][1].finished, self.doctor.calls[cid][1].finished]
            with qtbot.waitSignals(finished, timeout=WAIT_MS):
                self.doctor_window.end_button.click()

    def shutdown(self) -> None:
        for launcher in (self.spoke, self.doctor):
            launcher.shutdown()
        self.spoke_service.close()
        self.doctor_service.close()


def shot(qtbot: Any, window: CallWindow, name: str) -> None:
    """The window once it shows the other side's pictures."""
    if SCREENSHOT_DIR:
        seen = window.shown_remote
        qtbot.waitUntil(lambda: window.shown_remote > seen + 5, timeout=WAIT_MS)
        window.grab().save(str(Path(SCREENSHOT_DIR) / name))


@pytest.mark.qt_log_ignore("PulseAudioService", "pipewire")  # the windows open a sound sink
@pytest.mark.parametrize("lang", ["en", "hi"])
def test_the_doctors_still_arrives_as_an_attachment_at_full_resolution(
    hub: LiveHub,
    loopback: None,
    ctx: ClinicContext,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    qtbot: Any,
) -> None:
    create_application()
    assert i18n.install(lang)
    monkeypatch.setattr("desktop.ui.call.launcher.PushedVideoTrack", SmallCallTrack)
    base = hub.base_url
    operator = sign_in(base, hub.enrollment_code("spoke"), "operator")
    doctor = sign_in(base, hub.enrollment_code("hub"), "doctor")
    availability(base, doctor, "online")
    local = sent_consult(ctx, base, operator, record=False)
    cid = wire_id(local)
    accept(base, doctor, cid)

    call = Call(base, operator, doctor, spoke_tone=440)
    spoke_parts: dict[str, still.SpokeStill] = {}
    doctor_parts: dict[str, still.DoctorStill] = {}
    received: list[str] = []
    still.install_spoke(call.spoke, still.store_with(ctx.services), spoke_parts)
    still.install_doctor(call.doctor, received.append, doctor_parts)
    try:
        call.open(cid)
        asking = doctor_parts[cid]
        assert not asking.button.isEnabled()  # not before the call is connected
        call.connect(qtbot)
        assert asking.button.isEnabled()
        assert asking.button.text() == (
            "Ask for a still picture" if lang == "en" else "स्थिर तस्वीर मँगाएँ"
        )
        asking.button.click()
        qtbot.waitUntil(lambda: asking.status not in ("", "asked"), timeout=WAIT_MS)
        assert asking.status == "received"
        assert received == [cid]
        assert asking.label.isVisible()
        if lang == "en":
            assert asking.label.text() == (
                "Picture received — it will appear in the consult's attachments."
            )
        spoke_part = spoke_parts[cid]
        assert spoke_part.pictures == [CAMERA]  # the camera's picture, not the call's
        assert SmallCallTrack.sent_sizes == {SENT}
        assert spoke_part.notice.isVisible()

        # An attachment of the consult at the spoke: encrypted, the camera's full size, its
        # upload queued for the hub (after the consult's own row) naming it a JPEG.
        consult = ctx.services.consults.open(local).result(10)
        assert [a.media_type for a in consult.attachments] == ["image/jpeg"]
        attachment = consult.attachments[0]
        data = ctx.services.media.blobs.read_all(attachment.blob_id)
        picture = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
        assert (picture.shape[1], picture.shape[0]) == CAMERA
        uploads = [u for u in outbox_uploads(ctx) if u["blob_id"] == attachment.blob_id]
        assert len(uploads) == 1 and uploads[0]["media_type"] == "image/jpeg"
        assert uploads[0]["attachment_id"] == attachment.id
        for window in (call.doctor_window, call.spoke_window):
            assert window is not None
            qtbot.waitUntil(
                lambda w=window: all(
                    b.width() >= b.sizeHint().width()
                    for b in w.findChildren(type(asking.button))
                    if b.isVisible()
                ),
                timeout=5000,
            )
        assert call.doctor_window is not None and call.spoke_window is not None
        shot(qtbot, call.doctor_window, f"call-doctor-still-{lang}.png")
        shot(qtbot, call.spoke_window, f"call-spoke-still-{lang}.png")
        call.end(qtbot, cid)
    finally:
        call.shutdown()
        i18n.install("en")


@pytest.mark.qt_log_ignore("PulseAudioService", "pipewire")
def test_recording_is_refused_without_consent_to_recording(
    hub: LiveHub, loopback: None, ctx: ClinicContext, qtbot: Any
) -> None:
    create_application()
    base = hub.base_url
    operator = sign_in(base, hub.enrollment_code("spoke"), "operator")
    local = sent_consult(ctx, base, operator, record=False)
    cid = wire_id(local)
    call = Call(base, operator, "", spoke_tone=440)
    parts: dict[str, recording.SpokeRecording] = {}
    recording.install_spoke(
        call.spoke,
        extras.recording_factory(ctx.services, call.spoke_service),
        extras.consent_check(ctx.services),
        parts,
    )
    try:
        call.open(cid, doctor_too=False)
        part = parts[cid]
        qtbot.waitUntil(lambda: part.allowed is not None, timeout=WAIT_MS)
        assert part.allowed is False
        assert not part.button.isEnabled()
        assert part.reason.text() == (
            "The call cannot be recorded: the patient's consent to recording is not on file."
        )
        assert part.start() is False and part.recording is None
        assert not part.indicator.isVisible()
    finally:
        call.shutdown()
    assert [u for u in outbox_uploads(ctx) if u.get("kind") == "recording-segment"] == []


def decoded_sound(context: ClinicContext, blob_ids: list[str]) -> np.ndarray:
    """The recording's sound, decrypted in memory and decoded, at 48 kHz mono."""
    parts: list[np.ndarray] = []
    for blob_id in blob_ids:
        data = context.services.media.blobs.read_all(blob_id)
        with av.open(io.BytesIO(data), mode="r", format="mp4") as container:
            for frame in container.decode(audio=0):
                parts.append(frame.to_ndarray().reshape(-1))
    return np.concatenate(parts).astype(np.float64)


def power_share(samples: np.ndarray, frequency: float, rate: int = 48_000) -> float:
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(len(samples)))) ** 2
    freqs = np.fft.rfftfreq(len(samples), 1 / rate)
    return float(spectrum[np.abs(freqs - frequency) < 15].sum() / spectrum.sum())


@pytest.mark.qt_log_ignore("PulseAudioService", "pipewire")
@pytest.mark.parametrize("lang", ["en", "hi"])
def test_a_recorded_call_holds_both_parties_sound_in_queued_encrypted_segments(
    hub: LiveHub, loopback: None, ctx: ClinicContext, lang: str, qtbot: Any
) -> None:
    create_application()
    assert i18n.install(lang)
    base = hub.base_url
    operator = sign_in(base, hub.enrollment_code("spoke"), "operator")
    doctor = sign_in(base, hub.enrollment_code("hub"), "doctor")
    availability(base, doctor, "online")
    local = sent_consult(ctx, base, operator, record=True)
    cid = wire_id(local)
    accept(base, doctor, cid)
    call = Call(base, operator, doctor, spoke_tone=440)
    parts: dict[str, recording.SpokeRecording] = {}
    notices: dict[str, recording.DoctorRecordingNotice] = {}
    recording.install_spoke(
        call.spoke,
        extras.recording_factory(ctx.services, call.spoke_service, segment_seconds=1.0),
        extras.consent_check(ctx.services),
        parts,
    )
    recording.install_doctor(call.doctor, notices)

    def segments() -> list[str]:
        return [u["blob_id"] for u in outbox_uploads(ctx) if u.get("kind") == "recording-segment"]

    try:
        call.open(cid)
        part, notice = parts[cid], notices[cid]
        qtbot.waitUntil(lambda: part.allowed is True, timeout=WAIT_MS)
        assert not part.button.isEnabled()  # not before the call is connected
        assert "connected" in part.reason.text() or lang == "hi"
        call.connect(qtbot)
        assert part.button.isEnabled()
        # Both sides' sound flowing before the recording starts.
        assert call.spoke_window is not None
        qtbot.waitUntil(lambda: len(call.spoke_window.heard) >= 25, timeout=WAIT_MS)  # type: ignore[union-attr]
        part.button.click()
        assert part.recording is not None and part.indicator.isVisible()
        qtbot.waitUntil(lambda: notice.indicator.isVisible(), timeout=WAIT_MS)
        if lang == "en":
            assert part.button.text() == "Stop recording"
            assert notice.indicator.text() == "● The clinic is recording this call"
        qtbot.waitUntil(lambda: len(segments()) >= 3, timeout=WAIT_MS)
        assert call.doctor_window is not None
        shot(qtbot, call.spoke_window, f"call-spoke-recording-{lang}.png")
        shot(qtbot, call.doctor_window, f"call-doctor-recording-{lang}.png")
        with qtbot.waitSignal(part.finished, timeout=WAIT_MS) as stopped:
            call.end(qtbot, cid)  # the end of the call finishes the recording
        manifest = stopped.args[0]
        assert manifest is not None and manifest.finished
        assert not part.indicator.isVisible() and not notice.indicator.isVisible()
    finally:
        call.shutdown()
        i18n.install("en")
    queued = segments()
    assert [s.blob_id for s in manifest.segments] == queued  # every segment queued, in order
    blob_files = list(Path(ctx.services.media.blobs.root).rglob(f"{queued[0]}*"))
    assert blob_files and b"age-encryption.org" in blob_files[0].read_bytes()[:64]
    sound = decoded_sound(ctx, queued)
    assert len(sound) > 2 * 48_000
    assert power_share(sound, 440) > 0.1, "the spoke's microphone is missing"
    assert power_share(sound, 880) > 0.1, "the doctor's sound is missing"
