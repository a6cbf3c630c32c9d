"""The call window says each state plainly, per side, with the names; Accept only on the
ringing spoke; the link grade only while connected; the grade's thresholds."""

from __future__ import annotations

import pytest

from desktop.core.call import CallState
from desktop.core.call_quality import LinkQuality
from desktop.ui.call.call_window import CallWindow, LinkGrade, Side, link_grade

SPOKE = {
    CallState.WAITING: "Waiting for Dr. Asha Verma to join the call...",
    CallState.RINGING: "Dr. Asha Verma is calling. Press Accept to answer.",
    CallState.CONNECTING: "Connecting...",
    CallState.CONNECTED: "Connected with Dr. Asha Verma",
    CallState.RECONNECTING: "Connection lost. Reconnecting...",
    CallState.ENDED: "Call ended",
}
DOCTOR = {
    CallState.WAITING: "Waiting for the clinic (Sita Devi) to join the call...",
    CallState.RINGING: "Ringing the clinic (Sita Devi)...",
    CallState.CONNECTED: "Connected with the clinic (Sita Devi)",
}
GOOD = LinkQuality(send_kbps=600, receive_kbps=600, loss=0.0, rtt_ms=40, fps=15)


@pytest.mark.qt_log_ignore("PulseAudioService", "pipewire")
@pytest.mark.parametrize("side", [Side.SPOKE, Side.DOCTOR])
def test_each_state_in_words(side: Side, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = CallWindow(side)
    qtbot.addWidget(window)
    window.set_names("Dr. Asha Verma", "Sita Devi")
    assert window.names.text() == "Video consult: Dr. Asha Verma with Sita Devi"
    window.set_quality(GOOD)
    texts = SPOKE if side is Side.SPOKE else DOCTOR
    for state in CallState:
        window.set_state(state)
        if state in texts:
            assert window.state_label.text() == texts[state]
        ringing_spoke = side is Side.SPOKE and state is CallState.RINGING
        assert window.accept_button.isHidden() is not ringing_spoke
        live = state in (CallState.CONNECTED, CallState.RECONNECTING)
        assert (window.quality_label.text() == "Connection: good") is live
        # Over the picture only while there is no live picture.
        assert (window.remote.message == "") is (state is CallState.CONNECTED)
    assert window.end_button.text() == "Close" and not window.mute_button.isEnabled()


def test_link_grades() -> None:
    assert link_grade(GOOD) is LinkGrade.GOOD
    fair = LinkQuality(send_kbps=300, receive_kbps=300, loss=0.05, rtt_ms=120, fps=15)
    assert link_grade(fair) is LinkGrade.FAIR
    slow = LinkQuality(send_kbps=300, receive_kbps=300, loss=0.0, rtt_ms=450, fps=15)
    assert link_grade(slow) is LinkGrade.FAIR
    lossy = LinkQuality(send_kbps=100, receive_kbps=100, loss=0.2, rtt_ms=100, fps=12)
    assert link_grade(lossy) is LinkGrade.POOR
    frozen = LinkQuality(send_kbps=100, receive_kbps=100, loss=0.0, rtt_ms=None, fps=2)
    assert link_grade(frozen) is LinkGrade.POOR


@pytest.mark.qt_log_ignore("PulseAudioService", "pipewire")
@pytest.mark.parametrize(
    ("side", "words"),
    [
        (Side.SPOKE, "Audio only with Dr. Asha Verma — the link cannot carry video"),
        (Side.DOCTOR, "Audio only with the clinic (Sita Devi) — the link cannot carry video"),
    ],
)
def test_a_call_without_video_says_audio_only(side: Side, words: str, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = CallWindow(side)
    qtbot.addWidget(window)
    window.set_names("Dr. Asha Verma", "Sita Devi")
    window.set_state(CallState.CONNECTED)
    for sending, receiving in [(False, True), (True, False), (False, False)]:
        window.set_sending_video(sending)  # our adaptation's level
        window.set_receiving_video(receiving)  # the other side's pictures
        assert window.audio_only
        assert window.state_label.text() == words
        assert window.remote.message == words  # over the last picture
        window.set_sending_video(True)
        window.set_receiving_video(True)  # stepped up: video again
        assert not window.audio_only
        assert window.state_label.text().startswith("Connected with ")
        assert window.remote.message == ""
    window.set_receiving_video(False)
    window.set_state(CallState.RECONNECTING)  # an outage is not "audio only"
    assert not window.audio_only
    assert window.state_label.text() == "Connection lost. Reconnecting..."


@pytest.mark.qt_log_ignore("PulseAudioService", "pipewire")
def test_the_low_bandwidth_switch(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = CallWindow(Side.SPOKE)
    qtbot.addWidget(window)
    assert window.low_bandwidth_button.text() == "Low bandwidth"
    with qtbot.waitSignal(window.low_bandwidth_changed) as on:
        window.low_bandwidth_button.click()
    assert on.args == [True]
    with qtbot.waitSignal(window.low_bandwidth_changed) as off:
        window.low_bandwidth_button.click()
    assert off.args == [False]
    window.set_state(CallState.ENDED)
    assert not window.low_bandwidth_button.isEnabled()


@pytest.mark.qt_log_ignore("PulseAudioService", "pipewire")
def test_the_quality_indicator_gives_the_figures(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = CallWindow(Side.DOCTOR)
    qtbot.addWidget(window)
    window.set_state(CallState.CONNECTED)
    window.set_quality(GOOD)
    assert window.quality_label.toolTip().split("\n") == [
        "Round trip: 40 ms",
        "Loss: 0.0 %",
        "Sent: 600 kbit/s, received: 600 kbit/s",
        "Pictures a second: 15",
    ]
