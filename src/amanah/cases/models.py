"""The tables of a case: the request (items, parties, documents), its timeline and decisions,
and the casework tools' records (requests for information, versions, notifications, how long a
release holds)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, Numeric, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from amanah.db.base import Base, UTCDateTime, utcnow


class CaseRow(Base):
    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(30), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    partner_code: Mapped[str] = mapped_column(ForeignKey("partners.code"), index=True)
    state: Mapped[str] = mapped_column(String(30))
    previous_state: Mapped[str | None] = mapped_column(String(30))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    submitted_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    value: Mapped[Decimal] = mapped_column(Numeric(18, 2), default=Decimal("0"))
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    transfer_date: Mapped[date | None] = mapped_column(Date)
    retransfer: Mapped[bool] = mapped_column(Boolean, default=False)
    risk_assessment: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    atrocity_knowledge: Mapped[list[str]] = mapped_column(JSON, default=list)
    outcome: Mapped[str | None] = mapped_column(String(20), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, index=True
    )  # the inbox order
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}
    # an inbox queue is a state, its oldest first: read in order, never sorted (migration 0017);
    # its counts are read from indexes alone: the cases of some states, of a partner (a join by
    # id too) and those in review without their Article 7 assessment (migration 0019)
    __table_args__ = (
        Index("ix_cases_state_updated_at", "state", "updated_at"),
        Index("ix_cases_state_partner_id", "state", "partner_code", "id"),
        Index("ix_cases_unassessed", "state", "updated_at", sqlite_where=text("risk_assessment IS NULL"),
              postgresql_where=text("risk_assessment IS NULL")),
    )  # fmt: skip

    items: Mapped[list[LineItemRow]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="LineItemRow.id"
    )
    parties: Mapped[list[PartyRow]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="PartyRow.id"
    )
    documents: Mapped[list[DocumentRow]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="DocumentRow.id"
    )
    events: Mapped[list[CaseEventRow]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseEventRow.id"
    )
    decisions: Mapped[list[DecisionRow]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="DecisionRow.id"
    )


class LineItemRow(Base):
    __tablename__ = "line_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    technology_id: Mapped[int] = mapped_column(ForeignKey("technologies.id"))
    quantity: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(30))
    unit_value: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    # What the requester declared about the item, kept apart from the directorate's assessment.
    declared_control_entries: Mapped[list[str]] = mapped_column(JSON, default=list)
    declared_classification: Mapped[int | None] = mapped_column(Integer)
    # The officer's assessment; when absent, the catalogue's classification of the technology holds.
    assessed_control_entries: Mapped[list[str] | None] = mapped_column(JSON)
    assessed_classification: Mapped[int | None] = mapped_column(Integer)
    assessed_by: Mapped[str | None] = mapped_column(String(100))
    assessed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    assessment_note: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[CaseRow] = relationship(back_populates="items")


class PartyRow(Base):
    __tablename__ = "parties"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    role: Mapped[str] = mapped_column(String(30))
    name: Mapped[str] = mapped_column(String(300))
    country: Mapped[str] = mapped_column(String(2))
    party_type: Mapped[str] = mapped_column(String(20))
    # see PartySector; "" when not recorded (migration 0016)
    sector: Mapped[str] = mapped_column(String(20), default="", server_default="")
    birth_date: Mapped[date | None] = mapped_column(Date)
    identifiers: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)

    case: Mapped[CaseRow] = relationship(back_populates="parties")


class DocumentRow(Base):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    classification: Mapped[int] = mapped_column(Integer, default=0)
    uploaded_by: Mapped[str] = mapped_column(String(80))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    case: Mapped[CaseRow] = relationship(back_populates="documents")


class CaseEventRow(Base):
    """The case's timeline as people read it (the audit chain is the tamper-evident record)."""

    __tablename__ = "case_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    actor: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(40))
    from_state: Mapped[str | None] = mapped_column(String(30))
    to_state: Mapped[str | None] = mapped_column(String(30))
    note: Mapped[str] = mapped_column(Text, default="")  # English (all an older entry has)
    #: the note as a catalogue message with its stored values (`amanah.compliance.rule.stored`),
    #: read in each reader's language (`amanah.present.timeline_note`)
    note_id: Mapped[str | None] = mapped_column(Text)
    note_values: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    case: Mapped[CaseRow] = relationship(back_populates="events")


class DecisionRow(Base):
    """A recorded decision: release board, export licence, approval or refusal."""

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    outcome: Mapped[str] = mapped_column(String(30))
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[str] = mapped_column(String(80))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    assessment_id: Mapped[int | None] = mapped_column(Integer)
    releasable_level: Mapped[int | None] = mapped_column(Integer)

    case: Mapped[CaseRow] = relationship(back_populates="decisions")


# --- the casework tools: requests for information, versions kept by amendments and
# modifications, notifications above value thresholds, how long a release holds -------------


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
