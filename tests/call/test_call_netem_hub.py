"""The bad network with the kernel's impairment and a party per network namespace, through a
real hub: the spoke's process runs in a namespace the test creates, joined to this one by a
veth pair (10.213.N.0/30); the doctor's process and the hub (through a TCP relay on the
veth address) stay here. Everything between the spoke and the rest, media and signaling
alike, crosses the veth, and tc impairs both of its ends: loss of every packet for 5 s
(netem; a token bucket too small for any packet where the kernel lacks sch_netem) ends in
reconnection by renegotiation with chat written meanwhile arriving once; tbf at 150 kbit/s
makes the spoke audio only within 10 s while its sound still reaches the doctor; without it
the spoke steps back up to 640x480 with video bitrate flowing. Root, ``ip netns`` and ``tc``
needed, else skipped."""

from __future__ import annotations

import time

import pytest

from desktop.core.call_adapt import AdaptRules
from tests.call.support import (
    OUTAGE_SECONDS,
    WAIT,
    arrived,
    chat,
    connected,
    consult_in_progress,
)
from tests.call.veth import SpokeNet, call_across, netns_works
from tests.sync_support.hubctl import LiveHub

pytestmark = pytest.mark.skipif(not netns_works(), reason="needs root, ip netns and tc")

THROTTLE = ("tbf", "rate", "150kbit", "burst", "8kbit", "latency", "200ms")
RECOVERY_WAIT = 3 * AdaptRules().up_after_max + WAIT


def test_party_per_namespace_through_the_hub(spoke_net: SpokeNet, hub: LiveHub) -> None:
    operator, doctor, cid = consult_in_progress(hub)
    options = ("--bad-network", "--rejoin", "--stats", "--log")
    with call_across(spoke_net, hub, cid, operator, doctor, options) as (spoke, doc):
        for party in (spoke, doc):
            party.wait("joined")
            party.until("state", connected, WAIT)
        before = spoke_net.crossed()
        doc.until("stats", lambda s: s["audio_in"] >= 50, WAIT)
        spoke.until("stats", lambda s: (s["video_kbps"] or 0) > 100, WAIT)
        assert spoke_net.crossed() - before > 20_000  # the media goes over the veth

        # A 5-second outage of the veth: both sides reconnect by renegotiation.
        for party in (spoke, doc):
            party.forget("state", "level")
        started = time.monotonic()
        spoke_net.impair(*spoke_net.outage)
        for party in (spoke, doc):
            party.until("state", lambda s: s["state"] == "reconnecting", WAIT)
        sent = chat(spoke, "during the outage")
        time.sleep(max(0.0, started + OUTAGE_SECONDS - time.monotonic()))  # the impairment
        spoke_net.impair()
        for party in (spoke, doc):
            party.until("state", connected, WAIT)
        again = doc.until("stats", lambda s: connected(s) and s["renegotiations"] >= 1, WAIT)
        doc.until("stats", lambda s: s["audio_in"] >= again["audio_in"] + 50, WAIT)
        arrived(doc, spoke, sent, "during the outage")

        # 150 kbit/s each way: audio only within 10 s; the doctor still hears the spoke.
        spoke.forget("level")
        started = time.monotonic()
        spoke_net.impair(*THROTTLE)
        spoke.until("level", lambda lv: not lv["video"], WAIT)
        to_audio = time.monotonic() - started
        assert to_audio <= 10.0, to_audio
        heard = doc.until("stats", lambda s: True, WAIT)["audio_in"]
        doc.until("stats", lambda s: connected(s) and s["audio_in"] >= heard + 50, WAIT)

        # Unimpaired: back to 480p25, the full 640x480, video flowing above the throttle.
        spoke.forget("level")
        spoke_net.impair()
        try:  # three step-ups, each after up to up_after_max of good readings (a failed
            # step-up under a loaded machine doubles the next wait)
            spoke.until("level", lambda lv: lv["level"] == "480p25", RECOVERY_WAIT)
        except AssertionError as exc:
            raise AssertionError(f"{exc}; the spoke's last stats: {spoke.last_stats}") from None
        up = spoke.until(
            "stats",
            lambda s: s["level"] == "480p25" and (s["video_kbps"] or 0) > 200,
            WAIT,
        )
        assert up["size"] == [640, 480] and connected(up), up

        doc.send("END")
        for party in (doc, spoke):
            history = party.wait("ended", WAIT)["history"]
            assert history[:6] == [
                "waiting",
                "ringing",
                "connecting",
                "connected",
                "reconnecting",
                "connected",
            ], history
            assert history[-1] == "ended"
        assert doc.all_seen("chat") == []  # each message once
