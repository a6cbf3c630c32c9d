"""The live call's states and the events that move it: waiting for the other party, ringing,
connecting, connected, reconnecting, ended. Pure rules, no I/O; the call runtime feeds events.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class CallState(enum.Enum):
    WAITING = "waiting"  # in the consult's room, the other party is not
    RINGING = "ringing"  # the other party is there and the call is offered
    CONNECTING = "connecting"  # accepted; media is being negotiated
    CONNECTED = "connected"  # media flows
    RECONNECTING = "reconnecting"  # media was up and is lost for now
    ENDED = "ended"  # final


class CallEvent(enum.Enum):
    PEER_PRESENT = "peer_present"  # the other party is in the room
    PEER_GONE = "peer_gone"  # the other party left the room
    OFFERED = "offered"  # a call offer was sent or received
    ACCEPTED = "accepted"  # the call was answered (answer sent or received)
    MEDIA_UP = "media_up"  # the peer connection is connected
    MEDIA_DOWN = "media_down"  # the peer connection is disconnected (may come back)
    HANG_UP = "hang_up"  # either side ended the call (or the room refused us)
    FAILED = "failed"  # the connection failed for good


_S, _E = CallState, CallEvent

# (state, event) -> next state; any pair not listed is not a move of the call.
TRANSITIONS: dict[tuple[CallState, CallEvent], CallState] = {
    (_S.WAITING, _E.PEER_PRESENT): _S.RINGING,
    (_S.WAITING, _E.OFFERED): _S.RINGING,  # an offer proves the other party is there
    (_S.RINGING, _E.OFFERED): _S.RINGING,  # the caller repeats its offer
    (_S.RINGING, _E.PEER_PRESENT): _S.RINGING,
    (_S.RINGING, _E.PEER_GONE): _S.WAITING,
    (_S.RINGING, _E.ACCEPTED): _S.CONNECTING,
    (_S.CONNECTING, _E.PEER_GONE): _S.WAITING,
    (_S.CONNECTING, _E.MEDIA_UP): _S.CONNECTED,
    (_S.CONNECTING, _E.MEDIA_DOWN): _S.CONNECTING,  # ICE checks may flap before they settle
    (_S.CONNECTED, _E.MEDIA_DOWN): _S.RECONNECTING,
    (_S.CONNECTED, _E.MEDIA_UP): _S.CONNECTED,
    # Signaling gone while media flows: the call goes on, the peers may rejoin the room.
    (_S.CONNECTED, _E.PEER_GONE): _S.CONNECTED,
    (_S.CONNECTED, _E.PEER_PRESENT): _S.CONNECTED,
    (_S.RECONNECTING, _E.MEDIA_UP): _S.CONNECTED,
    (_S.RECONNECTING, _E.MEDIA_DOWN): _S.RECONNECTING,
    (_S.RECONNECTING, _E.PEER_GONE): _S.RECONNECTING,
    (_S.RECONNECTING, _E.PEER_PRESENT): _S.RECONNECTING,
    (_S.RECONNECTING, _E.OFFERED): _S.RECONNECTING,  # an ICE restart offer
    (_S.RECONNECTING, _E.ACCEPTED): _S.RECONNECTING,
}
for _state in CallState:
    if _state is not CallState.ENDED:
        TRANSITIONS[(_state, CallEvent.HANG_UP)] = CallState.ENDED
        TRANSITIONS[(_state, CallEvent.FAILED)] = CallState.ENDED


class CallTransitionError(ValueError):
    """An event that is not a move of the call in its present state."""

    def __init__(self, state: CallState, event: CallEvent) -> None:
        super().__init__(f"{event.value} is not a move from {state.value}")
        self.state = state
        self.event = event


def next_state(state: CallState, event: CallEvent) -> CallState:
    """The state after ``event``; raises CallTransitionError for a move the call has not."""
    try:
        return TRANSITIONS[(state, event)]
    except KeyError:
        raise CallTransitionError(state, event) from None


@dataclass
class CallMachine:
    """One call's state and the states it went through (newest last)."""

    state: CallState = CallState.WAITING
    history: list[CallState] = field(default_factory=lambda: [CallState.WAITING])

    def apply(self, event: CallEvent) -> bool:
        """Move on ``event``; True when the state changed. Events after the end, and events
        that are not moves of the present state, leave the call as it is (False): the network
        reports late and out of order, and a late event must never revive an ended call."""
        try:
            new = next_state(self.state, event)
        except CallTransitionError:
            return False
        if new is self.state:
            return False
        self.state = new
        self.history.append(new)
        return True

    @property
    def ended(self) -> bool:
        return self.state is CallState.ENDED
