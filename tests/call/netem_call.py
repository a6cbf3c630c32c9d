"""A call run inside a network namespace for tests/call/test_call_netem.py: both parties in
this process over loopback (the namespace's ``lo``, which the test impairs with tc), an
in-memory room. Prints JSON lines: ``state`` (the doctor's call), ``level`` (what the spoke
sends), ``audio`` every 50 sound frames the doctor receives (with the spoke's picture size);
ends when stdin says "stop" or closes."""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any

from desktop.call.runtime import CallRuntime
from desktop.call.synthetic import CounterVideoTrack
from desktop.core.call import CallState
from desktop.core.call_adapt import Level
from tests.call.test_call_network import Side
from tests.call.test_call_stall import MemoryRoom


def say(event: str, **fields: Any) -> None:
    print(json.dumps({"event": event, **fields}), flush=True)


async def main() -> None:
    spoke_room = MemoryRoom("spoke", [])
    doctor_room = MemoryRoom("doctor", [{"peer": "spoke", "role": "spoke_operator"}])
    spoke_room.other, doctor_room.other = doctor_room, spoke_room
    spoke = Side(spoke_room, CounterVideoTrack(640, 480, 25), caller=False)
    doctor = Side(doctor_room, CounterVideoTrack(320, 240, 15), caller=True)

    def on_doctor(what: str, value: Any) -> None:
        if what == "state" and isinstance(value, CallState):
            say("state", state=value.value)
        elif what == "audio" and value % 50 == 0:
            say("audio", frames=value, size=list(spoke.track.sent_size))

    def on_spoke(what: str, value: Any) -> None:
        if what == "level" and isinstance(value, Level):
            say("level", level=value.name, video=value.video)

    doctor.hooks.append(on_doctor)
    spoke.hooks.append(on_spoke)
    tasks = [
        asyncio.ensure_future(c)
        for side in (spoke, doctor)
        for c in (side.session.run(), side.adaptation.run())
    ]
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    try:
        while True:
            line = await reader.readline()
            if not line or line.strip() == b"stop":
                break
    finally:
        await doctor.session.hang_up()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        say(
            "ended",
            renegotiations=doctor.session.renegotiations,
            history=[s.value for s in doctor.session.machine.history],
        )


if __name__ == "__main__":
    import logging

    import aioice.ice

    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(message)s")
    logging.getLogger("aioice").setLevel(logging.WARNING)

    aioice.ice.get_host_addresses = lambda use_ipv4, use_ipv6: ["127.0.0.1"]  # type: ignore[assignment]
    with CallRuntime() as runtime:
        runtime.submit(main()).result()
