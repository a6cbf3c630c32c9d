"""ORM models of the local database, one module per area; ``Base.metadata`` holds them all.

Importing this package registers every table (Alembic and tests rely on that): a new model
module must be added to the import below (explicit, so PyInstaller sees it).
"""

from desktop.storage.models import (
    accounts,
    audit,
    blobs,
    call,
    clinical,
    hub_news,
    outbox,
    stock,
)
from desktop.storage.models.base import Base

__all__ = ["Base", "accounts", "audit", "blobs", "call", "clinical", "hub_news", "outbox", "stock"]
