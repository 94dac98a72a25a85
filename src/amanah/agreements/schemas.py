from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class AgreementIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: str
    value: Decimal = Field(ge=0)
    currency: str = "USD"
    signed_on: date
    retransfer_clause: bool = True
    end_use_undertakings: str = ""
    terms: str = ""


class DeliveryIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    description: str = Field(min_length=1, max_length=300)
    quantity: int = Field(ge=1)
    scheduled_on: date
    line_item_id: int | None = None  # which line item it delivers; the first one when omitted


class OffsetObligationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    description: str = Field(min_length=1, max_length=2000)
    value: Decimal = Field(gt=0, max_digits=18, decimal_places=2)
    currency: str = Field(min_length=3, max_length=3)
    deadline: date
    penalty_rate: Decimal = Field(default=Decimal("0.1"), ge=0, le=1)
    jobs_declared: int = Field(default=0, ge=0)


class OffsetCreditIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: str
    claimed_value: Decimal = Field(gt=0, max_digits=18, decimal_places=2)
    description: str = Field(min_length=1, max_length=2000)


class ProgrammeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=300)
    acceptance: str = Field(min_length=1, max_length=4000)
    required_rate: float = Field(default=0.8, gt=0, le=1)


class EvaluationEventIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=300)
    held_on: date
    criterion: str = Field(min_length=1, max_length=2000)
    passed: bool
    note: str = Field(default="", max_length=4000)


class VerdictIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    verdict: Literal["accepted", "rejected", "inconclusive"]
    note: str = Field(min_length=1, max_length=4000)


class CreditDecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    approve: bool
