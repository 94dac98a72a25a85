from __future__ import annotations

from datetime import date, datetime
from typing import Any

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
    expected_version: int | None = Field(default=None, ge=1, le=2**31 - 1)


class PartnerAgreementIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: str
    title: str = Field(min_length=1, max_length=200)
    start: date
    end: date | None = None
    reason: str = Field(default="", max_length=2000)


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
    reason: str = Field(default="", max_length=2000)


class RenewalIn(BaseModel):
    """The renewal of a measure (a UN measure's yearly renewal): the instrument that renewed it,
    the day it was adopted, the day it now runs until (None: no end date) and the URL of the
    official text."""

    model_config = ConfigDict(extra="forbid")

    instrument: str = Field(max_length=200)  # checked by partners.service.check_renewal
    adopted: date
    until: date | None = None
    source: str = Field(max_length=1000)
    reason: str = Field(default="", max_length=2000)


class MembershipsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    memberships: list[str] = Field(max_length=50)
    reason: str = Field(min_length=1, max_length=2000)


class ProposalDecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    note: str = Field(default="", max_length=2000)


class ProposalOut(BaseModel):
    id: int
    kind: str
    subject: str
    change: dict[str, Any]
    before: dict[str, Any] | None
    reason: str
    status: str
    proposed_by: str
    proposed_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    decision_note: str
