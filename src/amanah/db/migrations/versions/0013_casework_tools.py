"""Casework tools: requests for information, case versions (amendments and modifications),
notifications above value thresholds, release validity, and the routing table with the flags
and queues it gives each case.

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

UTC_DATETIME = sa.DateTime(timezone=True)

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels = None
depends_on = None


def _case_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=f"fk_{table}_case_id_cases")


def upgrade() -> None:
    op.create_table(
        "rfis",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("addressee", sa.String(length=20), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("asked_by", sa.String(length=80), nullable=False),
        sa.Column("asked_at", UTC_DATETIME, nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("answered_by", sa.String(length=80), nullable=True),
        sa.Column("answered_at", UTC_DATETIME, nullable=True),
        sa.Column("document_ids", sa.JSON(), nullable=False),
        _case_fk("rfis"),
        sa.PrimaryKeyConstraint("id", name="pk_rfis"),
    )
    op.create_index("ix_rfis_case_id", "rfis", ["case_id"])
    op.create_index("ix_rfis_status", "rfis", ["status"])
    op.create_table(
        "case_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("made_by", sa.String(length=80), nullable=False),
        sa.Column("made_at", UTC_DATETIME, nullable=False),
        _case_fk("case_versions"),
        sa.PrimaryKeyConstraint("id", name="pk_case_versions"),
    )
    op.create_index("ix_case_versions_case_id", "case_versions", ["case_id"])
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("threshold", sa.String(length=40), nullable=False),
        sa.Column("tier", sa.String(length=20), nullable=False),
        sa.Column("value", sa.Numeric(18, 2), nullable=False),
        sa.Column("limit", sa.Numeric(18, 2), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("waiting_days", sa.Integer(), nullable=False),
        sa.Column("notified_on", sa.Date(), nullable=False),
        sa.Column("waiting_until", sa.Date(), nullable=False),
        sa.Column("notified_by", sa.String(length=80), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        _case_fk("notifications"),
        sa.PrimaryKeyConstraint("id", name="pk_notifications"),
    )
    op.create_index("ix_notifications_case_id", "notifications", ["case_id"])
    op.create_table(
        "release_validities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.String(length=2), nullable=False),
        sa.Column("months", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        _case_fk("release_validities"),
        sa.ForeignKeyConstraint(
            ["decision_id"], ["decisions.id"], name="fk_release_validities_decision_id_decisions"
        ),  # fmt: skip
        sa.PrimaryKeyConstraint("id", name="pk_release_validities"),
        sa.UniqueConstraint("decision_id", name="uq_release_validities_decision_id"),
    )
    op.create_index("ix_release_validities_case_id", "release_validities", ["case_id"])
    op.create_table(
        "routing_rule_sets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("table", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("proposed_by", sa.String(length=80), nullable=False),
        sa.Column("proposed_by_id", sa.Integer(), nullable=True),
        sa.Column("proposed_at", UTC_DATETIME, nullable=False),
        sa.Column("decided_by", sa.String(length=80), nullable=True),
        sa.Column("decided_at", UTC_DATETIME, nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_routing_rule_sets"),
        sa.UniqueConstraint("number", name="uq_routing_rule_sets_number"),
    )
    op.create_index("ix_routing_rule_sets_status", "routing_rule_sets", ["status"])
    op.create_table(
        "case_flags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=10), nullable=False),
        sa.Column("subject_id", sa.String(length=40), nullable=False),
        sa.Column("flag", sa.String(length=60), nullable=False),
        sa.Column("rule_set", sa.Integer(), nullable=False),
        sa.Column("at", UTC_DATETIME, nullable=False),
        _case_fk("case_flags"),
        sa.PrimaryKeyConstraint("id", name="pk_case_flags"),
    )
    op.create_index("ix_case_flags_case_id", "case_flags", ["case_id"])
    op.create_index("ix_case_flags_flag", "case_flags", ["flag"])
    op.create_table(
        "case_queues",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("queue", sa.String(length=40), nullable=False),
        sa.Column("because", sa.JSON(), nullable=False),
        sa.Column("rule_set", sa.Integer(), nullable=False),
        sa.Column("routed_at", UTC_DATETIME, nullable=False),
        _case_fk("case_queues"),
        sa.PrimaryKeyConstraint("id", name="pk_case_queues"),
    )
    op.create_index("ix_case_queues_case_id", "case_queues", ["case_id"])
    op.create_index("ix_case_queues_queue", "case_queues", ["queue"])


def downgrade() -> None:
    for table in ("case_queues", "case_flags", "routing_rule_sets", "release_validities",
                  "notifications", "case_versions", "rfis"):  # fmt: skip
        op.drop_table(table)
