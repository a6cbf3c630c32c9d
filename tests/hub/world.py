"""A small synthetic network for hub tests: hubs, spokes, accounts, devices, tokens."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from starlette.testclient import TestClient

from hub.api.admin import add_enrollment_code, add_facility, add_user
from hub.context import HubContext
from hub.schemas import FacilityIn, ScopeIn, UserIn

PASSWORD = "correct horse battery"


@dataclass
class Account:
    username: str
    user_id: str
    facility_id: str | None
    token: str
    refresh: str
    device_id: str | None = None
    device_secret: str | None = None

    @property
    def h(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@dataclass
class World:
    client: TestClient
    facilities: dict[str, str] = field(default_factory=dict)
    users: dict[str, Account] = field(default_factory=dict)

    @property
    def hub(self) -> HubContext:
        ctx: HubContext = self.client.app.state.hub  # type: ignore[attr-defined]
        return ctx

    def __getitem__(self, name: str) -> Account:
        return self.users[name]

    @classmethod
    def build(cls, client: TestClient) -> World:
        w = cls(client)
        w.add_facility("hub1", "hub", "Zonal Hub AIIMS Bhopal", "Madhya Pradesh", "Bhopal")
        w.add_facility("hub2", "hub", "Zonal Hub Mysuru", "Karnataka", "Mysuru")
        w.add_facility("spokeA", "spoke", "HWC Kolar", "Madhya Pradesh", "Sehore", "hub1")
        w.add_facility("spokeB", "spoke", "HWC Berasia", "Madhya Pradesh", "Bhopal", "hub1")
        w.add_facility("spokeC", "spoke", "HWC Hunsur", "Karnataka", "Mysuru", "hub2")
        w.add_user("admin", "admin", None)
        w.add_user("opA", "spoke_operator", "spokeA")
        w.add_user("opB", "spoke_operator", "spokeB")
        w.add_user("opC", "spoke_operator", "spokeC")
        w.add_user("doc1", "hub_doctor", "hub1", ["general_medicine"], "MP-12345")
        w.add_user("doc2", "hub_doctor", "hub1", ["general_medicine", "paediatrics"], "MP-22222")
        w.add_user("doc3", "hub_doctor", "hub1", ["paediatrics"], "MP-33333")
        w.add_user("doc9", "hub_doctor", "hub2", ["general_medicine"], "KA-99999")
        return w

    def add_facility(
        self, key: str, kind: str, name: str, state: str, district: str, hub: str | None = None
    ) -> str:
        with self.hub.sessions() as s:
            body = FacilityIn(
                kind=kind,  # type: ignore[arg-type]
                name=name,
                state=state,
                district=district,
                hub_id=uuid.UUID(self.facilities[hub]) if hub else None,
            )
            fid = add_facility(s, self.hub.config, body).id
            s.commit()
        self.facilities[key] = fid
        return fid

    def enrollment_code(self, facility: str) -> str:
        with self.hub.sessions() as s:
            code = add_enrollment_code(s, self.hub.config, self.facilities[facility]).code
            s.commit()
        return code

    def enroll(self, facility: str) -> tuple[str, str]:
        r = self.client.post(
            "/api/v1/auth/enroll", json={"code": self.enrollment_code(facility), "name": "pc"}
        )
        assert r.status_code == 201, r.text
        return r.json()["device_id"], r.json()["device_secret"]

    def add_user(
        self,
        name: str,
        role: str,
        facility: str | None,
        specialties: list[str] | None = None,
        registration: str = "",
        scope: list[dict[str, str]] | None = None,
    ) -> Account:
        with self.hub.sessions() as s:
            body = UserIn(
                username=name,
                password=PASSWORD,
                role=role,  # type: ignore[arg-type]
                facility_id=uuid.UUID(self.facilities[facility]) if facility else None,
                specialties=specialties or [],
                registration_number=registration,
                full_name=f"Dr {name}" if role == "hub_doctor" else name,
                scope=[ScopeIn(**unit) for unit in scope or []],
            )
            uid = add_user(s, self.hub.config, self.hub.passwords, body).id
            s.commit()
        device = self.enroll(facility) if facility else (None, None)
        tok = self.login(name, *device)
        acc = Account(
            name,
            uid,
            self.facilities.get(facility or ""),
            tok["access_token"],
            tok["refresh_token"],
            *device,
        )
        self.users[name] = acc
        return acc

    def login(
        self,
        name: str,
        device_id: str | None = None,
        secret: str | None = None,
        password: str = PASSWORD,
    ) -> dict[str, Any]:
        form = {"grant_type": "password", "username": name, "password": password}
        if device_id:
            form |= {"client_id": device_id, "client_secret": secret or ""}
        r = self.client.post("/api/v1/auth/token", data=form)
        assert r.status_code == 200, r.text
        return dict(r.json())

    def renew(self, name: str) -> Account:
        """A fresh access token (after the test clock moved past the old one's expiry)."""
        acc = self.users[name]
        tok = self.login(name, acc.device_id, acc.device_secret)
        acc.token, acc.refresh = tok["access_token"], tok["refresh_token"]
        return acc

    # -- records ------------------------------------------------------------------------
    def patient(self, op: str, pid: str | None = None, name: str = "Asha Devi") -> str:
        pid = pid or str(uuid.uuid4())
        r = self.client.put(
            f"/api/v1/patients/{pid}",
            json={"resource": patient_resource(pid, name)},
            headers=self[op].h,
        )
        assert r.status_code in (200, 201), r.text
        return pid

    def consult(
        self,
        op: str,
        patient_id: str | None = None,
        specialty: str = "general_medicine",
        final: bool = True,
        priority: str = "routine",
        cid: str | None = None,
        consult_type: str = "hub_spoke",
        mode: str = "video",
        follow_up_of: str | None = None,
    ) -> dict[str, Any]:
        patient_id = patient_id or self.patient(op)
        cid = cid or str(uuid.uuid4())
        body = consult_body(
            patient_id, specialty, final, priority, consult_type, mode, follow_up_of
        )
        r = self.client.put(f"/api/v1/consults/{cid}", json=body, headers=self[op].h)
        assert r.status_code in (200, 201), r.text
        return dict(r.json())

    def online(self, doctor: str, status: str = "online") -> None:
        r = self.client.put(
            "/api/v1/doctors/me/availability",
            json={"availability": status},
            headers=self[doctor].h,
        )
        assert r.status_code == 200, r.text


def patient_resource(pid: str, name: str = "Asha Devi") -> dict[str, Any]:
    return {
        "resourceType": "Patient",
        "id": pid,
        "name": [{"text": name}],
        "gender": "female",
        "birthDate": "1984-03-02",
        "telecom": [{"system": "phone", "value": "9876543210"}],
        "address": [{"district": "Sehore", "state": "Madhya Pradesh", "country": "IN"}],
    }


def consult_body(
    patient_id: str,
    specialty: str = "general_medicine",
    final: bool = True,
    priority: str = "routine",
    consult_type: str = "hub_spoke",
    mode: str = "video",
    follow_up_of: str | None = None,
) -> dict[str, Any]:
    return {
        "patient_id": patient_id,
        "specialty": specialty,
        "priority": priority,
        "mode": mode,
        "consult_type": consult_type,
        "final": final,
        **({"follow_up_of": follow_up_of} if follow_up_of else {}),
        "resources": [
            {
                "resourceType": "Observation",
                "id": "bp-1",
                "status": "final",
                "code": {
                    "coding": [{"system": "http://loinc.org", "code": "85354-9"}],
                    "text": "Blood pressure",
                },
                "subject": {"reference": f"Patient/{patient_id}"},
                "component": [
                    {"code": {"text": "systolic"}, "valueQuantity": {"value": 150, "unit": "mmHg"}},
                    {"code": {"text": "diastolic"}, "valueQuantity": {"value": 95, "unit": "mmHg"}},
                ],
            },
            {
                "resourceType": "Condition",
                "id": "cc-1",
                "subject": {"reference": f"Patient/{patient_id}"},
                "code": {"text": "headache for three days"},
            },
        ],
    }
