"""Imported SIPRI data: one row per deal and delivery year."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from amanah.db.base import Base, UTCDateTime, utcnow


class SipriImportRow(Base):
    __tablename__ = "sipri_imports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    filename: Mapped[str] = mapped_column(String(300))
    sha256: Mapped[str] = mapped_column(String(64))
    rows: Mapped[int] = mapped_column(Integer)
    rejected: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class SipriTransferRow(Base):
    __tablename__ = "sipri_transfers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("sipri_imports.id"), index=True)
    deal_id: Mapped[str] = mapped_column(String(20))
    supplier: Mapped[str] = mapped_column(String(120), index=True)
    recipient: Mapped[str] = mapped_column(String(120), index=True)
    designation: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(60))
    year: Mapped[int] = mapped_column(Integer, index=True)
    number: Mapped[int | None] = mapped_column(Integer)
    tiv: Mapped[float] = mapped_column(Float)
