from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from amanah.compliance.facts import NOT_ASSESSED


class LineItemIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    technology_id: int
    quantity: int = Field(ge=1, le=1_000_000)
    kind: str
    unit_value: Decimal | None = Field(default=None, ge=0)
    declared_control_entries: list[str] = Field(default_factory=list, max_length=20)
    declared_classification: str | None = None


class ItemClassificationIn(BaseModel):
    """An officer's assessment of a line item's control entries and classification."""

    model_config = ConfigDict(extra="forbid")

    control_entries: list[str] = Field(max_length=20)
    classification: str
    note: str = Field(min_length=1, max_length=2000)


class PartyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: str
    name: str = Field(min_length=1, max_length=300)
    country: str
    type: str = "organisation"
    sector: str = Field(
        default="",
        description="government, armed_forces, state_owned, "
        "un_mission, civil, private or non_state; empty when not known",
    )
    birth_date: date | None = None
    identifiers: dict[str, str] = {}


class CaseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    partner: str
    title: str = Field(min_length=1, max_length=300)
    value: Decimal = Field(default=Decimal("0"), ge=0)
    currency: str = "USD"
    transfer_date: date | None = None
    items: list[LineItemIn] = []
    parties: list[PartyIn] = []


class CaseEdit(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(default=None, min_length=1, max_length=300)
    value: Decimal | None = Field(default=None, ge=0)
    currency: str | None = None
    transfer_date: date | None = None


class RiskAssessmentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    """The Article 7 assessment: each ground is low, substantial or overriding once assessed; a
    ground left out is stored as not assessed, which the engine treats as missing (blocking),
    never as low (issue 16)."""

    peace_and_security: str = NOT_ASSESSED
    international_humanitarian_law: str = NOT_ASSESSED
    human_rights_law: str = NOT_ASSESSED
    terrorism: str = NOT_ASSESSED
    organised_crime: str = NOT_ASSESSED
    gender_based_violence: str = NOT_ASSESSED
    mitigation: str = ""


class TransitionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    action: str
    reason: str = ""
    expected_version: int | None = None


# --- the casework tools: RFIs, amendments and modifications, notifications, release validity


class RfiIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    addressee: str = "partner"
    question: str = Field(min_length=1, max_length=5000)
    due_on: date | None = None


class ItemChangeIn(BaseModel):
    """A new quantity for a line item of the case."""

    model_config = ConfigDict(extra="forbid")

    item_id: int
    quantity: int = Field(ge=1, le=1_000_000)


class EndUserIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=300)
    country: str
    type: str = "organisation"
    sector: str = ""  # amanah.cases.domain.PartySector; "" when not known


class ChangeIn(BaseModel):
    """A change to a case after approval. Scope changes (items, a higher quantity, a new end
    user) make it an amendment that re-enters review; the rest (dates, contacts, a price within
    tolerance) is an administrative modification."""

    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=1, max_length=2000)
    title: str | None = Field(default=None, min_length=1, max_length=300)
    transfer_date: date | None = None
    value: Decimal | None = Field(default=None, ge=0)
    contacts: dict[str, str] | None = None
    items: list[ItemChangeIn] = Field(default_factory=list, max_length=100)
    new_items: list[LineItemIn] = Field(default_factory=list, max_length=100)  # as a request's
    end_user: EndUserIn | None = None
    expected_version: int | None = None


class NotificationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    notified_on: date
    note: str = Field(default="", max_length=2000)


class ReleaseValidityIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    months: int = Field(ge=1, le=120)
    valid_from: date | None = None
