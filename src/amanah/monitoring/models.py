from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from amanah.db.base import Base, UTCDateTime, utcnow


class MonitoringPlanRow(Base):
    """How a delivered case is watched: the level and how often a check is due."""

    __tablename__ = "monitoring_plans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), unique=True)
    level: Mapped[str] = mapped_column(String(20))  # routine | enhanced
    interval_months: Mapped[int] = mapped_column(Integer)
    next_due: Mapped[date] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(80))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    # the overdue checks in due order, counted from the index alone (migration 0019)
    __table_args__ = (Index("ix_monitoring_plans_next_due_case", "next_due", "case_id"),)


class EndUseCheckRow(Base):
    """One end-use check: where, when, by whom, which serial numbers were sighted, the finding."""

    __tablename__ = "end_use_checks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    partner_code: Mapped[str] = mapped_column(ForeignKey("partners.code"), index=True)
    checked_on: Mapped[date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(300))
    inspector: Mapped[str] = mapped_column(String(200))
    serials_sighted: Mapped[list[str]] = mapped_column(JSON, default=list)
    finding: Mapped[str] = mapped_column(String(20))  # compliant | discrepancy | violation
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(80))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
