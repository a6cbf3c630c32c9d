"""The spoke's ear for its clinic's calls: a WebSocket to ``/api/v1/calls/watch`` held while
signed in, handing each event of the hub (a doctor waits in a consult's call room, the call
was answered, the doctor left) to ``on_event``; reconnects after a drop with a growing wait,
fetching a fresh token each time. Runs on the call runtime's loop; no Qt here."""

from __future__ import annotations

import asyncio
import json
import ssl
from collections.abc import Callable
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake

from desktop import logs

log = logs.get("call")

Access = Callable[[], tuple[str, str]]  # blocking: (hub base URL, access token)
OnEvent = Callable[[dict[str, Any]], None]
LOST = {"type": "bell-lost"}  # handed on when the connection drops (the calls are unknown)


def ws_url(base_url: str, path: str) -> str:
    base = base_url.rstrip("/")
    if base.startswith("https://"):
        base = "wss://" + base.removeprefix("https://")
    elif base.startswith("http://"):
        base = "ws://" + base.removeprefix("http://")
    return f"{base}/api/v1{path}"


async def open_watch(
    base_url: str, token: str, *, ssl_context: ssl.SSLContext | None = None, timeout: float = 20.0
) -> ClientConnection:
    url = ws_url(base_url, "/calls/watch")
    return await connect(
        url,
        additional_headers={"Authorization": f"Bearer {token}"},
        ssl=ssl_context if url.startswith("wss://") else None,
        open_timeout=timeout,
        proxy=None,  # like the hub client: straight to the hub
    )


class CallBellClient:
    """``await run()`` until cancelled. ``connected`` is set while the hub is heard."""

    def __init__(
        self,
        access: Access,
        on_event: OnEvent,
        *,
        first_wait: float = 1.0,
        longest_wait: float = 30.0,
    ) -> None:
        self.access = access
        self.on_event = on_event
        self.first_wait = first_wait
        self.longest_wait = longest_wait
        self.connected = asyncio.Event()

    async def run(self) -> None:
        wait = self.first_wait
        while True:
            try:
                base_url, token = await asyncio.to_thread(self.access)
                ws = await open_watch(base_url, token)
            except (OSError, InvalidHandshake, TimeoutError) as exc:
                log.info("call bell: hub not reached (%s)", type(exc).__name__)
            except Exception as exc:  # noqa: BLE001 -- no hub client yet, signed out, refused
                log.info("call bell: no hub access (%s)", type(exc).__name__)
            else:
                try:
                    async for text in ws:
                        event = json.loads(text)
                        if isinstance(event, dict):
                            if event.get("type") == "watching":
                                self.connected.set()
                                wait = self.first_wait
                            self.on_event(event)
                except (ConnectionClosed, ValueError) as exc:
                    log.info("call bell: connection ended (%s)", type(exc).__name__)
                finally:
                    await ws.close()
                if self.connected.is_set():
                    self.connected.clear()
                    self.on_event(dict(LOST))
            await asyncio.sleep(wait)
            wait = min(wait * 2, self.longest_wait)
