"""Accounts get an ``is_admin`` flag (separate from the clinical role): the person who set up
the clinic, and every account with the role 'admin', may manage accounts.

Revision ID: 0004_account_admin
Revises: 0003_clinical
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_account_admin"
down_revision = "0003_clinical"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("accounts") as batch:
        batch.add_column(
            sa.Column("is_admin", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.execute("UPDATE accounts SET is_admin = 1 WHERE role = 'admin'")
    # The first account is the one the set-up wizard created.
    op.execute(
        "UPDATE accounts SET is_admin = 1 WHERE id = "
        "(SELECT id FROM accounts ORDER BY created_at, id LIMIT 1)"
    )


def downgrade() -> None:
    raise NotImplementedError("the local database only moves forward; restore a backup")
