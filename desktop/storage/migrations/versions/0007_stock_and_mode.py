"""The spoke's medicine stock and what was dispensed against each prescription; a consult's
mode (video, audio, or text: without a call). Consults stored before were held by video
(the only way the app offered), so they are marked so.

Revision ID: 0007_stock_and_mode
Revises: 0006_rx_verification
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_stock_and_mode"
down_revision = "0006_rx_verification"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("consults") as batch:
        batch.add_column(sa.Column("mode", sa.String(8), nullable=False, server_default="video"))
    op.create_table(
        "stock_items",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("generic", sa.String(120), nullable=False),
        sa.Column("strength", sa.String(60), nullable=False),
        sa.Column("form", sa.String(60), nullable=False),
        sa.Column("formulary_id", sa.String(64), nullable=False),
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("unit", sa.String(24), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_stock_items"),
    )
    op.create_table(
        "stock_dispensed",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("prescription_id", sa.String(36), nullable=False),
        sa.Column("medicine_index", sa.Integer(), nullable=False),
        sa.Column("stock_item_id", sa.String(64), nullable=True),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("dispensed_by", sa.String(64), nullable=False),
        sa.Column("dispensed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_stock_dispensed"),
        sa.ForeignKeyConstraint(
            ["prescription_id"],
            ["prescriptions.id"],
            name="fk_stock_dispensed_prescription_id_prescriptions",
        ),
        sa.ForeignKeyConstraint(
            ["stock_item_id"],
            ["stock_items.id"],
            name="fk_stock_dispensed_stock_item_id_stock_items",
        ),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_stock_dispensed_prescription_id", "stock_dispensed", ["prescription_id"])
    op.create_index("ix_stock_dispensed_stock_item_id", "stock_dispensed", ["stock_item_id"])


def downgrade() -> None:
    raise NotImplementedError("the local database only moves forward; restore a backup")
