from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from amanah.db.base import Base, UTCDateTime, utcnow


class AssessmentRow(Base):
    """All findings of one rule-set version on one snapshot of a case's facts. Assessments are
    only ever added, and only when the findings change: a case's newest is its current one."""

    __tablename__ = "assessments"
    # a case's newest assessment, and a bulk re-run's every digest, read from this index alone
    __table_args__ = (
        Index("ix_assessments_case_latest", "case_id", "id", "digest", "facts_digest", "outcome"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    ruleset_version: Mapped[str] = mapped_column(String(20))
    outcome: Mapped[str] = mapped_column(String(20))
    facts: Mapped[dict[str, Any]] = mapped_column(JSON)
    findings: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    # findings_digest(ruleset_version, findings); None on rows stored before migration 0008
    digest: Mapped[str | None] = mapped_column(String(64))
    # engine.facts_digest of the facts it was made from; None on rows stored before migration 0021
    facts_digest: Mapped[str | None] = mapped_column(String(40))
    assessed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    assessed_by: Mapped[str] = mapped_column(String(80))
