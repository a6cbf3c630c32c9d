"""A hub doctor for sync tests, over the hub's HTTP API: signs in, goes online, registers a
signing key, accepts, prescribes (signed) and completes consults."""

from __future__ import annotations

import base64
import uuid
from typing import Any

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from protocol.signing import signed_bytes
from tests.helpers.prescriptions import prescriber
from tests.sync_support.hubctl import PASSWORD, LiveHub

CONTENT: dict[str, Any] = {
    "diagnosis": {"text": "Viral fever"},
    "medications": [
        {
            "name": "Paracetamol",
            "strength": "500 mg",
            "dose": "1 tablet",
            "frequency": "1-0-1",
            "route": "oral",
            "duration_days": 3,
            "timing": "after_food",
        }
    ],
    "advice": "Rest and fluids.",
    "follow_up_date": "2026-12-12",
    "prescriber": prescriber("MP-1"),
}


class Doctor:
    def __init__(self, hub: LiveHub, username: str = "doctor") -> None:
        self.http = httpx.Client(base_url=f"{hub.base_url}/api/v1", timeout=20)
        device = self._ok(
            self.http.post(
                "/auth/enroll", json={"code": hub.enrollment_code("hub"), "name": "doctor PC"}
            )
        )
        form = {
            "grant_type": "password",
            "username": username,
            "password": PASSWORD,
            "client_id": device["device_id"],
            "client_secret": device["device_secret"],
        }
        r = self.http.post("/auth/token", data=form)
        r.raise_for_status()
        self.http.headers["Authorization"] = f"Bearer {r.json()['access_token']}"
        self.key = Ed25519PrivateKey.generate()
        public = self.key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        self._ok(self.http.put("/doctors/me/availability", json={"availability": "online"}))
        key = base64.b64encode(public).decode()
        self._ok(self.http.put("/doctors/me/signing-key", json={"public_key": key}))

    @staticmethod
    def _ok(r: httpx.Response) -> Any:
        assert r.is_success, (r.status_code, r.text)
        return r.json() if r.content else None

    def queue(self) -> list[dict[str, Any]]:
        return list(self._ok(self.http.get("/doctors/me/queue")))

    def accept(self, consult_id: str) -> None:
        """Claims the consult (a queued one goes straight to in progress) or accepts the
        assignment."""
        claimed = self._ok(self.http.post(f"/consults/{consult_id}/claim"))
        if claimed["status"] == "assigned":
            self._ok(self.http.post(f"/consults/{consult_id}/accept"))

    def prescribe(self, consult_id: str) -> str:
        rx_id = str(uuid.uuid4())
        page = self._ok(self.http.get(f"/consults/{consult_id}/prescriptions"))
        assert isinstance(page, list)
        sig = self.key.sign(signed_bytes(consult_id, rx_id, CONTENT))
        body = {"content": CONTENT, "signature": base64.b64encode(sig).decode()}
        self._ok(self.http.put(f"/consults/{consult_id}/prescriptions/{rx_id}", json=body))
        return rx_id

    def complete(self, consult_id: str) -> None:
        self._ok(self.http.post(f"/consults/{consult_id}/complete"))

    def close(self) -> None:
        self.http.close()
