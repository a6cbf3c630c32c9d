"""The doctor's still over the consult's room (issue 16): the doctor asks by id, the spoke
takes and stores one picture per id and answers; a request with no call running is refused;
the tap hands only the still's messages to the parties and the rest to the session."""

from __future__ import annotations

import asyncio
import concurrent.futures
from typing import Any

from desktop.call.room_tap import RoomTap
from desktop.call.still import NO_CALL, NO_CAMERA, StillFailed, StillRequester, StillResponder
from tests.call.test_call_stall import MemoryRoom


def pair() -> tuple[MemoryRoom, MemoryRoom]:
    doctor, spoke = MemoryRoom("doc", []), MemoryRoom("spoke", [])
    doctor.other, spoke.other = spoke, doctor
    return doctor, spoke


async def pump(tap: RoomTap, into: list[dict[str, Any]]) -> None:
    """What the session would read: everything the tap does not handle."""
    while True:
        into.append(await tap.receive())


async def exchange(in_call: bool, fail: str = "") -> dict[str, Any]:
    doctor_room, spoke_room = pair()
    doctor_tap, spoke_tap = RoomTap(doctor_room), RoomTap(spoke_room)
    taken: list[str] = []
    answers: list[tuple[str, str]] = []
    answered = asyncio.Event()

    def take(still_id: str) -> concurrent.futures.Future[Any]:
        taken.append(still_id)
        done: concurrent.futures.Future[Any] = concurrent.futures.Future()
        if fail:
            done.set_exception(StillFailed(fail))
        else:
            done.set_result("attachment")
        return done

    def got(still_id: str, reason: str) -> None:
        answers.append((still_id, reason))
        answered.set()

    requester = StillRequester(on_sent=lambda i: got(i, ""), on_failed=got)
    responder = StillResponder(take, lambda: in_call)
    requester.attach(doctor_tap)
    responder.attach(spoke_tap)
    to_doctor: list[dict[str, Any]] = []
    to_spoke: list[dict[str, Any]] = []
    tasks = [asyncio.ensure_future(pump(doctor_tap, to_doctor))]
    tasks.append(asyncio.ensure_future(pump(spoke_tap, to_spoke)))
    await spoke_room.send({"type": "chat", "id": "a" * 32, "text": "hello"})
    still_id = await requester.request()
    await asyncio.wait_for(answered.wait(), 10)
    answered.clear()
    # The same request again (a resend): answered again, no second picture.
    await doctor_room.send({"type": "still-request", "id": still_id})
    await spoke_room.send({"type": "chat", "id": "b" * 32, "text": "after"})
    while len(to_doctor) < 2:
        await asyncio.sleep(0.01)
    for task in tasks:
        task.cancel()
    return {
        "still_id": still_id,
        "taken": taken,
        "answers": answers,
        "to_doctor": [m.get("type") for m in to_doctor],
        "to_spoke": [m.get("type") for m in to_spoke],
        "pending": requester.pending,
    }


def test_a_still_is_taken_once_per_id_and_answered() -> None:
    out = asyncio.run(exchange(in_call=True))
    assert out["taken"] == [out["still_id"]]  # one picture, though asked twice
    assert out["answers"] == [(out["still_id"], "")]  # told once
    assert out["to_doctor"] == ["chat", "chat"]  # the session still gets the rest
    assert out["to_spoke"] == []
    assert out["pending"] == set()


def test_a_still_is_refused_without_a_call() -> None:
    out = asyncio.run(exchange(in_call=False))
    assert out["taken"] == []  # no picture taken
    assert out["answers"] == [(out["still_id"], NO_CALL)]


def test_a_camera_without_a_picture_is_said() -> None:
    out = asyncio.run(exchange(in_call=True, fail=NO_CAMERA))
    assert out["answers"] == [(out["still_id"], NO_CAMERA)]


def test_a_watcher_sees_a_message_the_session_still_gets() -> None:
    async def run() -> tuple[list[str], dict[str, Any]]:
        doctor_room, spoke_room = pair()
        tap = RoomTap(spoke_room)
        seen: list[str] = []
        tap.watch("peer-joined", lambda m: seen.append(str(m["type"])))
        await doctor_room.send({"type": "peer-joined", "peer": "doc"})
        return seen, await tap.receive()

    seen, got = asyncio.run(run())
    assert seen == ["peer-joined"] and got["type"] == "peer-joined"
