from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from amanah.db.base import Base, UTCDateTime, utcnow


class PartnerRow(Base):
    __tablename__ = "partners"

    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    region: Mapped[str] = mapped_column(String(60), default="")
    memberships: Mapped[list[str]] = mapped_column(JSON, default=list)
    releasable_level: Mapped[int] = mapped_column(Integer, default=0)
    tier: Mapped[str] = mapped_column(String(20), default="standard")
    risk_notes: Mapped[str] = mapped_column(Text, default="")
    since: Mapped[date | None] = mapped_column(Date)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    agreements: Mapped[list[PartnerAgreementRow]] = relationship(
        back_populates="partner", cascade="all, delete-orphan", order_by="PartnerAgreementRow.start"
    )


class PartnerAgreementRow(Base):
    __tablename__ = "partner_agreements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    partner_code: Mapped[str] = mapped_column(ForeignKey("partners.code"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date | None] = mapped_column(Date)

    partner: Mapped[PartnerRow] = relationship(back_populates="agreements")


class EmbargoRow(Base):
    __tablename__ = "embargoes"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    regime: Mapped[str] = mapped_column(String(20))
    target: Mapped[str | None] = mapped_column(String(2), index=True)
    target_name: Mapped[str] = mapped_column(String(200))
    scope: Mapped[str] = mapped_column(String(20))
    instrument: Mapped[str] = mapped_column(String(200))
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(20), default="reference")
    version: Mapped[int] = mapped_column(Integer, default=1)
    # the measure's structure (migration 0011): see amanah/data/embargoes.yaml
    binding: Mapped[str] = mapped_column(String(12), default="legal")
    periods: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    exemptions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    coverage: Mapped[list[str]] = mapped_column(JSON, default=list)
    renewal_date: Mapped[date | None] = mapped_column(Date)
    renewals: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # provenance: the official text it was checked against, when, and whether it was verified
    source_url: Mapped[str] = mapped_column(Text, default="")
    verified_on: Mapped[date | None] = mapped_column(Date)
    verification: Mapped[str] = mapped_column(String(12), default="unverified")
    note: Mapped[str] = mapped_column(Text, default="")

    __mapper_args__ = {"version_id_col": version}


class ReferenceProposalRow(Base):
    """A proposed change to a reference fact (an embargo, a partner's memberships, an agreement
    in force): it takes effect only when a second owner of the data confirms it."""

    __tablename__ = "reference_proposals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    subject: Mapped[str] = mapped_column(String(40), index=True)
    change: Mapped[dict[str, Any]] = mapped_column(JSON)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(12), default="pending", index=True)
    proposed_by: Mapped[str] = mapped_column(String(80))
    proposed_by_id: Mapped[int] = mapped_column(Integer)
    proposed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_by: Mapped[str | None] = mapped_column(String(80))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decision_note: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
