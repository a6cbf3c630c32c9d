"""doctor devices: a device's age key, the queue version per hub, decline reasons

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("devices", schema=None) as batch_op:
        batch_op.add_column(sa.Column("age_recipient", sa.String(length=100), nullable=True))
    op.create_table(
        "queue_versions",
        sa.Column("hub_id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("hub_id"),
    )
    op.create_table(
        "consult_declines",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("consult_id", sa.String(length=36), nullable=False),
        sa.Column("doctor_id", sa.String(length=36), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=False),
        sa.Column("declined_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["consult_id"], ["consults.id"]),
        sa.ForeignKeyConstraint(["doctor_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_consult_declines_consult_id", "consult_declines", ["consult_id"])


def downgrade() -> None:
    op.drop_index("ix_consult_declines_consult_id", table_name="consult_declines")
    op.drop_table("consult_declines")
    op.drop_table("queue_versions")
    with op.batch_alter_table("devices", schema=None) as batch_op:
        batch_op.drop_column("age_recipient")
