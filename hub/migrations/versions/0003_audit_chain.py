"""audit chain: hash-chained audit rows, the chain head, spokes' reported heads

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from hub.audit_chain import GENESIS, digest
from hub.models import UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("seq", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("hash", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint("uq_audit_events_seq", ["seq"])
    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "spoke_audit_heads",
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("flag", sa.String(length=20), nullable=False),
        sa.Column("flagged_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("device_id"),
    )
    _chain_existing_rows()


def _chain_existing_rows() -> None:
    """Rows written before the chain existed are chained in id order."""
    conn = op.get_bind()
    events = sa.table(
        "audit_events",
        sa.column("at", UTCDateTime()),
        *(sa.column(n) for n in ("id", "user_id", "device_id", "action", "object_type")),
        *(sa.column(n) for n in ("object_id", "outcome", "status_code", "seq")),
        sa.column("prev_hash"),
        sa.column("hash"),
    )
    prev, seq = GENESIS, 0
    for row in conn.execute(sa.select(events).order_by(events.c.id)).mappings():
        seq += 1
        new = digest(prev, dict(row) | {"seq": seq})
        conn.execute(
            events.update()
            .where(events.c.id == row["id"])
            .values(seq=seq, prev_hash=prev, hash=new)
        )
        prev = new
    head = sa.table("audit_head", sa.column("id"), sa.column("seq"), sa.column("last_hash"))
    conn.execute(head.insert().values(id=1, seq=seq, last_hash=prev))


def downgrade() -> None:
    op.drop_table("spoke_audit_heads")
    op.drop_table("audit_head")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_constraint("uq_audit_events_seq", type_="unique")
        batch_op.drop_column("hash")
        batch_op.drop_column("prev_hash")
        batch_op.drop_column("seq")
