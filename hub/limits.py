"""Request size limits as ASGI middleware: 413 before the app reads an oversized body.

tus PATCH bodies have no per-request cap: they stream to disk and the upload's declared
length bounds them (hub.api.uploads).
"""

from __future__ import annotations

import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hub.tus import is_tus_path
from protocol.errors import ErrorCode


class SizeLimit:
    """Every body but a tus PATCH is at most ``max_json`` bytes."""

    def __init__(self, app: ASGIApp, max_json: int) -> None:
        self.app = app
        self.max_json = max_json

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or (scope["method"] == "PATCH" and is_tus_path(scope["path"])):
            await self.app(scope, receive, send)
            return
        limit = self.max_json
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            await _reject(send)
            return
        seen = 0
        started = False
        rejected = False

        async def counted_receive() -> Message:
            nonlocal seen, rejected
            if rejected:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    # Answer 413 now; the app sees the client go away and its answer is dropped.
                    rejected = True
                    if not started:
                        await _reject(send)
                    return {"type": "http.disconnect"}
            return message

        async def tracked_send(message: Message) -> None:
            nonlocal started
            if rejected:
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        await self.app(scope, counted_receive, tracked_send)


async def _reject(send: Send) -> None:
    body = json.dumps(
        {"code": ErrorCode.TOO_LARGE.value, "detail": "request body too large"}
    ).encode()
    headers: list[Any] = [(b"content-type", b"application/json"), (b"connection", b"close")]
    headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": 413, "headers": headers})
    await send({"type": "http.response.body", "body": body})
