"""The advisory (what-if) request: inline facts, nothing stored."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


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
    value: float = Field(default=0.0, ge=0)
    authorised_quantity: int | None = Field(default=None, ge=0)
    authorised_value: float | None = Field(default=None, ge=0)
    authorisation_expiry: date | None = None
    authorisation_start: date | None = None
    shipped_quantity: int = Field(default=0, ge=0)
    shipped_value: float = Field(default=0.0, ge=0)


class PartyFactsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: str
    name: str = Field(min_length=1)
    country: str
    type: str = "organisation"
    screening: Literal["clear", "unresolved", "true_match"] = "clear"
    sector: Literal[
        "",
        "government",
        "armed_forces",
        "state_owned",
        "un_mission",
        "civil",
        "private",
        "non_state",
    ] = ""
    nationality: str = Field(
        default="", max_length=2, description="ISO 3166-1 alpha-2, for a person"
    )


Level = Literal["low", "substantial", "overriding"]


class RiskIn(BaseModel):
    """An Article 7 assessment for a what-if: a ground left out was not assessed (missing, not
    low); `residual` is the risk remaining after the mitigating measures; `eu_criteria` the EU
    Common Position criteria "1".."8" when that rule set is on."""

    model_config = ConfigDict(extra="forbid")

    peace_and_security: Level | None = None
    international_humanitarian_law: Level | None = None
    human_rights_law: Level | None = None
    terrorism: Level | None = None
    organised_crime: Level | None = None
    gender_based_violence: Level | None = None
    mitigation: str = ""
    residual: dict[str, Level] = {}
    eu_criteria: dict[str, Level] = {}


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
    risk_assessment: RiskIn | None = None
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
