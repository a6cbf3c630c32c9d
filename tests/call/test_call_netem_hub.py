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

import subprocess
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from desktop.call.runtime import CallRuntime
from tests.call.support import Party, accept, availability, new_consult, sign_in
from tests.call.tcp_relay import TcpRelay
from tests.call.test_call_hub_network import OUTAGE_SECONDS, arrived, chat, connected
from tests.call.test_call_netem import NETEM_OUTAGE, TBF_OUTAGE, _netns_works
from tests.call.test_call_two_processes import DOCTOR_TONE, SPOKE_TONE
from tests.sync_support.hubctl import LiveHub

pytestmark = pytest.mark.skipif(not _netns_works(), reason="needs root, ip netns and tc")

WAIT = 120.0
THROTTLE = ("tbf", "rate", "150kbit", "burst", "8kbit", "latency", "200ms")


def run(*args: str) -> None:
    subprocess.run(list(args), check=True, capture_output=True)


@dataclass
class SpokeNet:
    netns: str
    here_if: str  # this namespace's end of the veth pair
    there_if: str  # the spoke namespace's end
    here: str  # addresses
    there: str
    outage: tuple[str, ...]

    def crossed(self) -> int:
        """Bytes that went over the veth pair so far, both ways."""
        stats = Path("/sys/class/net") / self.here_if / "statistics"
        return sum(int((stats / name).read_text()) for name in ("rx_bytes", "tx_bytes"))

    def impair(self, *qdisc: str) -> None:
        """The same queueing discipline on both ends (both directions); none: unimpaired."""
        for prefix, dev in ((), self.here_if), (("ip", "netns", "exec", self.netns), self.there_if):
            if qdisc:
                run(*prefix, "tc", "qdisc", "replace", "dev", dev, "root", *qdisc)
            else:
                subprocess.run(
                    [*prefix, "tc", "qdisc", "del", "dev", dev, "root"], capture_output=True
                )


def free_octet() -> int:
    used = subprocess.run(["ip", "-4", "addr"], capture_output=True, text=True).stdout
    for octet in range(int(uuid.uuid4().int % 200) + 20, 255):
        if f"10.213.{octet}." not in used:
            return octet
    raise RuntimeError("no free 10.213.N.0/30")


@pytest.fixture
def spoke_net() -> Iterator[SpokeNet]:
    tag = uuid.uuid4().hex[:6]
    netns, here_if, there_if = f"spoke-veth-{tag}", f"sc{tag}h", f"sc{tag}s"
    octet = free_octet()
    here, there = f"10.213.{octet}.1", f"10.213.{octet}.2"
    run("ip", "netns", "add", netns)
    try:
        run("ip", "link", "add", here_if, "type", "veth", "peer", "name", there_if)
        run("ip", "link", "set", there_if, "netns", netns)
        run("ip", "addr", "add", f"{here}/30", "dev", here_if)
        run("ip", "link", "set", here_if, "up")
        inside = ("ip", "netns", "exec", netns)
        run(*inside, "ip", "addr", "add", f"{there}/30", "dev", there_if)
        run(*inside, "ip", "link", "set", there_if, "up")
        run(*inside, "ip", "link", "set", "lo", "up")
        probe = subprocess.run(
            ["tc", "qdisc", "add", "dev", here_if, "root", *NETEM_OUTAGE], capture_output=True
        )
        outage = NETEM_OUTAGE if probe.returncode == 0 else TBF_OUTAGE
        net = SpokeNet(netns, here_if, there_if, here, there, outage)
        net.impair()
        yield net
    finally:
        subprocess.run(["ip", "link", "del", here_if], capture_output=True)
        subprocess.run(["ip", "netns", "del", netns], capture_output=True)


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[LiveHub]:
    live = LiveHub.create(tmp_path / "hub").start()
    yield live
    live.close()


def test_party_per_namespace_through_the_hub(spoke_net: SpokeNet, hub: LiveHub) -> None:
    base = hub.base_url
    operator = sign_in(base, hub.enrollment_code("spoke"), "operator")
    doctor = sign_in(base, hub.enrollment_code("hub"), "doctor")
    availability(base, doctor, "online")
    cid = str(new_consult(base, operator)["id"])
    accept(base, doctor, cid)

    with CallRuntime() as runtime:
        relay = TcpRelay(spoke_net.here, ("127.0.0.1", hub.port))
        port = runtime.submit(relay.start()).result(30)
        options = ("--bad-network", "--rejoin", "--stats", "--log")
        spoke = Party.start(
            "spoke",
            f"http://{spoke_net.here}:{port}",  # the hub, as the spoke's namespace reaches it
            cid,
            operator,
            False,
            SPOKE_TONE,
            (*options, "--host-address", spoke_net.there),
            prefix=("ip", "netns", "exec", spoke_net.netns),
        )
        doc = Party.start(
            "doctor",
            base,
            cid,
            doctor,
            True,
            DOCTOR_TONE,
            (*options, "--host-address", spoke_net.here),
        )
        try:
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
            spoke.until("level", lambda lv: lv["level"] == "480p25", WAIT)
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
        finally:
            doc.stop()
            spoke.stop()
            runtime.submit(relay.close()).result(30)
