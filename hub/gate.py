"""At most N requests inside the app at once, for the embedded SQLite hub.

SQLite transactions queue on one in-process lock (hub.db), and a waiting request holds a
worker thread. FastAPI ends a request's transaction in a second call on the same thread pool,
so if every pool thread waited for the lock, the holder could never commit. Keeping the
requests inside the app well below the pool size (anyio's default is 40 threads) rules that
out. tus PATCH bodies, WebSockets and the doctors' queue long-poll, which hold no transaction
while they stream or wait, pass freely.
"""

from __future__ import annotations

import asyncio

from starlette.types import ASGIApp, Receive, Scope, Send

from hub.tus import is_tus_path

WATCH_SUFFIX = "/doctors/me/queue/watch"  # waits up to 30 s holding no transaction


class RequestGate:
    def __init__(self, app: ASGIApp, limit: int = 16) -> None:
        self.app = app
        self.limit = limit
        self._slots: asyncio.Semaphore | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or (scope["method"] == "PATCH" and is_tus_path(scope["path"]))
            or scope["path"].endswith(WATCH_SUFFIX)
        ):
            await self.app(scope, receive, send)
            return
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.limit)
        async with self._slots:
            await self.app(scope, receive, send)
