"""patient ABHA key: the ABHA number's digest in an indexed column, filled for every stored
patient, so the doctor's history finds a patient's records at other spokes by index

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from hub.abha import abha_key

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

BATCH = 1000


def upgrade() -> None:
    with op.batch_alter_table("patients", schema=None) as batch_op:
        batch_op.add_column(sa.Column("abha_key", sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f("ix_patients_abha_key"), ["abha_key"], unique=False)
    patients = sa.table(
        "patients",
        sa.column("id", sa.String()),
        sa.column("resource", sa.JSON()),
        sa.column("abha_key", sa.String()),
    )
    conn = op.get_bind()
    after = ""
    while True:  # in pages by id: a large hub is never read into memory at once
        page = conn.execute(
            sa.select(patients.c.id, patients.c.resource)
            .where(patients.c.id > after)
            .order_by(patients.c.id)
            .limit(BATCH)
        ).all()
        if not page:
            break
        keyed = [
            {"pid": pid, "key": key}
            for pid, resource in page
            if (key := abha_key(resource if isinstance(resource, dict) else None)) is not None
        ]
        if keyed:
            conn.execute(
                patients.update()
                .where(patients.c.id == sa.bindparam("pid"))
                .values(abha_key=sa.bindparam("key")),
                keyed,
            )
        after = page[-1][0]


def downgrade() -> None:
    with op.batch_alter_table("patients", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_patients_abha_key"))
        batch_op.drop_column("abha_key")
