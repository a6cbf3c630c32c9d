"""Input the hub refuses before any route sees it: text no database can store, absurd nesting.

A lone surrogate cannot be encoded as UTF-8 and NUL cannot be stored in a PostgreSQL text
column; both used to surface as 500s deep inside a route. The guard answers 422 naming where
the problem is (``loc``) and what it is, never the value itself.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from protocol.errors import code_for_status

# Deeper than any real FHIR resource (about 15 levels); deep enough documents crashed
# validation with RecursionError.
MAX_DEPTH = 64


class BadInput(ValueError):
    """Input refused; ``loc`` says where (field names and indexes, never values)."""

    def __init__(self, loc: list[str | int], msg: str, kind: str) -> None:
        super().__init__(msg)
        self.loc = loc
        self.msg = msg
        self.kind = kind

    def as_error(self) -> dict[str, Any]:
        return {"loc": self.loc, "msg": self.msg, "type": self.kind}


def text_ok(text: str) -> bool:
    """Storable text: no NUL, no lone surrogate (which has no UTF-8 form)."""
    if "\x00" in text:
        return False
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def safe_name(key: object) -> str | int:
    """A location part fit to send back: a short plain field name, an index, or '*'."""
    if isinstance(key, int):
        return key
    if isinstance(key, str) and len(key) <= 64 and key.isascii() and key.isprintable():
        return key
    return "*"


def public_errors(errors: Any) -> list[dict[str, Any]]:
    """Validation errors fit to answer: where and why, never the input (pydantic adds it)."""
    out = []
    for err in errors:
        msg = str(err.get("msg", "invalid value"))
        if "`" in msg:  # e.g. "invalid character: ... found `x` at 1" quotes the input
            msg = msg.split(",", 1)[0]
        loc = [safe_name(part) for part in err.get("loc", ())]
        out.append({"loc": loc, "msg": msg, "type": str(err.get("type", "value_error"))})
    return out


def check_value(value: Any, where: list[str | int]) -> None:
    """Walk a parsed JSON value; raise BadInput at the first unstorable text or excess depth."""
    stack: list[tuple[Any, list[str | int]]] = [(value, where)]
    while stack:
        node, loc = stack.pop()
        if isinstance(node, str):
            if not text_ok(node):
                raise BadInput(loc, "text must not contain NUL or unpaired surrogates", "text")
            continue
        if not isinstance(node, dict | list):
            continue
        if len(loc) - len(where) >= MAX_DEPTH:
            raise BadInput(where, f"nested deeper than {MAX_DEPTH} levels", "too_deep")
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, child in items:
            if isinstance(key, str) and not text_ok(key):
                raise BadInput(loc, "names must not contain NUL or unpaired surrogates", "text")
            stack.append((child, [*loc, safe_name(key)]))


def _no_constants(name: str) -> Any:
    raise ValueError("NaN and Infinity are not JSON")


def parse_json(body: bytes) -> Any:
    """Strict JSON (no NaN/Infinity), checked with ``check_value``; BadInput if refused."""
    try:
        value = json.loads(body, parse_constant=_no_constants)
    except (ValueError, RecursionError):
        # RecursionError: nesting beyond the decoder's own limit.
        raise BadInput(["body"], "body is not valid JSON", "json_invalid") from None
    check_value(value, ["body"])
    return value


def check_form(body: bytes) -> None:
    for key, value in parse_qsl(body.decode("latin-1"), keep_blank_values=True):
        if "\x00" in key or "\x00" in value:
            raise BadInput(["body", safe_name(key)], "text must not contain NUL", "text")


def check_query(query: bytes) -> None:
    for key, value in parse_qsl(query.decode("latin-1"), keep_blank_values=True):
        if "\x00" in key or "\x00" in value:
            raise BadInput(["query", safe_name(key)], "text must not contain NUL", "text")


NO_NUL = "^[^\\u0000]*$"


def document_text_rule(node: Any) -> None:
    """Make the OpenAPI document say what the guard enforces: no string holds NUL.

    Strings with a pattern, format or fixed values already exclude it. (Lone surrogates need no
    rule: they are not Unicode text, which JSON Schema strings are.)
    """
    if isinstance(node, list):
        for item in node:
            document_text_rule(item)
        return
    if not isinstance(node, dict):
        return
    if node.get("type") == "string" and not {"pattern", "format", "enum", "const"} & set(node):
        node["pattern"] = NO_NUL
    for child in node.values():
        document_text_rule(child)


class InputGuard:
    """Checks the path and query of every request, and JSON or form bodies, before the app.

    Bodies are read whole (the size limit outside this middleware bounds them) and replayed
    to the app unchanged. Multipart bodies are refused: no route takes them.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        try:
            if "\x00" in scope.get("path", ""):
                raise BadInput(["path"], "the path must not contain NUL", "text")
            check_query(scope.get("query_string", b""))
        except BadInput as exc:
            await self._refuse(scope, receive, send, exc)
            return
        kind = _content_type(scope)
        if scope["type"] != "http" or not (
            kind == "application/json"
            or kind.endswith("+json")
            or kind in ("application/x-www-form-urlencoded", "multipart/form-data")
        ):
            await self.app(scope, receive, send)
            return
        body, more = await _read_body(receive)
        if more is not None:  # the client went away (or the size limit cut it off)
            await self.app(scope, _replay(body, more, receive), send)
            return
        try:
            if kind == "multipart/form-data":
                raise BadInput(["body"], "multipart bodies are not accepted", "media_type")
            if body and kind == "application/x-www-form-urlencoded":
                check_form(body)
            elif body:
                parse_json(body)
        except BadInput as exc:
            await _answer(send, 415 if exc.kind == "media_type" else 422, [exc.as_error()])
            return
        await self.app(scope, _replay(body, None, receive), send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, exc: BadInput) -> None:
        if scope["type"] == "websocket":
            await receive()  # websocket.connect
            await send({"type": "websocket.close", "code": 4400})
            return
        await _answer(send, 422, [exc.as_error()])


def _content_type(scope: Scope) -> str:
    for name, value in scope.get("headers") or []:
        if name == b"content-type":
            return str(value.decode("latin-1")).split(";", 1)[0].strip().lower()
    return ""


async def _read_body(receive: Receive) -> tuple[bytes, Message | None]:
    """The whole body, or what came before a non-body message (returned as the second item)."""
    parts: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(parts), message
        parts.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(parts), None


def _replay(body: bytes, last: Message | None, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            if last is not None and not body:
                return last
            return {"type": "http.request", "body": body, "more_body": last is not None}
        if last is not None:
            return last
        return await receive()

    return replay


async def _answer(send: Send, status: int, errors: list[dict[str, Any]]) -> None:
    code = code_for_status(status).value
    payload = json.dumps({"code": code, "detail": errors}, separators=(",", ":")).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(payload)).encode()),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})
