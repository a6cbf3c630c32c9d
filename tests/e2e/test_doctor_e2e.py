"""Acceptance of the hub doctor's desktop (issue 19), end to end with the hub as its own
process: the operator's services and sync engine (as the operator's app runs them) register
a patient, record an allergy, BP, a picture and a store-and-forward recording and mark the
consult ready; the doctor's window shows it in the queue through the hub's watch push within
5 s of the hub having it, the doctor accepts, reviews (allergy, picture, recording decoded,
the earlier consult, a BP trend of two points) and completes without a call; a second
consult is declined with a reason and goes to another doctor; every media and history read
is audited on the hub; nothing of the consult is in plain form in the doctor's folders."""

from __future__ import annotations

import logging
import tempfile
import time
import uuid
from pathlib import Path

import pytest
from PySide6.QtCore import QThreadPool
from sqlalchemy import select

from desktop import logs, paths
from desktop.changes import ChangeBus
from desktop.core.consult import Mode
from desktop.services.doctor import DoctorService
from desktop.services.settings import SettingsService
from desktop.settings import Settings
from desktop.storage.startup import Storage
from desktop.sync.doctor_api import DoctorApi
from desktop.sync.tokens import TokenStore
from desktop.ui import i18n
from desktop.ui.doctor.doctor_window import DoctorWindow
from hub.models import ConsultDecline, Upload
from tests.helpers import canary
from tests.helpers.doctor_media import HEIGHT, WIDTH, recording_segments
from tests.helpers.doctor_world import (
    PICTURE,
    OperatorPC,
    audit_rows,
    doctor_pc,
    hub,
    hub_consult,
    picture_from_testsrc,
    user_id,
)
from tests.sync_support.doctor import Doctor
from tests.sync_support.hubctl import PASSWORD, LiveHub

_ = (hub, doctor_pc)  # fixtures


