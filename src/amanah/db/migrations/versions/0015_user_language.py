"""Each user's language, digits and calendar (issue 19): Arabic or English, Arabic-Indic or
Western digits, the Hijri date beside the Gregorian one. Empty means "as the browser asks".

Revision ID: 0015
Revises: 0014 (re-chained after merging main; was 0010)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("language", sa.String(8), nullable=True))
        batch_op.add_column(sa.Column("digits", sa.String(8), nullable=True))
        batch_op.add_column(
            sa.Column("hijri", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("hijri")
        batch_op.drop_column("digits")
        batch_op.drop_column("language")
