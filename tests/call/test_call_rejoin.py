"""The rules of rejoining the signaling room, against a real hub with the spoke's socket
through a relay the test cuts (tests/call/signal_proxy.py): a session that loses the room
before the call is connected joins again instead of ending (and rings when the doctor comes);
a token that cannot be had is tried again later; a fresh token the hub refuses (4401) ends
the call with NotSignedIn. Without ``rejoin`` a lost room still ends a call that is not up."""

from __future__ import annotations

import asyncio

from desktop.call.peer import CallPeer
from desktop.call.runtime import CallRuntime
from desktop.call.session import CallSession
from desktop.call.signaling import NotSignedIn, RoomClosed, Signaling, rejoiner
from desktop.core.call import CallState
from tests.call.signal_proxy import SignalProxy
from tests.call.support import availability, consult_in_progress, new_consult, sign_in
from tests.sync_support.hubctl import LiveHub

WAIT = 60.0


async def rejoin_rules(base: str, cid: str, operator: str, doctor: str) -> dict[str, object]:
    out: dict[str, object] = {}
    proxy = SignalProxy(base)
    via = await proxy.start()
    tokens: list[str] = []
    answers: list[object] = [operator, OSError("keyring locked"), "not-a-token"]
    rooms: list[bool] = []
    rang, back, waiting_again = asyncio.Event(), asyncio.Event(), asyncio.Event()

    def token() -> str:  # blocking, like HubClient.access_token: run on a worker thread
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            tokens.append("failed")
            raise answer
        tokens.append(str(answer))
        return str(answer)

    def on_state(state: CallState) -> None:
        if state is CallState.RINGING:
            rang.set()
        elif state is CallState.WAITING and rang.is_set():
            waiting_again.set()

    def on_room(present: bool) -> None:
        rooms.append(present)
        if present:
            back.set()

    spoke = CallSession(
        await Signaling.join(via, cid, operator),
        CallPeer(video=None, audio=None),
        caller=False,
        on_state=on_state,
        rejoin=rejoiner(via, cid, token),
        rejoin_seconds=0.05,
        rejoin_max_seconds=0.1,
        on_room=on_room,
    )
    run = asyncio.ensure_future(spoke.run())
    try:
        # 1. Cut while waiting: the session joins again (first token) instead of ending.
        proxy.cut()
        await asyncio.wait_for(back.wait(), WAIT)
        out["state_after_rejoin"] = spoke.machine.state
        # ...and it is in the room: the doctor's offer rings it.
        doc_room = await Signaling.join(base, cid, doctor)
        doc = CallSession(doc_room, CallPeer(video=None, audio=None), caller=True)
        doc_run = asyncio.ensure_future(doc.run())
        await asyncio.wait_for(rang.wait(), WAIT)
        doc_run.cancel()  # the doctor's window closes without a bye: the spoke waits again
        await asyncio.gather(doc_run, return_exceptions=True)
        await asyncio.wait_for(waiting_again.wait(), WAIT)  # the hub said the doctor left
        # 2. Cut again: the token cannot be had (tried again), then the hub refuses it.
        proxy.cut()
        out["history"] = await asyncio.wait_for(run, WAIT)
        out["error"] = spoke.error
        out["tokens"] = tokens
        out["rooms"] = rooms
    finally:
        run.cancel()
        await proxy.close()
    return out


def test_rejoin_rules(hub: LiveHub) -> None:
    base = hub.base_url
    operator, doctor, cid = consult_in_progress(hub)
    with CallRuntime() as runtime:
        out = runtime.submit(rejoin_rules(base, cid, operator, doctor)).result(WAIT * 3)
    assert out["state_after_rejoin"] is CallState.WAITING
    assert out["history"] == [
        CallState.WAITING,
        CallState.RINGING,
        CallState.WAITING,
        CallState.ENDED,
    ]
    assert out["tokens"] == [operator, "failed", "not-a-token"]
    assert isinstance(out["error"], NotSignedIn)
    assert out["rooms"] == [False, True, False]


async def without_rejoin(base: str, cid: str, operator: str) -> tuple[list[CallState], object]:
    proxy = SignalProxy(base)
    via = await proxy.start()
    spoke = CallSession(
        await Signaling.join(via, cid, operator), CallPeer(video=None, audio=None), caller=False
    )
    run = asyncio.ensure_future(spoke.run())
    try:
        await asyncio.sleep(0)
        proxy.cut()
        return await asyncio.wait_for(run, WAIT), spoke.error
    finally:
        await proxy.close()


def test_without_rejoin_a_lost_room_ends_a_call_not_up(hub: LiveHub) -> None:
    base = hub.base_url
    operator = sign_in(base, hub.enrollment_code("spoke"), "operator")
    doctor = sign_in(base, hub.enrollment_code("hub"), "doctor")
    availability(base, doctor, "online")
    cid = str(new_consult(base, operator)["id"])
    with CallRuntime() as runtime:
        history, error = runtime.submit(without_rejoin(base, cid, operator)).result(WAIT * 2)
    assert history == [CallState.WAITING, CallState.ENDED]
    assert isinstance(error, RoomClosed)
