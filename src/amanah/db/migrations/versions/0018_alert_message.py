"""An alert's words as a catalogue message with its values (issue 19), so each reader sees the
alert in their language; the English `message` stays, and is all an older alert has.

Revision ID: 0018
Revises: 0017
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("message_id", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("message_values", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.drop_column("message_values")
        batch_op.drop_column("message_id")
