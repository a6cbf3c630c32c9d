"""Blob records (ciphertext checksum, recipients, owner) and the sync outbox.

Revision ID: 0002_blobs_outbox
Revises: 0001_accounts_audit
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_blobs_outbox"
down_revision = "0001_accounts_audit"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "blobs",
        sa.Column("blob_id", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("plaintext_size", sa.Integer(), nullable=False),
        sa.Column("recipients", sa.JSON(), nullable=False),
        sa.Column("owner_type", sa.String(32), nullable=True),
        sa.Column("owner_id", sa.String(64), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(), nullable=True),
        sa.Column("damaged", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("blob_id", name="pk_blobs"),
    )
    op.create_index("ix_blobs_owner_id", "blobs", ["owner_id"])
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("entity_type", sa.String(32), nullable=False),
        sa.Column("entity_id", sa.String(64), nullable=False),
        sa.Column("operation", sa.String(16), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("depends_on", sa.Integer(), nullable=True),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.CheckConstraint("state IN ('pending', 'in_flight', 'done', 'failed')", name="state"),
        sa.ForeignKeyConstraint(["depends_on"], ["outbox.id"], name="fk_outbox_depends_on_outbox"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_outbox_entity_id", "outbox", ["entity_id"])
    op.create_index("ix_outbox_state", "outbox", ["state"])


def downgrade() -> None:
    raise NotImplementedError("the local database only moves forward; restore a backup")
