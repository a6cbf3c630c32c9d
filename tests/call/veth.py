"""The spoke's own network for the call tests: a network namespace joined to the test's by a
veth pair (10.213.N.0/30), tc on both ends of it, a move of the spoke to a new address (a
network change), and a call across it: the spoke's party process in the namespace, the
doctor's here, the hub reached through a TCP relay on the veth address. Root, ``ip netns``
and ``tc`` needed (``netns_works``)."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from desktop.call.runtime import CallRuntime
from tests.call.support import DOCTOR_TONE, SPOKE_TONE, Party
from tests.call.tcp_relay import TcpRelay
from tests.sync_support.hubctl import LiveHub

# The outage: netem's "loss 100%" where the kernel has sch_netem; else a token bucket too
# small for any packet of the call (a 64-byte bucket at 8 bit/s: every datagram is dropped).
NETEM_OUTAGE = ("netem", "loss", "100%")
TBF_OUTAGE = ("tbf", "rate", "8bit", "burst", "64", "limit", "64")


def netns_works() -> bool:
    if os.geteuid() != 0 or shutil.which("ip") is None or shutil.which("tc") is None:
        return False
    name = f"spoke-probe-{uuid.uuid4().hex[:8]}"
    if subprocess.run(["ip", "netns", "add", name], capture_output=True).returncode != 0:
        return False
    subprocess.run(["ip", "netns", "del", name], capture_output=True)
    return True


def run(*args: str) -> None:
    subprocess.run(list(args), check=True, capture_output=True)


def free_octet(*taken: int) -> int:
    """N of a 10.213.N.0/30 no interface here uses (random start: tests of other worktrees
    may hold some)."""
    used = subprocess.run(["ip", "-4", "addr"], capture_output=True, text=True).stdout
    start = int(uuid.uuid4().int % 200) + 20
    for octet in [*range(start, 255), *range(20, start)]:
        if octet not in taken and f"10.213.{octet}." not in used:
            return octet
    raise RuntimeError("no free 10.213.N.0/30")


@dataclass
class SpokeNet:
    netns: str
    here_if: str  # this namespace's end of the veth pair
    there_if: str  # the spoke namespace's end
    here: str  # addresses: the test's (the hub's and the doctor's) stays for good
    there: str  # the spoke's, until ``move``
    outage: tuple[str, ...]
    octets: tuple[int, ...] = ()

    @property
    def inside(self) -> tuple[str, ...]:
        return ("ip", "netns", "exec", self.netns)

    def crossed(self) -> int:
        """Bytes that went over the veth pair so far, both ways."""
        stats = Path("/sys/class/net") / self.here_if / "statistics"
        return sum(int((stats / name).read_text()) for name in ("rx_bytes", "tx_bytes"))

    def impair(self, *qdisc: str) -> None:
        """The same queueing discipline on both ends (both directions); none: unimpaired."""
        for prefix, dev in ((), self.here_if), (self.inside, self.there_if):
            if qdisc:
                run(*prefix, "tc", "qdisc", "replace", "dev", dev, "root", *qdisc)
            else:
                subprocess.run(
                    [*prefix, "tc", "qdisc", "del", "dev", dev, "root"], capture_output=True
                )

    def move(self) -> str:
        """A network change: the spoke's address is flushed and it gets one in a new /30,
        with a default route through this side's new address there (as after a new DHCP
        lease behind another router); ``here`` stays, reached through that route. Returns
        the spoke's new address."""
        octet = free_octet(*self.octets)
        gateway, address = f"10.213.{octet}.1", f"10.213.{octet}.2"
        run("ip", "addr", "add", f"{gateway}/30", "dev", self.here_if)
        run(*self.inside, "ip", "addr", "flush", "dev", self.there_if)
        run(*self.inside, "ip", "addr", "add", f"{address}/30", "dev", self.there_if)
        run(*self.inside, "ip", "route", "add", "default", "via", gateway)
        self.there, self.octets = address, (*self.octets, octet)
        return address

    def addresses(self) -> list[str]:
        """The spoke's IPv4 addresses now."""
        out = subprocess.run(
            [*self.inside, "ip", "-4", "-o", "addr", "show", "dev", self.there_if],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        return [line.split()[3].split("/")[0] for line in out.splitlines()]


@contextmanager
def spoke_network() -> Iterator[SpokeNet]:
    """The namespace and the veth pair, removed at the end."""
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
        net = SpokeNet(netns, here_if, there_if, here, there, outage, (octet,))
        net.impair()
        yield net
    finally:
        subprocess.run(["ip", "link", "del", here_if], capture_output=True)
        subprocess.run(["ip", "netns", "del", netns], capture_output=True)


@contextmanager
def call_across(
    net: SpokeNet,
    hub: LiveHub,
    cid: str,
    operator: str,
    doctor: str,
    options: tuple[str, ...],
    *,
    spoke_options: tuple[str, ...] = (),
) -> Iterator[tuple[Party, Party]]:
    """The spoke's party in the namespace (its hub: a relay on ``net.here``), the doctor's
    here; ICE on the veth addresses (the spoke's ``--host-address``: ``spoke_options`` may
    say another); both stopped at the end."""
    with CallRuntime() as runtime:
        relay = TcpRelay(net.here, ("127.0.0.1", hub.port))
        port = runtime.submit(relay.start()).result(30)
        spoke = Party.start(
            "spoke",
            f"http://{net.here}:{port}",  # the hub, as the spoke's namespace reaches it
            cid,
            operator,
            False,
            SPOKE_TONE,
            (*options, "--host-address", net.there, *spoke_options),
            prefix=net.inside,
        )
        doc = Party.start(
            "doctor",
            hub.base_url,
            cid,
            doctor,
            True,
            DOCTOR_TONE,
            (*options, "--host-address", net.here),
        )
        try:
            yield spoke, doc
        finally:
            doc.stop()
            spoke.stop()
            runtime.submit(relay.close()).result(30)
