"""assessment facts digest (issue 20): a fingerprint of the facts and rules an assessment was
made from, so a bulk re-run evaluates only the cases whose facts changed; the index a re-run
reads every open case's current assessment from holds it, and the outcome, too

Revision ID: 0021_facts_digest
Revises: 0020_ar_values
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0021_facts_digest"
down_revision: str | None = "0020_ar_values"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("facts_digest", sa.String(length=40), nullable=True))
        batch_op.drop_index("ix_assessments_case_latest")
        batch_op.create_index(
            "ix_assessments_case_latest", ["case_id", "id", "digest", "facts_digest", "outcome"]
        )


def downgrade() -> None:
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.drop_index("ix_assessments_case_latest")
        batch_op.create_index("ix_assessments_case_latest", ["case_id", "id", "digest"])
        batch_op.drop_column("facts_digest")
