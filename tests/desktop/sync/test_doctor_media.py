"""The doctor's desktop client for media and history (desktop.sync.doctor_media) against the
real hub on loopback: media arrives re-encrypted to the device key and is decrypted in memory;
history parses into protocol models; refusals come back as typed errors."""

from __future__ import annotations

import base64
import uuid
from collections.abc import Iterator

import httpx
import pyrage
import pytest
from pyrage import x25519

from desktop.sync.client import HubClient
from desktop.sync.doctor_media import (
    DeviceKeyMissingError,
    fetch_history,
    fetch_media,
    register_device_key,
)
from desktop.sync.errors import RejectedError
from protocol.schemas import HistoryConsult
from tests.sync_support.doctor import Doctor
from tests.sync_support.hubctl import PASSWORD, LiveHub

BP = {
    "resourceType": "Observation",
    "id": "bp-1",
    "status": "final",
    "code": {"coding": [{"system": "http://loinc.org", "code": "85354-9"}]},
    "component": [
        {
            "code": {"coding": [{"system": "http://loinc.org", "code": code}]},
            "valueQuantity": {"value": value, "unit": "mm[Hg]"},
        }
        for code, value in (("8480-6", 150), ("8462-4", 95))
    ],
}
PLAIN = b"\x00\x00\x00\x18ftypisom synthetic recording " * 4000


class Operator:
    """The spoke's side over raw HTTP: a patient, consults, an encrypted upload."""

    def __init__(self, hub: LiveHub) -> None:
        self.hub = hub
        self.http = httpx.Client(base_url=f"{hub.base_url}/api/v1", timeout=20)
        device = self.http.post("/auth/enroll", json={"code": hub.enrollment_code("spoke")}).json()
        form = {
            "grant_type": "password",
            "username": "operator",
            "password": PASSWORD,
            "client_id": device["device_id"],
            "client_secret": device["device_secret"],
        }
        token = self.http.post("/auth/token", data=form).json()["access_token"]
        self.http.headers["Authorization"] = f"Bearer {token}"
        self.patient_id = str(uuid.uuid4())
        r = self.http.put(
            f"/patients/{self.patient_id}",
            json={"resource": {"resourceType": "Patient", "id": self.patient_id, "gender": "male"}},
        )
        assert r.status_code == 201, r.text

    def consult(self) -> str:
        cid = str(uuid.uuid4())
        body = {
            "patient_id": self.patient_id,
            "specialty": "general_medicine",
            "final": True,
            "resources": [BP | {"subject": {"reference": f"Patient/{self.patient_id}"}}],
        }
        r = self.http.put(f"/consults/{cid}", json=body)
        assert r.status_code == 201, r.text
        return cid

    def upload(self, consult_id: str, data: bytes) -> str:
        hub_key = self.hub.context.identity.to_public()
        blob = pyrage.encrypt(data, [x25519.Identity.generate().to_public(), hub_key])
        meta = "consult_id " + base64.b64encode(consult_id.encode()).decode()
        tus = {"Tus-Resumable": "1.0.0"}
        r = self.http.post(
            "/uploads", headers=tus | {"Upload-Length": str(len(blob)), "Upload-Metadata": meta}
        )
        url = r.headers["Location"]
        r = self.http.patch(
            url,
            content=blob,
            headers=tus | {"Upload-Offset": "0", "Content-Type": "application/offset+octet-stream"},
        )
        assert r.status_code == 204, r.text
        return url.rstrip("/").rsplit("/", 1)[-1]


def client_of(hub: LiveHub, doctor: Doctor) -> HubClient:
    client = HubClient(hub.base_url)
    client.set_access_token(doctor.http.headers["Authorization"].removeprefix("Bearer "))
    return client


@pytest.fixture
def op(hub: LiveHub) -> Iterator[Operator]:
    o = Operator(hub)
    yield o
    o.http.close()


@pytest.fixture
def doctor(hub: LiveHub) -> Iterator[Doctor]:
    d = Doctor(hub)  # online: the next consult is offered to them
    yield d
    d.close()


def test_fetch_media_decrypts_in_memory_with_the_device_key(
    hub: LiveHub, doctor: Doctor, op: Operator
) -> None:
    cid = op.consult()
    uid = op.upload(cid, PLAIN)
    identity = x25519.Identity.generate()
    with client_of(hub, doctor) as client:
        with pytest.raises(DeviceKeyMissingError):
            fetch_media(client, cid, uid, identity)
        register_device_key(client, identity)
        assert fetch_media(client, cid, uid, identity) == PLAIN
        doctor.accept(cid)
        assert fetch_media(client, cid, uid, identity) == PLAIN


def test_fetch_history_parses_earlier_consults(hub: LiveHub, doctor: Doctor, op: Operator) -> None:
    first = op.consult()
    doctor.accept(first)
    doctor.complete(first)
    second = op.consult()
    doctor.accept(second)
    with client_of(hub, doctor) as client:
        found = fetch_history(client, second)
    assert [type(c) for c in found] == [HistoryConsult]
    (old,) = found
    assert old.id == first and old.status == "completed" and old.same_patient
    assert {v.code for v in old.vitals} == {"bp_systolic", "bp_diastolic"}


def test_a_consult_that_is_not_mine_is_refused(hub: LiveHub, doctor: Doctor, op: Operator) -> None:
    cid = op.consult()
    uid = op.upload(cid, PLAIN)
    doctor.accept(cid)
    doctor.complete(cid)  # no longer theirs
    identity = x25519.Identity.generate()
    with client_of(hub, doctor) as client:
        register_device_key(client, identity)
        with pytest.raises(RejectedError) as media:
            fetch_media(client, cid, uid, identity)
        with pytest.raises(RejectedError) as history:
            fetch_history(client, cid)
    assert media.value.status == 403 and history.value.status == 403
