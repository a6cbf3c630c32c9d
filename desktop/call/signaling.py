"""The client side of the hub's signaling room, ``WS /api/v1/consults/{id}/signal``: join
with the bearer token, send and receive the relayed messages (offer, answer, candidate, bye, chat)
and the room's own (welcome, peer-joined, peer-left, error). The hub's refusals, close codes
4401 and 4403, become typed errors. ``rejoiner`` makes the callable a call session uses to
join the room again after the connection to the hub drops (with a fresh token each time).
"""

from __future__ import annotations

import asyncio
import errno
import inspect
import json
import socket
import ssl
from collections.abc import Awaitable, Callable
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake

RELAYED = frozenset(
    {"offer", "answer", "candidate", "bye", "chat", "restart"}
    | {"still-request", "still-sent", "still-failed", "recording"}  # the call's extras
)
MAX_MESSAGE_BYTES = 64 * 1024  # the hub's limit per message


class SignalingError(Exception):
    """The room could not be joined or was lost. ``code`` is the close code, if any."""

    def __init__(self, detail: str = "", code: int | None = None) -> None:
        super().__init__(detail or type(self).__name__)
        self.code = code


class NotSignedIn(SignalingError):
    """4401: the token is missing, expired or revoked (or the device is)."""

    def __init__(self, code: int = 4401) -> None:
        super().__init__("not signed in", code)


class NotInRoom(SignalingError):
    """4403: not this consult's operator or assigned doctor, or the consult is not (or no
    longer) assigned or in progress."""

    def __init__(self, code: int = 4403) -> None:
        super().__init__("not admitted to this consult's room", code)


class RoomClosed(SignalingError):
    """The connection ended for another reason (network, hub restart, our own close)."""


def refusal(code: int | None) -> SignalingError:
    if code == 4401:
        return NotSignedIn()
    if code == 4403:
        return NotInRoom()
    return RoomClosed("signaling connection closed", code)


def signal_url(base_url: str, consult_id: str) -> str:
    base = base_url.rstrip("/")
    if base.startswith("https://"):
        base = "wss://" + base.removeprefix("https://")
    elif base.startswith("http://"):
        base = "ws://" + base.removeprefix("http://")
    return f"{base}/api/v1/consults/{consult_id}/signal"


class Signaling:
    """One joined room. Make it with ``await Signaling.join(...)``; ``welcome`` holds this
    peer's id and the peers already there."""

    def __init__(self, ws: ClientConnection, welcome: dict[str, Any]) -> None:
        self._ws = ws
        self.welcome = welcome
        self.peer_id = str(welcome.get("peer", ""))

    @classmethod
    async def join(
        cls,
        base_url: str,
        consult_id: str,
        token: str,
        *,
        ssl_context: ssl.SSLContext | None = None,
        open_timeout: float = 20.0,
    ) -> Signaling:
        url = signal_url(base_url, consult_id)
        try:
            ws = await connect(
                url,
                additional_headers={"Authorization": f"Bearer {token}"},
                ssl=ssl_context if url.startswith("wss://") else None,
                open_timeout=open_timeout,
                max_size=MAX_MESSAGE_BYTES * 2,
                proxy=None,  # like the hub client (trust_env=False): straight to the hub
            )
        except (OSError, InvalidHandshake, TimeoutError) as exc:
            raise RoomClosed(f"cannot reach the signaling room: {type(exc).__name__}") from None
        room = cls(ws, {})
        first = await room.receive()  # a refusal arrives here as its close code
        if first.get("type") != "welcome":
            await ws.close()
            raise RoomClosed("the room did not welcome us")
        room.welcome = first
        room.peer_id = str(first.get("peer", ""))
        return room

    async def send(self, message: dict[str, Any]) -> None:
        if message.get("type") not in RELAYED:
            raise ValueError(f"not a relayed message type: {message.get('type')!r}")
        try:
            await self._ws.send(json.dumps(message))
        except ConnectionClosed as exc:
            raise refusal(_code(exc)) from None

    async def receive(self) -> dict[str, Any]:
        """The next message; raises NotSignedIn / NotInRoom / RoomClosed when the room ends."""
        try:
            text = await self._ws.recv()
        except ConnectionClosed as exc:
            raise refusal(_code(exc)) from None
        message = json.loads(text)
        return message if isinstance(message, dict) else {"type": "error"}

    async def round_trip(self, timeout: float = 10.0) -> float:
        """Seconds for a WebSocket ping to the hub and back (the pre-call check's round trip).
        Raises RoomClosed when no pong comes back within ``timeout``."""
        try:
            async with asyncio.timeout(timeout):  # the ping's sending too: a full buffer waits
                pong = await self._ws.ping()
                return float(await pong)
        except (ConnectionClosed, TimeoutError) as exc:
            raise RoomClosed(f"no answer to a ping: {type(exc).__name__}") from None

    def stranded(self) -> bool:
        """The connection's own address is no longer this machine's (a network change took
        it): nothing can cross it again, though its socket stays open until keepalive gives
        up. Told by binding a throwaway UDP socket to that address."""
        return address_gone(self._ws.local_address)

    def abort(self) -> None:
        """Drops the connection at once, without the closing handshake (which would wait
        for a dead link's timeout): ``receive`` raises RoomClosed."""
        self._ws.transport.abort()

    async def close(self) -> None:
        await self._ws.close()

    @property
    def close_code(self) -> int | None:
        return self._ws.close_code


TokenSource = Callable[[], Awaitable[str]] | Callable[[], str]


def rejoiner(
    base_url: str,
    consult_id: str,
    token: TokenSource,
    *,
    ssl_context: ssl.SSLContext | None = None,
    open_timeout: float = 20.0,
) -> Callable[[], Awaitable[Signaling]]:
    """A callable that joins the consult's room again with a fresh token from ``token`` (a
    coroutine function, or a blocking function such as ``HubClient.access_token``, which
    then runs on a worker thread so the loop never waits on it). A token that cannot be had
    is a ``RoomClosed`` (tried again later, like an unreachable hub); the hub's refusals stay
    ``NotSignedIn`` / ``NotInRoom``."""

    async def join_again() -> Signaling:
        try:
            if inspect.iscoroutinefunction(token):
                fresh = await token()
            else:
                fresh = await asyncio.to_thread(token)
            if inspect.isawaitable(fresh):
                fresh = await fresh
        except SignalingError:
            raise
        except Exception as exc:  # noqa: BLE001 -- the source is the caller's: tried again
            raise RoomClosed(f"no token to rejoin: {type(exc).__name__}") from None
        return await Signaling.join(
            base_url, consult_id, str(fresh), ssl_context=ssl_context, open_timeout=open_timeout
        )

    return join_again


def address_gone(sockname: Any) -> bool:
    """A socket's local address (``getsockname()``) is no longer one of this machine's."""
    if not isinstance(sockname, tuple) or not sockname or not isinstance(sockname[0], str):
        return False
    host = sockname[0].split("%")[0]  # an IPv6 scope
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_DGRAM) as probe:
        try:
            probe.bind((host, 0))
        except OSError as exc:
            return exc.errno == errno.EADDRNOTAVAIL
    return False


def _code(exc: ConnectionClosed) -> int | None:
    return exc.rcvd.code if exc.rcvd is not None else None
