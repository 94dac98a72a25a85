"""The routing table's versions, and the flags and queues it gave each submitted case."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from amanah.db.base import Base, UTCDateTime, utcnow


class RuleSetRow(Base):
    """One version of the routing table. Proposed by an administrator, it takes effect when a
    second administrator confirms it (four eyes); the one it replaces is kept, superseded."""

    __tablename__ = "routing_rule_sets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    table: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(
        String(12), index=True
    )  # pending active superseded rejected
    reason: Mapped[str] = mapped_column(Text, default="")
    proposed_by: Mapped[str] = mapped_column(String(80))
    proposed_by_id: Mapped[int | None] = mapped_column(Integer)
    proposed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_by: Mapped[str | None] = mapped_column(String(80))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decision_note: Mapped[str] = mapped_column(Text, default="")


class CaseFlagRow(Base):
    """A flag a rule set on a case, one of its items or parties, or its partner."""

    __tablename__ = "case_flags"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    subject: Mapped[str] = mapped_column(String(10))  # case item party partner
    subject_id: Mapped[str] = mapped_column(String(40))
    flag: Mapped[str] = mapped_column(String(60), index=True)
    rule_set: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class CaseQueueRow(Base):
    """A team's queue a submitted case was routed to, and why."""

    __tablename__ = "case_queues"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    queue: Mapped[str] = mapped_column(String(40), index=True)
    because: Mapped[list[str]] = mapped_column(JSON, default=list)
    rule_set: Mapped[int] = mapped_column(Integer)
    routed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
