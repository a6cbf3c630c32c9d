"""Patients (with phonetic search keys), edit history, consults, consents, attachments,
addenda.

Revision ID: 0003_clinical
Revises: 0002_blobs_outbox
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision = "0003_clinical"
down_revision = "0002_blobs_outbox"
branch_labels = None
depends_on = None


def _when(name: str, nullable: bool = False) -> sa.Column[datetime]:
    return sa.Column(name, sa.DateTime(), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "patients",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("code", sa.String(12), nullable=False),
        sa.Column("given_name", sa.String(60), nullable=False),
        sa.Column("family_name", sa.String(60), nullable=False),
        sa.Column("sex", sa.String(8), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("birth_estimated", sa.Boolean(), nullable=False),
        sa.Column("mobile", sa.String(10), nullable=False),
        sa.Column("no_mobile_reason", sa.String(24), nullable=False),
        sa.Column("abha_number", sa.String(14), nullable=False),
        sa.Column("abha_address", sa.String(64), nullable=False),
        sa.Column("state_lgd", sa.Integer(), nullable=True),
        sa.Column("district", sa.String(80), nullable=False),
        sa.Column("locality", sa.String(80), nullable=False),
        sa.Column("address_line", sa.String(200), nullable=False),
        sa.Column("pin", sa.String(6), nullable=False),
        sa.Column("guardian_name", sa.String(60), nullable=False),
        sa.Column("guardian_relation", sa.String(16), nullable=False),
        sa.Column("photo_blob_id", sa.String(32), nullable=True),
        sa.Column("key_name", sa.String(130), nullable=False),
        sa.Column("key_family", sa.String(130), nullable=False),
        sa.Column("key_skeleton", sa.String(130), nullable=False),
        _when("created_at"),
        _when("updated_at"),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("updated_by", sa.String(64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_patients"),
        sa.UniqueConstraint("code", name="uq_patients_code"),
        sa.ForeignKeyConstraint(
            ["photo_blob_id"], ["blobs.blob_id"], name="fk_patients_photo_blob_id_blobs"
        ),
    )
    for column in (
        "key_name",
        "key_family",
        "key_skeleton",
        "mobile",
        "abha_number",
        "abha_address",
        "updated_at",
        "birth_date",
    ):
        op.create_index(f"ix_patients_{column}", "patients", [column])

    op.create_table(
        "patient_history",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("patient_id", sa.String(32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        _when("changed_at"),
        sa.Column("changed_by", sa.String(64), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name="fk_patient_history_patient_id_patients"
        ),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_patient_history_patient_id", "patient_history", ["patient_id"])

    op.create_table(
        "consults",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("patient_id", sa.String(32), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("specialty", sa.String(32), nullable=False),
        sa.Column("priority", sa.String(16), nullable=False),
        sa.Column("intake", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        _when("created_at"),
        _when("updated_at"),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_consults"),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name="fk_consults_patient_id_patients"
        ),
    )
    op.create_index("ix_consults_patient_id", "consults", ["patient_id"])
    op.create_index("ix_consults_status", "consults", ["status"])

    op.create_table(
        "consult_consents",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("consult_id", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("granted", sa.Boolean(), nullable=False),
        sa.Column("given_by", sa.String(16), nullable=False),
        sa.Column("guardian_name", sa.String(60), nullable=False),
        sa.Column("guardian_relation", sa.String(16), nullable=False),
        sa.Column("recorded_by", sa.String(64), nullable=False),
        _when("recorded_at"),
        sa.ForeignKeyConstraint(
            ["consult_id"], ["consults.id"], name="fk_consult_consents_consult_id_consults"
        ),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_consult_consents_consult_id", "consult_consents", ["consult_id"])

    op.create_table(
        "consult_attachments",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("consult_id", sa.String(32), nullable=False),
        sa.Column("blob_id", sa.String(32), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("media_type", sa.String(64), nullable=False),
        sa.Column("title", sa.String(120), nullable=False),
        sa.Column("thumbnail_blob_id", sa.String(32), nullable=True),
        _when("added_at"),
        sa.PrimaryKeyConstraint("id", name="pk_consult_attachments"),
        sa.ForeignKeyConstraint(
            ["consult_id"], ["consults.id"], name="fk_consult_attachments_consult_id_consults"
        ),
        sa.ForeignKeyConstraint(
            ["blob_id"], ["blobs.blob_id"], name="fk_consult_attachments_blob_id_blobs"
        ),
        sa.ForeignKeyConstraint(
            ["thumbnail_blob_id"],
            ["blobs.blob_id"],
            name="fk_consult_attachments_thumbnail_blob_id_blobs",
        ),
    )
    op.create_index("ix_consult_attachments_consult_id", "consult_attachments", ["consult_id"])

    op.create_table(
        "consult_addenda",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("consult_id", sa.String(32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author", sa.String(64), nullable=False),
        _when("added_at"),
        sa.PrimaryKeyConstraint("id", name="pk_consult_addenda"),
        sa.ForeignKeyConstraint(
            ["consult_id"], ["consults.id"], name="fk_consult_addenda_consult_id_consults"
        ),
    )
    op.create_index("ix_consult_addenda_consult_id", "consult_addenda", ["consult_id"])


def downgrade() -> None:
    raise NotImplementedError("the local database only moves forward; restore a backup")
