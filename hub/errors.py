"""Unexpected errors: answered with a bare 500 and logged once, with no request data.

The traceback is logged (the engines hide SQL parameters, see hub.db), never the body, the
query string or the headers, so a crash in a patient write leaves no patient data in the logs.
"""

from __future__ import annotations

import logging

from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("hub.errors")
BODY = b'{"detail":"internal server error"}'


class ServerErrors:
    """Outermost app middleware: turns an unhandled exception into a 500 JSON answer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception:
            log.exception("unhandled error in %s %s", scope["method"], scope["path"])
            if started:
                raise  # the server closes the connection; nothing more can be said
            headers = [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(BODY)).encode()),
            ]
            await send({"type": "http.response.start", "status": 500, "headers": headers})
            await send({"type": "http.response.body", "body": BODY})
