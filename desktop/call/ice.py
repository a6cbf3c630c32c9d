"""The hub's ICE servers (STUN, and TURN with time-limited credentials) for one call,
fetched on the call runtime's loop right before the call: TURN credentials expire (an hour),
so they are asked for when needed, never stored.
"""

from __future__ import annotations

import ssl
from typing import Any

import httpx

from desktop.call.signaling import NotInRoom, NotSignedIn, SignalingError


async def fetch_ice_config(
    base_url: str, token: str, *, verify: ssl.SSLContext | bool = True, timeout: float = 20.0
) -> dict[str, Any]:
    """``GET /api/v1/ice-servers`` with the caller's access token: {"ice_servers": [...],
    "ttl_seconds": n}. 401 -> NotSignedIn, 403 -> NotInRoom, other failures SignalingError."""
    url = base_url.rstrip("/") + "/api/v1/ice-servers"
    headers = {"Authorization": f"Bearer {token}"}
    try:
        async with httpx.AsyncClient(verify=verify, timeout=timeout, trust_env=False) as http:
            response = await http.get(url, headers=headers)
    except httpx.HTTPError as exc:
        raise SignalingError(f"ICE servers not fetched: {type(exc).__name__}") from None
    if response.status_code == 401:
        raise NotSignedIn(4401)
    if response.status_code == 403:
        raise NotInRoom(4403)
    if not response.is_success:
        raise SignalingError(f"ICE servers not fetched: HTTP {response.status_code}")
    body = response.json()
    if not isinstance(body, dict) or not isinstance(body.get("ice_servers"), list):
        raise SignalingError("ICE servers not fetched: unexpected answer")
    return body
