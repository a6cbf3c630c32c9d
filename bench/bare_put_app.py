"""The ceiling for ``hub_load.py``: a bare FastAPI app whose PUT /patients/{id} does the hub's
insert (the same row in the same table, psycopg, one transaction) and nothing else — no auth,
no FHIR validation, no audit. Served by uvicorn with the hub's worker counts:

    BARE_DB_URL=postgresql://... BARE_FACILITY=<spoke id> uvicorn --factory bench.bare_put_app:app
"""

from __future__ import annotations

import hashlib
import json
import os
import queue
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Annotated, Any

import psycopg
from fastapi import Body, FastAPI
from psycopg.types.json import Jsonb

INSERT = (
    "INSERT INTO patients (id, facility_id, resource, payload_sha256, version, created_at,"
    " updated_at) VALUES (%s, %s, %s, %s, 1, %s, %s)"
)


class Pool:
    """Connections kept per worker (at most one per thread-pool thread in use)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.idle: queue.LifoQueue[psycopg.Connection[Any]] = queue.LifoQueue()

    @contextmanager
    def connection(self) -> Iterator[psycopg.Connection[Any]]:
        try:
            conn = self.idle.get_nowait()
        except queue.Empty:
            conn = psycopg.connect(self.url)
        try:
            yield conn
        finally:
            self.idle.put(conn)


def app() -> FastAPI:
    pool = Pool(os.environ["BARE_DB_URL"].replace("postgresql+psycopg://", "postgresql://"))
    facility = os.environ["BARE_FACILITY"]
    api = FastAPI()

    @api.put("/api/v1/patients/{patient_id}", status_code=201)
    def put_patient(patient_id: uuid.UUID, body: Annotated[dict[str, Any], Body()]) -> Any:
        resource = body["resource"]
        digest = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
        now = datetime.now(UTC)
        with pool.connection() as conn, conn.transaction():
            conn.execute(INSERT, (str(patient_id), facility, Jsonb(resource), digest, now, now))
        return {"id": str(patient_id), "resource": resource}

    @api.get("/readyz")
    def ready() -> dict[str, str]:
        return {"status": "ready"}

    return api
