"""Alembic environment: always handed an open connection by desktop.storage.migrate."""

from __future__ import annotations

from alembic import context

from desktop.storage.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite alters tables by copy-and-rename
    transaction_per_migration=False,
)
# migrate.upgrade() already opened the one transaction all pending steps share.
context.run_migrations()
