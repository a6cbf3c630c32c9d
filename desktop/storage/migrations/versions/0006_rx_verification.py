"""Prescriptions verified at the spoke: the key the hub verified each with, the verdict and
its reason, the version it corrects and its referral's status; doctors' signing keys cached
for offline checks; a consult's link to the one it follows up. Prescriptions stored before
had nothing to check against: they are marked unverifiable (no key).

Revision ID: 0006_rx_verification
Revises: 0005_hub_news
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_rx_verification"
down_revision = "0005_hub_news"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("prescriptions") as batch:
        batch.add_column(sa.Column("signing_key", sa.Text(), nullable=False, server_default=""))
        batch.add_column(
            sa.Column("verification", sa.String(16), nullable=False, server_default="")
        )
        batch.add_column(
            sa.Column("verify_reason", sa.String(24), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("replaces", sa.String(36), nullable=False, server_default=""))
        batch.add_column(
            sa.Column("referral_status", sa.String(16), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("referral_status_at", sa.DateTime(), nullable=True))
        batch.create_index("ix_prescriptions_replaces", ["replaces"])
    op.execute(
        "UPDATE prescriptions SET verification = 'unverifiable', verify_reason = 'no_key',"
        " verified = NULL"
    )
    op.create_table(
        "doctor_keys",
        sa.Column("doctor_id", sa.String(36), nullable=False),
        sa.Column("public_key", sa.Text(), nullable=False),
        sa.Column("registration_number", sa.String(40), nullable=False),
        sa.Column("seen_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("doctor_id", name="pk_doctor_keys"),
    )
    with op.batch_alter_table("consults") as batch:
        batch.add_column(sa.Column("follow_up_of", sa.String(32), nullable=True))
        batch.create_index("ix_consults_follow_up_of", ["follow_up_of"])


def downgrade() -> None:
    raise NotImplementedError("the local database only moves forward; restore a backup")
