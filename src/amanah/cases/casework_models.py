"""Tables of the casework tools: requests for information, the versions of a case kept by
amendments and modifications, notifications above value thresholds, and how long a
technology-release decision holds."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from amanah.db.base import Base, UTCDateTime, utcnow


class RfiRow(Base):
    """A request for information sent to the applicant or the partner; while it is open, the
    case's service-level clock is paused."""

    __tablename__ = "rfis"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    addressee: Mapped[str] = mapped_column(String(20))
    question: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date | None] = mapped_column(Date)
    asked_by: Mapped[str] = mapped_column(String(80))
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    status: Mapped[str] = mapped_column(String(12), default="open", index=True)
    answer: Mapped[str] = mapped_column(Text, default="")
    answered_by: Mapped[str | None] = mapped_column(String(80))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    document_ids: Mapped[list[int]] = mapped_column(JSON, default=list)


class CaseVersionRow(Base):
    """A case as it stood: the approved version before an amendment, and each amendment or
    modification after it, so that two versions can be read side by side."""

    __tablename__ = "case_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))  # approved, amendment, modification
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    changes: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    reason: Mapped[str] = mapped_column(Text, default="")
    made_by: Mapped[str] = mapped_column(String(80))
    made_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class NotificationRow(Base):
    """A transfer above a notification threshold of its partner's tier: notified on a day, it
    may not be signed before the waiting period has run."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    threshold: Mapped[str] = mapped_column(String(40))
    tier: Mapped[str] = mapped_column(String(20))
    value: Mapped[Decimal] = mapped_column(Numeric(18, 2))
    limit: Mapped[Decimal] = mapped_column(Numeric(18, 2))
    currency: Mapped[str] = mapped_column(String(3))
    waiting_days: Mapped[int] = mapped_column(Integer)
    notified_on: Mapped[date] = mapped_column(Date)
    waiting_until: Mapped[date] = mapped_column(Date)
    notified_by: Mapped[str] = mapped_column(String(80))
    note: Mapped[str] = mapped_column(Text, default="")


class ReleaseValidityRow(Base):
    """How long a granted technology-release decision holds, and for which recipient."""

    __tablename__ = "release_validities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id"), unique=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    recipient: Mapped[str] = mapped_column(String(2))
    months: Mapped[int] = mapped_column(Integer)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date] = mapped_column(Date)
