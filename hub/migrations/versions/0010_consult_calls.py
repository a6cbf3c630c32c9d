"""consult calls: what each live call of a consult achieved, reported by the spoke once by
id, and the consult's best achieved mode (the prescription rules use it)

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "consult_calls",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("consult_id", sa.String(length=36), nullable=False),
        sa.Column("mode", sa.String(length=8), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("video_seconds", sa.Integer(), nullable=True),
        sa.Column("audio_seconds", sa.Integer(), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["consult_id"], ["consults.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("consult_calls", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consult_calls_consult_id"), ["consult_id"], unique=False
        )
    with op.batch_alter_table("consults", schema=None) as batch_op:
        batch_op.add_column(sa.Column("achieved_mode", sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("consults", schema=None) as batch_op:
        batch_op.drop_column("achieved_mode")
    with op.batch_alter_table("consult_calls", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consult_calls_consult_id"))
    op.drop_table("consult_calls")
