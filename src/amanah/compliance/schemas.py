"""The advisory (what-if) request: inline facts, nothing stored."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from amanah.cases.schemas import RiskAssessmentIn


class ItemIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    description: str = Field(min_length=1)
    control_entries: list[str] = []
    att_category: str | None = None
    un_register_category: str | None = None
    classification: str = "unclassified"
    quantity: int = Field(default=1, ge=1)
    kind: str = "sale"
    flags: list[str] = []


class PartyFactsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: str
    name: str = Field(min_length=1)
    country: str
    type: str = "organisation"
    screening: Literal["clear", "unresolved", "true_match"] = "clear"


class PartnerOverrideIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    security_agreement: bool | None = None
    releasable_level: str | None = None
    memberships: list[str] | None = None


class EvaluateRequest(BaseModel):
    """Inline facts for an advisory assessment. `partner` overrides what the registry knows."""

    model_config = ConfigDict(extra="forbid")

    recipient: str = Field(min_length=2, max_length=2, description="ISO 3166-1 alpha-2")
    date: date
    items: list[ItemIn] = Field(min_length=1)
    parties: list[PartyFactsIn] = []
    documents: list[str] = []
    risk_assessment: RiskAssessmentIn | None = None
    atrocity_knowledge: list[str] = []
    release_decision: Literal["none", "granted", "refused"] = "none"
    retransfer_clause: bool | None = None
    partner: PartnerOverrideIn | None = None


class FindingOut(BaseModel):
    rule_id: str
    rule_version: int
    outcome: str
    reason: str
    citation: str
    blocking: bool
    level: str = ""


class EvaluateResponse(BaseModel):
    outcome: str
    ruleset_version: str
    findings: list[FindingOut]
