"""Synthetic prescription content (protocol v2) for tests: a diagnosis, a prescriber with a
registration number and council, and medicines in the Indian frequency notation."""

from __future__ import annotations

from typing import Any

DIAGNOSIS: dict[str, Any] = {"text": "Essential hypertension"}


def prescriber(registration_number: str = "MP-12345") -> dict[str, Any]:
    return {
        "name": "Dr. Asha Verma",
        "qualification": "MBBS",
        "registration_number": registration_number,
        "council": "Madhya Pradesh Medical Council",
    }


def medicine(name: str, frequency: str = "1-0-1", **more: Any) -> dict[str, Any]:
    return {"name": name, "frequency": frequency, **more}


def content(*names: str, registration_number: str = "MP-12345", **more: Any) -> dict[str, Any]:
    """Minimal valid content prescribing ``names`` (sparse, as a client may send it)."""
    return {
        "diagnosis": dict(DIAGNOSIS),
        "medications": [medicine(n) for n in names],
        "prescriber": prescriber(registration_number),
        **more,
    }
