"""Issue 16 acceptance, bad networks through a real hub: the spoke and the doctor in separate
processes (tests/call/party.py), their signaling through a WebSocket relay in front of the
hub (tests/call/signal_proxy.py) that rewrites their candidates so every media datagram
crosses a UDP link the test controls (tests/call/link.py).

- A 5-second outage (every datagram dropped, the signaling held up as in TCP's buffers):
  both sides reconnecting, then connected again by a renegotiated peer connection; chat
  written during it arrives once each.
- A network change (the old media paths gone for good, both signaling connections cut and
  refused for 5 seconds): both parties rejoin the room with fresh tokens and renegotiate
  through it; chat written meanwhile arrives once each.
- Throttled to ~150 kbit/s the spoke sends audio only within 10 s while the call stays up
  and its sound still arrives; unthrottled it steps back up to 640x480, video bitrate flowing.
"""

from __future__ import annotations

import time

from desktop.call.runtime import CallRuntime
from desktop.core.call_adapt import LEVELS
from tests.call.link import Link
from tests.call.signal_proxy import SignalProxy
from tests.call.support import (
    DOCTOR_TONE,
    OUTAGE_SECONDS,
    SPOKE_TONE,
    WAIT,
    Party,
    arrived,
    chat,
    connected,
    consult_in_progress,
)
from tests.sync_support.hubctl import LiveHub


def test_bad_network_through_the_hub(hub: LiveHub) -> None:
    base = hub.base_url
    operator, doctor, cid = consult_in_progress(hub)

    with CallRuntime() as runtime:
        link = Link()
        proxy = SignalProxy(base, link)
        signal_url = runtime.submit(proxy.start()).result(30)

        async def outage(*, hold: bool) -> None:
            link.down = hold
            proxy.down = False
            if hold:
                proxy.hold()
            else:
                proxy.release()

        async def network_change() -> int:
            link.retire()
            proxy.down = True
            return proxy.cut()

        async def throttle(kbps: float | None) -> None:
            link.kbps = kbps

        async def close() -> None:
            await proxy.close()
            link.close()

        options = ("--signal-url", signal_url, "--bad-network", "--rejoin", "--stats", "--log")
        spoke = Party.start("spoke", base, cid, operator, False, SPOKE_TONE, options)
        doc = Party.start("doctor", base, cid, doctor, True, DOCTOR_TONE, options)
        try:
            for party in (spoke, doc):
                party.wait("joined")
                party.until("state", connected, WAIT)
            doc.until("stats", lambda s: s["audio_in"] >= 50, WAIT)
            spoke.until("stats", lambda s: s["size"] == [640, 480] and s["video_kbps"], WAIT)
            assert link.forwarded > 50  # the media crosses the link (the peers know no other)
            assert proxy.joins == 2

            # (a) A 5-second outage: nothing gets through; the room's messages wait.
            for party in (spoke, doc):
                party.forget("state", "room", "level")
            started = time.monotonic()
            runtime.submit(outage(hold=True)).result(30)
            for party in (spoke, doc):
                party.until("state", lambda s: s["state"] == "reconnecting", WAIT)
            sent = chat(spoke, "during the outage")
            time.sleep(max(0.0, started + OUTAGE_SECONDS - time.monotonic()))  # the impairment
            runtime.submit(outage(hold=False)).result(30)
            for party in (spoke, doc):
                party.until("state", connected, WAIT)
            again = doc.until("stats", lambda s: connected(s) and s["renegotiations"] >= 1, WAIT)
            doc.until("stats", lambda s: s["audio_in"] >= again["audio_in"] + 50, WAIT)
            assert proxy.joins == 2  # the same rooms: nobody had to rejoin
            arrived(doc, spoke, sent, "during the outage")

            # (a') A network change: the old media paths are gone for good and both
            # signaling connections drop; rejoining is refused for 5 seconds.
            for party in (spoke, doc):
                party.forget("state", "room", "token", "level")
            started = time.monotonic()
            assert runtime.submit(network_change()).result(30) == 2
            for party in (spoke, doc):
                party.until("room", lambda r: not r["present"], WAIT)
                party.until("state", lambda s: s["state"] == "reconnecting", WAIT)
            sent = chat(spoke, "while the room was away")
            time.sleep(max(0.0, started + OUTAGE_SECONDS - time.monotonic()))  # the impairment
            runtime.submit(outage(hold=False)).result(30)
            for party in (spoke, doc):
                party.until("room", lambda r: bool(r["present"]), WAIT)
                party.wait("token")  # each rejoin asked for a fresh token
                party.until("state", connected, WAIT)
            renegotiated = again["renegotiations"]
            again = doc.until(
                "stats", lambda s: connected(s) and s["renegotiations"] > renegotiated, WAIT
            )
            doc.until("stats", lambda s: s["audio_in"] >= again["audio_in"] + 50, WAIT)
            assert proxy.joins >= 4
            arrived(doc, spoke, sent, "while the room was away")

            # (b) Throttled to 150 kbit/s: audio only within 10 s; the call stays up.
            spoke.forget("level")
            started = time.monotonic()
            runtime.submit(throttle(150)).result(30)
            spoke.until("level", lambda lv: not lv["video"], WAIT)
            to_audio = time.monotonic() - started
            assert to_audio <= 10.0, to_audio
            heard = doc.until("stats", lambda s: True, WAIT)["audio_in"]
            doc.until("stats", lambda s: connected(s) and s["audio_in"] >= heard + 50, WAIT)
            quiet = spoke.until("stats", lambda s: not s["video"] and s["video_kbps"] == 0, WAIT)
            assert connected(quiet)

            # (c) Unthrottled: back up to the source's full 640x480 at 480p25, sending more
            # video than the throttled link could carry at all.
            spoke.forget("level")
            runtime.submit(throttle(None)).result(30)
            spoke.until("level", lambda lv: lv["level"] == "480p25", WAIT)
            up = spoke.until(
                "stats",
                # the size is the last picture sent: one scaled before the step may still be it
                lambda s: (
                    s["level"] == "480p25"
                    and s["size"] == [640, 480]
                    and (s["video_kbps"] or 0) > 200
                ),
                WAIT,
            )
            assert connected(up), up
            # the encoder's target: set to 480p25's on the step, lowered by REMB only
            assert 0 < up["encoder_bitrate"] <= LEVELS[1].bitrate, up

            doc.send("END")
            doc_end, spoke_end = doc.wait("ended", WAIT), spoke.wait("ended", WAIT)
            for ended in (doc_end, spoke_end):
                history = ended["history"]
                assert history[:6] == [
                    "waiting",
                    "ringing",
                    "connecting",
                    "connected",
                    "reconnecting",
                    "connected",
                ], history
                assert history[-1] == "ended"
            # (d) Each message arrived once: no other chat reached the doctor by the end.
            assert doc.all_seen("chat") == []
            assert doc.wait("exit") and spoke.wait("exit")
            assert doc.stop() == 0 and spoke.stop() == 0
        finally:
            doc.stop()
            spoke.stop()
            runtime.submit(close()).result(30)
