"""The bytes a doctor's prescription signature covers: the content exactly as the doctor sent
it (the parsed JSON object, no defaults added) with the consult and prescription ids, as
canonical JSON (sorted keys, no spaces, UTF-8). Both the signer and the verifier call this."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from protocol.ids import wire_id


def signed_bytes(consult_id: str, prescription_id: str, content: Mapping[str, Any]) -> bytes:
    """Canonical JSON of ``content`` plus ``consult_id`` and ``prescription_id`` (wire form)."""
    if "consult_id" in content or "prescription_id" in content:
        raise ValueError("the content may not carry consult_id or prescription_id itself")
    doc = dict(content, consult_id=wire_id(consult_id), prescription_id=wire_id(prescription_id))
    return json.dumps(
        doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")
