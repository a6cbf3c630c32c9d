"""consult mode video/audio/text and the follow-up link: old "live" consults become "video",
"store_and_forward" ones "text" (asynchronous); follow_up_of names the earlier consult

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_MODES = (("live", "video"), ("store_and_forward", "text"))


def upgrade() -> None:
    with op.batch_alter_table("consults", schema=None) as batch_op:
        batch_op.add_column(sa.Column("follow_up_of", sa.String(length=36), nullable=True))
        batch_op.create_foreign_key(
            "fk_consults_follow_up_of", "consults", ["follow_up_of"], ["id"]
        )
    consults = sa.table("consults", sa.column("mode", sa.String(20)))
    for old, new in _MODES:
        op.execute(consults.update().where(consults.c.mode == old).values(mode=new))


def downgrade() -> None:
    consults = sa.table("consults", sa.column("mode", sa.String(20)))
    for old, new in _MODES:
        op.execute(consults.update().where(consults.c.mode == new).values(mode=old))
    op.execute(consults.update().where(consults.c.mode == "audio").values(mode="live"))
    with op.batch_alter_table("consults", schema=None) as batch_op:
        batch_op.drop_constraint("fk_consults_follow_up_of", type_="foreignkey")
        batch_op.drop_column("follow_up_of")
