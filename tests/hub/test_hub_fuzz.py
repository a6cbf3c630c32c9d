"""Our own fuzz pass over every route: hostile text, nesting, numbers and dates get only 4xx.

Every operation of the OpenAPI document, plus the tus verbs, is sent lone surrogates, NUL,
huge and deeply nested values, Unicode digits and extreme date-times, in the path, the query,
the body and the tus headers, by an anonymous caller and by each role. No answer may be a 5xx,
no log record may carry a traceback, and the canary (a mobile number inside every hostile
value) may appear in no log line and no error answer.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import re
import uuid
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote_plus

import httpx
import pytest

from hub.config import HubConfig
from tests.helpers.prescriptions import prescriber
from tests.hub.world import World, consult_body, patient_resource

CANARY = "9123456780"
# Hostile texts for JSON bodies (sent escaped, so the JSON itself is well formed).
TEXTS = [
    CANARY + "\ud800",
    "\udfff" + CANARY,
    CANARY + "\x00",
    "\u0661\u0662" + CANARY,  # Arabic-Indic digits
    "\u00b2" + CANARY,  # '²'.isdigit() is true
    CANARY * 20_000,
    "0001-01-01T00:00:00+23:59",
    "9999-12-31T23:59:59-23:59",
]
OTHER_VALUES: list[Any] = [
    10**300,
    -(2**63),
    1e308,
    0.5,
    None,
    [],
    {CANARY + "\ud800": CANARY},
]
# Hostile texts for the URL (percent-encoded bytes; the server decodes them).
URL_TEXTS = [
    "%ED%A0%80" + CANARY,  # a surrogate in UTF-8 form
    CANARY + "%00",
    "%C2%B2" + CANARY,
    "%D9%A1%D9%A2",
    CANARY * 400,
    "0001-01-01T00:00:00%2B23:59",
    "9999-12-31T23:59:59-23:59",
    "0.5",
]
# Hostile tus header values (latin-1 bytes on the wire: b"\xb2" arrives as '²').
TUS_HEADER_VALUES = [b"\xb2", b"1\xb9", "\u0661".encode(), b"-1", b"9" * 40, b"0x10", b""]
CHECKSUMS = [b"sha256 \xe9\xe9", "sha256 \u0661".encode(), b"sha256", b"md5 AAAA", b"sha256 !!"]


@pytest.fixture(autouse=True)
def instant_queue_watch(world: World) -> None:
    """The queue long-poll answers at once here (its waiting is tested in test_hub_queue_watch)."""

    async def no_wait(seconds: float) -> None:
        await asyncio.sleep(0)

    world.hub.queue_watch.sleep = no_wait


@pytest.fixture
def config(config: HubConfig) -> HubConfig:
    """No rate limit in the way: every request should reach the code behind it."""
    config.login_rate = (100_000, 60)
    config.upload_rate = (100_000, 60)
    return config


def deep(levels: int) -> Any:
    node: Any = CANARY
    for i in range(levels):
        node = {"extension": [node]} if i % 2 else [node]
    return node


def fhir_extension(levels: int) -> dict[str, Any]:
    node: dict[str, Any] = {"url": "http://example.org/x", "valueString": CANARY}
    for _ in range(levels):
        node = {"url": "http://example.org/x", "extension": [node]}
    return node


def leaves(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Paths to every scalar inside a JSON value."""
    if isinstance(value, dict):
        for key, child in value.items():
            yield from leaves(child, (*path, key))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from leaves(child, (*path, i))
    else:
        yield path


