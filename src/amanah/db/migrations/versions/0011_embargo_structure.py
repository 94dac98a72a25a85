"""Embargoes carry their structure and provenance: scope periods, exemptions with their
procedure, coverage, renewal date and recorded renewals, whether the measure is legal or
political, and the official source, verification date and status of the fact.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels = None
depends_on = None


def _json(name: str) -> sa.Column[object]:
    return sa.Column(name, sa.JSON(), nullable=False, server_default=sa.text("'[]'"))


_COLUMNS = (
    (
        "binding",
        lambda: sa.Column("binding", sa.String(12), nullable=False, server_default="legal"),
    ),
    ("periods", lambda: _json("periods")),
    ("exemptions", lambda: _json("exemptions")),
    ("coverage", lambda: _json("coverage")),
    ("renewal_date", lambda: sa.Column("renewal_date", sa.Date(), nullable=True)),
    ("renewals", lambda: _json("renewals")),
    ("source_url", lambda: sa.Column("source_url", sa.Text(), nullable=False, server_default="")),
    ("verified_on", lambda: sa.Column("verified_on", sa.Date(), nullable=True)),
    (
        "verification",
        lambda: sa.Column(
            "verification", sa.String(12), nullable=False, server_default="unverified"
        ),
    ),
    ("note", lambda: sa.Column("note", sa.Text(), nullable=False, server_default="")),
)


def upgrade() -> None:
    with op.batch_alter_table("embargoes", schema=None) as batch_op:
        for _, column in _COLUMNS:
            batch_op.add_column(column())


def downgrade() -> None:
    with op.batch_alter_table("embargoes", schema=None) as batch_op:
        for name, _ in reversed(_COLUMNS):
            batch_op.drop_column(name)
