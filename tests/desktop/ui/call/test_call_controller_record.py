"""What the call window's controller keeps in the consult's record (the spoke's
``Services.calls``, here a recording stand-in): each chat message with its sender, shown in
the panel with its author; at the end the mode the call achieved from the seconds the other
side's media came through ("text" when only the chat did, nothing when nothing did)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from concurrent.futures import Future
from datetime import UTC, datetime

import pytest
from shiboken6 import isValid

from desktop.call.chat import ChatMessage
from desktop.call.runtime import CallRuntime
from desktop.ui import tasks
from desktop.ui.call.call_window import CallWindow, Side
from desktop.ui.call.controller import CallController, MediaSeconds
from protocol.ids import wire_id

CONSULT = uuid.uuid4().hex
AT = datetime(2026, 12, 5, 4, 0, tzinfo=UTC)


class Record:
    def __init__(self) -> None:
        self.chat: list[tuple[str, str, str, str]] = []
        self.modes: list[tuple[str, str]] = []
        self.seconds: list[tuple[float | None, float | None]] = []  # (video, audio)

    def store_chat(
        self, consult_id: str, message_id: str, text: str, sender: str, sent_at: datetime
    ) -> Future[bool]:
        self.chat.append((consult_id, message_id, text, sender))
        done: Future[bool] = Future()
        done.set_result(True)
        return done

    def record_achieved_mode(
        self,
        consult_id: str,
        mode: str,
        *,
        started_at: datetime | None = None,
        ended_at: datetime | None = None,
        video_seconds: float | None = None,
        audio_seconds: float | None = None,
    ) -> Future[str]:
        assert started_at is not None and ended_at is not None and started_at <= ended_at
        self.modes.append((consult_id, mode))
        self.seconds.append((video_seconds, audio_seconds))
        done: Future[str] = Future()
        done.set_result(mode)
        return done


@pytest.fixture
def runtime() -> Iterator[CallRuntime]:
    with CallRuntime() as running:
        yield running


def controller_for(qtbot, runtime: CallRuntime, record: Record, side: Side) -> CallController:  # type: ignore[no-untyped-def]
    window = CallWindow(side)
    qtbot.addWidget(window)
    window.set_names("Dr. Asha Verma", "Sita Devi")
    controller = CallController(window, runtime, caller=side is Side.DOCTOR, record=record)
    controller.consult_id = wire_id(CONSULT)  # as start() is given it
    controller.started_at = datetime.now(UTC)
    return controller


def test_media_seconds_count_only_what_came_through() -> None:
    seconds = MediaSeconds()
    for at in (10.0, 10.5, 11.0, 20.0, 20.25):  # a 9-second stall adds nothing
        seconds.frame(at)
    assert seconds.seconds == pytest.approx(1.25)


@pytest.mark.qt_log_ignore("PulseAudioService", "pipewire")
def test_chat_messages_are_shown_and_stored_with_their_sender(qtbot, runtime: CallRuntime) -> None:  # type: ignore[no-untyped-def]
    record = Record()
    spoke = controller_for(qtbot, runtime, record, Side.SPOKE)
    with qtbot.waitSignal(spoke.chat_stored):
        spoke.on_chat_message(ChatMessage("a" * 32, "The patient is ready", AT, mine=True))
    with qtbot.waitSignal(spoke.chat_stored):
        spoke.on_chat_message(ChatMessage("b" * 32, "Please hold", AT, mine=False))
    assert record.chat == [
        (CONSULT, "a" * 32, "The patient is ready", "spoke"),
        (CONSULT, "b" * 32, "Please hold", "doctor"),
    ]
    lines = [spoke.window.chat.messages.item(i).text() for i in range(2)]
    assert lines[0].endswith("You: The patient is ready")
    assert lines[1].endswith("Dr. Asha Verma: Please hold")
    doctor = controller_for(qtbot, runtime, Record(), Side.DOCTOR)
    doctor.on_chat_message(ChatMessage("c" * 32, "Thank you", AT, mine=False))
    assert doctor.window.chat.messages.item(0).text().endswith("Clinic: Thank you")


@pytest.mark.qt_log_ignore("PulseAudioService", "pipewire")
def test_the_mode_the_call_achieved_is_recorded_when_it_ends(qtbot, runtime: CallRuntime) -> None:  # type: ignore[no-untyped-def]
    record = Record()
    nothing = controller_for(qtbot, runtime, record, Side.SPOKE)
    with qtbot.waitSignal(nothing.finished):
        nothing.on_failed(OSError("no hub"))
    assert record.modes == []  # no call took place: nothing to record

    cases = [("video", (1.0, 1.5), (1.0, 1.5)), ("audio", (), (1.0, 1.5)), ("text", (), ())]
    for mode, video_at, audio_at in cases:
        controller = controller_for(qtbot, runtime, record, Side.SPOKE)
        for at in video_at:
            controller.video_seconds.frame(at)
        for at in audio_at:
            controller.audio_seconds.frame(at)
        controller.chat_worked = mode == "text"
        with qtbot.waitSignal(controller.mode_recorded) as got:
            controller._finish([])
        assert got.args == [mode]
        assert record.modes[-1] == (CONSULT, mode)
        assert record.seconds[-1] == (0.5 if video_at else 0.0, 0.5 if audio_at else 0.0)
        assert not controller.window.chat.send_button.isEnabled()  # the chat ended with it


@pytest.mark.qt_log_ignore("PulseAudioService", "pipewire")
def test_a_record_answered_after_the_window_went_is_no_error(qtbot, runtime: CallRuntime) -> None:  # type: ignore[no-untyped-def]
    record = Record()
    later: Future[str] = Future()
    record.record_achieved_mode = lambda consult_id, mode, **_: later  # type: ignore[method-assign]
    controller = controller_for(qtbot, runtime, record, Side.SPOKE)
    controller.audio_seconds.frame(1.0)
    controller.audio_seconds.frame(1.5)
    controller._finish([])
    controller.deleteLater()  # the launcher disposes of the ended call's controller
    qtbot.waitUntil(lambda: not isValid(controller), timeout=5000)
    later.set_result("audio")  # the writer answers now
    qtbot.waitUntil(lambda: not tasks._live, timeout=5000)  # delivered (an error would fail)
