"""Error answers: every one is ``{"code": <protocol.errors.ErrorCode>, "detail": ...}`` and
carries no request data (422s without the input, 500s logged once).

The traceback is logged (the engines hide SQL parameters, see hub.db), never the body, the
query string, the headers or the raw path (its route template is logged instead), so a crash
in a patient write leaves no patient data in the logs.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from typing import Any

from fastapi import HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hub.inputs import public_errors
from protocol.errors import ErrorCode, code_for_status

log = logging.getLogger("hub.errors")
# Replaces uvicorn's access log, whose request line carries the raw path and query string.
access = logging.getLogger("hub.access")
BODY = b'{"code":"server_error","detail":"internal server error"}'


class ApiError(HTTPException):
    """An error answer with a precise code (an ``HTTPException`` without one is answered with
    its status's default code)."""

    def __init__(
        self,
        status: int,
        code: ErrorCode,
        detail: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(status, detail, dict(headers) if headers else None)
        self.code = code


def error_body(code: ErrorCode, detail: Any) -> dict[str, Any]:
    return {"code": code.value, "detail": detail}


async def http_errors(request: Request, exc: Exception) -> Response:
    """Every ``HTTPException`` (ours, FastAPI's and the router's 404/405) with its code."""
    assert isinstance(exc, StarletteHTTPException)
    headers = getattr(exc, "headers", None)
    if exc.status_code in (204, 304):  # no body allowed
        return Response(status_code=exc.status_code, headers=headers)
    code = exc.code if isinstance(exc, ApiError) else code_for_status(exc.status_code)
    return JSONResponse(error_body(code, exc.detail), status_code=exc.status_code, headers=headers)


class ServerErrors:
    """Outermost app middleware: turns an unhandled exception into a 500 JSON answer, and
    logs one access line per request (method, route template, status, time)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False
        status = 500
        began = time.perf_counter()

        async def watch(message: Message) -> None:
            nonlocal started, status
            if message["type"] == "http.response.start":
                started = True
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, watch)
            if access.isEnabledFor(logging.INFO):
                took = (time.perf_counter() - began) * 1000
                access.info("%s %s %d %.0f ms", scope["method"], route_of(scope), status, took)
        except Exception:
            log.exception("unhandled error in %s %s", scope["method"], route_of(scope))
            if started:
                raise  # the server closes the connection; nothing more can be said
            headers = [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(BODY)).encode()),
            ]
            await send({"type": "http.response.start", "status": 500, "headers": headers})
            await send({"type": "http.response.body", "body": BODY})


def route_of(scope: Scope) -> str:
    """The matched route's template (``/api/v1/patients/{patient_id}``), never the raw path."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    return f"{scope.get('root_path', '')}{path}" if isinstance(path, str) else "(no route)"


async def validation_errors(request: Request, exc: Exception) -> JSONResponse:
    """422 naming each field and the reason; pydantic's ``input`` and ``ctx`` are dropped."""
    assert isinstance(exc, RequestValidationError)
    return JSONResponse(
        status_code=422, content=error_body(ErrorCode.INVALID, public_errors(exc.errors()))
    )


async def writer_busy(request: Request, exc: Exception) -> JSONResponse:
    """The embedded database's writer queue did not move: try again shortly (503)."""
    log.warning("database writer busy; answered 503")
    return JSONResponse(
        status_code=503,
        content=error_body(ErrorCode.BUSY, "hub busy, retry"),
        headers={"Retry-After": "2"},
    )
