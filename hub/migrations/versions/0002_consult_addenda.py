"""consult addenda: text a spoke adds to a consult after sending it

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "consult_addenda",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("consult_id", sa.String(length=36), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author", sa.String(length=64), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["consult_id"], ["consults.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("consult_addenda", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consult_addenda_consult_id"), ["consult_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("consult_addenda", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consult_addenda_consult_id"))
    op.drop_table("consult_addenda")
