"""A case timeline note as a catalogue message with its values (issue 19), so a role or a
document kind in it reads as words in each reader's language; the English `note` stays, and is
all an older entry has.

Revision ID: 0020_ar_values
Revises: 0019
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0020_ar_values"
down_revision: str | None = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("case_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("note_id", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("note_values", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("case_events", schema=None) as batch_op:
        batch_op.drop_column("note_values")
        batch_op.drop_column("note_id")
