"""A party's sector (issue 16): government, armed forces, state-owned, UN mission, civil,
private or non-state armed group, so that an embargo on armed groups can tell the government's
forces (exempt) from a private or non-state end user. Empty means not recorded.

Revision ID: 0016
Revises: 0015
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("parties", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sector", sa.String(20), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("parties", schema=None) as batch_op:
        batch_op.drop_column("sector")
