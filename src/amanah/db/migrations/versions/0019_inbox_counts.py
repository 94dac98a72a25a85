"""inbox counts read from indexes alone

The state index carries the partner and the case id: a count of cases by state, of a partner's
cases by state (a liaison's inbox, the case list filtered by both) and a join of cases by state
(the overdue checks) read the index alone on both stores; the cases in compliance review without
their Article 7 assessment have a partial index (state, then the queue's order: SQLite prefers
it to the state index only so; nearly every case lacks an assessment, so a partial index of the
state alone is as large as the state index); a monitoring plan's due date index carries its case.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-01 23:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UNASSESSED = sa.text("risk_assessment IS NULL")


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_state")
        batch_op.create_index(
            "ix_cases_state_partner_id", ["state", "partner_code", "id"], unique=False
        )
        batch_op.create_index("ix_cases_unassessed", ["state", "updated_at"], unique=False,
                              sqlite_where=UNASSESSED, postgresql_where=UNASSESSED)  # fmt: skip
    with op.batch_alter_table("monitoring_plans", schema=None) as batch_op:
        batch_op.drop_index("ix_monitoring_plans_next_due")
        batch_op.create_index(
            "ix_monitoring_plans_next_due_case", ["next_due", "case_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("monitoring_plans", schema=None) as batch_op:
        batch_op.drop_index("ix_monitoring_plans_next_due_case")
        batch_op.create_index("ix_monitoring_plans_next_due", ["next_due"], unique=False)
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_unassessed")
        batch_op.drop_index("ix_cases_state_partner_id")
        batch_op.create_index("ix_cases_state", ["state"], unique=False)
