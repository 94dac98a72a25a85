from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from amanah.db.base import Base, UTCDateTime, utcnow


class AssessmentRow(Base):
    """All findings of one rule-set version on one snapshot of a case's facts."""

    __tablename__ = "assessments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    ruleset_version: Mapped[str] = mapped_column(String(20))
    outcome: Mapped[str] = mapped_column(String(20))
    facts: Mapped[dict[str, Any]] = mapped_column(JSON)
    findings: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    # findings_digest(ruleset_version, findings); None on rows stored before migration 0008
    digest: Mapped[str | None] = mapped_column(String(64))
    current: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    assessed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    assessed_by: Mapped[str] = mapped_column(String(80))
