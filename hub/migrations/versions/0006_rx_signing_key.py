"""prescriptions keep the doctor's signing key the hub verified them with (served to spokes)

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("prescriptions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("signing_key", sa.String(length=100), nullable=False, server_default="")
        )
    # Prescriptions stored before were verified with the doctor's key at that time: the best
    # record of it is the doctor's current key.
    op.execute(
        "UPDATE prescriptions SET signing_key = (SELECT users.signing_key FROM users"
        " WHERE users.id = prescriptions.doctor_id)"
        " WHERE EXISTS (SELECT 1 FROM users WHERE users.id = prescriptions.doctor_id)"
    )


def downgrade() -> None:
    with op.batch_alter_table("prescriptions", schema=None) as batch_op:
        batch_op.drop_column("signing_key")
