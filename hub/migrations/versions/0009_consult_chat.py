"""consult chat: the messages of a consult's live call, sent by the spoke once each by id

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "consult_chat",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("consult_id", sa.String(length=36), nullable=False),
        sa.Column("sender", sa.String(length=8), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["consult_id"], ["consults.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("consult_chat", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consult_chat_consult_id"), ["consult_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("consult_chat", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consult_chat_consult_id"))
    op.drop_table("consult_chat")
