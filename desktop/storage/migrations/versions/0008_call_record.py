"""What a live call leaves in the consult's record: chat messages (once each by id) and the
mode the call achieved.

Revision ID: 0008_call_record
Revises: 0007_stock_and_mode
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_call_record"
down_revision = "0007_stock_and_mode"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "consult_chat",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("consult_id", sa.String(32), nullable=False),
        sa.Column("sender", sa.String(8), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.Column("stored_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["consult_id"], ["consults.id"], name="fk_consult_chat_consult_id_consults"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_consult_chat"),
    )
    op.create_index("ix_consult_chat_consult_id", "consult_chat", ["consult_id"])
    op.create_table(
        "consult_calls",
        sa.Column("consult_id", sa.String(32), nullable=False),
        sa.Column("achieved_mode", sa.String(8), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["consult_id"], ["consults.id"], name="fk_consult_calls_consult_id_consults"
        ),
        sa.PrimaryKeyConstraint("consult_id", name="pk_consult_calls"),
    )


def downgrade() -> None:
    raise NotImplementedError("the local database only moves forward; restore a backup")
