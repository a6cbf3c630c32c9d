"""tus 1.0 rules that sit outside the routes: method override and Tus-Resumable on answers.

A tus server must honour ``X-HTTP-Method-Override`` (for clients behind proxies that allow
only GET and POST), and every answer to a tus request names the protocol version, also the
401 that the authentication dependency gives before any tus code runs.
"""

from __future__ import annotations

import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hub import API_PREFIX

TUS_VERSION = "1.0.0"
_TUS_PATH = re.compile("^" + re.escape(API_PREFIX) + r"/uploads(/[^/]+)?/?$")
OVERRIDABLE = {"PATCH", "DELETE", "HEAD"}


def is_tus_path(path: str) -> bool:
    """The creation URL and upload URLs (not the JSON routes under them)."""
    return bool(_TUS_PATH.match(path))


class TusProtocol:
    """Outside the size limit, so a POST overridden to PATCH is treated as the PATCH it is."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not is_tus_path(scope["path"]):
            await self.app(scope, receive, send)
            return
        if scope["method"] == "POST":
            for name, value in scope.get("headers") or []:
                if name == b"x-http-method-override":
                    method = value.decode("latin-1").strip().upper()
                    if method in OVERRIDABLE:
                        scope = dict(scope, method=method)
                    break

        async def versioned(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                if not any(name.lower() == b"tus-resumable" for name, _ in headers):
                    headers.append((b"tus-resumable", TUS_VERSION.encode()))
                message = dict(message, headers=headers)
            await send(message)

        await self.app(scope, receive, versioned)
