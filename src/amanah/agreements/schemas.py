from __future__ import annotations

from datetime import date
from decimal import Decimal

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
