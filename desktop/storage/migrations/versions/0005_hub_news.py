"""The consult's way back: the hub's status on each consult (and every step of it), and the
prescriptions received. Consult rows in the outbox now hold the hub's body itself: queued
FHIR Bundles are turned into that body once here, depending on their patient's row.

Revision ID: 0005_hub_news
Revises: 0004_account_admin
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0005_hub_news"
down_revision = "0004_account_admin"
branch_labels = None
depends_on = None

_PRIORITY = {"R": "routine", "UR": "urgent", "EM": "emergency"}


def _when(name: str, nullable: bool = False) -> sa.Column[Any]:
    return sa.Column(name, sa.DateTime(), nullable=nullable)


def upgrade() -> None:
    with op.batch_alter_table("consults") as batch:
        batch.add_column(sa.Column("hub_status", sa.String(16), nullable=False, server_default=""))
        batch.add_column(sa.Column("hub_position", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("hub_wait_seconds", sa.Integer(), nullable=True))
        batch.add_column(_when("hub_status_at", nullable=True))
    op.create_table(
        "consult_status_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consult_id", sa.String(32), nullable=False),
        sa.Column("hub_status", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("position", sa.Integer(), nullable=True),
        sa.Column("wait_seconds", sa.Integer(), nullable=True),
        _when("at"),
        sa.PrimaryKeyConstraint("id", name="pk_consult_status_changes"),
        sa.ForeignKeyConstraint(
            ["consult_id"], ["consults.id"], name="fk_consult_status_changes_consult_id_consults"
        ),
        sqlite_autoincrement=True,
    )
    op.create_index(
        "ix_consult_status_changes_consult_id", "consult_status_changes", ["consult_id"]
    )
    op.create_table(
        "prescriptions",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("consult_id", sa.String(32), nullable=False),
        sa.Column("doctor_id", sa.String(36), nullable=False),
        sa.Column("registration_number", sa.String(40), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("signature", sa.Text(), nullable=False),
        sa.Column("payload_sha256", sa.String(64), nullable=False),
        sa.Column("verified", sa.Boolean(), nullable=True),
        _when("created_at"),
        _when("received_at"),
        sa.PrimaryKeyConstraint("id", name="pk_prescriptions"),
        sa.ForeignKeyConstraint(
            ["consult_id"], ["consults.id"], name="fk_prescriptions_consult_id_consults"
        ),
    )
    op.create_index("ix_prescriptions_consult_id", "prescriptions", ["consult_id"])
    _bundles_to_bodies()


def _code(concept: Any) -> str:
    codings = concept.get("coding") if isinstance(concept, dict) else None
    first = codings[0] if isinstance(codings, list) and codings else {}
    return str(first.get("code", "")) if isinstance(first, dict) else ""


def _body(bundle: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """The hub's ConsultIn body of a queued Bundle, and its patient id (32 hex)."""
    raw = bundle.get("entry")
    resources = [
        e["resource"]
        for e in (raw if isinstance(raw, list) else [])
        if isinstance(e, dict) and isinstance(e.get("resource"), dict)
    ]
    encounter: dict[str, Any] = next(
        (r for r in resources if r.get("resourceType") == "Encounter"), {}
    )
    subject = str(encounter.get("subject", {}).get("reference", ""))
    patient_id = subject.split("/", 1)[1] if "/" in subject else ""
    try:
        patient_id = uuid.UUID(patient_id).hex
    except ValueError:
        pass
    body = {
        "patient_id": str(uuid.UUID(patient_id)) if len(patient_id) == 32 else patient_id,
        "specialty": _code(encounter.get("serviceType")) or "general_medicine",
        "priority": _PRIORITY.get(_code(encounter.get("priority")), "routine"),
        "resources": [r for r in resources if r.get("resourceType") != "Patient"],
        "final": True,
    }
    return body, patient_id


def _bundles_to_bodies() -> None:
    conn = op.get_bind()
    rows = conn.execute(
        sa.text(
            "SELECT id, payload FROM outbox WHERE entity_type = 'consult'"
            " AND operation IN ('create', 'update') AND state != 'done' ORDER BY id"
        )
    ).all()
    for row_id, raw in rows:
        try:
            payload = json.loads(raw)
        except ValueError:
            continue
        if not isinstance(payload, dict) or payload.get("resourceType") != "Bundle":
            continue
        body, patient_id = _body(payload)
        if "_sync" in payload:
            body["_sync"] = payload["_sync"]
        parent = conn.execute(
            sa.text(
                "SELECT max(id) FROM outbox WHERE entity_type = 'patient'"
                " AND entity_id IN (:a, :b) AND id < :me"
            ),
            {"a": patient_id, "b": _dashed(patient_id), "me": row_id},
        ).scalar()
        conn.execute(
            sa.text(
                "UPDATE outbox SET payload = :p, depends_on = coalesce(depends_on, :d)"
                " WHERE id = :me"
            ),
            {"p": json.dumps(body, ensure_ascii=False), "d": parent, "me": row_id},
        )


def _dashed(hex_id: str) -> str:
    try:
        return str(uuid.UUID(hex_id))
    except ValueError:
        return hex_id


def downgrade() -> None:
    raise NotImplementedError("the local database only moves forward; restore a backup")
