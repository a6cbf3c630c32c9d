"""Synthetic signed prescriptions for spoke-side tests: a doctor's Ed25519 key, content in
the shape of protocol content v2, and the hub's PrescriptionOut dict for it."""

from __future__ import annotations

import base64
import copy
import uuid
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from protocol.signing import signed_bytes

CONTENT: dict[str, Any] = {
    "diagnosis": {"text": "Essential hypertension", "code": "I10", "system": "ICD-10"},
    "medications": [
        {
            "name": "Amlodipine",
            "formulary_id": "amlodipine",
            "strength": "5 mg",
            "form": "tablet",
            "dose": "1 tablet",
            "frequency": "1-0-0",
            "timing": "after_food",
            "duration_days": 30,
            "route": "oral",
            "instructions": "",
        },
        {
            "name": "Paracetamol",
            "formulary_id": "paracetamol",
            "strength": "500 mg",
            "form": "tablet",
            "dose": "1 tablet",
            "frequency": "1-0-1",
            "timing": "after_food",
            "duration_days": 5,
            "route": "oral",
            "instructions": "Only if fever",
        },
    ],
    "investigations": ["Lipid profile", "Serum creatinine"],
    "advice": "Low salt diet; walk 30 minutes a day.",
    "follow_up_date": "2026-12-19",
    "referral": None,
    "replaces": "",
    "prescriber": {
        "name": "Dr. Asha Verma",
        "qualification": "MBBS, MD (Medicine)",
        "registration_number": "MPMC-12345",
        "council": "Madhya Pradesh Medical Council",
    },
}


def public_b64(key: Ed25519PrivateKey) -> str:
    raw = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return base64.b64encode(raw).decode()


@dataclass
class Doctor:
    key: Ed25519PrivateKey = field(default_factory=Ed25519PrivateKey.generate)
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    registration_number: str = "MPMC-12345"

    @property
    def public(self) -> str:
        return public_b64(self.key)

    def sign(self, consult_id: str, rx_id: str, content: dict[str, Any]) -> str:
        return base64.b64encode(self.key.sign(signed_bytes(consult_id, rx_id, content))).decode()

    def prescription(
        self,
        consult_id: str,
        content: dict[str, Any] | None = None,
        *,
        rx_id: str | None = None,
        created_at: str = "2026-12-05T10:30:00+00:00",
        serve_key: bool = True,
    ) -> dict[str, Any]:
        """The hub's answer for one signed prescription (``signing_key`` as it serves it)."""
        body = copy.deepcopy(CONTENT if content is None else content)
        pid = rx_id or str(uuid.uuid4())
        out: dict[str, Any] = {
            "id": pid,
            "consult_id": str(uuid.UUID(consult_id)) if len(consult_id) == 32 else consult_id,
            "doctor_id": self.id,
            "registration_number": self.registration_number,
            "content": body,
            "signature": self.sign(consult_id, pid, body),
            "payload_sha256": "ab" * 32,
            "created_at": created_at,
        }
        if serve_key:
            out["signing_key"] = self.public
        return out
