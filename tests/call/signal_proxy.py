"""A WebSocket relay between call parties and the hub's signaling rooms, under the test's
control (tests/call/test_call_hub_network.py): each party joins the room through it; it
opens the same room on the hub with the party's own token and passes every message both
ways, with the hub's close codes. Offers and answers on their way to the hub have their
host candidates rewritten to a ``Link``'s forwarders (tests/call/link.py), so every
datagram of the call crosses the link the test impairs. ``hold()`` stops passing messages
on (they wait, in order, as in the TCP buffers of a link that is out for a few seconds) and
``release()`` lets them go; ``cut()`` drops every connection (no close frame: as a network
that goes away) and, while ``down``, new ones are refused.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response

from tests.call.link import Link


class SignalProxy:
    """Make and use it on one event loop: ``await start()`` gives the base URL to join."""

    def __init__(self, hub_base_url: str, link: Link | None = None) -> None:
        self.hub = hub_base_url.replace("http://", "ws://", 1).rstrip("/")
        self.link = link
        self.down = False
        self.joins = 0  # connections passed on to the hub
        self._flowing = asyncio.Event()
        self._flowing.set()
        self._open: set[tuple[ServerConnection, ClientConnection]] = set()
        self._server: Server | None = None

    async def start(self) -> str:
        self._server = await serve(
            self._relay, "127.0.0.1", 0, process_request=self._gate, max_size=None
        )
        port = next(iter(self._server.sockets)).getsockname()[1]
        return f"http://127.0.0.1:{port}"

    def _gate(self, connection: ServerConnection, request: Request) -> Response | None:
        if self.down:
            return connection.respond(503, "the link is down\n")
        return None

    async def _relay(self, party: ServerConnection) -> None:
        assert party.request is not None
        auth = party.request.headers.get("Authorization", "")
        try:
            hub = await connect(
                self.hub + party.request.path,
                additional_headers={"Authorization": auth},
                max_size=None,
                proxy=None,
            )
        except (OSError, TimeoutError, ConnectionClosed):
            await party.close(1011)
            return
        self.joins += 1
        pair = (party, hub)
        self._open.add(pair)
        try:
            to_hub = asyncio.ensure_future(self._pass(party, hub, rewrite=True))
            to_party = asyncio.ensure_future(self._pass(hub, party, rewrite=False))
            await asyncio.wait({to_hub, to_party}, return_when=asyncio.FIRST_COMPLETED)
            for task in (to_hub, to_party):
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            code = hub.close_code
            if code is not None and 4000 <= code < 5000:
                await party.close(code)  # the hub's refusal reaches the party as it was
            else:
                await party.close()
            await hub.close()
        finally:
            self._open.discard(pair)

    async def _pass(self, source: Any, target: Any, *, rewrite: bool) -> None:
        with contextlib.suppress(ConnectionClosed):
            async for text in source:
                if rewrite and self.link is not None:
                    message = json.loads(text)
                    if isinstance(message, dict) and message.get("type") in ("offer", "answer"):
                        text = json.dumps(await self.link.rewrite(message))
                await self._flowing.wait()
                await target.send(text)

    def hold(self) -> None:
        self._flowing.clear()

    def release(self) -> None:
        self._flowing.set()

    def cut(self) -> int:
        """Drops every connection at once, both sides (the hub sees its members go)."""
        cut = 0
        for party, hub in list(self._open):
            party.transport.abort()
            hub.transport.abort()
            cut += 1
        return cut

    async def close(self) -> None:
        self.cut()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
