"""405 answers that name every method the path allows (Starlette names one route's only)."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response
from starlette.exceptions import HTTPException
from starlette.routing import Match

from hub import errors

ORDER = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def allowed_methods(request: Request) -> list[str]:
    """The methods some route fully matches for the request's path (the routes are asked,
    method by method, so included routers answer for their own routes)."""
    routes = request.app.router.routes
    return [
        method
        for method in ORDER
        if any(r.matches({**request.scope, "method": method})[0] is Match.FULL for r in routes)
    ]


async def http_errors(request: Request, exc: Exception) -> Response:
    """The hub's error answer (hub.errors), with the full ``Allow`` list on a 405."""
    assert isinstance(exc, HTTPException)
    if exc.status_code == 405:
        methods = allowed_methods(request)
        if methods:
            exc.headers = {**(exc.headers or {}), "Allow": ", ".join(methods)}
    return await errors.http_errors(request, exc)
