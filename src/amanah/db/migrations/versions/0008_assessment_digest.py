"""assessment digest and latest: a fingerprint of the findings, so a bulk re-run compares
without reading every stored finding; a case's current assessment is its newest, so superseded
assessments are no longer rewritten to clear a flag

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27 11:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("digest", sa.String(length=64), nullable=True))
        batch_op.drop_index("ix_assessments_current")
        batch_op.drop_index("ix_assessments_case_id")
        batch_op.drop_column("current")
        batch_op.create_index("ix_assessments_case_latest", ["case_id", "id", "digest"])

    bind = op.get_bind()
    if bind.dialect.name == "postgresql" and _has_lz4(bind):
        # the snapshots and findings a re-run writes by the thousand compress faster with lz4
        op.execute("ALTER TABLE assessments ALTER COLUMN facts SET COMPRESSION lz4, "
                   "ALTER COLUMN findings SET COMPRESSION lz4")  # fmt: skip
        op.execute('ALTER TABLE audit_events ALTER COLUMN "before" SET COMPRESSION lz4, '
                   'ALTER COLUMN "after" SET COMPRESSION lz4')  # fmt: skip


def _has_lz4(bind: sa.engine.Connection) -> bool:
    """PostgreSQL 14 or later built with lz4 lists it among the values of this setting."""
    values = bind.execute(
        sa.text("SELECT enumvals FROM pg_settings WHERE name = 'default_toast_compression'")
    ).scalar()
    return "lz4" in (values or [])


def downgrade() -> None:
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("current", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.drop_index("ix_assessments_case_latest")
        batch_op.drop_column("digest")
        batch_op.create_index("ix_assessments_case_id", ["case_id"])
        batch_op.create_index("ix_assessments_current", ["current"])
    op.execute(
        "UPDATE assessments SET current = TRUE WHERE id IN "
        "(SELECT max(id) FROM assessments GROUP BY case_id)"
    )
