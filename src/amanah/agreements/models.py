from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Boolean, Date, Float, ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from amanah.db.base import Base, UTCDateTime, utcnow


class AgreementRow(Base):
    __tablename__ = "agreements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    value: Mapped[Decimal] = mapped_column(Numeric(18, 2))
    currency: Mapped[str] = mapped_column(String(3))
    signed_on: Mapped[date] = mapped_column(Date)
    retransfer_clause: Mapped[bool] = mapped_column(Boolean, default=True)
    end_use_undertakings: Mapped[str] = mapped_column(Text, default="")
    terms: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # the agreement as recorded in full (migration 0012)
    parties: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    payment_schedule: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    retransfer_undertakings: Mapped[str] = mapped_column(Text, default="")
    governing_law: Mapped[str] = mapped_column(String(200), default="")
    signatories: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    recorded_by: Mapped[str] = mapped_column(String(80), default="")


class DeliveryRow(Base):
    __tablename__ = "deliveries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    line_item_id: Mapped[int | None] = mapped_column(ForeignKey("line_items.id"), index=True)
    description: Mapped[str] = mapped_column(String(300))
    quantity: Mapped[int] = mapped_column(Integer)
    scheduled_on: Mapped[date] = mapped_column(Date)
    shipped_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="scheduled")
    # what left and how (migration 0012): value, carrier, transit, the recipient's receipt
    value: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    carrier: Mapped[str] = mapped_column(String(200), default="")
    serials: Mapped[list[str]] = mapped_column(JSON, default=list)
    transit_state: Mapped[str | None] = mapped_column(String(20))
    transit_log: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    received_on: Mapped[date | None] = mapped_column(Date)
    received_by: Mapped[str | None] = mapped_column(String(80))
    receipt_note: Mapped[str] = mapped_column(Text, default="")


class ItemAuthorisationRow(Base):
    """What was authorised for one approved line item: quantity, value and period."""

    __tablename__ = "item_authorisations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    line_item_id: Mapped[int] = mapped_column(ForeignKey("line_items.id"), unique=True)
    quantity: Mapped[int] = mapped_column(Integer)
    value: Mapped[Decimal] = mapped_column(Numeric(18, 2))
    currency: Mapped[str] = mapped_column(String(3))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date] = mapped_column(Date)
    recorded_by: Mapped[str] = mapped_column(String(80))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class AlertRow(Base):
    __tablename__ = "alerts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    message: Mapped[str] = mapped_column(Text)  # English (audited, searched; the fallback)
    #: the catalogue message and its values, shown in the reader's language
    #: (`amanah.monitoring.alerts`); none on alerts raised before 0018
    message_id: Mapped[str | None] = mapped_column(Text)
    message_values: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    read: Mapped[bool] = mapped_column(Boolean, default=False)


class OffsetObligationRow(Base):
    """An industrial-participation obligation the supplier's industry owes the partner."""

    __tablename__ = "offset_obligations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id"), index=True)
    description: Mapped[str] = mapped_column(Text)
    value: Mapped[Decimal] = mapped_column(Numeric(18, 2))
    currency: Mapped[str] = mapped_column(String(3))
    deadline: Mapped[date] = mapped_column(Date)
    penalty_rate: Mapped[Decimal] = mapped_column(Numeric(5, 4), default=Decimal("0.1"))
    jobs_declared: Mapped[int] = mapped_column(Integer, default=0)


class OffsetCreditRow(Base):
    __tablename__ = "offset_credits"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    obligation_id: Mapped[int] = mapped_column(ForeignKey("offset_obligations.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    claimed_value: Mapped[Decimal] = mapped_column(Numeric(18, 2))
    multiplier: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    description: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="claimed")  # claimed|approved|rejected
    decided_by: Mapped[str | None] = mapped_column(String(80))
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class EvaluationProgrammeRow(Base):
    """A test-and-evaluation programme for a loan or purchase made to evaluate a system."""

    __tablename__ = "evaluation_programmes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    acceptance: Mapped[str] = mapped_column(Text)  # the acceptance criteria, in words
    required_rate: Mapped[float] = mapped_column(Float, default=0.8)
    status: Mapped[str] = mapped_column(String(20), default="running")  # running|completed
    verdict: Mapped[str | None] = mapped_column(String(20))  # accepted|rejected|inconclusive
    verdict_note: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[str | None] = mapped_column(String(80))


class EvaluationEventRow(Base):
    __tablename__ = "evaluation_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("evaluation_programmes.id"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    held_on: Mapped[date] = mapped_column(Date)
    criterion: Mapped[str] = mapped_column(Text)
    passed: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(80))
