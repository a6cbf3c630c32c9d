"""Issue 16 acceptance, first part: the doctor and the spoke in separate processes call each
other through a real hub on loopback; the synthetic pictures (their drawn frame counter read
back after VP8) and tones arrive both ways; someone else's token is refused with 4403."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.call.runtime import CallRuntime
from desktop.call.signaling import NotInRoom, NotSignedIn, Signaling
from hub.api.admin import add_user
from hub.schemas import UserIn
from tests.call.support import (
    DOCTOR_TONE,
    SPOKE_TONE,
    Party,
    accept,
    availability,
    new_consult,
    sign_in,
)
from tests.sync_support.hubctl import PASSWORD, LiveHub


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[LiveHub]:
    live = LiveHub.create(tmp_path / "hub")
    with live.context.sessions() as s:
        add_user(
            s,
            live.config,
            live.context.passwords,
            UserIn(
                username="doctor2",
                password=PASSWORD,
                role="hub_doctor",
                facility_id=uuid.UUID(live.ids["hub"]),
                registration_number="MP-2",
                specialties=["general_medicine"],
            ),
        )
        s.commit()
    live.start()
    yield live
    live.close()


def assert_received(line: dict[str, object], tone: float) -> None:
    counters = line["counters"]
    assert isinstance(counters, list) and len(set(counters)) >= 20
    assert counters == sorted(counters) and counters[-1] > counters[0], counters
    assert abs(float(line["audio_hz"]) - tone) < 15, line["audio_hz"]  # type: ignore[arg-type]
    assert int(line["audio_peak"]) > 2000  # type: ignore[call-overload]


def test_two_processes_call_through_the_hub(hub: LiveHub) -> None:
    base = hub.base_url
    operator = sign_in(base, hub.enrollment_code("spoke"), "operator")
    doctor = sign_in(base, hub.enrollment_code("hub"), "doctor")
    availability(base, doctor, "online")
    consult = new_consult(base, operator)
    assert consult["status"] == "assigned"
    cid = str(consult["id"])
    accept(base, doctor, cid)

    spoke = Party.start("spoke", base, cid, operator, caller=False, tone=SPOKE_TONE)
    doc = Party.start("doctor", base, cid, doctor, caller=True, tone=DOCTOR_TONE)
    try:
        for party in (spoke, doc):
            party.wait("joined")
        # What each side decoded is the other side's media.
        assert_received(spoke.wait("received", timeout=240), DOCTOR_TONE)
        assert_received(doc.wait("received", timeout=240), SPOKE_TONE)

        # A doctor with another consult's token is refused by the room, with 4403.
        availability(base, doctor, "away")
        doctor2 = sign_in(base, hub.enrollment_code("hub"), "doctor2")
        availability(base, doctor2, "online")
        other = new_consult(base, operator)
        assert (
            other["status"] == "assigned"
            and other["assigned_doctor_id"] != consult["assigned_doctor_id"]
        )
        with CallRuntime() as runtime:
            with pytest.raises(NotInRoom) as refused:
                runtime.submit(Signaling.join(base, cid, doctor2)).result(60)
            assert refused.value.code == 4403
            with pytest.raises(NotSignedIn) as unsigned:
                runtime.submit(Signaling.join(base, cid, "not-a-token")).result(60)
            assert unsigned.value.code == 4401
            # The refused party may join its own consult's room.
            room = runtime.submit(Signaling.join(base, str(other["id"]), doctor2)).result(60)
            runtime.submit(room.close()).result(30)

        doc.send("END")  # the doctor hangs up; the spoke hears "bye"
        doc_end, spoke_end = doc.wait("ended"), spoke.wait("ended")
        for ended in (doc_end, spoke_end):
            assert ended["history"] == ["waiting", "ringing", "connecting", "connected", "ended"]
        assert doc.wait("exit") and spoke.wait("exit")
        assert doc.stop() == 0 and spoke.stop() == 0
    finally:
        doc.stop()
        spoke.stop()
