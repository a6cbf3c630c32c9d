"""The call's state machine: every (state, event) pair is either a listed move or refused."""

from __future__ import annotations

import itertools

import pytest

from desktop.core.call import (
    CallEvent,
    CallMachine,
    CallState,
    CallTransitionError,
    next_state,
)

W, R, C, OK, RE, END = (
    CallState.WAITING,
    CallState.RINGING,
    CallState.CONNECTING,
    CallState.CONNECTED,
    CallState.RECONNECTING,
    CallState.ENDED,
)
E = CallEvent

# Written out by hand (not derived from the module's table), so a changed rule fails here.
EXPECTED: dict[tuple[CallState, CallEvent], CallState] = {
    (W, E.PEER_PRESENT): R,
    (W, E.OFFERED): R,
    (W, E.HANG_UP): END,
    (W, E.FAILED): END,
    (R, E.PEER_PRESENT): R,
    (R, E.OFFERED): R,
    (R, E.PEER_GONE): W,
    (R, E.ACCEPTED): C,
    (R, E.HANG_UP): END,
    (R, E.FAILED): END,
    (C, E.PEER_GONE): W,
    (C, E.MEDIA_UP): OK,
    (C, E.MEDIA_DOWN): C,
    (C, E.HANG_UP): END,
    (C, E.FAILED): END,
    (OK, E.MEDIA_DOWN): RE,
    (OK, E.MEDIA_UP): OK,
    (OK, E.PEER_GONE): OK,
    (OK, E.PEER_PRESENT): OK,
    (OK, E.HANG_UP): END,
    (OK, E.FAILED): END,
    (RE, E.MEDIA_UP): OK,
    (RE, E.MEDIA_DOWN): RE,
    (RE, E.PEER_GONE): RE,
    (RE, E.PEER_PRESENT): RE,
    (RE, E.OFFERED): RE,
    (RE, E.ACCEPTED): RE,
    (RE, E.HANG_UP): END,
    (RE, E.FAILED): END,
}


@pytest.mark.parametrize(
    ("state", "event"),
    list(itertools.product(CallState, CallEvent)),
    ids=lambda v: str(v.value),
)
def test_every_state_and_event(state: CallState, event: CallEvent) -> None:
    if (state, event) in EXPECTED:
        assert next_state(state, event) is EXPECTED[(state, event)]
    else:
        with pytest.raises(CallTransitionError) as info:
            next_state(state, event)
        assert (info.value.state, info.value.event) == (state, event)


def test_a_whole_call_with_a_reconnection() -> None:
    call = CallMachine()
    for event in (
        E.PEER_PRESENT,
        E.ACCEPTED,
        E.MEDIA_DOWN,  # ICE checks flapping while connecting: no change
        E.MEDIA_UP,
        E.MEDIA_DOWN,
        E.MEDIA_UP,
        E.HANG_UP,
    ):
        call.apply(event)
    assert call.history == [W, R, C, OK, RE, OK, END]
    assert call.ended


def test_nothing_revives_an_ended_call() -> None:
    call = CallMachine()
    assert call.apply(E.HANG_UP)
    for event in CallEvent:
        assert not call.apply(event)
    assert call.state is END and call.history == [W, END]


def test_a_move_the_state_has_not_is_ignored_by_the_machine() -> None:
    call = CallMachine()
    assert not call.apply(E.MEDIA_UP)  # no media before the call is offered
    assert not call.apply(E.ACCEPTED)
    assert call.history == [W]
    assert call.apply(E.OFFERED) and call.apply(E.PEER_GONE)
    assert call.history == [W, R, W]
