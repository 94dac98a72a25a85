from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from amanah.db.base import Base, UTCDateTime, utcnow


class TechnologyRow(Base):
    __tablename__ = "technologies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(40))
    control_entries: Mapped[list[str]] = mapped_column(JSON, default=list)
    att_category: Mapped[str | None] = mapped_column(String(4))
    un_register_category: Mapped[str | None] = mapped_column(String(4))
    classification: Mapped[int] = mapped_column(Integer, default=0)
    sensitivity: Mapped[int] = mapped_column(Integer, default=1)
    owner: Mapped[str] = mapped_column(String(200), default="")
    assessed_by: Mapped[str | None] = mapped_column(String(80))
    assessed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
