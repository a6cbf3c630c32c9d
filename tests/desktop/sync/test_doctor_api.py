"""The doctor's hub client against a fake hub transport: the enrollment body carries the PC's
age key, decline sends its reason, the long-poll watch loop announces each new version (and
stops when the hub has no watch), sign-in refuses a non-doctor account."""

from __future__ import annotations

import json
import queue
import threading
from typing import Any

import httpx
import pytest
from pyrage import x25519

from desktop.sync import enroll as enroll_mod
from desktop.sync.client import HubClient
from desktop.sync.doctor_api import DoctorApi, NotADoctorError, QueueWatch, parse_queue_item

CID = "c0000000-0000-4000-8000-000000000001"


def _api(handler: Any) -> DoctorApi:
    client = HubClient("http://127.0.0.1:9", transport=httpx.MockTransport(handler))
    client.set_access_token("synthetic")
    return DoctorApi(client)


def test_enroll_sends_the_age_recipient(monkeypatch: pytest.MonkeyPatch) -> None:
    recipient = str(x25519.Identity.generate().to_public())
    hub_key = str(x25519.Identity.generate().to_public())
    sent: list[dict[str, Any]] = []

    def hub(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("spoke-hub-key"):
            return httpx.Response(200, json={"age_recipient": hub_key})
        body = json.loads(request.content)
        sent.append(body)
        answer = {"device_id": "d1", "device_secret": body["device_secret"], "facility_id": "f1"}
        return httpx.Response(201, json=answer)

    real = enroll_mod.HubClient
    monkeypatch.setattr(
        enroll_mod,
        "HubClient",
        lambda url, tokens, ca_pem="": real(url, tokens, transport=httpx.MockTransport(hub)),
    )

    class Tokens:
        saved: Any = None

        def save_device(self, creds: Any) -> None:
            self.saved = creds

        def forget_session(self) -> None:
            pass

    tokens = Tokens()
    enroll_mod.enroll(
        "http://127.0.0.1:9",
        "CODE-1234",
        tokens,  # type: ignore[arg-type]
        age_recipient=recipient,
        ca_pem="",
    )
    assert sent[0]["age_recipient"] == recipient
    assert tokens.saved.device_id == "d1"


def test_decline_sends_the_reason_and_requires_one() -> None:
    bodies: list[Any] = []

    def hub(request: httpx.Request) -> httpx.Response:
        bodies.append((request.url.path, json.loads(request.content or b"{}")))
        return httpx.Response(200, json={"id": CID, "status": "queued"})

    api = _api(hub)
    assert api.decline(CID, "  Needs a paediatrician ") == "queued"
    assert bodies == [(f"/api/v1/consults/{CID}/decline", {"reason": "Needs a paediatrician"})]
    with pytest.raises(ValueError):
        api.decline(CID, "   ")


def test_sign_in_refuses_an_operator_account() -> None:
    asked: list[str] = []

    def hub(request: httpx.Request) -> httpx.Response:
        asked.append(request.url.path)
        if request.url.path.endswith("/auth/logout"):
            return httpx.Response(204)
        return httpx.Response(
            200,
            json={
                "access_token": "a",
                "refresh_token": "r",
                "expires_in": 60,
                "role": "spoke_operator",
                "user_id": "u",
                "facility_id": "f",
            },
        )

    api = _api(hub)

    class Tokens:
        def device(self) -> Any:
            from desktop.sync.tokens import DeviceCredentials

            return DeviceCredentials("http://127.0.0.1:9", "d", "s" * 32, "f")

        refresh: str | None = None

        def save_refresh_token(self, token: str) -> None:
            self.refresh = token

        def refresh_token(self) -> str | None:
            return self.refresh

        def forget_session(self) -> None:
            self.refresh = None

    tokens = Tokens()
    api.client.tokens = tokens  # type: ignore[assignment]
    with pytest.raises(NotADoctorError):
        api.sign_in("operator", "synthetic-pass")
    assert api.account is None
    assert tokens.refresh is None  # the operator's session is not kept on the doctor's PC
    assert asked[-1] == "/api/v1/auth/logout"  # and ended at the hub


def test_queue_items_missing_fields_are_none() -> None:
    item = parse_queue_item({"id": CID, "status": "assigned", "assigned_doctor_id": "me"}, "me")
    assert item is not None and item.offered and item.facility_name is None
    assert parse_queue_item({"status": "queued"}) is None
    assert parse_queue_item({"id": CID, "status": "queued", "patient_age_years": "x"}) is not None


def test_watch_loop_announces_each_new_version_then_stops_without_endpoint() -> None:
    answers: queue.Queue[httpx.Response] = queue.Queue()
    for response in (
        httpx.Response(200, json={"version": 3}),
        httpx.Response(200, json={"version": 3}),  # the hold ran out: nothing new
        httpx.Response(200, json={"version": 5}),
        httpx.Response(404, json={"code": "not_found", "detail": "no watch"}),
    ):
        answers.put(response)
    asked: list[str] = []

    def hub(request: httpx.Request) -> httpx.Response:
        asked.append(request.url.params["since"])
        return answers.get(timeout=5)

    heard: list[int] = []
    watch = QueueWatch(_api(hub), heard.append).start()
    watch._thread.join(10)  # the loop ends by itself on the 404
    assert not watch.running
    assert heard == [3, 5]
    assert asked == ["-1", "3", "3", "5"]


def test_watch_loop_asks_again_after_a_lost_connection() -> None:
    calls = {"n": 0}
    heard: list[int] = []
    got = threading.Event()
    release = threading.Event()

    def hub(request: httpx.Request) -> httpx.Response:
        calls["n"] += 1
        if calls["n"] == 1:
            raise httpx.ConnectError("down")
        if calls["n"] > 2:
            release.wait(5)  # held, as the hub holds a watch with nothing new
        return httpx.Response(200, json={"version": 7})

    def changed(version: int) -> None:
        heard.append(version)
        got.set()

    watch = QueueWatch(_api(hub), changed, retry_cap=0.05).start()
    assert got.wait(10)
    watch.stop()
    release.set()
    watch._thread.join(5)
    assert heard == [7] and not watch.running
