"""Imported lists, their entries, screening hits and remembered review decisions."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from amanah.db.base import Base, UTCDateTime, utcnow


class ListImportRow(Base):
    """One import of one list file: its checksum, publication date and what it changed."""

    __tablename__ = "list_imports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    list_name: Mapped[str] = mapped_column(String(40), index=True)
    format: Mapped[str] = mapped_column(String(20))
    filename: Mapped[str] = mapped_column(String(300))
    sha256: Mapped[str] = mapped_column(String(64))
    published: Mapped[date | None] = mapped_column(Date)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    imported_by: Mapped[str] = mapped_column(String(100))
    entities: Mapped[int] = mapped_column(Integer)
    names: Mapped[int] = mapped_column(Integer)
    added: Mapped[int] = mapped_column(Integer)
    changed: Mapped[int] = mapped_column(Integer)
    removed: Mapped[int] = mapped_column(Integer)


class ListedEntityRow(Base):
    """The current version of one list entry (removed entries are kept, inactive)."""

    __tablename__ = "listed_entities"
    __table_args__ = (UniqueConstraint("list_name", "entity_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    list_name: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(80))
    schema: Mapped[str] = mapped_column(String(20))
    caption: Mapped[str] = mapped_column(String(500))
    listed_on: Mapped[date | None] = mapped_column(Date)
    content_hash: Mapped[str] = mapped_column(String(32))
    record: Mapped[dict[str, Any]] = mapped_column(JSON)
    active: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("list_imports.id"))


class ScreeningHitRow(Base):
    """A party that resembles a listed entity, and what the review made of it."""

    __tablename__ = "screening_hits"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"), index=True)
    list_name: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(80))
    entity_name: Mapped[str] = mapped_column(String(300))
    entity_hash: Mapped[str] = mapped_column(String(32), default="")
    score: Mapped[float] = mapped_column(Float)
    explanation: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    list_import_id: Mapped[int | None] = mapped_column(ForeignKey("list_imports.id"))
    algorithm_version: Mapped[str] = mapped_column(String(60), default="")
    status: Mapped[str] = mapped_column(
        String(20), default="open"
    )  # open|true_match|false_positive
    reason: Mapped[str] = mapped_column(Text, default="")
    reviewed_by: Mapped[str | None] = mapped_column(String(80))
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class RememberedDecisionRow(Base):
    """A false positive remembered for one party (by its screening fingerprint) and one list
    entry in one version: the same pair is not raised again unless the entry changes."""

    __tablename__ = "screening_memory"
    __table_args__ = (UniqueConstraint("fingerprint", "list_name", "entity_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64), index=True)
    list_name: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(80))
    entity_hash: Mapped[str] = mapped_column(String(32))
    hit_id: Mapped[int] = mapped_column(ForeignKey("screening_hits.id"))
    decided_by: Mapped[str] = mapped_column(String(80))
    reason: Mapped[str] = mapped_column(Text)
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
