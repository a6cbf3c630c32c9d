"""Issue 16, a network change mid-call: the spoke's process in its own network namespace
(tests/call/veth.py: a veth pair to the test's, the hub through a TCP relay, the doctor's
process here) loses its address for one in a new /30 (flushed, a new address and a default
route through the test's side; the hub's and the doctor's addresses stay). aiortc has no
ICE restart: the media stalls, the spoke sees its room's connection stranded on the gone
address and rejoins at once (keepalive alone takes 20-40 s), and the call comes back by
itself through a new peer connection gathered on the new address (renegotiation): its
candidates and nominated pair there, pictures decoded both ways again with their counters
further on, chat written across the change arriving once. Root, ``ip netns`` and ``tc``
needed."""

from __future__ import annotations

from typing import Any

import pytest

from tests.call.support import WAIT, Party, arrived, chat, connected, consult_in_progress
from tests.call.veth import SpokeNet, call_across, netns_works
from tests.sync_support.hubctl import LiveHub

pytestmark = pytest.mark.skipif(not netns_works(), reason="needs root, ip netns and tc")


def flowing(party: Party, route: list[str], since: dict[str, Any] | None = None) -> dict[str, Any]:
    """The first "stats" of ``party`` connected over ``route`` (the nominated pair [local,
    remote]) with 20 more pictures decoded than ``since``, their counters further on."""
    seen = since["video_in"] if since else 0
    last = since["last_counter"] if since else -1

    def check(s: dict[str, Any]) -> bool:
        return (
            connected(s)
            and s["route"]["pair"] == route
            and s["video_in"] >= seen + 20
            and s["last_counter"] is not None
            and s["last_counter"] > last
        )

    return party.until("stats", check, WAIT)


def test_network_change_mid_call(spoke_net: SpokeNet, hub: LiveHub) -> None:
    operator, doctor, cid = consult_in_progress(hub)
    options = ("--bad-network", "--rejoin", "--stats", "--log")
    any_address = ("--host-address", "any")  # the spoke's ICE: its interfaces, as in the app
    with call_across(spoke_net, hub, cid, operator, doctor, options, spoke_options=any_address) as (
        spoke,
        doc,
    ):
        for party in (spoke, doc):
            party.wait("joined")
            party.until("state", connected, WAIT)
        here, old = spoke_net.here, spoke_net.there
        spoke_before = flowing(spoke, [old, here])
        doc_before = flowing(doc, [here, old])
        assert spoke_before["route"]["local"] == [old], spoke_before["route"]

        # The change: the old address gone for good, a new one in another /30.
        for party in (spoke, doc):
            party.forget("state", "room", "token", "level")
        new = spoke_net.move()
        assert spoke_net.addresses() == [new] and new != old
        sent = chat(spoke, "across the change")
        spoke.until("state", lambda s: s["state"] == "reconnecting", WAIT)
        spoke.until("state", connected, WAIT)
        # The doctor's side may not show "reconnecting": the spoke rejoins so fast that the
        # doctor's offer of a new connection can come before its own stall watch fires.
        doc.until(
            "stats",
            lambda s: connected(s) and s["renegotiations"] > doc_before["renegotiations"],
            WAIT,
        )

        # A new connection, gathered on the new address; pictures decoded on it both ways.
        spoke_after = flowing(spoke, [new, here], spoke_before)
        doc_after = flowing(doc, [here, new], doc_before)
        assert spoke_after["route"]["local"] == [new], spoke_after["route"]
        for after, before in (spoke_after, spoke_before), (doc_after, doc_before):
            assert after["renegotiations"] > before["renegotiations"], (before, after)
        # The spoke's room died silently with its address: the spoke saw it stranded while
        # reconnecting and joined again at once (not after keepalive's 20-40 s).
        assert spoke_after["room_drops"] == 1 and spoke_after["rejoins"] == 1, spoke_after
        assert doc_after["room_drops"] == 0 and doc_after["rejoins"] == 0, doc_after
        arrived(doc, spoke, sent, "across the change")

        doc.send("END")
        first = ["waiting", "ringing", "connecting", "connected"]
        for party in (doc, spoke):
            history = party.wait("ended", WAIT)["history"]
            assert history[:4] == first and history[-1] == "ended", history
            # reconnecting (always on the spoke's side) and connected again after it
            again = history[4:-1]
            assert again in (["reconnecting", "connected"], []), history
            assert again or party is doc, history
        assert doc.all_seen("chat") == []  # each message once
