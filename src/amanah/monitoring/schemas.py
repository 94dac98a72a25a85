from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints


class PlanIn(BaseModel):
    """How a delivered case is monitored. Without an interval, the level's default applies."""

    model_config = ConfigDict(extra="forbid")

    level: Literal["routine", "enhanced"]
    interval_months: int | None = Field(default=None, ge=1, le=60)
    first_due: date
    notes: str = Field(default="", max_length=4000)


class CheckIn(BaseModel):
    """One end-use check as the inspector reports it."""

    model_config = ConfigDict(extra="forbid")

    checked_on: date
    place: str = Field(min_length=1, max_length=300)
    inspector: str = Field(min_length=1, max_length=200)
    serials_sighted: list[Annotated[str, StringConstraints(max_length=100)]] = Field(
        default_factory=list, max_length=10_000
    )
    finding: Literal["compliant", "discrepancy", "violation"]
    note: str = Field(default="", max_length=4000)
    suspend: bool = False  # a discrepancy may suspend the case; a violation always does
