"""HTTP routers of the hub, one module per area, all under /api/v1."""

from __future__ import annotations

from typing import Any

from hub.schemas import ErrorOut

# Error answers every authenticated route may give; declared so the OpenAPI spec is honest.
ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut} for code in (400, 401, 403, 404, 409, 413, 422, 429)
}
