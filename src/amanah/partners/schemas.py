from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field


class PartnerIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(min_length=2, max_length=2)
    name: str | None = None
    region: str = ""
    memberships: list[str] | None = None
    releasable_level: str = "unclassified"
    tier: str = "standard"
    risk_notes: str = ""
    since: date | None = None


class PartnerAgreementIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: str
    title: str = Field(min_length=1, max_length=200)
    start: date
    end: date | None = None


class EmbargoIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=40)
    regime: str
    target: str | None = None
    target_name: str
    scope: str = "all"
    instrument: str
    start: date
    end: date | None = None