def replaced(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        return {**value, head: replaced(value[head], rest, new)}
    copy = list(value)
    copy[head] = replaced(value[head], rest, new)
    return copy


class Fuzzer:
    """Sends requests and keeps every answer for the checks at the end."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.answers: list[tuple[str, httpx.Response]] = []

    def send(
        self,
        method: str,
        url: str,
        who: str | None,
        content: bytes | None = None,
        ctype: str = "application/json",
        headers: dict[str, Any] | None = None,
    ) -> None:
        h: dict[str, Any] = dict(self.world[who].h) if who else {}
        if content is not None:
            h["Content-Type"] = ctype
        h |= headers or {}
        request = self.world.client.build_request(method, url, content=content, headers=h)
        # The URL is sent as written: httpx would re-encode the percent escapes otherwise.
        request.url = httpx.URL(url if url.startswith("http") else "http://testserver" + url)
        r = self.world.client.send(request)
        self.answers.append((f"{method} {url[:120]} as {who}", r))


def samples(world: World, ids: dict[str, str]) -> dict[tuple[str, str], tuple[str, Any]]:
    """A valid body and its natural caller for each operation that takes one."""
    pid = ids["patient_id"]
    spare = world.login("opA", world["opA"].device_id, world["opA"].device_secret)
    return {
        ("POST", "/api/v1/auth/token"): (
            "",
            {"grant_type": "password", "username": "opA", "password": "correct horse battery"}
            | {"client_id": world["opA"].device_id, "client_secret": world["opA"].device_secret},
        ),
        ("POST", "/api/v1/auth/refresh"): ("", {"refresh_token": spare["refresh_token"]}),
        ("POST", "/api/v1/auth/logout"): ("", {"refresh_token": "rt_unknown"}),
        ("POST", "/api/v1/auth/enroll"): ("", {"code": "ABCD-EFGH-JKLM", "name": "pc"}),
        ("PUT", "/api/v1/patients/{patient_id}"): (
            "opA",
            {"resource": patient_resource(pid)},
        ),
        ("PUT", "/api/v1/consults/{consult_id}"): ("opA", consult_body(pid, final=False)),
        ("PUT", "/api/v1/doctors/me/availability"): ("doc1", {"availability": "online"}),
        ("POST", "/api/v1/consults/{consult_id}/decline"): ("doc1", {"reason": "busy"}),
        ("PUT", "/api/v1/devices/me/key"): (
            "doc1",
            {"age_recipient": "age1v068gpzsjr4z2mr9qv9qhw8uq7pl2z0purr7hzduu05cx0wgzgksan38d6"},
        ),
        ("PUT", "/api/v1/doctors/me/signing-key"): (
            "doc1",
            {"public_key": base64.b64encode(bytes(32)).decode()},
        ),
        ("PUT", "/api/v1/consults/{consult_id}/prescriptions/{prescription_id}"): (
            "doc1",
            {
                "content": {
                    "diagnosis": {"text": "Viral fever"},
                    "medications": [{"name": "Paracetamol", "frequency": "1-0-1"}],
                    "prescriber": prescriber("MP-12345"),
                    "advice": "rest",
                },
                "signature": "A" * 86 + "==",
            },
        ),
        ("PUT", "/api/v1/consults/{consult_id}/addenda/{addendum_id}"): (
            "opA",
            {
                "consult_id": ids["consult_id"],
                "text": "BP rechecked",
                "author": "cho.meena",
                "added_at": "2026-11-25T10:00:00Z",
            },
        ),
        ("PUT", "/api/v1/facilities/me/stock"): (
            "opA",
            {
                "id": ids["consult_id"],
                "revision": 1,
                "items": [{"id": "ors-sachet", "generic": "ORS", "quantity": 10}],
            },
        ),
        ("PUT", "/api/v1/consults/{consult_id}/chat/{message_id}"): (
            "opA",
            {
                "consult_id": ids["consult_id"],
                "sender": "doctor",
                "text": "Send the ECG picture please",
                "sent_at": "2026-11-25T10:00:00Z",
            },
        ),
        ("PUT", "/api/v1/consults/{consult_id}/calls/{call_id}"): (
            "opA",
            {
                "consult_id": ids["consult_id"],
                "mode": "video",
                "recorded_at": "2026-12-05T07:00:00Z",
                "started_at": "2026-12-05T06:54:00Z",
                "ended_at": "2026-12-05T07:00:00Z",
                "video_seconds": 300,
                "audio_seconds": 360,
            },
        ),
        ("PUT", "/api/v1/consults/{consult_id}/prescriptions/{prescription_id}/refusal"): (
            "opA",
            {"state": "tampered", "reason": "signature_mismatch"},
        ),
        ("POST", "/api/v1/admin/facilities"): (
            "admin",
            {"kind": "spoke", "name": "HWC Test", "state": "Bihar", "hub_id": ids["hub_id"]},
        ),
        ("POST", "/api/v1/admin/users"): (
            "admin",
            {
                "username": "newop",
                "password": "long enough password",
                "role": "spoke_operator",
                "facility_id": ids["facility_id"],
            },
        ),
    }


def fill(path: str, ids: dict[str, str], fuzz: tuple[str, str] | None = None) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if fuzz and fuzz[0] == name:
            return fuzz[1]
        return ids.get(name, "general_medicine" if name == "dimension" else "days")

    return re.sub(r"\{(\w+)\}", value, path)


def body_variants(body: Any) -> Iterator[Any]:
    for where in leaves(body):
        for text in TEXTS:
            yield replaced(body, where, text)
    for where in list(leaves(body))[:3]:
        for other in OTHER_VALUES:
            yield replaced(body, where, other)
    yield deep(300)
    if isinstance(body, dict):
        yield body | {"extra": CANARY + "\ud800"}
        yield body | {"extra": deep(200)}
        if "resource" in body:
            resource = body["resource"] | {"extension": [fhir_extension(150)]}
            yield {"resource": resource}
            yield {"resource": body["resource"] | {"extension": [fhir_extension(20)]}}


def raw_bodies() -> Iterator[bytes]:
    yield b'{"a": NaN}'
    yield b"[" * 100_000 + b"]" * 100_000
    yield b'{"a": ' + b"9" * 5000 + b"}"
    yield b'{"x": "\xff\xfe"}'
    yield b'{"x": "' + (CANARY + "\\ud800").encode() + b'"}'


def form_variants(form: dict[str, str]) -> Iterator[bytes]:
    for key in form:
        for text in URL_TEXTS:
            pairs = [f"{k}={text if k == key else quote_plus(v)}" for k, v in form.items()]
            yield "&".join(pairs).encode()


def test_every_route_answers_hostile_input_with_4xx_and_logs_nothing_of_it(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    world.online("doc1")
    consult = world.consult("opA")  # queued, then assigned to doc1
    upload = world.client.post(
        "/api/v1/uploads",
        headers=world["opA"].h
        | {
            "Tus-Resumable": "1.0.0",
            "Upload-Length": "10",
            "Upload-Metadata": "consult_id " + base64.b64encode(consult["id"].encode()).decode(),
        },
    )
    assert upload.status_code == 201
    upload_id = upload.headers["Location"].rsplit("/", 1)[1]
    ids = {
        "patient_id": consult["patient_id"],
        "consult_id": consult["id"],
        "prescription_id": str(uuid.uuid4()),
        "addendum_id": str(uuid.uuid4()),
        "message_id": str(uuid.uuid4()),
        "call_id": str(uuid.uuid4()),
        "upload_id": upload_id,
        "facility_id": world.facilities["spokeA"],
        "hub_id": world.facilities["hub1"],
        "device_id": str(uuid.uuid4()),
    }
    bodies = samples(world, ids)
    fuzzer = Fuzzer(world)
    doc = world.client.get("/openapi.json").json()
    callers = [None, "opA", "doc1", "admin"]
    for path, operations in doc["paths"].items():
        for method, op in operations.items():
            method = method.upper()
            params = op.get("parameters", [])
            url = fill(path, ids)
            for who in callers:
                for p in (p for p in params if p["in"] == "path"):
                    for text in URL_TEXTS:
                        fuzzer.send(method, fill(path, ids, (p["name"], text)), who)
                for p in (p for p in params if p["in"] == "query"):
                    for text in [*URL_TEXTS, "%00=1"]:
                        fuzzer.send(method, f"{url}?{p['name']}={text}", who)
            if "requestBody" not in op:
                continue
            assert (method, path) in bodies, f"add a sample body for {method} {path}"
            natural, body = bodies[(method, path)]
            if "application/x-www-form-urlencoded" in op["requestBody"]["content"]:
                for raw in form_variants(body):
                    fuzzer.send(method, url, None, raw, "application/x-www-form-urlencoded")
                continue
            for who in {natural or None, "opA"}:
                for variant in body_variants(body):
                    fuzzer.send(method, url, who, json.dumps(variant).encode())
                for raw in raw_bodies():
                    fuzzer.send(method, url, who, raw)
            fuzzer.send(method, url, natural or None, b"--x\r\n", "multipart/form-data; boundary=x")
    tus_requests(fuzzer, ids)
    check_answers(fuzzer, caplog)


def tus_requests(fuzzer: Fuzzer, ids: dict[str, str]) -> None:
    tus = {"Tus-Resumable": "1.0.0"}
    upload_url = f"/api/v1/uploads/{ids['upload_id']}"
    meta = "consult_id " + base64.b64encode(ids["consult_id"].encode()).decode()
    for value in TUS_HEADER_VALUES:
        fuzzer.send("POST", "/api/v1/uploads", "opA", headers=tus | {"Upload-Length": value})
        octets = "application/offset+octet-stream"
        fuzzer.send("PATCH", upload_url, "opA", b"x", octets, tus | {"Upload-Offset": value})
    for value in CHECKSUMS:
        headers = tus | {"Upload-Offset": "0", "Upload-Checksum": value}
        fuzzer.send("PATCH", upload_url, "opA", b"x", "application/offset+octet-stream", headers)
    bad_meta = [
        base64.b64encode(b"\x00" + CANARY.encode()),
        base64.b64encode(b"\xed\xa0\x80"),
        "\u00e9".encode(),
        b"\xb2",
    ]
    for value in bad_meta:
        headers = tus | {
            "Upload-Length": "4",
            "Upload-Metadata": meta.encode() + b",filename " + value,
        }
        fuzzer.send("POST", "/api/v1/uploads", "opA", headers=headers)
    for text in URL_TEXTS:
        for method in ("HEAD", "PATCH", "DELETE", "OPTIONS"):
            fuzzer.send(method, f"/api/v1/uploads/{text}", "opA", headers=tus)


def check_answers(fuzzer: Fuzzer, caplog: pytest.LogCaptureFixture) -> None:
    server_errors = [
        (what, r.status_code, r.request.content[:300])
        for what, r in fuzzer.answers
        if r.status_code >= 500
    ]
    assert server_errors == []
    echoed = [what for what, r in fuzzer.answers if r.status_code >= 400 and CANARY in r.text]
    assert echoed == []
    assert len(fuzzer.answers) > 1000
    formatter = logging.Formatter()
    for record in caplog.records:
        if record.name.startswith(("httpx", "httpcore")):
            continue  # the test's own client logs the URLs it sends
        assert record.exc_info is None, formatter.format(record)
        assert record.levelno < logging.ERROR, formatter.format(record)
        assert CANARY not in formatter.format(record)


def test_signaling_relays_no_hostile_text(world: World, caplog: pytest.LogCaptureFixture) -> None:
    """A lone surrogate, NUL or absurd nesting is refused to the sender and never relayed
    (a peer's socket cannot send a surrogate, and the failure used to end the room)."""
    caplog.set_level(logging.DEBUG)
    world.online("doc1")
    cid = world.consult("opA")["id"]
    url = f"/api/v1/consults/{cid}/signal"
    with world.client.websocket_connect(url, headers=world["opA"].h) as spoke:
        spoke.receive_json()
        with world.client.websocket_connect(url, headers=world["doc1"].h) as doctor:
            doctor.receive_json()
            spoke.receive_json()  # peer-joined
            hostile = [
                '{"type": "offer", "sdp": "' + CANARY + '\\ud800"}',
                '{"type": "offer", "sdp": "' + CANARY + '\\u0000"}',
                '{"type": "offer", "sdp": "' + CANARY + '\ud800"}',
                json.dumps({"type": "offer", "sdp": deep(200)}),
                "[" * 5_000 + "]" * 5_000,
            ]
            for text in hostile:
                spoke.send_text(text)
                assert spoke.receive_json() == {"type": "error", "error": "unknown message"}
            spoke.send_json({"type": "offer", "sdp": "v=0"})
            assert doctor.receive_json()["sdp"] == "v=0"  # the first thing relayed
    for record in caplog.records:
        assert record.exc_info is None and CANARY not in record.getMessage()