@pytest.mark.qt_log_ignore("PulseAudioService", "pipewire")  # the player opens a sink
def test_doctor_reviews_and_completes_a_store_and_forward_consult(  # type: ignore[no-untyped-def]
    hub: LiveHub,
    doctor_pc: tuple[Storage, TokenStore],
    profile: paths.Locations,
    tmp_path: Path,
    qtbot,
) -> None:
    started = time.time()
    logs.setup(profile.logs, level=logging.DEBUG)  # the doctor's log, read by the canary scan
    name, allergy = canary.canary(), canary.canary()
    files = tmp_path / "operator-files"  # the operator's own camera/scanner output
    files.mkdir()
    picture = picture_from_testsrc(files / "rash.png")
    segments = recording_segments(count=2, seconds=1)
    later_segment = recording_segments(count=1, seconds=1)[0]

    storage, tokens = doctor_pc
    operator = OperatorPC(tmp_path / "operator", hub)
    other: Doctor | None = None
    window: DoctorWindow | None = None
    bus = ChangeBus()
    service = DoctorService(
        DoctorApi.open(tokens), storage.writer, storage.blobs, storage.device, bus
    )
    try:
        patient = operator.register(name)
        # An earlier consult of the same patient, seen and completed by another doctor.
        other = Doctor(hub, "doctor2")
        earlier = operator.consult(patient, bp=(150, 95), days_ago=30)
        qtbot.waitUntil(
            lambda: (hub_consult(hub, earlier.id) or ("", None))[0] == "assigned", timeout=30_000
        )
        other.accept(str(uuid.UUID(earlier.id)))
        other.complete(str(uuid.UUID(earlier.id)))
        r = other.http.put("/doctors/me/availability", json={"availability": "offline"})
        assert r.is_success

        # The doctor's window, signed in at the hub, online, the live queue running.
        assert service.sign_in("doctor", PASSWORD).result(30).role == "hub_doctor"
        window = DoctorWindow(
            Settings(), service, bus, SettingsService(Settings(), profile.settings_file)
        )
        qtbot.addWidget(window.shell.window)
        window.shell.window.resize(1366, 768)
        window.start()
        queue, host = window.queue, window.review
        queue.set_availability("online")
        qtbot.waitUntil(lambda: "online" in queue.status.text())
        pushes: list[float] = []  # when the queue watch announced a new hub queue version
        bus.subscribe(lambda ch: pushes.append(time.monotonic()) if ch.reason == "pushed" else None)

        # Ready at the spoke -> in the doctor's queue, pushed, within 5 s of the hub having it.
        before_ready = time.monotonic()
        current = operator.consult(
            patient,
            bp=(168, 96),
            allergies=f"{allergy} (sulfa drugs)",
            complaint=f"Itchy rash {name} (synthetic)",
            picture=files / "rash.png",
            segments=segments,
            mode=Mode.TEXT,  # store-and-forward: answered without a call
        )
        cid = str(uuid.UUID(current.id))
        qtbot.waitUntil(lambda: operator.sent_at(current.id) is not None, timeout=30_000)
        hub_had_it = operator.sent_at(current.id)
        assert hub_had_it is not None
        qtbot.waitUntil(lambda: queue.model.row_of(cid) >= 0, timeout=5000)
        assert time.monotonic() - hub_had_it < 5.0
        assert [t for t in pushes if t >= before_ready]  # driven by the hub's push
        offered = queue.model.item(queue.model.row_of(cid))
        assert offered.offered and offered.mode == "text"
        assert queue.model.text(offered, "mode") == "Text"
        operator.record_after_ready(current, later_segment)  # as during a call
        qtbot.waitUntil(operator.all_sent, timeout=60_000)  # the picture and segments too

        # Accept, open: the review of the consult.
        assert queue.select(cid)
        queue.accept_button.click()
        qtbot.waitUntil(lambda: (hub_consult(hub, cid) or ("", None))[0] == "in_progress")
        qtbot.waitUntil(
            lambda: (
                queue.model.row_of(cid) >= 0
                and queue.model.item(queue.model.row_of(cid)).status == "in_progress"
            )
        )
        assert queue.select(cid)
        with qtbot.waitSignal(host.history_shown, timeout=20_000):
            queue.open_button.click()
        page = host.page
        assert host.consult_id == cid
        assert window.shell.window.stack.currentWidget() is host
        assert allergy in page.allergy_strip.text()
        assert name in page.name.text()
        # The recording sent with the consult, and the segment recorded after it was sent.
        qtbot.waitUntil(lambda: page.recordings_model.rowCount() == 2)
        assert [len(r.segments) for r in page.review.recordings] == [2, 1]  # type: ignore[union-attr]

        # The picture, re-encrypted to this PC by the hub and decrypted in memory.
        with qtbot.waitSignal(page.media_opened, timeout=20_000):
            page.attachments_list.clicked.emit(page.attachments_model.index(0))
        assert page.viewer_stack.currentWidget() is page.image_viewer
        assert page.image_viewer.image_size() == PICTURE

        # The recording: both segments fetched and decoded (frames of the testsrc2 size).
        with qtbot.waitSignal(page.media_opened, timeout=30_000):
            page.recordings_list.clicked.emit(page.recordings_model.index(0))
        player = page.player.player
        assert player is not None
        qtbot.waitUntil(lambda: player.preview.frame is not None, timeout=10_000)
        page.player.seek(1.5)  # into the second segment
        qtbot.waitUntil(
            lambda: (
                player.preview.frame is not None and abs(player.preview.frame.time - 1.5) < 0.15
            ),
            timeout=10_000,
        )
        frame = player.preview.frame
        assert frame is not None and frame.image.shape == (HEIGHT, WIDTH, 3)

        # The earlier consult, and a BP trend of two points (earlier, this one).
        assert [e.consult_id for e in page.history] == [str(uuid.UUID(earlier.id))]
        bp = page.trends_view.charts["bp"]
        assert bp.point_values("systolic") == [150.0, 168.0]
        assert bp.point_values("diastolic") == [95.0, 96.0]

        # Completed from the review, without a call.
        with qtbot.waitSignal(host.completed, timeout=20_000):
            host.complete_button.click()
        qtbot.waitUntil(lambda: (hub_consult(hub, cid) or ("", None))[0] == "completed")
        assert host.consult_id is None and page.name.text() == ""
        qtbot.waitUntil(lambda: queue.model.row_of(cid) == -1)

        # Every media read and the history read left an audit row on the hub.
        me = user_id(hub, "doctor")
        with hub.context.sessions() as s:
            uploads = {u.id for u in s.scalars(select(Upload).where(Upload.consult_id == cid))}
        reads = audit_rows(hub, "media_read")
        read = {oid for uid, oid, outcome in reads if uid == me and outcome == "allowed"}
        assert len(uploads) == 1 + len(segments) + 1  # the picture, the segments, the later one
        assert read < uploads and len(read) == 1 + len(segments)  # what was opened
        history_reads = audit_rows(hub, "history_read")
        assert (me, cid, "allowed") in history_reads
        assert (me, str(uuid.UUID(earlier.id)), "allowed") in history_reads

        # A second consult: declined with a reason, then offered to another doctor.
        second = operator.consult(patient, bp=(140, 90))
        second_id = str(uuid.UUID(second.id))
        qtbot.waitUntil(lambda: queue.model.row_of(second_id) >= 0, timeout=30_000)
        assert queue.select(second_id)
        queue.decline_button.click()
        dialog = queue._decline
        assert dialog is not None and not dialog.ok.isEnabled()
        dialog.text.setPlainText("Needs a dermatologist")
        dialog.ok.click()
        qtbot.waitUntil(lambda: (hub_consult(hub, second_id) or ("", None))[0] == "queued")
        r = other.http.put("/doctors/me/availability", json={"availability": "online"})
        assert r.is_success
        qtbot.waitUntil(
            lambda: (hub_consult(hub, second_id) or ("", None))[1] == user_id(hub, "doctor2")
        )
        assert second_id in [c["id"] for c in other.queue()]
        with hub.context.sessions() as s:
            reasons = list(
                s.scalars(
                    select(ConsultDecline.reason).where(ConsultDecline.consult_id == second_id)
                )
            )
        assert reasons == ["Needs a dermatologist"]

        # Nothing of the consult in plain form in the doctor's profile, temp or log folders.
        window.stop()
        window.shell.window.close()
        needles = [*canary.needles(name, allergy), picture[200:264], segments[0][4000:4064]]
        mine = [profile.data, profile.cache, profile.temp, profile.logs, profile.config]
        assert any(profile.logs.iterdir())  # the log was written to
        assert canary.scan(mine, needles, since=started - 1) == []
        system_temp = canary.scan([Path(tempfile.gettempdir())], needles, since=started - 1)
        assert [hit for hit in system_temp if not hit.startswith(str(tmp_path))] == []
    finally:
        if other is not None:
            other.close()
        if window is not None:
            window.stop()
        service.close()
        QThreadPool.globalInstance().waitForDone(30_000)  # the review's fetches have ended
        operator.close()
        i18n.install("en")
        logs.shutdown()
