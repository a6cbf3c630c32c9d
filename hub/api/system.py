"""Health and readiness probes and the hub's public age key."""

from __future__ import annotations

from fastapi import APIRouter, Response
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from hub.deps import Hub
from hub.schemas import HubKeyOut

router = APIRouter(tags=["system"])
WELL_KNOWN_KEY = "/.well-known/spoke-hub-key"


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


@router.get("/readyz", responses={503: {"description": "database or storage unavailable"}})
def readyz(hub: Hub, response: Response) -> dict[str, str]:
    """The database answers and the blob store is writable."""
    try:
        with hub.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        probe = hub.config.blobs_dir / ".ready"
        probe.write_bytes(b"")
        probe.unlink()
    except (OSError, SQLAlchemyError) as exc:  # report, never crash the probe
        response.status_code = 503
        return {"status": "unavailable", "reason": type(exc).__name__}
    return {"status": "ready"}


@router.get(WELL_KNOWN_KEY, response_model=HubKeyOut)
def hub_key(hub: Hub) -> HubKeyOut:
    """The age recipient (public key) spokes encrypt blobs to, besides their own."""
    return HubKeyOut(age_recipient=str(hub.identity.to_public()))
