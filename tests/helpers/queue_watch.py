"""A stand-in for the hub's queue watch (``GET /api/v1/doctors/me/queue/watch``, answering
``{"version": int}``) on a test hub app that does not have it yet: the version moves after
every successful write the hub answers, and a watch is held on a condition until it does
(a push, not a poll). With the real endpoint present the app is left as it is."""

from __future__ import annotations

import threading
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request, Response

WATCH = "/api/v1/doctors/me/queue/watch"


class QueueVersion:
    def __init__(self) -> None:
        self.version = 0
        self.cond = threading.Condition()

    def bump(self) -> None:
        with self.cond:
            self.version += 1
            self.cond.notify_all()

    def wait(self, since: int, timeout: float) -> int:
        with self.cond:
            self.cond.wait_for(lambda: self.version > since, timeout)
            return self.version


def with_queue_watch(app: FastAPI) -> FastAPI:
    if any(getattr(route, "path", "") == WATCH for route in app.routes):
        return app
    state = QueueVersion()

    @app.middleware("http")
    async def bump_after_writes(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        if request.method in ("POST", "PUT", "DELETE") and response.status_code < 400:
            state.bump()
        return response

    def watch(since: int = -1, timeout: float = 25.0) -> dict[str, Any]:
        return {"version": state.wait(since, min(timeout, 25.0))}

    app.add_api_route(WATCH, watch, methods=["GET"])
    # Before the app's own routes: a catch-all of the hub must not answer first.
    app.router.routes.insert(0, app.router.routes.pop())
    return app
